"""How the figures encode things visually: colours, marker shapes, line styles, and the shared palette.

One place, so a colour means the same in every figure. Colours follow the field
(the 五通 pillars first, then named domains); marker shapes follow the kind of
mechanism (or of dated event); line styles follow the relation type. Everything
else a figure paints (text, outlines, leader lines, fills) takes a named colour
of the palette below, never a literal. Words live in :mod:`brimech.vocabulary`.
"""

from __future__ import annotations

import functools

from matplotlib.font_manager import FontProperties
from matplotlib.path import Path
from matplotlib.textpath import TextPath

# --- palette: the greys and neutral fills of every figure -----------------------------------------
INK = "#222222"  # text
MUTED = "#666666"  # secondary text: notes, relation lines under a name, axis words
OUTLINE = "#111111"  # the thick outline marking a priority mechanism or the secretariat's Forum
EDGE = "#555555"  # network edges and relation-line samples
SAMPLE = "#444444"  # legend samples that stand for a shape or status, not a colour
LEADER = "#888888"  # leader lines, heading-box outlines, "nothing here" notes
RULE = "#BBBBBB"  # cell borders and the broad direction arrows
GRID = "#DDDDDD"  # grid lines
PANEL = "#F2F2F2"  # heading boxes
NEUTRAL_FILL = "#E8E8E8"  # header boxes of a scale
HIGHLIGHT_FILL = "#F6DDA8"  # the one header a figure singles out
QUANTITY = "#0072B2"  # tints and bars that stand for a count
HEAT_MAP = "Blues"  # colour map of count tables

# Colour-blind-aware qualitative colours (Okabe-Ito first, then Tableau), fixed per field.
FIELD_COLOURS = {
    "policy": "#0072B2",
    "infrastructure": "#E69F00",
    "trade": "#009E73",
    "finance": "#CC79A7",
    "people": "#D55E00",
    "science_tech": "#56B4E9",
    "digital": "#7F3C8D",
    "green": "#4E9A06",
    "energy": "#B8860B",
    "tax": "#8C564B",
    "ip": "#17BECF",
    "ai": "#1F3A93",
    "disaster": "#9E2A2B",
    "supply_chain": "#2F8F83",
    "investment": "#C44E52",
    "security": "#555555",
    "cross_field": "#999999",
}

KIND_MARKERS = {
    "forum": "*",
    "secretariat": "P",
    "coordination": "H",
    "dialogue": "h",
    "agreement_form": "s",
    "plan": "D",
    "initiative": "^",
    "platform": "p",
    "network": "8",
    "centre": "d",
    "park": "v",
    "rule": "X",
    "financing": "¥",  # a character: drawn as its glyph's outline (see kind_marker)
    "mechanism": "o",
    "framework": "<",
    "policy": ">",
    "institution": (7, 0, 0),  # a heptagon: every named filled shape is taken, and it must fill (hollow = proposed)
}

RELATION_STYLES = {
    "leads": "solid",
    "coordinates": (0, (6, 2)),
    "covers": (0, (3, 1, 3, 3)),
    "supports": (0, (1, 2.5)),  # sparse dots
    "part_of": (0, (4, 1.5)),  # short dashes: the commonest relation, kept distinct from "supports"
    "upgrades_to": (0, (4, 1, 1, 1)),
    "integrates_into": (0, (8, 2, 1, 2)),
    "complements": (0, (2, 3)),
    "implements": (0, (5, 5)),
    "guides": (0, (3, 1, 1, 1, 1, 1)),
    "finances": (0, (1, 2, 4, 2)),
    "builds_on": (0, (6, 1)),
    "aligns_with": (0, (1, 4)),
    "regulates": (0, (4, 2, 2, 2)),
    "instance_of": (0, (2, 1)),
    "competes_with": (0, (1, 1, 3, 1)),
}

# Kinds of dated events on the timeline.
MILESTONE_MARKERS = {"platform_founded": "p", "plan": "D", "initiative": "^", "secretariat": "P"}

# Stage header boxes, lighter to darker along the path.
STAGE_COLOURS = {"single_field": "#DDE6F0", "pillar": "#C5D5E6", "comprehensive": "#A9C0DA"}
# Okabe-Ito: consultation, contribution, shared benefits.
PRINCIPLE_COLOURS = ("#0072B2", "#009E73", "#D55E00")


def field_colour(field: str) -> str:
    """The colour of ``field``; a value without its own colour takes the cross-field grey."""
    return FIELD_COLOURS.get(field, FIELD_COLOURS["cross_field"])


def kind_marker(kind: str):
    """The marker of a mechanism kind; a kind without its own shape is drawn as a circle."""
    marker = KIND_MARKERS.get(kind, "o")
    return _glyph_marker(marker) if marker in GLYPH_MARKERS else marker


GLYPH_MARKERS = {"¥"}  # markers that are a character, not one of matplotlib's marker codes


@functools.cache
def _glyph_marker(char: str) -> Path:
    """``char`` as a marker, centred. Plain text, not mathtext: the book's style turns mathtext off (data
    strings are drawn as typed), and a "$¥$" marker was drawn with its dollar signs."""
    path = TextPath((0, 0), char, size=10, prop=FontProperties(family="DejaVu Sans"))
    (x0, y0), (x1, y1) = path.get_extents().get_points()
    return Path(path.vertices - [(x0 + x1) / 2, (y0 + y1) / 2], path.codes)


def relation_style(relation: str):
    """The line style of a relation type; a type without its own style is drawn solid."""
    return RELATION_STYLES.get(relation, "solid")


def milestone_marker(kind: str):
    """The marker of a kind of dated event; a kind without its own shape is drawn as a circle."""
    return MILESTONE_MARKERS.get(kind, "o")
