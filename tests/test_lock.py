"""The pinned lists install on any machine: no index, find-links or local path of the machine that compiled them."""

from __future__ import annotations

import re

import pytest

from brimech import paths

LOCKS = sorted(paths.ROOT.glob("requirements*.txt"))
OPTION = re.compile(r"^\s*(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host)\b")
LOCAL = re.compile(r"file:/|(^|[\s=@])(\.{0,2}/|~/)")  # file: URLs, absolute, relative or home paths
PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==\S+$")


def problems(text: str) -> list[str]:
    """Each line of a lock that names an index, a local folder or file, or is not a plain pin."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0].strip()
        if line.lstrip().startswith("#") and not LOCAL.search(line.lstrip("# ")):
            continue  # a comment ("via ..."): may name the .in file, never a local folder
        if OPTION.match(line) or LOCAL.search(line) or (code and not PIN.match(code)):
            found.append(f"line {number}: {line.strip()}")
    return found


def test_the_check_catches_what_the_old_locks_held():
    old = "--extra-index-url file:///opt/pypi/simple\n--find-links /opt/wheels\nx==1\n    # via -r requirements.in\n"
    assert problems(old) == ["line 1: --extra-index-url file:///opt/pypi/simple", "line 2: --find-links /opt/wheels"]
    assert problems("brimech @ file:///work/brimech\n-e .\n") != []
    header = "#    pip-compile --find-links /opt/wheels"
    assert problems(header + "\n") == [f"line 1: {header}"]
    assert problems("numpy==2.3.0\n    # via pandas\n") == []


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_lock_names_no_index_and_no_local_path(lock):
    assert problems(lock.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_make_lock_compiles_each_lock_from_its_in_file(lock):
    source = lock.with_suffix(".in")
    assert source.is_file(), f"{lock.name} has no {source.name}"
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    lock_target = makefile[makefile.index("\nlock:"):]
    assert f"--output-file={lock.name} {source.name}" in lock_target
    assert "--no-emit-index-url" in makefile and "--no-emit-find-links" in makefile


def test_there_are_three_locks():
    assert [p.name for p in LOCKS] == ["requirements-cff.txt", "requirements-lab.txt", "requirements.txt"]
