"""The two editions: same chapters, same figures, tables and glued values; English pages in English; switches that work.

The drift check (tools/editions.py) is run on the real notebooks and, to show it can fail,
on copies broken in each way it guards against. The built English HTML is read for long
runs of Chinese characters outside the names the data, the bibliography and the glossary
provide, and every language switch and hreflang link is followed to a file that exists.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pandas as pd
import pytest
import yaml
from lxml import html as lxml_html
from pybtex.database import parse_file

from brimech import paths
from brimech.data import report
from brimech.sphinxext import editions
from tools import editions as tool

EN_TOC = paths.ROOT / "en" / "_toc.yml"
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”]*")
BIBLIOGRAPHIC_NAMES = {"title", "journal", "keywords", "funding", "affiliation"}
NAME_LENGTH = 4  # a run this short is a name (刘均胜, 王毅) or a section label (二(一)), allowed anywhere


def toc_docs(toc: Path) -> list[str]:
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    return [data["root"], *(chapter["file"] for part in data["parts"] for chapter in part["chapters"])]


# --- the editions are in step -----------------------------------------------------------


def test_the_editions_do_not_drift():
    assert tool.drift(paths.ROOT) == []


def test_every_page_has_its_counterpart_in_the_same_place():
    zh, en = toc_docs(paths.ROOT / "_toc.yml"), toc_docs(EN_TOC)
    assert [editions.counterpart(doc, "zh") for doc in zh] == en


@pytest.fixture
def notebooks(tmp_path) -> Path:
    """A copy of both editions' notebooks, to break."""
    shutil.copytree(paths.NOTEBOOKS, tmp_path / "notebooks")
    return tmp_path


def _edit(path: Path, change) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    change(notebook["cells"])
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


def _first(cells, kind, containing=""):
    return next(c for c in cells if c["cell_type"] == kind and containing in "".join(c["source"]))


def _replace(cell, old, new):
    text = "".join(cell["source"])
    assert old in text
    cell["source"] = text.replace(old, new)


def test_drift_check_finds_english_code_that_differs(notebooks):
    _edit(notebooks / "notebooks/en/03_priorities.ipynb",
          lambda cells: _replace(_first(cells, "code", "priority_mechanisms"), 'lang="en"', 'lang="zh"'))
    assert any("code cell" in p for p in tool.drift(notebooks))


def test_drift_check_finds_chinese_left_in_english_code(notebooks):
    _edit(notebooks / "notebooks/03_priorities.ipynb",
          lambda cells: _replace(_first(cells, "code", "md_table(stages"), "md_table(", 'print("未译")\nmd_table('))
    tool.sync(notebooks)
    assert any("Chinese left" in p for p in tool.drift(notebooks))


def test_drift_check_finds_a_glued_value_used_in_one_edition_only(notebooks):
    _edit(notebooks / "notebooks/en/03_priorities.ipynb",
          lambda cells: _replace(_first(cells, "markdown", "s3-hard-share"), "{glue:text}`s3-hard-share`", "half"))
    assert any("glued values differ" in p for p in tool.drift(notebooks))


def test_drift_check_finds_figures_in_another_order(notebooks):
    def swap(cells):
        first = _first(cells, "markdown", ":name: fig-stage-path")
        second = _first(cells, "markdown", ":name: fig-pillar-lanes")
        first["source"], second["source"] = second["source"], first["source"]

    _edit(notebooks / "notebooks/en/04_pathways.ipynb", swap)
    assert any("figures differ" in p for p in tool.drift(notebooks))


def test_drift_check_finds_a_missing_link_to_the_explorer(notebooks):
    _edit(notebooks / "notebooks/en/02_progress.ipynb",
          lambda cells: cells.remove(_first(cells, "markdown", "{mechanism-explorer-link}")))
    assert any("explorer links differ" in p for p in tool.drift(notebooks))


def test_drift_check_finds_a_missing_chapter_and_a_stale_translation(notebooks):
    (notebooks / "notebooks/en/05_network_analysis.ipynb").unlink()
    _edit(notebooks / "notebooks/02_progress.ipynb",
          lambda cells: _replace(_first(cells, "code", "openings[2]"), " 月", "月"))
    problems = tool.drift(notebooks)
    assert any("05_network_analysis.ipynb: missing" in p for p in problems)
    assert any("no longer in the Chinese code" in p for p in problems)


def test_sync_refuses_chapters_whose_code_cells_do_not_line_up(notebooks):
    _edit(notebooks / "notebooks/en/01_necessity.ipynb",
          lambda cells: cells.remove(_first(cells, "code", "necessity_drivers")))
    with pytest.raises(tool.EditionError, match="code cells"):
        tool.sync(notebooks)


