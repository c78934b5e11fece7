"""What each figure must show, checked on the drawn artists rather than on a picture or on substrings.

Stage figures: every measure sits in its own stage's column, and the path has its arrows (stage
to stage, and one per stage link of the data). Network figures: every node is a marker, every
relation an arrow between the right two nodes, every label is a name of the data, exactly, in the
figure's language. Figures are taken from the figure registry, by id. Arrow ends are read from
matplotlib's FancyArrowPatch, which keeps them (``_posA_posB``) but has no public getter.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.text import Annotation, Text

from brimech import network, stages
from brimech.data import load
from brimech.encoding import relation_style
from brimech.figures import registry
from brimech.vocabulary import label, text

LANGS = ("zh", "en")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def tables():
    return load()


def _draw(figure_id: str, tables, lang: str):
    fig = registry()[figure_id].function(tables, lang=lang)
    fig.canvas.draw()
    return fig


def _boxes(fig) -> dict[str, tuple[float, float, float, float]]:
    """gid -> (x, y, width, height) of the boxes of a stage figure (data units: inches, y downwards)."""
    return {
        p.get_gid().removeprefix("box:"): (p.get_x(), p.get_y(), p.get_width(), p.get_height())
        for p in fig.findobj(FancyBboxPatch)
        if p.get_gid()
    }


def _arrows(fig_or_ax) -> list[tuple[np.ndarray, np.ndarray]]:
    return [tuple(np.asarray(end, dtype=float) for end in a._posA_posB) for a in fig_or_ax.findobj(FancyArrowPatch)]


def _has_arrow(arrows, start, end, tolerance=0.02) -> bool:
    return any(np.allclose(a, start, atol=tolerance) and np.allclose(b, end, atol=tolerance) for a, b in arrows)


# --- stage figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("figure_id", ["stage_path", "pillar_lanes", "infrastructure_example"])
@pytest.mark.parametrize("lang", LANGS)
def test_each_measure_sits_in_its_stages_column(tables, figure_id, lang):
    fig = _draw(figure_id, tables, lang)
    boxes = _boxes(fig)
    stage_of = tables.stages.set_index("id")["stage"]
    drawn = [gid.removeprefix("measure:") for gid in boxes if gid.startswith("measure:")]
    assert drawn
    for row_id in drawn:
        hx, hy, hw, hh = boxes[f"stage-header:{stage_of[row_id]}"]
        x, y, w, _ = boxes[f"measure:{row_id}"]
        assert hx - 1e-9 <= x and x + w <= hx + hw + 1e-9, f"{row_id} ({stage_of[row_id]}) is outside its column"
        assert y >= hy + hh, f"{row_id} is drawn above its stage header"
    plt.close(fig)


@pytest.mark.parametrize("figure_id", ["stage_path", "pillar_lanes"])
def test_every_stage_row_is_in_the_figure(tables, figure_id):
    fig = _draw(figure_id, tables, "zh")
    assert {gid.removeprefix("measure:") for gid in _boxes(fig) if gid.startswith("measure:")} == set(
        tables.stages["id"]
    )
    plt.close(fig)


@pytest.mark.parametrize("figure_id", ["stage_path", "pillar_lanes"])
def test_every_stage_link_is_an_arrow_from_box_to_box(tables, figure_id):
    fig = _draw(figure_id, tables, "zh")
    boxes, arrows = _boxes(fig), _arrows(fig)
    links = stages.stage_links(tables)
    assert len(links)
    for link in links.to_dict("records"):
        sx, sy, sw, sh = boxes[f"measure:{link['source_row']}"]
        tx, ty, _, th = boxes[f"measure:{link['target_row']}"]
        assert _has_arrow(arrows, (sx + sw, sy + sh / 2), (tx, ty + th / 2)), (link["source_row"], link["target_row"])
    plt.close(fig)


def test_the_stage_path_runs_from_stage_to_stage(tables):
    fig = _draw("stage_path", tables, "zh")
    boxes, arrows = _boxes(fig), _arrows(fig)
    headers = [boxes[f"stage-header:{stage}"] for stage in stages.STAGE_ORDER]
    for (ax_, ay, aw, ah), (bx, by, _, bh) in zip(headers, headers[1:], strict=False):
        between = [
            (a, b) for a, b in arrows
            if ax_ + aw <= a[0] < b[0] <= bx and ay <= a[1] <= ay + ah and by <= b[1] <= by + bh
        ]
        assert len(between) == 1, "no single arrow leads from one stage header to the next"
    plt.close(fig)


def test_each_lane_runs_left_to_right_through_the_three_columns(tables):
    fig = _draw("pillar_lanes", tables, "zh")
    boxes, arrows = _boxes(fig), _arrows(fig)
    columns = [boxes[f"stage-header:{stage}"] for stage in stages.STAGE_ORDER]
    lanes = [t for t in fig.findobj(Text) if (t.get_gid() or "").startswith("lane:")]
    assert lanes
    for lane in lanes:
        y = lane.get_position()[1]
        for (ax_, _, aw, _), (bx, _, _, _) in zip(columns, columns[1:], strict=False):
            assert any(ax_ + aw <= a[0] < b[0] <= bx and abs(a[1] - y) < 1e-9 and abs(b[1] - y) < 1e-9
                       for a, b in arrows), f"{lane.get_gid()}: no arrow between two columns"
    plt.close(fig)


# --- network figures ----------------------------------------------------------------------------------


def _network_parts(fig):
    """(axes of the network, {label text: anchor}, marker positions) of a network figure."""
    ax = next(a for a in fig.axes if a.findobj(FancyArrowPatch))
    labels = [t for t in ax.texts if isinstance(t, Annotation)]
    markers = [tuple(xy) for c in ax.collections if isinstance(c, PathCollection) for xy in c.get_offsets()]
    return ax, labels, markers


def _nearest(display_points: np.ndarray, point: np.ndarray) -> int:
    return int(np.argmin(np.hypot(*(display_points - point).T)))


@pytest.mark.parametrize(("figure_id", "sections"), [("mechanism_network", ["s2"]), ("whole_network", None)])
def test_every_node_and_every_relation_is_drawn(tables, figure_id, sections):
    graph = network.build_graph(tables, sections=sections)
    fig = _draw(figure_id, tables, "zh")
    ax, labels, markers = _network_parts(fig)
    if figure_id == "whole_network":
        numbers = network.node_numbers(graph, tables)
        text_of = {n: str(numbers[n]) for n in graph}
    else:
        text_of = {n: compact(graph.nodes[n]["name_zh"]) for n in graph}
    anchors = {compact(t.get_text()): tuple(t.xy) for t in labels}
    assert len(anchors) == len(labels) == graph.number_of_nodes()
    pos = {n: anchors[text_of[n]] for n in graph}
    # Every node a marker where its label points, and no marker elsewhere.
    assert Counter(map(tuple, np.round(markers, 9))) == Counter(tuple(np.round(p, 9)) for p in pos.values())
    # Every relation one arrow, from near its source to near its target.
    nodes = list(graph)
    centres = ax.transData.transform(np.array([pos[n] for n in nodes]))
    drawn = Counter(
        (nodes[_nearest(centres, ax.transData.transform(a))], nodes[_nearest(centres, ax.transData.transform(b))],
         patch.get_linestyle())
        for (a, b), patch in zip(_arrows(ax), ax.findobj(FancyArrowPatch), strict=True)
    )
    # ... each in its relation type's line style.
    expected = Counter((u, v, relation_style(rel)) for u, v, rel in graph.edges(data="type") if u != v)
    assert drawn == expected
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_network_labels_are_the_names_exactly_in_the_figures_language(tables, lang):
    graph = network.build_graph(tables, sections=["s2"])
    fig = _draw("mechanism_network", tables, lang)
    _, labels, _ = _network_parts(fig)
    assert Counter(compact(t.get_text()) for t in labels) == Counter(
        compact(graph.nodes[n][f"name_{lang}"]) for n in graph
    )
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_legend_names_every_relation_type_drawn(tables, lang):
    graph = network.build_graph(tables, sections=["s2"])
    fig = _draw("mechanism_network", tables, lang)
    legend = {t.get_text() for t in fig.findobj(Text) if t.get_text()}
    for rel in {t for _, _, t in graph.edges(data="type")}:
        assert label("relation", rel, lang) + " →" in legend, rel
    samples = {h.get_label(): h.get_linestyle() for h in fig.findobj(Line2D) if h.get_label().endswith(" →")}
    for rel in {t for _, _, t in graph.edges(data="type")}:
        expected = Line2D([], [], linestyle=relation_style(rel)).get_linestyle()  # the name matplotlib keeps
        assert samples[label("relation", rel, lang) + " →"] == expected, rel
    plt.close(fig)


def test_priority_mechanisms_are_outlined_in_the_network(tables):
    """A priority mechanism's marker has the thick dark outline; no other marker has it."""
    from matplotlib.colors import to_hex

    from brimech.encoding import OUTLINE

    graph = network.build_graph(tables)
    fig = _draw("whole_network", tables, "zh")
    ax, labels, _ = _network_parts(fig)
    numbers = network.node_numbers(graph, tables)
    node_at = {tuple(np.round(t.xy, 9)): n for t in labels for n in graph if str(numbers[n]) == compact(t.get_text())}
    outlined = set()
    for points in (c for c in ax.collections if isinstance(c, PathCollection)):
        heavy = to_hex(points.get_edgecolor()[0]) == to_hex(OUTLINE) and points.get_linewidths()[0] >= 2
        outlined |= {node_at[tuple(np.round(xy, 9))] for xy in points.get_offsets()} if heavy else set()
    expected = {n for n in graph if network.is_priority(graph, n)}
    assert expected and outlined == expected
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_drivers_show_each_mechanism_of_part_one_once_by_its_name(tables, lang):
    sections = tables.sections.set_index("id")
    part_one = {"s1", *(s for s in sections.index if str(sections.at[s, "parent"]) == "s1")}
    members = tables.mechanisms[tables.mechanisms["section"].isin(part_one)]
    assert len(members)
    fig = _draw("necessity_drivers", tables, lang)
    texts = Counter(compact(t.get_text()) for t in fig.findobj(Text) if t.get_text())
    for name in members[f"name_{lang}"]:
        assert texts[compact(name)] == 1, name
    plt.close(fig)


