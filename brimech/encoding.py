"""Visual encodings and labels shared by every figure: one place, so colours mean the same in all charts.

Colours follow the field (the 五通 pillars first, then named domains); marker
shapes follow the kind of mechanism. Labels exist in Chinese and English so the
same drawing code makes both language versions.
"""

from __future__ import annotations

# The five connectivity pillars (五通) in the order the literature lists them.
PILLARS = ("policy", "infrastructure", "trade", "finance", "people")

FIELD_LABELS = {
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
}

# Colour-blind-aware qualitative colours (Okabe-Ito first, then Tableau), fixed per field.
FIELD_COLOURS = {
    "policy": "#0072B2",
    "infrastructure": "#E69F00",
    "trade": "#009E73",
    "finance": "#CC79A7",
    "people": "#D55E00",
    "science_tech": "#56B4E9",
    "digital": "#7F3C8D",
    "green": "#4E9A06",
    "energy": "#B8860B",
    "tax": "#8C564B",
    "ip": "#17BECF",
    "ai": "#1F3A93",
    "disaster": "#9E2A2B",
    "supply_chain": "#2F8F83",
    "investment": "#C44E52",
    "security": "#555555",
    "cross_field": "#999999",
}

KIND_LABELS = {
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
}

KIND_MARKERS = {
    "forum": "*",
    "secretariat": "P",
    "coordination": "H",
    "dialogue": "h",
    "agreement_form": "s",
    "plan": "D",
    "initiative": "^",
    "platform": "p",
    "network": "8",
    "centre": "d",
    "park": "v",
    "rule": "X",
    "financing": "$¥$",
    "mechanism": "o",
    "framework": "<",
    "policy": ">",
    "institution": (7, 0, 0),  # a heptagon: every named filled shape is taken, and it must fill (hollow = proposed)
}

RELATION_LABELS = {
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
}

RELATION_STYLES = {
    "leads": "solid",
    "coordinates": (0, (6, 2)),
    "covers": (0, (3, 1, 3, 3)),
    "supports": (0, (1, 2.5)),  # sparse dots
    "part_of": (0, (4, 1.5)),  # short dashes: the commonest relation, kept distinct from "supports"
    "upgrades_to": (0, (4, 1, 1, 1)),
    "integrates_into": (0, (8, 2, 1, 2)),
    "complements": (0, (2, 3)),
    "implements": (0, (5, 5)),
    "guides": (0, (3, 1, 1, 1, 1, 1)),
    "finances": (0, (1, 2, 4, 2)),
    "builds_on": (0, (6, 1)),
    "aligns_with": (0, (1, 4)),
    "regulates": (0, (4, 2, 2, 2)),
    "instance_of": (0, (2, 1)),
    "competes_with": (0, (1, 1, 3, 1)),
}

STAGE_LABELS = {
    "single_field": ("单一领域", "Single field"),
    "pillar": ("支柱领域（五通）", "Pillar fields (five connectivities)"),
    "comprehensive": ("综合领域", "Comprehensive"),
}

# The comprehensive stage's three dimensions (四(三)).
DIMENSION_LABELS = {
    "cross_field": ("跨领域整合", "Cross-field integration"),
    "cross_actor": ("跨行为体、跨部门整合", "Cross-actor and cross-department integration"),
    "institutional": ("制度化与一体化", "Institutionalisation and integration"),
}

FORMALITY_LABELS = {
    "soft": ("软机制", "Soft"),
    "mixed": ("软硬结合", "Mixed"),
    "hard": ("正式约束机制", "Hard (binding)"),
    "unspecified": ("原文未说明", "Not specified"),
}

# Breadth of a mechanism, on the scale of the staged path.
BREADTH_LABELS = {
    "single": ("单一领域", "Single field"),
    "pillar": ("支柱领域", "Pillar field"),
    "comprehensive": ("综合领域", "Comprehensive"),
}

ACTOR_LABELS = {
    "official": ("官方", "Official"),
    "semi_official": ("半官方", "Semi-official"),
    "civil": ("民间", "Civil"),
    "multi": ("多层次", "Multi-level"),
    "unspecified": ("未说明", "Unspecified"),
}

# Whether the article reports a mechanism as existing or calls for it (drawn hollow).
STATUS_LABELS = {
    "existing": ("已有", "existing"),
    "proposed": ("建议", "proposed"),
}

# Whether the article states a relation or the coder inferred it from the context.
EVIDENCE_LABELS = {
    "stated": ("明确", "stated"),
    "implied": ("推断", "implied"),
}

LANGS = ("zh", "en")


def label(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The zh or en label of ``key``; an unknown key or language raises KeyError/ValueError."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return table[key][LANGS.index(lang)]


def name_column(lang: str) -> str:
    """The mechanisms column holding names in ``lang`` (name_zh / name_en)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return f"name_{lang}"
