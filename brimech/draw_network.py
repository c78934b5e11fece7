"""Figures of chapters 1, 2 and 5: mechanism networks, Forum milestones, platform timeline, drivers, centrality.

Every public figure function has the signature ``(tables, lang="zh") -> Figure``
and is listed in :data:`FIGURES` under a stable id. Nothing is random and no
node, edge, label or position is written by hand: all come from the tables.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from brimech import escape, network
from brimech.encoding import (
    FIELD_COLOURS,
    FIELD_LABELS,
    label,
    name_column,
)
from brimech.style import use_book_style

PRIORITY_EDGE = "#111111"
CONTEXT_ALPHA = 0.55  # nodes named outside the section, drawn only for their links
LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _t(zh: str, en: str, lang: str) -> str:
    """Pick the zh or en wording of a figure's own text."""
    return zh if lang == "zh" else en


def _wrap(text: str, lang: str, width_zh: int = 8, width_en: int = 18) -> str:
    # CJK text has no spaces, so textwrap breaks it by character count.
    width = width_zh if lang == "zh" else width_en
    return "\n".join(textwrap.wrap(text, width=width, break_long_words=True)) or text


# --- network drawing -----------------------------------------------------------------------


# Above this many edges arrowheads are too small to read and one patch per edge too slow to draw:
# edges become one line collection per relation type (the synthetic benchmarks reach 27 000 edges).
MAX_ARROW_EDGES = 1500
# Above this many nodes no page can show a label per node legibly: the figure draws nodes only.
MAX_LABELLED_NODES = 2000


def _draw_edges(ax, graph: nx.MultiDiGraph, pos: dict, node_size_pts: float) -> None:
    edges = [(u, v, k, rel) for u, v, k, rel in sorted(graph.edges(keys=True, data="type")) if u != v]
    if len(edges) > MAX_ARROW_EDGES:
        by_type: dict[str, list] = {}
        for u, v, _, rel in edges:
            by_type.setdefault(rel, []).append((pos[u], pos[v]))
        for rel, segments in sorted(by_type.items()):
            ax.add_collection(
                LineCollection(
                    segments, linestyles=network.relation_style(rel), linewidths=0.4, colors="#555555", zorder=1
                )
            )
        return
    to_display = ax.transData.transform
    to_data = ax.transData.inverted().transform
    shrink_px = node_size_pts * ax.figure.dpi / 72
    for u, v, k, rel in edges:
        # Parallel edges of different types bend apart so each stays visible.
        parallel = sorted(graph.get_edge_data(u, v).keys()) + sorted((graph.get_edge_data(v, u) or {}).keys())
        rad = 0.12 * parallel.index(k) if len(parallel) > 1 else 0.0
        start, end, shrink = pos[u], pos[v], node_size_pts
        if rad == 0.0:
            # Shorten straight edges here: matplotlib shrinks an arrow by clipping its path
            # against circles, which made drawing the whole network several times slower.
            a, b = to_display(start), to_display(end)
            length = float(np.hypot(*(b - a)))
            if length > 2 * shrink_px:
                step = (b - a) / length * shrink_px
                start, end, shrink = tuple(to_data(a + step)), tuple(to_data(b - step)), 0.0
        ax.add_patch(
            FancyArrowPatch(
                posA=start,
                posB=end,
                arrowstyle="-|>",
                mutation_scale=7,
                linestyle=network.relation_style(rel),
                linewidth=0.7,
                color="#555555",
                shrinkA=shrink,
                shrinkB=shrink,
                connectionstyle=f"arc3,rad={rad}",
                zorder=1,
            )
        )


def _node_style(
    kind: str, colour: str, *, proposed: bool, priority: bool = False, size: float = 60, alpha: float = 1.0
) -> dict:
    """scatter() keywords of a node: filled if existing, hollow if proposed, thick black outline if priority."""
    marker = network.kind_marker(kind)
    if not MarkerStyle(marker).is_filled():
        # Line-only markers (e.g. "x") have no face to hollow out: draw them in the field colour.
        return {"s": size, "marker": marker, "color": colour, "linewidths": 1.3, "alpha": alpha, "zorder": 3}
    return {
        "s": size,
        "marker": marker,
        "facecolors": "white" if proposed else colour,
        "edgecolors": PRIORITY_EDGE if priority else colour,
        "linewidths": 2.2 if priority else 1.3,
        "alpha": alpha,
        "zorder": 3,
    }


