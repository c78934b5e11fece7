# ruff: noqa: E501 -- each pair is a literal piece of a notebook's code, kept whole to be found
"""What changes in a chapter's code when the English edition runs it: the language switch and the text it glues.

The English notebooks (notebooks/en/) take every code cell from the Chinese notebook of the
same name, with these literal replacements applied in order (tools/editions.py). Nothing
else may differ, so the two editions compute the same figures, tables and numbers.
Each pair must still occur in the Chinese code: a pair that no longer matches is reported,
and so is any Chinese character left in the English code. Words the package glues itself
(brimech.vocabulary, brimech.analysis) follow ``lang`` and need no pair here.
"""

# In every chapter: the drawing, table and fact functions take the language as an argument.
EVERY_CHAPTER = [
    ('lang="zh"', 'lang="en"'),
]

CHAPTERS = {
    "01_necessity": [
        ("sections = network.section_labels(tables.sections)", 'sections = network.section_labels(tables.sections, "en")'),
        ("f\"{graph.nodes[u]['name_zh']} —{label('relation', d['type'], 'zh')}→ {graph.nodes[v]['name_zh']}\"",
         "f\"{graph.nodes[u]['name_en']} —{label('relation', d['type'], 'en')}→ {graph.nodes[v]['name_en']}\""),
        ("f\"（{network.locator_label(d['locator'], sections)}）\"",
         "f\" ({network.locator_label(d['locator'], sections, 'en')})\""),
        ('proposed = [graph.nodes[n]["name_zh"]', 'proposed = [graph.nodes[n]["name_en"]'),
        ('"；".join(proposed)', '"; ".join(proposed)'),
        ('"；".join(later_links) or "（数据中暂无）"', '"; ".join(later_links) or "(none in the data yet)"'),
    ],
    "02_progress": [
        ("sections = network.section_labels(tables.sections)", 'sections = network.section_labels(tables.sections, "en")'),
        ('return whole.nodes[node]["name_zh"]', 'return whole.nodes[node]["name_en"]'),
        ('"、".join(dict.fromkeys(network.locator_label(loc, sections) for',
         '", ".join(dict.fromkeys(network.locator_label(loc, sections, "en") for'),
        ("f\" —{label('relation', kind, 'zh')}→ \", f\"（{label('evidence', ev, 'zh')}；{passages}）\"",
         "f\" —{label('relation', kind, 'en')}→ \", f\" ({label('evidence', ev, 'en')}; {passages})\""),
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
    ],
    "04_pathways": [
        ('"三个阶段中原文提到的领域与措施（据 data/stages.csv）"',
         '"Fields and measures the article names at each of the three stages (from data/stages.csv)"'),
    ],
    "05_network_analysis": [
        ('md_table(network.node_key(graph, tables), "全文网络的节点编号（data/mechanisms.csv）"',
         'md_table(network.node_key(graph, tables, lang="en"), "Key to the node numbers of the whole network (data/mechanisms.csv)"'),
        ('md_table(network.centrality_display(graph, top=TABLE_TOP), f"中介中心性最高的 {TABLE_TOP} 个机制（本书计算）"',
         'md_table(network.centrality_display(graph, lang="en", top=TABLE_TOP), '
         'f"The {TABLE_TOP} mechanisms of highest betweenness centrality (computed by this edition)"'),
        ('md_table(network.brokers_display(graph, top=BROKERS_SHOWN), "邻居跨越领域最多的机制（本书计算）"',
         'md_table(network.brokers_display(graph, lang="en", top=BROKERS_SHOWN), '
         '"The mechanisms whose neighbours span the most fields (computed by this edition)"'),
        ('md_table(network.with_index(network.communities_by_field(graph), "领域"), '
         '"社群（列）与领域（行）的交叉表：各格为机制数（本书计算）"',
         'md_table(network.with_index(network.communities_by_field(graph, "en"), "Field"), '
         '"Communities (columns) by field (rows): number of mechanisms in each cell (computed by this edition)"'),
        ('md_table(network.removal_table(graph, [network.HUB, network.top_broker(graph)]), "删除高峰论坛或中介中心性最高的节点前后的连通性（本书计算）"',
         'md_table(network.removal_table(graph, [network.HUB, network.top_broker(graph)], lang="en"), '
         '"Connectivity before and after removing the Forum or the node of highest betweenness (computed by this edition)"'),
        ('md_table(network.with_index(network.fields_by_kinds(graph), "领域"), "机制的领域（行）与类型（列）交叉表（data/mechanisms.csv）"',
         'md_table(network.with_index(network.fields_by_kinds(graph, "en"), "Field"), '
         '"Mechanisms by field (rows) and kind (columns) (data/mechanisms.csv)"'),
    ],
}
