"""The mechanism network as one JSON document for the HTML explorer, identical on every build.

The document carries every row of ``mechanisms`` (nodes) and ``relations``
(edges) with the fields a reader's panel shows, fixed positions from the same
layered layout as the whole-network figure, and the visual encoding of the
static figures (colours, marker shapes, line styles from :mod:`brimech.encoding`),
so the browser draws nothing the package did not decide. Keys are sorted and
rows ordered by their primary keys: two exports of the same data are the same bytes.

Data strings stay text: :func:`script_json` escapes what could end or confuse a
``<script>`` element, and the browser inserts every string with ``textContent``.
"""

from __future__ import annotations

import json

import pandas as pd
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path

from brimech import escape, network
from brimech.data import parse_locator
from brimech.encoding import EDGE, OUTLINE, field_colour, kind_marker, relation_style
from brimech.vocabulary import CATEGORIES, order

# The whole-network figure's layout (draw.network.whole_network), spread over explorer units (CSS pixels at zoom 1).
LAYOUT = {"max_per_row": 14, "row_gap": 0.5}
WIDTH = 1500.0
LAYER_HEIGHT = 120.0
NODE_SIZE = 22.0
HUB_SCALE = 1.48  # the figure draws the hub with 2.2 times the marker area
# Columns a reader's panel shows; ``locator`` (the article passage) is taken when the data has it.
NODE_FIELDS = (
    "name_zh", "name_en", "kind", "actor_level", "field", "status",
    "formality", "breadth", "priority", "section", "note", "locator",
)  # fmt: skip
EDGE_FIELDS = ("source", "target", "type", "evidence", "section", "note", "locator")


def _text(value) -> str:
    """A cell as text: missing values (NaN, None) become the empty string."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _labels(group: str) -> dict[str, dict[str, str]]:
    """A category group of the vocabulary as {value: {"zh": ..., "en": ...}}."""
    return {key: {"zh": zh, "en": en} for key, (zh, en) in CATEGORIES[group].items()}


def marker_shape(marker) -> dict:
    """A matplotlib marker as a cytoscape shape: ``ellipse`` for curved outlines, else its polygon.

    Polygon points are scaled into [-1, 1] (y pointing down, as on screen); ``scale``
    is the marker's extent relative to a unit marker, so a diamond stays larger than
    a square as in the static figures.
    """
    style = MarkerStyle(marker)
    path = style.get_path().transformed(style.get_transform())
    if path.codes is not None and any(code in (Path.CURVE3, Path.CURVE4) for code in path.codes):
        return {"shape": "ellipse", "scale": 1.0}
    outline = max(path.to_polygons(closed_only=False), key=len)
    if len(outline) > 1 and tuple(outline[0]) == tuple(outline[-1]):
        outline = outline[:-1]
    extent = float(abs(outline).max())
    points = [round(float(v), 4) for x, y in outline for v in (x / extent, -y / extent)]
    return {"shape": "polygon", "points": points, "scale": round(extent / 0.5, 4)}


def dash_pattern(style) -> list[float]:
    """A matplotlib line style as an on/off dash list in line widths; [] for a solid line."""
    if style == "solid":
        return []
    _, dashes = style
    return [float(d) for d in dashes]


def _positions(tables) -> dict[str, tuple[float, float]]:
    graph = network.build_graph(tables)
    layout = network.layered_layout(graph, **LAYOUT)
    return {node: (round(x * WIDTH, 2), round(-y * LAYER_HEIGHT, 2)) for node, (x, y) in layout.items()}


def _sections(sections: pd.DataFrame) -> list[dict]:
    short_zh = network.section_labels(sections, "zh")
    short_en = network.section_labels(sections, "en")
    rows = []
    for row in sections.sort_values("order").to_dict("records"):
        rows.append(
            {
                "id": row["id"],
                "parent": _text(row["parent"]),
                "label": {"zh": short_zh[row["id"]], "en": short_en[row["id"]]},
                "title": {"zh": _text(row["title_zh"]), "en": _text(row["title_en"])},
                "source": _text(row["notebook"]),
            }
        )
    return rows


def _with_locator(row: dict, section_labels: dict[str, dict[str, str]]) -> dict:
    """``row`` plus, when it has a locator, the passage as a reader looks it up and the section it lies in."""
    locator = row.get("locator", "")
    parsed = parse_locator(locator) if locator else None
    if parsed is None:
        return row
    labels = {lang: network.locator_label(locator, section_labels[lang], lang) for lang in ("zh", "en")}
    return {**row, "locator_label": labels, "locator_section": parsed[0]}


def graph_document(tables) -> dict:
    """Nodes, edges, sections and the visual encoding, as plain JSON-ready values."""
    mechanisms, relations = tables.mechanisms, tables.relations
    pos = _positions(tables)
    degree = {node: 0 for node in mechanisms["id"]}
    for source, target in zip(relations["source"], relations["target"], strict=True):
        degree[source] += 1
        degree[target] += source != target
    section_labels = {lang: network.section_labels(tables.sections, lang) for lang in ("zh", "en")}
    nodes = []
    for row in mechanisms.sort_values("id").to_dict("records"):
        node = {"id": row["id"], **{f: _text(row.get(f)) for f in NODE_FIELDS if f in row}}
        node["is_priority"] = bool(row["is_priority"])
        node["hub"] = row["id"] == network.HUB
        node["degree"] = degree[row["id"]]
        node["x"], node["y"] = pos[row["id"]]
        nodes.append(_with_locator(node, section_labels))
    edges = [
        _with_locator({f: _text(row.get(f)) for f in EDGE_FIELDS if f in row}, section_labels)
        for row in relations.sort_values(["source", "target", "type"]).to_dict("records")
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "sections": _sections(tables.sections),
        "labels": {
            "field": _labels("field"),
            "kind": _labels("kind"),
            "relation": _labels("relation"),
            "status": _labels("status"),
            "formality": _labels("formality"),
            "breadth": _labels("breadth"),
            "actor_level": _labels("actor"),
            "evidence": _labels("evidence"),
            "priority": _labels("priority"),
        },
        "encoding": {
            "field_order": list(order("field")),
            "kind_order": list(order("kind")),
            "relation_order": list(order("relation")),
            # Every value the vocabulary knows, in the static figures' look (a neutral one where it has none).
            "field_colour": {field: field_colour(field) for field in order("field")},
            "kind_shape": {kind: marker_shape(kind_marker(kind)) for kind in order("kind")},
            "relation_dash": {rel: dash_pattern(relation_style(rel)) for rel in order("relation")},
            "node_size": NODE_SIZE,
            "hub_scale": HUB_SCALE,
            "edge_colour": EDGE,
            "priority_edge": OUTLINE,
        },
    }


def to_json(document: dict) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text (not \\u escapes) for the Chinese names."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def script_json(document: dict) -> str:
    """:func:`to_json` safe to place inside ``<script type="application/json">``: still the same JSON value."""
    return escape.script_json(to_json(document))
