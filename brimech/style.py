"""The one matplotlib style of the book: an explicit CJK font, fixed sizes, deterministic output.

The font is looked up by name and never left to matplotlib's fallback: a
missing CJK font would otherwise draw empty boxes in every Chinese label.
"""

from __future__ import annotations

import matplotlib as mpl
from matplotlib import font_manager

# Noto CJK ships as .ttc collections; matplotlib 3.11 finds the SC face by name.
CJK_FONT_CANDIDATES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC")
FONT_INSTALL_HINT = (
    "No CJK font found for matplotlib. Install one, e.g. on Debian/Ubuntu: "
    "`apt-get install fonts-noto-cjk` (then delete ~/.cache/matplotlib)."
)


class FontMissingError(RuntimeError):
    """Raised when no CJK font is installed, instead of drawing tofu boxes."""


def cjk_font() -> str:
    """The family name of the first installed CJK font, or FontMissingError."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONT_CANDIDATES:
        if name in installed:
            return name
    raise FontMissingError(FONT_INSTALL_HINT)


def use_book_style() -> str:
    """Apply the book's rcParams and return the CJK font family in use."""
    family = cjk_font()
    mpl.rcParams.update(
        {
            # Listed as families, not as a generic "sans-serif", so that matplotlib takes a glyph the CJK
            # font lacks (Hebrew, combining accents, some emoji in a name) from DejaVu Sans.
            "font.family": [family, "DejaVu Sans"],
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,  # the CJK font lacks U+2212
            # Labels are data: "$x$" or a backslash in a name is drawn as typed, never as mathtext
            # (brimech.escape: this is the figures' one escaping step).
            "text.parse_math": False,
            "font.size": 9,
            "legend.frameon": False,  # legends of every figure sit on the page without a box
            "figure.dpi": 100,
            "savefig.bbox": "tight",
            "svg.hashsalt": "brimech",  # stable clip-path ids in SVG
            "svg.fonttype": "path",  # glyphs as paths: the SVG looks the same without the font
            # Type 3 glyph procedures: searchable text with a ToUnicode map, and five times faster to
            # write than Type 42, which subsets the large Noto CJK collection with fontTools per figure.
            "pdf.fonttype": 3,
        }
    )
    return family
