"""Every word the book's figures and tables show, in Chinese and English, and the one lookup for them.

Two kinds of entries:

* **Category labels** (:data:`CATEGORIES`): one group per coded field of the data,
  keyed by the values ``data/datapackage.json`` allows (``field``, ``kind``, ``relation`` ...).
  :data:`CODED_FIELDS` says which group labels which column; ``python -m brimech
  validate`` fails when an allowed value has no label (:func:`missing_labels`).
* **Texts** (:data:`TEXTS`): the figures' and tables' own words (legend titles,
  column headers, notes, the chapters' conditional reading sentences). A text
  with ``{placeholders}`` is filled in by :func:`text`.

Drawing and table code never writes a word in one language only: it asks
:func:`label` or :func:`text` with ``lang``, so the same code makes both editions.
Colours, marker shapes and line styles live in :mod:`brimech.encoding`.
"""

from __future__ import annotations

LANGS = ("zh", "en")

# The five connectivity pillars (五通) in the order the literature lists them.
PILLARS = ("policy", "infrastructure", "trade", "finance", "people")

CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    "field": {
        "policy": ("政策沟通", "Policy coordination"),
        "infrastructure": ("设施联通", "Infrastructure connectivity"),
        "trade": ("贸易畅通", "Unimpeded trade"),
        "finance": ("资金融通", "Financial integration"),
        "people": ("民心相通", "People-to-people bonds"),
        "science_tech": ("科技创新", "Science and technology"),
        "digital": ("数字经济", "Digital economy"),
        "green": ("绿色发展", "Green development"),
        "energy": ("能源", "Energy"),
        "tax": ("税收", "Taxation"),
        "ip": ("知识产权", "Intellectual property"),
        "ai": ("人工智能", "Artificial intelligence"),
        "disaster": ("减灾", "Disaster reduction"),
        "supply_chain": ("供应链", "Supply chains"),
        "investment": ("投融资", "Investment"),
        "security": ("安全", "Security"),
        "cross_field": ("跨领域", "Cross-field"),
    },
    "kind": {
        "forum": ("论坛", "Forum"),
        "secretariat": ("秘书处", "Secretariat"),
        "coordination": ("协调机制", "Coordination mechanism"),
        "dialogue": ("对话磋商", "Dialogue"),
        "agreement_form": ("协议形式", "Agreement form"),
        "plan": ("行动计划", "Plan"),
        "initiative": ("倡议", "Initiative"),
        "platform": ("平台", "Platform"),
        "network": ("网络", "Network"),
        "centre": ("中心", "Centre"),
        "park": ("园区", "Park"),
        "rule": ("规则标准", "Rule or standard"),
        "financing": ("融资安排", "Financing"),
        "mechanism": ("机制", "Mechanism"),
        "framework": ("框架", "Framework"),
        "policy": ("政策文件", "Policy document"),
        "institution": ("机构", "Institution"),
    },
    "relation": {
        "leads": ("引领", "leads"),
        "coordinates": ("协调", "coordinates"),
        "covers": ("涵盖领域", "covers"),
        "supports": ("支撑", "supports"),
        "part_of": ("组成部分", "part of"),
        "upgrades_to": ("升级为", "upgrades to"),
        "integrates_into": ("整合进", "integrates into"),
        "complements": ("互补", "complements"),
        "implements": ("落实", "implements"),
        "guides": ("指导", "guides"),
        "finances": ("融资", "finances"),
        "builds_on": ("依托", "builds on"),
        "aligns_with": ("对接", "aligns with"),
        "regulates": ("规范", "regulates"),
        "instance_of": ("属于", "instance of"),
        "competes_with": ("竞争", "competes with"),
    },
    # Whether the article reports a mechanism as existing or calls for it (drawn hollow).
    "status": {
        "existing": ("已有", "existing"),
        "proposed": ("建议", "proposed"),
    },
    # Whether the article states a relation or the coder inferred it from the context.
    "evidence": {
        "stated": ("明确", "stated"),
        "implied": ("推断", "implied"),
    },
    # The headline priorities of 三(一)-(四), in the article's order.
    "priority": {
        "supply_chain": ("供应链保障", "Supply-chain security"),
        "digital": ("数字经济与数字贸易", "Digital economy and trade"),
        "project_screening": ("重点项目筛选", "Screening of key projects"),
        "private_capital": ("社会资本参与", "Private capital"),
    },
    "stage": {
        "single_field": ("单一领域", "Single field"),
        "pillar": ("支柱领域（五通）", "Pillar fields (five connectivities)"),
        "comprehensive": ("综合领域", "Comprehensive"),
    },
    # The comprehensive stage's three dimensions (四(三)).
    "dimension": {
        "cross_field": ("跨领域整合", "Cross-field integration"),
        "cross_actor": ("跨行为体、跨部门整合", "Cross-actor and cross-department integration"),
        "institutional": ("制度化与一体化", "Institutionalisation and integration"),
    },
    "formality": {
        "soft": ("软机制", "Soft"),
        "mixed": ("软硬结合", "Mixed"),
        "hard": ("正式约束机制", "Hard (binding)"),
        "unspecified": ("原文未说明", "Not specified"),
    },
    # Breadth of a mechanism, on the scale of the staged path.
    "breadth": {
        "single": ("单一领域", "Single field"),
        "pillar": ("支柱领域", "Pillar field"),
        "comprehensive": ("综合领域", "Comprehensive"),
    },
    "actor": {
        "official": ("官方", "Official"),
        "semi_official": ("半官方", "Semi-official"),
        "civil": ("民间", "Civil"),
        "multi": ("多层次", "Multi-level"),
        "unspecified": ("未说明", "Unspecified"),
    },
    # 四(二)'s three principles and the functions they guide.
    "principle": {
        "consultation": ("共商", "Extensive consultation"),
        "contribution": ("共建", "Joint contribution"),
        "shared_benefits": ("共享", "Shared benefits"),
    },
    "principle_function": {
        "agenda_and_rules": ("议题设置与规则制定", "Agenda-setting and rule-making"),
        "cooperation_platforms": ("合作平台", "Cooperation platforms"),
        "benefit_distribution": ("利益分配", "Benefit distribution"),
    },
    # Kinds of dated events (milestones.csv), as the timeline's legend names them.
    "milestone_kind": {
        "platform_founded": ("平台成立", "platform founded"),
        "plan": ("行动计划", "plan"),
        "initiative": ("倡议提出", "initiative"),
        "secretariat": ("秘书处", "secretariat"),
        "forum": ("高峰论坛", "Forum"),
        "policy": ("政策文件", "policy document"),
    },
    # A measure counts the same thing at every Forum (data/README.md); counts made differently
    # get different measures. The order is the order of the Forum figure's panels.
    "measure": {
        "countries": ("参会国家", "Countries"),
        "international_organisations": ("国际组织", "International organisations"),
        "heads_of_state": ("外国在任元首和政府首脑", "Sitting foreign heads of state or government"),
        "deliverables": ("成果清单项数", "Listed deliverables"),
        "delegates": ("正式代表人数", "Official delegates"),
        "foreign_guests": ("外宾人数", "Foreign guests"),
        "registered_participants": ("注册参会人数", "Registered participants"),
        "member_countries": ("成员国数", "Member countries"),
        "steps": ("行动项数", "Steps"),
    },
    "date_precision": {
        "day": ("日", "day"),
        "month": ("月", "month"),
        "year": ("年", "year"),
    },
}

