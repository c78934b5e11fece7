"""`make verify`: build the book twice from clean copies and report every output file that differs.

Each build runs in its own temporary folder with SOURCE_DATE_EPOCH set to the
last commit's time, so dates, ids and hash salts are the only variables the
builds share; any difference left is a reproducibility bug.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.book import BUILDERS, build, copy_book

REPOSITORY = Path(__file__).resolve().parent.parent
# Build state that is not output: pickled environments, the execution cache, LaTeX intermediates.
IGNORED_PARTS = {".doctrees", ".jupyter_cache", "jupyter_execute", ".buildinfo"}
LATEX_OUTPUTS = {"book.pdf", "book-en.pdf"}  # both editions (tools.book builds both)
ENGLISH_STAGING = "en"  # _build/en: where the English edition is built before it is published


def commit_epoch(root: Path) -> str:
    """The last commit's time, as SOURCE_DATE_EPOCH wants it."""
    return subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()


def clean_build(root: Path, book: Path, epoch: str) -> Path:
    """A fresh copy of ``root`` at ``book``, built to HTML and PDF; returns its _build folder."""
    copy_book(root, book)
    for builder in BUILDERS:
        build(book, builder, env={"SOURCE_DATE_EPOCH": epoch})
    return book / "_build"


def output_digests(build_dir: Path) -> dict[str, str]:
    """sha256 of every output file: the HTML tree and the PDF."""
    digests = {}
    for file in sorted(build_dir.rglob("*")):
        relative = file.relative_to(build_dir)
        if not file.is_file() or IGNORED_PARTS & set(relative.parts) or relative.parts[0] == ENGLISH_STAGING:
            continue
        if relative.parts[0] == "latex" and relative.name not in LATEX_OUTPUTS:
            continue
        digests[relative.as_posix()] = hashlib.sha256(file.read_bytes()).hexdigest()
    return digests


def compare(first: dict[str, str], second: dict[str, str]) -> list[str]:
    problems = [f"only in build 1: {name}" for name in sorted(first.keys() - second.keys())]
    problems += [f"only in build 2: {name}" for name in sorted(second.keys() - first.keys())]
    problems += [f"differs: {name}" for name in sorted(first.keys() & second.keys()) if first[name] != second[name]]
    return problems


def build_twice(root: Path, log=print) -> tuple[dict[str, str], list[str]]:
    """Two clean builds of ``root`` in temporary folders: the first's digests and every difference."""
    epoch = commit_epoch(root)
    digests = []
    with tempfile.TemporaryDirectory(prefix="brimech-verify-") as scratch:
        for run in (1, 2):
            book = Path(scratch) / f"build-{run}"
            log(f"build {run} in {book} ...")
            digests.append(output_digests(clean_build(root, book, epoch)))
    return digests[0], compare(*digests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.verify", description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, nargs="?", default=REPOSITORY, help="the book's root (default: %(default)s)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    digests, problems = build_twice(args.book.resolve(), log=lambda line: print(line, flush=True))
    elapsed = time.perf_counter() - started
    for line in problems:
        print(line)
    print(f"{len(digests)} output files compared in {elapsed:.0f} s: ", end="")
    print("identical" if not problems else f"{len(problems)} differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
