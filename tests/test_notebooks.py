"""Every chapter notebook executes outside the book too: from the repository root and from notebooks/."""

from __future__ import annotations

import nbformat
import pytest
from jupyter_cache import get_cache
from nbclient import NotebookClient

from brimech import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def _stderr(book) -> list[str]:
    return [
        output.get("text", "")
        for cell in book.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("name") == "stderr"
    ]


@pytest.mark.slow  # a kernel per notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes_from_the_root_without_errors_or_stderr(notebook):
    book = nbformat.read(notebook, as_version=4)
    client = NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(paths.ROOT)}})
    client.execute()
    assert not _stderr(book), f"{notebook.name} wrote to stderr: {_stderr(book)}"


@pytest.fixture(scope="session")
def executed_notebooks(html_dir) -> dict[str, nbformat.NotebookNode]:
    """The book's own runs of its notebooks (from notebooks/, by the build), from its execution cache."""
    cache = get_cache(paths.BUILD / ".jupyter_cache")
    runs = {}
    for notebook in NOTEBOOKS:
        try:
            runs[notebook.name] = cache.merge_match_into_notebook(nbformat.read(notebook, as_version=4))[1]
        except KeyError:
            pytest.fail(f"{notebook.name} has no run in the book's execution cache: build the book first (`make book`)")
    return runs


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_books_run_from_notebooks_has_outputs_and_no_stderr(notebook, executed_notebooks):
    book = executed_notebooks[notebook.name]
    assert any(cell.get("outputs") for cell in book.cells if cell.cell_type == "code"), f"{notebook.name}: no output"
    assert not [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not _stderr(book), f"{notebook.name} wrote to stderr: {_stderr(book)}"


def test_notebooks_are_committed_without_outputs():
    for notebook in NOTEBOOKS:
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{notebook.name} has outputs"
