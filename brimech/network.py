"""The coded article as a network: graph building, section subgraphs, a layered layout and metrics.

The graph is an ``nx.MultiDiGraph``: one node per row of ``mechanisms`` (all its
columns as node attributes) and one edge per row of ``relations``, keyed by the
relation ``type`` (two mechanisms may be linked by more than one type; the
relations table's primary key is source, target, type). Edge attributes are
``type``, ``evidence``, ``section``, ``locator`` and ``note``.

Metrics work on the undirected simple graph: the article states relations in
one direction, but for "who is connected to whom" direction does not matter.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

import networkx as nx
import pandas as pd

from brimech.data import parse_locator
from brimech.vocabulary import label, name_column, order, text

HUB = "brf"

# Field order used for x positions: the 五通 pillars first, then named domains.
FIELD_ORDER = order("field")


def in_section(section: str, prefix: str) -> bool:
    """True if ``section`` is ``prefix`` or lies under it (s2.2.1 is under s2, s20 would not be)."""
    return section == prefix or section.startswith(prefix + ".")


def _in_any(section: str, prefixes: Iterable[str]) -> bool:
    return any(in_section(section, p) for p in prefixes)


def build_graph(tables, sections: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The mechanism network as a MultiDiGraph (see the module docstring).

    With ``sections`` (section-id prefixes such as ``["s2"]``) the graph is cut to
    those sections: see :func:`section_subgraph`.
    """
    graph = nx.MultiDiGraph()
    for row in tables.mechanisms.to_dict("records"):
        node = row.pop("id")
        graph.add_node(node, **row)
    for row in tables.relations.to_dict("records"):
        graph.add_edge(
            row["source"],
            row["target"],
            key=row["type"],
            type=row["type"],
            evidence=row["evidence"],
            section=row["section"],
            locator=row.get("locator", ""),
            note=row.get("note", ""),
        )
    if sections is not None:
        return section_subgraph(graph, sections)
    return graph


def section_subgraph(graph: nx.MultiDiGraph, prefixes: Iterable[str]) -> nx.MultiDiGraph:
    """The part of the network a set of sections speaks about.

    Edges: the relations coded in those sections. Nodes: the mechanisms named
    in those sections plus the endpoints of those relations. Each node gets
    ``core=True`` if the sections name it, ``False`` if it is there only as the
    other end of a relation (named elsewhere, e.g. the Forum's parent system).
    """
    prefixes = tuple(prefixes)
    core = {n for n, sec in graph.nodes(data="section") if _in_any(str(sec), prefixes)}
    edges = [(u, v, k) for u, v, k, sec in graph.edges(keys=True, data="section") if _in_any(str(sec), prefixes)]
    sub = graph.edge_subgraph(edges).copy()
    sub.add_nodes_from((n, graph.nodes[n]) for n in core)
    for node in sub:
        sub.nodes[node]["core"] = node in core
    return sub


def layers(graph: nx.MultiDiGraph, hub: str = HUB) -> dict[str, int]:
    """Layer of each node: its distance from the hub, direction ignored (hub = 0).

    The coded relations mix directions (the Forum *leads* the cooperation
    system yet is also *part of* the consultation mechanism), so a layering by
    relation direction would not put the Forum on top. Distance from the Forum
    does, and it reproduces the order in which the article introduces the
    system: the Forum, what it leads and comprises, the agreement and platform
    families, then their components. Nodes not connected to the hub share the
    bottom layer.
    """
    undirected = nx.Graph(graph)
    depth = dict(nx.single_source_shortest_path_length(undirected, hub)) if hub in graph else {}
    bottom = max(depth.values(), default=-1) + 1
    for node in graph:
        depth.setdefault(node, bottom)
    return depth


def _field_rank(graph: nx.Graph, node: str) -> int:
    field = graph.nodes[node].get("field")
    return FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)


