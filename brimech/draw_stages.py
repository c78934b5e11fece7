"""Figures of sections 三 and 四: staged construction, priorities, principles, formality and actors.

Every figure function has the signature ``(tables, lang="zh") -> Figure`` and is
listed in :data:`FIGURES`. Layouts are computed, not placed by hand: each
figure's single axes spans the whole figure with data units in inches
(y growing downwards), so a box's height follows from its number of text
lines and boxes are stacked without overlap. Figures are created with
``matplotlib.figure.Figure`` rather than pyplot, so a notebook shows them only
where it glues them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle
from pybtex.database import parse_file

from brimech import paths, stages
from brimech.encoding import (
    ACTOR_LABELS,
    FIELD_COLOURS,
    PILLARS,
    RELATION_LABELS,
    RELATION_STYLES,
    STAGE_LABELS,
    label,
    name_column,
)
from brimech.style import use_book_style

WIDTH = 10.0  # inches: A4 text width (16 cm) at about 60 % scale keeps 7-9 pt text legible
MARGIN = 0.1
LINE_SPACING = 1.3
TEXT_SIZE = 7.5
SMALL_SIZE = 6.8
HEADER_SIZE = 9.0
INK = "#222222"
MUTED = "#666666"
STAGE_HEADER_COLOURS = {"single_field": "#DDE6F0", "pillar": "#C5D5E6", "comprehensive": "#A9C0DA"}
PRINCIPLE_COLOURS = ("#0072B2", "#009E73", "#D55E00")  # Okabe-Ito: consultation, contribution, shared benefits

# Characters that may not start a line (Chinese line-breaking rules) and that may not end one.
NO_LINE_START = set("，。、；：！？）》」』”’·…,.;:!?)]%")
NO_LINE_END = set("（《「『“‘([")


# --- text -----------------------------------------------------------------------------------------


def _char_em(ch: str) -> float:
    """Approximate advance of ``ch`` in em: full width for CJK, about half for Latin."""
    if ch == " ":
        return 0.28
    if unicodedata.east_asian_width(ch) in "WFA":  # "A": quotes and marks the CJK font draws full width
        return 1.0
    return 0.62 if ch.isupper() or ch.isdigit() else 0.52


def text_width(text: str, size: float) -> float:
    """Approximate width in inches of one line of ``text`` at ``size`` points."""
    return sum(_char_em(ch) for ch in text) * size / 72


def _tokens(text: str) -> list[str]:
    """Breakable units: single CJK characters, or a Latin word (up to a hyphen) with its trailing spaces."""
    return re.findall(r"[A-Za-z0-9@#&'+./%]+[-;,:!?)]*\s*|-\s*|\s+|.", text)


def wrap(text: str, width: float, size: float = TEXT_SIZE) -> str:
    """``text`` broken into lines no wider than ``width`` inches (Chinese or English).

    Lines break between CJK characters or between words; a closing mark never
    starts a line and an opening mark never ends one. Only whitespace is
    added or removed, so removing all whitespace gives back the original's.
    """
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        if current and text_width((current + token).rstrip(), size) > width:
            if token[0] in NO_LINE_START:
                # Move the last character down with the mark rather than start a line with it.
                token, current = current[-1] + token, current[:-1]
            elif current[-1] in NO_LINE_END:
                token, current = current[-1] + token, current[:-1]
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return "\n".join(lines)


def n_lines(text: str) -> int:
    return text.count("\n") + 1


def line_height(size: float) -> float:
    return LINE_SPACING * size / 72


def compact(text: str) -> str:
    """Text with all whitespace removed: how tests compare wrapped and original text."""
    return re.sub(r"\s+", "", text)


def tint(colour: str, amount: float = 0.82) -> tuple[float, float, float]:
    """``colour`` mixed with white; amount 1 is white."""
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


# --- canvas and boxes -----------------------------------------------------------------------------


def new_canvas(width: float = WIDTH, height: float = 6.0):
    """A figure whose one axes uses inches, origin top left, y downwards; call :func:`finish` at the end."""
    use_book_style()
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    return fig, ax


def finish(fig: Figure, ax, height: float) -> Figure:
    """Size the figure to the content drawn down to ``height`` inches."""
    width = fig.get_figwidth()
    fig.set_size_inches(width, height + MARGIN)
    ax.set_xlim(0, width)
    ax.set_ylim(height + MARGIN, 0)
    return fig


def box_height(text: str, size: float = TEXT_SIZE, pad: float = 0.05) -> float:
    return n_lines(text) * line_height(size) + 2 * pad


def draw_box(
    ax,
    x: float,
    y: float,
    w: float,
    text: str,
    *,
    size: float = TEXT_SIZE,
    face="white",
    edge: str = INK,
    dashed: bool = False,
    bold: bool = False,
    pad: float = 0.05,
    gid: str | None = None,
    align: str = "left",
    height: float | None = None,
    valign: str = "center",
) -> float:
    """A rounded box at top-left (x, y), ``w`` wide, holding already wrapped ``text``; returns its height."""
    h = height if height is not None else box_height(text, size, pad)
    patch = ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0,rounding_size=0.04",
            facecolor=face,
            edgecolor=edge,
            linewidth=0.8,
            linestyle=(0, (3, 1.5)) if dashed else "solid",
        )
    )
    tx = x + w / 2 if align == "center" else x + pad + 0.02
    slack = h - box_height(text, size, pad)
    artist = ax.text(
        tx,
        y + pad + (slack / 2 if valign == "center" else 0),
        text,
        ha=align,
        va="top",
        fontsize=size,
        color=INK,
        fontweight="bold" if bold else "normal",
        linespacing=LINE_SPACING,
    )
    if gid:
        artist.set_gid(gid)
        patch.set_gid("box:" + gid)
    return h


def arrow(ax, start, end, *, colour: str = MUTED, width: float = 0.9, style="solid", scale: float = 9, rad=0.0):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=scale,
            color=colour,
            linewidth=width,
            linestyle=style,
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=1,
            shrinkB=1,
        )
    )


def legend_line(ax, x: float, y: float, items: list[tuple[str, str]], size: float = SMALL_SIZE) -> float:
    """A row of legend entries starting at (x, y); returns the row height.

    Each entry is (sample, text). The sample is drawn before the text:
    ``solid`` / ``dashed`` a small box, ``grey`` the grey direction arrow,
    a relation type (``upgrades_to`` ...) a line in that relation's style, any other string as text.
    """
    mid = y + line_height(size) / 2
    for sample, text in items:
        if sample in ("solid", "dashed"):
            ax.add_patch(Rectangle((x, mid - 0.05), 0.22, 0.1, facecolor="white", edgecolor=INK, linewidth=0.8,
                                   linestyle=(0, (3, 1.5)) if sample == "dashed" else "solid"))
            x += 0.28
        elif sample == "grey" or sample in RELATION_STYLES:
            grey = sample == "grey"
            arrow(ax, (x, mid), (x + 0.4, mid), colour="#BBBBBB" if grey else INK, width=2.2 if grey else 0.8,
                  style="solid" if grey else RELATION_STYLES[sample])
            x += 0.46
        elif sample:
            ax.text(x, y, sample, fontsize=size, va="top", color=INK)
            x += text_width(sample, size) + 0.06
        ax.text(x, y, text, fontsize=size, va="top", color=MUTED)
        x += text_width(text, size) + 0.3
    return line_height(size)


def field_colour(field: str) -> str:
    return FIELD_COLOURS.get(field, FIELD_COLOURS["cross_field"])


# --- staged construction (四(三)) ------------------------------------------------------------------


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
    header_h = box_height("x", HEADER_SIZE, 0.07)
    for i, (stage, stage_rows) in enumerate(groups):
        x = MARGIN + i * (col_w + gap)
        title = f"{stages.STAGE_ORDER.index(stage) + 1}  {label(STAGE_LABELS, stage, lang)}"
        draw_box(ax, x, y0, col_w, title, size=HEADER_SIZE, face=STAGE_HEADER_COLOURS[stage], edge=MUTED,
                 bold=True, pad=0.07, gid=f"stage-header:{stage}", align="center")
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
                ax.text(x, y, stages.group_label(kind, key, lang), fontsize=TEXT_SIZE, fontweight="bold",
                        color=colour, va="top")
                y += line_height(TEXT_SIZE) + 0.02
                previous = (kind, key)
            inner_w = col_w - 0.12
            text = wrap(row[measure], inner_w - 0.25)
            h = draw_box(ax, x + 0.12, y, inner_w, text, face=tint(colour), edge=colour,
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
              style=RELATION_STYLES[link["type"]], rad=-0.08)


def _relation_legend(ax, y: float, lang: str, types=("upgrades_to", "integrates_into")) -> float:
    source = "（data/relations.csv）" if lang == "zh" else " (data/relations.csv)"
    return legend_line(ax, MARGIN, y, [(t, label(RELATION_LABELS, t, lang) + source) for t in types])


def stage_path(tables, lang: str = "zh") -> Figure:
    """The three stages as a path, with every measure of data/stages.csv under its stage, once."""
    fig, ax = new_canvas()
    bottom, boxes = _stage_columns(ax, tables.stages, lang, MARGIN)
    _draw_links(ax, stages.stage_links(tables), boxes)
    example = "原文基础设施例子中的措施" if lang == "zh" else "measure of the article's infrastructure example"
    y = bottom + 0.05
    y += _relation_legend(ax, y, lang)
    legend_line(ax, MARGIN, y, [("★", example)])
    return finish(fig, ax, y + line_height(SMALL_SIZE))


def infrastructure_example(tables, lang: str = "zh") -> Figure:
    """The infrastructure example of 四(三) (rows with example = true) traced through the stages.

    The article follows the example through the single-field and pillar stages
    only; the rows the example's rows reach through upgrades_to / integrates_into
    relations are drawn too, dashed, so the trace continues as far as the data goes.
    Where a link runs through a mechanism the rows are part of, a bracket names it.
    """
    zh = lang == "zh"
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
        arrow(ax, (bx, mid), (tx, ty + th / 2), colour=INK, width=0.8, style=RELATION_STYLES[kind])
        text = wrap(("均属于：" if zh else "All part of: ") + names[via], tx - bx - 0.15, SMALL_SIZE)
        ax.text(bx + 0.06, max(mid, ty + th) + 0.08, text, fontsize=SMALL_SIZE, color=MUTED, va="top",
                linespacing=LINE_SPACING, gid=f"via:{via}")
    y = bottom + 0.05
    y += _relation_legend(ax, y, lang)
    if not reached.empty:
        note = "原文未把例子带入这一阶段，经关系连到的措施" if zh else \
            "not part of the article's example: reached through the relations"
        y += legend_line(ax, MARGIN, y, [("dashed", note)])
    return finish(fig, ax, y)


def pillar_lanes(tables, lang: str = "zh") -> Figure:
    """五通 as lanes across the stages: single-field measures, pillar mechanisms, then the comprehensive stage."""
    fig, ax = new_canvas()
    zh = lang == "zh"
    ordered = stages.ordered_stages(tables.stages)
    measure = stages.measure_column(lang)
    lane_w, gap = 1.05, 0.35
    col_w = (WIDTH - 2 * MARGIN - lane_w - 2 * gap) / 3
    xs = [MARGIN + lane_w + i * (col_w + gap) for i in range(3)]
    header_h = box_height("x", HEADER_SIZE, 0.07)
    for i, stage in enumerate(stages.STAGE_ORDER):
        draw_box(ax, xs[i], MARGIN, col_w, label(STAGE_LABELS, stage, lang), size=HEADER_SIZE,
                 face=STAGE_HEADER_COLOURS[stage], edge=MUTED, bold=True, pad=0.07,
                 gid=f"stage-header:{stage}", align="center")
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
        texts = {row["id"]: wrap(row[measure], col_w - 0.2) for row in lane_rows.to_dict("records")}
        heights = {
            s: sum(box_height(texts[r]) + 0.06 for r in lane_rows.loc[lane_rows["stage"] == s, "id"])
            for s in ("single_field", "pillar")
        }
        lane_h = max(0.4, max(heights.values()) + 0.1)
        colour = field_colour(lane)
        ax.add_patch(Rectangle((MARGIN, y), xs[1] + col_w - MARGIN, lane_h, facecolor=tint(colour, 0.92),
                               edgecolor="none"))
        ax.text(MARGIN + 0.05, y + lane_h / 2, wrap(stages.group_label("field", lane, lang), lane_w - 0.1, TEXT_SIZE),
                fontsize=TEXT_SIZE,
                fontweight="bold", color=colour, va="center", linespacing=LINE_SPACING, gid=f"lane:{lane}")
        for i, stage in enumerate(("single_field", "pillar")):
            by = y + 0.05
            for row in lane_rows[lane_rows["stage"] == stage].to_dict("records"):
                c = field_colour(row["field"])
                h = draw_box(ax, xs[i], by, col_w, texts[row["id"]], face=tint(c), edge=c,
                             gid=f"measure:{row['id']}")
                boxes[row["id"]] = (xs[i], by, col_w, h)
                by += h + 0.06
        if lane_rows.empty:
            empty = "（原文未举这一领域的措施）" if zh else "(the article names no measure here)"
            ax.text(xs[0] + 0.05, y + lane_h / 2, empty, fontsize=SMALL_SIZE, color=MUTED, va="center")
        # The article's direction of travel within a lane, whether or not the data links two boxes.
        arrow(ax, (xs[0] + col_w + 0.04, y + lane_h / 2), (xs[1] - 0.04, y + lane_h / 2), colour="#BBBBBB",
              width=2.2, scale=11)
        arrow(ax, (xs[1] + col_w + 0.04, y + lane_h / 2), (xs[2] - 0.04, y + lane_h / 2), colour="#BBBBBB",
              width=2.2, scale=11)
        y += lane_h + 0.05
    lanes_bottom = y
    # The comprehensive stage spans all lanes: its three dimensions stacked.
    comp = ordered[ordered["stage"] == "comprehensive"]
    cy = top
    for dim in stages.DIMENSION_ORDER:
        dim_rows = comp[comp["dimension"] == dim]
        ax.text(xs[2], cy, stages.group_label("dimension", dim, lang), fontsize=TEXT_SIZE, fontweight="bold",
                color=field_colour("cross_field"), va="top")
        cy += line_height(TEXT_SIZE) + 0.02
        for row in dim_rows.to_dict("records"):
            h = draw_box(ax, xs[2], cy, col_w, wrap(row[measure], col_w - 0.2), face=tint(FIELD_COLOURS["cross_field"]),
                         edge=FIELD_COLOURS["cross_field"], gid=f"measure:{row['id']}")
            boxes[row["id"]] = (xs[2], cy, col_w, h)
            cy += h + 0.06
        cy += 0.08
    # Rows with a dimension the code book does not know would be missing: draw them last, unlabelled.
    for row in comp[~comp["dimension"].isin(stages.DIMENSION_ORDER)].to_dict("records"):
        h = draw_box(ax, xs[2], cy, col_w, wrap(row[measure], col_w - 0.2), gid=f"measure:{row['id']}")
        boxes[row["id"]] = (xs[2], cy, col_w, h)
        cy += h + 0.06
    _draw_links(ax, stages.stage_links(tables), boxes)
    bottom = max(lanes_bottom, cy) + 0.05
    grey = "原文所述的推进方向" if zh else "the direction the article describes"
    height = _relation_legend(ax, bottom, lang)
    legend_line(ax, MARGIN, bottom + height, [("grey", grey)])
    return finish(fig, ax, bottom + 2 * height)


# --- priorities (三) -------------------------------------------------------------------------------


def priority_mechanisms(tables, lang: str = "zh") -> Figure:
    """The four headline priority mechanisms of 三, each with what the article proposes within it."""
    fig, ax = new_canvas()
    groups = stages.priority_groups(tables)
    name = name_column(lang)
    gap = 0.15
    n = max(len(groups), 1)
    col_w = (WIDTH - 2 * MARGIN - (n - 1) * gap) / n
    bottom = MARGIN
    for i, (head, parts) in enumerate(groups):
        x = MARGIN + i * (col_w + gap)
        colour = field_colour(head["field"])
        number = f"（{'一二三四五六'[i]}）" if lang == "zh" else f"({i + 1}) "
        text = wrap(number + head[name], col_w - 0.2, HEADER_SIZE)
        h = draw_box(ax, x, MARGIN, col_w, text, size=HEADER_SIZE, face=tint(colour, 0.6), edge=colour, bold=True,
                     pad=0.07, gid=f"priority:{head['id']}")
        y = MARGIN + h + 0.1
        indent = 0.2
        spines: dict[int, tuple[float, float]] = {}  # depth -> (x, y of the box the spine hangs from)
        spines[1] = (x + 0.08, MARGIN + h)
        for part in parts.to_dict("records"):
            depth = int(part["depth"])
            px = x + depth * indent
            c = field_colour(part["field"])
            w = col_w - depth * indent
            ph = draw_box(ax, px, y, w, wrap(part[name], w - 0.15), face=tint(c, 0.88), edge=c,
                          dashed=part["status"] == "proposed", gid=f"part:{head['id']}:{part['id']}")
            mid = y + ph / 2
            sx, sy = spines[depth]
            ax.plot([sx, sx, px], [sy, mid, mid], color=colour, linewidth=0.8)
            spines[depth] = (sx, mid)
            spines[depth + 1] = (px + 0.08, y + ph)
            y += ph + 0.06
        bottom = max(bottom, y)
    zh = lang == "zh"
    legend_line(ax, MARGIN, bottom + 0.05, [
        ("dashed", "原文提议的机制" if zh else "proposed by the article"),
        ("solid", "已有机制" if zh else "existing"),
        ("", "颜色：所属领域" if zh else "colour: field"),
    ])
    return finish(fig, ax, bottom + 0.05 + line_height(SMALL_SIZE))


# --- principles (四(二)) ---------------------------------------------------------------------------


@cache
def _bib_entries():
    return parse_file(str(paths.BOOK / "references.bib"), bib_format="bibtex").entries


def cite_label(key: str, lang: str) -> str:
    """Author-year label of a references.bib key (first author's surname, 等 / et al. for more).

    Authors keep the name their work is published under, so a Chinese author stays in Chinese in English too.
    """
    entries = _bib_entries()
    if key not in entries:
        raise KeyError(f"principles.csv cites '{key}', which is not a key of book/references.bib")
    entry = entries[key]
    people = entry.persons["author"]
    surname = "".join(people[0].last_names) or str(people[0])
    more = ("等" if lang == "zh" else " et al.") if len(people) > 1 else ""
    return f"{surname}{more} {entry.fields['year']}"


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
    title = ("“共商、共建、共享”原则引领机制化建设" if zh else
             "Consultation, contribution and shared benefits guide institution-building")
    ax.text(WIDTH / 2, MARGIN, title, ha="center", va="top", fontsize=HEADER_SIZE, fontweight="bold", color=INK)
    top = MARGIN + line_height(HEADER_SIZE) + 0.12
    for i, row in enumerate(rows):
        x = MARGIN + i * (col_w + gap)
        colour = PRINCIPLE_COLOURS[i % len(PRINCIPLE_COLOURS)]
        name_size = 14 if zh else 10
        h = draw_box(ax, x, top, col_w, wrap(row[name], col_w - 0.2, name_size), size=name_size,
                     face=tint(colour, 0.55), edge=colour, bold=True, pad=0.1, align="center",
                     gid=f"principle:{row['id']}")
        y = top + h
        verb = "指导" if zh else "guides"
        arrow(ax, (x + col_w / 2, y + 0.02), (x + col_w / 2, y + 0.42), colour=colour, width=1.5, scale=12)
        ax.text(x + col_w / 2 + 0.1, y + 0.22, verb, fontsize=SMALL_SIZE, color=MUTED, va="center")
        y += 0.46
        h = draw_box(ax, x, y, col_w, wrap(row[guides], col_w - 0.2, HEADER_SIZE), size=HEADER_SIZE,
                     face=tint(colour, 0.85), edge=colour, pad=0.08, align="center", gid=f"guides:{row['id']}")
        y += h + 0.08
        if zh and isinstance(row.get("note"), str):
            note = wrap(row["note"], col_w - 0.05, SMALL_SIZE)
            ax.text(x, y, note, fontsize=SMALL_SIZE, color=INK, va="top", linespacing=LINE_SPACING)
            y += n_lines(note) * line_height(SMALL_SIZE) + 0.05
        if isinstance(row.get("cites"), str):
            cites = ("引：" if zh else "Cited: ") + "; ".join(cite_label(k, lang) for k in row["cites"].split())
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
    """Mechanisms by formality (soft → mixed → hard, then unspecified) and breadth (single → comprehensive)."""
    fig, ax = new_canvas()
    zh = lang == "zh"
    cells = stages.formality_breadth_cells(tables)
    name = name_column(lang)
    row_label_w, gap, extra_gap = 0.85, 0.08, 0.22
    col_w = (WIDTH - 2 * MARGIN - row_label_w - 3 * gap - extra_gap) / 4
    xs = [MARGIN + row_label_w + i * (col_w + gap) + (extra_gap if i == 3 else 0) for i in range(4)]
    # Bracket over soft .. hard: the composite the article recommends.
    y = MARGIN
    bracket = "原文建议：软机制与正式约束机制的复合模式，兼顾灵活与可信" if zh else \
        "The article recommends a composite of soft and binding mechanisms: flexible and credible"
    ax.text((xs[0] + xs[2] + col_w) / 2, y, bracket, ha="center", va="top", fontsize=TEXT_SIZE, color=INK)
    y += line_height(TEXT_SIZE) + 0.03
    ax.plot([xs[0], xs[0], xs[2] + col_w, xs[2] + col_w], [y + 0.07, y, y, y + 0.07], color=INK, linewidth=0.8)
    y += 0.1
    for i, formality in enumerate(stages.FORMALITY_ORDER):
        draw_box(ax, xs[i], y, col_w, label(stages.FORMALITY_LABELS, formality, lang), size=HEADER_SIZE,
                 face="#E8E8E8" if formality != "mixed" else "#F6DDA8", edge=MUTED, bold=True, align="center",
                 pad=0.06, gid=f"formality:{formality}")
    y += box_height("x", HEADER_SIZE, 0.06) + 0.06
    counts = [len(v) for v in cells.values()]
    most = max(max(counts), 1)
    for breadth in reversed(stages.BREADTH_ORDER):
        texts = {}
        for formality in stages.FORMALITY_ORDER:
            mechs = _examples_first(cells[(formality, breadth)], "s4.1")
            shown = list(mechs[name][:MAX_NAMES_PER_CELL])
            joined = ("、" if zh else "; ").join(shown)
            if len(mechs) > len(shown):
                joined += f"等（共 {len(mechs)} 项）" if zh else f" and {len(mechs) - len(shown)} more"
            texts[formality] = wrap(joined, col_w - 0.14, SMALL_SIZE) if shown else ""
        row_h = max(0.5, max(n_lines(t) * line_height(SMALL_SIZE) for t in texts.values() if t) + 0.34
                    if any(texts.values()) else 0.5)
        row_size = HEADER_SIZE if zh else TEXT_SIZE  # "Comprehensive" must fit beside the grid
        ax.text(MARGIN, y + row_h / 2, wrap(label(stages.BREADTH_LABELS, breadth, lang), row_label_w - 0.05,
                                             row_size),
                fontsize=row_size, fontweight="bold", va="center", color=INK, gid=f"breadth:{breadth}")
        for i, formality in enumerate(stages.FORMALITY_ORDER):
            k = len(cells[(formality, breadth)])
            ax.add_patch(Rectangle((xs[i], y), col_w, row_h, facecolor=tint("#0072B2", 1 - 0.35 * k / most),
                                   edgecolor="#BBBBBB", linewidth=0.6))
            ax.text(xs[i] + 0.07, y + 0.05, str(k), fontsize=11, fontweight="bold", va="top", color=INK,
                    gid=f"count:{formality}:{breadth}")
            if texts[formality]:
                ax.text(xs[i] + 0.07, y + 0.3, texts[formality], fontsize=SMALL_SIZE, va="top", color=INK,
                        linespacing=LINE_SPACING, gid=f"names:{formality}:{breadth}")
        y += row_h + gap
    axis = "约束程度：软 → 硬" if zh else "Formality: soft → hard"
    arrow(ax, (xs[0], y + 0.08), (xs[2] + col_w, y + 0.08), colour=INK, width=1.0)
    ax.text((xs[0] + xs[2] + col_w) / 2, y + 0.14, axis, ha="center", va="top", fontsize=TEXT_SIZE, color=INK)
    return finish(fig, ax, y + 0.14 + line_height(TEXT_SIZE))


# --- actors (四(一)) -------------------------------------------------------------------------------


FALLBACK_EXAMPLES = 6


def actors(tables, lang: str = "zh") -> Figure:
    """Actor levels (official, semi-official, civil, multi-level) with the mechanisms 四 names at each, and
    the channels between levels: how many relations of the whole data run from one level to another."""
    fig, ax = new_canvas()
    zh = lang == "zh"
    name = name_column(lang)
    band_label_w = 1.0
    panel_right = 6.5
    chip_max = 2.2
    y = MARGIN
    title = "各层级的机制（列出第四部分提到的）" if zh else "Mechanisms by actor level (those named in IV shown)"
    ax.text(MARGIN, y, title, fontsize=HEADER_SIZE, fontweight="bold", va="top")
    y += line_height(HEADER_SIZE) + 0.08
    for level, mechs in stages.actor_groups(tables):
        in_four = mechs["section"].map(lambda s: str(s).startswith("s4")).astype(bool)
        # A level 四 never names still gets a few examples from elsewhere, flagged in its label.
        named = mechs[in_four] if in_four.any() else mechs.head(FALLBACK_EXAMPLES)
        band_top = y
        x = MARGIN + band_label_w
        row_h = 0.0
        chip_y = y + 0.06
        for mech in named.to_dict("records"):
            text = wrap(mech[name], chip_max - 0.12, SMALL_SIZE)
            w = max(text_width(line, SMALL_SIZE) for line in text.split("\n")) + 0.14
            if x + w > panel_right - 0.05:
                x = MARGIN + band_label_w
                chip_y += row_h + 0.05
                row_h = 0.0
            c = field_colour(mech["field"])
            h = draw_box(ax, x, chip_y, w, text, size=SMALL_SIZE, face=tint(c, 0.85), edge=c, pad=0.04,
                         dashed=mech["status"] == "proposed", gid=f"actor-mechanism:{mech['id']}")
            x += w + 0.05
            row_h = max(row_h, h)
        level_text = label(ACTOR_LABELS, level, lang) + "\n" + (f"共 {len(mechs)} 项" if zh else f"{len(mechs)} in all")
        if not in_four.any():
            level_text += "\n" + ("四未提及，\n列其他部分的" if zh else "none in IV;\nfrom elsewhere")
        y = max(chip_y + row_h + 0.06, band_top + n_lines(level_text) * line_height(TEXT_SIZE) + 0.12)
        ax.add_patch(Rectangle((MARGIN, band_top), panel_right - MARGIN, y - band_top, facecolor="none",
                               edgecolor="#BBBBBB", linewidth=0.6))
        ax.text(MARGIN + 0.06, (band_top + y) / 2, level_text, fontsize=TEXT_SIZE, va="center", color=INK,
                linespacing=LINE_SPACING, gid=f"actor-level:{level}")
        y += 0.05
    legend_y = y + 0.02
    legend_line(ax, MARGIN, legend_y, [("dashed", "原文提议" if zh else "proposed"),
                                       ("", "颜色：领域" if zh else "colour: field")])
    # The channels between levels: counts of relations, source level (rows) to target level (columns).
    channels = stages.actor_channels(tables)
    mx = panel_right + 0.3
    ax.text(mx, MARGIN, "层级之间的关系（条）" if zh else "Relations between levels", fontsize=HEADER_SIZE,
            fontweight="bold", va="top")
    my = MARGIN + line_height(HEADER_SIZE) + 0.08
    levels = list(channels.index)
    head_w = 0.7
    cell = min((WIDTH - MARGIN - mx - head_w) / max(len(levels), 1), 0.6)
    ax.text(mx, my, "起点＼终点" if zh else "from \\ to", fontsize=SMALL_SIZE, color=MUTED, va="top")
    for j, level in enumerate(levels):
        ax.text(mx + head_w + (j + 0.5) * cell, my + 0.34, wrap(label(ACTOR_LABELS, level, lang), cell, SMALL_SIZE),
                fontsize=SMALL_SIZE, ha="center", va="bottom", color=INK, linespacing=LINE_SPACING)
    my += 0.4
    most = max(int(channels.to_numpy().max()) if levels else 0, 1)
    for i, source in enumerate(levels):
        ax.text(mx, my + (i + 0.5) * cell, label(ACTOR_LABELS, source, lang), fontsize=SMALL_SIZE, va="center")
        for j, target in enumerate(levels):
            k = int(channels.loc[source, target])
            ax.add_patch(Rectangle((mx + head_w + j * cell, my + i * cell), cell, cell,
                                   facecolor=tint("#0072B2", 1 - 0.7 * k / most), edgecolor="white"))
            ax.text(mx + head_w + (j + 0.5) * cell, my + (i + 0.5) * cell, str(k), ha="center", va="center",
                    fontsize=TEXT_SIZE, color="white" if k > most / 2 else INK, gid=f"channel:{source}:{target}")
    matrix_bottom = my + len(levels) * cell
    note = wrap("行：关系的起点所属层级；列：终点所属层级。数据：data/relations.csv 全部关系" if zh else
                "Rows: level of the relation's source; columns: level of its target. All of data/relations.csv",
                WIDTH - MARGIN - mx, SMALL_SIZE)
    ax.text(mx, matrix_bottom + 0.08, note, fontsize=SMALL_SIZE, color=MUTED, va="top", linespacing=LINE_SPACING)
    matrix_bottom += 0.08 + n_lines(note) * line_height(SMALL_SIZE)
    return finish(fig, ax, max(legend_y + line_height(SMALL_SIZE), matrix_bottom))


FIGURES = {
    "stage_path": stage_path,
    "pillar_lanes": pillar_lanes,
    "infrastructure_example": infrastructure_example,
    "priority_mechanisms": priority_mechanisms,
    "principles": principles,
    "formality_breadth": formality_breadth,
    "actors": actors,
}
