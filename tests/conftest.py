"""Shared fixtures: the built book (made by `make book`) and helpers to read it."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from brimech import paths


def toc_files() -> list[str]:
    """Every document named in _toc.yml, in reading order (paths without suffix)."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


@pytest.fixture(scope="session")
def html_dir():
    index = paths.HTML / "index.html"
    if not index.exists():
        pytest.fail(f"{index} is missing: build the book first (`make book`)")
    return paths.HTML


@pytest.fixture(scope="session")
def pdf_path():
    pdf = paths.LATEX / "book.pdf"
    if not pdf.exists():
        pytest.fail(f"{pdf} is missing: build the book first (`make book`)")
    return pdf


@pytest.fixture(scope="session")
def search_index(html_dir):
    """The Sphinx search index as a dict (searchindex.js is `Search.setIndex({...})`)."""
    text = (html_dir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))
