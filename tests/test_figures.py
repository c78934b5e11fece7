"""The figure registry and `python -m brimech figures`: every registered figure drawn, in the language asked for."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import types
import warnings

import matplotlib
import nbformat
import pytest
from figure_text import CJK, draw_strictly, overlapping_texts

from brimech import figures, paths
from brimech.data import load
from brimech.draw.base import PRINT_HEIGHT, PRINT_WIDTH


@pytest.fixture(scope="module")
def tables():
    return load()


@pytest.fixture(scope="module")
def drawn(tables):
    """Each figure drawn once per language for the layout tests of this module, which only read it."""
    figures_drawn = {}

    def draw(name, lang):
        if (name, lang) not in figures_drawn:
            figures_drawn[name, lang] = figures.get(name).function(tables, lang=lang)
        return figures_drawn[name, lang]

    return draw


def _text_of(pdf) -> str:
    # -raw keeps the drawing order, so the lines of one wrapped label stay together.
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def test_every_entry_names_a_drawing_function_and_a_chapter_of_the_book():
    for figure in figures.registry().values():
        assert callable(figure.function), figure.name
        assert (paths.ROOT / f"{figure.chapter}.ipynb").is_file(), figure.chapter


def test_each_notebook_glues_exactly_the_figures_registered_for_it():
    # The build checks this on the doctree (brimech.sphinxext.figure_registry); here on the sources.
    for notebook in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        cells = nbformat.read(notebook, as_version=4).cells
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        shown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        chapter = notebook.relative_to(paths.ROOT).with_suffix("").as_posix()
        expected = [f for f in figures.registry().values() if f.chapter == chapter]
        glued = re.findall(r"""glue_figure\(\s*["']([\w-]+)["']""", code)
        assert sorted(glued) == sorted(f.name for f in expected), notebook.name
        for figure in expected:
            assert f"{{glue:figure}} {figure.label}\n:name: {figure.label}" in shown, figure.label


def test_a_name_or_label_declared_twice_is_refused(monkeypatch):
    first = figures.FIGURES[0]
    monkeypatch.setattr(figures, "FIGURES", (*figures.FIGURES, first))
    with pytest.raises(ValueError, match="declared twice"):
        figures.registry()


def test_an_unknown_figure_name_is_refused_naming_it():
    with pytest.raises(KeyError, match="no_such_figure"):
        figures.get("no_such_figure")


@pytest.mark.parametrize("name", sorted(figures.registry()))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_draws_without_warnings_in_its_language(tables, name, lang):
    text = draw_strictly(figures.get(name).function, tables, lang)
    assert text.strip()
    if lang == "en":
        # Names, labels and the figures' own words: no Chinese in an English figure (except cited authors).
        cited = {"principles"}
        assert name in cited or not CJK.search(text), name


@pytest.mark.parametrize("name", sorted(figures.registry()))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_fits_a_printed_page_so_latex_does_not_shrink_its_text(drawn, name, lang):
    """Saved as the book saves it (tight box plus padding): within the A4 text width and the height that
    leaves room for a caption. LaTeX scales a larger figure down, and its 6.5 pt labels below 6 pt."""
    fig = drawn(name, lang)
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    pad = 2 * matplotlib.rcParams["savefig.pad_inches"]
    assert box.width + pad <= PRINT_WIDTH + 0.25, f"{name} ({lang}) is {box.width + pad:.2f} in wide"
    assert box.height + pad <= PRINT_HEIGHT + 0.25, f"{name} ({lang}) is {box.height + pad:.2f} in high"


@pytest.mark.parametrize("name", sorted(figures.registry()))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_texts_of_a_figure_overlap(drawn, name, lang):
    """Titles, labels, notes, tick labels and legend entries as drawn: longer English words once ran panel
    titles into each other and a column's entries into the next."""
    assert overlapping_texts(drawn(name, lang)) == [], f"{name} ({lang})"


def _names_in_the_language(pdf, lang):
    forum = load().mechanisms.set_index("id").loc["brf"]
    text = _text_of(pdf)
    wanted, unwanted = (forum.name_zh, forum.name_en) if lang == "zh" else (forum.name_en, forum.name_zh)
    assert re.sub(r"\s+", "", wanted) in text
    assert re.sub(r"\s+", "", unwanted) not in text


def test_cli_writes_every_figure_in_its_language(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "brimech", "figures", "--lang", "zh", "--format", "pdf", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr, result.stderr  # e.g. a missing glyph
    written = sorted(p.stem for p in tmp_path.glob("*.pdf"))
    assert written == sorted(f"{name}_zh" for name in figures.registry())
    assert result.stdout.split() == [str(tmp_path / f"{name}.pdf") for name in sorted(written)]
    _names_in_the_language(tmp_path / "mechanism_network_zh.pdf", "zh")


def test_every_figure_is_written_in_english_in_process(tmp_path):
    """The same as the command line, in this process, so that mutation testing sees which test runs it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a missing glyph
        written = figures.write_all(tmp_path / "out", lang="en", fmt="pdf", tables=load())
    assert written == [tmp_path / "out" / f"{name}_en.pdf" for name in sorted(figures.registry())]
    assert all(path.read_bytes().startswith(b"%PDF") for path in written)
    _names_in_the_language(tmp_path / "out" / "mechanism_network_en.pdf", "en")


def test_written_files_carry_no_date(tmp_path):
    assert figures._metadata("pdf") == {"CreationDate": None}
    assert figures._metadata("svg") == {"Date": None}
    assert figures._metadata("png") is None
    with pytest.raises(ValueError, match=r"format must be one of \('svg', 'pdf', 'png'\), not 'gif'"):
        figures.write_all(tmp_path, fmt="gif")
    assert not any(tmp_path.iterdir())  # refused before anything is drawn


def test_cli_lists_the_registry():
    result = subprocess.run([sys.executable, "-m", "brimech", "figures", "--list"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == list(figures.registry())
    assert all(row[1] == figures.get(row[0]).label and row[3].startswith("brimech.draw.") for row in rows)


def test_cli_rejects_an_unknown_format(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "brimech", "figures", "--format", "gif", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "invalid choice" in result.stderr


def _figure_node(label: str, caption: str):
    from docutils import nodes

    figure = nodes.figure("", nodes.image(uri="a.svg", alt="a.svg"), nodes.caption("", caption))
    figure["names"].append(label)
    figure["ids"].append(label)
    return figure


def test_alt_text_comes_from_the_registry_or_else_the_captions_first_sentence():
    from types import SimpleNamespace

    from docutils import nodes

    from brimech.sphinxext import figure_zoom

    page = nodes.section("", _figure_node("fig-actors", "左：各层级。右：矩阵。"),
                         _figure_node("fig-stage-path", "分阶段推进的路径：单一领域。"),
                         _figure_node("fig-unregistered", "未登记。"))
    figure_zoom._link_figures(SimpleNamespace(builder=SimpleNamespace(format="html")), page, "x")
    alts = [image.get("alt") for image in page.findall(nodes.image)]
    assert alts == [figures.get("actors").alt, "分阶段推进的路径", "a.svg"]  # unregistered: left alone


def test_written_files_default_to_chinese_and_the_books_data_png_at_200_dpi_and_undated(tmp_path, monkeypatch):
    one = figures.get("forum_milestones")
    monkeypatch.setattr(figures, "registry", lambda: {one.name: one})  # one figure is enough here
    out = tmp_path / "nested" / "out"
    (png,) = figures.write_all(out, fmt="png")
    assert png == out / f"{one.name}_zh.png"
    for fmt, dated in (("svg", b"<dc:date>"), ("pdf", b"/CreationDate")):
        (first,) = figures.write_all(out, fmt=fmt)
        content = first.read_bytes()
        (again,) = figures.write_all(out, fmt=fmt)  # the folder exists by now
        assert dated not in content and again.read_bytes() == content
    # The PDF page is the figure's size in points (1/72 in); the PNG has 200 pixels to the inch.
    width, height = (float(v) for v in re.search(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", content).groups())
    rows, columns = matplotlib.image.imread(png).shape[:2]
    assert abs(rows - height / 72 * 200) <= 1 and abs(columns - width / 72 * 200) <= 1  # whole pixels


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"label": "fig_Net"}, r"lower-case letters, digits and hyphens \(as HTML ids keep them\): \['fig_Net'\]"),
        ({"name": "actors"}, r"figure names declared twice in brimech/figures.py: \['actors'\]"),
        ({"label": "fig-actors"}, r"figure labels declared twice in brimech/figures.py: \['fig-actors'\]"),
    ],
)
def test_the_registry_refuses_labels_sphinx_would_alter_and_anything_declared_twice(monkeypatch, change, message):
    extra = dataclasses.replace(figures.FIGURES[0], **{"name": "extra", "label": "fig-extra", **change})
    monkeypatch.setattr(figures, "FIGURES", (*figures.FIGURES, extra))
    with pytest.raises(ValueError, match=message):
        figures.registry()


def test_each_figure_is_drawn_from_the_tables_given_or_else_the_books(tmp_path, monkeypatch):
    seen = []

    def draw(tables, lang):
        seen.append((tables, lang))
        return matplotlib.figure.Figure(figsize=(1, 1))

    one = types.SimpleNamespace(name="stand_in", function=draw)
    monkeypatch.setattr(figures, "registry", lambda: {one.name: one})
    given = object()
    figures.write_all(tmp_path, lang="en", tables=given)
    figures.write_all(tmp_path)
    assert seen[0] == (given, "en")
    assert seen[1][1] == "zh" and seen[1][0] is not given
    assert sorted(seen[1][0].mechanisms["id"]) == sorted(load().mechanisms["id"])


@pytest.mark.parametrize("name", sorted(figures.registry()))
def test_no_legend_is_boxed(drawn, name):
    """Legends sit on the page like the rest of the figure's text (the style's ``legend.frameon``)."""
    from matplotlib.legend import Legend

    legends = drawn(name, "en").findobj(Legend)  # also the network's legend groups, added as artists
    assert [legend for legend in legends if legend.get_frame_on()] == []
