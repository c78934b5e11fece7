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
