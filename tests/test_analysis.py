"""brimech.analysis: the facts chapters 3 and 5 glue, on small networks whose answers are known by hand."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
from test_stages import synthetic_tables

from brimech import analysis

SECTIONS = pd.DataFrame(
    [["s2", None, 1, "二、进展", "II. Progress"], ["s2.1", "s2", 2, "(一)论坛", "(1) Forum"]],
    columns=["id", "parent", "order", "title_zh", "title_en"],
)
PRINCIPLES = pd.DataFrame(
    [["shared_benefits", "共享", "Shared benefits", "利益分配机制", "Benefit distribution"],
     ["consultation", "共商", "Extensive consultation", "规则制定", "Rule-making"]],
    columns=["id", "name_zh", "name_en", "guides_zh", "guides_en"],
)


def tables(mechanisms, relations):
    """Tables of a small coded network: mechanisms (id, name_zh, field, kind), relations (source, target, type)."""
    mech = pd.DataFrame(
        [
            {"id": m, "name_zh": name, "name_en": f"M {m}", "field": field, "kind": kind, "status": "existing",
             "is_priority": False, "priority": None, "formality": "soft", "section": "s2.1", "locator": "s2.1¶1"}
            for m, name, field, kind in mechanisms
        ]
    )
    rel = pd.DataFrame(
        [
            {"source": s, "target": t, "type": k, "evidence": e, "section": "s2.1", "locator": "s2.1¶1"}
            for s, t, k, e in relations
        ]
    )
    return SimpleNamespace(mechanisms=mech, relations=rel, sections=SECTIONS, principles=PRINCIPLES)


def forum_tree():
    """brf - secretariat; brf - a; a - b; a - c; c - d. The broker is a; d is what shared benefits guides."""
    return tables(
        [
            ("brf", "论坛", "policy", "forum"),
            ("brf_secretariat", "秘书处", "policy", "secretariat"),
            ("a", "甲", "cross_field", "framework"),
            ("b", "乙", "trade", "mechanism"),
            ("c", "丙", "finance", "financing"),
            ("d", "利益分配机制", "people", "mechanism"),
        ],
        [
            ("brf_secretariat", "brf", "part_of", "stated"),
            ("a", "brf", "part_of", "stated"),
            ("b", "a", "supports", "implied"),
            ("c", "a", "supports", "stated"),
            ("d", "c", "supports", "stated"),
        ],
    )


def test_priority_fields_share_and_the_priority_with_fewest_parts_in_its_field():
    # Supply chains: its own-priority part shares the field, customs cooperation (trade) does not;
    # screening: both lists share the investment field. Three of four parts in all.
    facts = analysis.priority_fields(synthetic_tables(), lang="zh")
    assert facts == {
        "own-field-share": "75%",
        "least-own-field-head": "供应链保障机制",
        "least-own-field-share": "50%",
        "least-own-field-others": "贸易畅通",
    }
    assert analysis.priority_fields(synthetic_tables(), lang="en")["least-own-field-others"] == "Unimpeded trade"


def test_priority_formality_shares():
    # Five rows carry a priority: three unspecified, two hard (the two lists).
    assert analysis.priority_formality(synthetic_tables()) == {"s3-unspecified-share": "60%", "s3-hard-share": "40%"}


def test_network_size_counts_stated_and_implied():
    facts = analysis.network_size(forum_tree())
    assert facts == {"n-nodes": 6, "n-edges": 5, "n-stated": 4, "n-implied": 1, "implied-share": "20%"}


def test_centrality_facts_rank_ties_together_and_choose_the_reading():
    facts = analysis.centrality_facts(forum_tree(), lang="zh", top=2)
    assert facts["broker-name"] == "甲" and facts["broker-degree"] == 3
    assert facts["broker-section"] == "二(一)"
    assert facts["broker-implied-share"] == "33%"  # of b, c and brf's links to a, b's is implied
    assert facts["top-names"] == "甲；论坛"  # brf and c tie on betweenness; brf comes first by id
    assert facts["top-frameworks"] == 1
    # Degree: a (3) is above the Forum (2); betweenness: a (8 pairs) above the Forum and c (4 each).
    assert (facts["forum-degree-rank"], facts["forum-between-rank"]) == (2, 2)
    assert facts["forum-rank-reading"] == "它不但连着的机制多，也处在许多机制之间的最短路径上"
    assert analysis.centrality_facts(forum_tree(), lang="en", top=2)["top-names"] == "M a; M brf"


def test_principle_nodes_change_the_top_five():
    # With shared benefits linked to d, d and c rise: the top five become a, c, brf, d, b.
    facts = analysis.principle_alternative(forum_tree(), lang="zh")
    assert facts == {"principle-functions": "利益分配机制", "top-n": 5, "principles-top-change": "会发生变化"}
    assert analysis.principle_alternative(forum_tree(), lang="en")["principles-top-change"] == "would change"
    assert set(analysis.with_principles(forum_tree())["principle_shared_benefits"]) == {"d"}


def test_removal_facts_and_their_readings():
    facts = analysis.removal_facts(forum_tree(), lang="zh")
    assert facts["forum-components-after"] == 2 and facts["forum-share-after"] == "80.0%"
    assert (facts["forum-cut-off"], facts["forum-cut-off-names"], facts["forum-cut-off-parts"]) == (1, "秘书处", 1)
    # Without a: {brf, secretariat} stays the largest part (ties go to the smaller id); b, c, d are cut off.
    assert (facts["broker-components-after"], facts["broker-cut-off"]) == (3, 3)
    assert facts["broker-cut-off-names"] == "乙；丙；利益分配机制" and facts["broker-cut-off-functions"] == 1
    assert facts["forum-reading"].startswith("删除论坛后，网络明显散开")
    assert facts["secretariat-reading"].startswith("论坛秘书处在断开之列")


def test_broker_facts_compare_the_listed_with_all():
    # Neighbour fields: a 3 (policy, trade, finance), brf 2, c 2. a is the one cross-field broker.
    listed_all = analysis.broker_facts(forum_tree(), lang="zh", shown=8)
    assert (listed_all["widest-name"], listed_all["widest-fields"], listed_all["n-brokers"]) == ("甲", 3, 3)
    assert (listed_all["brokers-shown-cross"], listed_all["brokers-cross-share"]) == (1, "33%")
    assert listed_all["brokers-reading"].startswith("在连接面最广的机制中")
    assert analysis.broker_facts(forum_tree(), lang="zh", shown=1)["brokers-reading"].startswith("连接面最广的是")


def test_community_facts_find_the_field_that_dominates_each_community():
    two_triangles = tables(
        [("x1", "x1", "trade", "mechanism"), ("x2", "x2", "trade", "mechanism"), ("x3", "x3", "trade", "mechanism"),
         ("y1", "y1", "finance", "mechanism"), ("y2", "y2", "finance", "mechanism"),
         ("y3", "y3", "cross_field", "framework")],
        [("x1", "x2", "supports", "stated"), ("x2", "x3", "supports", "stated"), ("x3", "x1", "supports", "stated"),
         ("y1", "y2", "supports", "stated"), ("y2", "y3", "supports", "stated"), ("y3", "y1", "supports", "stated"),
         ("x1", "y1", "supports", "stated")],
    )
    assert analysis.community_facts(two_triangles, lang="zh") == {
        "n-communities": 2,
        "n-dominated": 2,
        "dominant-fields": "贸易畅通、资金融通",
        "cross-field-communities": 1,
    }


def test_field_kind_facts():
    facts = analysis.field_kind_facts(forum_tree(), lang="zh")
    # Finance has one mechanism (c, financing); policy has two kinds; the other four fields one mechanism each.
    assert (facts["finance-n"], facts["finance-top-kind"], facts["finance-top-share"]) == (1, "融资安排", "100%")
    assert (facts["most-varied-field"], facts["most-varied-kinds"]) == ("政策沟通", 2)
    assert facts["cross-top-kinds"].startswith("框架") and facts["cross-frameworks"] == 1
    assert facts["lonely-fields"] == "贸易畅通、资金融通、民心相通、跨领域"
    assert facts["lonely-sections"] == "二(一)"


def test_share_of_nothing_is_a_dash():
    assert analysis.share(0, 0) == "–" and analysis.share(1, 3) == "33%"