# Which group labels which coded column: (table, column) -> group of CATEGORIES.
CODED_FIELDS = {
    ("mechanisms", "kind"): "kind",
    ("mechanisms", "actor_level"): "actor",
    ("mechanisms", "field"): "field",
    ("mechanisms", "status"): "status",
    ("mechanisms", "formality"): "formality",
    ("mechanisms", "breadth"): "breadth",
    ("mechanisms", "priority"): "priority",
    ("relations", "type"): "relation",
    ("relations", "evidence"): "evidence",
    ("stages", "stage"): "stage",
    ("stages", "field"): "field",
    ("stages", "dimension"): "dimension",
    ("principles", "id"): "principle",
    ("principles", "function"): "principle_function",
    ("milestones", "date_precision"): "date_precision",
    ("milestones", "kind"): "milestone_kind",
    ("milestones", "field"): "field",
    ("milestones", "measure"): "measure",
}

TEXTS: dict[str, tuple[str, str]] = {
    # Separators and brackets around data in running text.
    "list_sep": ("、", ", "),
    "names_sep": ("、", "; "),  # names may hold commas
    "clause_sep": ("；", "; "),
    "in_brackets": ("（{}）", " ({})"),
    "ordinal_heading": ("（{numeral}）", "({n}) "),
    # Network figures: legend.
    "legend.field": ("领域（颜色）", "Field (colour)"),
    "legend.kind": ("类型（形状）", "Kind (shape)"),
    "legend.status_relation": ("状态与关系（线型）", "Status and relation (line)"),
    "legend.existing": ("已有", "existing"),
    "legend.proposed_hollow": ("建议（空心）", "proposed (hollow)"),
    "legend.priority_outline": ("四项优先机制（粗黑边）", "priority (thick outline)"),
    "legend.hollow_called_for": ("空心 = 原文呼吁建立", "hollow = called for"),
    # Forum figure and table.
    "forum.tick": ("第{numeral}届\n{year}", "{ordinal}\n{year}"),
    "forum.row": ("第{numeral}届（{year}）", "{ordinal} ({year})"),
    "forum.secretariat_outline": (
        "黑框：该届论坛宣布设立高峰论坛秘书处",
        "Black outline: the Forum that announced the Forum secretariat",
    ),
    "forum.article_section": ("原文 {}", "article {}"),
    "column.forum": ("届次", "Forum"),
    "column.measure": ("指标", "Measure"),
    "column.value": ("数值", "Value"),
    "column.event": ("事件", "Event"),
    "column.counted": ("计数口径与说明", "What is counted"),
    "column.source": ("来源", "Source"),
    # Timeline.
    "timeline.year_axis": ("年份（只知年份的事件画在年中）", "Year (events known only by year are drawn mid-year)"),
    # Chapter 1: the two drivers.
    "drivers.opening": ("总述：从协议与会晤走向规则", "Opening: from agreements and meetings to rules"),
    "drivers.none_coded": ("（数据中尚无此节的机制）", "(no mechanisms coded here)"),
    # Chapter 5: centrality and hub removal.
    "centrality.betweenness": ("中介中心性（介数）", "Betweenness centrality"),
    "centrality.degree": ("度（相连机制数）", "Degree (linked mechanisms)"),
    "removal.whole": ("完整网络", "Whole network"),
    "removal.without": ("删除", "Without "),
    "removal.components": ("\n{n} 个连通分量", "\n{n} component(s)"),
    "removal.component_axis": ("连通分量（按规模排序）", "Component (by size)"),
    "removal.mechanisms_axis": ("机制数", "Mechanisms"),
    "removal.measure.components_before": ("删除前连通分量数", "Components before"),
    "removal.measure.components_after": ("删除后连通分量数", "Components after"),
    "removal.measure.largest_share_before": ("删除前最大分量占比", "Largest component share before"),
    "removal.measure.largest_share_after": ("删除后最大分量占比", "Largest component share after"),
    "removal.measure.edges_after": ("删除后关系数", "Edges after"),
    "removal.measure.cut_off": ("与最大分量断开的机制", "Mechanisms cut off from the largest component"),
    "removal.cut_off_names": ("{n}：{names}", "{n}: {names}"),
    "removal.column": ("删除 ", "Without "),
    "community": ("社群", "C"),
    # Table columns.
    "column.no": ("编号", "No."),
    "column.name": ("名称", "Name"),
    "column.field": ("领域", "Field"),
    "column.status": ("状态", "Status"),
    "column.in_article": ("原文位置", "In the article"),
    "column.rank": ("名次", "Rank"),
    "column.mechanism": ("机制", "Mechanism"),
    "column.degree": ("度", "Degree"),
    "column.betweenness": ("中介中心性", "Betweenness"),
    "column.interfield": ("跨领域中介", "Inter-field betweenness"),
    "column.own_field": ("本身领域", "Own field"),
    "column.neighbour_fields": ("邻居领域数", "Neighbour fields"),
    "column.fields_of_neighbours": ("邻居所属领域", "Fields of neighbours"),
    "column.stage": ("阶段", "Stage"),
    "column.field_or_dimension": ("领域或层面", "Field or dimension"),
    "column.stage_measure": ("措施", "Measure"),
    "column.priority": ("优先机制", "Priority mechanism"),
    "column.parts": ("部分数", "Parts"),
    "column.comprises": ("组成部分", "What it comprises"),
    "status.priority_suffix": ("（优先）", " (priority)"),
    "locator.heading": ("标题", " heading"),
    "stage.general": ("总体要求", "General"),
    # Diagrams of 三 and 四.
    "stages.relation_source": ("（data/relations.csv）", " (data/relations.csv)"),
    "stages.example_measure": ("原文基础设施例子中的措施", "measure of the article's infrastructure example"),
    "stages.all_part_of": ("均属于：", "All part of: "),
    "stages.reached": (
        "原文未把例子带入这一阶段，经关系连到的措施",
        "not part of the article's example: reached through the relations",
    ),
    "stages.no_measure": ("（原文未举这一领域的措施）", "(the article names no measure here)"),
    "stages.direction": ("原文所述的推进方向", "the direction the article describes"),
    "priorities.proposed": ("原文提议的机制", "proposed by the article"),
    "priorities.existing": ("已有机制", "existing"),
    "priorities.colour": ("颜色：所属领域", "colour: field"),
    "cite.et_al": ("等", " et al."),
    "principles.title": (
        "“共商、共建、共享”原则引领机制化建设",
        "Consultation, contribution and shared benefits guide institution-building",
    ),
    "principles.guides": ("指导", "guides"),
    "principles.cited": ("引：", "Cited: "),
    "formality.bracket": (
        "原文建议：软机制与正式约束机制的复合模式，兼顾灵活与可信",
        "The article recommends a composite of soft and binding mechanisms: flexible and credible",
    ),
    "formality.more": ("等（共 {total} 项）", " and {more} more"),
    "formality.axis": ("约束程度：软 → 硬", "Formality: soft → hard"),
    "actors.title": ("各层级的机制（列出第四部分提到的）", "Mechanisms by actor level (those named in IV shown)"),
    "actors.count": ("共 {n} 项", "{n} in all"),
    "actors.more": ("另有 {n} 项", "and {n} more"),
    "actors.from_elsewhere": ("四未提及，\n列其他部分的", "none in IV;\nfrom elsewhere"),
    "actors.proposed": ("原文提议", "proposed"),
    "actors.colour": ("颜色：领域", "colour: field"),
    "actors.channels": ("层级之间的关系（条）", "Relations between levels"),
    "actors.from_to": ("起点＼终点", "from \\ to"),
    # Chapter 5 prose: words around glued values, and the readings chosen by the outcome (brimech.analysis).
    "quoted_and": ("”和“", "\" and \""),
    "reading.principles_top.same": ("保持不变", "stay the same"),
    "reading.principles_top.changed": ("会发生变化", "would change"),
    "reading.forum_rank.between_lower": (
        "它连着的机制多，处在其他机制之间的程度却相对低：与它相连的机制彼此之间还有别的路径",
        "it is linked to many mechanisms but lies between others less often: the mechanisms linked to it "
        "have other paths between them",
    ),
    "reading.forum_rank.between_high": (
        "它不但连着的机制多，也处在许多机制之间的最短路径上",
        "it is not only linked to many mechanisms but also lies on many shortest paths between them",
    ),
    "reading.brokers.umbrella_first": (
        "连接面最广的是少数总括性节点，但领域之间的接触并不只经过它们，许多具体领域的机制也直接连到别的领域",
        "the widest connections belong to a few umbrella nodes, but contact between fields does not pass through "
        "them alone: many mechanisms of specific fields link directly to other fields",
    ),
    "reading.brokers.spread_out": (
        "在连接面最广的机制中，总括性节点所占的比例并不比全体中高，领域之间的接触分散在各类机制上",
        "umbrella nodes are no more common among the most widely connected mechanisms than among all of them: "
        "contact between fields is spread over every kind of mechanism",
    ),
    "reading.forum_removal.holds": (
        "删除论坛后，绝大多数机制仍然连在一起。可见在编码后的网络里，论坛居于引领位置，却不是把体系连在一起的唯一节点；"
        "这与原文所说以论坛为引领、以多双边合作为支撑的架构相合，体系由论坛和若干总括性节点共同撑起",
        "without the Forum almost all mechanisms stay connected. In the coded network the Forum leads but is not "
        "the only node holding the system together; this fits the architecture the article describes, led by the "
        "Forum and supported by multilateral and bilateral cooperation: the Forum and a few umbrella nodes hold "
        "the system up together",
    ),
    "reading.forum_removal.falls_apart": (
        "删除论坛后，网络明显散开。可见在编码后的网络里，论坛不仅居于引领位置，也是把体系连在一起的主要节点",
        "without the Forum the network clearly falls apart. In the coded network the Forum not only leads but is "
        "also the main node holding the system together",
    ),
    "reading.secretariat.isolated": (
        "论坛秘书处在断开之列。原文把秘书处的设立看作论坛走向正式化、实体化的一步，但在编码中它只与论坛本身相连，"
        "与其他机制之间还没有记录下来的关系",
        "the Forum secretariat is among those cut off. The article treats setting it up as a step towards a more "
        "formal and substantial Forum, but in the coding it is linked to the Forum alone and has no recorded "
        "relation to any other mechanism yet",
    ),
    "reading.secretariat.linked": (
        "论坛秘书处在编码中还与论坛之外的机制相连，删除论坛并不会使它孤立",
        "in the coding the Forum secretariat is also linked to mechanisms other than the Forum, so removing the "
        "Forum does not isolate it",
    ),
    "actors.channels_note": (
        "行：关系的起点所属层级；列：终点所属层级。数据：data/relations.csv 全部关系",
        "Rows: level of the relation's source; columns: level of its target. All of data/relations.csv",
    ),
}

