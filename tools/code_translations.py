# ruff: noqa: E501 -- each pair is a literal piece of a notebook's code, kept whole to be found
"""What changes in a chapter's code when the English edition runs it: the language switch and the text it glues.

The English notebooks (notebooks/en/) take every code cell from the Chinese notebook of the
same name, with these literal replacements applied in order (tools/editions.py). Nothing
else may differ, so the two editions compute the same figures, tables and numbers.
Each pair must still occur in the Chinese code: a pair that no longer matches is reported,
and so is any Chinese character left in the English code.
"""

# In every chapter: the drawing and table functions take the language as an argument.
EVERY_CHAPTER = [
    ('lang="zh"', 'lang="en"'),
]

CHAPTERS = {
    "01_necessity": [
        ("sections = network.section_labels(tables.sections)", 'sections = network.section_labels(tables.sections, "en")'),
        ("f\"{graph.nodes[u]['name_zh']} —{network.relation_label(d['type'], 'zh')}→ {graph.nodes[v]['name_zh']}\"",
         "f\"{graph.nodes[u]['name_en']} —{network.relation_label(d['type'], 'en')}→ {graph.nodes[v]['name_en']}\""),
        ("f\"（{network.locator_label(d['locator'], sections)}）\"",
         "f\" ({network.locator_label(d['locator'], sections, 'en')})\""),
        ('proposed = [graph.nodes[n]["name_zh"]', 'proposed = [graph.nodes[n]["name_en"]'),
        ('"；".join(proposed)', '"; ".join(proposed)'),
        ('"；".join(later_links) or "（数据中暂无）"', '"; ".join(later_links) or "(none in the data yet)"'),
    ],
    "02_progress": [
        ('EVIDENCE_ZH = {"stated": "明确", "implied": "推断"}', 'EVIDENCE_ZH = {"stated": "stated", "implied": "inferred"}'),
        ("sections = network.section_labels(tables.sections)", 'sections = network.section_labels(tables.sections, "en")'),
        ('return whole.nodes[node]["name_zh"]', 'return whole.nodes[node]["name_en"]'),
        ('"、".join(dict.fromkeys(network.locator_label(loc, sections) for',
         '", ".join(dict.fromkeys(network.locator_label(loc, sections, "en") for'),
        ("f\" —{network.relation_label(kind, 'zh')}→ \", f\"（{EVIDENCE_ZH[ev]}；{passages}）\"",
         "f\" —{network.relation_label(kind, 'en')}→ \", f\" ({EVIDENCE_ZH[ev]}; {passages})\""),
        ('"、".join(map(name, sources))', '", ".join(map(name, sources))'),
        ('"、".join(map(name, targets))', '", ".join(map(name, targets))'),
        ('return "；".join(phrases) or "（数据中暂无）"', 'return "; ".join(phrases) or "(none in the data yet)"'),
        ('"；".join(name(u) for u, _, _ in plan_parts)', '"; ".join(name(u) for u, _, _ in plan_parts)'),
        ('"、".join(str(day.year) for day in openings[:2])', '" and ".join(str(day.year) for day in openings[:2])'),
        ('f"{openings[2].year} 年 {openings[2].month} 月"', 'openings[2].strftime("%B %Y")'),
        ('"三届高峰论坛的规模数字及来源（data/milestones.csv）"',
         '"The scale of the three Forums, with sources (data/milestones.csv)"'),
    ],
    "03_priorities": [
        ('"四个优先机制及其组成部分（据 data/mechanisms.csv 与 data/relations.csv）"',
         '"The four priority mechanisms and their parts (from data/mechanisms.csv and data/relations.csv)"'),
        ('head=head["name_zh"]', 'head=head["name_en"]'),
        ('"、".join(label(FIELD_LABELS, f, "zh")', '", ".join(label(FIELD_LABELS, f, "en")'),
    ],
    "04_pathways": [
        ('"三个阶段中原文提到的领域与措施（据 data/stages.csv）"',
         '"Fields and measures the article names at each of the three stages (from data/stages.csv)"'),
    ],
    "05_network_analysis": [
        ('"""Mechanism names for running text (names may contain 、, so they are joined with ；)."""',
         '"""Mechanism names for running text (names may contain commas, so they are joined with semicolons)."""'),
        ('return "；".join(graph.nodes[n]["name_zh"] for n in ids)', 'return "; ".join(graph.nodes[n]["name_en"] for n in ids)'),
        ('"保持不变" if same_top else "会发生变化"', '"stay the same" if same_top else "change"'),
        ('md_table(network.node_key(graph, tables), "全文网络的节点编号（data/mechanisms.csv）"',
         'md_table(network.node_key(graph, tables, lang="en"), "Key to the node numbers of the whole network (data/mechanisms.csv)"'),
        ('md_table(network.centrality_display(graph, top=TABLE_TOP), f"中介中心性最高的 {TABLE_TOP} 个机制（本书计算）"',
         'md_table(network.centrality_display(graph, lang="en", top=TABLE_TOP), '
         'f"The {TABLE_TOP} mechanisms of highest betweenness centrality (computed by this edition)"'),
        ('glue("broker-name", graph.nodes[broker]["name_zh"]', 'glue("broker-name", graph.nodes[broker]["name_en"]'),
        ('glue("broker-section", network.section_labels(tables.sections)[',
         'glue("broker-section", network.section_labels(tables.sections, "en")['),
        ('"它连着的机制多，处在其他机制之间的程度却相对低：与它相连的机制彼此之间还有别的路径"',
         '"it is linked to many mechanisms but lies between them less often, since its neighbours are also connected '
         'to one another by other paths"'),
        ('"它不但连着的机制多，也处在许多机制之间的最短路径上"',
         '"it is linked to many mechanisms and also lies on many of the shortest paths between them"'),
        ("brokers = network.brokers(graph)", 'brokers = network.brokers(graph, "en")'),
        ('"连接面最广的是少数总括性节点，但领域之间的接触并不只经过它们，许多具体领域的机制也直接连到别的领域"',
         '"a few summary nodes reach most widely, but contact between fields does not pass through them alone: '
         'many mechanisms of particular fields link directly to other fields"'),
        ('"在连接面最广的机制中，总括性节点所占的比例并不比全体中高，领域之间的接触分散在各类机制上"',
         '"summary nodes are no more common among the widest-reaching mechanisms than among all of them: '
         'contact between fields is spread over every kind of mechanism"'),
        ('md_table(network.brokers_display(graph, top=BROKERS_SHOWN), "邻居跨越领域最多的机制（本书计算）"',
         'md_table(network.brokers_display(graph, lang="en", top=BROKERS_SHOWN), '
         '"The mechanisms whose neighbours span the most fields (computed by this edition)"'),
        ('glue("dominant-fields", "、".join(label(FIELD_LABELS, f, "zh")',
         'glue("dominant-fields", ", ".join(label(FIELD_LABELS, f, "en")'),
        ('md_table(network.with_index(network.communities_by_field(graph), "领域"), '
         '"社群（列）与领域（行）的交叉表：各格为机制数（本书计算）"',
         'md_table(network.with_index(network.communities_by_field(graph, "en"), "Field"), '
         '"Communities (columns) by field (rows): number of mechanisms in each cell (computed by this edition)"'),
        ('"删除论坛后，绝大多数机制仍然连在一起。可见在编码后的网络里，论坛居于引领位置，却不是把体系连在一起的唯一节点；"\n'
         '    "这与原文所说以论坛为引领、以多双边合作为支撑的架构相合，体系由论坛和若干总括性节点共同撑起"',
         '"without the Forum almost all mechanisms stay connected: in the coded network the Forum leads but is not "\n'
         '    "the only node holding the system together, which fits the article\'s architecture of a leading Forum "\n'
         '    "supported by bilateral and multilateral cooperation, with the Forum and several summary nodes "\n'
         '    "carrying the system between them"'),
        ('"删除论坛后，网络明显散开。可见在编码后的网络里，论坛不仅居于引领位置，也是把体系连在一起的主要节点"',
         '"without the Forum the network clearly falls apart: in the coded network the Forum not only leads but is "\n'
         '    "the main node holding the system together"'),
        ('"论坛秘书处在断开之列。原文把秘书处的设立看作论坛走向正式化、实体化的一步，但在编码中它只与论坛本身相连，"\n'
         '    "与其他机制之间还没有记录下来的关系"',
         '"the Forum\'s secretariat is among the mechanisms cut off: the article sees its founding as a step towards "\n'
         '    "a formal, standing Forum, but in the coding it is linked only to the Forum itself, with no recorded "\n'
         '    "relation to any other mechanism"'),
        ('"论坛秘书处在编码中还与论坛之外的机制相连，删除论坛并不会使它孤立"',
         '"the Forum\'s secretariat is linked in the coding to mechanisms other than the Forum, so removing the "\n'
         '    "Forum does not isolate it"'),
        ('md_table(network.removal_table(graph, [network.HUB, broker]), "删除高峰论坛或中介中心性最高的节点前后的连通性（本书计算）"',
         'md_table(network.removal_table(graph, [network.HUB, broker], lang="en"), '
         '"Connectivity before and after removing the Forum or the node of highest betweenness (computed by this edition)"'),
        ("field_kind = network.fields_by_kinds(graph)", 'field_kind = network.fields_by_kinds(graph, "en")'),
        ('label(FIELD_LABELS, "finance", "zh")', 'label(FIELD_LABELS, "finance", "en")'),
        ('label(FIELD_LABELS, "cross_field", "zh")', 'label(FIELD_LABELS, "cross_field", "en")'),
        ("sections = network.section_labels(tables.sections)\n", 'sections = network.section_labels(tables.sections, "en")\n'),
        ('"”和“".join(cross.index[:2])', '"” and “".join(cross.index[:2])'),
        ('network.kind_label("framework", "zh")', 'network.kind_label("framework", "en")'),
        ('glue("lonely-fields", "、".join(label(FIELD_LABELS, f, "zh")', 'glue("lonely-fields", ", ".join(label(FIELD_LABELS, f, "en")'),
        ('glue("lonely-sections", "、".join(', 'glue("lonely-sections", ", ".join('),
        ('md_table(network.with_index(field_kind, "领域"), "机制的领域（行）与类型（列）交叉表（data/mechanisms.csv）"',
         'md_table(network.with_index(field_kind, "Field"), "Mechanisms by field (rows) and kind (columns) (data/mechanisms.csv)"'),
    ],
}