# --- addresses of the other edition -----------------------------------------------------


@pytest.mark.parametrize(
    ("docname", "edition", "url"),
    [
        ("notebooks/03_priorities", "zh", "../en/notebooks/en/03_priorities.html"),
        ("notebooks/en/03_priorities", "en", "../../../notebooks/03_priorities.html"),
        ("book/index", "zh", "../en/book/en/index.html"),
        ("book/en/cite", "en", "../../../book/cite.html"),
    ],
)
def test_switch_url_leads_to_the_same_page_in_the_other_edition(docname, edition, url):
    assert editions.switch_url(docname, edition) == url


def test_english_bibliography_gives_pinyin_authors_and_keeps_the_rest():
    source = paths.BOOK / "references.bib"
    english = parse_file(str(source)).entries
    converted = __import__("pybtex.database", fromlist=["parse_string"]).parse_string(
        editions.english_bibliography(source), "bibtex").entries
    assert [str(p) for p in converted["wang2019"].persons["author"]] == ["Wang, Kai", "Ni, Jianjun"]
    assert converted["wang2019"].fields["title"] == english["wang2019"].fields["title"]
    assert "language" not in converted["wang2019"].fields
    assert converted["carayannis2021"].persons == english["carayannis2021"].persons


def test_every_chinese_entry_has_pinyin_authors():
    entries = parse_file(str(paths.BOOK / "references.bib")).entries
    chinese = [key for key, entry in entries.items() if entry.fields.get("language") == "zh"]
    missing = [key for key in chinese if "author_pinyin" not in entries[key].fields]
    assert missing == []


def test_validator_asks_for_the_english_note(tmp_path):
    shutil.copytree(paths.DATA, tmp_path / "data")
    milestones = tmp_path / "data" / "milestones.csv"
    frame = pd.read_csv(milestones, dtype=str, keep_default_na=False)
    frame.loc[0, "note_en"] = ""
    frame.to_csv(milestones, index=False)
    assert any("milestones.csv" in p and "note_en" in p for p in report(tmp_path / "data" / "datapackage.json"))


# --- the built English edition ----------------------------------------------------------


def _allowed_chinese() -> list[str]:
    """The Chinese an English page may show: names from the data, bibliography, glossary and citation files."""
    names = []
    for table, columns in {"mechanisms": ["name_zh"], "principles": ["name_zh", "guides_zh"], "stages": ["measure_zh"],
                           "milestones": ["event_zh"], "sections": ["title_zh"]}.items():
        frame = pd.read_csv(paths.DATA / f"{table}.csv", dtype=str)
        names += [value for column in columns for value in frame[column].dropna()]
    for entry in parse_file(str(paths.BOOK / "references.bib")).entries.values():
        names += [str(value) for key, value in entry.fields.items() if key in BIBLIOGRAPHIC_NAMES]
        names += [str(p) for p in entry.persons.get("author", [])]
    glossary = (paths.BOOK / "en" / "glossary.md").read_text(encoding="utf-8")
    names += re.findall(r"\(([^()]*[\u4e00-\u9fff][^()]*)\)", glossary)
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    names += [cff["title"], *(a.get("name", "") for a in cff["authors"])]
    return names


def _page_text(page: Path) -> str:
    tree = lxml_html.fromstring(page.read_bytes())
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return tree.text_content()


def chinese_outside_names(text: str, names: list[str], quoted: str = "") -> list[str]:
    """Runs of Chinese longer than a name that are not part of an allowed name (or of ``quoted``)."""
    runs = {part for run in CJK_RUN.findall(text) for part in re.split("[、；]", run)}  # a list of names is names
    return sorted(run for run in runs
                  if len(run) > NAME_LENGTH and not any(run in name for name in names) and run not in quoted)


def test_the_chinese_run_check_flags_a_sentence():
    names = ["数字丝绸之路"]
    assert chinese_outside_names("the Digital Silk Road (数字丝绸之路)", names) == []
    assert chinese_outside_names("作者认为数字丝绸之路很重要。", names) == ["作者认为数字丝绸之路很重要。"]
    assert chinese_outside_names("Wang Yi (王毅)", []) == []
    assert chinese_outside_names("Liu Junsheng and Zhang Zhongyuan (刘均胜、张中元)", []) == []


@pytest.fixture(scope="session")
def english_html(html_dir) -> Path:
    root = html_dir / editions.EDITION_FOLDER
    if not (root / "book" / "en" / "index.html").exists():
        pytest.fail(f"{root} has no English edition: build the book first (`make book`)")
    return root


