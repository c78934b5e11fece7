"""CONTRIBUTING.md's "Add a figure" recipe, followed on a copy of the book, and the registry's guard in the build.

The copy's own ``brimech`` is imported (PYTHONPATH), as a contributor's edited checkout would be.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from brimech import figures, paths
from tools import book

TOY_FUNCTION = '''

def mechanisms_per_field(tables, lang: str = "zh") -> Figure:
    """How many mechanisms each field has (the toy figure of tests/test_contributing.py)."""
    counts = tables.mechanisms["field"].value_counts()
    fields = [f for f in order("field") if counts.get(f, 0)]
    fig = new_figure(6, 3)
    ax = fig.subplots()
    ax.bar(range(len(fields)), [int(counts[f]) for f in fields], color=[field_colour(f) for f in fields])
    ax.set_xticks(range(len(fields)), [label("field", f, lang) for f in fields], rotation=45, ha="right", fontsize=7)
    fig.tight_layout()
    return fig
'''
NAME, LABEL, CHAPTER = "mechanisms_per_field", "toy-fields", "notebooks/02_progress"  # a label without fig-
ENTRY = f'    RegisteredFigure("{NAME}", "{LABEL}", "charts.{NAME}", "{CHAPTER}"),\n'
CAPTION = "各领域的机制数。数据来自 `data/mechanisms.csv`。"
CAPTION_EN = "Mechanisms per field. Data: `data/mechanisms.csv`."


def _append_cells(notebook: Path, *cells) -> None:
    node = nbformat.read(notebook, as_version=4)
    node.cells.extend(cells)
    nbformat.write(node, notebook)


def _glue_figure_cell(label: str, caption: str):
    return nbformat.v4.new_markdown_cell(f"```{{glue:figure}} {label}\n:name: {label}\n\n{caption}\n```")


def _changed_files(copy: Path) -> list[str]:
    """Files of the copy that differ from the checkout (or are new)."""
    return [
        name for name in book.source_files(copy)
        if not (paths.ROOT / name).is_file() or (paths.ROOT / name).read_bytes() != (copy / name).read_bytes()
    ]


def follow_the_recipe(copy: Path) -> None:
    """The four steps of "Add a figure": drawing module, registry, Chinese notebook, English notebook."""
    with (copy / "brimech/draw/charts.py").open("a", encoding="utf-8") as module:
        module.write(TOY_FUNCTION)
    registry = copy / "brimech/figures.py"
    text = registry.read_text(encoding="utf-8")
    last_of_chapter = max(m.end() for m in re.finditer(rf'RegisteredFigure\([^)]*"{CHAPTER}"\),\n', text))
    registry.write_text(text[:last_of_chapter] + ENTRY + text[last_of_chapter:], encoding="utf-8")
    _append_cells(
        copy / f"{CHAPTER}.ipynb",
        nbformat.v4.new_code_cell(f'glue_figure("{NAME}", tables, lang="zh")', metadata={"tags": ["remove-output"]}),
        _glue_figure_cell(LABEL, CAPTION),
    )
    _append_cells(copy / "notebooks/en/02_progress.ipynb", nbformat.v4.new_code_cell(""),
                  _glue_figure_cell(LABEL, CAPTION_EN))
    subprocess.run([sys.executable, "-m", "tools.editions", "sync", "--root", str(copy)], cwd=copy, check=True,
                   env={**os.environ, "PYTHONPATH": str(copy)})


def _build(copy: Path, check: bool = True):
    return book.build(copy, "html", env={"PYTHONPATH": str(copy)}, check=check)


def test_adding_a_figure_by_the_recipe(book_copy):
    follow_the_recipe(book_copy)
    assert sorted(_changed_files(book_copy)) == [
        "brimech/draw/charts.py", "brimech/figures.py", f"{CHAPTER}.ipynb", "notebooks/en/02_progress.ipynb"]
    _build(book_copy)
    html = book.output_dir(book_copy, "html")

    page = (html / f"{CHAPTER}.html").read_text(encoding="utf-8")
    figure = page[page.index(f'<figure class="align-default" id="{LABEL}">'):]
    figure = figure[: figure.index("</figure>")]
    shown_before = sum(f.chapter == CHAPTER for f in figures.registry().values())
    chapter_number = int(Path(CHAPTER).name[:2])  # notebooks/02_progress is chapter 2
    assert f"图 {chapter_number}.{shown_before + 1}" in figure  # numbered after the chapter's other figures
    assert f'provenance.html#prov-{LABEL}"' in figure  # caption linked to its provenance entry
    assert 'alt="各领域的机制数"' in figure and 'width: 100%' in figure  # zoom link and alt text

    provenance = (html / "book/provenance.html").read_text(encoding="utf-8")
    entry = provenance[provenance.index(f'id="prov-{LABEL}"'):]
    entry = entry[: entry.index("</p>")]
    assert f"brimech.draw.charts.{NAME}" in entry and "data/mechanisms.csv" in entry and CHAPTER in entry

    listed = subprocess.run([sys.executable, "-m", "brimech", "figures", "--list"], capture_output=True, text=True,
                            cwd=book_copy, env={**os.environ, "PYTHONPATH": str(book_copy)}, check=True).stdout
    assert f"{NAME}\t{LABEL}\t{CHAPTER}\tbrimech.draw.charts.{NAME}" in listed.splitlines()


def test_a_figure_glued_but_not_registered_fails_the_build_naming_it(book_copy):
    _append_cells(
        book_copy / f"{CHAPTER}.ipynb",
        nbformat.v4.new_code_cell(
            'from brimech.draw.charts import field_kind\n\nglue("fig-stray", field_kind(tables), display=True)'
        ),
        _glue_figure_cell("fig-stray", "未登记的图。"),
    )
    result = _build(book_copy, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "'fig-stray' is glued in notebooks/02_progress but not registered" in output


def test_a_registered_figure_glued_nowhere_fails_the_build_naming_it(book_copy):
    notebook = book_copy / "notebooks/05_network_analysis.ipynb"
    node = nbformat.read(notebook, as_version=4)
    node.cells = [c for c in node.cells if "field_kind" not in c.source and "fig-field-kind" not in c.source]
    nbformat.write(node, notebook)
    result = _build(book_copy, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "figure 'field_kind' is registered in brimech/figures.py but glued nowhere" in output