def test_centrality_bars_are_the_top_mechanisms_with_their_values(tables):
    table = network.centrality_table(network.build_graph(tables), "en")
    fig = _draw("centrality", tables, "en")
    for ax, column in zip(fig.axes[:2], ("betweenness", "degree"), strict=True):
        top = table.sort_values([column, "id"], ascending=[False, True]).head(12).iloc[::-1]
        ticks = [compact(t.get_text()) for t in ax.get_yticklabels()]
        assert ticks == [compact(name) for name in top["name"]], column
        widths = [bar.get_width() for bar in ax.patches]
        assert widths == pytest.approx(list(top[column])), column
    plt.close(fig)


# --- how text is written to SVG -------------------------------------------------------------------------


@pytest.mark.parametrize("figure_id", ["mechanism_network", "stage_path"])
def test_svg_text_is_drawn_as_glyph_paths_not_left_to_the_readers_fonts(tables, figure_id):
    """The book's style writes text as glyph outlines: no <text> element needs a font on the reader's side."""
    fig = _draw(figure_id, tables, "zh")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue().decode("utf-8")
    assert "<text" not in svg and "font-family" not in svg
    glyphs = set(re.findall(r'<path id="([^"]+)"', svg))
    used = set(re.findall(r'<use xlink:href="#([^"]+)"', svg))
    assert glyphs and used <= glyphs | set(re.findall(r'id="([^"]+)"', svg))
    # As many glyph uses as the figure's visible characters (spaces draw nothing).
    characters = sum(len(re.sub(r"\s", "", t.get_text())) for t in fig.findobj(Text) if t.get_visible())
    assert len(re.findall(r"<use xlink:href=", svg)) >= characters
    plt.close(fig)