def _node_marker(ax, xy, kind: str, colour: str, **style) -> None:
    """One node, styled by :func:`_node_style`."""
    ax.scatter(*xy, **_node_style(kind, colour, **style))


def _draw_nodes(ax, graph: nx.MultiDiGraph, pos: dict, size: float, hub: str = network.HUB) -> None:
    # One scatter per distinct style, not per node: the same picture, far fewer artists.
    groups: dict[tuple, tuple[dict, list]] = {}
    for node in sorted(graph):
        attrs = graph.nodes[node]
        style = _node_style(
            attrs["kind"],
            FIELD_COLOURS[attrs["field"]],
            proposed=attrs["status"] == "proposed",
            priority=network.is_priority(graph, node),
            size=size * (2.2 if node == hub else 1.0),
            alpha=1.0 if attrs.get("core", True) or node == hub else CONTEXT_ALPHA,
        )
        key = tuple(sorted((k, str(v)) for k, v in style.items()))
        groups.setdefault(key, (style, []))[1].append(pos[node])
    for style, points in groups.values():
        xs, ys = zip(*points, strict=True)
        ax.scatter(xs, ys, **style)


def _text_box(text: Text, renderer) -> Bbox:
    """The box of the text alone; an annotation's own extent would include its leader line."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)  # place the text at its offset before measuring
    return Text.get_window_extent(text, renderer)


class _BoxIndex:
    """Boxes in display coordinates, bucketed on a grid so an overlap test looks at neighbours only."""

    def __init__(self, cell: float):
        self.cell = cell
        self.buckets: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _cells(self, box):
        x0, y0, x1, y1 = box
        c = self.cell
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                yield i, j

    def overlaps(self, box) -> bool:
        x0, y0, x1, y1 = box
        return any(
            x0 < bx1 and bx0 < x1 and y0 < by1 and by0 < y1
            for cell in self._cells(box)
            for bx0, by0, bx1, by1 in self.buckets.get(cell, ())
        )

    def add(self, box) -> None:
        for cell in self._cells(box):
            self.buckets.setdefault(cell, []).append(box)


def _aligned_box(anchor, size, ha: str, va: str, pad: float):
    """The box of a text of ``size`` (w, h) placed at ``anchor`` with alignment ``ha``/``va``, padded."""
    (x, y), (w, h) = anchor, size
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
    y0 = {"bottom": y, "center": y - h / 2, "top": y - h}[va]
    return (x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad)


def _place_labels(ax, pos: dict, texts: dict, fontsize: float, gap: float) -> list:
    """Greedy label placement: try spots around each node, keep the first that overlaps nothing.

    Each label is measured once; its candidate boxes are then computed, not
    drawn, and tested against a grid index of the boxes already taken, so the
    cost grows with the number of labels, not its square. Works in display
    coordinates on an Agg renderer: the result is the same on every run; the
    figure must already have its final size and limits.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_display = ax.transData.transform
    points = fig.dpi / 72
    radius = gap * points
    margin = 1.5 * points
    taken = _BoxIndex(cell=max(8 * radius, 1.0))
    for x, y in to_display(np.array(list(pos.values()), dtype=float)):
        taken.add((x - radius * 0.8, y - radius * 0.8, x + radius * 0.8, y + radius * 0.8))
    # Below, above, right, left, then the diagonals, on rings further and further out.
    directions = [
        (0, -1, "center", "top"),
        (0, 1, "center", "bottom"),
        (1, 0, "left", "center"),
        (-1, 0, "right", "center"),
        (1, -1, "left", "top"),
        (-1, 1, "right", "bottom"),
        (1, 1, "left", "bottom"),
        (-1, -1, "right", "top"),
    ]
    candidates = [
        (dx * gap * ring, dy * gap * ring, ha, va)
        for ring in (1, 2.6, 4.5, 6.5)
        for dx, dy, ha, va in directions
    ]
    probe = Text(0, 0, "", fontsize=fontsize, linespacing=1.0, figure=fig)
    to_data = ax.transData.inverted().transform
    leaders = []

    artists = []
    for node in sorted(texts, key=lambda n: (-pos[n][1], pos[n][0], n)):
        probe.set_text(texts[node])
        extent = probe.get_window_extent(renderer)
        size = (extent.width, extent.height)
        anchor = to_display(pos[node])
        chosen, box = candidates[0], None
        for dx, dy, ha, va in candidates:
            trial = _aligned_box((anchor[0] + dx * points, anchor[1] + dy * points), size, ha, va, margin)
            if not taken.overlaps(trial):
                chosen, box = (dx, dy, ha, va), trial
                break
        if box is None:  # nowhere free: fall back to the first spot (label_overlaps() reports it)
            dx, dy, ha, va = chosen
            box = _aligned_box((anchor[0] + dx * points, anchor[1] + dy * points), size, ha, va, margin)
        taken.add(box)
        dx, dy, ha, va = chosen
        if abs(dx) > gap * 1.5 or abs(dy) > gap * 1.5:
            # A label pushed beyond the first ring gets a leader line back to its node; it runs
            # under the label's white box, and stops 3 pt short of the node.
            offset = np.array([dx, dy]) * points
            start = anchor + offset / np.hypot(*offset) * 3 * points
            leaders.append((tuple(to_data(start)), tuple(to_data(anchor + offset))))
        artists.append(
            ax.annotate(
                texts[node],
                xy=pos[node],
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                linespacing=1.0,
                bbox=LABEL_BOX,
                zorder=4,
            )
        )
    if leaders:
        ax.add_collection(LineCollection(leaders, colors="#888888", linewidths=0.5, zorder=3.5))
    return artists


