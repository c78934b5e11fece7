"""Mutation testing (mutmut) of the modules that decide what the reader sees, one module at a time.

mutmut copies the package to ``mutants/``, makes many one-token changes (mutants) to each
function and runs, against each mutant, the fast tests that call that function: a mutant no
test notices is a change to the book that the tests would let through. Not part of ``make
test``: a module takes minutes to hours. Configuration: ``[tool.mutmut]`` in pyproject.toml.

    python -m tools.mutation run brimech.data   # one module (make mutation MODULE=brimech.data)
    python -m tools.mutation run                # every module below, in turn
    python -m tools.mutation run --sample 80    # 80 mutants per module, the same ones on every machine
    python -m tools.mutation report             # rewrite the results page from mutants/

A full run tries about 9,600 mutants, some hours on two cores. ``--sample N`` tries N mutants of
each module, drawn with a fixed seed, in one mutmut run; mutants already tried are kept, so a
second run with a larger N adds to the first. The page then gives each score with its 95%
interval (Wilson), since a sample estimates the module's score.

Each run rewrites ``book/mutation-results.md`` (shown in the benchmarks appendix) from the
results of every module run so far.

A surviving mutant that behaves exactly as the original (``"utf-8"`` written ``"UTF-8"``) can
be killed by no test. Such judgments are kept in ``tools/mutation-equivalent.toml``, each with
the mutated line and the reason; the page counts them apart and leaves them out of the score.
A judgment whose mutant is no longer that change, or no longer survives, is not counted and
is reported, so a judgment cannot outlive the code it was made about.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
RESULTS = ROOT / "book" / "mutation-results.md"
EQUIVALENT = ROOT / "tools" / "mutation-equivalent.toml"
# The modules whose mistakes a reader would see: data checks and loading, graphs and stages,
# drawing, citation, provenance and the cache invalidation of the build.
MODULES = (
    "brimech.data",
    "brimech.network",
    "brimech.stages",
    "brimech.encoding",
    "brimech.draw.network",
    "brimech.draw.charts",
    "brimech.draw.diagrams",
    "brimech.draw.base",
    "brimech.figures",
    "brimech.article",
    "brimech.citation",
    "brimech.provenance",
    "brimech.sphinxext.provenance",
    "brimech.sphinxext.cite_page",
    "brimech.inputs",
    "brimech.sphinxext.execution",
)
TARGET = 85.0  # per cent of mutants killed
# mutmut's exit codes of a mutant's test run, as its `results` command reads them.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped", 36: "timeout",
          -24: "timeout", 24: "timeout", 152: "timeout", 255: "timeout", 37: "caught by type check", None: "not run"}


def exit_codes(module: str) -> dict[str, int | None]:
    """mutmut's record in mutants/: each mutant of ``module`` with the exit code of its tests (None: not run)."""
    meta = MUTANTS / (module.replace(".", "/") + ".py.meta")
    if not meta.exists():
        return {}
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]


def mutated_lines(name: str) -> str:
    """The lines of mutant ``name`` as mutated, stripped (from mutmut's diff of it against the original)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    module = name.rpartition(".")[0]
    diff = get_diff_for_mutant(name, path=MUTANTS / (module.replace(".", "/") + ".py"))
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return "\n".join(line[1:].strip() for line in added)


def judgments() -> list[dict[str, str]]:
    """The equivalence judgments: name, the mutated line(s) and why."""
    if not EQUIVALENT.is_file():
        return []
    return tomllib.loads(EQUIVALENT.read_text(encoding="utf-8")).get("mutant", [])


def equivalent(module: str) -> tuple[set[str], list[str]]:
    """The survivors of ``module`` judged equivalent that are still the change judged; and every stale judgment."""
    codes, held, stale = exit_codes(module), set(), []
    for judgment in judgments():
        name = judgment["name"]
        if name.rpartition(".")[0] != module:
            continue
        if STATUS.get(codes.get(name, -1)) != "survived":
            stale.append(f"{name}: judged equivalent but {STATUS.get(codes.get(name, -1), 'not a mutant')} now")
        elif mutated_lines(name) != judgment["line"]:
            stale.append(f"{name}: judged equivalent as `{judgment['line']}`, now `{mutated_lines(name)}`")
        else:
            held.add(name)
    return held, stale


def statuses(module: str) -> Counter:
    """Counts of the mutants of ``module`` by outcome; survivors judged equivalent count as "equivalent"."""
    held, _ = equivalent(module)
    return Counter("equivalent" if name in held else STATUS.get(code, "suspicious")
                   for name, code in exit_codes(module).items())


def score(counts: Counter) -> float | None:
    """Killed (a timeout counts: the tests stopped the mutant) over every mutant that ran or had no test,
    leaving out the survivors judged equivalent."""
    caught = counts["killed"] + counts["timeout"]
    tried = caught + counts["survived"] + counts["no tests"] + counts["suspicious"]
    return 100 * caught / tried if tried else None


def interval(caught: int, tried: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson's 95% interval, in per cent, for the share of a module's mutants killed, from a sample."""
    share = caught / tried
    centre = (share + z * z / (2 * tried)) / (1 + z * z / tried)
    half = z * math.sqrt(share * (1 - share) / tried + z * z / (4 * tried * tried)) / (1 + z * z / tried)
    return max(0.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))


