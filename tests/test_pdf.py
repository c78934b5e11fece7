"""The built PDF: fonts embedded, Chinese titles present, no missing glyphs."""

from __future__ import annotations

import re
import subprocess

import nbformat
import pytest
import yaml

from brimech import paths
from brimech.article import load_article
from tests.conftest import toc_files


def _pdftotext(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf_text(pdf_path):
    return re.sub(r"\s+", "", _pdftotext(pdf_path))


def test_every_font_is_embedded(pdf_path):
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "pdffonts listed no fonts"
    # Columns: name type encoding emb sub uni object-id; "emb" is the 4th field from the right.
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, not_embedded


def test_cjk_fonts_are_used(pdf_path):
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in out


def test_title_is_in_the_pdf(pdf_text):
    title = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert re.sub(r"\s+", "", title) in pdf_text
    assert load_article().title in pdf_text


def _first_heading(doc: str) -> str:
    source = paths.ROOT / f"{doc}.ipynb"
    if source.exists():
        text = "\n".join(c.source for c in nbformat.read(source, as_version=4).cells if c.cell_type == "markdown")
    else:
        text = (paths.ROOT / f"{doc}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M).group(1).strip()


@pytest.mark.parametrize("doc", toc_files()[1:])
def test_each_chapter_title_is_in_the_pdf(pdf_text, doc):
    heading = re.sub(r"\s+", "", _first_heading(doc))
    assert heading in pdf_text, f"chapter title {heading!r} of {doc} not found in the PDF text"


def test_chapters_are_numbered_in_chinese_under_a_contents_page(pdf_text):
    assert "第一章" in pdf_text
    assert re.search("目录第一部分", pdf_text), "the contents page is not titled 目录"


def test_latex_log_has_no_missing_character(pdf_path):
    log = (pdf_path.parent / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