# --- charts and the principles diagram ------------------------------------------------------------------


def test_centrality_bars_take_the_colour_of_their_mechanisms_field(tables):
    from matplotlib.colors import to_hex

    from brimech.encoding import field_colour

    field_of = {compact(row["name_en"]): row["field"] for row in tables.mechanisms.to_dict("records")}
    fig = _draw("centrality", tables, "en")
    for ax in fig.axes[:2]:
        names = [compact(t.get_text()) for t in ax.get_yticklabels()]
        colours = [to_hex(bar.get_facecolor()) for bar in ax.patches]
        assert colours == [to_hex(field_colour(field_of[name])) for name in names]
    plt.close(fig)


def test_hub_removal_bars_are_the_component_sizes_side_by_side(tables):
    """The whole network, then without the Forum, then without the top broker: each panel's bars are the sizes
    of its connected components, largest first, computed here from the CSVs with networkx."""
    import networkx as nx

    whole = nx.Graph()
    whole.add_nodes_from(tables.mechanisms["id"])
    whole.add_edges_from(zip(tables.relations["source"], tables.relations["target"], strict=True))
    removed = [None, network.HUB, network.top_broker(network.build_graph(tables))]
    fig = _draw("hub_removal", tables, "en")
    for ax, hub in zip(fig.axes, removed, strict=True):
        part = whole.copy()
        if hub is not None:
            part.remove_node(hub)
        sizes = sorted((len(c) for c in nx.connected_components(part)), reverse=True)
        bars = sorted(ax.patches, key=lambda bar: bar.get_x())
        assert [bar.get_height() for bar in bars] == sizes
        edges = [(bar.get_x(), bar.get_x() + bar.get_width()) for bar in bars]
        assert all(right < left for (_, right), (left, _) in zip(edges, edges[1:], strict=False)), "bars overlap"
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_years_are_labelled_with_the_years(tables, lang):
    fig = _draw("platform_timeline", tables, lang)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(int(x)) for x in ax.get_xticks()]
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_each_principle_points_down_to_what_it_guides(tables, lang):
    """One arrow per principle, straight down from the principle's box to the box of what it guides."""
    fig = _draw("principles", tables, lang)
    boxes = [(p.get_x(), p.get_y(), p.get_width(), p.get_height()) for p in fig.findobj(FancyBboxPatch)]
    arrows = _arrows(fig)
    assert len(arrows) == len(tables.principles)
    for start, end in arrows:
        assert start[0] == pytest.approx(end[0]) and end[1] > start[1], "not straight down"
        above = [b for b in boxes if b[0] < start[0] < b[0] + b[2] and abs(start[1] - (b[1] + b[3])) < 0.1]
        below = [b for b in boxes if b[0] < end[0] < b[0] + b[2] and abs(end[1] - b[1]) < 0.1]
        assert above and below, (start, end)
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_forum_panels_are_titled_with_their_measures_in_order(tables, lang):
    from brimech import milestones

    fig = _draw("forum_milestones", tables, lang)
    titles = [compact(ax.get_title()) for ax in fig.axes if ax.axison]
    assert titles == [compact(label("measure", m, lang)) for m in milestones.comparable_measures(tables)]
    plt.close(fig)


