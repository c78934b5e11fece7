"""The numbers and readings chapters 3 and 5 state about the data, computed here and glued there.

Each function takes the tables of :func:`brimech.data.load` and a language and
returns ``{glue key: value}``: numbers as numbers, shares and names as the text
the chapter shows. Where the chapter reads the outcome one way or the other, the
sentence is chosen here by the outcome and its wording comes from
:mod:`brimech.vocabulary`, so an English edition runs the same code with ``lang="en"``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from brimech import network, stages
from brimech.vocabulary import label, name_column, order, text

TOP = 5  # how many mechanisms "the top" by betweenness means in chapter 5
SECRETARIAT = "brf_secretariat"


def share(part: float, whole: float) -> str:
    """``part`` as a whole-number percentage of ``whole`` (a dash when there is no whole)."""
    return f"{part / whole:.0%}" if whole else "–"


def _names(graph, ids: Iterable[str], lang: str) -> str:
    """Mechanism names for running text (names may contain 、, so they are joined with ；)."""
    name = name_column(lang)
    return text("clause_sep", lang).join(graph.nodes[n][name] for n in ids)


def _field_list(fields: Iterable[str], lang: str) -> str:
    return text("list_sep", lang).join(label("field", f, lang) for f in fields)


# --- chapter 3 --------------------------------------------------------------------------------------


def priority_fields(tables, lang: str = "zh") -> dict:
    """How many parts of the four priorities share their priority's field, and the priority with the fewest."""
    name = name_column(lang)
    parts = pd.concat(
        [parts.assign(head=head[name], head_field=head["field"]) for head, parts in stages.priority_groups(tables)]
    )
    own_field = parts["field"] == parts["head_field"]
    by_head = own_field.groupby(parts["head"], sort=False).mean()
    least = by_head.idxmin()
    elsewhere = parts.loc[(parts["head"] == least) & ~own_field, "field"]
    return {
        "own-field-share": f"{own_field.mean():.0%}",
        "least-own-field-head": least,
        "least-own-field-share": f"{by_head[least]:.0%}",
        "least-own-field-others": _field_list(dict.fromkeys(elsewhere), lang),
    }


def priority_formality(tables) -> dict:
    """Shares of the arrangements coded in 三 whose formality is unspecified, and hard."""
    coded_in_three = tables.mechanisms[tables.mechanisms["priority"].notna()]
    formality = coded_in_three["formality"].value_counts(normalize=True)
    return {
        "s3-unspecified-share": f"{formality.get('unspecified', 0):.0%}",
        "s3-hard-share": f"{formality.get('hard', 0):.0%}",
    }


# --- chapter 5 --------------------------------------------------------------------------------------


def network_size(tables) -> dict:
    """Nodes and relations of the whole network, and how many relations are stated or implied."""
    graph = network.build_graph(tables)
    evidence = tables.relations["evidence"].value_counts()
    return {
        "n-nodes": graph.number_of_nodes(),
        "n-edges": graph.number_of_edges(),
        "n-stated": int(evidence.get("stated", 0)),
        "n-implied": int(evidence.get("implied", 0)),
        "implied-share": share(evidence.get("implied", 0), len(tables.relations)),
    }


def principle_functions(tables) -> list[str]:
    """The mechanisms that are the functions the three principles guide (coded under the same names)."""
    mechanisms = tables.mechanisms
    return mechanisms.loc[mechanisms["name_zh"].isin(tables.principles["guides_zh"]), "id"].tolist()


def with_principles(tables):
    """The network with each principle added as a node, linked (``guides``) only to the function it guides."""
    graph = network.build_graph(tables).copy()
    mechanisms = tables.mechanisms
    for row in tables.principles.to_dict("records"):
        node = "principle_" + row["id"]
        graph.add_node(node, name_zh=row["name_zh"], name_en=row["name_en"], field="cross_field", kind="framework")
        for target in mechanisms.loc[mechanisms["name_zh"] == row["guides_zh"], "id"]:
            graph.add_edge(node, target, key="guides")
    return graph


