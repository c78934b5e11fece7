"""`make mutation` mutates exactly the modules whose scores the results page lists, and they exist."""

from __future__ import annotations

import tomllib
from collections import Counter

from brimech import paths
from tools import mutation


def test_mutated_files_are_the_listed_modules_and_exist():
    config = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    listed = {module.replace(".", "/") + ".py" for module in mutation.MODULES}
    assert set(config["only_mutate"]) == listed
    assert all((paths.ROOT / file).is_file() for file in listed), sorted(f for f in listed
                                                                         if not (paths.ROOT / f).is_file())


def test_score_counts_untested_mutants_as_not_caught():
    assert mutation.score(Counter({"killed": 6, "timeout": 2, "survived": 1, "no tests": 1})) == 80.0
    assert mutation.score(Counter({"not run": 5})) is None
