"""A strict build: a notebook that raises, or a dangling reference, fails the build and names the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from brimech import paths

JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
COPIED = ["_config.yml", "_toc.yml", "requirements.txt", "book", "notebooks", "data"]


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    for name in COPIED:
        source = paths.ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(source, target)
    return tmp_path


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(root), "--builder", "html", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=900,
    )


def _append_cell(notebook: Path, cell) -> None:
    book = nbformat.read(notebook, as_version=4)
    book.cells.append(cell)
    nbformat.write(book, notebook)


def test_the_unchanged_copy_builds(book_copy):
    result = _build(book_copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_notebook_that_raises_fails_the_build_naming_it(book_copy):
    _append_cell(book_copy / "notebooks/03_priorities.ipynb", nbformat.v4.new_code_cell("raise RuntimeError('boom')"))
    result = _build(book_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "03_priorities" in output
    assert "RuntimeError" in output


def test_a_dangling_reference_fails_the_build_naming_the_file(book_copy):
    _append_cell(
        book_copy / "notebooks/01_necessity.ipynb",
        nbformat.v4.new_markdown_cell("见 {numref}`图 %s <fig-that-does-not-exist>`。"),
    )
    result = _build(book_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "01_necessity" in output and "fig-that-does-not-exist" in output
