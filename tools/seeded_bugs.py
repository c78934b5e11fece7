"""Plant known bugs in a copy of the checkout, one at a time, and check that the named tests fail.

The bugs are the one-line changes to ``brimech`` that once passed every test (issue 16 lists
them): each entry names the change and the tests that must now catch it. Mutation testing
(``make mutation``) tries thousands of such changes blindly; this list keeps the ones a reader
would notice as a fixed regression check.

    python -m tools.seeded_bugs          # every bug (make seeded-bugs)
    python -m tools.seeded_bugs 4a 6b    # some, by number

Exit status 1 if any planted bug passes its tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tools.book import copy_book

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Bug:
    number: str
    what: str
    file: str
    old: str  # must occur exactly once in ``file``
    new: str
    tests: tuple[str, ...]


BUGS = (
    Bug("1", "report() gives the schema problems or the project-rule problems, not both", "brimech/data.py",
        "problems += _frictionless_problems(descriptor, base, unstable) + project_problems(base)",
        "problems += _frictionless_problems(descriptor, base, unstable) or project_problems(base)",
        ("tests/test_rules.py::test_report_gives_schema_and_project_problems_together",)),
    Bug("2a", "the BibTeX download loses the article's DOI", "brimech/citation.py", '("doi", article.doi),', "",
        ("tests/test_downloads.py::test_bibtex_article_is_the_bib_entry",)),
    Bug("2b", "the RIS download loses the article's DOI", "brimech/citation.py", '("DO", article.doi),', "",
        ("tests/test_downloads.py::test_ris_article_is_the_bib_entry",)),
    Bug("2c", "the BibTeX download gives the article the edition's year", "brimech/citation.py",
        '("year", article.year),', '("year", edition.year),',
        ("tests/test_downloads.py::test_article_and_edition_years_are_their_own",)),
    Bug("2d", "the RIS download gives the article the edition's year", "brimech/citation.py",
        '("PY", article.year),', '("PY", edition.year),',
        ("tests/test_downloads.py::test_article_and_edition_years_are_their_own",)),
    Bug("3", "the provenance page lists only the first data file a figure read", "brimech/provenance.py",
        "files = sorted(table_files[table] for table in reads[name])",
        "files = sorted(table_files[table] for table in reads[name])[:1]",
        ("tests/test_provenance_page.py::test_each_figure_is_recorded_with_every_file_it_read",)),
    Bug("4a", "the five-pillar lanes with two stage columns swapped", "brimech/draw/diagrams.py",
        "xs = [MARGIN + lane_w + i * (col_w + gap) for i in range(3)]",
        "xs = [MARGIN + lane_w + i * (col_w + gap) for i in (1, 0, 2)]",
        ("tests/test_figure_content.py::test_each_lane_runs_left_to_right_through_the_three_columns",)),
    Bug("4b", "the stage path without the arrows of its stage links", "brimech/draw/diagrams.py",
        "    _draw_links(ax, stages.stage_links(tables), boxes)\n    y = bottom", "    y = bottom",
        ("tests/test_figure_content.py::test_every_stage_link_is_an_arrow_from_box_to_box",)),
    Bug("4c", "the stage path without the arrows from stage to stage", "brimech/draw/diagrams.py",
        "        if i:\n            arrow(ax, (x - gap", "        if False:\n            arrow(ax, (x - gap",
        ("tests/test_figure_content.py::test_the_stage_path_runs_from_stage_to_stage",)),
    Bug("5a", "the mechanism network drawn without its nodes", "brimech/draw/network.py",
        "    _draw_nodes(ax, graph, pos, size)\n", "",
        ("tests/test_figure_content.py::test_every_node_and_every_relation_is_drawn",)),
    Bug("5b", "the mechanism network drawn without its edges", "brimech/draw/network.py",
        "    _draw_edges(ax, graph, pos, node_size_pts=np.sqrt(size) / 2 + 1)\n", "",
        ("tests/test_figure_content.py::test_every_node_and_every_relation_is_drawn",)),
    Bug("5c", "a third of the network's labels missing", "brimech/draw/network.py",
        "texts = {n: wrap(graph.nodes[n][name], LABEL_WIDTH[lang], LABEL_SIZE) for n in graph}",
        "texts = {n: wrap(graph.nodes[n][name], LABEL_WIDTH[lang], LABEL_SIZE) for i, n in enumerate(graph) if i % 3}",
        ("tests/test_figure_content.py::test_network_labels_are_the_names_exactly_in_the_figures_language",)),
    Bug("6a", "network nodes drawn in the order of a set", "brimech/draw/network.py",
        "    for node in sorted(graph):\n        attrs", "    for node in set(graph):\n        attrs",
        ("tests/test_determinism.py",)),
    Bug("6b", "a broker's neighbour fields listed in the order of a set", "brimech/network.py",
        'fields = sorted({plain.nodes[m]["field"] for m in plain[node]}, key=FIELD_ORDER.index)',
        'fields = list({plain.nodes[m]["field"] for m in plain[node]})',
        ("tests/test_determinism.py",)),
    Bug("7", "SVG text left to the reader's fonts", "brimech/style.py",
        '"svg.fonttype": "path"', '"svg.fonttype": "none"',
        ("tests/test_figure_content.py::test_svg_text_is_drawn_as_glyph_paths_not_left_to_the_readers_fonts",)),
)


def plant(bug: Bug, root: Path) -> str:
    """Apply ``bug`` to the checkout at ``root``; return the file's text before."""
    path = root / bug.file
    original = path.read_text(encoding="utf-8")
    if original.count(bug.old) != 1:
        raise ValueError(f"bug {bug.number}: {bug.file} holds the text to change {original.count(bug.old)} times, "
                         "not once: update tools/seeded_bugs.py to the code")
    path.write_text(original.replace(bug.old, bug.new), encoding="utf-8")
    return original


def caught(bug: Bug, copy: Path) -> tuple[bool, str]:
    """Plant ``bug`` in ``copy``, run its tests there, take it out again: (did a test fail, pytest's last line)."""
    original = plant(bug, copy)
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *bug.tests],
                             cwd=copy, env={**os.environ, "PYTHONPATH": str(copy)}, capture_output=True, text=True)
    finally:
        (copy / bug.file).write_text(original, encoding="utf-8")
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return run.returncode == 1, lines[-1] if lines else run.stderr.strip()[-300:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.seeded_bugs", description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="bug numbers (default: all)")
    args = parser.parse_args(argv)
    chosen = [bug for bug in BUGS if not args.numbers or bug.number in args.numbers]
    missed = 0
    with tempfile.TemporaryDirectory(prefix="brimech-seeded-") as scratch:
        copy = copy_book(ROOT, Path(scratch) / "book")
        for bug in chosen:
            started = time.perf_counter()
            found, last = caught(bug, copy)
            missed += not found
            print(f"{'caught' if found else 'MISSED'}  {bug.number:>3}  {bug.what}  "
                  f"({', '.join(bug.tests)}: {last}; {time.perf_counter() - started:.0f} s)", flush=True)
    print(f"{len(chosen) - missed} of {len(chosen)} planted bugs caught")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
