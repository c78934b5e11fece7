"""Diagrams: boxes, names and arrows laid out in inches, one column or band per part of the argument.

Necessity (一), priorities (三), the principles, soft and formal mechanisms, actors
and the staged path (四). Box layouts use :mod:`brimech.draw.canvas`, so a box's
height follows from its wrapped text and nothing is placed by hand.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from brimech import network, stages
from brimech.article import cite_label
from brimech.draw.base import PRINT_HEIGHT, field_handles, n_lines, text_width, tint, wrap
from brimech.draw.canvas import (
    HEADER_SIZE,
    LINE_SPACING,
    MARGIN,
    MARKER,
    SMALL_SIZE,
    TEXT_SIZE,
    WIDTH,
    arrow,
    box_height,
    draw_box,
    finish,
    legend_line,
    line_height,
    list_marker,
    new_canvas,
)
from brimech.draw.network import node_style
from brimech.encoding import (
    FIELD_COLOURS,
    HIGHLIGHT_FILL,
    INK,
    LEADER,
    MUTED,
    NEUTRAL_FILL,
    PANEL,
    PRINCIPLE_COLOURS,
    QUANTITY,
    RULE,
    SAMPLE,
    STAGE_COLOURS,
    field_colour,
    relation_style,
)
from brimech.vocabulary import PILLARS, chinese_numeral, label, name_column, order, text

# --- necessity (一) --------------------------------------------------------------------------------

# Widths in inches of the column texts, per language: English words need longer lines to break well.
DRIVER_WIDTHS = {
    "heading": {"zh": 1.5, "en": 1.6},  # 8.5 pt
    "name": {"zh": 1.4, "en": 1.45},  # 7.5 pt
}
LINKS_WIDTH = 1.35  # the grey relation lines under a name, 6.5 pt, either language
DRIVER_SIZES = {"heading": 8.5, "name": 7.5, "links": 6.5}  # points
DRIVER_GAP = 0.16  # inches between one mechanism's last line and the next name


def necessity_drivers(tables, lang: str = "zh") -> Figure:
    """Part 一 as three columns: its opening, then its two reasons, each with the mechanisms coded there.

    Under each mechanism a grey line gives the relations coded for it in that
    part (type and other end), which says what the part asks the mechanism to do.
    Laid out in inches: each entry takes the height of its wrapped lines, so a
    longer English name pushes the next entry down instead of running into it.
    """
    sections = tables.sections.set_index("id")
    graph = network.build_graph(tables)
    name = name_column(lang)
    title_col = f"title_{lang}"
    columns = ["s1", *(s for s in sections.index if str(sections.at[s, "parent"]) == "s1")]
    members = {c: [n for n in tables.mechanisms["id"] if graph.nodes[n]["section"] == c] for c in columns}
    column_width = WIDTH / len(columns)
    fig, ax = new_canvas(height=PRINT_HEIGHT)
    renderer = fig.canvas.get_renderer()

    def height(artist) -> float:
        """The drawn height of ``artist`` in inches (the axes is in inches, measured on the Agg canvas)."""
        return artist.get_window_extent(renderer).height / fig.dpi

    titles = [text("drivers.opening", lang) if c == "s1" else _strip_number(str(sections.at[c, title_col]))
              for c in columns]
    boxes = [
        ax.text(i * column_width + MARGIN + 0.04, MARGIN,
                wrap(title, DRIVER_WIDTHS["heading"][lang], DRIVER_SIZES["heading"], bold=True),
                ha="left", va="top", fontsize=DRIVER_SIZES["heading"], fontweight="bold",
                bbox={"boxstyle": "round,pad=0.35", "facecolor": PANEL, "edgecolor": LEADER})
        for i, title in enumerate(titles)
    ]
    fig.draw_without_rendering()  # lays the heading boxes out, so their patches can be measured
    first = MARGIN + max(box.get_bbox_patch().get_window_extent(renderer).height / fig.dpi for box in boxes) + 0.2
    bottom = first
    for i, column in enumerate(columns):
        x, y = i * column_width + MARGIN, first
        if not members[column]:
            y += height(ax.text(x + 0.04, y, text("drivers.none_coded", lang), va="top",
                                fontsize=DRIVER_SIZES["name"], color=LEADER))
        for node in members[column]:
            attrs = graph.nodes[node]
            name_text = ax.text(x + 0.16, y, wrap(attrs[name], DRIVER_WIDTHS["name"][lang], DRIVER_SIZES["name"]),
                                va="top", fontsize=DRIVER_SIZES["name"], linespacing=1.0)
            ax.scatter(x + 0.04, y + DRIVER_SIZES["name"] / 72 / 2,  # beside the middle of the name's first line
                       **node_style(attrs["kind"], field_colour(attrs["field"]), proposed=attrs["status"] == "proposed",
                                    size=55))
            y += height(name_text) + 0.02
            links = [
                f"{label('relation', d['type'], lang)} → {graph.nodes[v][name]}"
                for _, v, d in graph.out_edges(node, data=True)
                if d["section"] == column
            ]
            if links:
                joined = wrap(text("clause_sep", lang).join(links), LINKS_WIDTH, DRIVER_SIZES["links"])
                y += height(ax.text(x + 0.16, y, joined, va="top", fontsize=DRIVER_SIZES["links"], color=MUTED,
                                    linespacing=1.0))
            y += DRIVER_GAP
        bottom = max(bottom, y)
    fields = [f for f in order("field") if f in {graph.nodes[n]["field"] for c in columns for n in members[c]}]
    handles = field_handles(fields, lang)
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white", color=SAMPLE, markersize=6,
                          label=text("legend.hollow_called_for", lang)))
    legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(WIDTH / 2, bottom + 0.05),
                       bbox_transform=ax.transData, ncol=min(len(handles), 3), fontsize=7)
    return finish(fig, ax, bottom + 0.05 + height(legend))


def _strip_number(title: str) -> str:
    """Drop the leading (一)/(1) of a heading: the figure shows the words only."""
    return title.split(")", 1)[1].strip() if title.startswith("(") and ")" in title else title


# --- staged construction (四(三)) ------------------------------------------------------------------


def _stage_headers(ax, xs: list[float], y: float, width: float, titles: dict[str, str]) -> float:
    """One header box per stage at ``xs``, all as high as the tallest wrapped title; returns that height."""
    wrapped = {stage: wrap(title, width - 0.2, HEADER_SIZE, bold=True) for stage, title in titles.items()}
    height = max(box_height(t, HEADER_SIZE, 0.07) for t in wrapped.values())
    for x, (stage, title) in zip(xs, wrapped.items(), strict=True):
        draw_box(ax, x, y, width, title, size=HEADER_SIZE, face=STAGE_COLOURS.get(stage, PANEL), edge=MUTED,
                 bold=True, pad=0.07, gid=f"stage-header:{stage}", align="center", height=height)
    return height


def _stage_columns(ax, rows: pd.DataFrame, lang: str, y0: float, *, mark_examples=True,
                   dashed: frozenset[str] = frozenset(), gap: float = 0.45):
    """Stage headers left to right and, under each, its rows grouped by field or dimension.

    Returns (bottom y, {stage row id: (x, y, w, h)}).
    """
    groups = stages.stage_groups(rows)
    n = len(groups)
    col_w = (WIDTH - 2 * MARGIN - (n - 1) * gap) / n
    measure = stages.measure_column(lang)
    boxes = {}
    bottom = y0
    xs = [MARGIN + i * (col_w + gap) for i in range(n)]
    titles = {stage: f"{stages.STAGE_ORDER.index(stage) + 1}  {label('stage', stage, lang)}" for stage, _ in groups}
    header_h = _stage_headers(ax, xs, y0, col_w, titles)
    for i, (_, stage_rows) in enumerate(groups):
        x = xs[i]
        if i:
            arrow(ax, (x - gap + 0.05, y0 + header_h / 2), (x - 0.05, y0 + header_h / 2), colour=INK,
                  width=1.4, scale=12)
        y = y0 + header_h + 0.12
        previous = None
        for row in stage_rows.to_dict("records"):
            kind, key = stages.group_key(row)
            colour = field_colour(row["field"] if kind == "field" else "cross_field")
            if (kind, key) != previous:
                y += 0.04 if previous else 0
                heading = wrap(stages.group_label(kind, key, lang), col_w, TEXT_SIZE, bold=True)
                ax.text(x, y, heading, fontsize=TEXT_SIZE, fontweight="bold", color=colour, va="top",
                        linespacing=LINE_SPACING)
                y += n_lines(heading) * line_height(TEXT_SIZE) + 0.02
                previous = (kind, key)
            inner_w = col_w - 0.12
            boxed = wrap(row[measure], inner_w - 0.25, TEXT_SIZE)
            h = draw_box(ax, x + 0.12, y, inner_w, boxed, face=tint(colour), edge=colour,
                         gid=f"measure:{row['id']}", dashed=row["id"] in dashed)
            if mark_examples and bool(row["example"]):
                ax.text(x + 0.12 + inner_w - 0.05, y + 0.05, "★", fontsize=TEXT_SIZE, color=INK,
                        ha="right", va="top")
            boxes[row["id"]] = (x + 0.12, y, inner_w, h)
            y += h + 0.06
        bottom = max(bottom, y)
    return bottom, boxes


def _draw_links(ax, links: pd.DataFrame, boxes: dict) -> None:
    for link in links.to_dict("records"):
        if link["source_row"] not in boxes or link["target_row"] not in boxes:
            continue
        sx, sy, sw, sh = boxes[link["source_row"]]
        tx, ty, _, th = boxes[link["target_row"]]
        arrow(ax, (sx + sw, sy + sh / 2), (tx, ty + th / 2), colour=INK, width=0.8,
              style=relation_style(link["type"]), rad=-0.08)


def _relation_legend(ax, y: float, lang: str, types=("upgrades_to", "integrates_into")) -> float:
    source = text("stages.relation_source", lang)
    return legend_line(ax, MARGIN, y, [(t, label("relation", t, lang) + source) for t in types])


def stage_path(tables, lang: str = "zh") -> Figure:
    """The three stages as a path, with every measure of data/stages.csv under its stage, once."""
    fig, ax = new_canvas()
    bottom, boxes = _stage_columns(ax, tables.stages, lang, MARGIN)
    _draw_links(ax, stages.stage_links(tables), boxes)
    y = bottom + 0.05
    y += _relation_legend(ax, y, lang)
    legend_line(ax, MARGIN, y, [("★", text("stages.example_measure", lang))])
    return finish(fig, ax, y + line_height(SMALL_SIZE))


def infrastructure_example(tables, lang: str = "zh") -> Figure:
    """The infrastructure example of 四(三) (rows with example = true) traced through the stages.

    The article follows the example through the single-field and pillar stages
    only; the rows the example's rows reach through upgrades_to / integrates_into
    relations are drawn too, dashed, so the trace continues as far as the data goes.
    Where a link runs through a mechanism the rows are part of, a bracket names it.
    """
    links = stages.stage_links(tables)
    is_example = tables.stages["example"].astype(bool)
    links = links[links["source_row"].isin(tables.stages.loc[is_example, "id"])]
    reached = tables.stages[tables.stages["id"].isin(links["target_row"]) & ~is_example]
    rows = pd.concat([tables.stages[is_example], reached])
    fig, ax = new_canvas()
    bottom, boxes = _stage_columns(ax, rows, lang, MARGIN, mark_examples=False, dashed=frozenset(reached["id"]),
                                   gap=0.9)
    own = tables.stages.set_index("id")["mechanism"]
    through_container = links["via"] != links["source_row"].map(own)
    _draw_links(ax, links[~through_container], boxes)
    names = tables.mechanisms.set_index("id")[name_column(lang)]
    # Rows linked through a mechanism they are part of: one bracket naming it, one arrow from the bracket.
    for (via, target, kind), group in links[through_container].groupby(["via", "target_row", "type"], sort=False):
        members = [boxes[r] for r in group["source_row"].unique()]
        top = min(b[1] for b in members)
        low = max(b[1] + b[3] for b in members)
        bx = members[0][0] + members[0][2] + 0.06
        mid = (top + low) / 2
        ax.plot([bx - 0.04, bx, bx, bx - 0.04], [top, top, low, low], color=MUTED, linewidth=0.8)
        tx, ty, _, th = boxes[target]
        arrow(ax, (bx, mid), (tx, ty + th / 2), colour=INK, width=0.8, style=relation_style(kind))
        note = wrap(text("stages.all_part_of", lang) + names[via], tx - bx - 0.15, SMALL_SIZE)
        ax.text(bx + 0.06, max(mid, ty + th) + 0.08, note, fontsize=SMALL_SIZE, color=MUTED, va="top",
                linespacing=LINE_SPACING, gid=f"via:{via}")
    y = bottom + 0.05
    y += _relation_legend(ax, y, lang)
    if not reached.empty:
        y += legend_line(ax, MARGIN, y, [("dashed", text("stages.reached", lang))])
    return finish(fig, ax, y)


def pillar_lanes(tables, lang: str = "zh") -> Figure:
    """五通 as lanes across the stages: single-field measures, pillar mechanisms, then the comprehensive stage.

    Measures in the body text size, or the small size where that would be taller than a printed page.
    """
    fig = _pillar_lanes(tables, lang, TEXT_SIZE)
    return fig if fig.get_figheight() <= PRINT_HEIGHT - 0.4 else _pillar_lanes(tables, lang, SMALL_SIZE)


def _pillar_lanes(tables, lang: str, size: float) -> Figure:
    fig, ax = new_canvas()
    ordered = stages.ordered_stages(tables.stages)
    measure = stages.measure_column(lang)
    lane_w, gap = 1.05, 0.35
    col_w = (WIDTH - 2 * MARGIN - lane_w - 2 * gap) / 3
    xs = [MARGIN + lane_w + i * (col_w + gap) for i in range(3)]
    titles = {stage: label("stage", stage, lang) for stage in stages.STAGE_ORDER}
    header_h = _stage_headers(ax, xs, MARGIN, col_w, titles)
    top = MARGIN + header_h + 0.1
    staged = ordered[ordered["stage"] != "comprehensive"]
    # One lane per field: measures for all fields first, then the five pillars (always shown), then other fields.
    present = set(staged["field"])
    lanes = (["cross_field"] if "cross_field" in present else []) + list(PILLARS) + [
        f for f in stages.FIELD_ORDER if f in present and f not in PILLARS and f != "cross_field"
    ]
    boxes = {}
    y = top
    for lane in lanes:
        lane_rows = staged[staged["field"] == lane]
        texts = {row["id"]: wrap(row[measure], col_w - 0.2, size) for row in lane_rows.to_dict("records")}
        heights = {
            s: sum(box_height(texts[r], size) + 0.06 for r in lane_rows.loc[lane_rows["stage"] == s, "id"])
            for s in ("single_field", "pillar")
        }
        lane_h = max(0.4, max(heights.values()) + 0.1)
        colour = field_colour(lane)
        ax.add_patch(Rectangle((MARGIN, y), xs[1] + col_w - MARGIN, lane_h, facecolor=tint(colour, 0.92),
                               edgecolor="none"))
        ax.text(MARGIN + 0.05, y + lane_h / 2, wrap(stages.group_label("field", lane, lang), lane_w - 0.1, TEXT_SIZE),
                fontsize=TEXT_SIZE, fontweight="bold", color=colour, va="center", linespacing=LINE_SPACING,
                gid=f"lane:{lane}")
        for i, stage in enumerate(("single_field", "pillar")):
            by = y + 0.05
            for row in lane_rows[lane_rows["stage"] == stage].to_dict("records"):
                c = field_colour(row["field"])
                h = draw_box(ax, xs[i], by, col_w, texts[row["id"]], size=size, face=tint(c), edge=c,
                             gid=f"measure:{row['id']}")
                boxes[row["id"]] = (xs[i], by, col_w, h)
                by += h + 0.06
        if lane_rows.empty:
            ax.text(xs[0] + 0.05, y + lane_h / 2, text("stages.no_measure", lang), fontsize=SMALL_SIZE, color=MUTED,
                    va="center")
        # The article's direction of travel within a lane, whether or not the data links two boxes.
        for left, right in ((xs[0], xs[1]), (xs[1], xs[2])):
            arrow(ax, (left + col_w + 0.04, y + lane_h / 2), (right - 0.04, y + lane_h / 2), colour=RULE,
                  width=2.2, scale=11)
        y += lane_h + 0.05
    lanes_bottom = y
    # The comprehensive stage spans all lanes: its three dimensions stacked.
    comp = ordered[ordered["stage"] == "comprehensive"]
    cy = top
    for dim in stages.DIMENSION_ORDER:
        dim_rows = comp[comp["dimension"] == dim]
        heading = wrap(stages.group_label("dimension", dim, lang), col_w, TEXT_SIZE, bold=True)
        ax.text(xs[2], cy, heading, fontsize=TEXT_SIZE, fontweight="bold", color=field_colour("cross_field"),
                va="top", linespacing=LINE_SPACING)
        cy += n_lines(heading) * line_height(TEXT_SIZE) + 0.02
        for row in dim_rows.to_dict("records"):
            h = draw_box(ax, xs[2], cy, col_w, wrap(row[measure], col_w - 0.2, size), size=size,
                         face=tint(FIELD_COLOURS["cross_field"]), edge=FIELD_COLOURS["cross_field"],
                         gid=f"measure:{row['id']}")
            boxes[row["id"]] = (xs[2], cy, col_w, h)
            cy += h + 0.06
        cy += 0.08
    # Rows with a dimension the code book does not know would be missing: draw them last, unlabelled.
    for row in comp[~comp["dimension"].isin(stages.DIMENSION_ORDER)].to_dict("records"):
        h = draw_box(ax, xs[2], cy, col_w, wrap(row[measure], col_w - 0.2, size), size=size,
                     gid=f"measure:{row['id']}")
        boxes[row["id"]] = (xs[2], cy, col_w, h)
        cy += h + 0.06
    _draw_links(ax, stages.stage_links(tables), boxes)
    bottom = max(lanes_bottom, cy) + 0.05
    height = _relation_legend(ax, bottom, lang)
    legend_line(ax, MARGIN, bottom + height, [("grey", text("stages.direction", lang))])
    return finish(fig, ax, bottom + 2 * height)


# --- priorities (三) -------------------------------------------------------------------------------


def _priority_group(ax, x: float, y: float, col_w: float, number: str, head, parts: pd.DataFrame, lang: str,
                    *, size: float = TEXT_SIZE, draw: bool = True) -> float:
    """One priority mechanism (numbered heading) and, as an indented list under it, what the article
    proposes within it (a filled marker: existing; hollow: proposed); returns its height from (x, y).
    With ``draw=False`` only measures."""
    name = name_column(lang)
    colour = field_colour(head["field"])
    heading = wrap(number + head[name], col_w - 0.2, HEADER_SIZE, bold=True)
    h = box_height(heading, HEADER_SIZE, 0.07)
    if draw:
        draw_box(ax, x, y, col_w, heading, size=HEADER_SIZE, face=tint(colour, 0.6), edge=colour, bold=True,
                 pad=0.07, gid=f"priority:{head['id']}")
    top, y = y, y + h + 0.06
    indent = 0.16
    for part in parts.to_dict("records"):
        px = x + 0.1 + (int(part["depth"]) - 1) * indent
        item = wrap(part[name], x + col_w - px - MARKER - 0.08, size)
        if draw:
            list_marker(ax, px, y + line_height(size) / 2, field_colour(part["field"]),
                        filled=part["status"] != "proposed")
            ax.text(px + MARKER + 0.05, y, item, fontsize=size, va="top", color=INK, linespacing=LINE_SPACING,
                    gid=f"part:{head['id']}:{part['id']}")
        y += n_lines(item) * line_height(size) + 0.035
    if draw:  # a rule in the mechanism's colour holds its list together
        ax.plot([x + 0.03, x + 0.03], [top + h, y], color=colour, linewidth=1.2)
    return y - top


def priority_mechanisms(tables, lang: str = "zh") -> Figure:
    """The four headline priority mechanisms of 三, each with what the article proposes within it.

    The groups are set in as many columns as keep the figure lowest: each group goes, in order, under
    the column that is shortest so far (English names need more room than Chinese ones).
    """
    fig, ax = new_canvas()
    groups = stages.priority_groups(tables)
    numbers = [text("ordinal_heading", lang, numeral=chinese_numeral(i + 1), n=i + 1) for i in range(len(groups))]
    gap = 0.15

    def layout(n_columns: int, size: float):
        col_w = (WIDTH - 2 * MARGIN - (n_columns - 1) * gap) / n_columns
        bottoms, places = [MARGIN] * n_columns, []
        for number, (head, parts) in zip(numbers, groups, strict=True):
            column = bottoms.index(min(bottoms))
            places.append((MARGIN + column * (col_w + gap), bottoms[column]))
            height = _priority_group(None, 0, 0, col_w, number, head, parts, lang, size=size, draw=False)
            bottoms[column] += height + 0.2
        return max(bottoms), size, col_w, places

    # The lowest layout in the body text size; the small size only if that would not fit one printed page.
    for candidate in (TEXT_SIZE, SMALL_SIZE):
        columns = range(max(len(groups), 1), 0, -1)
        bottom, size, col_w, places = min((layout(n, candidate) for n in columns), key=lambda t: t[0])
        if bottom <= PRINT_HEIGHT - 0.4:
            break
    for number, (head, parts), (x, y) in zip(numbers, groups, places, strict=True):
        _priority_group(ax, x, y, col_w, number, head, parts, lang, size=size)
    bottom -= 0.15
    legend_line(ax, MARGIN, bottom + 0.05, [
        ("hollow", text("priorities.proposed", lang)),
        ("filled", text("priorities.existing", lang)),
        ("", text("priorities.colour", lang)),
    ])
    return finish(fig, ax, bottom + 0.05 + line_height(SMALL_SIZE))


# --- principles (四(二)) ---------------------------------------------------------------------------


def principles(tables, lang: str = "zh") -> Figure:
    """共商, 共建 and 共享, each with what it guides (and the works the article cites for it)."""
    fig, ax = new_canvas()
    zh = lang == "zh"
    rows = tables.principles.to_dict("records")
    gap = 0.35
    n = max(len(rows), 1)
    col_w = (WIDTH - 2 * MARGIN - (n - 1) * gap) / n
    name = name_column(lang)
    guides = f"guides_{lang}"
    bottom = MARGIN
    ax.text(WIDTH / 2, MARGIN, text("principles.title", lang), ha="center", va="top", fontsize=HEADER_SIZE,
            fontweight="bold", color=INK)
    top = MARGIN + line_height(HEADER_SIZE) + 0.12
    for i, row in enumerate(rows):
        x = MARGIN + i * (col_w + gap)
        colour = PRINCIPLE_COLOURS[i % len(PRINCIPLE_COLOURS)]
        name_size = 14 if zh else 10
        h = draw_box(ax, x, top, col_w, wrap(row[name], col_w - 0.2, name_size, bold=True), size=name_size,
                     face=tint(colour, 0.55), edge=colour, bold=True, pad=0.1, align="center",
                     gid=f"principle:{row['id']}")
        y = top + h
        arrow(ax, (x + col_w / 2, y + 0.02), (x + col_w / 2, y + 0.42), colour=colour, width=1.5, scale=12)
        ax.text(x + col_w / 2 + 0.1, y + 0.22, text("principles.guides", lang), fontsize=SMALL_SIZE, color=MUTED,
                va="center")
        y += 0.46
        h = draw_box(ax, x, y, col_w, wrap(row[guides], col_w - 0.2, HEADER_SIZE), size=HEADER_SIZE,
                     face=tint(colour, 0.85), edge=colour, pad=0.08, align="center", gid=f"guides:{row['id']}")
        y += h + 0.08
        if zh and isinstance(row.get("note"), str):  # the notes of principles.csv are written in Chinese only
            note = wrap(row["note"], col_w - 0.05, SMALL_SIZE)
            ax.text(x, y, note, fontsize=SMALL_SIZE, color=INK, va="top", linespacing=LINE_SPACING)
            y += n_lines(note) * line_height(SMALL_SIZE) + 0.05
        if isinstance(row.get("cites"), str):
            cites = text("principles.cited", lang) + "; ".join(cite_label(k, lang) for k in row["cites"].split())
            cites = wrap(cites, col_w - 0.05, SMALL_SIZE)
            ax.text(x, y, cites, fontsize=SMALL_SIZE, color=MUTED, va="top", style="italic",
                    linespacing=LINE_SPACING, gid=f"cites:{row['id']}")
            y += n_lines(cites) * line_height(SMALL_SIZE)
        bottom = max(bottom, y)
    return finish(fig, ax, bottom)


# --- soft and formal mechanisms (四(一)) -----------------------------------------------------------

MAX_NAMES_PER_CELL = 8


def _examples_first(mechs: pd.DataFrame, section: str) -> pd.DataFrame:
    """Mechanisms named in ``section`` (or below it) first, the rest after, each part in data order."""
    in_section = mechs["section"].map(lambda s: s == section or str(s).startswith(section + ".")).astype(bool)
    return pd.concat([mechs[in_section], mechs[~in_section]])


def formality_breadth(tables, lang: str = "zh") -> Figure:
    """Mechanisms by formality (soft → mixed → hard, then unspecified) and breadth (single → comprehensive).

    Each cell names up to MAX_NAMES_PER_CELL of its mechanisms, fewer where the names would make the
    figure taller than a printed page (English names are longer).
    """
    for names_per_cell in range(MAX_NAMES_PER_CELL, 1, -1):
        fig = _formality_breadth(tables, lang, names_per_cell)
        if fig.get_figheight() <= PRINT_HEIGHT - 0.4:
            break
    return fig


def _formality_breadth(tables, lang: str, names_per_cell: int) -> Figure:
    fig, ax = new_canvas()
    zh = lang == "zh"
    cells = stages.formality_breadth_cells(tables)
    name = name_column(lang)
    row_label_w, gap, extra_gap = 0.85, 0.08, 0.22
    col_w = (WIDTH - 2 * MARGIN - row_label_w - 3 * gap - extra_gap) / 4
    xs = [MARGIN + row_label_w + i * (col_w + gap) + (extra_gap if i == 3 else 0) for i in range(4)]
    # Bracket over soft .. hard: the composite the article recommends.
    y = MARGIN
    ax.text((xs[0] + xs[2] + col_w) / 2, y, text("formality.bracket", lang), ha="center", va="top",
            fontsize=TEXT_SIZE, color=INK)
    y += line_height(TEXT_SIZE) + 0.03
    ax.plot([xs[0], xs[0], xs[2] + col_w, xs[2] + col_w], [y + 0.07, y, y, y + 0.07], color=INK, linewidth=0.8)
    y += 0.1
    for i, formality in enumerate(stages.FORMALITY_ORDER):
        draw_box(ax, xs[i], y, col_w, label("formality", formality, lang), size=HEADER_SIZE,
                 face=HIGHLIGHT_FILL if formality == "mixed" else NEUTRAL_FILL, edge=MUTED, bold=True, align="center",
                 pad=0.06, gid=f"formality:{formality}")
    y += box_height("x", HEADER_SIZE, 0.06) + 0.06
    counts = [len(v) for v in cells.values()]
    most = max(max(counts), 1)
    for breadth in reversed(stages.BREADTH_ORDER):
        texts = {}
        for formality in stages.FORMALITY_ORDER:
            mechs = _examples_first(cells[(formality, breadth)], "s4.1")
            shown = list(mechs[name][:names_per_cell])
            joined = text("names_sep", lang).join(shown)
            if len(mechs) > len(shown):
                joined += text("formality.more", lang, total=len(mechs), more=len(mechs) - len(shown))
            texts[formality] = wrap(joined, col_w - 0.14, SMALL_SIZE) if shown else ""
        row_h = max(0.5, max(n_lines(t) * line_height(SMALL_SIZE) for t in texts.values() if t) + 0.34
                    if any(texts.values()) else 0.5)
        row_size = HEADER_SIZE if zh else TEXT_SIZE  # "Comprehensive" must fit beside the grid
        ax.text(MARGIN, y + row_h / 2, wrap(label("breadth", breadth, lang), row_label_w - 0.05, row_size),
                fontsize=row_size, fontweight="bold", va="center", color=INK, gid=f"breadth:{breadth}")
        for i, formality in enumerate(stages.FORMALITY_ORDER):
            k = len(cells[(formality, breadth)])
            ax.add_patch(Rectangle((xs[i], y), col_w, row_h, facecolor=tint(QUANTITY, 1 - 0.35 * k / most),
                                   edgecolor=RULE, linewidth=0.6))
            ax.text(xs[i] + 0.07, y + 0.05, str(k), fontsize=11, fontweight="bold", va="top", color=INK,
                    gid=f"count:{formality}:{breadth}")
            if texts[formality]:
                ax.text(xs[i] + 0.07, y + 0.3, texts[formality], fontsize=SMALL_SIZE, va="top", color=INK,
                        linespacing=LINE_SPACING, gid=f"names:{formality}:{breadth}")
        y += row_h + gap
    arrow(ax, (xs[0], y + 0.08), (xs[2] + col_w, y + 0.08), colour=INK, width=1.0)
    ax.text((xs[0] + xs[2] + col_w) / 2, y + 0.14, text("formality.axis", lang), ha="center", va="top",
            fontsize=TEXT_SIZE, color=INK)
    return finish(fig, ax, y + 0.14 + line_height(TEXT_SIZE))


# --- actors (四(一)) -------------------------------------------------------------------------------


FALLBACK_EXAMPLES = 6


def actors(tables, lang: str = "zh") -> Figure:
    """Actor levels (official, semi-official, civil, multi-level) with the mechanisms 四 names at each, and
    the channels between levels: how many relations of the whole data run from one level to another.

    A level shows all its mechanisms, or as many as keep the figure within a printed page and a last
    chip saying how many more there are (the bands are measured, not drawn, to find that number).
    """
    groups = stages.actor_groups(tables)
    most = max((len(mechs) for _, mechs in groups), default=1)
    fig, ax = new_canvas()
    ax.text(MARGIN, MARGIN, text("actors.title", lang), fontsize=HEADER_SIZE, fontweight="bold", va="top")
    top = MARGIN + line_height(HEADER_SIZE) + 0.08
    # The rest of the figure (legend, matrix, note) is as high whatever the bands hold: drawn once apart to measure.
    below = _actor_channels(*new_canvas(), tables, lang, 0.0).get_figheight() - MARGIN
    room = PRINT_HEIGHT - 0.4 - below
    low, high = 1, most
    while low < high:  # the largest limit whose bands fit: their height grows with the limit
        mid = (low + high + 1) // 2
        low, high = (mid, high) if _actor_bands(None, groups, lang, mid, top) <= room else (low, mid - 1)
    bottom = _actor_bands(ax, groups, lang, low, top)
    return _actor_channels(fig, ax, tables, lang, bottom)


def _actor_bands(ax, groups, lang: str, limit: int, y: float) -> float:
    """One band per actor level from ``y``, at most ``limit`` chips each; returns the bottom.
    With ``ax`` None only measures."""
    name = name_column(lang)
    band_label_w = 1.0
    panel_right = WIDTH - MARGIN
    chip_max = 2.2
    for level, mechs in groups:
        in_four = mechs["section"].map(lambda s: str(s).startswith("s4")).astype(bool)
        # A level 四 never names still gets a few examples from elsewhere, flagged in its label.
        named = mechs[in_four] if in_four.any() else mechs.head(FALLBACK_EXAMPLES)
        band_top = y
        x = MARGIN + band_label_w
        row_h = 0.0
        chip_y = y + 0.06
        chips = [(m[name], m["field"], m["status"] == "proposed", f"actor-mechanism:{m['id']}")
                 for m in named.head(limit).to_dict("records")]
        if len(named) > limit:
            chips.append((text("actors.more", lang, n=len(named) - limit), "", False, f"actor-more:{level}"))
        for chip_text, field, proposed, gid in chips:
            chip = wrap(chip_text, chip_max - 0.12, SMALL_SIZE)
            w = max(text_width(line, SMALL_SIZE) for line in chip.split("\n")) + 0.14
            if x + w > panel_right - 0.05:
                x = MARGIN + band_label_w
                chip_y += row_h + 0.05
                row_h = 0.0
            h = box_height(chip, SMALL_SIZE, 0.04)
            if ax is not None:
                c = field_colour(field) if field else MUTED
                draw_box(ax, x, chip_y, w, chip, size=SMALL_SIZE, face=tint(c, 0.85) if field else "white",
                         edge=c, pad=0.04, dashed=proposed, gid=gid)
            x += w + 0.05
            row_h = max(row_h, h)
        level_text = label("actor", level, lang) + "\n" + text("actors.count", lang, n=len(mechs))
        if not in_four.any():
            level_text += "\n" + text("actors.from_elsewhere", lang)
        y = max(chip_y + row_h + 0.06, band_top + n_lines(level_text) * line_height(TEXT_SIZE) + 0.12)
        if ax is not None:
            ax.add_patch(Rectangle((MARGIN, band_top), panel_right - MARGIN, y - band_top, facecolor="none",
                                   edgecolor=RULE, linewidth=0.6))
            ax.text(MARGIN + 0.06, (band_top + y) / 2, level_text, fontsize=TEXT_SIZE, va="center", color=INK,
                    linespacing=LINE_SPACING, gid=f"actor-level:{level}")
        y += 0.05
    return y


def _actor_channels(fig, ax, tables, lang: str, y: float) -> Figure:
    """Under the bands: the legend, then the matrix of relations between levels and its note."""
    legend_y = y + 0.02
    legend_line(ax, MARGIN, legend_y, [("dashed", text("actors.proposed", lang)), ("", text("actors.colour", lang))])
    # The channels between levels, under the bands (the figure is as wide as the printed page):
    # counts of relations, source level (rows) to target level (columns).
    channels = stages.actor_channels(tables)
    mx = MARGIN
    matrix_top = legend_y + line_height(SMALL_SIZE) + 0.25
    ax.text(mx, matrix_top, text("actors.channels", lang), fontsize=HEADER_SIZE, fontweight="bold", va="top")
    my = matrix_top + line_height(HEADER_SIZE) + 0.08
    levels = list(channels.index)
    head_w = 0.7
    cell = min((WIDTH - MARGIN - mx - head_w) / max(len(levels), 1), 0.4)
    ax.text(mx, my, text("actors.from_to", lang), fontsize=SMALL_SIZE, color=MUTED, va="top")
    for j, level in enumerate(levels):
        ax.text(mx + head_w + (j + 0.5) * cell, my + 0.34, wrap(label("actor", level, lang), cell, SMALL_SIZE),
                fontsize=SMALL_SIZE, ha="center", va="bottom", color=INK, linespacing=LINE_SPACING)
    my += 0.4
    most = max(int(channels.to_numpy().max()) if levels else 0, 1)
    for i, source in enumerate(levels):
        ax.text(mx, my + (i + 0.5) * cell, label("actor", source, lang), fontsize=SMALL_SIZE, va="center")
        for j, target in enumerate(levels):
            k = int(channels.loc[source, target])
            ax.add_patch(Rectangle((mx + head_w + j * cell, my + i * cell), cell, cell,
                                   facecolor=tint(QUANTITY, 1 - 0.7 * k / most), edgecolor="white"))
            ax.text(mx + head_w + (j + 0.5) * cell, my + (i + 0.5) * cell, str(k), ha="center", va="center",
                    fontsize=TEXT_SIZE, color="white" if k > most / 2 else INK, gid=f"channel:{source}:{target}")
    matrix_bottom = my + len(levels) * cell
    note = wrap(text("actors.channels_note", lang), WIDTH - 2 * MARGIN, SMALL_SIZE)
    ax.text(mx, matrix_bottom + 0.08, note, fontsize=SMALL_SIZE, color=MUTED, va="top", linespacing=LINE_SPACING)
    matrix_bottom += 0.08 + n_lines(note) * line_height(SMALL_SIZE)
    return finish(fig, ax, matrix_bottom)