def markdown() -> str:
    """The results table; modules without their ``brimech.`` prefix, a score below the target in bold."""
    lines = [
        "<!-- Generated by `make mutation` (tools/mutation.py); do not edit by hand. -->",
        "",
        "| module (`brimech.`) | mutants | killed | survived | equivalent | no test | timeout | not run | killed % "
        "| 95% interval |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for module in MODULES:
        short = module.removeprefix("brimech.")
        counts = statuses(module)
        if not counts:
            lines.append(f"| `{short}` | not run yet |  |  |  |  |  |  |  |  |")
            continue
        value = score(counts)
        shown = "–" if value is None else f"{value:.1f}" if value >= TARGET else f"**{value:.1f}**"
        caught = counts["killed"] + counts["timeout"]
        tried = sum(counts.values()) - counts["not run"] - counts["skipped"] - counts["equivalent"]
        # A sample only estimates the module's score: its interval, in a column of its own to keep the table narrow.
        spread = "{:.0f}–{:.0f}".format(*interval(caught, tried)) if counts["not run"] and tried else ""
        lines.append(
            f"| `{short}` | {sum(counts.values())} | {counts['killed']} | {counts['survived']} | "
            f"{counts['equivalent']} | {counts['no tests']} | {counts['timeout']} | {counts['not run']} | "
            f"{shown} | {spread} |"
        )
    return "\n".join(lines) + "\n"


def report() -> int:
    """Rewrite the results page; list the stale equivalence judgments (1 when there are any)."""
    RESULTS.write_text(markdown(), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    stale = [line for module in MODULES for line in equivalent(module)[1]]
    for line in stale:
        print(f"stale judgment in {EQUIVALENT.relative_to(ROOT)}: {line}", file=sys.stderr)
    return 1 if stale else 0


def generate() -> None:
    """mutmut's first step alone (copy the package to mutants/ and write its mutants), so a sample can be drawn
    before anything runs. Uses mutmut's own functions (pinned version, see requirements.txt)."""
    import mutmut.__main__ as mutmut_main

    mutmut_main.set_mutant_under_test("mutant_generation")
    MUTANTS.mkdir(exist_ok=True)
    mutmut_main.copy_src_dir()
    mutmut_main.copy_also_copy_files()
    mutmut_main.setup_source_paths()
    mutmut_main.store_lines_covered_by_tests()
    mutmut_main.create_mutants(os.cpu_count() or 1)


def sample(modules: list[str], size: int, seed: int = 0) -> list[str]:
    """``size`` mutants of each module (all when it has fewer), drawn the same way on every run; those not tried."""
    chosen = []
    for module in modules:
        codes = exit_codes(module)
        names = sorted(codes)
        random.Random(f"{seed}:{module}").shuffle(names)  # one order per module: a larger sample extends a smaller
        chosen += [name for name in names[:size] if codes[name] is None]
    return chosen


def run(modules: list[str], workers: int, size: int | None = None) -> int:
    unknown = sorted(set(modules) - set(MODULES))
    if unknown:
        print(f"not a module under mutation testing: {', '.join(unknown)} (choose from {', '.join(MODULES)})",
              file=sys.stderr)
        return 2
    mutmut = Path(sys.executable).with_name("mutmut")
    if size is not None:
        os.chdir(ROOT)
        generate()
        names = sample(modules, size)
        print(f"--- {len(names)} mutants not tried yet in a sample of {size} per module", flush=True)
        done = subprocess.run([str(mutmut), "run", "--max-children", str(workers), *names], cwd=ROOT) if names else None
        report()
        return done.returncode if done else 0
    failed = 0
    for module in modules:
        print(f"--- {module}", flush=True)
        done = subprocess.run([str(mutmut), "run", "--max-children", str(workers), f"{module}.*"], cwd=ROOT)
        failed |= done.returncode
        report()
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mutation", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="mutate modules and run the fast tests against each mutant")
    run_parser.add_argument("modules", nargs="*", help="dotted module names (default: all)")
    run_parser.add_argument("--workers", type=int, default=int(os.environ.get("MUTATION_WORKERS", "1")))
    run_parser.add_argument("--sample", type=int, metavar="N", help="try N mutants per module (fixed seed)")
    commands.add_parser("report", help="rewrite book/mutation-results.md from mutants/")
    args = parser.parse_args(argv)
    if args.command == "report":
        return report()
    return run(args.modules or list(MODULES), args.workers, args.sample)


if __name__ == "__main__":
    sys.exit(main())
