"""Two clean builds from the same commit are identical to the byte (what `make verify` reports)."""

from __future__ import annotations

from tools import verify


def test_compare_reports_every_kind_of_difference():
    first = {"a.html": "1", "b.svg": "2", "gone.js": "3"}
    second = {"a.html": "1", "b.svg": "X", "new.css": "4"}
    assert verify.compare(first, second) == [
        "only in build 1: gone.js",
        "only in build 2: new.css",
        "differs: b.svg",
    ]


def test_build_state_is_not_compared(tmp_path):
    for name in ["html/index.html", "html/.doctrees/x.pickle", "latex/book.pdf", "latex/book.log", ".jupyter_cache/x"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    assert sorted(verify.output_digests(tmp_path)) == ["html/index.html", "latex/book.pdf"]


def test_two_clean_builds_are_identical(clean_builds):
    first, second = (verify.output_digests(copy / "_build") for copy in clean_builds)
    assert any(name.endswith("book.pdf") for name in first) and any(name.endswith(".svg") for name in first)
    problems = verify.compare(first, second)
    assert not problems, "\n".join(problems)
