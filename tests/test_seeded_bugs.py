"""tools.seeded_bugs stays in step with the package: each planted bug's text is in the code once and each
test it names exists (running the bugs is `make seeded-bugs`, minutes long)."""

from __future__ import annotations

import re

import pytest

from brimech import paths
from tools import seeded_bugs


@pytest.mark.parametrize("bug", seeded_bugs.BUGS, ids=lambda bug: bug.number)
def test_each_bug_changes_one_place_of_the_current_code(bug):
    assert (paths.ROOT / bug.file).read_text(encoding="utf-8").count(bug.old) == 1
    assert bug.old != bug.new


@pytest.mark.parametrize("bug", seeded_bugs.BUGS, ids=lambda bug: bug.number)
def test_each_named_test_exists(bug):
    for test in bug.tests:
        file, _, name = test.partition("::")
        source = (paths.ROOT / file).read_text(encoding="utf-8")
        assert not name or re.search(rf"^def {re.escape(name)}\(", source, re.M), test


def test_planting_changes_the_copy_only_and_refuses_text_that_moved(tmp_path):
    bug = seeded_bugs.BUGS[0]
    (tmp_path / bug.file).parent.mkdir(parents=True)
    (tmp_path / bug.file).write_text("before\n" + bug.old + "\nafter\n", encoding="utf-8")
    original = seeded_bugs.plant(bug, tmp_path)
    assert (tmp_path / bug.file).read_text(encoding="utf-8") == "before\n" + bug.new + "\nafter\n"
    assert original == "before\n" + bug.old + "\nafter\n"
    (tmp_path / bug.file).write_text("no such line\n", encoding="utf-8")
    with pytest.raises(ValueError, match="0 times"):
        seeded_bugs.plant(bug, tmp_path)


def test_every_bug_has_its_own_number():
    numbers = [bug.number for bug in seeded_bugs.BUGS]
    assert len(numbers) == len(set(numbers))
