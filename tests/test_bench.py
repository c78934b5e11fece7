"""Helpers of tools.bench and tools.book on tiny inputs (no timing is asserted: timings depend on the machine)."""

from __future__ import annotations

import dataclasses
import subprocess

import nbformat
import pandas as pd
import yaml

from brimech import paths
from tools import bench, book


@dataclasses.dataclass(frozen=True)
class TinyTables:
    mechanisms: pd.DataFrame
    relations: pd.DataFrame
    sections: pd.DataFrame


def _tiny() -> TinyTables:
    mechanisms = pd.DataFrame({"id": ["brf", "a", "b"], "name_zh": ["论坛", "甲", "乙"]})
    relations = pd.DataFrame({"source": ["brf", "a"], "target": ["a", "b"], "type": ["leads", "supports"]})
    return TinyTables(mechanisms, relations, pd.DataFrame({"id": ["s1"]}))


def test_replicate_copies_rows_under_new_ids_and_keeps_the_hub():
    big = bench.replicate(_tiny(), 3)
    assert list(big.mechanisms["id"]) == ["brf", "a", "b", "a__r1", "b__r1", "a__r2", "b__r2"]
    assert list(big.mechanisms.columns) == ["id", "name_zh"]
    assert big.relations[["source", "target"]].values.tolist() == [
        ["brf", "a"], ["a", "b"], ["brf", "a__r1"], ["a__r1", "b__r1"], ["brf", "a__r2"], ["a__r2", "b__r2"],
    ]
    assert set(big.relations["source"]) | set(big.relations["target"]) <= set(big.mechanisms["id"])
    assert big.sections is _tiny().sections or big.sections.equals(_tiny().sections)


def test_replicate_is_deterministic_and_factor_one_is_the_original():
    assert bench.replicate(_tiny(), 4).mechanisms.equals(bench.replicate(_tiny(), 4).mechanisms)
    assert bench.replicate(_tiny(), 1).mechanisms.equals(_tiny().mechanisms)


def test_page_assets_follow_scripts_images_styles_and_css_urls(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "font.woff2").write_bytes(b"f" * 100)
    (tmp_path / "_static" / "style.css").write_text('@font-face { src: url("font.woff2"); }')
    (tmp_path / "_static" / "app.js").write_bytes(b"j" * 10)
    (tmp_path / "big.svg").write_bytes(b"s" * 1000)
    (tmp_path / "small.html").write_text('<html><head><link rel="stylesheet" href="_static/style.css"></head></html>')
    (tmp_path / "heavy.html").write_text(
        '<html><head><script src="_static/app.js?v=1"></script><link rel="next" href="small.html">'
        '<script src="https://example.org/remote.js"></script></head>'
        '<body><img src="big.svg"><img src="missing.png"></body></html>'
    )
    assets = {p.name for p in bench.page_assets(tmp_path / "heavy.html", tmp_path)}
    assert assets == {"app.js", "big.svg"}  # not the next-page link, the remote or the missing file
    assert {p.name for p in bench.page_assets(tmp_path / "small.html", tmp_path)} == {"style.css", "font.woff2"}
    name, weight = bench.heaviest_page(tmp_path)
    assert name == "heavy.html"
    assert weight == (tmp_path / "heavy.html").stat().st_size + 10 + 1000


def test_edit_code_comment_changes_only_the_first_code_cell(tmp_path):
    notebook = tmp_path / "n.ipynb"
    new = nbformat.v4
    cells = [new.new_markdown_cell("# 标题"), new.new_code_cell("x = 1"), new.new_code_cell("y")]
    nbformat.write(new.new_notebook(cells=cells), notebook)
    bench.edit_code_comment(notebook)
    edited = nbformat.read(notebook, as_version=4).cells
    assert [c.source for c in edited] == ["# 标题", "x = 1\n# bench: edited", "y"]


def test_edit_csv_changes_one_note(tmp_path):
    csv = tmp_path / "m.csv"
    csv.write_text("id,note\na,甲\nb,\n", encoding="utf-8")
    bench.edit_csv(csv)
    assert csv.read_text(encoding="utf-8") == "id,note\na,甲（bench）\nb,\n"


def test_tables_mark_targets_and_escape_pipes():
    rows = [bench.Row("clean | build", "3.0 s", "< 5 s", True), bench.Row("PDF", "12 MB", "< 10 MB", False),
            bench.Row("HTML tree", "2 MB")]
    table = bench.markdown_table(rows)
    assert table.splitlines()[2] == "| clean \\| build | 3.0 s | < 5 s | yes |"
    assert table.splitlines()[3].endswith("| **no** |")
    assert table.splitlines()[4].endswith("|  |")
    assert "no" in bench.plain_table(rows).splitlines()[1]


def test_results_page_names_the_machine(tmp_path):
    host = bench.machine()
    assert {"CPU", "cores", "memory", "Python", "date"} <= set(host)
    text = bench.results_markdown([bench.Row("PDF", "1 MB", "< 10 MB", True)], host, ["a note"])
    assert host["CPU"] in text and "| PDF | 1 MB | < 10 MB | yes |" in text and text.rstrip().endswith("a note")