def label_overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts of ``fig`` whose boxes overlap (legends excluded)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_visible() and text.get_text().strip():
                boxes.append((text.get_text(), _text_box(text, renderer)))
    return [
        (a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1 :] if box_a.overlaps(box_b)
    ]


def _field_handles(fields, lang: str, marker: str = "o") -> list[Line2D]:
    """Legend entries for field colours, in the order given."""
    return [
        Line2D([], [], marker=marker, linestyle="", markersize=6, color=FIELD_COLOURS[f], label=name)
        for f in fields
        for name in [label(FIELD_LABELS, f, lang)]
    ]


def _legend(ax, graph: nx.MultiDiGraph, lang: str) -> None:
    """Three legends under the network: fields (colour), kinds (marker), status and relations."""
    fields = [f for f in FIELD_LABELS if f in {graph.nodes[n]["field"] for n in graph}]
    kinds = [k for k in network.KIND_ORDER if k in {graph.nodes[n]["kind"] for n in graph}]
    present = {t for _, _, t in graph.edges(data="type")}
    relations = [r for r in network.RELATION_ORDER if r in present]
    field_handles = _field_handles(fields, lang)
    kind_handles = [
        Line2D(
            [],
            [],
            marker=network.kind_marker(k),
            linestyle="",
            markersize=6,
            color="#444444",
            label=network.kind_label(k, lang),
        )
        for k in kinds
    ]
    status_handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=6,
            color="#444444",
            label=_t("已有", "existing", lang),
        ),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=6,
            markerfacecolor="white",
            color="#444444",
            label=_t("建议（空心）", "proposed (hollow)", lang),
        ),
    ]
    if any(network.is_priority(graph, n) for n in graph):
        status_handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor=PRIORITY_EDGE,
                markeredgewidth=2.2,
                label=_t("四项优先机制（粗黑边）", "priority (thick outline)", lang),
            )
        )
    relation_handles = [
        Line2D(
            [],
            [],
            color="#555555",
            linestyle=network.relation_style(r),
            linewidth=1.0,
            label=network.relation_label(r, lang) + " →",
        )
        for r in relations
    ]
    groups = [
        (_t("领域（颜色）", "Field (colour)", lang), field_handles, 2),
        (_t("类型（形状）", "Kind (shape)", lang), kind_handles, 2),
        (
            _t("状态与关系（线型）", "Status and relation (line)", lang),
            status_handles + relation_handles,
            2 if len(relation_handles) > 10 else 1,
        ),
    ]
    ax.axis("off")
    x = 0.0
    # A long relation list (the whole network) takes two columns so it fits the legend's height.
    widths = [0.36, 0.33, 0.31] if len(relation_handles) > 10 else [0.38, 0.36, 0.26]
    for (title, handles, ncol), width in zip(groups, widths, strict=True):
        legend = ax.legend(
            handles=handles,
            title=title,
            loc="upper left",
            bbox_to_anchor=(x, 1.0),
            ncol=ncol,
            fontsize=7,
            title_fontsize=7.5,
            frameon=False,
            handlelength=2.6,
            columnspacing=1.0,
            labelspacing=0.35,
            alignment="left",
        )
        ax.add_artist(legend)
        x += width


