"""One staleness rule: a notebook is re-executed when its code, the data or the brimech code it imports changed.

A changed data file re-executes the notebooks that use it; nothing changed, nothing runs;
build tooling (tools/, the Sphinx extensions) is no input of any notebook.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from brimech import inputs
from tools import book


def _build_ok(root: Path, force: bool = False) -> str:
    # The Chinese edition alone: the English one follows the same rule and would double the time.
    result = book.build(root, check=False, force=force, english=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result.stdout


def _figure_hashes(root: Path) -> dict[str, str]:
    images = root / "_build" / "html" / "_images"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(images.glob("*.svg"))}


def test_editing_a_csv_changes_the_figures_drawn_from_it(book_copy):
    _build_ok(book_copy)
    before = _figure_hashes(book_copy)
    assert before, "the book drew no SVG figure"

    assert "nothing changed" in _build_ok(book_copy), "a rebuild with nothing changed ran jupyter-book"
    log = _build_ok(book_copy, force=True)  # jupyter-book itself, with nothing changed
    assert _figure_hashes(book_copy) == before, "a rebuild with nothing changed redrew figures"
    assert "executing" not in log and "reading sources... [" not in log, "a rebuild with nothing changed re-read pages"

    mechanisms = book_copy / "data" / "mechanisms.csv"
    table = pd.read_csv(mechanisms, dtype=str, keep_default_na=False)
    table["name_zh"] = table["name_zh"] + "（改）"
    table.to_csv(mechanisms, index=False)
    log = _build_ok(book_copy)
    assert "notebooks in parallel" in log
    after = _figure_hashes(book_copy)
    assert after != before, "figures did not change after mechanisms.csv changed"


def _package(tmp_path: Path, modules: dict[str, str]) -> Path:
    package = tmp_path / "brimech"
    for name, source in modules.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(textwrap.dedent(source), encoding="utf-8")
    return package


def _notebook(path: Path, *sources: str) -> Path:
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources]), path)
    return path


def test_package_files_follow_the_imports_of_the_notebooks(tmp_path):
    package = _package(tmp_path, {
        "__init__.py": "",
        "draw.py": "from brimech import style\nfrom . import shapes\n",
        "style.py": "import matplotlib\n",
        "shapes.py": "",
        "data.py": "",
        "bench.py": "from brimech import draw\n",  # tooling: imports package code, imported by no notebook
        "sphinxext/__init__.py": "",
        "sphinxext/ext.py": "from brimech import data\n",
    })
    notebook = _notebook(tmp_path / "n.ipynb", "%matplotlib inline\nfrom brimech import draw",
                         "from brimech.data import x")
    found = inputs.package_files(inputs.notebook_imports(notebook), package)
    assert sorted(p.relative_to(package).as_posix() for p in found) == [
        "__init__.py", "data.py", "draw.py", "shapes.py", "style.py"]


def test_nested_packages_count_their_init_files_and_resolve_relative_imports(tmp_path):
    package = _package(tmp_path, {
        "__init__.py": "",
        "draw/__init__.py": "from . import base\n",  # run first by any import of brimech.draw.x
        "draw/base.py": "",
        "draw/network.py": "from brimech.style import INK\n",
        "draw/lanes.py": "from . import shapes\nfrom ..style import INK\n",  # brimech.draw.shapes, brimech.style
        "draw/shapes.py": "",
        "style.py": "",
        "unused.py": "",
    })
    notebook = _notebook(tmp_path / "n.ipynb", "!pip list\n%matplotlib inline\nimport brimech.draw.network")
    names = inputs.notebook_imports(notebook)
    assert names == {"brimech.draw.network"}, "a shell or magic line stopped the cell from being read"
    found = inputs.package_files(names, package)
    assert sorted(p.relative_to(package).as_posix() for p in found) == [
        "__init__.py", "draw/__init__.py", "draw/base.py", "draw/network.py", "style.py"]
    found = inputs.package_files({"brimech.draw.lanes"}, package)
    assert sorted(p.relative_to(package).as_posix() for p in found) == [
        "__init__.py", "draw/__init__.py", "draw/base.py", "draw/lanes.py", "draw/shapes.py", "style.py"]


def test_a_package_module_that_cannot_be_parsed_counts_every_module(tmp_path):
    package = _package(tmp_path, {"__init__.py": "", "a.py": "x = = 1\n", "b.py": "", "sphinxext/c.py": ""})
    assert len(inputs.package_files({"brimech.a"}, package)) == 4


def test_data_files_are_the_files_of_the_data_folder_without_caches(tmp_path):
    for name in ("a.csv", "sub/b.json", "__pycache__/c.pyc", "sub/.ipynb_checkpoints/a-checkpoint.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert inputs.data_files(tmp_path) == [tmp_path / "a.csv", tmp_path / "sub" / "b.json"]


def test_a_notebook_that_cannot_be_parsed_counts_every_module(tmp_path):
    package = _package(tmp_path, {"__init__.py": "", "a.py": "", "sphinxext/b.py": ""})
    notebook = _notebook(tmp_path / "n.ipynb", "from brimech import a\nx = = 1")
    assert inputs.notebook_imports(notebook) is None
    assert len(inputs.package_files(None, package)) == 3


def test_fingerprint_follows_data_and_imported_code_but_not_tooling(tmp_path):
    package = _package(tmp_path / "src", {"__init__.py": "", "draw.py": "A = 1\n", "bench.py": "B = 1\n"})
    root = tmp_path / "book"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.csv").write_text("x\n1\n", encoding="utf-8")
    notebooks = [_notebook(tmp_path / "n.ipynb", "from brimech import draw")]
    seen = [inputs.fingerprint(root, notebooks, package)]
    (package / "bench.py").write_text("B = 2\n", encoding="utf-8")
    assert inputs.fingerprint(root, notebooks, package) == seen[0], "tooling changed the fingerprint"
    (root / "data" / "a.csv").write_text("x\n2\n", encoding="utf-8")
    seen.append(inputs.fingerprint(root, notebooks, package))
    (package / "draw.py").write_text("A = 2\n", encoding="utf-8")
    seen.append(inputs.fingerprint(root, notebooks, package))
    (root / "data" / "b.csv").write_text("x\n2\n", encoding="utf-8")
    seen.append(inputs.fingerprint(root, notebooks, package))
    assert len(set(seen)) == 4


@pytest.mark.parametrize("unparsable_first", [True, False])
def test_one_unparsable_notebook_makes_the_fingerprint_follow_every_module(tmp_path, unparsable_first):
    package = _package(tmp_path / "src", {"__init__.py": "", "draw.py": "A = 1\n", "bench.py": "B = 1\n"})
    root = tmp_path / "book"
    (root / "data").mkdir(parents=True)
    notebooks = [_notebook(tmp_path / "n.ipynb", "from brimech import draw"),
                 _notebook(tmp_path / "broken.ipynb", "x = = 1")]
    if unparsable_first:
        notebooks.reverse()
    before = inputs.fingerprint(root, notebooks, package)
    (package / "bench.py").write_text("B = 2\n", encoding="utf-8")
    assert inputs.fingerprint(root, notebooks, package) != before, "a module no parsed notebook imports changed"


def test_the_real_notebooks_do_not_import_the_tooling_or_the_extensions():
    from brimech import paths

    names = set().union(*(inputs.notebook_imports(n) for n in sorted(paths.NOTEBOOKS.glob("*.ipynb"))))
    files = {p.relative_to(inputs.PACKAGE_DIR).as_posix() for p in inputs.package_files(names)}
    assert "data.py" in files and "draw/network.py" in files and "figures.py" in files
    assert not [f for f in files if f.startswith("sphinxext/")]
    assert not (paths.ROOT / "brimech" / "bench.py").exists(), "benchmarks belong in tools/"


def test_only_notebooks_that_import_brimech_count(tmp_path):
    reader = _notebook(tmp_path / "reader.ipynb", "from brimech.data import load")
    prose = _notebook(tmp_path / "prose.ipynb", "print('hi')")
    assert inputs.notebook_imports(reader) and inputs.notebook_imports(prose) == set()


def test_a_kernel_trusts_only_the_data_the_build_validated(tmp_path, monkeypatch):
    monkeypatch.setenv(inputs.VALIDATED_DATA, "")  # restored after the test, whatever mark_validated sets
    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    assert not inputs.validated(tmp_path)
    inputs.mark_validated(tmp_path)
    assert inputs.validated(tmp_path)
    (tmp_path / "a.csv").write_text("x\n2\n", encoding="utf-8")
    assert not inputs.validated(tmp_path), "changed data passed as validated"
