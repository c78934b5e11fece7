"""Re-execute the notebooks that use brimech when the data or brimech's code changed.

jupyter-cache keys a notebook on its code cells only (MyST-NB issue 299), and
Sphinx re-reads a page only when its own source changed, so a changed CSV (or a
changed drawing function) would otherwise leave stale figures in the book. When
the hash of data/ and of the brimech package differs from the one recorded
after the last successful build, this drops the cache record of every notebook
that imports brimech and marks its page outdated.
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
USES_BRIMECH = re.compile(r"^\s*(?:from|import)\s+brimech\b", re.M)
STAMP_NAME = "brimech-inputs.sha256"
# The code the notebooks run: the package without its Sphinx extensions.
PACKAGE_DIR = Path(paths.__file__).parent


def inputs_hash(data_dir: Path = paths.DATA, package_dir: Path = PACKAGE_DIR) -> str:
    """One sha256 over the data files and the package's modules, names included."""
    files = [p for p in data_dir.iterdir() if p.is_file()]
    files += [p for p in package_dir.rglob("*.py") if "sphinxext" not in p.parts]
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def uses_brimech(notebook: Path) -> bool:
    book = nbformat.read(notebook, as_version=4)
    return any(cell.cell_type == "code" and USES_BRIMECH.search(cell.source) for cell in book.cells)


def _cache_dir(app) -> Path:
    configured = app.config.nb_execution_cache_path
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def invalidate_stale(cache_dir: Path, notebooks: list[Path], current: str) -> list[Path]:
    """If the inputs changed, drop the cache records of the notebooks that use them; return those notebooks."""
    stamp = cache_dir / STAMP_NAME
    if not cache_dir.exists() or (stamp.exists() and stamp.read_text().strip() == current):
        return []
    cache = get_cache(cache_dir)
    dropped = []
    for notebook in notebooks:
        if not uses_brimech(notebook):
            continue
        try:
            record = cache.match_cache_notebook(nbformat.read(notebook, as_version=4))
            cache.remove_cache(record.pk)
        except KeyError:
            pass  # not cached: it executes anyway once its page is re-read
        dropped.append(notebook)
    return dropped


def _on_builder_inited(app):
    app.env.brimech_inputs_hash = current = inputs_hash(Path(app.srcdir) / "data")
    notebooks = sorted((Path(app.srcdir) / "notebooks").glob("*.ipynb"))
    app.brimech_stale_docs = []
    for notebook in invalidate_stale(_cache_dir(app), notebooks, current):
        LOGGER.info(f"data or brimech changed: {notebook.name} will be re-executed")
        app.brimech_stale_docs.append(notebook.relative_to(app.srcdir).with_suffix("").as_posix())


def _on_env_get_outdated(app, env, added, changed, removed):
    return [doc for doc in app.brimech_stale_docs if doc in env.found_docs]


def _on_build_finished(app, exception):
    cache_dir = _cache_dir(app)
    if exception is None and cache_dir.exists():
        (cache_dir / STAMP_NAME).write_text(app.env.brimech_inputs_hash + "\n")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