def _network_figure(graph, pos, lang, *, texts, size, figsize, fontsize, gap, legend_height, title=None):
    use_book_style()
    fig = plt.figure(figsize=figsize)
    grid = fig.add_gridspec(2, 1, height_ratios=[figsize[1] - legend_height, legend_height], hspace=0.02)
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.06, max(xs) + 0.06)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.3)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=9)
    _draw_edges(ax, graph, pos, node_size_pts=np.sqrt(size) / 2 + 1)
    _draw_nodes(ax, graph, pos, size)
    if len(texts) <= MAX_LABELLED_NODES:
        _place_labels(ax, pos, texts, fontsize=fontsize, gap=gap)
    _legend(legend_ax, graph, lang)
    return fig


def progress_network(tables, lang: str = "zh") -> Figure:
    """Mechanism network of 二: mechanisms named there plus those they relate to, layered from the Forum."""
    graph = network.build_graph(tables, sections=["s2"])
    pos = network.layered_layout(graph, max_per_row=7)
    name = name_column(lang)
    texts = {n: _wrap(graph.nodes[n][name], lang, width_zh=7, width_en=20) for n in graph}
    return _network_figure(
        graph, pos, lang, texts=texts, size=70, figsize=(10.5, 13), fontsize=7, gap=6, legend_height=2.7
    )


def whole_network(tables, lang: str = "zh") -> Figure:
    """Every mechanism and relation of the data, nodes numbered as in :func:`network.node_key`."""
    graph = network.build_graph(tables)
    pos = network.layered_layout(graph, max_per_row=14, row_gap=0.5)
    numbers = network.node_numbers(graph, tables)
    texts = {n: str(numbers[n]) for n in graph}
    return _network_figure(
        graph, pos, lang, texts=texts, size=55, figsize=(11, 14), fontsize=7, gap=4.5, legend_height=2.4
    )


# --- chapter 2: the Forum and the platforms over time -------------------------------------------

# A measure counts the same thing at every Forum (data/README.md); counts made differently
# get different measures, and only measures known for every Forum are compared in the figure.
MEASURE_LABELS = {
    "countries": ("参会国家", "Countries"),
    "international_organisations": ("国际组织", "International organisations"),
    "heads_of_state": ("外国在任元首和政府首脑", "Sitting foreign heads of state or government"),
    "deliverables": ("成果清单项数", "Listed deliverables"),
    "delegates": ("正式代表人数", "Official delegates"),
    "foreign_guests": ("外宾人数", "Foreign guests"),
    "registered_participants": ("注册参会人数", "Registered participants"),
}
ORDINALS_ZH = "一二三四五六七八九"


def comparable_measures(tables) -> list[str]:
    """Forum measures with a value for every Forum, in the order of MEASURE_LABELS."""
    milestones = tables.milestones
    forums = milestones[(milestones["kind"] == "forum") & milestones["value"].notna()]
    years = pd.to_datetime(forums["date"]).dt.year
    per_measure = years.groupby(forums["measure"].astype(str)).nunique()
    every = years.nunique()
    return [m for m in MEASURE_LABELS if per_measure.get(m, 0) == every]