def principle_alternative(tables, lang: str = "zh", top: int = TOP) -> dict:
    """The functions the principles guide, and whether the top ``top`` by betweenness change with principle nodes."""
    graph = network.build_graph(tables)
    ranking = network.centrality_table(graph)
    with_nodes = network.centrality_table(with_principles(tables))
    same = with_nodes.head(top)["id"].tolist() == ranking.head(top)["id"].tolist()
    return {
        "principle-functions": _names(graph, principle_functions(tables), lang),
        "top-n": top,
        "principles-top-change": text("reading.principles_top." + ("same" if same else "changed"), lang),
    }


def rank_of(ranking: pd.DataFrame, node: str, column: str) -> int:
    """Rank of ``node`` by ``column`` of a centrality table, 1 = highest; ties share the better rank."""
    value = ranking.loc[ranking["id"] == node, column].iloc[0]
    return int((ranking[column] > value).sum()) + 1


def centrality_facts(tables, lang: str = "zh", top: int = TOP) -> dict:
    """The top mechanisms by betweenness, the top broker, and the Forum's ranks by degree and betweenness."""
    graph = network.build_graph(tables)
    ranking = network.centrality_table(graph)
    broker = ranking.iloc[0]["id"]  # network.top_broker: the highest betweenness, ties by id
    leaders = ranking.head(top)
    broker_edges = [e for e in graph.edges(data="evidence") if broker in e[:2]]
    forum_degree = rank_of(ranking, network.HUB, "degree")
    forum_between = rank_of(ranking, network.HUB, "betweenness")
    reading = "between_lower" if forum_between > forum_degree else "between_high"
    return {
        "top-names": _names(graph, leaders["id"], lang),
        "broker-name": graph.nodes[broker][name_column(lang)],
        "broker-section": network.section_labels(tables.sections, lang)[graph.nodes[broker]["section"]],
        "broker-degree": network.simple(graph).degree(broker),
        "broker-implied-share": share(sum(e[2] == "implied" for e in broker_edges), len(broker_edges)),
        "top-frameworks": int((leaders["kind"] == "framework").sum()),
        "top-priority": sum(network.is_priority(graph, n) for n in leaders["id"]),
        "priority-parts": sum(len(parts) for _, parts in stages.priority_groups(tables)),
        "forum-degree-rank": forum_degree,
        "forum-between-rank": forum_between,
        "forum-rank-reading": text("reading.forum_rank." + reading, lang),
    }


def broker_facts(tables, lang: str = "zh", shown: int = 8) -> dict:
    """The mechanism whose neighbours span most fields, and how often cross-field nodes are among the brokers."""
    brokers = network.brokers(network.build_graph(tables), lang)
    listed = brokers.head(shown)
    cross_listed = int((listed["field"] == "cross_field").sum())
    cross_all = int((brokers["field"] == "cross_field").sum())
    umbrella_first = bool(len(listed)) and cross_listed / len(listed) > cross_all / len(brokers)
    return {
        "widest-name": brokers.iloc[0]["name"],
        "widest-fields": int(brokers.iloc[0]["neighbour_fields"]),
        "brokers-shown": len(listed),
        "brokers-shown-cross": cross_listed,
        "n-brokers": len(brokers),
        "brokers-cross-share": share(cross_all, len(brokers)),
        "brokers-reading": text("reading.brokers." + ("umbrella_first" if umbrella_first else "spread_out"), lang),
    }


def dominant_fields(graph) -> tuple[dict[int, list[str]], list[str]]:
    """(fields of each community's members, the named field holding more than half of a community, per community).

    "Named" leaves out cross_field; a community without such a field adds nothing to the list.
    """
    fields_of: dict[int, list[str]] = {}
    for node, community in network.communities(graph).items():
        fields_of.setdefault(community, []).append(graph.nodes[node]["field"])
    dominant = []
    for fields in fields_of.values():
        named = [f for f in fields if f != "cross_field"]
        top_field = max(sorted(set(named)), key=named.count, default=None)
        if top_field and named.count(top_field) > len(fields) / 2:
            dominant.append(top_field)
    return fields_of, dominant


