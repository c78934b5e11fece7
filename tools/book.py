"""Copy the book and build it: the one way ``make``, ``make bench``, ``make verify`` and the tests do both.

The book root is always passed in; nothing here depends on the working directory.
Command line (what ``make html`` and ``make pdf`` run): ``python -m tools.book BOOK --builder html``.
Each build makes both editions: the Chinese one, then the English one (tools/editions.py),
published under ``_build/html/en/`` and as ``_build/latex/book-en.pdf``.

A build whose inputs are byte for byte those of the last successful build of the same
builder is skipped without starting jupyter-book (seconds of imports alone): the inputs
are every file of the book (:func:`source_files`), the commit, the installed Python
packages and SOURCE_DATE_EPOCH. Which notebooks a build re-executes is decided inside
it, by brimech.sphinxext.execution.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

BUILDERS = {"html": "html", "pdflatex": "latex"}  # jupyter-book builder -> its folder under _build
FLAGS = ["-W", "-n", "--keep-going"]  # strict: any warning, dangling reference or failing cell fails the build
# latexmk runs xelatex until the references settle (three runs); with -xelatex the runs write
# XDV and only the last is turned into PDF, instead of embedding fonts and figures three times.
LATEX_ENV = {"LATEXMKOPTS": "-xelatex"}
# What is never part of a copy: build output, virtual environments, caches.
NOT_COPIED = ("_build", ".venv", ".venv-cff", ".git", ".pytest_cache", ".ruff_cache", "__pycache__",
              ".ipynb_checkpoints")
EXECUTION_CACHE = Path("_build") / ".jupyter_cache"


class BuildError(RuntimeError):
    """A build failed; the message ends with the tail of its output."""


def source_files(root: Path) -> list[str]:
    """Every file of the checkout a build may read, relative to ``root``: tracked or new (not ignored).

    Asking git keeps the list right as the book grows new inputs (CITATION.cff, ...);
    outside a git checkout (a copy) every file is taken that the copied .gitignore does not exclude.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout:
        names = listed.stdout.split("\0")
    else:
        ignore = root / ".gitignore"
        patterns = [line.strip().rstrip("/") for line in (ignore.read_text().splitlines() if ignore.is_file() else [])
                    if line.strip() and not line.startswith("#")]
        names = [p.relative_to(root).as_posix() for p in root.rglob("*")]
        names = [n for n in names if not any(_ignored(n, pattern) for pattern in patterns)]
    return sorted(n for n in names if n and not set(Path(n).parts) & set(NOT_COPIED) and (root / n).is_file())


def _ignored(name: str, pattern: str) -> bool:
    """Whether a .gitignore pattern (the simple forms this project uses) excludes ``name``."""
    if "/" in pattern.strip("/"):
        pattern = pattern.lstrip("/")
        return fnmatch.fnmatch(name, pattern) or name.startswith(pattern + "/")
    return any(fnmatch.fnmatch(part, pattern) for part in Path(name).parts)


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


def main_output(book: Path, builder: str) -> Path:
    return output_dir(book, builder) / ("book.pdf" if builder == "pdflatex" else "index.html")


def outputs(book: Path, builder: str) -> list[Path]:
    """What a build of both editions leaves: the Chinese edition's main output and the English one."""
    from tools.editions import PUBLISHED

    return [main_output(book, builder), book / PUBLISHED[builder]]


