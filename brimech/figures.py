"""The figure registry: every figure of the book declared once, and writing them all to files.

An entry names the figure (``name``: the notebook's ``glue_figure(name, ...)`` and
the CLI's file names), its cross-reference label in the book (the ``:name:`` of
its ``{glue:figure}`` directive, any label will do), the drawing function under
:mod:`brimech.draw`, the chapter that shows it, and alt text where the caption's
first sentence does not describe the picture. The notebooks, ``python -m brimech
figures``, the tests, the provenance appendix, the caption links and the alt text
all read this list; the book build fails, naming the figure, when a chapter shows
a figure that is not here or a figure here is shown nowhere.

This module imports no drawing code until a figure is drawn, so the Sphinx
extensions can read the registry cheaply.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("svg", "pdf", "png")
LABEL = re.compile(r"[a-z0-9][a-z0-9-]*")  # docutils keeps such a label as the figure's HTML id


@dataclass(frozen=True)
class RegisteredFigure:
    name: str  # stable id: glue_figure(name), file names of the CLI
    label: str  # the figure's label in the book ({numref} target, provenance entry, zoom link)
    draw: str  # "module.function" under brimech.draw; the function takes (tables, lang="zh")
    chapter: str  # the document showing it, as _toc.yml names it
    alt: str | None = None  # alt text, where the caption's first sentence will not do

    @property
    def function(self) -> Callable:
        """The drawing function, imported now (not when the registry is read)."""
        # Named here so that brimech.inputs counts the drawing modules among the notebooks' inputs.
        from brimech.draw import charts, diagrams, network  # noqa: F401

        module, function = self.draw.rsplit(".", 1)
        return getattr(importlib.import_module(f"brimech.draw.{module}"), function)

    @property
    def qualified_name(self) -> str:
        """``brimech.draw.module.function``: how the provenance appendix names the function."""
        return f"brimech.draw.{self.draw}"


FIGURES = (
    RegisteredFigure("necessity_drivers", "fig-necessity-drivers", "diagrams.necessity_drivers",
                     "notebooks/01_necessity"),
    RegisteredFigure("necessity_network", "fig-necessity-network", "network.necessity_network",
                     "notebooks/01_necessity"),
    RegisteredFigure("mechanism_network", "fig-mechanism-network", "network.progress_network",
                     "notebooks/02_progress"),
    RegisteredFigure("forum_milestones", "fig-forum-milestones", "charts.forum_milestones", "notebooks/02_progress"),
    RegisteredFigure("platform_timeline", "fig-platform-timeline", "charts.platform_timeline",
                     "notebooks/02_progress"),
    RegisteredFigure("priority_mechanisms", "fig-priority-mechanisms", "diagrams.priority_mechanisms",
                     "notebooks/03_priorities"),
    RegisteredFigure("priorities_network", "fig-priorities-network", "network.priorities_network",
                     "notebooks/03_priorities"),
    RegisteredFigure("actors", "fig-actors", "diagrams.actors", "notebooks/04_pathways",
                     alt="按主体层级列出第四部分提到的机制，下方为各层级之间关系数的矩阵"),  # the caption opens "上："
    RegisteredFigure("formality_breadth", "fig-formality-breadth", "diagrams.formality_breadth",
                     "notebooks/04_pathways"),
    RegisteredFigure("principles", "fig-principles", "diagrams.principles", "notebooks/04_pathways"),
    RegisteredFigure("stage_path", "fig-stage-path", "diagrams.stage_path", "notebooks/04_pathways"),
    RegisteredFigure("pillar_lanes", "fig-pillar-lanes", "diagrams.pillar_lanes", "notebooks/04_pathways"),
    RegisteredFigure("infrastructure_example", "fig-infrastructure-example", "diagrams.infrastructure_example",
                     "notebooks/04_pathways"),
    RegisteredFigure("whole_network", "fig-whole-network", "network.whole_network", "notebooks/05_network_analysis"),
    RegisteredFigure("pathways_network", "fig-pathways-network", "network.pathways_network",
                     "notebooks/05_network_analysis"),
    RegisteredFigure("centrality", "fig-centrality", "charts.centrality", "notebooks/05_network_analysis"),
    RegisteredFigure("hub_removal", "fig-hub-removal", "charts.hub_removal", "notebooks/05_network_analysis"),
    RegisteredFigure("field_kind", "fig-field-kind", "charts.field_kind", "notebooks/05_network_analysis"),
)


def registry() -> dict[str, RegisteredFigure]:
    """name -> entry, in book order; a name or label declared twice, or a label Sphinx would alter, is an error."""
    altered = [f.label for f in FIGURES if not LABEL.fullmatch(f.label)]
    if altered:
        raise ValueError(f"figure labels are lower-case letters, digits and hyphens (as HTML ids keep them): {altered}")
    for attribute in ("name", "label"):
        values = [getattr(figure, attribute) for figure in FIGURES]
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise ValueError(f"figure {attribute}s declared twice in brimech/figures.py: {twice}")
    return {figure.name: figure for figure in FIGURES}


def get(name: str) -> RegisteredFigure:
    """The entry called ``name``; an unknown name raises KeyError listing the registered ones."""
    figures = registry()
    if name not in figures:
        raise KeyError(f"no figure {name!r} in the registry (brimech/figures.py); registered: {sorted(figures)}")
    return figures[name]


def by_label() -> dict[str, RegisteredFigure]:
    """label -> entry."""
    return {figure.label: figure for figure in registry().values()}


def write_all(out: Path, lang: str = "zh", fmt: str = "svg", tables=None) -> list[Path]:
    """Draw every figure and save it as ``out/<name>_<lang>.<fmt>``; return the written paths."""
    from brimech.data import load

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    tables = tables if tables is not None else load()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for figure in sorted(registry().values(), key=lambda f: f.name):
        drawn = figure.function(tables, lang=lang)
        target = out / f"{figure.name}_{lang}.{fmt}"
        drawn.savefig(target, dpi=200 if fmt == "png" else None, metadata=_metadata(fmt))
        written.append(target)
    return written


def _metadata(fmt: str) -> dict | None:
    # Without a fixed date the PDF and SVG bytes change on every run (SOURCE_DATE_EPOCH also works).
    if fmt == "pdf":
        return {"CreationDate": None}
    if fmt == "svg":
        return {"Date": None}
    return None