def forum_milestones(tables, lang: str = "zh") -> Figure:
    """Small multiples: each measure known for every Belt and Road Forum, one bar per Forum, secretariat marked.

    A measure recorded for some Forums only (the participant counts, made
    differently each time) is left out: the bars compare like with like.
    """
    use_book_style()
    milestones = tables.milestones
    forums = milestones[(milestones["kind"] == "forum") & milestones["value"].notna()].copy()
    forums["year"] = pd.to_datetime(forums["date"]).dt.year
    years = sorted(forums["year"].unique())
    measures = comparable_measures(tables)
    secretariat_years = set(
        pd.to_datetime(milestones.loc[milestones["kind"] == "secretariat", "date"]).dt.year
    )
    fig, axes = plt.subplots(
        1, max(len(measures), 1), figsize=(2.35 * max(len(measures), 1) + 0.4, 3.0), squeeze=False
    )
    ticks = [
        _t(f"第{ORDINALS_ZH[i]}届\n{y}", f"{_ordinal_en(i + 1)}\n{y}", lang) for i, y in enumerate(years)
    ]
    for ax, measure in zip(axes[0], measures, strict=False):
        rows = forums[forums["measure"] == measure].set_index("year")["value"]
        heights = [rows[y] for y in years]
        bars = ax.bar(range(len(years)), heights, color=FIELD_COLOURS["policy"], width=0.6)
        ax.bar_label(bars, labels=[f"{h:.0f}" for h in heights], fontsize=7, padding=2)
        for i, y in enumerate(years):
            if y in secretariat_years:
                bars[i].set_edgecolor(PRIORITY_EDGE)
                bars[i].set_linewidth(1.6)
        ax.set_xticks(range(len(years)), ticks, fontsize=7)
        ax.set_title(label(MEASURE_LABELS, measure, lang), fontsize=8)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="y", labelsize=7)
        ax.margins(y=0.18)
    for ax in axes[0][len(measures) :]:
        ax.axis("off")
    if secretariat_years:
        fig.text(
            0.5,
            -0.04,
            _t(
                "黑框：该届论坛宣布设立高峰论坛秘书处",
                "Black outline: the Forum that announced the Forum secretariat",
                lang,
            ),
            ha="center",
            fontsize=7.5,
        )
    fig.tight_layout()
    return fig


def forum_milestone_table(tables, lang: str = "zh") -> pd.DataFrame:
    """The numbers behind :func:`forum_milestones`, one row per Forum and measure, with each row's source."""
    milestones = tables.milestones
    forums = milestones[(milestones["kind"] == "forum") & milestones["value"].notna()].copy()
    forums["year"] = pd.to_datetime(forums["date"]).dt.year
    ordinal = {y: i for i, y in enumerate(sorted(forums["year"].unique()))}
    forums["measure_rank"] = forums["measure"].astype(str).map({m: i for i, m in enumerate(MEASURE_LABELS)})
    forums = forums.sort_values(["year", "measure_rank"])
    source = [
        escape.Link(url, url) if isinstance(url, str) else _t(f"原文 {sec}", f"article {sec}", lang)
        for url, sec in zip(forums["source_url"], forums["source_section"], strict=True)
    ]
    return pd.DataFrame(
        {
            _t("届次", "Forum", lang): [
                _t(f"第{ORDINALS_ZH[ordinal[y]]}届（{y}）", f"{_ordinal_en(ordinal[y] + 1)} ({y})", lang)
                for y in forums["year"]
            ],
            _t("指标", "Measure", lang): [label(MEASURE_LABELS, m, lang) for m in forums["measure"]],
            _t("数值", "Value", lang): [f"{v:,.0f}" for v in forums["value"]],
            _t("事件", "Event", lang): forums[f"event_{lang}"].astype(str).tolist(),
            _t("计数口径与说明", "What is counted", lang): forums["note"].fillna("").astype(str).tolist(),
            _t("来源", "Source", lang): source,
        }
    )


