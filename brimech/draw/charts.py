"""Charts: data on axes. Bars (Forum numbers, centrality, components), dots on a time axis, a heat map."""

from __future__ import annotations

import networkx as nx
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from brimech import milestones, network
from brimech.draw.base import PRINT_WIDTH, field_handles, new_figure, readable_ink, wrap
from brimech.draw.labels import place_labels
from brimech.encoding import FIELD_COLOURS, GRID, HEAT_MAP, OUTLINE, QUANTITY, SAMPLE, field_colour, milestone_marker
from brimech.vocabulary import label, name_column, order, text

# The charts' type scale in points, smallest first. Each text takes its role's size, so every chart of the
# book reads alike: what is drawn in the plot (bar values, cell counts, event names), then tick labels
# and legend entries, then the axes' names and notes, then panel titles.
SIZES = {"in_plot": 6.5, "tick": 7.0, "axis": 7.5, "title": 8.5}
# Bars are this wide in data units (one unit per bar) in every bar chart: the same gap between neighbours.
BAR_WIDTH = 0.7

# Widths in inches to wrap names to, per language: English words need longer lines to break well.
EVENT_WIDTH = {"zh": 1.18, "en": 1.4}  # timeline labels, in-plot size
BAR_NAME_WIDTH = {"zh": 1.37, "en": 1.7}  # names beside bars, tick size
TITLE_WIDTH = {"zh": 1.5, "en": 1.6}  # mechanism names in panel titles, title size


def forum_milestones(tables, lang: str = "zh") -> Figure:
    """Small multiples: each measure known for every Belt and Road Forum, one bar per Forum, secretariat marked.

    A measure recorded for some Forums only (the participant counts, made
    differently each time) is left out: the bars compare like with like.
    """
    forums = milestones.forum_counts(tables)
    years = sorted(forums["year"].unique())
    measures = milestones.comparable_measures(tables)
    secretariat_years = milestones.secretariat_years(tables)
    panels = max(len(measures), 1)
    fig = new_figure(min(2.35 * panels + 0.4, PRINT_WIDTH), 3.0)
    axes = fig.subplots(1, panels, squeeze=False)
    ticks = [milestones.forum_name(i + 1, y, lang, key="forum.tick") for i, y in enumerate(years)]
    for ax, measure in zip(axes[0], measures, strict=False):
        rows = forums[forums["measure"] == measure].set_index("year")["value"]
        heights = [rows[y] for y in years]
        bars = ax.bar(range(len(years)), heights, color=FIELD_COLOURS["policy"], width=BAR_WIDTH)
        ax.bar_label(bars, fontsize=SIZES["in_plot"], padding=2)  # each value as recorded: 130, or 130.5
        for i, y in enumerate(years):
            if y in secretariat_years:
                bars[i].set_edgecolor(OUTLINE)
                bars[i].set_linewidth(1.6)
        ax.set_xticks(range(len(years)), ticks, fontsize=SIZES["tick"])
        # Wrapped to the panel: an English measure on one line ran into the next panel's title.
        title = wrap(label("measure", measure, lang), fig.get_figwidth() / panels - 0.15, SIZES["title"])
        ax.set_title(title, fontsize=SIZES["title"])
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="y", labelsize=SIZES["tick"])
        ax.margins(y=0.18)
    for ax in axes[0][len(measures) :]:
        ax.axis("off")
    if secretariat_years:
        fig.text(0.5, -0.04, text("forum.secretariat_outline", lang), ha="center", fontsize=SIZES["axis"])
    fig.tight_layout()
    return fig


def platform_timeline(tables, lang: str = "zh") -> Figure:
    """Dot plot: multilateral platforms, plans and initiatives by field (rows) and founding year (x)."""
    events = milestones.timeline_events(tables, lang)
    fields = [f for f in order("field") if f in set(events["field"])]
    row_of = {f: i for i, f in enumerate(reversed(fields))}
    fig = new_figure(PRINT_WIDTH, 0.7 * len(fields) + 1.4)
    ax = fig.subplots()
    pos, texts = {}, {}
    for event in events.itertuples():
        # Events of one field in one year stack slightly so both dots stay visible.
        same = sum(
            1 for p in pos.values() if abs(p[0] - event.x) < 0.05 and abs(p[1] - row_of[event.field]) < 0.3
        )
        xy = (event.x + 0.12 * same, row_of[event.field])
        pos[event.id] = xy
        texts[event.id] = wrap(event.text, EVENT_WIDTH[lang], SIZES["in_plot"])
        ax.scatter(*xy, s=40, color=field_colour(event.field), marker=milestone_marker(event.kind), zorder=3)
    ax.set_yticks(list(row_of.values()), [label("field", f, lang) for f in row_of], fontsize=SIZES["tick"])
    years = (
        range(int(events["x"].min()) - 1, int(events["x"].max()) + 2) if len(events) else range(2013, 2025)
    )
    ax.set_xticks(list(years), [str(y) for y in years], fontsize=SIZES["tick"])
    ax.set_xlim(min(years), max(years) + 0.3)
    ax.set_ylim(-0.7, len(fields) - 0.3)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.set_xlabel(text("timeline.year_axis", lang), fontsize=SIZES["axis"])
    handles = [
        Line2D([], [], marker=milestone_marker(k), linestyle="", color=SAMPLE, markersize=6,
               label=label("milestone_kind", k, lang))
        for k in milestones.TIMELINE_KINDS
        if k in set(events["kind"])
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=SIZES["tick"], ncol=len(handles), bbox_to_anchor=(0, 1.12))
    fig.tight_layout()
    place_labels(ax, pos, texts, fontsize=SIZES["in_plot"], gap=5)
    return fig