def layered_layout(
    graph: nx.MultiDiGraph, hub: str = HUB, max_per_row: int = 9, row_gap: float = 0.4, sweeps: int = 3
) -> dict[str, tuple[float, float]]:
    """Deterministic positions: y from :func:`layers` (hub on top), x from an ordering within each layer.

    Each layer starts in field order (the 五通 pillars first), then a few
    barycentre sweeps down and up the layers move every node towards the mean
    position of its neighbours in the adjacent layer, which cuts edge crossings;
    ties keep field order, then id. A layer longer than ``max_per_row`` is drawn
    as a zigzag over several rows ``row_gap`` apart (node i on row i mod rows),
    so that neighbouring labels sit at different heights.
    """
    layer_of = layers(graph, hub)
    undirected = nx.Graph(graph)
    levels = sorted(set(layer_of.values()))
    order = {
        level: sorted((n for n in graph if layer_of[n] == level), key=lambda n: (_field_rank(graph, n), n))
        for level in levels
    }

    def rank_in(level: int) -> dict[str, float]:
        members = order[level]
        return {n: (i + 0.5) / len(members) for i, n in enumerate(members)}

    def resort(level: int, reference: int) -> None:
        ref = rank_in(reference)
        current = rank_in(level)

        def barycentre(node: str) -> float:
            linked = [ref[m] for m in undirected[node] if m in ref]
            return sum(linked) / len(linked) if linked else current[node]

        order[level].sort(key=lambda n: (round(barycentre(n), 6), _field_rank(graph, n), n))

    for _ in range(sweeps):
        for prev, level in zip(levels, levels[1:], strict=False):
            resort(level, prev)
        for nxt, level in zip(levels[::-1], levels[::-1][1:], strict=False):
            resort(level, nxt)

    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    for level in levels:
        members = order[level]
        rows = -(-len(members) // max_per_row)
        for i, node in enumerate(members):
            pos[node] = ((i + 0.5) / len(members), -(y + row_gap * (i % rows)))
        y += 1.0 + row_gap * (rows - 1)
    return pos


def node_numbers(graph: nx.Graph, tables) -> dict[str, int]:
    """Number nodes 1..N in the article's reading order (section order, then table order)."""
    order = dict(zip(tables.sections["id"], tables.sections["order"], strict=True))
    table_order = {m: i for i, m in enumerate(tables.mechanisms["id"])}
    ranked = sorted(graph, key=lambda n: (order.get(graph.nodes[n]["section"], 0), table_order.get(n, 0), n))
    return {node: i for i, node in enumerate(ranked, start=1)}


_ORDINAL = re.compile(r"^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+\.)")


def section_labels(sections: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """Short section references as a reader of the article would write them: 二(二)1 / 2.2.1, 引言 / Intro."""
    rows = sections.set_index("id")
    labels = {}
    for section_id, row in rows.iterrows():
        ordinal = _ORDINAL.match(row["title_zh"])
        if not ordinal:  # the unnumbered parts: abstract, introduction
            labels[section_id] = row[f"title_{lang}"]
            continue
        if lang != "zh":
            labels[section_id] = section_id.lstrip("s")
            continue
        own = ordinal.group(1).rstrip("、.").replace("（", "(").replace("）", ")")
        parent = row["parent"]
        labels[section_id] = (labels[parent] if isinstance(parent, str) and parent in labels else "") + own
    return labels


def locator_label(locator: str, sections: dict[str, str], lang: str = "zh") -> str:
    """A locator as a reader looks it up: s2.1¶2 -> 二(一)¶2, s3.3¶0 -> 三(三)标题.

    ``sections`` maps section ids to labels, as :func:`section_labels` returns them.
    """
    parsed = parse_locator(str(locator))
    if parsed is None:
        raise ValueError(f"{locator!r} is not a locator (section id, ¶, paragraph: s2.1¶2)")
    section, paragraph = parsed
    where = sections.get(section, section)
    if paragraph == 0:
        return where + text("locator.heading", lang)
    return f"{where}¶{paragraph}"


def node_key(graph: nx.Graph, tables, lang: str = "zh") -> pd.DataFrame:
    """Key of the numbered network figure: number, name, status, where the article names it.

    Kind and field are left to the figure's shapes and colours (and the labelled part networks),
    so that each row fits on one printed line.
    """
    numbers = node_numbers(graph, tables)
    sections = section_labels(tables.sections, lang)
    name = name_column(lang)
    rows = [
        {
            text("column.no", lang): numbers[n],
            text("column.name", lang): graph.nodes[n][name],
            text("column.status", lang): _status_label(graph.nodes[n], lang),
            text("column.in_article", lang): locator_label(graph.nodes[n]["locator"], sections, lang),
        }
        for n in sorted(graph, key=numbers.get)
    ]
    return pd.DataFrame(rows)


def _status_label(attrs: dict, lang: str) -> str:
    status = label("status", attrs["status"], lang)
    if _truthy(attrs.get("is_priority")):
        status += text("status.priority_suffix", lang)
    return status


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value) and not pd.isna(value)


def is_priority(graph: nx.Graph, node: str) -> bool:
    """True for the four headline priority mechanisms of 三 (is_priority column)."""
    return _truthy(graph.nodes[node].get("is_priority"))


# --- metrics (undirected simple graph) -------------------------------------------------


def simple(graph: nx.Graph) -> nx.Graph:
    """Undirected simple graph with the node attributes, for centrality and components."""
    plain = nx.Graph()
    plain.add_nodes_from(graph.nodes(data=True))
    plain.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return plain


def interfield_betweenness(graph: nx.Graph) -> Mapping[str, float]:
    """Betweenness counting only shortest paths between mechanisms of different fields.

    Brandes' accumulation on the undirected simple graph, where a target adds to
    its predecessors' dependency only when its field differs from the source's.
    Normalised by the number of ordered pairs of nodes, as networkx does.
    """
    return _path_scores(_shape(simple(graph)))[1]


def _shape(plain: nx.Graph) -> tuple:
    """What path scores depend on, hashable: nodes with their fields and edges, in the graph's own order
    (the same order gives the same sums to the last bit)."""
    return tuple(plain.nodes(data="field")), tuple(plain.edges())


# Chapter 5 asks for the same graph's scores in several tables, facts and figures; each pass over all
# shortest paths takes a third of a second, so each distinct graph is scored once per process.
@lru_cache(maxsize=16)
def _path_scores(shape: tuple) -> tuple[Mapping[str, float], Mapping[str, float]]:
    nodes, edges = shape
    plain = nx.Graph()
    plain.add_nodes_from((node, {"field": field}) for node, field in nodes)
    plain.add_edges_from(edges)
    between = nx.betweenness_centrality(plain, normalized=True)
    return MappingProxyType(between), MappingProxyType(_interfield(plain))


def _interfield(plain: nx.Graph) -> dict[str, float]:
    field = dict(plain.nodes(data="field"))
    score = dict.fromkeys(plain, 0.0)
    for source in sorted(plain):
        order, preds = [], {v: [] for v in plain}
        sigma = dict.fromkeys(plain, 0)
        dist = dict.fromkeys(plain, -1)
        sigma[source], dist[source] = 1, 0
        queue = deque([source])
        while queue:
            v = queue.popleft()
            order.append(v)
            for w in sorted(plain[v]):
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = dict.fromkeys(plain, 0.0)
        for w in reversed(order):
            counts = 1.0 if field[w] != field[source] else 0.0
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (counts + delta[w])
            if w != source:
                score[w] += delta[w]
    n = plain.number_of_nodes()
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {v: s * scale for v, s in score.items()}


def centrality_table(graph: nx.Graph, lang: str = "zh") -> pd.DataFrame:
    """Degree, degree centrality, betweenness and inter-field betweenness per node, most between first."""
    plain = simple(graph)
    degree_c = nx.degree_centrality(plain)
    between, inter = _path_scores(_shape(plain))
    name = name_column(lang)
    frame = pd.DataFrame(
        {
            "id": list(plain),
            "name": [plain.nodes[n][name] for n in plain],
            "field": [plain.nodes[n]["field"] for n in plain],
            "kind": [plain.nodes[n]["kind"] for n in plain],
            "degree": [plain.degree(n) for n in plain],
            "degree_centrality": [degree_c[n] for n in plain],
            "betweenness": [between[n] for n in plain],
            "interfield_betweenness": [inter[n] for n in plain],
        }
    )
    return frame.sort_values(
        ["betweenness", "degree", "id"], ascending=[False, False, True], ignore_index=True
    )


def brokers(graph: nx.Graph, lang: str = "zh") -> pd.DataFrame:
    """Nodes whose neighbours belong to more than one field, most fields spanned first."""
    plain = simple(graph)
    inter = interfield_betweenness(graph)
    name = name_column(lang)
    rows = []
    for node in plain:
        fields = sorted({plain.nodes[m]["field"] for m in plain[node]}, key=FIELD_ORDER.index)
        if len(fields) < 2:
            continue
        rows.append(
            {
                "id": node,
                "name": plain.nodes[node][name],
                "field": plain.nodes[node]["field"],
                "neighbour_fields": len(fields),
                "fields": text("list_sep", lang).join(label("field", f, lang) for f in fields),
                "interfield_betweenness": inter[node],
            }
        )
    frame = pd.DataFrame(
        rows, columns=["id", "name", "field", "neighbour_fields", "fields", "interfield_betweenness"]
    )
    return frame.sort_values(
        ["neighbour_fields", "interfield_betweenness", "id"],
        ascending=[False, False, True],
        ignore_index=True,
    )


def communities(graph: nx.Graph) -> dict[str, int]:
    """Community of each node (greedy modularity, deterministic), numbered 1.. by size."""
    plain = simple(graph)
    found = nx.community.greedy_modularity_communities(plain)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {node: i for i, members in enumerate(ordered, start=1) for node in members}


def communities_by_field(graph: nx.Graph, lang: str = "zh") -> pd.DataFrame:
    """Cross-table: rows = fields (labels), columns = communities, cells = number of mechanisms."""
    found = communities(graph)
    fields = [graph.nodes[n]["field"] for n in found]
    table = pd.crosstab(
        pd.Categorical(fields, categories=[f for f in FIELD_ORDER if f in set(fields)]),
        pd.Series(list(found.values()), name="community"),
    )
    table.index = [label("field", f, lang) for f in table.index]
    table.columns = [text("community", lang) + str(c) for c in table.columns]
    return table


def fields_by_kinds(graph: nx.Graph, lang: str = "zh") -> pd.DataFrame:
    """Cross-table of mechanisms: rows = fields, columns = kinds."""
    fields = [graph.nodes[n]["field"] for n in graph]
    kinds = [graph.nodes[n]["kind"] for n in graph]
    table = pd.crosstab(
        pd.Categorical(fields, categories=[f for f in FIELD_ORDER if f in set(fields)]),
        pd.Categorical(kinds, categories=[k for k in order("kind") if k in set(kinds)]),
    )
    table.index = [label("field", f, lang) for f in table.index]
    table.columns = [label("kind", k, lang) for k in table.columns]
    return table


def _component_summary(graph: nx.Graph) -> tuple[int, int, float, set]:
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))) if len(graph) else []
    largest = parts[0] if parts else set()
    share = len(largest) / graph.number_of_nodes() if len(graph) else 0.0
    return len(parts), len(largest), share, largest


