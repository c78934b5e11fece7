"""`make verify`: build the book twice from clean copies and report every output file that differs.

Each build runs in its own temporary folder with SOURCE_DATE_EPOCH set to the
last commit's time, so dates, ids and hash salts are the only variables the
builds share; any difference left is a reproducibility bug.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from brimech import paths

BUILDERS = ("html", "pdflatex")
# Build state that is not output: pickled environments, the execution cache, LaTeX intermediates.
IGNORED_PARTS = {".doctrees", ".jupyter_cache", "jupyter_execute", ".buildinfo"}
LATEX_OUTPUTS = {"book.pdf"}


def tracked_files(root: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [name for name in listed if (root / name).is_file()]


def copy_book(root: Path, target: Path) -> None:
    for name in tracked_files(root):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, destination)


def build(book: Path, env: dict[str, str]) -> None:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    for builder in BUILDERS:
        subprocess.run(
            [str(jupyter_book), "build", str(book), "--builder", builder, "-W", "-n", "--keep-going"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def output_digests(build_dir: Path) -> dict[str, str]:
    """sha256 of every output file: the HTML tree and the PDF."""
    digests = {}
    for file in sorted(build_dir.rglob("*")):
        relative = file.relative_to(build_dir)
        if not file.is_file() or IGNORED_PARTS & set(relative.parts):
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


def build_twice(root: Path = paths.ROOT, log=print) -> tuple[dict[str, str], list[str]]:
    """Two clean builds of ``root`` in temporary folders: the first's digests and every difference."""
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    digests = []
    with tempfile.TemporaryDirectory(prefix="brimech-verify-") as scratch:
        for run in (1, 2):
            book = Path(scratch) / f"build-{run}"
            copy_book(root, book)
            log(f"build {run} in {book} ...")
            build(book, env)
            digests.append(output_digests(book / "_build"))
    return digests[0], compare(*digests)


def main() -> int:
    started = time.perf_counter()
    digests, problems = build_twice(log=lambda line: print(line, flush=True))
    elapsed = time.perf_counter() - started
    for line in problems:
        print(line)
    print(f"{len(digests)} output files compared in {elapsed:.0f} s: ", end="")
    print("identical" if not problems else f"{len(problems)} differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