def centrality(tables, lang: str = "zh", top: int = 12) -> Figure:
    """Two bar panels: the ``top`` mechanisms by betweenness and by degree, coloured by field."""
    table = network.centrality_table(network.build_graph(tables), lang)
    panels = [
        ("betweenness", text("centrality.betweenness", lang), "{:.2f}"),
        ("degree", text("centrality.degree", lang), "{:.0f}"),
    ]
    ranked = {column: table.sort_values([column, "id"], ascending=[False, True]).head(top).iloc[::-1]
              for column, _, _ in panels}
    names = {column: [wrap(n, BAR_NAME_WIDTH[lang], SIZES["tick"]) for n in rows["name"]]
             for column, rows in ranked.items()}
    # Each bar gets room for its panel's longest name (lines at tick size), so a long name cannot overlap the next.
    lines = max(name.count("\n") + 1 for wrapped in names.values() for name in wrapped)
    fig = new_figure(PRINT_WIDTH, max(0.36, 0.12 * lines) * top + 1.2)
    axes = fig.subplots(1, 2)
    for ax, (column, title, fmt) in zip(axes, panels, strict=True):
        rows = ranked[column]
        bars = ax.barh(
            names[column],
            rows[column],
            color=[field_colour(f) for f in rows["field"]],
            height=BAR_WIDTH,
        )
        ax.bar_label(bars, labels=[fmt.format(v) for v in rows[column]], fontsize=SIZES["in_plot"], padding=2)
        ax.set_title(title, fontsize=SIZES["title"])
        ax.tick_params(labelsize=SIZES["tick"])
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.15)
    shown = {field for rows in ranked.values() for field in rows["field"]}  # the bars' fields, both panels
    fields = [f for f in order("field") if f in shown]
    fig.legend(
        handles=field_handles(fields, lang, marker="s"),
        loc="lower center",
        ncol=min(len(fields), 4),
        fontsize=SIZES["tick"],
        bbox_to_anchor=(0.5, -0.08),
    )
    fig.tight_layout()
    return fig


def hub_removal(tables, lang: str = "zh") -> Figure:
    """Sizes of the connected components: whole network, without the Forum, without the top broker."""
    graph = network.build_graph(tables)
    plain = network.simple(graph)
    name = name_column(lang)
    panels = [(plain, text("removal.whole", lang))]
    for hub in dict.fromkeys([network.HUB, network.top_broker(graph)]):
        if hub in plain:
            without = plain.copy()
            without.remove_node(hub)
            hub_name = wrap(plain.nodes[hub][name], TITLE_WIDTH[lang], SIZES["title"])
            panels.append((without, text("removal.without", lang) + hub_name))
    # Titles over three lines (a long name) get their lines' height (matplotlib's 1.2 line spacing) on top
    # of the plots.
    title_lines = max(title.count("\n") + 2 for _, title in panels)
    fig = new_figure(min(2.1 * len(panels), PRINT_WIDTH), 3.0 + 1.2 * SIZES["title"] / 72 * max(0, title_lines - 3))
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)
    for ax, (part, title) in zip(axes[0], panels, strict=True):
        sizes = sorted((len(c) for c in nx.connected_components(part)), reverse=True)
        bars = ax.bar(range(1, len(sizes) + 1), sizes, color=QUANTITY, width=BAR_WIDTH)
        ax.bar_label(bars, fontsize=SIZES["in_plot"], padding=1)
        ax.set_title(title + text("removal.components", lang, n=len(sizes)), fontsize=SIZES["title"])
        # Every component numbered while the numbers fit under their bars; beyond ten, every fifth.
        ax.set_xticks(range(1, len(sizes) + 1) if len(sizes) <= 10 else [1, *range(5, len(sizes) + 1, 5)])
        ax.set_xlabel(text("removal.component_axis", lang), fontsize=SIZES["axis"])
        ax.tick_params(labelsize=SIZES["tick"])
        ax.spines[["top", "right"]].set_visible(False)
    # Set level over the axis rather than turned on its side: a turned Latin word reads as tiny type
    # to whoever measures the printed sizes (its box is as tall as the word is long).
    axes[0][0].set_ylabel(text("removal.mechanisms_axis", lang), fontsize=SIZES["axis"], rotation=0, ha="left",
                          va="bottom")
    axes[0][0].yaxis.set_label_coords(-0.16, 1.02)
    fig.tight_layout()
    return fig


def field_kind(tables, lang: str = "zh") -> Figure:
    """Heat map of the fields-by-kinds cross-table of all mechanisms."""
    table = network.fields_by_kinds(network.build_graph(tables), lang)
    counts = table.to_numpy()
    fig = new_figure(min(0.55 * table.shape[1] + 2.2, PRINT_WIDTH), 0.3 * table.shape[0] + 1.4)
    ax = fig.subplots()
    image = ax.imshow(counts, cmap=HEAT_MAP, aspect="auto")
    for (i, j), value in np.ndenumerate(counts):
        if value:
            ink = readable_ink(image.cmap(image.norm(value)))
            ax.text(j, i, str(value), ha="center", va="center", fontsize=SIZES["in_plot"], color=ink)
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right", fontsize=SIZES["tick"])
    ax.set_yticks(range(table.shape[0]), table.index, fontsize=SIZES["tick"])
    fig.tight_layout()
    return fig
