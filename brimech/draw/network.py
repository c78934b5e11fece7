"""Node-and-edge pictures of the mechanism network: the drawing engine and the network figures.

The engine draws a graph of :func:`brimech.network.build_graph` at positions of
:func:`brimech.network.layered_layout`: edges in their relation's line style,
nodes in their field's colour and kind's shape (hollow if proposed, a thick
outline if a priority), labels placed without overlap, and a three-part legend
below. Nothing is random and no node, edge, label or position is written by hand.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyArrowPatch

from brimech import network
from brimech.draw.base import PRINT_HEIGHT, PRINT_WIDTH, field_handles, new_figure, wrap
from brimech.draw.labels import place_labels
from brimech.encoding import EDGE, OUTLINE, SAMPLE, field_colour, kind_marker, relation_style
from brimech.vocabulary import label, name_column, order, text

CONTEXT_ALPHA = 0.55  # nodes named outside the section, drawn only for their links
# Above this many edges arrowheads are too small to read and one patch per edge too slow to draw:
# edges become one line collection per relation type (the synthetic benchmarks reach 27 000 edges).
MAX_ARROW_EDGES = 1500
# Above this many nodes no page can show a label per node legibly: the figure draws nodes only.
MAX_LABELLED_NODES = 2000
# Node labels of the section network: 6.5 pt (printed at that size: the figure is drawn at the printed
# width), lines of about 7 Chinese characters or 20 Latin letters.
LABEL_SIZE = 6.5
LABEL_WIDTH = {"zh": 0.64, "en": 0.93}  # inches


def _draw_edges(ax, graph: nx.MultiDiGraph, pos: dict, node_size_pts: float) -> None:
    edges = [(u, v, k, rel) for u, v, k, rel in sorted(graph.edges(keys=True, data="type")) if u != v]
    if len(edges) > MAX_ARROW_EDGES:
        by_type: dict[str, list] = {}
        for u, v, _, rel in edges:
            by_type.setdefault(rel, []).append((pos[u], pos[v]))
        for rel, segments in sorted(by_type.items()):
            ax.add_collection(
                LineCollection(segments, linestyles=relation_style(rel), linewidths=0.4, colors=EDGE, zorder=1)
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
        # add_artist, not add_patch: the limits are fixed, so updating the data limits per arrow is wasted.
        ax.add_artist(
            FancyArrowPatch(
                posA=start,
                posB=end,
                arrowstyle="-|>",
                mutation_scale=7,
                linestyle=relation_style(rel),
                linewidth=0.7,
                color=EDGE,
                shrinkA=shrink,
                shrinkB=shrink,
                connectionstyle=f"arc3,rad={rad}",
            )
        )


def node_style(
    kind: str, colour: str, *, proposed: bool, priority: bool = False, size: float = 60, alpha: float = 1.0
) -> dict:
    """scatter() keywords of a node: filled if existing, hollow if proposed, thick black outline if priority."""
    marker = kind_marker(kind)
    if not MarkerStyle(marker).is_filled():
        # Line-only markers (e.g. "x") have no face to hollow out: draw them in the field colour.
        return {"s": size, "marker": marker, "color": colour, "linewidths": 1.3, "alpha": alpha, "zorder": 3}
    return {
        "s": size,
        "marker": marker,
        "facecolors": "white" if proposed else colour,
        "edgecolors": OUTLINE if priority else colour,
        "linewidths": 2.2 if priority else 1.3,
        "alpha": alpha,
        "zorder": 3,
    }


def _draw_nodes(ax, graph: nx.MultiDiGraph, pos: dict, size: float, hub: str = network.HUB) -> None:
    # One scatter per distinct style, not per node: the same picture, far fewer artists.
    groups: dict[tuple, tuple[dict, list]] = {}
    for node in sorted(graph):
        attrs = graph.nodes[node]
        style = node_style(
            attrs["kind"],
            field_colour(attrs["field"]),
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


def _sample(lang: str, key: str, **style) -> Line2D:
    """A legend entry with a grey circle (or ``style``) and the vocabulary's ``key`` text."""
    return Line2D([], [], marker="o", linestyle="", **{"markersize": 6, "color": SAMPLE, **style},
                  label=text(key, lang))


