"""The execution extension's bookkeeping without kernels: which notebooks run, which cache records go stale,
where the cache lives, when the data is checked and when the fingerprint is recorded."""

from __future__ import annotations

import asyncio
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from sphinx.errors import ExtensionError

from brimech import inputs, paths
from brimech.sphinxext import execution


def _notebook(path: Path, *sources: str, metadata: dict | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources],
                                            metadata=metadata or {}), path)
    return path


def _app(root: Path, cache: Path | None, mode: str = "cache", excluded=(), docs=None) -> SimpleNamespace:
    config = SimpleNamespace(nb_execution_cache_path=str(cache) if cache else "", nb_execution_mode=mode,
                             nb_execution_excludepatterns=list(excluded), nb_metadata_key="mystnb",
                             exclude_patterns=[], include_patterns=["**"])
    project = SimpleNamespace(discover=lambda exclude, include: set(docs or ()))
    return SimpleNamespace(config=config, srcdir=str(root), outdir=str(root / "_build" / "html"), project=project)


def _cache(cache_path: Path, *notebooks: Path) -> None:
    """Cache records for ``notebooks`` as they are (no kernel: the outputs do not matter here)."""
    cache = get_cache(cache_path)
    for notebook in notebooks:
        bundle = CacheBundleIn(nbformat.read(notebook, as_version=4), str(notebook))
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def _cached(cache_path: Path, notebook: Path) -> bool:
    try:
        get_cache(cache_path).match_cache_notebook(nbformat.read(notebook, as_version=4))
    except KeyError:
        return False
    return True


def test_the_cache_is_where_the_configuration_says_or_beside_the_output(tmp_path):
    assert execution.cache_dir(_app(tmp_path, tmp_path / "here")) == tmp_path / "here"
    assert execution.cache_dir(_app(tmp_path, None)) == tmp_path / "_build" / ".jupyter_cache"


def test_the_book_notebooks_are_those_sphinx_reads(tmp_path):
    kept = _notebook(tmp_path / "notebooks" / "a.ipynb")
    _notebook(tmp_path / "notebooks" / "en" / "b.ipynb")
    english = tmp_path / "notebooks" / "en" / "b.ipynb"
    _notebook(tmp_path / "elsewhere" / "c.ipynb")
    app = _app(tmp_path, None, docs={"notebooks/a", "notebooks/en/b", "elsewhere/c"})
    assert execution.book_notebooks(app) == [kept, english]
    assert execution.book_notebooks(_app(tmp_path, None, docs={"notebooks/a"})) == [kept]


def test_only_uncached_notebooks_that_myst_nb_would_execute_are_pending(tmp_path):
    cached = _notebook(tmp_path / "notebooks" / "cached.ipynb", "1")
    fresh = _notebook(tmp_path / "notebooks" / "fresh.ipynb", "2")
    skipped = _notebook(tmp_path / "notebooks" / "skip.ipynb", "3")
    own_settings = _notebook(tmp_path / "notebooks" / "own.ipynb", "4", metadata={"mystnb": {"execution_mode": "off"}})
    _cache(tmp_path / "cache", cached)
    app = _app(tmp_path, tmp_path / "cache", excluded=["*skip.ipynb"])
    pending = execution.to_execute(app, [cached, fresh, skipped, own_settings])
    assert [path for path, _ in pending] == [fresh]
    assert pending[0][1].cells[0].source == "2"
    assert execution.to_execute(_app(tmp_path, tmp_path / "cache", mode="force"), [fresh]) == []


def test_a_changed_fingerprint_drops_the_records_of_notebooks_that_import_brimech(tmp_path):
    cache_path = tmp_path / "cache"
    uses = _notebook(tmp_path / "uses.ipynb", "from brimech import network")
    plain = _notebook(tmp_path / "plain.ipynb", "import math")
    never_cached = _notebook(tmp_path / "new.ipynb", "import brimech")
    assert execution.invalidate_stale(cache_path, [uses, plain], "one") == []  # no cache yet: nothing to drop
    _cache(cache_path, uses, plain)
    assert execution.invalidate_stale(cache_path, [uses, plain, never_cached], "one") == [uses, never_cached]
    assert not _cached(cache_path, uses) and _cached(cache_path, plain)


def test_the_same_fingerprint_keeps_every_record(tmp_path):
    cache_path = tmp_path / "cache"
    uses = _notebook(tmp_path / "uses.ipynb", "import brimech.data")
    _cache(cache_path, uses)
    (cache_path / execution.STAMP_NAME).write_text("same\n")
    assert execution.invalidate_stale(cache_path, [uses], "same") == []
    assert _cached(cache_path, uses)
    assert execution.invalidate_stale(cache_path, [uses], "other") == [uses]


