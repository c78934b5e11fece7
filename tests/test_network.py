"""brimech.network: the graph is the data, the layout is deterministic, the metrics give known answers."""

from collections import Counter
from types import SimpleNamespace

import networkx as nx
import pandas as pd
import pytest

from brimech import network
from brimech.data import load
from brimech.vocabulary import label, name_column, text


@pytest.fixture(scope="module")
def tables():
    return load()


def tiny_tables(mechanisms, relations):
    """Tables with only what build_graph reads: mechanisms (id, section, field, ...) and relations."""
    mech = pd.DataFrame(
        [
            {
                "id": m,
                "name_zh": f"机制{m}",
                "name_en": f"Mechanism {m}",
                "kind": "mechanism",
                "field": field,
                "status": "existing",
                "is_priority": False,
                "section": section,
            }
            for m, field, section in mechanisms
        ]
    )
    rel = pd.DataFrame(
        [
            {"source": s, "target": t, "type": k, "evidence": "stated", "section": sec}
            for s, t, k, sec in relations
        ]
    )
    sections = pd.DataFrame({"id": ["intro", "s1", "s2", "s2.1", "s3"], "order": [1, 2, 3, 4, 5]})
    return SimpleNamespace(mechanisms=mech, relations=rel, sections=sections)


def test_graph_has_exactly_the_nodes_and_edges_of_the_data(tables):
    graph = network.build_graph(tables)
    assert set(graph) == set(tables.mechanisms["id"])
    assert graph.number_of_nodes() == len(tables.mechanisms)
    from_data = Counter(
        zip(tables.relations["source"], tables.relations["target"], tables.relations["type"], strict=True)
    )
    in_graph = Counter((u, v, t) for u, v, t in graph.edges(data="type"))
    assert in_graph == from_data
    for row in tables.relations.itertuples():
        assert graph.edges[row.source, row.target, row.type]["section"] == row.section


def test_section_subgraph_keeps_section_nodes_and_the_ends_of_its_relations():
    t = tiny_tables(
        [
            ("hub", "cross_field", "intro"),
            ("a", "trade", "s2"),
            ("b", "trade", "s2.1"),
            ("c", "digital", "s3"),
        ],
        [("hub", "a", "leads", "s2"), ("b", "a", "part_of", "s2.1"), ("c", "a", "builds_on", "s3")],
    )
    sub = network.build_graph(t, sections=["s2"])
    assert set(sub) == {"hub", "a", "b"}
    assert {(u, v) for u, v in sub.edges()} == {("hub", "a"), ("b", "a")}
    assert sub.nodes["hub"]["core"] is False and sub.nodes["a"]["core"] is True
    assert network.in_section("s2.2.1", "s2") and not network.in_section("s3", "s2")


def test_every_node_gets_a_position_and_the_layout_is_repeatable(tables):
    graph = network.build_graph(tables)
    first = network.layered_layout(graph)
    second = network.layered_layout(network.build_graph(tables))
    assert set(first) == set(graph)
    assert first == second
    # The Forum alone on the top layer.
    top = max(y for _, y in first.values())
    assert [n for n, (_, y) in first.items() if y == top] == ["brf"]


def test_layers_are_distances_from_the_hub():
    t = tiny_tables(
        [("brf", "cross_field", "s2"), ("a", "trade", "s2"), ("b", "trade", "s2"), ("lone", "trade", "s2")],
        [("a", "brf", "part_of", "s2"), ("b", "a", "part_of", "s2")],
    )
    assert network.layers(network.build_graph(t)) == {"brf": 0, "a": 1, "b": 2, "lone": 3}


def test_hub_removal_on_a_tiny_graph():
    # hub - a, hub - b, hub - c, c - d: without the hub, {c, d} is the largest piece; a and b are cut off.
    t = tiny_tables(
        [
            ("hub", "cross_field", "s2"),
            ("a", "trade", "s2"),
            ("b", "trade", "s2"),
            ("c", "trade", "s2"),
            ("d", "trade", "s2"),
        ],
        [
            ("hub", "a", "leads", "s2"),
            ("hub", "b", "leads", "s2"),
            ("hub", "c", "leads", "s2"),
            ("d", "c", "part_of", "s2"),
        ],
    )
    result = network.hub_removal(network.build_graph(t), hub="hub")
    assert result["components_before"] == 1
    assert result["largest_share_before"] == 1.0
    assert result["components_after"] == 3
    assert result["largest_after"] == 2
    assert result["largest_share_after"] == pytest.approx(0.5)
    assert result["cut_off"] == ["a", "b"]
    with pytest.raises(KeyError):
        network.hub_removal(network.build_graph(t), hub="nobody")


