"""Stage tables and groupings for sections 三 and 四, built from the coded data.

Everything here takes the ``tables`` object of :func:`brimech.data.load` (any
object with ``mechanisms``, ``relations``, ``stages`` and ``principles``
DataFrames will do) and returns plain pandas structures in a fixed order, so
the drawings in :mod:`brimech.draw.diagrams` and the notebooks' tables agree.
"""

from __future__ import annotations

import pandas as pd

from brimech import network
from brimech.vocabulary import label, name_column, order, text

# Orders the article gives (stages, dimensions, priorities) or that read naturally.
STAGE_ORDER = order("stage")
DIMENSION_ORDER = order("dimension")
PRIORITY_ORDER = order("priority")
FORMALITY_ORDER = order("formality")
BREADTH_ORDER = order("breadth")
ACTOR_ORDER = order("actor")
# Within a stage: the 五通 pillars, then named domains, then the measures for all fields (the vocabulary's
# order). Listing the general measures last keeps each field's measures level with the box they lead to.
FIELD_ORDER = order("field")


def _rank(order: tuple[str, ...], value) -> int:
    """Position of ``value`` in ``order``; missing or unknown values sort last."""
    return order.index(value) if value in order else len(order)


def _ranks(column: pd.Series, order: tuple[str, ...]) -> pd.Series:
    """:func:`_rank` of each value, as plain integers. Mapping a categorical column keeps it categorical,
    and pandas then sorts the ranks in the order of the column's categories, not by their value."""
    return column.map(lambda value: _rank(order, value)).astype(int)


def measure_column(lang: str) -> str:
    """The stages column holding the measure in ``lang`` (measure_zh / measure_en)."""
    return "measure_" + name_column(lang).removeprefix("name_")


def ordered_stages(stages: pd.DataFrame) -> pd.DataFrame:
    """Stage rows sorted by stage, then dimension, then field (pillars first); data order breaks ties.

    A row whose ``stage_order`` disagrees with its ``stage`` is a data error and raises ValueError.
    """
    expected = _ranks(stages["stage"], STAGE_ORDER) + 1
    wrong = stages[expected != stages["stage_order"]]
    if not wrong.empty:
        raise ValueError(f"stages.csv: stage_order does not match stage in rows {list(wrong['id'])}")
    keys = pd.DataFrame(
        {
            "stage": stages["stage_order"],
            "dimension": _ranks(stages["dimension"], DIMENSION_ORDER),
            "field": _ranks(stages["field"], FIELD_ORDER),
            "position": range(len(stages)),
        }
    )
    order = keys.sort_values(["stage", "dimension", "field", "position"]).index
    return stages.loc[order].reset_index(drop=True)