def community_facts(tables, lang: str = "zh") -> dict:
    """How many communities, how many one named field dominates (and which fields), where cross-field nodes sit."""
    fields_of, dominant = dominant_fields(network.build_graph(tables))
    return {
        "n-communities": len(fields_of),
        "n-dominated": len(dominant),
        "dominant-fields": _field_list(sorted(set(dominant), key=order("field").index), lang),
        "cross-field-communities": sum("cross_field" in fields for fields in fields_of.values()),
    }


def removal_facts(tables, lang: str = "zh") -> dict:
    """What the network loses without the Forum and without the top broker, and the two readings of it."""
    graph = network.build_graph(tables)
    broker = network.top_broker(graph)
    without_forum = network.hub_removal(graph, network.HUB)
    without_broker = network.hub_removal(graph, broker)
    forum_parts = {u for u, _, kind in graph.in_edges(network.HUB, keys=True) if kind == "part_of"}
    functions = principle_functions(tables)
    holds = without_forum["largest_share_after"] >= 0.9
    isolated = set(network.simple(graph)[SECRETARIAT]) == {network.HUB}
    return {
        "forum-components-after": without_forum["components_after"],
        "forum-share-after": f"{without_forum['largest_share_after']:.1%}",
        "forum-cut-off": len(without_forum["cut_off"]),
        "forum-cut-off-names": _names(graph, without_forum["cut_off"], lang),
        "forum-cut-off-parts": len(forum_parts & set(without_forum["cut_off"])),
        "broker-components-after": without_broker["components_after"],
        "broker-cut-off": len(without_broker["cut_off"]),
        "broker-cut-off-names": _names(graph, without_broker["cut_off"], lang),
        "broker-cut-off-functions": len(set(functions) & set(without_broker["cut_off"])),
        "forum-reading": text("reading.forum_removal." + ("holds" if holds else "falls_apart"), lang),
        "secretariat-reading": text("reading.secretariat." + ("isolated" if isolated else "linked"), lang),
    }


def field_kind_facts(tables, lang: str = "zh") -> dict:
    """What the fields-by-kinds table shows: finance's commonest kind, the most varied field, the cross-field
    kinds, and the fields with a single mechanism (with the sections that name them)."""
    graph = network.build_graph(tables)
    field_kind = network.fields_by_kinds(graph, lang)
    finance = field_kind.loc[label("field", "finance", lang)]
    cross_label = label("field", "cross_field", lang)
    cross = field_kind.loc[cross_label].sort_values(ascending=False, kind="stable")
    variety = (field_kind.drop(index=cross_label) > 0).sum(axis=1).sort_values(ascending=False, kind="stable")
    lonely = [f for f in order("field") if sum(graph.nodes[n]["field"] == f for n in graph) == 1]
    sections = network.section_labels(tables.sections, lang)
    lonely_sections = sorted({graph.nodes[n]["section"] for n in graph if graph.nodes[n]["field"] in lonely},
                             key=list(tables.sections["id"]).index)
    return {
        "finance-n": int(finance.sum()),
        "finance-top-kind": finance.idxmax(),
        "finance-top-share": share(finance.max(), finance.sum()),
        "most-varied-field": variety.index[0],
        "most-varied-kinds": int(variety.iloc[0]),
        "cross-top-kinds": text("quoted_and", lang).join(cross.index[:2]),
        "cross-frameworks": int(cross.get(label("kind", "framework", lang), 0)),
        "lonely-fields": _field_list(lonely, lang),
        "lonely-sections": text("list_sep", lang).join(sections[s] for s in lonely_sections),
    }
