"""brimech.draw.diagrams: the figures of 三 and 四 draw all their data once, in order, in either language, legibly."""

from __future__ import annotations

import io
import re
import warnings

import pytest
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text
from test_stages import real_tables, synthetic_tables

from brimech import stages
from brimech.article import cite_label
from brimech.draw import diagrams
from brimech.draw.base import NO_LINE_START, compact, text_width, wrap
from brimech.draw.canvas import TEXT_SIZE

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
LANGS = ("zh", "en")
# The diagrams drawn from the stage, priority and principle tables (the synthetic tables have these).
FIGURES = {
    name: getattr(diagrams, name)
    for name in ("stage_path", "pillar_lanes", "infrastructure_example", "priority_mechanisms", "principles",
                 "formality_breadth", "actors")
}


@pytest.fixture(params=["synthetic", "real"])
def tables(request):
    return synthetic_tables() if request.param == "synthetic" else real_tables()


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text()]


def texts_by_gid(fig, prefix: str) -> dict[str, Text]:
    found = {}
    for t in texts(fig):
        gid = t.get_gid() or ""
        if gid.startswith(prefix):
            assert gid not in found, f"{gid} drawn twice"
            found[gid.removeprefix(prefix)] = t
    return found


def count_text(fig, wanted: str) -> int:
    """How many text artists read ``wanted`` once line breaks are taken out."""
    return sum(compact(t.get_text()) == compact(wanted) for t in texts(fig))


def test_wrap_only_moves_whitespace_and_respects_the_width():
    for text in ["以项目筛选评估为起点的设施联通协调机制，“正面清单”与“负面清单”", "ESG 与 AI 标准的试点",
                 "Infrastructure coordination mechanism starting from project screening and assessment"]:
        wrapped = wrap(text, 1.2, TEXT_SIZE)
        assert compact(wrapped) == compact(text)
        assert all(text_width(line, TEXT_SIZE) <= 1.2 + 0.15 for line in wrapped.split("\n"))
        assert not any(line[0] in NO_LINE_START for line in wrapped.split("\n"))


def test_wrap_keeps_marks_with_their_words_at_every_width_in_either_weight():
    """Every mechanism name and stage measure of the book, at widths from 0.6 to 2.4 inches: no line starts with
    a closing mark or ends with an opening one, and bold text is measured bold (a bold line fits the width)."""
    from brimech.draw.base import NO_LINE_END

    data = real_tables()
    strings = [s for s in [*data.mechanisms["name_zh"], *data.stages["measure_zh"]] if any(c in NO_LINE_END for c in s)]
    assert strings
    for width in (0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4):
        for text in strings:
            for bold in (False, True):
                lines = wrap(text, width, TEXT_SIZE, bold=bold).split("\n")
                assert not any(line[-1] in NO_LINE_END for line in lines), (width, lines)
                assert not any(line[0] in NO_LINE_START for line in lines), (width, lines)
                wide = [line for line in lines if len(line) > 1 and text_width(line, TEXT_SIZE, bold) > width + 0.15]
                assert not wide, (width, bold, wide)
    # English names have no marks to move between lines: a line of several words is never wider than asked.
    for width in (0.9, 1.5, 2.1):
        for text in data.mechanisms["name_en"]:
            for bold in (False, True):
                lines = wrap(text, width, TEXT_SIZE, bold=bold).split("\n")
                assert all(text_width(line, TEXT_SIZE, bold) <= width for line in lines if " " in line), (width, lines)


