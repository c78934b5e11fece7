"""What every figure starts from: a new figure, text wrapped to a width, legend entries for the fields.

Figures are ``matplotlib.figure.Figure`` objects on an Agg canvas, never pyplot
state: a notebook shows a figure only where it glues it, and nothing stays open.
"""

from __future__ import annotations

import functools
import re

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
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
# The tallest figure that still leaves room for a caption of four lines on an A4 page (2 cm top and bottom
# margins: latex_elements.sphinxsetup in _config.yml). LaTeX would scale a taller figure down, text and all.
PRINT_HEIGHT = 9.2


def new_figure(width: float, height: float) -> Figure:
    """An empty figure of ``width`` x ``height`` inches in the book's style, with an Agg canvas to measure text on."""
    use_book_style()
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


# --- text -----------------------------------------------------------------------------------------


# Text is measured with the fonts it is drawn in (Agg at 72 dpi: one pixel is one point), so a
# wrapped line fits its box in Chinese and in English, bold or not.
_MEASURE = RendererAgg(1, 1, 72)


@functools.lru_cache(maxsize=8192)
def _char_width(ch: str, size: float, bold: bool) -> float:
    use_book_style()
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _MEASURE.get_text_width_height_descent(ch, prop, ismath=False)
    return width / 72


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in inches of one line of ``text`` at ``size`` points in the book's fonts.

    The sum of its characters' advances (measured once each): without kerning, so never narrower
    than the drawn text by more than a hair, and fast enough to wrap every label of a figure.
    """
    return sum(_char_width(ch, size, bold) for ch in text)


def _tokens(text: str) -> list[str]:
    """Breakable units: single CJK characters, or a Latin word (up to a hyphen) with its trailing spaces."""
    return re.findall(r"[A-Za-z0-9@#&'+./%]+[-;,:!?)]*\s*|-\s*|\s+|.", text)


def wrap(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` broken into lines no wider than ``width`` inches at ``size`` points (Chinese or English).

    Lines break between CJK characters or between words; a closing mark never
    starts a line and an opening mark never ends one. Only whitespace is
    added or removed, so removing all whitespace gives back the original's.
    """
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        if current and text_width((current + token).rstrip(), size, bold) > width:
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


def _luminance(colour) -> float:
    """WCAG 2's relative luminance of ``colour``."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_ink(background) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG's ratio: at least 4.58 either way)."""
    light = _luminance(background)
    return "black" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "white"


def field_handles(fields, lang: str, marker: str = "o") -> list[Line2D]:
    """Legend entries for field colours, in the order given."""
    return [
        Line2D([], [], marker=marker, linestyle="", markersize=6, color=field_colour(f), label=label("field", f, lang))
        for f in fields
    ]
