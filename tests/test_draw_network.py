"""brimech.draw.network: the network figures name every node in the reader's language, without overlaps."""

import io
import re
from types import SimpleNamespace

import pandas as pd
import pytest
from figure_text import draw_strictly

from brimech import network
from brimech.data import load
from brimech.draw import network as draw_network
from brimech.draw.base import wrap
from brimech.draw.labels import label_overlaps


@pytest.fixture(scope="module")
def tables():
    return load()


def first_line(name: str, lang: str) -> str:
    return wrap(name, draw_network.LABEL_WIDTH[lang], draw_network.LABEL_SIZE).split("\n")[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mechanism_network_names_every_node_in_the_right_language(tables, lang):
    text = draw_strictly(draw_network.progress_network, tables, lang)
    graph = network.build_graph(tables, sections=["s2"])
    column = f"name_{lang}"
    missing = [n for n in graph if first_line(graph.nodes[n][column], lang) not in text]
    assert not missing
    if lang == "zh":
        assert "谅解备忘录" in text and "领域（颜色）" in text
    else:
        assert "Memorandum of" in text and "Field (colour)" in text
        assert "领域（颜色）" not in text


PART_NETWORKS = ("progress_network", "necessity_network", "priorities_network", "pathways_network")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("figure", PART_NETWORKS)
def test_part_network_labels_do_not_overlap_and_stay_above_the_legend(tables, figure, lang):
    fig = getattr(draw_network, figure)(tables, lang=lang)
    assert label_overlaps(fig) == []
    graph_ax, legend_ax = fig.axes
    renderer = fig.canvas.get_renderer()
    legend_top = legend_ax.get_window_extent(renderer).y1
    low = [t.get_text() for t in graph_ax.texts if t.get_window_extent(renderer).y0 < legend_top]
    assert low == []


@pytest.mark.parametrize("figure,sections", [("necessity_network", ["intro", "s1"]), ("priorities_network", ["s3"]),
                                             ("pathways_network", ["s4"])])
def test_part_network_names_every_mechanism_of_its_part(tables, figure, sections):
    text = draw_strictly(getattr(draw_network, figure), tables, "zh")
    graph = network.build_graph(tables, sections=sections)
    assert [n for n in graph if first_line(graph.nodes[n]["name_zh"], "zh") not in text] == []


def test_whole_network_numbers_every_node(tables):
    text = draw_strictly(draw_network.whole_network, tables, "zh")
    numbers = set(re.findall(r"^\d+$", text, flags=re.M))
    assert {str(i) for i in range(1, len(tables.mechanisms) + 1)} <= numbers


def test_drawing_is_deterministic(tables):
    def svg(fig):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        return buffer.getvalue()

    assert svg(draw_network.progress_network(tables)) == svg(draw_network.progress_network(tables))


def test_a_new_category_value_needs_only_its_labels(monkeypatch):
    # A field, kind and relation type added to the data and the vocabulary, with no colour, shape or line
    # style of their own: the network still draws, in the fallback look, with the new labels in the legend.
    from brimech import vocabulary

    monkeypatch.setitem(vocabulary.CATEGORIES["field"], "health", ("卫生", "Health"))
    monkeypatch.setitem(vocabulary.CATEGORIES["kind"], "observatory", ("观察站", "Observatory"))
    monkeypatch.setitem(vocabulary.CATEGORIES["relation"], "monitors", ("监测", "monitors"))
    mechanisms = pd.DataFrame(
        [
            {"id": "brf", "name_zh": "论坛", "name_en": "Forum", "kind": "forum", "field": "policy",
             "status": "existing", "is_priority": False, "section": "s2"},
            {"id": "obs", "name_zh": "卫生观察站", "name_en": "Health observatory", "kind": "observatory",
             "field": "health", "status": "proposed", "is_priority": False, "section": "s2"},
        ]
    )
    relations = pd.DataFrame([{"source": "obs", "target": "brf", "type": "monitors", "evidence": "stated",
                               "section": "s2"}])
    text = draw_strictly(draw_network.progress_network, SimpleNamespace(mechanisms=mechanisms, relations=relations),
                         "en")
    assert "Health" in text and "Observatory" in text and "monitors" in text


def test_node_style_is_filled_when_existing_hollow_when_proposed_and_outlined_when_a_priority():
    from brimech.encoding import OUTLINE

    kinds = load().mechanisms["kind"].unique()
    for kind in kinds:
        existing = draw_network.node_style(kind, "#123456", proposed=False)
        proposed = draw_network.node_style(kind, "#123456", proposed=True)
        priority = draw_network.node_style(kind, "#123456", proposed=True, priority=True)
        assert existing["facecolors"] == "#123456" and existing["edgecolors"] == "#123456", kind
        assert proposed["facecolors"] == "white" and proposed["edgecolors"] == "#123456", kind
        assert priority["edgecolors"] == OUTLINE and priority["linewidths"] > proposed["linewidths"], kind


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_relation_arrows_have_heads_one_can_see_and_the_legend_names_each_status(tables, lang):
    from matplotlib.legend import Legend
    from matplotlib.patches import FancyArrowPatch

    from brimech.vocabulary import text

    fig = draw_network.whole_network(tables, lang=lang)
    arrows = fig.findobj(FancyArrowPatch)
    assert arrows and min(a.get_mutation_scale() for a in arrows) >= 5  # points: smaller reads as a plain line
    legend_words = {t.get_text() for legend in fig.findobj(Legend) for t in legend.get_texts()}
    assert {text("legend.existing", lang), text("legend.proposed_hollow", lang)} <= legend_words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_field_legend_entries_are_dots_of_each_fields_colour_without_a_line(lang):
    from brimech.draw.base import field_handles
    from brimech.encoding import field_colour
    from brimech.vocabulary import label, order

    fields = order("field")
    handles = field_handles(fields, lang)
    assert [h.get_label() for h in handles] == [label("field", f, lang) for f in fields]
    assert [h.get_color() for h in handles] == [field_colour(f) for f in fields]
    assert all(h.get_linestyle() == "None" and h.get_marker() == "o" for h in handles)


def test_a_kind_with_a_line_only_marker_is_drawn_in_its_fields_colour(monkeypatch):
    """No kind has a line-only marker today; one given later has no face to hollow out and keeps its field colour."""
    from matplotlib.figure import Figure

    monkeypatch.setattr(draw_network, "kind_marker", lambda kind: "x")
    style = draw_network.node_style("forum", "#123456", proposed=True)
    points = Figure().subplots().scatter([0], [0], **style)  # an unknown keyword would raise here
    assert style["color"] == "#123456" and points.get_linewidths()[0] == 1.3 and points.get_alpha() == 1.0