def test_data_is_checked_once_and_the_kernels_are_told(tmp_path, monkeypatch):
    monkeypatch.setenv(inputs.VALIDATED_DATA, "")
    shutil.copytree(paths.DATA, tmp_path / "data")
    execution.validate_data(tmp_path)
    assert inputs.validated(tmp_path / "data")
    monkeypatch.setattr("brimech.data.report", lambda _: pytest.fail("validated files are not checked again"))
    execution.validate_data(tmp_path)


def test_invalid_data_is_one_error_listing_every_problem(tmp_path, monkeypatch):
    monkeypatch.setenv(inputs.VALIDATED_DATA, "")
    shutil.copytree(paths.DATA, tmp_path / "data")
    (tmp_path / "data" / "sections.csv").write_text("id\n", encoding="utf-8")
    stopped = r"(?s)^the data package is invalid, no notebook was run:\n.*sections\.csv"
    with pytest.raises(ExtensionError, match=stopped):
        execution.validate_data(tmp_path)
    assert not inputs.validated(tmp_path / "data")


def test_stale_pages_are_those_sphinx_knows(tmp_path):
    app = SimpleNamespace(brimech_stale_docs=["notebooks/a", "notebooks/gone"])
    env = SimpleNamespace(found_docs={"notebooks/a", "notebooks/b"})
    assert execution._on_env_get_outdated(app, env, set(), set(), set()) == ["notebooks/a"]


@pytest.mark.parametrize("failed", [False, True])
def test_the_fingerprint_is_recorded_after_a_successful_build_only(tmp_path, failed):
    (tmp_path / "cache").mkdir()
    app = _app(tmp_path, tmp_path / "cache")
    app.env = SimpleNamespace(brimech_fingerprint="abc")
    app.brimech_execution = None
    execution._on_build_finished(app, RuntimeError("build failed") if failed else None)
    stamp = tmp_path / "cache" / execution.STAMP_NAME
    assert (not stamp.exists()) if failed else stamp.read_text() == "abc\n"


def test_waiting_for_a_notebook_not_run_here_gives_nothing_and_a_failure_is_raised():
    run = execution.ParallelExecution.__new__(execution.ParallelExecution)
    run.futures, run.failure = {}, None
    assert run.wait(Path("not-run.ipynb")) is None
    run.failure = ExtensionError("bad data")
    with pytest.raises(ExtensionError, match="bad data"):
        run.wait(Path("not-run.ipynb"))


def test_at_start_the_stale_pages_are_listed_and_only_uncached_notebooks_start(tmp_path, monkeypatch):
    shutil.copytree(paths.DATA, tmp_path / "data")
    stale = _notebook(tmp_path / "notebooks" / "uses.ipynb", "import brimech")
    plain = _notebook(tmp_path / "notebooks" / "plain.ipynb", "1 + 1")
    cache_path = tmp_path / "cache"
    _cache(cache_path, stale, plain)
    (cache_path / execution.STAMP_NAME).write_text("an older fingerprint\n")
    started, said = [], []
    monkeypatch.setattr(execution, "ParallelExecution", lambda app, todo: started.append((app, todo)) or "running")
    monkeypatch.setattr(execution, "LOGGER", SimpleNamespace(info=said.append))
    app = _app(tmp_path, cache_path, docs={"notebooks/uses", "notebooks/plain"})
    app.env = SimpleNamespace()
    execution._on_builder_inited(app)
    assert said == ["data or brimech changed: uses.ipynb will be re-executed",
                    "executing 1 notebooks in parallel: uses.ipynb"]
    assert app.env.brimech_fingerprint == inputs.fingerprint(tmp_path, [plain, stale])
    assert app.brimech_stale_docs == ["notebooks/uses"]
    assert [(given, [path for path, _ in pending]) for given, pending in started] == [(app, [stale])]  # re-runs
    assert app.brimech_execution == "running"

    (cache_path / execution.STAMP_NAME).write_text(app.env.brimech_fingerprint + "\n")
    _cache(cache_path, stale)
    execution._on_builder_inited(app)
    assert app.brimech_stale_docs == [] and app.brimech_execution is None and len(started) == 1
    assert len(said) == 2, "nothing to run, yet something was said"


def test_the_log_names_every_notebook_that_starts(tmp_path, monkeypatch):
    shutil.copytree(paths.DATA, tmp_path / "data")
    first = _notebook(tmp_path / "notebooks" / "a.ipynb", "import brimech")
    second = _notebook(tmp_path / "notebooks" / "b.ipynb", "import brimech")
    said = []
    monkeypatch.setattr(execution, "ParallelExecution", lambda app, todo: "running")
    monkeypatch.setattr(execution, "LOGGER", SimpleNamespace(info=said.append))
    app = _app(tmp_path, tmp_path / "cache", docs={"notebooks/a", "notebooks/b"})
    app.env = SimpleNamespace()
    execution._on_builder_inited(app)
    assert said == [f"executing 2 notebooks in parallel: {first.name}, {second.name}"]


