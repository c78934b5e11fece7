"""The edition keeps its three promises: every edge traces to a passage, numbers are computed, words are ours.

* every coded mechanism and relation names the paragraph it rests on, and the
  paragraph exists (sections.csv counts them; the count is checked against the
  article's text when the reference copy is at hand);
* a broken locator is refused by the validator with file, row and field;
* notebook prose types no count of the data (those are glued);
* the verbatim check finds none of the article's sentences in the book.

The article's text lives outside the repository (``../shared/reference/``); the
two tests that read it are skipped, saying so, where it is absent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from article_text import ARTICLE, REFERENCE_DIR, heading_and_paragraphs
from data_copy import copy_data, load_problems, row_of, set_cell

from brimech import paths
from brimech.data import load, parse_locator

VERBATIM_CHECK = paths.ROOT.parent / "shared" / "tools" / "verbatim_check.py"


@pytest.fixture(scope="module")
def tables():
    return load()


def _paragraph_counts(tables) -> dict[str, int]:
    return dict(zip(tables.sections["id"], tables.sections["paragraphs"].astype(int), strict=True))


# --- locators in the real data -----------------------------------------------------


def test_every_stated_relation_has_a_locator(tables):
    stated = tables.relations[tables.relations["evidence"] == "stated"]
    assert len(stated) > 0
    missing = stated[stated["locator"].isna() | (stated["locator"].fillna("").str.strip() == "")]
    assert missing.empty, missing[["source", "target", "type"]].to_string()


@pytest.mark.parametrize("table", ["mechanisms", "relations"])
def test_every_locator_names_a_paragraph_that_exists(tables, table):
    counts = _paragraph_counts(tables)
    frame = getattr(tables, table)
    wrong = []
    for row in frame.to_dict("records"):
        parsed = parse_locator(str(row["locator"]))
        if parsed is None:
            wrong.append((row["locator"], "not a locator"))
            continue
        section, paragraph = parsed
        if section not in counts or section == "abstract":
            wrong.append((row["locator"], "no such section"))
        elif paragraph > counts[section] or (paragraph == 0 and section == "intro"):
            wrong.append((row["locator"], f"{section} has {counts[section]} paragraphs"))
        elif table == "relations" and section != row["section"]:
            wrong.append((row["locator"], f"outside the row's section {row['section']}"))
    assert wrong == []


def test_paragraph_counts_match_the_article_text(tables):
    if not ARTICLE.is_file():
        pytest.skip(f"the article's text is not at {ARTICLE}: paragraph counts cannot be checked here")
    body = [s for s in tables.sections["id"] if s not in ("abstract", "intro")]
    text = heading_and_paragraphs(body)
    assert set(text) == set(tables.sections["id"]), "the text has a different number of headings"
    counted = {section: len(paragraphs) for section, (_, paragraphs) in text.items()}
    assert counted == _paragraph_counts(tables)
    # The n-th heading of the text is the n-th section: its numbering must agree with the title.
    def opening(words: str) -> str:
        return re.sub(r"[\s#]", "", words).replace("（", "(").replace("）", ")")[:3]

    for section, title in zip(tables.sections["id"], tables.sections["title_zh"], strict=True):
        if section not in ("abstract", "intro"):
            assert opening(text[section][0]) == opening(title), (section, text[section][0], title)


# --- the rule refuses broken locators ----------------------------------------------


def test_locator_beyond_the_sections_paragraphs_is_refused(tmp_path):
    data = copy_data(tmp_path)
    row = row_of(data / "relations.csv", section="s2.1")
    set_cell(data / "relations.csv", row, "locator", "s2.1¶9")
    message = load_problems(data)
    assert f"relations.csv, row {row}, field locator" in message
    assert "'s2.1¶9' names paragraph 9 of 's2.1', which has 2 paragraph(s)" in message


def test_locator_naming_an_unknown_section_is_refused(tmp_path):
    data = copy_data(tmp_path)
    row = row_of(data / "mechanisms.csv", id="brf")
    set_cell(data / "mechanisms.csv", row, "locator", "s2.3¶1")  # shaped right, but there is no 二(三)
    message = load_problems(data)
    assert f"mechanisms.csv, row {row}, field locator: 's2.3¶1' names section 's2.3'" in message


def test_malformed_locator_is_refused_by_the_schema(tmp_path):
    data = copy_data(tmp_path)
    row = row_of(data / "mechanisms.csv", id="brf")
    set_cell(data / "mechanisms.csv", row, "locator", "二(一)第2段")
    message = load_problems(data)
    assert f"mechanisms.csv, row {row}, field locator" in message
    assert "constraint-error" in message


def test_relation_located_outside_its_section_is_refused(tmp_path):
    data = copy_data(tmp_path)
    row = row_of(data / "relations.csv", section="s3.1")
    set_cell(data / "relations.csv", row, "locator", "s3.2¶1")
    message = load_problems(data)
    assert f"relations.csv, row {row}, field locator: 's3.2¶1' lies in section 's3.2'" in message


def test_abstract_and_the_introductions_heading_are_refused(tmp_path):
    data = copy_data(tmp_path)
    first, second = row_of(data / "mechanisms.csv", id="brf"), row_of(data / "mechanisms.csv", id="dsr")
    set_cell(data / "mechanisms.csv", first, "locator", "abstract¶1")
    set_cell(data / "mechanisms.csv", second, "locator", "intro¶0")
    message = load_problems(data)
    assert f"mechanisms.csv, row {first}, field locator: 'abstract¶1' points to the abstract" in message
    assert f"mechanisms.csv, row {second}, field locator: 'intro¶0' names paragraph 0" in message


def test_cli_names_the_broken_locator_without_a_traceback(tmp_path):
    data = copy_data(tmp_path)
    row = row_of(data / "relations.csv", section="s4.3")
    set_cell(data / "relations.csv", row, "locator", "s4.3¶6")
    done = subprocess.run(
        [sys.executable, "-m", "brimech", "validate", str(data)], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert f"relations.csv, row {row}, field locator" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# --- no typed counts of the data in notebook prose ----------------------------------

COUNT = r"(?:\d+\s*(?:个|条|根)?|[二两三四五六七八九十百][零一二两三四五六七八九十百]*(?:个|条|根))"
# A count of what the data holds is glued, never typed. Read in the book's own phrasing:
# "63 个机制", "93 条关系", "十二个机制", "四个空心节点", "三个抽象节点", "各只有一个平台节点",
# "共 264 条边", "185 行". A Chinese numeral counts only with its measure word (二者的关系 is
# "the relation of the two"). 一个 alone is Chinese for "a" ("成了一个节点") and is not a count,
# unless 只有/仅/各 makes it one of nodes or edges ("只有一个机制的领域" names a category whose
# members are glued). Counts of the article's own lists (四个优先机制, 三届论坛) are facts about
# the article: small Chinese numerals before 机制 are allowed, Arabic numerals and numbers from
# ten up are not.
TYPED_COUNTS = [
    re.compile(COUNT + r"[\u4e00-\u9fff]{0,4}?(?:节点|边|连线|关系)"),
    re.compile(r"(?:只有|仅有|仅|各)一\s*(?:个|条)[\u4e00-\u9fff]{0,4}?(?:节点|边|关系)"),
    re.compile(r"\d+\s*(?:个|项)?[\u4e00-\u9fff]{0,4}?机制"),
    re.compile(r"[十百][零一二两三四五六七八九十百]*\s*(?:个|项)[\u4e00-\u9fff]{0,4}?机制"),
    re.compile(r"\d+\s*(?:行|条记录|条数据)"),
    re.compile(r"(?<![A-Za-z])\d+\s+(?:nodes|edges|relations|mechanisms|rows)\b"),
]


def typed_counts(markdown: str) -> list[str]:
    """Literal counts of rows, nodes, edges or mechanisms in a piece of prose (glue roles skipped)."""
    prose = re.sub(r"\{glue:[a-z]+\}`[^`\n]*`|(?<!`)`[^`\n]+`(?!`)|\(\w[\w.-]*\)=", "", markdown)
    return [match.group(0) for pattern in TYPED_COUNTS for match in pattern.finditer(prose)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("全文网络有 185 个机制、264 条关系。", True),
        ("中介中心性最高的十二个机制", True),
        ("中栏的四个空心节点即这四项机制", True),
        ("图中只有三个抽象节点", True),
        ("人工智能和减灾等领域各只有一个平台节点", True),
        ("The network has 185 nodes and 264 edges.", True),
        ("```{glue:figure} fig-centrality\n中介中心性最高的十二个机制\n```", True),
        ("全文网络有 {glue:text}`n-nodes` 个机制、{glue:text}`n-edges` 条关系。", False),
        ("作者挑出了四个优先机制；三届论坛", False),
        ("一句话概括的体系在数据中成了一个节点", False),
        ("原文有一处说明二者的关系", False),
        ("只有一个机制的领域是{glue:text}`lonely-fields`", False),
    ],
)
def test_typed_count_pattern_reads_the_books_phrasing(text, found):
    assert bool(typed_counts(text)) is found, typed_counts(text)


def test_no_notebook_prose_types_a_count_of_the_data():
    found = []
    for notebook in sorted(paths.NOTEBOOKS.glob("**/*.ipynb")):  # both editions
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                found += [f"{notebook.name}, cell {number}: {hit!r}" for hit in typed_counts("".join(cell["source"]))]
    assert found == [], "counts of the data must be glued, not typed:\n" + "\n".join(found)


# --- the book's words are its own ----------------------------------------------------


def test_verbatim_check_finds_nothing():
    if not ARTICLE.is_file():
        pytest.skip(f"no reference copy of the article in {REFERENCE_DIR}: the verbatim check needs it")
    if not VERBATIM_CHECK.is_file():
        pytest.skip(f"the verbatim check is not at {VERBATIM_CHECK}")
    done = subprocess.run(
        [sys.executable, str(VERBATIM_CHECK), "--ref", str(ARTICLE), "."],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
