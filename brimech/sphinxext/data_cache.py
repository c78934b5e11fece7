"""Re-execute the notebooks that read data/ when a data file changed.

jupyter-cache keys a notebook on its code cells only (MyST-NB issue 299), and
Sphinx re-reads a page only when its own source changed, so a changed CSV would
otherwise leave stale figures in the book. When the data's hash differs from
the one recorded after the last successful build, this drops the cache record
of every notebook that loads the data package and marks its page outdated.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from sphinx.util import logging

from brimech import paths

LOGGER = logging.getLogger(__name__)
READS_DATA = re.compile(r"\bbrimech\.data\b|from brimech import [^\n]*\bdata\b")
STAMP_NAME = "brimech-data.sha256"


def data_hash(data_dir: Path = paths.DATA) -> str:
    """One sha256 over every file of the data package, names included."""
    digest = hashlib.sha256()
    for file in sorted(p for p in data_dir.iterdir() if p.is_file()):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def reads_data(notebook: Path) -> bool:
    book = nbformat.read(notebook, as_version=4)
    return any(cell.cell_type == "code" and READS_DATA.search(cell.source) for cell in book.cells)


def _cache_dir(app) -> Path:
    configured = app.config.nb_execution_cache_path
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def invalidate_stale(cache_dir: Path, notebooks: list[Path], current: str) -> list[Path]:
    """If the data changed, drop the cache records of the notebooks that read it; return those notebooks."""
    stamp = cache_dir / STAMP_NAME
    if not cache_dir.exists() or (stamp.exists() and stamp.read_text().strip() == current):
        return []
    cache = get_cache(cache_dir)
    dropped = []
    for notebook in notebooks:
        if not reads_data(notebook):
            continue
        try:
            record = cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
            cache.remove_cache(record.pk)
        except KeyError:
            pass  # not cached: it executes anyway once its page is re-read
        dropped.append(notebook)
    return dropped


def _on_builder_inited(app):
    app.env.brimech_data_hash = current = data_hash(Path(app.srcdir) / "data")
    notebooks = sorted((Path(app.srcdir) / "notebooks").glob("*.ipynb"))
    app.brimech_stale_docs = []
    for notebook in invalidate_stale(_cache_dir(app), notebooks, current):
        LOGGER.info(f"data changed: {notebook.name} will be re-executed")
        app.brimech_stale_docs.append(notebook.relative_to(app.srcdir).with_suffix("").as_posix())


def _on_env_get_outdated(app, env, added, changed, removed):
    return [doc for doc in app.brimech_stale_docs if doc in env.found_docs]


def _on_build_finished(app, exception):
    cache_dir = _cache_dir(app)
    if exception is None and cache_dir.exists():
        (cache_dir / STAMP_NAME).write_text(app.env.brimech_data_hash + "\n")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
