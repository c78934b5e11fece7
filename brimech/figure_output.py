"""How a notebook hands its figures to the book: SVG for HTML and PDF for LaTeX, each rendered once.

IPython's own formatters save with ``bbox_inches="tight"``, which makes matplotlib lay
out every text of the figure with the target backend only to measure the figure's
extent, then lay it out again to draw it: each format costs two passes. Here one
formatter returns both formats: the extent is measured once, with the Agg renderer,
and given to ``savefig`` as a box, so SVG and PDF are laid out and drawn once each.

The SVG draws its text as glyph outlines (style.py), so that it looks the same without
the font; matplotlib writes those outlines in absolute coordinates at 1/6400 em, one
point per line. :func:`lean_svg` writes the same drawing in about half the bytes:
outlines in relative coordinates at 1/400 em (a fiftieth of a pixel at the book's
text sizes), short ids, no layout whitespace.
"""

from __future__ import annotations

import functools
import io
import re

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
    """The figure as lean SVG text or PDF bytes, cropped to ``box`` (default: :func:`tight_box`), undated."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, facecolor=figure.get_facecolor(), edgecolor=figure.get_edgecolor(),
                   bbox_inches=box or tight_box(figure), metadata=UNDATED[fmt])
    data = buffer.getvalue()
    return lean_svg(data.decode("utf-8")) if fmt == "svg" else data


UNDATED = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}  # the same bytes from the same figure
GLYPH_STEP = 16  # outline coordinates are rounded to this many of matplotlib's 1/6400 em units
_NUMBER = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"
_PATH_TOKEN = re.compile(rf"[A-Za-z]|{_NUMBER}")
_POINTS = {"M": 1, "L": 1, "Q": 2, "C": 3, "Z": 0}
_GLYPH = re.compile(rf'<path id="([^"]+)" d="([^"]*)" transform="scale\(({_NUMBER})\)"/>')


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _joined(numbers: list[str]) -> str:
    """Numbers separated as SVG allows: a minus sign separates by itself."""
    return "".join(n if i == 0 or n.startswith("-") else " " + n for i, n in enumerate(numbers))


def compact_path(d: str) -> str:
    """The same absolute path data without the spaces and newlines between commands."""
    out = []
    for token in _PATH_TOKEN.findall(d):
        if token.isalpha():
            out.append([token])
        else:
            out[-1].append(_number(float(token)))
    return "".join(part[0] + _joined(part[1:]) for part in out)


@functools.lru_cache(maxsize=4096)  # a character's outline recurs in every figure that writes it
def relative_glyph(d: str, step: int = GLYPH_STEP) -> str:
    """A glyph outline (absolute M/L/Q/C/Z) as relative commands on a grid of ``step`` units."""
    tokens = _PATH_TOKEN.findall(d)
    out, x, y, start, i = [], 0, 0, (0, 0), 0
    while i < len(tokens):
        command = tokens[i].upper()
        i += 1
        if command == "Z":
            out.append("z")
            x, y = start
            continue
        points = []
        for _ in range(_POINTS[command]):
            points.append((round(float(tokens[i]) / step), round(float(tokens[i + 1]) / step)))
            i += 2
        offsets = [value for px, py in points for value in (px - x, py - y)]
        if command == "L" and offsets[1] == 0:
            out.append(f"h{offsets[0]}")
        elif command == "L" and offsets[0] == 0:
            out.append(f"v{offsets[1]}")
        else:
            out.append(command.lower() + _joined([str(v) for v in offsets]))
        x, y = points[-1]
        if command == "M":
            start = (x, y)
    return "".join(out)


def lean_svg(svg: str, step: int = GLYPH_STEP) -> str:
    """matplotlib's SVG drawn the same in fewer bytes (see the module docstring)."""
    ids: dict[str, str] = {}

    def glyph(match: re.Match) -> str:
        short = ids.setdefault(match[1], f"g{len(ids):x}")
        scale = float(match[3]) * step
        return f'<path id="{short}" d="{relative_glyph(match[2], step)}" transform="scale({scale:g})"/>'

    svg = _GLYPH.sub(glyph, svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{ids.get(m[1], m[1])}"', svg)
    svg = re.sub(rf'(<use [^>]*?) transform="translate\(({_NUMBER}) 0\)"', r'\1 x="\2"', svg)
    svg = re.sub(r' d="([^"]*)"', lambda m: f' d="{m[1] if m[1][:1].islower() else compact_path(m[1])}"', svg)
    return re.sub(r">\s+<", "><", _styles_as_classes(svg))


def _styles_as_classes(svg: str) -> str:
    """Each distinct inline ``style`` written once, as a class in the SVG's own stylesheet: a network's
    edges repeat a handful of styles a thousand times. A class outranks the stylesheet's ``*`` rule
    as the inline style did."""
    if "</style>" not in svg:
        return svg
    classes: dict[str, str] = {}

    def as_class(match: re.Match) -> str:
        return f' class="{classes.setdefault(match[1], f"s{len(classes):x}")}"'

    svg = re.sub(r' style="([^"]*)"', as_class, svg)
    rules = "".join(f".{name}{{{style}}}" for style, name in classes.items())
    return svg.replace("</style>", rules + "</style>", 1)


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
