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


def test_a_sampled_score_comes_with_wilsons_interval():
    low, high = mutation.interval(8, 10)  # the textbook case: 8 of 10, 95%
    assert round(low, 1) == 49.0 and round(high, 1) == 94.3
    assert mutation.interval(0, 20)[0] == 0.0 and round(mutation.interval(20, 20)[1], 6) == 100.0
    wide, narrow = mutation.interval(40, 50), mutation.interval(400, 500)
    assert wide[0] < narrow[0] < 80 < narrow[1] < wide[1]


def test_the_sample_is_the_same_on_every_run_and_leaves_out_what_was_tried(monkeypatch):
    codes = {"m.a": {f"m.a.x_f__mutmut_{i}": None for i in range(50)}, "m.b": {"m.b.x_g__mutmut_1": None}}
    monkeypatch.setattr(mutation, "exit_codes", lambda module: codes[module])
    first = mutation.sample(["m.a", "m.b"], 10)
    assert first == mutation.sample(["m.a", "m.b"], 10)
    assert len(first) == 11 and "m.b.x_g__mutmut_1" in first  # a module with fewer mutants gives them all
    assert first != mutation.sample(["m.a", "m.b"], 10, seed=1)
    codes["m.a"][first[0]] = 1  # tried (killed)
    assert mutation.sample(["m.a", "m.b"], 10) == first[1:]
    codes["m.a"][first[0]] = None
    assert mutation.sample(["m.a", "m.b"], 20)[:10] == first[:10]  # a larger sample extends the smaller one


def test_the_results_page_gives_a_sampled_score_its_interval_and_marks_a_low_one(monkeypatch):
    counts = {"brimech.data": Counter({"killed": 8, "survived": 2, "not run": 90}),
              "brimech.network": Counter({"killed": 17, "timeout": 1, "survived": 2})}
    monkeypatch.setattr(mutation, "statuses", lambda module: counts.get(module, Counter()))
    rows = {line.split(" | ")[0].strip("| `"): line for line in mutation.markdown().splitlines()[4:]}
    assert rows["data"].endswith("| **80.0** | 49–94 |")  # 8 of 10 tried, the rest not run; below 85 in bold
    assert rows["network"].endswith("| 90.0 |  |")  # every mutant tried: no interval
    assert "not run yet" in rows["stages"]


def test_a_survivor_judged_equivalent_leaves_the_score_only_while_it_is_still_the_change_judged(monkeypatch):
    codes = {"brimech.data.x_f__mutmut_1": 1, "brimech.data.x_f__mutmut_2": 0, "brimech.data.x_f__mutmut_3": 0,
             "brimech.data.x_f__mutmut_4": 1}
    lines = {"brimech.data.x_f__mutmut_2": 'open(path, encoding="UTF-8")', "brimech.data.x_f__mutmut_3": "x = 2"}
    judged = [{"name": "brimech.data.x_f__mutmut_2", "line": 'open(path, encoding="UTF-8")', "why": "codec case"},
              {"name": "brimech.data.x_f__mutmut_3", "line": "x = 1", "why": "an older change"},
              {"name": "brimech.data.x_f__mutmut_4", "line": "y", "why": "killed since"},
              {"name": "brimech.network.x_g__mutmut_1", "line": "z", "why": "another module"}]
    monkeypatch.setattr(mutation, "exit_codes", lambda module: codes if module == "brimech.data" else {})
    monkeypatch.setattr(mutation, "mutated_lines", lines.__getitem__)
    monkeypatch.setattr(mutation, "judgments", lambda: judged)
    held, stale = mutation.equivalent("brimech.data")
    assert held == {"brimech.data.x_f__mutmut_2"}
    assert len(stale) == 2 and "x = 1" in stale[0] and "x = 2" in stale[0] and "killed" in stale[1]
    counts = mutation.statuses("brimech.data")
    assert counts == Counter({"killed": 2, "survived": 1, "equivalent": 1})
    assert round(mutation.score(counts), 1) == 66.7  # 2 of the 3 that are not equivalent
    row = next(line for line in mutation.markdown().splitlines() if "`data`" in line)
    assert row == "| `data` | 4 | 2 | 1 | 1 | 0 | 0 | 0 | **66.7** |  |"


def test_every_recorded_judgment_names_a_module_under_test_its_line_and_a_reason():
    for judgment in mutation.judgments():
        assert judgment["name"].rpartition(".")[0] in mutation.MODULES, judgment
        assert judgment["line"].strip() and judgment["why"].strip(), judgment
