"""What every figure starts from: a new figure, text wrapped to a width, legend entries for the fields.

Figures are ``matplotlib.figure.Figure`` objects on an Agg canvas, never pyplot
state: a notebook shows a figure only where it glues it, and nothing stays open.
"""

from __future__ import annotations

import re
import unicodedata

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from brimech.encoding import field_colour
from brimech.style import use_book_style
from brimech.vocabulary import label

# Characters that may not start a line (Chinese line-breaking rules) and that may not end one.
NO_LINE_START = set("，。、；：！？）》」』”’·…,.;:!?)]%→")
NO_LINE_END = set("（《「『“‘([")

# The A4 text width of the PDF in inches (16 cm). LaTeX scales a wider figure down to it, and its text
# with it: figures are drawn this wide (a network: this wide and a page high) so that text set at
# 6.5 pt or more prints at 6 pt or more.
PRINT_WIDTH = 6.3


def new_figure(width: float, height: float) -> Figure:
    """An empty figure of ``width`` x ``height`` inches in the book's style, with an Agg canvas to measure text on."""
    use_book_style()
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


# --- text -----------------------------------------------------------------------------------------


def _char_em(ch: str) -> float:
    """Approximate advance of ``ch`` in em: full width for CJK, about half for Latin."""
    if ch == " ":
        return 0.28
    if unicodedata.east_asian_width(ch) in "WFA":  # "A": quotes and marks the CJK font draws full width
        return 1.0
    return 0.62 if ch.isupper() or ch.isdigit() else 0.52


def text_width(text: str, size: float) -> float:
    """Approximate width in inches of one line of ``text`` at ``size`` points."""
    return sum(_char_em(ch) for ch in text) * size / 72


def _tokens(text: str) -> list[str]:
    """Breakable units: single CJK characters, or a Latin word (up to a hyphen) with its trailing spaces."""
    return re.findall(r"[A-Za-z0-9@#&'+./%]+[-;,:!?)]*\s*|-\s*|\s+|.", text)


def wrap(text: str, width: float, size: float) -> str:
    """``text`` broken into lines no wider than ``width`` inches at ``size`` points (Chinese or English).

    Lines break between CJK characters or between words; a closing mark never
    starts a line and an opening mark never ends one. Only whitespace is
    added or removed, so removing all whitespace gives back the original's.
    """
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        if current and text_width((current + token).rstrip(), size) > width:
            if token[0] in NO_LINE_START:
                # Move the last character (and any space after it) down with the mark rather than
                # start a line with the mark.
                head = current.rstrip()
                token, current = head[-1] + current[len(head):] + token, head[:-1]
            elif current[-1] in NO_LINE_END:
                token, current = current[-1] + token, current[:-1]
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return "\n".join(lines)


def n_lines(text: str) -> int:
    return text.count("\n") + 1


def compact(text: str) -> str:
    """Text with all whitespace removed: how tests compare wrapped and original text."""
    return re.sub(r"\s+", "", text)


# --- colour and legends ---------------------------------------------------------------------------


def tint(colour: str, amount: float = 0.82) -> tuple[float, float, float]:
    """``colour`` mixed with white; amount 1 is white."""
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def field_handles(fields, lang: str, marker: str = "o") -> list[Line2D]:
    """Legend entries for field colours, in the order given."""
    return [
        Line2D([], [], marker=marker, linestyle="", markersize=6, color=field_colour(f), label=label("field", f, lang))
        for f in fields
    ]