def _ordinal_en(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


TIMELINE_KINDS = ("platform_founded", "plan", "initiative")


def _decimal_year(date, precision: str) -> float:
    """Year as a number; a date known only to the year sits mid-year, one known to the month mid-month."""
    date = pd.Timestamp(date)
    if precision == "year":
        return date.year + 0.5
    if precision == "month":
        return date.year + (date.month - 0.5) / 12
    return date.year + (date.day_of_year - 0.5) / 365.25


def platform_timeline(tables, lang: str = "zh") -> Figure:
    """Dot plot: multilateral platforms, plans and initiatives by field (rows) and founding year (x)."""
    use_book_style()
    events = tables.milestones[tables.milestones["kind"].isin(TIMELINE_KINDS)].copy()
    # One dot per event: where the article's own year and an outside source's exact
    # date describe the same event, keep the more precise one.
    events["precision_rank"] = events["date_precision"].map({"day": 0, "month": 1, "year": 2})
    events["event_key"] = (
        events["mechanism"].fillna(events["id"]).astype(str) + "/" + events["kind"].astype(str)
    )
    events = events.sort_values(["precision_rank", "id"]).drop_duplicates("event_key")
    mechanism_field = tables.mechanisms.set_index("id")["field"].astype(str)
    events["field"] = [
        str(f) if isinstance(f, str) else mechanism_field.get(m, "cross_field")
        for f, m in zip(events["field"], events["mechanism"].fillna(""), strict=True)
    ]
    events["text"] = events[f"event_{lang}"].astype(str)
    events["x"] = [_decimal_year(d, p) for d, p in zip(events["date"], events["date_precision"], strict=True)]
    fields = [f for f in FIELD_LABELS if f in set(events["field"])]
    row_of = {f: i for i, f in enumerate(reversed(fields))}
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(fields) + 1.4))
    events = events.sort_values(["x", "id"])
    pos, texts = {}, {}
    for event in events.itertuples():
        # Events of one field in one year stack slightly so both dots stay visible.
        same = sum(
            1 for p in pos.values() if abs(p[0] - event.x) < 0.05 and abs(p[1] - row_of[event.field]) < 0.3
        )
        xy = (event.x + 0.12 * same, row_of[event.field])
        pos[event.id] = xy
        texts[event.id] = _wrap(event.text, lang, width_zh=13, width_en=30)
        ax.scatter(*xy, s=40, color=FIELD_COLOURS[event.field], marker=_timeline_marker(event.kind), zorder=3)
    ax.set_yticks(list(row_of.values()), [label(FIELD_LABELS, f, lang) for f in row_of], fontsize=8)
    years = (
        range(int(events["x"].min()) - 1, int(events["x"].max()) + 2) if len(events) else range(2013, 2025)
    )
    ax.set_xticks(list(years), [str(y) for y in years], fontsize=7.5)
    ax.set_xlim(min(years), max(years) + 0.3)
    ax.set_ylim(-0.7, len(fields) - 0.3)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.set_xlabel(
        _t("年份（只知年份的事件画在年中）", "Year (events known only by year are drawn mid-year)", lang),
        fontsize=7.5,
    )
    handles = [
        Line2D(
            [],
            [],
            marker=_timeline_marker(k),
            linestyle="",
            color="#444444",
            markersize=6,
            label=label(TIMELINE_KIND_LABELS, k, lang),
        )
        for k in TIMELINE_KINDS
        if k in set(events["kind"])
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        fontsize=7,
        frameon=False,
        ncol=len(handles),
        bbox_to_anchor=(0, 1.12),
    )
    fig.tight_layout()
    _place_labels(ax, pos, texts, fontsize=6.5, gap=5)
    return fig


TIMELINE_KIND_LABELS = {
    "platform_founded": ("平台成立", "platform founded"),
    "plan": ("行动计划", "plan"),
    "initiative": ("倡议提出", "initiative"),
    "secretariat": ("秘书处", "secretariat"),
}


def _timeline_marker(kind: str) -> str:
    return {"platform_founded": "p", "plan": "D", "initiative": "^", "secretariat": "P"}[kind]


# --- chapter 1: the two drivers -------------------------------------------------------------------


