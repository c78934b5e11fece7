"""Execute the notebooks in parallel into the cache myst-nb reads, and keep that cache honest.

Staleness, one rule: a notebook's outputs are stale when its code changed (jupyter-cache's
own key) or when the fingerprint of its other inputs changed (brimech.inputs:
the data files and the brimech modules the notebooks import). On a changed fingerprint
the cache records of the notebooks that import brimech are dropped and their pages
marked outdated; the fingerprint is recorded after each successful build.

Parallel: myst-nb executes a notebook when Sphinx reads its page, one at a time. Here
every notebook without a cache record starts in its own kernel as soon as the builder
is ready, while Sphinx reads the other pages; reading a notebook's page waits for its
kernel, whose result is by then in the cache, where myst-nb finds it. Before any kernel
runs code the data package is validated once, so bad data stops the build with every
problem listed (file, row, field) instead of five tracebacks, and the kernels, told so,
do not validate the same files again. A notebook that fails is
not cached: myst-nb runs it again and reports the failing cell as usual.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import Future
from pathlib import Path, PurePosixPath

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from nbclient import NotebookClient
from sphinx.errors import ExtensionError
from sphinx.util import logging

from brimech import inputs

LOGGER = logging.getLogger(__name__)
STAMP_NAME = "brimech-inputs.sha256"
NOTEBOOKS = "notebooks/**/*.ipynb"  # the English edition's are in notebooks/en/
IOPUB_TIMEOUT = 60  # seconds


def cache_dir(app) -> Path:
    configured = app.config.nb_execution_cache_path
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def book_notebooks(app) -> list[Path]:
    """The notebooks of the book (not those the configuration excludes, e.g. outside the table of contents)."""
    root = Path(app.srcdir)
    docs = app.project.discover(app.config.exclude_patterns, app.config.include_patterns)
    return [n for n in sorted(root.glob(NOTEBOOKS)) if n.relative_to(root).with_suffix("").as_posix() in docs]


def invalidate_stale(cache_path: Path, notebooks: list[Path], current: str) -> list[Path]:
    """If the fingerprint changed, drop the cache records of the notebooks that import brimech; return those."""
    stamp = cache_path / STAMP_NAME
    if not cache_path.exists() or (stamp.exists() and stamp.read_text().strip() == current):
        return []
    cache = get_cache(cache_path)
    dropped = []
    for notebook in notebooks:
        if inputs.notebook_imports(notebook) == set():
            continue  # reads nothing of brimech or data/ through it
        try:
            cache.remove_cache(cache.match_cache_notebook(nbformat.read(notebook, as_version=4)).pk)
        except KeyError:
            pass  # not cached: it executes anyway
        dropped.append(notebook)
    return dropped


def to_execute(app, notebooks: list[Path]) -> list[tuple[Path, nbformat.NotebookNode]]:
    """The notebooks myst-nb would execute: in cache mode, not excluded, without a cache record."""
    if app.config.nb_execution_mode != "cache":
        return []
    cache = get_cache(cache_dir(app))
    pending = []
    for notebook in notebooks:
        if any(PurePosixPath(notebook.as_posix()).match(p) for p in app.config.nb_execution_excludepatterns):
            continue
        book = nbformat.read(notebook, as_version=4)
        if app.config.nb_metadata_key in book.metadata:
            continue  # per-notebook execution settings: left to myst-nb
        try:
            cache.match_cache_notebook(book)
        except KeyError:
            pending.append((notebook, book))
    return pending


def validate_data(root: Path) -> None:
    """Every problem of the data package as one error; when there is none, kernels started later skip the check."""
    from brimech.data import report

    if inputs.validated(root / "data"):
        return  # tools.book validated these very files before starting jupyter-book
    problems = report(root / "data" / "datapackage.json")
    if problems:
        raise ExtensionError("the data package is invalid, no notebook was run:\n" + "\n".join(problems))
    inputs.mark_validated(root / "data")


class ParallelExecution:
    """Kernels for ``pending``, all at once, in a thread of their own; results go to the cache as they come."""

    def __init__(self, app, pending: list[tuple[Path, nbformat.NotebookNode]]):
        self.cache_path = cache_dir(app)
        self.timeout = app.config.nb_execution_timeout
        self.allow_errors = app.config.nb_execution_allow_errors
        self.root = Path(app.srcdir)
        self.futures: dict[Path, Future] = {path: Future() for path, _ in pending}
        self.pending = pending
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="brimech-execution", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            validate_data(self.root)
            asyncio.run(self._execute_all())
        except BaseException as problem:  # re-raised in Sphinx's thread by wait()
            self.failure = problem
        finally:
            for future in self.futures.values():
                if not future.done():
                    future.set_result(None)

    async def _execute_all(self) -> None:
        await asyncio.gather(*(self._execute(path, book) for path, book in self.pending))

    async def _execute(self, path: Path, book: nbformat.NotebookNode) -> None:
        settings = book.metadata.get("execution", {})
        client = NotebookClient(
            book,
            timeout=settings.get("timeout", self.timeout),
            allow_errors=settings.get("allow_errors", self.allow_errors),
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
            # nbclient waits 4 s for a cell's last outputs and then drops them silently: on a loaded
            # machine (ten kernels on two cores) glued values went missing. Wait longer, and fail
            # rather than cache a notebook without its outputs (myst-nb then runs it again).
            iopub_timeout=IOPUB_TIMEOUT,
            raise_on_iopub_timeout=True,
        )
        start = time.perf_counter()
        try:
            await client.async_execute()
        except Exception:  # noqa: BLE001 - myst-nb executes it again and reports the error
            self.futures[path].set_result(None)
            return
        seconds = time.perf_counter() - start
        bundle = CacheBundleIn(book, str(path), data={"execution_seconds": seconds})
        get_cache(self.cache_path).cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
        self.futures[path].set_result(seconds)

    def wait(self, path: Path) -> float | None:
        """Seconds ``path`` took (None if it failed or was not run here); raises the thread's failure."""
        future = self.futures.get(path)
        seconds = future.result() if future is not None else None
        if self.failure is not None:
            raise self.failure
        return seconds


def _on_builder_inited(app):
    root = Path(app.srcdir)
    notebooks = book_notebooks(app)
    app.env.brimech_fingerprint = current = inputs.fingerprint(root, notebooks)
    app.brimech_stale_docs = []
    for notebook in invalidate_stale(cache_dir(app), notebooks, current):
        LOGGER.info(f"data or brimech changed: {notebook.name} will be re-executed")
        app.brimech_stale_docs.append(notebook.relative_to(root).with_suffix("").as_posix())
    pending = to_execute(app, notebooks)
    app.brimech_execution = ParallelExecution(app, pending) if pending else None
    if pending:
        LOGGER.info(f"executing {len(pending)} notebooks in parallel: " + ", ".join(p.name for p, _ in pending))


def _on_env_get_outdated(app, env, added, changed, removed):
    return [doc for doc in app.brimech_stale_docs if doc in env.found_docs]


def _on_source_read(app, docname, source):
    if app.brimech_execution is not None:
        seconds = app.brimech_execution.wait(Path(app.env.doc2path(docname)))
        if seconds is not None:
            LOGGER.info(f"{docname}: executed in a parallel kernel in {seconds:.2f} s")


def _on_build_finished(app, exception):
    execution = getattr(app, "brimech_execution", None)
    if execution is not None:
        execution.thread.join()
    cache_path = cache_dir(app)
    if exception is None and cache_path.exists():
        (cache_path / STAMP_NAME).write_text(app.env.brimech_fingerprint + "\n")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("source-read", _on_source_read)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.2"}
