"""How a notebook hands its figures to the book: SVG for HTML and PDF for LaTeX, each rendered once.

IPython's own formatters save with ``bbox_inches="tight"``, which makes matplotlib lay
out every text of the figure with the target backend only to measure the figure's
extent, then lay it out again to draw it: each format costs two passes. Here one
formatter returns both formats: the extent is measured once, with the Agg renderer,
and given to ``savefig`` as a box, so SVG and PDF are laid out and drawn once each.
"""

from __future__ import annotations

import io

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.transforms import Bbox

FORMATS = {"image/svg+xml": "svg", "application/pdf": "pdf"}  # what myst-nb picks for HTML and for LaTeX


def tight_box(figure: Figure) -> Bbox:
    """The figure's drawn extent in inches, padded like ``bbox_inches="tight"``, measured with Agg."""
    figure.draw_without_rendering()  # places what is placed at draw time (legends), on the canvas's renderer
    box = figure.get_tightbbox(figure.canvas.get_renderer())
    return box.padded(mpl.rcParams["savefig.pad_inches"])


def render(figure: Figure, fmt: str, box: Bbox | None = None) -> bytes | str:
    """The figure as SVG text or PDF bytes, cropped to ``box`` (default: :func:`tight_box`)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, facecolor=figure.get_facecolor(), edgecolor=figure.get_edgecolor(),
                   bbox_inches=box or tight_box(figure))
    data = buffer.getvalue()
    return data.decode("utf-8") if fmt == "svg" else data


def bundle(figure: Figure) -> dict[str, bytes | str] | None:
    """Both formats of the figure, measured once; None for an empty figure (nothing to show)."""
    if not figure.axes and not figure.lines:
        return None
    box = tight_box(figure)
    # After fig.tight_layout() a placeholder engine stays behind; savefig then lays the figure out
    # once more before drawing, although the placeholder does nothing. Without it for the two saves.
    engine = figure.get_layout_engine()
    if isinstance(engine, PlaceHolderLayoutEngine):
        figure.set_layout_engine(None)
    try:
        return {mime: render(figure, fmt, box) for mime, fmt in FORMATS.items()}
    finally:
        if isinstance(engine, PlaceHolderLayoutEngine):
            figure.set_layout_engine(engine)


def use_book_formats(shell=None) -> None:
    """Show figures in ``shell`` (default: the running IPython) as SVG and PDF only, measured once for both."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return  # plain Python: nothing displays figures
    display = shell.display_formatter
    for formatter in display.formatters.values():
        formatter.pop(Figure, None)  # e.g. the PNG that the inline backend registers
    display.mimebundle_formatter.for_type(Figure, bundle)