CHARTS = sorted(name for name, figure in registry().items() if figure.function.__module__ == "brimech.draw.charts")


def _texts_by_role(fig) -> dict[str, list[Text]]:
    """A chart's texts by typographic role: what is drawn in the plot, ticks and legends, axis names and notes,
    titles."""
    roles = {"in_plot": [], "tick": [], "axis": [*fig.texts], "title": []}
    for ax in fig.axes:
        roles["title"] += [ax.title, ax._left_title, ax._right_title]
        roles["axis"] += [ax.xaxis.label, ax.yaxis.label]
        roles["tick"] += [*ax.get_xticklabels(), *ax.get_yticklabels()]
        roles["in_plot"] += ax.texts
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]:
        roles["tick"] += legend.get_texts()
    return {role: [t for t in texts if t.get_text().strip()] for role, texts in roles.items()}


@pytest.mark.parametrize("figure_id", CHARTS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_sets_each_text_at_its_roles_size(tables, figure_id, lang):
    """One type scale for every chart (brimech.draw.charts.SIZES): a bar value is as large in one chart as in
    the next, and no drawn text is left outside a role."""
    from figure_text import drawn_texts

    from brimech.draw.charts import SIZES

    fig = _draw(figure_id, tables, lang)
    roles = _texts_by_role(fig)
    for role, texts in roles.items():
        assert {t.get_fontsize() for t in texts} <= {SIZES[role]}, (role, [t.get_text() for t in texts])
    assert roles["tick"] and roles["in_plot"], "a chart has tick labels and values in its plot"
    classified = {id(t) for texts in roles.values() for t in texts}
    assert [t.get_text() for t, _ in drawn_texts(fig) if id(t) not in classified] == []
    plt.close(fig)


def test_the_chart_type_scale_rises_from_what_is_in_the_plot_to_the_titles_within_print_sizes():
    """Smaller to larger: in the plot, ticks, axis names, titles. The smallest prints at 6 pt or more (the
    charts are drawn at the printed width, and LaTeX keeps 6.5 pt at 6 pt or more); no title outgrows the
    diagrams' headings."""
    from brimech.draw.canvas import HEADER_SIZE
    from brimech.draw.charts import SIZES

    sizes = [SIZES[role] for role in ("in_plot", "tick", "axis", "title")]
    assert sizes == sorted(set(sizes)), "each role larger than the one before"
    assert sizes[0] >= 6.5 and sizes[-1] <= HEADER_SIZE


@pytest.mark.parametrize("figure_id", ["forum_milestones", "centrality", "hub_removal"])
def test_every_bar_chart_draws_its_bars_at_one_width_with_a_gap_between_neighbours(tables, figure_id):
    from brimech.draw.charts import BAR_WIDTH

    fig = _draw(figure_id, tables, "en")
    bars = [p for ax in fig.axes for p in ax.patches]
    horizontal = figure_id == "centrality"
    assert bars and {round(b.get_height() if horizontal else b.get_width(), 9) for b in bars} == {BAR_WIDTH}
    assert BAR_WIDTH < 1, "bars one unit apart would touch"
    plt.close(fig)


def test_hub_removal_numbers_every_component_up_to_ten_and_beyond_that_the_first_and_every_fifth(tables):
    fig = _draw("hub_removal", tables, "en")
    for ax in fig.axes:
        count = len(ax.patches)
        expected = list(range(1, count + 1)) if count <= 10 else [1, *range(5, count + 1, 5)]
        assert [int(t) for t in ax.get_xticks()] == expected
    assert max(len(ax.patches) for ax in fig.axes) > 10, "the data no longer reach the every-fifth rule"
    plt.close(fig)


def test_forum_bars_are_labelled_with_each_forums_number_and_year(tables):
    from brimech import milestones

    years = sorted(milestones.forum_counts(tables)["year"].unique())
    fig = _draw("forum_milestones", tables, "en")
    for ax in (a for a in fig.axes if a.axison):
        ticks = [t.get_text() for t in ax.get_xticklabels()]
        assert ticks == [milestones.forum_name(n, year, "en", key="forum.tick") for n, year in enumerate(years, 1)]
        assert [str(year) in tick for tick, year in zip(ticks, years, strict=True)] == [True] * len(years)
    plt.close(fig)


def test_the_secretariats_forum_is_outlined_heavier_than_the_other_bars(tables):
    from matplotlib.colors import to_hex

    from brimech import milestones
    from brimech.encoding import OUTLINE

    years = sorted(milestones.forum_counts(tables)["year"].unique())
    marked = milestones.secretariat_years(tables)
    assert marked, "no Forum announced the secretariat: nothing to check"
    fig = _draw("forum_milestones", tables, "en")
    for ax in (a for a in fig.axes if a.axison):
        for bar, year in zip(sorted(ax.patches, key=lambda b: b.get_x()), years, strict=True):
            if year in marked:
                assert to_hex(bar.get_edgecolor()) == to_hex(OUTLINE) and bar.get_linewidth() >= 1.5, year
            else:
                assert bar.get_linewidth() < 1.5, year
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_dots_sit_at_their_year_in_their_fields_row_moved_only_to_clear_a_dot_of_that_row(tables, lang):
    from brimech import milestones

    events = milestones.timeline_events(tables, lang)
    fig = _draw("platform_timeline", tables, lang)
    ax = fig.axes[0]
    dots = [tuple(c.get_offsets()[0]) for c in ax.collections if isinstance(c, PathCollection)]
    assert len(dots) == len(events)
    rows = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    for (x, y), event in zip(dots, events.itertuples(), strict=True):
        assert y == rows[label("field", event.field, lang)], event.id
        assert left < x < right and bottom < y < top, f"{event.id} outside the plot"
        if x != event.x:
            # Moved right: only past a dot of the same row and about the same date.
            assert x > event.x and any(oy == y and abs(ox - event.x) < 0.05 for ox, oy in dots if ox < x), event.id
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_legend_shows_each_kinds_marker_alone_above_the_plot(tables, lang):
    fig = _draw("platform_timeline", tables, lang)
    ax = fig.axes[0]
    legend = ax.get_legend()
    assert {h.get_linestyle() for h in legend.legend_handles} == {"None"}, "a line through the legend's markers"
    box, plot = legend.get_window_extent(), ax.get_window_extent()
    assert box.y0 >= plot.y1 - 1, "the legend covers the plot"
    assert abs(box.x0 - plot.x0) < 0.1 * plot.width, "the legend does not start at the plot's left edge"
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_centrality_legend_names_exactly_the_fields_of_the_bars(tables, lang):
    from matplotlib.colors import to_hex

    from brimech.encoding import field_colour
    from brimech.vocabulary import order

    fig = _draw("centrality", tables, lang)
    shown = {to_hex(bar.get_facecolor()) for ax in fig.axes for bar in ax.patches}
    fields = [f for f in order("field") if to_hex(field_colour(f)) in shown]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [label("field", f, lang) for f in fields]
    plt.close(fig)


def test_hub_removal_plots_keep_their_height_when_the_titles_run_longer(tables):
    """English titles take more lines; the figure grows by them instead of squeezing the bars."""
    heights, lines = {}, {}
    for lang in LANGS:
        fig = _draw("hub_removal", tables, lang)
        (heights[lang],) = {round(ax.get_window_extent().height) for ax in fig.axes}  # one height for all panels
        lines[lang] = max(ax.get_title().count("\n") for ax in fig.axes)
        plt.close(fig)
    assert lines["en"] > lines["zh"], "the English titles no longer run longer: nothing to check"
    assert abs(heights["en"] - heights["zh"]) <= 0.05 * heights["zh"]


def _relative_luminance(rgb) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("lang", LANGS)
def test_each_count_of_the_heat_map_reads_against_its_cell(tables, lang):
    """WCAG's contrast ratio of each number against its cell's colour is at least 4.5."""
    from matplotlib.colors import to_rgb

    fig = _draw("field_kind", tables, lang)
    ax = fig.axes[0]
    image = ax.images[0]
    counts = image.get_array()
    for number in ax.texts:
        j, i = (round(v) for v in number.get_position())
        cell = _relative_luminance(image.cmap(image.norm(counts[i, j])))
        ink = _relative_luminance(to_rgb(number.get_color()))
        ratio = (max(cell, ink) + 0.05) / (min(cell, ink) + 0.05)
        assert ratio >= 4.5, (number.get_text(), round(ratio, 2))
    plt.close(fig)


@pytest.mark.parametrize("background", ["white", "black", "#777777", "#0072B2", "#F6DDA8", "#4E9A06", "#9E2A2B"])
def test_the_ink_chosen_for_a_background_is_the_more_contrasting_of_black_and_white(background):
    from matplotlib.colors import to_rgb

    from brimech.draw.base import readable_ink

    def ratio(ink):
        a, b = _relative_luminance(to_rgb(ink)), _relative_luminance(to_rgb(background))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)

    chosen = readable_ink(background)
    assert chosen in {"black", "white"}
    assert ratio(chosen) >= max(ratio("black"), ratio("white")) and ratio(chosen) >= 4.5


