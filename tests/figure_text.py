"""What a drawn figure says: its text as written to SVG, drawn with every warning raised."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET

import matplotlib as mpl

CJK = re.compile(r"[\u4e00-\u9fff]")


def svg_text(fig) -> str:
    """All text of the figure as written to SVG with real <text> elements (not glyph paths)."""
    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    root = ET.fromstring(buffer.getvalue())
    return "\n".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def draw_strictly(function, tables, lang) -> str:
    """Draw and render with every warning (e.g. matplotlib's 'Glyph ... missing') raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return svg_text(function(tables, lang=lang))


def drawn_texts(fig) -> list:
    """Every text the figure draws, with its box in pixels: tick labels outside the axes' limits are left out,
    as matplotlib does not draw them."""
    from matplotlib.text import Text

    drawn = []
    original = Text.draw

    def recording(text, renderer):
        original(text, renderer)
        if text.get_visible() and text.get_text().strip():
            drawn.append(text)

    Text.draw = recording
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    renderer = fig.canvas.get_renderer()
    return [(text, text.get_window_extent(renderer)) for text in drawn]


def overlapping_texts(fig, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap by more than ``tolerance`` pixels each way.

    Two texts turned by the same slanted angle (tick labels at 45°) are not compared: their
    upright boxes overlap where their glyphs do not.
    """
    texts = drawn_texts(fig)
    pairs = []
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1:]:
            slanted = a.get_rotation() % 90 != 0
            if slanted and a.get_rotation() == b.get_rotation():
                continue
            if (box_a.x0 < box_b.x1 - tolerance and box_b.x0 < box_a.x1 - tolerance
                    and box_a.y0 < box_b.y1 - tolerance and box_b.y0 < box_a.y1 - tolerance):
                pairs.append((a.get_text(), b.get_text()))
    return pairs
