"""How data values become marks: every value the schema allows gets a mark matplotlib can draw."""

from __future__ import annotations

import json

from matplotlib.markers import MarkerStyle

from brimech import encoding, paths


def _enum(table: str, field: str) -> list[str]:
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == table]
    (column,) = [f for f in resource["schema"]["fields"] if f["name"] == field]
    return column["constraints"]["enum"]


def test_every_kind_of_event_has_a_marker_and_only_kinds_without_a_shape_share_the_circle():
    kinds = _enum("milestones", "kind")
    markers = {kind: encoding.milestone_marker(kind) for kind in kinds}
    assert all(marker in MarkerStyle.markers for marker in markers.values()), markers
    own = {kind: marker for kind, marker in markers.items() if kind in encoding.MILESTONE_MARKERS}
    assert own and len(set(own.values())) == len(own) and "o" not in own.values(), own
    assert all(marker == "o" for kind, marker in markers.items() if kind not in own)
    assert encoding.milestone_marker("a kind added later") == "o"


def test_every_field_has_a_colour_of_its_own_and_an_unknown_one_is_cross_field_grey():
    colours = {field: encoding.field_colour(field) for field in _enum("mechanisms", "field")}
    assert len(set(colours.values())) == len(colours), colours
    assert encoding.field_colour("a field added later") == colours["cross_field"]


def test_every_kind_of_mechanism_has_a_marker_of_its_own_and_an_unknown_one_is_a_circle():
    markers = {kind: encoding.kind_marker(kind) for kind in _enum("mechanisms", "kind")}
    drawn = [MarkerStyle(marker) for marker in markers.values()]  # raises on a marker matplotlib does not know
    assert len(drawn) == len({repr(marker) for marker in markers.values()}), markers
    assert encoding.kind_marker("a kind added later") == "o"


def test_every_relation_type_has_a_line_style_of_its_own_and_an_unknown_one_is_solid():
    styles = {relation: encoding.relation_style(relation) for relation in _enum("relations", "type")}
    assert len({repr(style) for style in styles.values()}) == len(styles), styles
    assert encoding.relation_style("a type added later") == "solid"


def test_no_marker_depends_on_mathtext_which_the_book_style_turns_off():
    """A "$...$" marker is drawn as typed, dollar signs and all, once text.parse_math is off."""
    for kind in _enum("mechanisms", "kind"):
        marker = encoding.kind_marker(kind)
        assert not (isinstance(marker, str) and marker.startswith("$")), (kind, marker)
    yen = MarkerStyle(encoding.kind_marker("financing")).get_path()
    (x0, y0), (x1, y1) = yen.get_extents().get_points()
    assert abs(x0 + x1) < 1e-6 and abs(y0 + y1) < 1e-6, "the glyph is not centred on the node"