def necessity_drivers(tables, lang: str = "zh") -> Figure:
    """Part 一 as three columns: its opening, then its two reasons, each with the mechanisms coded there.

    Under each mechanism a grey line gives the relations coded for it in that
    part (type and other end), which says what the part asks the mechanism to do.
    """
    use_book_style()
    sections = tables.sections.set_index("id")
    graph = network.build_graph(tables)
    name = name_column(lang)
    title_col = f"title_{lang}"
    columns = ["s1", *(s for s in sections.index if str(sections.at[s, "parent"]) == "s1")]
    members = {c: [n for n in tables.mechanisms["id"] if graph.nodes[n]["section"] == c] for c in columns}
    tallest = max([len(m) for m in members.values()] + [1])
    fig, ax = plt.subplots(figsize=(10.5, 1.5 + 0.7 * tallest))
    ax.axis("off")
    ax.set_xlim(0, len(columns))
    ax.set_ylim(-tallest - 0.2, 1.45)
    for i, column in enumerate(columns):
        heading = _strip_number(str(sections.at[column, title_col]))
        if column == "s1":
            heading = _t("总述：从协议与会晤走向规则", "Opening: from agreements and meetings to rules", lang)
        ax.text(
            i + 0.04,
            1.0,
            _wrap(heading, lang, 17, 42),
            ha="left",
            va="center",
            fontsize=8.5,
            fontweight="bold",
            bbox={"boxstyle": "round,pad=0.35", "facecolor": "#f2f2f2", "edgecolor": "#888888"},
        )
        if not members[column]:
            ax.text(
                i + 0.08,
                -0.3,
                _t("（数据中尚无此节的机制）", "(no mechanisms coded here)", lang),
                fontsize=7.5,
                color="#888888",
            )
        for j, node in enumerate(members[column]):
            attrs = graph.nodes[node]
            y = -0.1 - j
            _node_marker(
                ax,
                (i + 0.08, y),
                attrs["kind"],
                FIELD_COLOURS[attrs["field"]],
                proposed=attrs["status"] == "proposed",
                size=55,
            )
            ax.text(
                i + 0.16,
                y + 0.04,
                _wrap(attrs[name], lang, 16, 40),
                va="bottom",
                fontsize=7.5,
                linespacing=1.0,
            )
            links = [
                f"{network.relation_label(d['type'], lang)} → {graph.nodes[v][name]}"
                for _, v, d in graph.out_edges(node, data=True)
                if d["section"] == column
            ]
            if links:
                ax.text(
                    i + 0.16,
                    y - 0.02,
                    _wrap("；".join(links) if lang == "zh" else "; ".join(links), lang, 20, 48),
                    va="top",
                    fontsize=6.5,
                    color="#666666",
                    linespacing=1.0,
                )
    fields = [f for f in FIELD_LABELS if f in {graph.nodes[n]["field"] for c in columns for n in members[c]}]
    handles = _field_handles(fields, lang)
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            color="#444444",
            markersize=6,
            label=_t("空心 = 原文呼吁建立", "hollow = called for", lang),
        )
    )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=len(handles),
        fontsize=7,
        frameon=False,
    )
    return fig


def _strip_number(title: str) -> str:
    """Drop the leading (一)/(1) of a heading: the figure shows the words only."""
    return title.split(")", 1)[1].strip() if title.startswith("(") and ")" in title else title


# --- chapter 5: centrality and hub removal ----------------------------------------------------------


