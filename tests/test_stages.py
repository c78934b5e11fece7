"""brimech.stages: stage order, links, priority parts and the grids behind the figures of 三 and 四."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from brimech import stages
from brimech.data import load

MECH_COLUMNS = ["id", "name_zh", "name_en", "kind", "actor_level", "field", "status", "formality", "breadth",
                "priority", "is_priority", "section", "note"]
STAGE_COLUMNS = ["id", "stage", "stage_order", "field", "dimension", "measure_zh", "measure_en", "mechanism",
                 "example", "section"]
NA = None


def synthetic_tables() -> SimpleNamespace:
    """A small coded article: two priorities, a staged path with links, three principles.

    Rows are deliberately out of order (a comprehensive row first, a pillar row
    before a single-field row) so that ordering has something to do.
    """
    mechanisms = pd.DataFrame(
        [
            ["road_agreement", "道路运输便利化协定", "Road transport agreement", "agreement_form", "official",
             "infrastructure", "proposed", "hard", "single", NA, False, "s4.3", "n"],
            ["infra_coord", "设施联通协调机制", "Infrastructure coordination mechanism", "coordination", "official",
             "infrastructure", "proposed", "mixed", "pillar", NA, False, "s4.3", "n"],
            ["br_system", "综合性可持续发展机制", "Comprehensive sustainable-development mechanism", "mechanism",
             "multi", "cross_field", "proposed", "unspecified", "comprehensive", NA, False, "s4.3", "n"],
            ["supply_chain_security", "供应链保障机制", "Supply-chain security mechanism", "mechanism", "multi",
             "supply_chain", "proposed", "unspecified", "pillar", "supply_chain", True, "s3.1", "n"],
            ["sc_emergency", "供应链应急管理机制", "Supply-chain emergency management", "mechanism", "official",
             "supply_chain", "proposed", "unspecified", "single", "supply_chain", False, "s3.1", "n"],
            ["customs_coop", "海关协作", "Customs cooperation", "coordination", "official", "trade", "proposed",
             "mixed", "single", NA, False, "s3.1", "n"],
            ["project_screening", "重点项目筛选机制", "Key-project screening mechanism", "mechanism", "official",
             "investment", "proposed", "unspecified", "comprehensive", "project_screening", True, "s3.3", "n"],
            ["positive_list", "正面清单", "Positive list", "rule", "official", "investment", "proposed", "hard",
             "single", "project_screening", False, "s3.3", "n"],
            ["negative_list", "负面清单", "Negative list", "rule", "official", "investment", "proposed", "hard",
             "single", "project_screening", False, "s3.3", "n"],
            ["infra_connectivity", "基础设施互联互通机制化建设", "Institutionalised infrastructure connectivity",
             "mechanism", "official", "infrastructure", "proposed", "mixed", "single", NA, False, "s4.3", "n"],
            ["standards_recognition", "技术标准互认", "Mutual recognition of standards", "rule", "official",
             "infrastructure", "proposed", "hard", "single", NA, False, "s4.3", "n"],
            ["city_forum", "城市间合作论坛", "Inter-city forum", "forum", "civil", "people", "proposed", "soft",
             "single", NA, False, "s4.1", "n"],
        ],
        columns=MECH_COLUMNS,
    )
    relations = pd.DataFrame(
        [
            ["road_agreement", "infra_coord", "upgrades_to", "implied", "s4.3", "n"],
            ["infra_coord", "br_system", "integrates_into", "implied", "s4.3", "n"],
            ["customs_coop", "supply_chain_security", "part_of", "stated", "s3.1", "n"],
            ["city_forum", "infra_coord", "supports", "implied", "s4.1", "n"],
            ["standards_recognition", "infra_connectivity", "part_of", "stated", "s4.3", "n"],
            ["infra_connectivity", "infra_coord", "upgrades_to", "stated", "s4.3", "n"],
        ],
        columns=["source", "target", "type", "evidence", "section", "note"],
    )
    stage_rows = pd.DataFrame(
        [
            ["comp_field", "comprehensive", 3, "cross_field", "cross_field", "支柱领域机制相互衔接",
             "Pillar mechanisms linked to each other", "br_system", True, "s4.3"],
            ["comp_actor", "comprehensive", 3, "cross_field", "cross_actor", "政府、民间组织与国际组织共同参与",
             "Governments, civil groups and international organisations take part", NA, False, "s4.3"],
            ["comp_inst", "comprehensive", 3, "cross_field", "institutional", "制度性工作机制",
             "Institutional working mechanism", NA, False, "s4.3"],
            ["pillar_infra", "pillar", 2, "infrastructure", NA, "从项目筛选与评估入手建立设施联通协调机制",
             "An infrastructure coordination mechanism built from project screening and appraisal",
             "infra_coord", True, "s4.3"],
            ["pillar_trade", "pillar", 2, "trade", NA, "贸易投资便利化措施升级为制度型机制",
             "Trade and investment facilitation raised to institutional mechanisms", NA, False, "s4.3"],
            ["single_road", "single_field", 1, "infrastructure", NA, "签署国际道路运输便利化协定",
             "Sign international road transport facilitation agreements", "road_agreement", True, "s4.3"],
            ["single_standards", "single_field", 1, "infrastructure", NA, "推进技术标准互认",
             "Mutual recognition of technical standards", "standards_recognition", True, "s4.3"],
            ["single_digital", "single_field", 1, "digital", NA, "数字规则（ESG 与 AI 标准）试点",
             "Digital rules (ESG and AI standards) pilot", NA, False, "s4.3"],
        ],
        columns=STAGE_COLUMNS,
    )
    principles = pd.DataFrame(
        [
            ["consultation", "共商", "Extensive consultation", "国际议题设置和规则制定",
             "Agenda-setting and rule-making", "agenda_and_rules", "zhux2023", "s4.2", "平等参与决策"],
            ["contribution", "共建", "Joint contribution", "国际合作平台", "Cooperation platforms",
             "cooperation_platforms", "ghossein2021 chong2020", "s4.2", "主动参与"],
            ["shared_benefits", "共享", "Shared benefits", "利益分配机制", "Benefit distribution",
             "benefit_distribution", "nurgozhayeva2020", "s4.2", "公平分配"],
        ],
        columns=["id", "name_zh", "name_en", "guides_zh", "guides_en", "function", "cites", "section", "note"],
    )
    mechanisms["locator"] = mechanisms["section"] + "¶1"
    sections = pd.DataFrame(
        [
            ["s3", NA, "三、优先领域", "III. Priorities"],
            ["s3.1", "s3", "(一)供应链保障机制", "(1) Supply chains"],
            ["s3.3", "s3", "(三)重点项目的筛选机制", "(3) Project screening"],
            ["s4", NA, "四、路径", "IV. Pathways"],
            ["s4.1", "s4", "(一)多层次", "(1) Many levels"],
            ["s4.3", "s4", "(三)分阶段", "(3) By stage"],
        ],
        columns=["id", "parent", "title_zh", "title_en"],
    )
    return SimpleNamespace(
        sections=sections, mechanisms=mechanisms, relations=relations, stages=stage_rows, principles=principles
    )


def real_tables():
    return load()


@pytest.fixture(params=["synthetic", "real"])
def tables(request):
    return synthetic_tables() if request.param == "synthetic" else real_tables()


def test_stages_come_in_stage_order_with_every_row_once(tables):
    ordered = stages.ordered_stages(tables.stages)
    assert sorted(ordered["id"]) == sorted(tables.stages["id"])
    assert list(ordered["stage_order"]) == sorted(ordered["stage_order"])


def test_synthetic_stage_order_puts_pillars_first_and_dimensions_in_the_article_order():
    ordered = list(stages.ordered_stages(synthetic_tables().stages)["id"])
    assert ordered == ["single_road", "single_standards", "single_digital", "pillar_infra", "pillar_trade",
                       "comp_field", "comp_actor", "comp_inst"]


def test_a_stage_order_that_contradicts_the_stage_is_an_error():
    t = synthetic_tables()
    t.stages.loc[0, "stage_order"] = 1
    with pytest.raises(ValueError, match="comp_field"):
        stages.ordered_stages(t.stages)


def test_stage_table_has_one_line_per_row_in_both_languages(tables):
    zh = stages.stage_table(tables, "zh")
    en = stages.stage_table(tables, "en")
    assert len(zh) == len(en) == len(tables.stages)
    assert set(zh["措施"]) == set(tables.stages["measure_zh"])
    assert set(en["Measure"]) == set(tables.stages["measure_en"])


def test_stage_links_lift_mechanism_relations_onto_stage_rows_through_part_of():
    links = stages.stage_links(synthetic_tables())
    assert set(map(tuple, links.to_numpy())) == {
        ("single_road", "pillar_infra", "upgrades_to", "road_agreement"),
        # the standards row's mechanism is part of infrastructure connectivity, which is upgraded
        ("single_standards", "pillar_infra", "upgrades_to", "infra_connectivity"),
        ("pillar_infra", "comp_field", "integrates_into", "infra_coord"),
    }


def test_stage_links_run_forward_only(tables):
    links = stages.stage_links(tables)
    order = tables.stages.set_index("id")["stage_order"]
    assert (links["source_row"].map(order) < links["target_row"].map(order)).all()


def test_priority_groups_follow_the_article_and_collect_parts_by_priority_and_part_of():
    groups = stages.priority_groups(synthetic_tables())
    assert [head["id"] for head, _ in groups] == ["supply_chain_security", "project_screening"]
    parts = {head["id"]: set(p["id"]) for head, p in groups}
    assert parts["supply_chain_security"] == {"sc_emergency", "customs_coop"}
    assert parts["project_screening"] == {"positive_list", "negative_list"}


def test_real_data_has_four_priorities_each_with_parts():
    groups = stages.priority_groups(real_tables())
    assert [head["priority"] for head, _ in groups] == list(stages.PRIORITY_ORDER)
    assert all(len(parts) for _, parts in groups)


def test_priority_table_lists_every_part(tables):
    table = stages.priority_table(tables, "zh")
    for (_, parts), listed in zip(stages.priority_groups(tables), table["组成部分"], strict=True):
        assert all(name in listed for name in parts["name_zh"])


def test_formality_breadth_grid_counts_every_mechanism_once(tables):
    cells = stages.formality_breadth_cells(tables)
    assert len(cells) == len(stages.FORMALITY_ORDER) * len(stages.BREADTH_ORDER)
    assert sum(len(v) for v in cells.values()) == len(tables.mechanisms)


def test_actor_channels_count_relations_between_levels():
    channels = stages.actor_channels(synthetic_tables())
    assert channels.loc["official", "official"] == 3  # upgrades into the coordination mechanism, standards part_of
    assert channels.loc["official", "multi"] == 2  # into the comprehensive system; customs into supply chains
    assert channels.loc["civil", "official"] == 1
    assert channels.to_numpy().sum() == len(synthetic_tables().relations)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_priority_table_names_each_mechanism_with_its_place_in_the_readers_language(tables, lang):
    from brimech import network
    from brimech.vocabulary import name_column, text

    sections = network.section_labels(tables.sections, lang)

    def named(row) -> str:
        return row[name_column(lang)] + text("in_brackets", lang, network.locator_label(row["locator"], sections, lang))

    table = stages.priority_table(tables, lang)
    assert list(table.columns) == [text(f"column.{c}", lang) for c in ("priority", "parts", "comprises")]
    for (head, parts), row in zip(stages.priority_groups(tables), table.itertuples(index=False), strict=True):
        assert tuple(row) == (named(head), len(parts),
                              text("clause_sep", lang).join(named(part) for _, part in parts.iterrows()))


@pytest.mark.parametrize("reverse", [False, True])
def test_stage_rows_sort_by_stage_then_dimension_then_field_whatever_order_they_come_in(tables, reverse):
    rows = tables.stages.iloc[::-1] if reverse else tables.stages  # reversed, index labels and all
    ordered = stages.ordered_stages(rows)
    keys = [(row.stage_order, stages._rank(stages.DIMENSION_ORDER, row.dimension),
             stages._rank(stages.FIELD_ORDER, row.field)) for row in ordered.itertuples()]
    assert keys == sorted(keys)


def test_a_link_reached_through_several_containers_is_kept_once_from_the_nearest():
    t = synthetic_tables()
    # The standards row now upgrades to the pillar row itself, besides through what it is part of.
    t.relations.loc[len(t.relations)] = ["standards_recognition", "infra_coord", "upgrades_to", "implied", "s4.3", "n"]
    links = stages.stage_links(t)
    found = links[(links["source_row"] == "single_standards") & (links["target_row"] == "pillar_infra")]
    assert list(found["via"]) == ["standards_recognition"]


def test_parts_in_a_part_of_cycle_are_still_listed():
    order = stages._depth_first(["a", "b", "c"], {"a": "b", "b": "a", "c": "a"})
    assert sorted(node for node, _ in order) == ["a", "b", "c"]
    assert order[0] == ("a", 1) and dict(order)["c"] == 2


def test_priority_groups_come_in_the_articles_order_whatever_the_row_order():
    t = synthetic_tables()
    t.mechanisms = t.mechanisms.iloc[::-1].reset_index(drop=True)
    assert [head["id"] for head, _ in stages.priority_groups(t)] == ["supply_chain_security", "project_screening"]


def test_within_a_stage_the_pillars_come_first_and_the_measures_for_all_fields_last(tables):
    from brimech.vocabulary import PILLARS

    for stage, rows in stages.stage_groups(tables.stages):
        fields = list(rows["field"])
        pillar_rows = [i for i, field in enumerate(fields) if field in PILLARS]
        general_rows = [i for i, field in enumerate(fields) if field == "cross_field"]
        assert not pillar_rows or pillar_rows == list(range(len(pillar_rows))), (stage, fields)
        assert not general_rows or general_rows[0] == len(fields) - len(general_rows), (stage, fields)


def test_ranks_of_a_categorical_column_follow_the_given_order_not_its_categories():
    """load() gives categorical columns; mapping one keeps it categorical, sorted by category, not by rank."""
    column = pd.Series(["a", "b", None, "b"], dtype=pd.CategoricalDtype(["a", "b"]))
    ranks = stages._ranks(column, ("b", "a"))
    assert list(ranks) == [1, 0, 2, 0]
    assert list(ranks.sort_values(kind="stable").index) == [1, 3, 0, 2]


def test_comprehensive_rows_group_by_dimension_and_the_others_by_field():
    from brimech.vocabulary import label, text

    assert stages.group_key({"stage": "comprehensive", "dimension": "cross_actor", "field": "cross_field"}) == (
        "dimension", "cross_actor")
    assert stages.group_key({"stage": "comprehensive", "dimension": float("nan"), "field": "trade"}) == (
        "field", "trade")
    assert stages.group_key({"stage": "pillar", "dimension": "cross_actor", "field": "trade"}) == ("field", "trade")
    for lang in ("zh", "en"):
        # "cross_field" is a dimension and a field: only the field means the measures for all fields.
        assert stages.group_label("field", "cross_field", lang) == text("stage.general", lang)
        assert stages.group_label("dimension", "cross_field", lang) == label("dimension", "cross_field", lang)
        assert stages.group_label("field", "trade", lang) == label("field", "trade", lang)


def test_the_priority_table_is_chinese_unless_asked_otherwise():
    tables = real_tables()
    assert stages.priority_table(tables).equals(stages.priority_table(tables, "zh"))
