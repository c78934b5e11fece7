"""Copy the book and build it: the one way ``make``, ``make bench``, ``make verify`` and the tests do both.

The book root is always passed in; nothing here depends on the working directory.
Command line (what ``make html`` and ``make pdf`` run): ``python -m tools.book BOOK --builder html``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

BUILDERS = {"html": "html", "pdflatex": "latex"}  # jupyter-book builder -> its folder under _build
FLAGS = ["-W", "-n", "--keep-going"]  # strict: any warning, dangling reference or failing cell fails the build
# What is never part of a copy: build output, virtual environments, caches.
NOT_COPIED = ("_build", ".venv", ".venv-cff", ".git", ".pytest_cache", ".ruff_cache", "__pycache__",
              ".ipynb_checkpoints")
EXECUTION_CACHE = Path("_build") / ".jupyter_cache"


class BuildError(RuntimeError):
    """A build failed; the message ends with the tail of its output."""


def source_files(root: Path) -> list[str]:
    """Every file of the checkout a build may read, relative to ``root``: tracked or new (not ignored).

    Asking git keeps the list right as the book grows new inputs (CITATION.cff, ...);
    outside a git checkout every file is taken except the folders in NOT_COPIED.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout:
        names = listed.stdout.split("\0")
    else:
        names = [p.relative_to(root).as_posix() for p in root.rglob("*")]
    return sorted(n for n in names if n and not set(Path(n).parts) & set(NOT_COPIED) and (root / n).is_file())


def copy_book(root: Path, target: Path, *, execution_cache_of: Path | None = None) -> Path:
    """Copy the book at ``root`` to ``target`` (see :func:`source_files`); return ``target``.

    With ``execution_cache_of`` (an already built book), its notebook execution cache comes
    along, so the copy re-executes only the notebooks whose code or inputs differ.
    """
    for name in source_files(root):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    if execution_cache_of is not None and (execution_cache_of / EXECUTION_CACHE).is_dir():
        shutil.copytree(execution_cache_of / EXECUTION_CACHE, target / EXECUTION_CACHE, dirs_exist_ok=True)
    return target


def output_dir(book: Path, builder: str) -> Path:
    return book / "_build" / BUILDERS[builder]


def build(book: Path, builder: str = "html", *, env: dict[str, str] | None = None,
          check: bool = True, quiet: bool = True) -> subprocess.CompletedProcess:
    """``jupyter-book build`` of the book at ``book`` with the strict flags; ``env`` adds variables.

    A failed LaTeX run leaves state behind that breaks the next one, so the LaTeX folder
    is dropped when the PDF build fails. With ``check`` a failure raises BuildError.
    """
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(book), "--builder", builder, *FLAGS]
    result = subprocess.run(command, cwd=book, env={**os.environ, **(env or {})}, text=True,
                            capture_output=quiet)
    no_pdf = builder == "pdflatex" and not (output_dir(book, builder) / "book.pdf").is_file()
    failed = result.returncode != 0 or no_pdf
    if failed and builder == "pdflatex":
        shutil.rmtree(output_dir(book, builder), ignore_errors=True)
    if failed and check:
        tail = ((result.stdout or "") + (result.stderr or ""))[-4000:]
        raise BuildError(f"the {builder} build of {book} failed" + (f":\n{tail}" if tail else ""))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.book", description="Build the book (strict).")
    parser.add_argument("book", type=Path, help="the book's root folder")
    parser.add_argument("--builder", choices=sorted(BUILDERS), default="html")
    args = parser.parse_args(argv)
    try:
        build(args.book.resolve(), args.builder, quiet=False)
    except BuildError as failure:
        print(failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