def inputs_digest(book: Path, builder: str, env: dict[str, str]) -> str:
    """One sha256 over what a build of ``book`` reads (see the module docstring)."""
    digest = hashlib.sha256(f"{builder}\0{env.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=book, capture_output=True, text=True)
    digest.update(head.stdout.encode() + b"\0")  # the environment page names the commit
    for name in source_files(book):
        digest.update(name.encode() + b"\0" + (book / name).read_bytes() + b"\0")
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()


def _stamp(book: Path, builder: str) -> Path:
    return book / "_build" / f".inputs-{builder}.sha256"


def invalid_data(book: Path, env: dict[str, str]) -> str | None:
    """Every problem of the book's data package, listed (file, row, field), or None when it is valid.

    Checked before jupyter-book starts, so bad data is reported as a list rather than
    inside jupyter-book's traceback; only when the data changed since the last check that
    passed. The build and its kernels are told (BRIMECH_VALIDATED_DATA) not to check again.
    """
    from brimech import inputs

    data = book / "data"
    if not (data / "datapackage.json").is_file():
        return None
    digest, stamp = inputs.data_digest(data), book / "_build" / ".data-valid.sha256"
    if not (stamp.is_file() and stamp.read_text() == digest):
        check = subprocess.run([sys.executable, "-m", "brimech", "validate", str(data)], cwd=book,
                               capture_output=True, text=True)
        if check.returncode != 0:
            return f"the data package is invalid, no notebook was run:\n{check.stdout}{check.stderr}"
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(digest)
    env[inputs.VALIDATED_DATA] = digest
    return None


def build(book: Path, builder: str = "html", *, env: dict[str, str] | None = None,
          check: bool = True, quiet: bool = True, force: bool = False,
          english: bool = True) -> subprocess.CompletedProcess:
    """``jupyter-book build`` of the book at ``book`` with the strict flags; ``env`` adds variables.

    Skipped when nothing changed since the last successful build (unless ``force``).
    ``english=False`` builds the Chinese edition alone (for tests that read only it).
    A failed LaTeX run leaves state behind that breaks the next one, so the LaTeX folder
    is dropped when the PDF build fails. With ``check`` a failure raises BuildError.
    """
    env = {**LATEX_ENV, **os.environ, **(env or {})}
    stamp, digest = _stamp(book, builder), inputs_digest(book, builder, env) + ("" if english else " zh")
    wanted = outputs(book, builder) if english else [main_output(book, builder)]
    built = all(output.exists() for output in wanted)
    if not force and built and stamp.is_file() and stamp.read_text() == digest:
        message = f"{builder}: nothing changed since the last build of {book}\n"
        if not quiet:
            print(message, end="")
        return subprocess.CompletedProcess([], 0, stdout=message, stderr="")
    stamp.unlink(missing_ok=True)
    problems = invalid_data(book, env)
    if problems is not None:
        if not quiet:
            print(problems, file=sys.stderr)
        result = subprocess.CompletedProcess([], 1, stdout="", stderr=problems)
    else:
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        command = [str(jupyter_book), "build", str(book), "--builder", builder, *FLAGS]
        result = subprocess.run(command, cwd=book, env=env, text=True, capture_output=quiet)
    failed = result.returncode != 0 or not main_output(book, builder).is_file()
    if failed and builder == "pdflatex":
        shutil.rmtree(output_dir(book, builder), ignore_errors=True)
    if not failed and english:
        from tools.editions import EditionError, build_english

        try:
            build_english(book, builder, env, quiet=quiet)
        except EditionError as failure:
            failed = True
            result = subprocess.CompletedProcess(command, 1, stdout=str(failure), stderr="")
    if not failed:
        stamp.write_text(digest)
    if failed and check:
        tail = ((result.stdout or "") + (result.stderr or ""))[-4000:] if quiet else ""  # else: printed already
        raise BuildError(f"the {builder} build of {book} failed" + (f":\n{tail}" if tail else ""))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.book", description="Build the book (strict).")
    parser.add_argument("book", type=Path, help="the book's root folder")
    parser.add_argument("--builder", choices=sorted(BUILDERS), default="html")
    parser.add_argument("--force", action="store_true", help="run jupyter-book even when nothing changed")
    args = parser.parse_args(argv)
    try:
        build(args.book.resolve(), args.builder, quiet=False, force=args.force)
    except BuildError as failure:
        print(failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
