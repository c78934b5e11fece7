"""The PDF page by page: chapter bookmarks, every HTML figure drawn on the page holding its caption, the DOI link.

Reads the PDF with pypdf (outline, link annotations, the XObjects a page draws) and
poppler's pdftotext (the text of each page). A figure included by LaTeX is a Form
XObject (vector PDF) or an Image XObject (raster) on its page, so "the page holding
the caption draws an XObject" is a robust test that the figure is there.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from brimech.article import load_article
from brimech.figures import by_label
from tests.conftest import toc_files
from tests.test_pdf import _first_heading

CAPTION_PREFIX = 16  # characters of a caption enough to find it, short enough not to cross a line-end hyphen


def normalise(text: str) -> str:
    """NFKC (ligatures, full-width forms) and no whitespace: pdftotext breaks lines where LaTeX did."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def reader(pdf_path) -> PdfReader:
    return PdfReader(str(pdf_path))


@pytest.fixture(scope="module")
def page_texts(pdf_path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    return [normalise(page) for page in out.split("\f")]


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def pages_drawing_something(reader: PdfReader) -> list[bool]:
    """For each page: does it draw an XObject (an included PDF/SVG figure or a raster image)?"""
    drawn = []
    for page in reader.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        drawn.append(bool(xobjects and len(xobjects.get_object())))
    return drawn


def link_targets(reader: PdfReader) -> set[str]:
    uris = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action.get_object():
                uris.add(str(action.get_object()["/URI"]))
    return uris


def html_figures(html_dir: Path) -> dict[str, str]:
    """Every registered figure of the HTML book: its label and caption text."""
    registered = set(by_label())
    figures = {}
    for doc in toc_files():
        page = html_dir / f"{doc}.html"
        if not page.exists():
            continue
        for figure in lxml.html.parse(str(page)).getroot().xpath("//figure[@id]"):
            if figure.get("id") not in registered:
                continue
            caption = figure.xpath(".//figcaption//*[contains(@class, 'caption-text')]")
            text = caption[0].text_content() if caption else figure.findtext(".//figcaption") or ""
            figures[figure.get("id")] = text
    return figures


def figures_missing_from_pdf(figures: dict[str, str], page_texts: list[str], drawn: list[bool]) -> list[str]:
    """Labels whose caption is not in the PDF, or whose caption's page draws no figure."""
    missing = []
    for label, caption in figures.items():
        needle = normalise(caption)[:CAPTION_PREFIX]
        pages = [i for i, text in enumerate(page_texts) if needle and needle in text]
        if not pages:
            missing.append(f"{label}: caption {needle!r} not in the PDF text")
        elif not any(i < len(drawn) and drawn[i] for i in pages):
            missing.append(f"{label}: caption on page {pages[0] + 1}, but that page draws no figure")
    return missing


@pytest.mark.parametrize("doc", toc_files()[1:])
def test_chapter_title_is_a_bookmark(reader, doc):
    titles = [normalise(t) for t in outline_titles(reader)]
    heading = normalise(_first_heading(doc))
    assert any(heading in title for title in titles), f"{heading!r} not among the PDF bookmarks {titles}"


def test_every_html_figure_is_drawn_in_the_pdf(html_dir, reader, page_texts):
    figures = html_figures(html_dir)
    missing = figures_missing_from_pdf(figures, page_texts, pages_drawing_something(reader))
    assert not missing, f"{len(missing)} of {len(figures)} figures missing from the PDF:\n" + "\n".join(missing)


def test_the_article_doi_is_a_link(reader):
    doi_url = load_article().doi_url
    targets = {t.lower() for t in link_targets(reader)}
    assert doi_url.lower() in targets, f"no link to {doi_url}; links: {sorted(targets)[:20]}"


def test_the_figure_check_fails_on_a_missing_figure():
    texts = [normalise("第一页"), normalise("图 2.1: 机制网络 的 示意图"), normalise("图 2.2: 论坛里程碑")]
    drawn = [False, True, False]
    figures = {"fig-network": "机制网络 的 示意图", "fig-forum": "论坛里程碑", "fig-gone": "不存在的图"}
    assert figures_missing_from_pdf(figures, texts, drawn) == [
        "fig-forum: caption on page 3, but that page draws no figure",
        "fig-gone: caption '不存在的图' not in the PDF text",
    ]