def _legend(ax, graph: nx.MultiDiGraph, lang: str) -> None:
    """Three legends under the network: fields (colour), kinds (marker), status and relations."""
    fields = [f for f in order("field") if f in {graph.nodes[n]["field"] for n in graph}]
    kinds = [k for k in order("kind") if k in {graph.nodes[n]["kind"] for n in graph}]
    present = {t for _, _, t in graph.edges(data="type")}
    relations = [r for r in order("relation") if r in present]
    kind_handles = [
        Line2D([], [], marker=kind_marker(k), linestyle="", markersize=6, color=SAMPLE, label=label("kind", k, lang))
        for k in kinds
    ]
    status_handles = [
        _sample(lang, "legend.existing"),
        _sample(lang, "legend.proposed_hollow", markerfacecolor="white"),
    ]
    if any(network.is_priority(graph, n) for n in graph):
        status_handles.append(
            _sample(lang, "legend.priority_outline", markersize=7, markerfacecolor="white",
                    markeredgecolor=OUTLINE, markeredgewidth=2.2)
        )
    relation_handles = [
        Line2D([], [], color=EDGE, linestyle=relation_style(r), linewidth=1.0, label=label("relation", r, lang) + " →")
        for r in relations
    ]
    groups = [
        (text("legend.field", lang), field_handles(fields, lang), 2),
        (text("legend.kind", lang), kind_handles, 2),
        (text("legend.status_relation", lang), status_handles + relation_handles, 1),
    ]
    ax.axis("off")
    renderer = ax.figure.canvas.get_renderer()
    room = ax.get_window_extent(renderer).width
    gap = 0.02  # between groups, in axes widths

    def group_legend(title, handles, ncol, x=0.0) -> Legend:
        return Legend(ax, handles, [h.get_label() for h in handles], title=title, loc="upper left",
                      bbox_to_anchor=(x, 1.0), ncol=ncol, fontsize=7, title_fontsize=7.5,
                      handlelength=2.6, columnspacing=1.0, labelspacing=0.35, alignment="left")

    # The fewest rows that fit the width: each group in as many columns as it may have, fewer where
    # the groups side by side would run past the page (English names are longer than Chinese).
    widths = {
        (i, ncol): group_legend(title, handles, ncol).get_window_extent(renderer).width / room
        for i, (title, handles, most) in enumerate(groups)
        for ncol in range(1, most + 1)
    }
    layouts = sorted(itertools.product(*(range(most, 0, -1) for _, _, most in groups)), key=lambda c: -sum(c))
    fits = [c for c in layouts if sum(widths[i, n] for i, n in enumerate(c)) + gap * (len(c) - 1) <= 1]
    columns = fits[0] if fits else layouts[-1]
    x = 0.0
    for i, ((title, handles, _), ncol) in enumerate(zip(groups, columns, strict=True)):
        ax.add_artist(group_legend(title, handles, ncol, x))
        x += widths[i, ncol] + gap


def network_figure(graph, pos, lang, *, texts, size, figsize, fontsize, gap, legend_height) -> Figure:
    """``graph`` drawn at ``pos`` with ``texts`` as node labels, the legend below in ``legend_height`` inches."""
    fig = new_figure(*figsize)
    grid = fig.add_gridspec(2, 1, height_ratios=[figsize[1] - legend_height, legend_height], hspace=0.02,
                            left=0.01, right=0.99, top=0.99, bottom=0.01)
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.06, max(xs) + 0.06)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.3)
    ax.axis("off")
    _draw_edges(ax, graph, pos, node_size_pts=np.sqrt(size) / 2 + 1)
    _draw_nodes(ax, graph, pos, size)
    if len(texts) <= MAX_LABELLED_NODES:
        place_labels(ax, pos, texts, fontsize=fontsize, gap=gap)
    _legend(legend_ax, graph, lang)
    return fig


# --- figures ----------------------------------------------------------------------------------------


def part_network(tables, sections: list[str], lang: str = "zh") -> Figure:
    """Mechanisms named in ``sections`` plus those they relate to, layered from the Forum, each node labelled."""
    graph = network.build_graph(tables, sections=sections)
    pos = network.layered_layout(graph, max_per_row=6)
    name = name_column(lang)
    texts = {n: wrap(graph.nodes[n][name], LABEL_WIDTH[lang], LABEL_SIZE) for n in graph}
    return network_figure(
        graph, pos, lang, texts=texts, size=70, figsize=(PRINT_WIDTH, PRINT_HEIGHT), fontsize=LABEL_SIZE, gap=5,
        legend_height=2.4,
    )


def progress_network(tables, lang: str = "zh") -> Figure:
    """Mechanism network of 二 (chapter 2)."""
    return part_network(tables, ["s2"], lang)


# The whole network part by part, each on its own page with every node named (chapter 5); 二 is progress_network.
def necessity_network(tables, lang: str = "zh") -> Figure:
    """Mechanism network of the introduction and 一."""
    return part_network(tables, ["intro", "s1"], lang)


def priorities_network(tables, lang: str = "zh") -> Figure:
    """Mechanism network of 三."""
    return part_network(tables, ["s3"], lang)


def pathways_network(tables, lang: str = "zh") -> Figure:
    """Mechanism network of 四."""
    return part_network(tables, ["s4"], lang)


def whole_network(tables, lang: str = "zh") -> Figure:
    """Every mechanism and relation of the data, nodes numbered as in :func:`network.node_key`."""
    graph = network.build_graph(tables)
    pos = network.layered_layout(graph, max_per_row=14, row_gap=0.5)
    numbers = network.node_numbers(graph, tables)
    texts = {n: str(numbers[n]) for n in graph}
    return network_figure(
        graph, pos, lang, texts=texts, size=55, figsize=(PRINT_WIDTH, PRINT_HEIGHT), fontsize=6.5, gap=3,
        legend_height=2.7,
    )
