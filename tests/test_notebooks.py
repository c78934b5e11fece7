"""Every chapter notebook executes outside the book too: from the repository root and from notebooks/."""

from __future__ import annotations

import nbformat
import pytest
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


@pytest.mark.parametrize("where", ["root", "notebooks"])
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes_without_errors_or_stderr(notebook, where):
    book = nbformat.read(notebook, as_version=4)
    cwd = paths.ROOT if where == "root" else paths.NOTEBOOKS
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    assert not _stderr(book), f"{notebook.name} wrote to stderr: {_stderr(book)}"


def test_notebooks_are_committed_without_outputs():
    for notebook in NOTEBOOKS:
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{notebook.name} has outputs"
