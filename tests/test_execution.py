"""The build's parallel execution: notebooks run at once into the cache myst-nb reads; a failing one is left
for myst-nb to run and report; the kernels are told the data was validated; bad data stops everything."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_cache import get_cache
from sphinx.errors import ExtensionError

from brimech import inputs, paths
from brimech.sphinxext import execution

pytestmark = pytest.mark.slow  # starts kernels


def _app(root: Path, cache: Path) -> SimpleNamespace:
    config = SimpleNamespace(nb_execution_cache_path=str(cache), nb_execution_timeout=60,
                             nb_execution_allow_errors=False, nb_execution_mode="cache",
                             nb_execution_excludepatterns=[], nb_metadata_key="mystnb")
    return SimpleNamespace(config=config, srcdir=str(root), outdir=str(root / "_build" / "html"))


def _notebook(path: Path, *sources: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources],
                                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                     "language": "python"}}), path)
    return path


def test_notebooks_run_at_once_into_the_cache_and_a_failing_one_is_left_out(tmp_path, monkeypatch):
    monkeypatch.setenv(inputs.VALIDATED_DATA, "")  # restored after the test
    root = tmp_path / "book"
    shutil.copytree(paths.DATA, root / "data")
    good = _notebook(root / "notebooks" / "good.ipynb", "import os", "print(os.environ['BRIMECH_VALIDATED_DATA'])")
    bad = _notebook(root / "notebooks" / "bad.ipynb", "raise RuntimeError('boom')")
    app = _app(root, tmp_path / "cache")
    pending = execution.to_execute(app, [good, bad])
    assert [path for path, _ in pending] == [good, bad]

    run = execution.ParallelExecution(app, pending)
    assert run.wait(good) > 0 and run.wait(bad) is None
    run.thread.join()
    cache = get_cache(tmp_path / "cache")
    cached = cache.merge_match_into_notebook(nbformat.read(good, as_version=4))[1]
    assert cached.cells[1].outputs[0]["text"].strip() == inputs.data_digest(root / "data")
    with pytest.raises(KeyError):
        cache.match_cache_notebook(nbformat.read(bad, as_version=4))
    assert [path for path, _ in execution.to_execute(app, [good, bad])] == [bad]


def test_invalid_data_stops_before_any_kernel_runs(tmp_path, monkeypatch):
    monkeypatch.setenv(inputs.VALIDATED_DATA, "")
    root = tmp_path / "book"
    shutil.copytree(paths.DATA, root / "data")
    (root / "data" / "sections.csv").write_text("id\n", encoding="utf-8")
    marker = tmp_path / "ran"
    notebook = _notebook(root / "notebooks" / "n.ipynb", f"open({str(marker)!r}, 'w').close()")
    app = _app(root, tmp_path / "cache")
    run = execution.ParallelExecution(app, execution.to_execute(app, [notebook]))
    with pytest.raises(ExtensionError, match="the data package is invalid, no notebook was run:\n.*sections.csv"):
        run.wait(notebook)
    run.thread.join()
    assert not marker.exists() and not os.environ.get(inputs.VALIDATED_DATA)