# The diagrams that draw boxes (the drivers' entries are plain text).
BOXED_DIAGRAMS = sorted(name for name, figure in registry().items()
                        if figure.function.__module__ == "brimech.draw.diagrams" and name != "necessity_drivers")


@pytest.mark.parametrize("figure_id", BOXED_DIAGRAMS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_box_of_a_diagram_keeps_the_side_margins(tables, figure_id, lang):
    """Boxes are laid out between the canvas margins: a column too wide ran its last box off the page."""
    from brimech.draw.canvas import MARGIN

    fig = registry()[figure_id].function(tables, lang=lang)
    (canvas,) = fig.axes
    boxes = [p for p in canvas.patches if isinstance(p, FancyBboxPatch)]
    assert boxes
    outside = [p.get_gid() for p in boxes
               if p.get_x() < MARGIN - 1e-9 or p.get_x() + p.get_width() > fig.get_figwidth() - MARGIN + 1e-9]
    assert outside == []
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_dots_take_their_kinds_marker(tables, lang):
    from matplotlib.markers import MarkerStyle

    from brimech import milestones
    from brimech.encoding import milestone_marker

    def shape(marker):
        style = MarkerStyle(marker)
        return style.get_path().transformed(style.get_transform()).vertices

    events = milestones.timeline_events(tables, lang)
    fig = _draw("platform_timeline", tables, lang)
    dots = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    for dot, event in zip(dots, events.itertuples(), strict=True):
        assert np.allclose(dot.get_paths()[0].vertices, shape(milestone_marker(event.kind))), event.id
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_each_hub_removal_panel_states_its_number_of_components(tables, lang):
    fig = _draw("hub_removal", tables, lang)
    for ax in fig.axes:
        assert compact(text("removal.components", lang, n=len(ax.patches))) in compact(ax.get_title())
    plt.close(fig)


@pytest.mark.parametrize("figure_id", CHARTS)
def test_chart_texts_are_set_level_but_slanted_tick_labels(tables, figure_id):
    """Turned type is hard to read; only the heat map's column names are slanted, all alike."""
    fig = _draw(figure_id, tables, "en")
    from figure_text import drawn_texts

    slanted = {id(t) for t in fig.axes[0].get_xticklabels()} if figure_id == "field_kind" else set()
    assert [t.get_text() for t, _ in drawn_texts(fig) if t.get_rotation() and id(t) not in slanted] == []
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_each_heat_map_count_is_the_number_of_mechanisms_of_that_field_and_kind(tables, lang):
    """Counted here with pandas from mechanisms.csv; an empty cell carries no number."""
    import pandas as pd

    mechanisms = tables.mechanisms
    counts = pd.crosstab(mechanisms["field"].astype(str), mechanisms["kind"].astype(str))
    fig = _draw("field_kind", tables, lang)
    ax = fig.axes[0]
    field_of = {label("field", f, lang): f for f in counts.index}
    kind_of = {label("kind", k, lang): k for k in counts.columns}
    rows = [field_of[t.get_text()] for t in ax.get_yticklabels()]
    columns = [kind_of[t.get_text()] for t in ax.get_xticklabels()]
    shown = {(rows[round(t.get_position()[1])], columns[round(t.get_position()[0])]): t.get_text() for t in ax.texts}
    expected = {(f, k): str(n) for (f, k), n in counts.stack().items() if n}
    assert shown == expected
    plt.close(fig)


def test_a_network_too_large_for_arrows_draws_each_relation_as_a_line_in_its_style(tables, monkeypatch):
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_hex

    from brimech.draw import network as draw_network
    from brimech.encoding import EDGE

    monkeypatch.setattr(draw_network, "MAX_ARROW_EDGES", 0)
    graph = network.build_graph(tables, sections=["s2"])
    fig = _draw("mechanism_network", tables, "zh")
    ax = fig.axes[0]
    assert not fig.findobj(FancyArrowPatch)
    anchors = {compact(t.get_text()): tuple(t.xy) for t in ax.texts if isinstance(t, Annotation)}
    pos = {n: np.round(anchors[compact(graph.nodes[n]["name_zh"])], 9) for n in graph}
    lines = [c for c in ax.collections if isinstance(c, LineCollection) and to_hex(c.get_color()[0]) == to_hex(EDGE)]
    width = lines[0].get_linewidths()[0]

    def dashes(rel):  # as matplotlib keeps them: scaled by the line width
        return LineCollection([], linestyles=relation_style(rel), linewidths=width).get_linestyle()[0]

    drawn = Counter((tuple(map(tuple, np.round(segment, 9))), str(c.get_linestyle()[0]))
                    for c in lines for segment in c.get_segments())
    expected = Counter(((tuple(pos[u]), tuple(pos[v])), str(dashes(rel)))
                       for u, v, rel in graph.edges(data="type") if u != v)
    assert drawn == expected
    plt.close(fig)


def test_mechanisms_shown_only_for_their_links_are_faded(tables):
    from brimech.draw.network import CONTEXT_ALPHA

    graph = network.build_graph(tables, sections=["s2"])
    fig = _draw("mechanism_network", tables, "zh")
    ax, labels, _ = _network_parts(fig)
    node_at = {tuple(np.round(t.xy, 9)): n for t in labels for n in graph
               if compact(graph.nodes[n]["name_zh"]) == compact(t.get_text())}
    alpha = {node_at[tuple(np.round(xy, 9))]: c.get_alpha() for c in ax.collections
             if isinstance(c, PathCollection) for xy in c.get_offsets()}
    context = {n for n in graph if not graph.nodes[n]["core"] and n != network.HUB}
    assert context, "section 2 names every mechanism it links to: nothing to check"
    assert {n for n, a in alpha.items() if a == CONTEXT_ALPHA} == context
    assert {alpha[n] for n in graph if n not in context} == {1.0}
    plt.close(fig)