def hub_removal(graph: nx.Graph, hub: str = HUB) -> dict:
    """What the network loses without ``hub``: weak components and largest-component share, before and after.

    ``cut_off`` lists the nodes that were in the hub's component before and are
    outside the largest component after (other than the hub itself), sorted.
    """
    plain = simple(graph)
    if hub not in plain:
        raise KeyError(f"hub {hub!r} is not a node of the graph")
    comps_before, size_before, share_before, largest_before = _component_summary(plain)
    hub_component = nx.node_connected_component(plain, hub)
    without = plain.copy()
    without.remove_node(hub)
    comps_after, size_after, share_after, largest_after = _component_summary(without)
    cut_off = sorted(hub_component - {hub} - largest_after)
    return {
        "hub": hub,
        "nodes_before": plain.number_of_nodes(),
        "edges_before": plain.number_of_edges(),
        "components_before": comps_before,
        "largest_before": size_before,
        "largest_share_before": share_before,
        "nodes_after": without.number_of_nodes(),
        "edges_after": without.number_of_edges(),
        "components_after": comps_after,
        "largest_after": size_after,
        "largest_share_after": share_after,
        "cut_off": cut_off,
    }


def top_broker(graph: nx.Graph) -> str:
    """The node with the highest betweenness (ties by id): the hub the data itself points to."""
    return centrality_table(graph).iloc[0]["id"]


