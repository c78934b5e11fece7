"""The provenance appendix lists, for every figure, every data file its drawing function read.

What a function reads is found here on its own: the function is called on tables that note each
table it touches. That set is compared with the package's record (brimech.provenance), with the
Markdown it writes, and with the page of the built book, file by file, hash by hash.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from dataclasses import fields

import lxml.html
import matplotlib.pyplot as plt
import pytest

from brimech import paths, provenance
from brimech.data import load


class _Noting:
    """Stands in for the tables and notes which of them are read."""

    def __init__(self, tables):
        self._tables, self.read = tables, set()

    def __getattr__(self, name):
        if name in {f.name for f in fields(self._tables)}:
            self.read.add(name)
        return getattr(self._tables, name)


def _sha256(relative: str) -> str:
    return hashlib.sha256((paths.ROOT / relative).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def table_files() -> dict[str, str]:
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    return {resource["name"]: f"data/{resource['path']}" for resource in package["resources"]}


@pytest.fixture(scope="module")
def sources(figure_sources):
    return figure_sources


@pytest.fixture(scope="module")
def files_read(sources, table_files) -> dict[str, set[str]]:
    """Figure label -> the data files its drawing function reads, found by calling it here."""
    tables = load()
    read = {}
    for source in sources:
        module, function = source.function.rsplit(".", 1)
        noting = _Noting(tables)
        plt.close(getattr(importlib.import_module(module), function)(noting))
        read[source.label] = {table_files[name] for name in noting.read}
    return read


def test_some_figure_reads_several_files(files_read):
    assert max(len(files) for files in files_read.values()) >= 3


def test_each_figure_is_recorded_with_every_file_it_read(sources, files_read):
    for source in sources:
        assert {name for name, _ in source.data_files} == files_read[source.label], source.label
        for name, digest in source.data_files:
            assert digest == _sha256(name), name


def test_the_generated_markdown_lists_every_file_of_every_figure(sources, files_read):
    text = provenance.markdown(sources)
    blocks = dict(re.findall(r"^\(prov-([\w-]+)\)=\n(.*?)(?=^\(prov-|\Z)", text, re.M | re.S))
    assert set(blocks) == {s.label for s in sources}
    for source in sources:
        listed = dict(re.findall(r"`(data/[^`]+)`（sha256 `([0-9a-f]{64})`）", blocks[source.label]))
        assert listed == {name: _sha256(name) for name in files_read[source.label]}, source.label
        assert f"`{source.notebook}`" in blocks[source.label] and f"`{source.function}`" in blocks[source.label]


def test_the_built_page_lists_what_each_figure_read(html_dir, sources, files_read):
    page = lxml.html.parse(str(html_dir / "book" / "provenance.html")).getroot()
    entries = {p.get("id").removeprefix("prov-"): p for p in page.iter("p") if (p.get("id") or "").startswith("prov-")}
    assert set(entries) == {s.label for s in sources}
    for source in sources:
        entry = entries[source.label]
        codes = [code.text_content() for code in entry.iter("code")]
        assert codes[:2] == [source.notebook, source.function], source.label
        listed = dict(zip(codes[2::2], codes[3::2], strict=True))
        assert listed == {name: _sha256(name) for name in files_read[source.label]}, source.label
        (link,) = entry.xpath(".//a/@href")
        notebook_page = source.notebook.removesuffix(".ipynb")
        assert link == f"../{notebook_page}.html#{source.label}", source.label
