"""A changed data file (or brimech module) re-executes the notebooks that use it; nothing changed, nothing runs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from brimech.sphinxext import data_cache
from tests.test_build_strict import _build, book_copy  # noqa: F401  (fixture)


def _build_ok(root: Path) -> None:
    result = _build(root)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def _figure_hashes(root: Path) -> dict[str, str]:
    images = root / "_build" / "html" / "_images"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(images.glob("*.svg"))}


def test_editing_a_csv_changes_the_figures_drawn_from_it(book_copy):  # noqa: F811
    _build_ok(book_copy)
    before = _figure_hashes(book_copy)
    assert before, "the book drew no SVG figure"

    _build_ok(book_copy)
    assert _figure_hashes(book_copy) == before, "a rebuild with nothing changed redrew figures"

    mechanisms = book_copy / "data" / "mechanisms.csv"
    table = pd.read_csv(mechanisms, dtype=str, keep_default_na=False)
    table["name_zh"] = table["name_zh"] + "（改）"
    table.to_csv(mechanisms, index=False)
    _build_ok(book_copy)
    after = _figure_hashes(book_copy)
    assert after != before, "figures did not change after mechanisms.csv changed"


def test_inputs_hash_follows_data_and_package_code(tmp_path):
    data, package = tmp_path / "data", tmp_path / "pkg"
    data.mkdir()
    package.mkdir()
    (data / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (package / "draw.py").write_text("A = 1\n", encoding="utf-8")
    first = data_cache.inputs_hash(data, package)
    (data / "a.csv").write_text("x\n2\n", encoding="utf-8")
    second = data_cache.inputs_hash(data, package)
    (package / "draw.py").write_text("A = 2\n", encoding="utf-8")
    assert len({first, second, data_cache.inputs_hash(data, package)}) == 3


def test_only_notebooks_that_import_brimech_count(tmp_path):
    import nbformat

    reader = tmp_path / "reader.ipynb"
    prose = tmp_path / "prose.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from brimech.data import load")]), reader)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('hi')")]), prose)
    assert data_cache.uses_brimech(reader) and not data_cache.uses_brimech(prose)