@pytest.mark.parametrize("figure", ["stage_path", "pillar_lanes"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_stage_row_is_drawn_exactly_once(tables, figure, lang):
    fig = FIGURES[figure](tables, lang=lang)
    measure = stages.measure_column(lang)
    drawn = texts_by_gid(fig, "measure:")
    assert set(drawn) == set(tables.stages["id"])
    for row in tables.stages.to_dict("records"):
        assert compact(drawn[row["id"]].get_text()) == compact(row[measure])
        assert count_text(fig, row[measure]) == 1, row[measure]


@pytest.mark.parametrize("figure", ["stage_path", "infrastructure_example", "pillar_lanes"])
def test_stage_headers_run_left_to_right_in_stage_order(tables, figure):
    fig = FIGURES[figure](tables, lang="zh")
    headers = texts_by_gid(fig, "stage-header:")
    present = [s for s in stages.STAGE_ORDER if s in headers]
    xs = [headers[s].get_position()[0] for s in present]
    assert len(present) >= 2 and xs == sorted(xs) and len(set(xs)) == len(xs)


def test_stage_measures_sit_under_their_stage_header(tables):
    fig = diagrams.stage_path(tables, lang="zh")
    headers = texts_by_gid(fig, "stage-header:")
    boxes = {p.get_gid().removeprefix("box:"): p for p in fig.findobj(FancyBboxPatch) if p.get_gid()}
    for row in tables.stages.to_dict("records"):
        header = boxes["stage-header:" + row["stage"]]
        box = boxes["measure:" + row["id"]]
        assert header.get_x() <= box.get_x() <= header.get_x() + header.get_width()
        assert box.get_y() > header.get_y()
    assert headers


def test_infrastructure_example_draws_every_example_row(tables):
    fig = diagrams.infrastructure_example(tables, lang="zh")
    drawn = texts_by_gid(fig, "measure:")
    example = tables.stages[tables.stages["example"].astype(bool)]
    assert set(example["id"]) <= set(drawn)
    assert set(drawn) - set(example["id"]) <= set(stages.stage_links(tables)["target_row"])


@pytest.mark.parametrize("lang", LANGS)
def test_every_priority_mechanism_and_each_part_is_drawn(tables, lang):
    fig = diagrams.priority_mechanisms(tables, lang=lang)
    name = f"name_{lang}"
    heads = texts_by_gid(fig, "priority:")
    parts = texts_by_gid(fig, "part:")
    for head, members in stages.priority_groups(tables):
        assert head[name] in compact(heads[head["id"]].get_text()) or compact(head[name]) in compact(
            heads[head["id"]].get_text())
        for part in members.to_dict("records"):
            assert compact(parts[f"{head['id']}:{part['id']}"].get_text()) == compact(part[name])
    assert len(heads) == int(tables.mechanisms["is_priority"].sum())


def test_screening_panel_shows_positive_and_negative_lists():
    fig = diagrams.priority_mechanisms(real_tables(), lang="zh")
    panel = [compact(t.get_text()) for gid, t in texts_by_gid(fig, "part:project_screening:").items()]
    assert any("正面清单" in t for t in panel) and any("负面清单" in t for t in panel)


@pytest.mark.parametrize("lang", LANGS)
def test_principles_show_each_principle_and_what_it_guides(tables, lang):
    fig = diagrams.principles(tables, lang=lang)
    for row in tables.principles.to_dict("records"):
        assert count_text(fig, row[f"name_{lang}"]) == 1
        assert count_text(fig, row[f"guides_{lang}"]) == 1


def test_principle_citations_are_keys_of_the_bibliography(tables):
    for cites in tables.principles["cites"].dropna():
        for key in cites.split():
            assert cite_label(key, "zh")


def test_formality_grid_counts_every_mechanism_once(tables):
    fig = diagrams.formality_breadth(tables, lang="zh")
    counts = texts_by_gid(fig, "count:")
    assert len(counts) == len(stages.FORMALITY_ORDER) * len(stages.BREADTH_ORDER)
    assert sum(int(t.get_text()) for t in counts.values()) == len(tables.mechanisms)


def test_actor_channels_add_up_to_the_relations(tables):
    fig = diagrams.actors(tables, lang="zh")
    channels = texts_by_gid(fig, "channel:")
    assert sum(int(t.get_text()) for t in channels.values()) == len(tables.relations)
    levels = texts_by_gid(fig, "actor-level:")
    assert set(levels) == set(tables.mechanisms["actor_level"])


@pytest.mark.parametrize("figure", sorted(FIGURES))
def test_figures_draw_without_missing_glyphs_and_deterministically(tables, figure):
    for lang in LANGS:
        outputs = []
        for _ in range(2):
            buffer = io.BytesIO()
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a missing glyph is a UserWarning
                fig = FIGURES[figure](tables, lang=lang)
                fig.savefig(buffer, format="svg", metadata={"Date": None})
            outputs.append(buffer.getvalue())
        assert outputs[0] == outputs[1]


@pytest.mark.parametrize("figure", sorted(FIGURES))
def test_english_figures_carry_no_chinese_and_chinese_figures_carry_chinese(tables, figure):
    # Citations name authors as published (朱旭 2023), so they may be Chinese in English too.
    en = [t.get_text() for t in texts(FIGURES[figure](tables, lang="en"))
          if not (t.get_gid() or "").startswith("cites:")]
    assert not [t for t in en if CJK.search(t)]
    zh = [t.get_text() for t in texts(FIGURES[figure](tables, lang="zh"))]
    assert any(CJK.search(t) for t in zh)


@pytest.mark.parametrize("figure", sorted(FIGURES))
@pytest.mark.parametrize("lang", LANGS)
def test_boxed_text_fits_its_box_and_boxes_do_not_overlap(tables, figure, lang):
    fig = FIGURES[figure](tables, lang=lang)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {p.get_gid().removeprefix("box:"): p.get_window_extent(renderer)
             for p in fig.findobj(FancyBboxPatch) if p.get_gid()}
    for gid, text in ((t.get_gid(), t) for t in texts(fig) if t.get_gid() in boxes):
        inner = text.get_window_extent(renderer)
        outer = boxes[gid]
        assert outer.x0 - 1 <= inner.x0 and inner.x1 <= outer.x1 + 1, f"{gid}: text wider than its box"
        assert outer.y0 - 1 <= inner.y0 and inner.y1 <= outer.y1 + 1, f"{gid}: text taller than its box"
    extents = list(boxes.items())
    for i, (gid_a, a) in enumerate(extents):
        for gid_b, b in extents[i + 1:]:
            overlap_w = min(a.x1, b.x1) - max(a.x0, b.x0)
            overlap_h = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert overlap_w <= 1 or overlap_h <= 1, f"{gid_a} overlaps {gid_b}"


def test_each_example_measure_and_only_those_carry_the_star_inside_their_box(tables):
    fig = diagrams.stage_path(tables, lang="en")
    boxes = {p.get_gid().removeprefix("box:measure:"): (p.get_x(), p.get_y(), p.get_width(), p.get_height())
             for p in fig.findobj(FancyBboxPatch) if (p.get_gid() or "").startswith("box:measure:")}
    starred = set()
    for star in (t for t in texts(fig) if t.get_text() == "★"):
        x, y = star.get_position()
        starred |= {row for row, (bx, by, w, h) in boxes.items() if bx <= x <= bx + w and by <= y <= by + h}
    examples = {row["id"] for row in tables.stages.to_dict("records") if bool(row["example"]) and row["id"] in boxes}
    assert starred == examples


def test_actor_channels_with_more_relations_are_shaded_darker(tables):
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Rectangle

    fig = diagrams.actors(tables, lang="en")
    cells = [p for p in fig.findobj(Rectangle) if type(p) is Rectangle and p.axes is not None]
    shade = {}
    for count in texts_by_gid(fig, "channel:").values():
        x, y = count.get_position()
        (cell,) = [c for c in cells if c.get_x() < x < c.get_x() + c.get_width()
                   and c.get_y() < y < c.get_y() + c.get_height()]
        shade.setdefault(int(count.get_text()), set()).add(sum(to_rgb(cell.get_facecolor())))
    assert all(len(s) == 1 for s in shade.values()), "one count, one shade"
    ordered = [next(iter(shade[k])) for k in sorted(shade)]
    assert all(darker < lighter for lighter, darker in zip(ordered, ordered[1:], strict=False)), ordered
