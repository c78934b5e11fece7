"""A canvas measured in inches for the diagrams: rounded text boxes, arrows and legend rows.

The one axes spans the whole figure with data units in inches and y growing
downwards, so a box's height follows from its number of text lines and boxes
are stacked without overlap: layouts are computed, never placed by hand.
Draw from the top, then call :func:`finish` with the bottom reached.
"""

from __future__ import annotations

from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from brimech.draw.base import PRINT_WIDTH, n_lines, new_figure, text_width
from brimech.encoding import INK, MUTED, RULE, relation_style
from brimech.vocabulary import CATEGORIES

WIDTH = PRINT_WIDTH  # drawn at the printed width, so the PDF prints the text at its own 6.8-9 pt
MARGIN = 0.1
LINE_SPACING = 1.3
TEXT_SIZE = 7.5
SMALL_SIZE = 6.8
HEADER_SIZE = 9.0
DASHED = (0, (3, 1.5))  # the outline of a proposed mechanism or a measure outside the example


def line_height(size: float) -> float:
    return LINE_SPACING * size / 72


def new_canvas(width: float = WIDTH, height: float = 6.0):
    """(figure, axes) whose axes uses inches, origin top left, y downwards; call :func:`finish` at the end."""
    fig = new_figure(width, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    return fig, ax


def finish(fig, ax, height: float):
    """Size the figure to the content drawn down to ``height`` inches."""
    width = fig.get_figwidth()
    fig.set_size_inches(width, height + MARGIN)
    ax.set_xlim(0, width)
    ax.set_ylim(height + MARGIN, 0)
    return fig


def box_height(text: str, size: float = TEXT_SIZE, pad: float = 0.05) -> float:
    return n_lines(text) * line_height(size) + 2 * pad


def draw_box(
    ax,
    x: float,
    y: float,
    w: float,
    text: str,
    *,
    size: float = TEXT_SIZE,
    face="white",
    edge: str = INK,
    dashed: bool = False,
    bold: bool = False,
    pad: float = 0.05,
    gid: str | None = None,
    align: str = "left",
    height: float | None = None,
    valign: str = "center",
) -> float:
    """A rounded box at top-left (x, y), ``w`` wide, holding already wrapped ``text``; returns its height."""
    h = height if height is not None else box_height(text, size, pad)
    # add_artist, not add_patch: the canvas's limits are fixed, so data-limit updates would be wasted.
    patch = ax.add_artist(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.04",
            facecolor=face,
            edgecolor=edge,
            linewidth=0.8,
            linestyle=DASHED if dashed else "solid",
        )
    )
    tx = x + w / 2 if align == "center" else x + pad + 0.02
    slack = h - box_height(text, size, pad)
    artist = ax.text(
        tx,
        y + pad + (slack / 2 if valign == "center" else 0),
        text,
        ha=align,
        va="top",
        fontsize=size,
        color=INK,
        fontweight="bold" if bold else "normal",
        linespacing=LINE_SPACING,
    )
    if gid:
        artist.set_gid(gid)
        patch.set_gid("box:" + gid)
    return h


def arrow(ax, start, end, *, colour: str = MUTED, width: float = 0.9, style="solid", scale: float = 9, rad=0.0):
    ax.add_artist(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=scale,
            color=colour,
            linewidth=width,
            linestyle=style,
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=1,
            shrinkB=1,
        )
    )


MARKER = 0.075  # side of a list marker, inches


def list_marker(ax, x: float, mid: float, colour: str, *, filled: bool) -> None:
    """A small square at x, centred on ``mid``: filled in ``colour`` (existing) or hollow (proposed)."""
    ax.add_patch(Rectangle((x, mid - MARKER / 2), MARKER, MARKER, facecolor=colour if filled else "white",
                           edgecolor=colour, linewidth=0.9))


def legend_line(ax, x: float, y: float, items: list[tuple[str, str]], size: float = SMALL_SIZE) -> float:
    """A row of legend entries starting at (x, y); returns the row height.

    Each entry is (sample, text). The sample is drawn before the text:
    ``solid`` / ``dashed`` a small box, ``filled`` / ``hollow`` a list marker (:func:`list_marker`),
    ``grey`` the grey direction arrow,
    a relation type (``upgrades_to`` ...) a line in that relation's style, any other string as text.
    """
    mid = y + line_height(size) / 2
    for sample, text in items:
        if sample in ("solid", "dashed"):
            ax.add_patch(Rectangle((x, mid - 0.05), 0.22, 0.1, facecolor="white", edgecolor=INK, linewidth=0.8,
                                   linestyle=DASHED if sample == "dashed" else "solid"))
            x += 0.28
        elif sample in ("filled", "hollow"):
            list_marker(ax, x, mid, MUTED, filled=sample == "filled")
            x += MARKER + 0.06
        elif sample == "grey" or sample in CATEGORIES["relation"]:
            grey = sample == "grey"
            arrow(ax, (x, mid), (x + 0.4, mid), colour=RULE if grey else INK, width=2.2 if grey else 0.8,
                  style="solid" if grey else relation_style(sample))
            x += 0.46
        elif sample:
            ax.text(x, y, sample, fontsize=size, va="top", color=INK)
            x += text_width(sample, size) + 0.06
        ax.text(x, y, text, fontsize=size, va="top", color=MUTED)
        x += text_width(text, size) + 0.3
    return line_height(size)