def stage_groups(stages: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """(stage, its rows) for each stage present, in stage order."""
    ordered = ordered_stages(stages)
    return [(s, ordered[ordered["stage"] == s]) for s in STAGE_ORDER if (ordered["stage"] == s).any()]


def group_key(row) -> tuple[str, str]:
    """What a stage row is grouped under: its dimension in the comprehensive stage, else its field."""
    if row["stage"] == "comprehensive" and isinstance(row["dimension"], str):
        return "dimension", row["dimension"]
    return "field", row["field"]


def group_label(kind: str, key: str, lang: str) -> str:
    """Heading of a group of stage rows: a comprehensive dimension, a field, or the general requirement."""
    if kind == "field" and key == "cross_field":
        return text("stage.general", lang)
    return label(kind, key, lang)


def stage_table(tables, lang: str = "zh") -> pd.DataFrame:
    """One line per stage row, in stage order: stage, field or dimension, measure."""
    rows = []
    for row in ordered_stages(tables.stages).to_dict("records"):
        kind, key = group_key(row)
        rows.append(
            {
                text("column.stage", lang): label("stage", row["stage"], lang),
                text("column.field_or_dimension", lang): group_label(kind, key, lang),
                text("column.stage_measure", lang): row[measure_column(lang)],
            }
        )
    return pd.DataFrame(rows)


def _part_of_parents(relations: pd.DataFrame) -> dict[str, list[str]]:
    return relations[relations["type"] == "part_of"].groupby("source")["target"].apply(list).to_dict()


def _ancestors(mechanism: str, parents: dict[str, list[str]]) -> list[str]:
    """``mechanism`` followed by everything it is (transitively) part of, nearest first."""
    seen, queue = [mechanism], [mechanism]
    while queue:
        for parent in parents.get(queue.pop(0), []):
            if parent not in seen:
                seen.append(parent)
                queue.append(parent)
    return seen


def stage_links(tables, types: tuple[str, ...] = ("upgrades_to", "integrates_into")) -> pd.DataFrame:
    """Relations of ``types`` lifted onto stage rows: source_row, target_row, type, via.

    A stage row names the mechanism it concerns. The row stands for that
    mechanism and for everything the mechanism is part of (the article says,
    e.g., that the transport measures make up infrastructure connectivity,
    which is upgraded to the coordination mechanism), so a relation leaving
    any of these and arriving at another row's own mechanism links the two rows.
    ``via`` is the mechanism the relation leaves from. Only links that run
    forward through the stages are kept.
    """
    rows = tables.stages.dropna(subset=["mechanism"])
    rels = tables.relations[tables.relations["type"].isin(types)]
    by_mechanism = rows.groupby("mechanism")["id"].apply(list).to_dict()
    order = tables.stages.set_index("id")["stage_order"].to_dict()
    # Looked up once, not per row: this runs for every stage figure in every language.
    parents = _part_of_parents(tables.relations)
    leaving = {source: group.to_dict("records") for source, group in rels.groupby("source", sort=False)}
    links = []
    for row in rows.to_dict("records"):
        for via in _ancestors(row["mechanism"], parents):
            for rel in leaving.get(via, []):
                for target_row in by_mechanism.get(rel["target"], []):
                    if order[target_row] > order[row["id"]]:
                        links.append((row["id"], target_row, rel["type"], via))
    return pd.DataFrame(links, columns=["source_row", "target_row", "type", "via"]).drop_duplicates(
        ["source_row", "target_row", "type"]
    )


def _depth_first(ids: list[str], parent: dict[str, str]) -> list[tuple[str, int]]:
    """(id, depth) for a forest given by ``parent``, roots and children in the order of ``ids``."""
    order: dict[str, int] = {}

    def visit(node: str, depth: int) -> None:
        order[node] = depth
        for child in ids:
            if parent.get(child) == node and child not in order:
                visit(child, depth + 1)

    for node in ids:
        if node not in parent:
            visit(node, 1)
    for node in ids:  # members of a part_of cycle have no root: list them at the top level
        if node not in order:
            visit(node, 1)
    return list(order.items())


def priority_groups(tables) -> list[tuple[pd.Series, pd.DataFrame]]:
    """(headline priority mechanism, its parts) in the article's order of 三(一)-(四).

    A part is a mechanism coded with the same ``priority`` (other than the
    headline itself) or one with a ``part_of`` relation to the headline. Parts
    come as a tree, depth first: a part that is ``part_of`` another part follows
    it with ``depth`` one more (the headline's direct parts have depth 1).
    """
    mech = tables.mechanisms
    heads = mech[mech["is_priority"]]
    heads = heads.iloc[_ranks(heads["priority"], PRIORITY_ORDER).argsort(kind="stable")]
    part_of = tables.relations[tables.relations["type"] == "part_of"]
    groups = []
    for _, head in heads.iterrows():
        direct = set(part_of.loc[part_of["target"] == head["id"], "source"])
        members = mech[((mech["priority"] == head["priority"]) | mech["id"].isin(direct)) & (mech["id"] != head["id"])]
        ids = list(members["id"])
        parent = {}
        for rel in part_of[part_of["source"].isin(ids) & part_of["target"].isin(ids)].to_dict("records"):
            parent.setdefault(rel["source"], rel["target"])  # first stated container wins
        order = _depth_first(ids, parent)
        parts = members.set_index("id").loc[[n for n, _ in order]].reset_index()
        parts["depth"] = [d for _, d in order]
        groups.append((head, parts))
    return groups


def priority_table(tables, lang: str = "zh") -> pd.DataFrame:
    """One line per headline priority mechanism with its parts listed, each with where the article names it."""
    name = name_column(lang)
    sections = network.section_labels(tables.sections, lang)

    def named(mechanism) -> str:
        where = network.locator_label(mechanism["locator"], sections, lang)
        return mechanism[name] + text("in_brackets", lang, where)

    return pd.DataFrame(
        [
            {
                text("column.priority", lang): named(head),
                text("column.parts", lang): len(parts),
                text("column.comprises", lang): text("clause_sep", lang).join(
                    named(part) for _, part in parts.iterrows()
                ),
            }
            for head, parts in priority_groups(tables)
        ]
    )


def formality_breadth_cells(tables) -> dict[tuple[str, str], pd.DataFrame]:
    """Mechanisms in each (formality, breadth) cell, every cell of the grid present (possibly empty)."""
    mech = tables.mechanisms
    return {
        (f, b): mech[(mech["formality"] == f) & (mech["breadth"] == b)]
        for f in FORMALITY_ORDER
        for b in BREADTH_ORDER
    }


def actor_groups(tables) -> list[tuple[str, pd.DataFrame]]:
    """(actor_level, its mechanisms) for each level present, official first."""
    mech = tables.mechanisms
    return [(a, mech[mech["actor_level"] == a]) for a in ACTOR_ORDER if (mech["actor_level"] == a).any()]


def actor_channels(tables) -> pd.DataFrame:
    """Counts of relations from one actor level to another (rows: source level, columns: target level)."""
    level = tables.mechanisms.set_index("id")["actor_level"]
    rels = tables.relations
    present = [a for a in ACTOR_ORDER if (level == a).any()]
    counts = pd.crosstab(rels["source"].map(level), rels["target"].map(level))
    return counts.reindex(index=present, columns=present, fill_value=0)
