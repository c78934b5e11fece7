"""The tables of chapter 5 (centrality, brokers, hub removal) against networkx, computed here from the CSVs.

The graph is rebuilt in this file from data/mechanisms.csv and data/relations.csv with the csv
module (undirected, one edge per linked pair, no self-loops, as chapter 5 describes it), and
every number of the tables is recomputed with networkx: nothing is read from brimech but the
tables under test.
"""

from __future__ import annotations

import csv

import networkx as nx
import pytest

from brimech import network, paths
from brimech.data import load
from brimech.vocabulary import label, order, text

FORUM = "brf"


def _rows(table: str) -> list[dict[str, str]]:
    with open(paths.DATA / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def oracle() -> nx.Graph:
    """The mechanism network as chapter 5 reads it, built without brimech."""
    graph = nx.Graph()
    for row in _rows("mechanisms"):
        graph.add_node(row["id"], field=row["field"], name_zh=row["name_zh"], name_en=row["name_en"])
    graph.add_edges_from((r["source"], r["target"]) for r in _rows("relations") if r["source"] != r["target"])
    return graph


@pytest.fixture(scope="module")
def graph():
    return network.build_graph(load())


@pytest.fixture(scope="module")
def ranking(graph):
    return network.centrality_table(graph).set_index("id")


def _interfield_betweenness(graph: nx.Graph) -> dict[str, float]:
    """Betweenness over the shortest paths between mechanisms of different fields only.

    For each field, networkx's subset betweenness counts the paths from its mechanisms to all
    others (undirected: half of each ordered pair); over all fields that is every ordered pair of
    different fields once, halved. Normalised by (n-1)(n-2) ordered pairs, as networkx does.
    """
    n = graph.number_of_nodes()
    fields = nx.get_node_attributes(graph, "field")
    total = dict.fromkeys(graph, 0.0)
    for field in set(fields.values()):
        inside = [v for v in graph if fields[v] == field]
        outside = [v for v in graph if fields[v] != field]
        part = nx.betweenness_centrality_subset(graph, inside, outside, normalized=False)
        for v, value in part.items():
            total[v] += 2 * value
    return {v: value / ((n - 1) * (n - 2)) for v, value in total.items()}


@pytest.fixture(scope="module")
def interfield(oracle):
    return _interfield_betweenness(oracle)


# --- centrality -------------------------------------------------------------------------------------


def test_centrality_table_has_every_mechanism_with_networkx_values(ranking, oracle, interfield):
    assert set(ranking.index) == set(oracle)
    degree_centrality = nx.degree_centrality(oracle)
    betweenness = nx.betweenness_centrality(oracle)
    for node in oracle:
        row = ranking.loc[node]
        assert row["degree"] == oracle.degree(node), node
        assert row["degree_centrality"] == pytest.approx(degree_centrality[node]), node
        assert row["betweenness"] == pytest.approx(betweenness[node], abs=1e-12), node
        assert row["interfield_betweenness"] == pytest.approx(interfield[node], abs=1e-12), node
        assert row["field"] == oracle.nodes[node]["field"]
        assert row["name"] == oracle.nodes[node]["name_zh"]


def test_centrality_table_is_ranked_by_betweenness_then_degree_then_id(graph, oracle):
    betweenness = nx.betweenness_centrality(oracle)
    expected = sorted(oracle, key=lambda n: (-round(betweenness[n], 12), -oracle.degree(n), n))
    assert list(network.centrality_table(graph)["id"]) == expected


def test_top_broker_is_the_most_between_mechanism(graph, oracle):
    betweenness = nx.betweenness_centrality(oracle)
    best = max(betweenness.values())
    assert network.top_broker(graph) == min(n for n in oracle if betweenness[n] == pytest.approx(best, abs=1e-12))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_centrality_display_shows_the_top_rows_rounded(graph, oracle, interfield, lang):
    top = 10
    betweenness = nx.betweenness_centrality(oracle)
    expected = sorted(oracle, key=lambda n: (-round(betweenness[n], 12), -oracle.degree(n), n))[:top]
    shown = network.centrality_display(graph, lang, top=top)
    assert len(shown) == top
    rank, name, field, degree, between, inter = shown.columns
    assert list(shown[rank]) == list(range(1, top + 1))
    assert list(shown[name]) == [oracle.nodes[n][f"name_{lang}"] for n in expected]
    assert list(shown[field]) == [label("field", oracle.nodes[n]["field"], lang) for n in expected]
    assert list(shown[degree]) == [oracle.degree(n) for n in expected]
    assert list(shown[between]) == [f"{betweenness[n]:.3f}" for n in expected]
    assert list(shown[inter]) == [f"{interfield[n]:.3f}" for n in expected]
    if lang == "zh":
        assert network.centrality_display(graph, top=top).equals(shown), "the table is Chinese unless asked otherwise"


# --- brokers ----------------------------------------------------------------------------------------


def _neighbour_fields(oracle, node) -> list[str]:
    return sorted({oracle.nodes[m]["field"] for m in oracle[node]}, key=list(order("field")).index)


def test_brokers_are_the_mechanisms_whose_neighbours_span_fields(graph, oracle, interfield):
    table = network.brokers(graph)
    spanning = {n for n in oracle if len(_neighbour_fields(oracle, n)) >= 2}
    assert set(table["id"]) == spanning
    for row in table.to_dict("records"):
        fields = _neighbour_fields(oracle, row["id"])
        assert row["neighbour_fields"] == len(fields)
        assert row["fields"] == "、".join(label("field", f, "zh") for f in fields)
        assert row["field"] == oracle.nodes[row["id"]]["field"]
        assert row["interfield_betweenness"] == pytest.approx(interfield[row["id"]], abs=1e-12)


def test_brokers_are_ranked_by_fields_spanned_then_interfield_betweenness_then_id(graph, oracle, interfield):
    spanning = [n for n in oracle if len(_neighbour_fields(oracle, n)) >= 2]
    expected = sorted(spanning, key=lambda n: (-len(_neighbour_fields(oracle, n)), -round(interfield[n], 12), n))
    assert list(network.brokers(graph)["id"]) == expected


def test_brokers_display_in_english_lists_fields_in_vocabulary_order(graph, oracle):
    shown = network.brokers_display(graph, "en", top=8)
    ids = list(network.brokers(graph)["id"])[:8]
    name, own, count, fields, _ = shown.columns
    assert list(shown[name]) == [oracle.nodes[n]["name_en"] for n in ids]
    assert list(shown[own]) == [label("field", oracle.nodes[n]["field"], "en") for n in ids]
    assert list(shown[count]) == [len(_neighbour_fields(oracle, n)) for n in ids]
    assert list(shown[fields]) == [", ".join(label("field", f, "en") for f in _neighbour_fields(oracle, n))
                                   for n in ids]


# --- removing a hub ---------------------------------------------------------------------------------


def _removal(oracle: nx.Graph, hub: str) -> dict:
    without = oracle.copy()
    without.remove_node(hub)
    before = list(nx.connected_components(oracle))
    after = list(nx.connected_components(without))
    sizes_after = sorted((len(c) for c in after), reverse=True)
    largest_after = [c for c in after if len(c) == sizes_after[0]]
    assert len(largest_after) == 1, "two largest components: the test would need a tie rule"
    hub_component = nx.node_connected_component(oracle, hub)
    return {
        "components_before": len(before),
        "components_after": len(after),
        "largest_before": max(len(c) for c in before),
        "largest_after": sizes_after[0],
        "largest_share_before": max(len(c) for c in before) / oracle.number_of_nodes(),
        "largest_share_after": sizes_after[0] / without.number_of_nodes(),
        "nodes_after": without.number_of_nodes(),
        "edges_before": oracle.number_of_edges(),
        "edges_after": without.number_of_edges(),
        "cut_off": sorted(hub_component - {hub} - largest_after[0]),
    }


@pytest.mark.parametrize("which", ["forum", "top broker"])
def test_hub_removal_matches_networkx(graph, oracle, which):
    hub = FORUM if which == "forum" else network.top_broker(graph)
    summary = network.hub_removal(graph, hub)
    expected = _removal(oracle, hub)
    assert summary["hub"] == hub
    for key, value in expected.items():
        assert summary[key] == pytest.approx(value) if isinstance(value, float) else summary[key] == value, key


def test_removal_table_states_the_same_numbers(graph, oracle):
    broker = network.top_broker(graph)
    table = network.removal_table(graph, [FORUM, broker], "zh")
    hubs = [oracle.nodes[FORUM]["name_zh"], oracle.nodes[broker]["name_zh"]]
    assert list(table.columns) == [text("column.measure", "zh"), *(text("removal.column", "zh") + n for n in hubs)]
    for hub, column in ((FORUM, table.columns[1]), (broker, table.columns[2])):
        expected = _removal(oracle, hub)
        names = text("names_sep", "zh").join(oracle.nodes[n]["name_zh"] for n in expected["cut_off"])
        assert list(table[column]) == [
            expected["components_before"],
            expected["components_after"],
            f"{expected['largest_share_before']:.1%}",
            f"{expected['largest_share_after']:.1%}",
            expected["edges_after"],
            text("removal.cut_off_names", "zh", n=len(expected["cut_off"]), names=names),
        ]


def test_removing_a_mechanism_that_is_not_there_is_an_error(graph):
    with pytest.raises(KeyError, match="no_such_hub"):
        network.hub_removal(graph, "no_such_hub")