def test_copy_book_takes_the_book_and_not_the_build(tmp_path):
    root = tmp_path / "repo"
    for folder in ("book", "notebooks", "data", "_build/html", "_build/.jupyter_cache", ".venv", "brimech/__pycache__"):
        (root / folder).mkdir(parents=True)
    for name in ("_config.yml", "CITATION.cff", "data/x.csv", "_build/html/index.html", "_build/.jupyter_cache/db",
                 ".venv/pyvenv.cfg", "brimech/__pycache__/x.pyc"):
        (root / name).write_text("x\n")
    copy = book.copy_book(root, tmp_path / "copy")
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()) == [
        "CITATION.cff", "_config.yml", "data/x.csv"]
    warm = book.copy_book(root, tmp_path / "warm", execution_cache_of=root)
    assert (warm / "_build/.jupyter_cache/db").exists() and not (warm / "_build/html").exists()


def test_the_copy_of_the_checkout_holds_every_input_of_the_build():
    names = set(book.source_files(paths.ROOT))
    assert {"_config.yml", "_toc.yml", "CITATION.cff", "book/references.bib", "data/datapackage.json"} <= names
    assert not [n for n in names if n.startswith(("_build/", ".venv/"))]


def test_one_web_font_format_counts_and_own_weight_leaves_out_theme_files(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "fa.woff2").write_bytes(b"w" * 10)
    (static / "fa.ttf").write_bytes(b"t" * 1000)
    (static / "theme.css").write_text('@font-face { src: url("fa.woff2") format("woff2"), url("fa.ttf"); }')
    (tmp_path / "fig.svg").write_bytes(b"s" * 100)
    page = tmp_path / "p.html"
    page.write_text('<html><head><link rel="stylesheet" href="_static/theme.css"></head><img src="fig.svg"></html>')
    assert {p.name for p in bench.page_assets(page, tmp_path)} == {"theme.css", "fa.woff2", "fig.svg"}
    assert bench.own_weight(page, tmp_path) == page.stat().st_size + 100


def test_a_build_with_unchanged_inputs_is_skipped_and_any_change_runs_it(tmp_path, monkeypatch):
    root = tmp_path / "copy"
    (root / "_build" / "html").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n")
    (root / "_build" / "html" / "index.html").write_text("<html></html>")
    (root / "_build" / "html" / "en").mkdir()  # the English edition is an output too
    env = {"SOURCE_DATE_EPOCH": "1"}
    digest = book.inputs_digest(root, "html", env)
    (root / "_build" / ".inputs-html.sha256").write_text(digest)
    real_run = book.subprocess.run

    def run(command, *args, **kwargs):
        assert "jupyter-book" not in str(command[0]), "jupyter-book ran although nothing changed"
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(book.subprocess, "run", run)
    assert "nothing changed" in book.build(root, "html", env=env).stdout
    assert book.inputs_digest(root, "pdflatex", env) != digest
    assert book.inputs_digest(root, "html", {"SOURCE_DATE_EPOCH": "2"}) != digest
    (root / "_config.yml").write_text("title: u\n")
    assert book.inputs_digest(root, "html", env) != digest


def test_the_notebook_floor_and_the_default_build_cover_both_editions(tmp_path):
    """The clean build makes both editions, so the serial floor it is measured against runs both editions'
    notebooks, and the default-settings build turns the cache off in both configurations."""
    listed = [p.relative_to(paths.ROOT).as_posix() for p in bench.toc_notebooks(paths.ROOT)]
    on_disk = sorted(p.relative_to(paths.ROOT).as_posix() for p in paths.ROOT.glob("notebooks/**/*.ipynb"))
    assert sorted(listed) == on_disk and len(set(listed)) == len(listed)
    assert any(name.startswith("notebooks/en/") for name in listed)
    copy = book.copy_book(paths.ROOT, tmp_path / "copy")
    bench.with_default_execution(copy)
    for config in (copy / "_config.yml", copy / "en" / "_config.yml"):
        assert yaml.safe_load(config.read_text(encoding="utf-8"))["execute"]["execute_notebooks"] == "auto"



def test_a_chinese_only_build_leaves_the_english_edition_to_the_next_full_build(tmp_path, monkeypatch):
    from tools import editions

    root = tmp_path / "copy"
    (root / "_build" / "html").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n")
    ran, english = [], []

    def jupyter_book(command, *args, **kwargs):
        if "jupyter-book" not in str(command[0]):
            return subprocess.CompletedProcess(command, 0, stdout="", stderr="")  # git, asked for the commit
        ran.append(command)
        (root / "_build" / "html" / "index.html").write_text("<html></html>")
        return subprocess.CompletedProcess(command, 0, stdout="built", stderr="")

    def build_english(book_root, builder, env, quiet):
        english.append(builder)
        (book_root / "_build" / "html" / "en").mkdir(exist_ok=True)

    monkeypatch.setattr(book.subprocess, "run", jupyter_book)
    monkeypatch.setattr(book, "invalid_data", lambda book_root, env: None)
    monkeypatch.setattr(editions, "build_english", build_english)
    env = {"SOURCE_DATE_EPOCH": "1"}
    book.build(root, "html", env=env, english=False)
    assert (len(ran), english) == (1, [])
    assert "nothing changed" in book.build(root, "html", env=env, english=False).stdout
    book.build(root, "html", env=env)  # the same inputs, but the English edition was never built
    assert (len(ran), english) == (2, ["html"])
    assert "nothing changed" in book.build(root, "html", env=env).stdout
    book.build(root, "html", env=env, english=False)  # a full build's stamp does not stand for a Chinese-only one
    assert len(ran) == 3
