"""Every figure of the book in one registry, and writing them all to files.

``python -m brimech figures --lang en --format pdf --out DIR`` uses this so that
the figures can be taken without the book. Each drawing module exposes
``FIGURES = {figure_id: function(tables, lang) -> Figure}``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display is needed or wanted
import matplotlib.pyplot as plt  # noqa: E402

from brimech import draw_network, draw_stages  # noqa: E402
from brimech.data import Tables, load  # noqa: E402

FORMATS = ("svg", "pdf", "png")


def registry() -> dict[str, Callable]:
    """figure id -> drawing function, over all drawing modules; a duplicate id is an error."""
    figures: dict[str, Callable] = {}
    for module in (draw_network, draw_stages):
        clash = figures.keys() & module.FIGURES.keys()
        if clash:
            raise ValueError(f"figure ids defined twice: {sorted(clash)}")
        figures.update(module.FIGURES)
    return figures


def write_all(out: Path, lang: str = "zh", fmt: str = "svg", tables: Tables | None = None) -> list[Path]:
    """Draw every figure and save it as ``out/<id>_<lang>.<fmt>``; return the written paths."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    tables = tables if tables is not None else load()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for figure_id, draw in sorted(registry().items()):
        figure = draw(tables, lang=lang)
        target = out / f"{figure_id}_{lang}.{fmt}"
        figure.savefig(target, dpi=200 if fmt == "png" else None, metadata=_metadata(fmt))
        plt.close(figure)
        written.append(target)
    return written


def _metadata(fmt: str) -> dict | None:
    # Without a fixed date the PDF and SVG bytes change on every run (SOURCE_DATE_EPOCH also works).
    if fmt == "pdf":
        return {"CreationDate": None}
    if fmt == "svg":
        return {"Date": None}
    return None