@pytest.mark.parametrize("doc", toc_docs(EN_TOC))
def test_english_pages_hold_no_chinese_beyond_names(english_html, doc):
    # The codebook (data/README.md, on the data page) quotes the article's Chinese wording on purpose.
    quoted = (paths.DATA / "README.md").read_text(encoding="utf-8") if doc == "book/en/data" else ""
    page = english_html / f"{doc}.html"
    html_text = page.read_text(encoding="utf-8")
    assert '<html lang="en"' in html_text
    assert chinese_outside_names(_page_text(page), _allowed_chinese(), quoted) == []


@pytest.mark.parametrize(("toc", "edition"), [(paths.ROOT / "_toc.yml", "zh"), (EN_TOC, "en")])
def test_every_page_links_to_its_counterpart_both_ways(html_dir, toc, edition):
    for doc in toc_docs(toc):
        page = (html_dir / editions.published_path(doc, edition))
        tree = lxml_html.fromstring(page.read_bytes())
        switch = tree.xpath('//p[@class="edition-switch"]/a/@href')
        alternates = dict(zip(tree.xpath('//link[@rel="alternate"]/@hreflang'),
                              tree.xpath('//link[@rel="alternate"]/@href'), strict=True))
        assert set(alternates) == {"zh-Hans", "en"}, doc
        other = "en" if edition == "zh" else "zh-Hans"
        assert switch == [alternates[other]], doc
        target = (page.parent / switch[0]).resolve()
        assert target.is_file(), f"{doc}: the switch leads to {target}, which does not exist"
        back = lxml_html.fromstring(target.read_bytes()).xpath('//p[@class="edition-switch"]/a/@href')
        assert (target.parent / back[0]).resolve() == page.resolve(), f"{doc}: the way back does not lead home"
        assert urljoin("x/", alternates[editions.HREFLANG[edition]]) == "x/" + page.name


def test_english_search_uses_english_stemming(english_html):
    index = (english_html / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", index, re.S).group(1))["terms"]
    assert "institut" in terms and "mechan" in terms  # Porter stems of institution(s), mechanism(s)
    assert "zh_search.js" not in (english_html / "search.html").read_text(encoding="utf-8")  # no jieba


def test_each_cover_names_the_other_edition(html_dir, english_html):
    assert "English edition" in _page_text(html_dir / "book" / "index.html")
    assert "中文版" in _page_text(english_html / "book" / "en" / "index.html")


def test_english_pdf_is_built_with_english_headings(pdf_path):
    pdf = pdf_path.with_name("book-en.pdf")
    assert pdf.exists(), f"{pdf} is missing: the English edition is built with the Chinese one (`make book`)"

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "contents" in text.lower() and "Priority areas for institution-building" in text
    assert "目录" not in text and "第一章" not in text
    assert "以机制化建设推进" in text  # Chinese names are typeset, not dropped


def test_folders_git_ignores_are_not_pages_of_either_edition():
    """Ignored folders hold tool output (mutants/ holds a copy of the tests, pytest's README.md): if Sphinx read
    them, a strict build of a working checkout would fail although a clean clone builds."""
    ignored = [line.strip().rstrip("/") for line in (paths.ROOT / ".gitignore").read_text().splitlines()
               if line.strip().endswith("/") and not line.startswith("#")]
    for config in (paths.ROOT / "_config.yml", paths.ROOT / "en" / "_config.yml"):
        excluded = yaml.safe_load(config.read_text(encoding="utf-8"))["exclude_patterns"]
        missing = [folder for folder in ignored
                   if folder not in excluded and f"**{folder}" not in excluded and not folder.startswith("*")
                   and folder != "__pycache__"]
        assert not missing, f"{config.relative_to(paths.ROOT)}: add {missing} to exclude_patterns"


def test_each_edition_is_titled_as_citation_cff_titles_it():
    """CITATION.cff holds the edition's titles (the English one opens the abstract's second paragraph);
    the cover pages and the English site title must say the same."""
    from brimech import citation

    edition = citation.load_edition()
    first_line = {page: (paths.ROOT / page).read_text(encoding="utf-8").splitlines()[0]
                  for page in ("book/index.md", "book/en/index.md")}
    assert first_line == {"book/index.md": f"# {edition.title}", "book/en/index.md": f"# {edition.title_en}"}
    english = yaml.safe_load((paths.ROOT / "en" / "_config.yml").read_text(encoding="utf-8"))
    assert english["title"] == edition.title_en