def test_reading_a_page_waits_for_its_notebook_when_kernels_run(tmp_path, monkeypatch):
    waited, said = [], []
    monkeypatch.setattr(execution, "LOGGER", SimpleNamespace(info=said.append))
    app = SimpleNamespace(brimech_execution=None, env=SimpleNamespace(doc2path=lambda doc: tmp_path / f"{doc}.ipynb"))
    execution._on_source_read(app, "notebooks/a", [""])
    app.brimech_execution = SimpleNamespace(wait=lambda path: waited.append(path) or 1.5)
    execution._on_source_read(app, "notebooks/a", [""])
    assert waited == [tmp_path / "notebooks/a.ipynb"]
    assert said == ["notebooks/a: executed in a parallel kernel in 1.50 s"]
    app.brimech_execution = SimpleNamespace(wait=lambda path: None)  # failed, or not run here: nothing to report
    execution._on_source_read(app, "notebooks/a", [""])
    assert len(said) == 1


class FakeClient:
    """Stands in for nbclient: records how it was set up, then 'runs' (or fails) without a kernel."""

    made: list[dict] = []
    fails = False

    def __init__(self, book, **settings):
        FakeClient.made.append(settings)
        self.book = book

    async def async_execute(self):
        if FakeClient.fails:
            raise RuntimeError("a cell raised")
        self.book.cells[0].outputs = [nbformat.v4.new_output("stream", text="ran\n")]


@pytest.mark.parametrize("fails", [False, True])
def test_each_kernel_is_set_up_from_the_book_and_only_a_success_is_cached(tmp_path, monkeypatch, fails):
    monkeypatch.setattr(execution, "NotebookClient", FakeClient)
    monkeypatch.setattr(FakeClient, "made", [])
    monkeypatch.setattr(FakeClient, "fails", fails)
    own = _notebook(tmp_path / "notebooks" / "own.ipynb", "1", metadata={"execution": {"timeout": 7,
                                                                                     "allow_errors": True}})
    app = _app(tmp_path, tmp_path / "cache")
    app.config.nb_execution_timeout, app.config.nb_execution_allow_errors = 30, False
    run = execution.ParallelExecution.__new__(execution.ParallelExecution)
    run.cache_path, run.timeout, run.allow_errors = tmp_path / "cache", 30, False
    run.futures = {own: execution.Future()}
    _cache(tmp_path / "cache", own)  # an older record of the same code: a success replaces it
    # In a thread of its own, as in the build: a browser test earlier in this worker may leave
    # Playwright's event loop running in the main thread.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, run._execute(own, nbformat.read(own, as_version=4))).result()
    assert FakeClient.made == [{"timeout": 7, "allow_errors": True, "record_timing": False,
                                "resources": {"metadata": {"path": str(own.parent)}},
                                "iopub_timeout": execution.IOPUB_TIMEOUT, "raise_on_iopub_timeout": True}]
    seconds = run.futures[own].result()
    assert (seconds is None) if fails else seconds >= 0
    cache = get_cache(tmp_path / "cache")
    record, cached = cache.merge_match_into_notebook(nbformat.read(own, as_version=4))
    if fails:
        assert cached.cells[0].outputs == [], "a failed run replaced the older record"
    else:
        assert cached.cells[0].outputs[0]["text"] == "ran\n"
        assert cache.get_cache_record(record).data == {"execution_seconds": seconds}


def test_a_kernel_without_its_own_settings_takes_the_books(tmp_path, monkeypatch):
    monkeypatch.setattr(execution, "NotebookClient", FakeClient)
    monkeypatch.setattr(FakeClient, "made", [])
    monkeypatch.setattr(FakeClient, "fails", False)
    plain = _notebook(tmp_path / "plain.ipynb", "1")
    config = SimpleNamespace(nb_execution_cache_path=str(tmp_path / "cache"), nb_execution_timeout=30,
                             nb_execution_allow_errors=False)
    app = SimpleNamespace(config=config, srcdir=str(tmp_path), outdir=str(tmp_path / "html"))
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(execution, "validate_data", lambda root: None)
    run = execution.ParallelExecution(app, [(plain, nbformat.read(plain, as_version=4))])
    assert run.wait(plain) >= 0
    run.thread.join()
    assert FakeClient.made[0]["timeout"] == 30 and FakeClient.made[0]["allow_errors"] is False
    assert run.root == tmp_path and run.cache_path == tmp_path / "cache"


def test_the_build_ends_after_the_kernels_and_a_failed_build_stamps_nothing(tmp_path):
    (tmp_path / "cache").mkdir()
    joined = []
    app = _app(tmp_path, tmp_path / "cache")
    app.env = SimpleNamespace(brimech_fingerprint="abc")
    app.brimech_execution = SimpleNamespace(thread=SimpleNamespace(join=lambda: joined.append(True)))
    execution._on_build_finished(app, None)
    assert joined == [True] and (tmp_path / "cache" / execution.STAMP_NAME).read_text() == "abc\n"
