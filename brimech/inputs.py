"""The one fingerprint of what the notebooks read besides their own code.

jupyter-cache keys a notebook on its code cells only. Everything else a notebook's
outputs depend on is here: the files in ``data/`` and the brimech modules the
notebooks import, directly or through other brimech modules (found by reading the
import statements, so the Sphinx extensions and the tooling in ``tools/``, which
no notebook imports, are left out). The execution cache and the provenance
entries both go stale exactly when a notebook's code or this fingerprint changes.

The same digest of the data files lets the kernels a build starts skip validating
data the build has just validated (:func:`mark_validated`, :func:`validated`).
"""

from __future__ import annotations

import ast
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import brimech

PACKAGE = "brimech"
PACKAGE_DIR = Path(brimech.__file__).resolve().parent  # what the kernels import, also for a copied book
SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def _module_file(name: str, package_dir: Path) -> Path | None:
    """The source file of module ``brimech.x.y`` (a module or a package's __init__), if it exists."""
    parts = name.split(".")[1:]
    if not parts:
        return package_dir / "__init__.py"
    candidates = (package_dir.joinpath(*parts[:-1], parts[-1] + ".py"), package_dir.joinpath(*parts, "__init__.py"))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def _imported_names(source: str, current: str = PACKAGE) -> set[str] | None:
    """Dotted names of brimech modules that ``source`` imports (or may, ``from brimech import x``);
    None if the source cannot be parsed, in which case every module must be assumed."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import inside the package
                parent = current.split(".")[: len(current.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return {n for n in names if n == PACKAGE or n.startswith(PACKAGE + ".")}


def notebook_imports(notebook: Path) -> set[str] | None:
    """The brimech names a notebook's code cells import; None if a cell cannot be parsed."""
    import nbformat

    book = nbformat.read(notebook, as_version=4)
    names: set[str] = set()
    for cell in book.cells:
        if cell.cell_type == "code":
            found = _imported_names(cell.source)
            if found is None:
                return None
            names |= found
    return names


def package_files(names: Iterable[str] | None, package_dir: Path = PACKAGE_DIR) -> set[Path]:
    """Source files of the modules ``names`` and of every brimech module they import in turn.

    ``None`` stands for "unknown": then every module of the package counts.
    """
    if names is None:
        return {p for p in package_dir.rglob("*.py") if not SKIPPED_PARTS & set(p.parts)}
    files: set[Path] = set()
    pending = [PACKAGE, *names]
    while pending:
        name = pending.pop()
        parts = name.split(".")
        # Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
        for depth in range(1, len(parts) + 1):
            module = ".".join(parts[:depth])
            file = _module_file(module, package_dir)
            if file is None or file in files:
                continue
            files.add(file)
            is_package = file.name == "__init__.py"
            package = module if is_package else module.rsplit(".", 1)[0]
            found = _imported_names(file.read_text(encoding="utf-8"), package)
            if found is None:
                return package_files(None, package_dir)
            pending += sorted(found)
    return files


def data_files(data_dir: Path) -> list[Path]:
    """Every file of the data folder (the data package and anything beside it)."""
    return sorted(p for p in data_dir.rglob("*") if p.is_file() and not SKIPPED_PARTS & set(p.parts))


def digest(files: Iterable[Path], base: Path) -> str:
    """One sha256 over the files' paths (relative to ``base``) and contents."""
    hashed = hashlib.sha256()
    for file in sorted(files):
        hashed.update(file.relative_to(base).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return hashed.hexdigest()


def data_digest(data_dir: Path) -> str:
    return digest(data_files(data_dir), data_dir)


def fingerprint(root: Path, notebooks: Iterable[Path], package_dir: Path = PACKAGE_DIR) -> str:
    """The data files of the book at ``root`` and the brimech modules ``notebooks`` import."""
    names: set[str] | None = set()
    for notebook in notebooks:
        found = notebook_imports(notebook)
        names = None if found is None or names is None else names | found
    parts = data_digest(root / "data") + digest(package_files(names, package_dir), package_dir.parent)
    return hashlib.sha256(parts.encode()).hexdigest()


# The book build validates the data once and tells the kernels it starts which files it
# validated; a notebook's load() then checks those very files against the digest only.
VALIDATED_DATA = "BRIMECH_VALIDATED_DATA"


def mark_validated(data_dir: Path) -> None:
    """Record in the environment (inherited by kernels started later) that ``data_dir`` as it is now is valid."""
    os.environ[VALIDATED_DATA] = data_digest(data_dir)


def validated(data_dir: Path) -> bool:
    """True when this process was started by a build that validated exactly the files now in ``data_dir``."""
    expected = os.environ.get(VALIDATED_DATA)
    return bool(expected) and expected == data_digest(data_dir)