def test_interfield_betweenness_counts_only_paths_between_fields():
    # a(trade) - b(digital) - c(trade): b lies on the a-c path, but a and c share a field.
    t = tiny_tables(
        [("a", "trade", "s2"), ("b", "digital", "s2"), ("c", "trade", "s2")],
        [("a", "b", "complements", "s2"), ("b", "c", "complements", "s2")],
    )
    graph = network.build_graph(t)
    assert network.interfield_betweenness(graph)["b"] == 0.0
    assert nx.betweenness_centrality(network.simple(graph))["b"] == 1.0
    # Make c digital: now the a-c path crosses fields and b brokers it.
    t.mechanisms.loc[t.mechanisms["id"] == "c", "field"] = "finance"
    assert network.interfield_betweenness(network.build_graph(t))["b"] == pytest.approx(1.0)


def test_metrics_tables_cover_the_graph(tables):
    graph = network.build_graph(tables)
    centrality = network.centrality_table(graph)
    assert set(centrality["id"]) == set(graph)
    assert centrality["betweenness"].is_monotonic_decreasing
    assert network.communities(graph) == network.communities(graph)
    assert network.communities_by_field(graph).to_numpy().sum() == graph.number_of_nodes()
    assert network.fields_by_kinds(graph).to_numpy().sum() == graph.number_of_nodes()
    key = network.node_key(graph, tables)
    assert list(key["编号"]) == list(range(1, graph.number_of_nodes() + 1))
    assert set(key["名称"]) == set(tables.mechanisms["name_zh"])


def test_section_labels_read_like_the_articles_own_numbering(tables):
    zh = network.section_labels(tables.sections, "zh")
    assert network.section_labels(tables.sections) == zh  # Chinese unless asked otherwise
    en = network.section_labels(tables.sections, "en")
    assert (zh["intro"], zh["s1"], zh["s2.1"], zh["s2.2.1"]) == ("引言", "一", "二(一)", "二(二)1")
    assert (en["s2.2.1"], en["s4"]) == ("2.2.1", "4")
    key = network.node_key(network.build_graph(tables), tables)
    assert all(any(place.startswith(label) for label in zh.values()) for place in key["原文位置"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_node_key_rows_say_status_priority_and_place_in_the_readers_language(tables, lang):
    graph = network.build_graph(tables)
    key = network.node_key(graph, tables, lang)
    numbers = network.node_numbers(graph, tables)
    sections = network.section_labels(tables.sections, lang)
    by_id = tables.mechanisms.set_index("id")
    columns = [text(f"column.{c}", lang) for c in ("no", "name", "status", "in_article")]
    assert list(key.columns) == columns
    for node, row in zip(sorted(graph, key=numbers.get), key.itertuples(index=False), strict=True):
        mechanism = by_id.loc[node]
        status = label("status", mechanism["status"], lang)
        if str(mechanism["is_priority"]).strip().lower() == "true":
            status += text("status.priority_suffix", lang)
        assert tuple(row) == (numbers[node], mechanism[name_column(lang)], status,
                              network.locator_label(mechanism["locator"], sections, lang))
    suffixed = key[columns[2]].str.endswith(text("status.priority_suffix", lang))
    assert suffixed.sum() == (by_id["is_priority"].astype(str).str.lower() == "true").sum() > 0


def test_nodes_tied_in_a_layer_are_placed_in_field_order_before_id_order():
    first, last = network.FIELD_ORDER[0], network.FIELD_ORDER[-1]
    graph = nx.MultiDiGraph()
    graph.add_node("hub", field=first)
    graph.add_node("a_late_field", field=last)
    graph.add_node("z_early_field", field=first)
    graph.add_edge("a_late_field", "hub", type="part_of")
    graph.add_edge("z_early_field", "hub", type="part_of")
    pos = network.layered_layout(graph, hub="hub")
    assert pos["z_early_field"][0] < pos["a_late_field"][0]


def test_relations_without_a_note_or_locator_column_get_empty_ones():
    from types import SimpleNamespace

    tables = SimpleNamespace(
        mechanisms=pd.DataFrame({"id": ["a", "b"], "field": ["trade", "trade"]}),
        relations=pd.DataFrame({"source": ["a"], "target": ["b"], "type": ["supports"], "evidence": ["stated"],
                                "section": ["s2"]}),
    )
    graph = network.build_graph(tables)
    assert graph.edges["a", "b", "supports"]["note"] == "" and graph.edges["a", "b", "supports"]["locator"] == ""