def centrality(tables, lang: str = "zh", top: int = 12) -> Figure:
    """Two bar panels: the ``top`` mechanisms by betweenness and by degree, coloured by field."""
    use_book_style()
    table = network.centrality_table(network.build_graph(tables), lang)
    panels = [
        ("betweenness", _t("中介中心性（介数）", "Betweenness centrality", lang), "{:.2f}"),
        ("degree", _t("度（相连机制数）", "Degree (linked mechanisms)", lang), "{:.0f}"),
    ]
    ranked = {column: table.sort_values([column, "id"], ascending=[False, True]).head(top).iloc[::-1]
              for column, _, _ in panels}
    names = {column: [_wrap(n, lang, 14, 34) for n in rows["name"]] for column, rows in ranked.items()}
    # Each bar gets room for its panel's longest name (7-point lines), so a long name cannot overlap the next.
    lines = max(name.count("\n") + 1 for wrapped in names.values() for name in wrapped)
    fig, axes = plt.subplots(1, 2, figsize=(10, max(0.3, 0.12 * lines) * top + 1.2))
    for ax, (column, title, fmt) in zip(axes, panels, strict=True):
        rows = ranked[column]
        bars = ax.barh(
            names[column],
            rows[column],
            color=[FIELD_COLOURS[f] for f in rows["field"]],
        )
        ax.bar_label(bars, labels=[fmt.format(v) for v in rows[column]], fontsize=7, padding=2)
        ax.set_title(title, fontsize=8.5)
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.15)
    fields = [
        f
        for f in FIELD_LABELS
        if f
        in set(table.head(top)["field"])
        | set(table.sort_values("degree", ascending=False).head(top)["field"])
    ]
    fig.legend(
        handles=_field_handles(fields, lang, marker="s"),
        loc="lower center",
        ncol=min(len(fields), 6),
        fontsize=7,
        frameon=False,
        bbox_to_anchor=(0.5, -0.08),
    )
    fig.tight_layout()
    return fig


def hub_removal(tables, lang: str = "zh") -> Figure:
    """Sizes of the connected components: whole network, without the Forum, without the top broker."""
    use_book_style()
    graph = network.build_graph(tables)
    plain = network.simple(graph)
    name = name_column(lang)
    panels = [(plain, _t("完整网络", "Whole network", lang))]
    for hub in dict.fromkeys([network.HUB, network.top_broker(graph)]):
        if hub in plain:
            without = plain.copy()
            without.remove_node(hub)
            panels.append(
                (without, _t("删除", "Without ", lang) + _wrap(plain.nodes[hub][name], lang, 14, 30))
            )
    # Titles over three lines (a long name) get their lines' height (8 points each) on top of the plots.
    title_lines = max(title.count("\n") + 2 for _, title in panels)
    height = 3.0 + 0.135 * max(0, title_lines - 3)
    fig, axes = plt.subplots(1, len(panels), figsize=(3.3 * len(panels), height), sharey=True, squeeze=False)
    for ax, (part, title) in zip(axes[0], panels, strict=True):
        sizes = sorted((len(c) for c in nx.connected_components(part)), reverse=True)
        bars = ax.bar(range(1, len(sizes) + 1), sizes, color=FIELD_COLOURS["policy"], width=0.7)
        ax.bar_label(bars, fontsize=6.5, padding=1)
        ax.set_title(
            title + _t(f"\n{len(sizes)} 个连通分量", f"\n{len(sizes)} component(s)", lang), fontsize=8
        )
        ax.set_xticks(range(1, len(sizes) + 1))
        ax.set_xlabel(_t("连通分量（按规模排序）", "Component (by size)", lang), fontsize=7.5)
        ax.tick_params(labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
    axes[0][0].set_ylabel(_t("机制数", "Mechanisms", lang), fontsize=7.5)
    fig.tight_layout()
    return fig


def field_kind(tables, lang: str = "zh") -> Figure:
    """Heat map of the fields-by-kinds cross-table of all mechanisms."""
    use_book_style()
    table = network.fields_by_kinds(network.build_graph(tables), lang)
    fig, ax = plt.subplots(figsize=(0.55 * table.shape[1] + 2.2, 0.32 * table.shape[0] + 1.4))
    ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto")
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        if value:
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > table.to_numpy().max() / 2 else "black",
            )
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(table.shape[0]), table.index, fontsize=7)
    fig.tight_layout()
    return fig


FIGURES = {
    "mechanism_network": progress_network,
    "whole_network": whole_network,
    "forum_milestones": forum_milestones,
    "platform_timeline": platform_timeline,
    "necessity_drivers": necessity_drivers,
    "centrality": centrality,
    "hub_removal": hub_removal,
    "field_kind": field_kind,
}

__all__ = ["FIGURES", "label_overlaps", *(f.__name__ for f in FIGURES.values())]