def removal_table(graph: nx.Graph, hubs: Iterable[str], lang: str = "zh") -> pd.DataFrame:
    """:func:`hub_removal` for several hubs side by side: one row per measure, one column per hub."""
    name = name_column(lang)
    measures = [
        "components_before",
        "components_after",
        "largest_share_before",
        "largest_share_after",
        "edges_after",
        "cut_off",
    ]
    columns = {}
    for hub in hubs:
        summary = hub_removal(graph, hub)
        values = []
        for key in measures:
            value = summary[key]
            if key == "cut_off":
                names = [graph.nodes[n][name] for n in value]
                value = text("removal.cut_off_names", lang, n=len(names), names=text("names_sep", lang).join(names))
            elif key.startswith("largest_share"):
                value = f"{value:.1%}"
            values.append(value)
        columns[text("removal.column", lang) + graph.nodes[hub][name]] = values
    return pd.DataFrame({text("column.measure", lang): [text(f"removal.measure.{m}", lang) for m in measures],
                         **columns})


def centrality_display(graph: nx.Graph, lang: str = "zh", top: int = 10) -> pd.DataFrame:
    """The ``top`` rows of :func:`centrality_table`, rounded and labelled for a book table."""
    table = centrality_table(graph, lang).head(top)
    return pd.DataFrame(
        {
            text("column.rank", lang): range(1, len(table) + 1),
            text("column.mechanism", lang): table["name"],
            text("column.field", lang): [label("field", f, lang) for f in table["field"]],
            text("column.degree", lang): table["degree"],
            text("column.betweenness", lang): table["betweenness"].map("{:.3f}".format),
            text("column.interfield", lang): table["interfield_betweenness"].map("{:.3f}".format),
        }
    )


def brokers_display(graph: nx.Graph, lang: str = "zh", top: int = 8) -> pd.DataFrame:
    """The ``top`` rows of :func:`brokers`, labelled for a book table."""
    table = brokers(graph, lang).head(top)
    return pd.DataFrame(
        {
            text("column.mechanism", lang): table["name"],
            text("column.own_field", lang): [label("field", f, lang) for f in table["field"]],
            text("column.neighbour_fields", lang): table["neighbour_fields"],
            text("column.fields_of_neighbours", lang): table["fields"],
            text("column.interfield", lang): table["interfield_betweenness"].map("{:.3f}".format),
        }
    )


def with_index(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """A cross-table with its row labels as a first column, for md_table."""
    return table.rename_axis(name).reset_index()
