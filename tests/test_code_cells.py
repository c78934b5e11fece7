"""Code out of the reader's way (brimech.sphinxext.code_cells): folded in HTML, absent from the PDF."""

from __future__ import annotations

import json
import re
import subprocess

import nbformat
import pytest
from bs4 import BeautifulSoup

from brimech import paths
from brimech.sphinxext.code_cells import launch_links

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
REMOVED = {"remove-input", "remove_input", "remove-cell"}  # tags that keep a source out of the book anyway


def _code_lines(notebook) -> list[str]:
    """Each code line of a notebook with its spaces taken out, long enough to be unmistakable."""
    book = nbformat.read(notebook, as_version=4)
    lines = [
        re.sub(r"\s+", "", line) for cell in book.cells if cell.cell_type == "code" for line in cell.source.splitlines()
    ]
    return [line for line in lines if len(line) >= 12]


def test_notebooks_keep_their_code():
    for notebook in NOTEBOOKS:
        assert _code_lines(notebook), f"{notebook.name} has no code left"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_html_folds_every_code_source_and_keeps_outputs_open(html_dir, notebook):
    soup = BeautifulSoup((html_dir / "notebooks" / f"{notebook.stem}.html").read_text(encoding="utf-8"), "html.parser")
    sources = soup.select("div.cell_input")
    shown = [
        cell
        for cell in nbformat.read(notebook, as_version=4).cells
        if cell.cell_type == "code" and not REMOVED & set(cell.metadata.get("tags", []))
    ]
    assert len(sources) == len(shown)
    for source in sources:
        fold = source.find_parent("details")
        assert fold is not None, f"code shown unfolded: {source.get_text()[:60]!r}"
        assert not fold.has_attr("open")
        assert fold.summary.get_text(" ", strip=True).startswith("显示代码")
    for output in soup.select("div.cell_output"):
        assert output.find_parent("details") is None, "an output was folded away with its code"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_chapter_says_where_its_notebook_is_and_how_to_run_it(html_dir, notebook):
    page = html_dir / "notebooks" / f"{notebook.stem}.html"
    note = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".run-this-chapter")
    assert note is not None, f"{page.name} has no note on running its notebook"
    text = note.get_text(" ", strip=True)
    assert f"notebooks/{notebook.name}" in text and "make lab" in text
    download = next(a["href"] for a in note.select("a") if a["href"].endswith(".ipynb"))
    target = (page.parent / download).resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["cells"], f"{download} is not the notebook"


def test_launch_links_need_a_github_repository():
    assert launch_links(None, "notebooks/02_progress.ipynb") == []
    assert launch_links("https://gitlab.com/a/b", "notebooks/02_progress.ipynb") == []
    links = dict(launch_links("https://github.com/owner/repo.git", "notebooks/02_progress.ipynb"))
    assert links["Binder"] == "https://mybinder.org/v2/gh/owner/repo/main?urlpath=lab/tree/notebooks/02_progress.ipynb"
    assert links["Colab"] == "https://colab.research.google.com/github/owner/repo/blob/main/notebooks/02_progress.ipynb"


@pytest.fixture(scope="module")
def pdf_text(pdf_path):
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


def test_no_code_cell_text_in_the_pdf(pdf_text):
    text = pdf_text
    printed = [f"{nb.name}: {line}" for nb in NOTEBOOKS for line in _code_lines(nb) if line in text]
    assert not printed, "code printed in the PDF:\n" + "\n".join(printed[:20])


def test_pdf_chapters_name_their_notebooks(pdf_text):
    for notebook in NOTEBOOKS:
        assert f"本章由Jupyter笔记本notebooks/{notebook.name}生成；PDF版略去了代码" in pdf_text, notebook.name