VOCABULARY: dict[str, dict[str, tuple[str, str]]] = {**CATEGORIES, "text": TEXTS}


def _index(lang: str) -> int:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return LANGS.index(lang)


def label(group: str, key: str, lang: str) -> str:
    """The ``lang`` label of ``key`` in ``group`` (a category such as ``field``, or ``text``).

    An unknown group or key raises KeyError naming both; an unknown language ValueError.
    """
    index = _index(lang)
    try:
        return VOCABULARY[group][key][index]
    except KeyError:
        raise KeyError(f"no {lang} label for {key!r} in vocabulary group {group!r} (brimech/vocabulary.py)") from None


def text(key: str, lang: str, *args, **values) -> str:
    """A figure's or table's own words (:data:`TEXTS`), with ``{placeholders}`` filled in if given."""
    words = label("text", key, lang)
    return words.format(*args, **values) if args or values else words


def order(group: str) -> tuple[str, ...]:
    """The keys of a category group in their display order (the order they are listed here)."""
    return tuple(CATEGORIES[group])


def name_column(lang: str) -> str:
    """The mechanisms column holding names in ``lang`` (name_zh / name_en)."""
    _index(lang)
    return f"name_{lang}"


def missing_labels(descriptor: dict) -> list[str]:
    """One line per allowed value of a coded column that has no label in one of the languages.

    ``descriptor`` is the parsed ``datapackage.json``. A column with an ``enum``
    constraint that :data:`CODED_FIELDS` does not bind to a group is reported too.
    """
    problems = []
    for resource in descriptor.get("resources", []):
        table = resource.get("name", "?")
        for field in resource.get("schema", {}).get("fields", []):
            allowed = field.get("constraints", {}).get("enum")
            if not allowed:
                continue
            where = f"datapackage.json: {table}.{field.get('name')}"
            group = CODED_FIELDS.get((table, field.get("name")))
            if group is None:
                problems.append(f"{where}: coded column has no label group in brimech/vocabulary.py (CODED_FIELDS)")
                continue
            labels = CATEGORIES[group]
            for value in allowed:
                for lang in LANGS:
                    if not labels.get(value, ("", ""))[_index(lang)].strip():
                        problems.append(
                            f"{where}: value {value!r} has no {lang} label (brimech/vocabulary.py, group {group!r})"
                        )
    return problems


def chinese_numeral(n: int) -> str:
    """一 .. 九 for 1 .. 9 (the Forums, the article's numbered parts)."""
    return "一二三四五六七八九"[n - 1]


def english_ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")
