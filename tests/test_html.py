"""The built HTML: every page of the table of contents, Chinese search (no remote fetch: test_resource_scan)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import toc_files


def _page(html_dir: Path, doc: str) -> Path:
    return html_dir / f"{doc}.html"


@pytest.mark.parametrize("doc", toc_files())
def test_every_toc_entry_is_rendered(html_dir, doc):
    page = _page(html_dir, doc)
    assert page.exists(), f"{doc} from _toc.yml was not rendered to {page}"
    assert 'lang="zh-CN"' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("term", ["协调", "机制", "供应链", "高峰论坛", "五通"])
def test_search_index_holds_chinese_terms(search_index, term):
    assert term in search_index["terms"], f"{term} is not a search term"


def _search_with_node(html_dir: Path, query: str) -> list[str]:
    """Run the book's zh_search.js splitQuery in node against the real index; return matching docs."""
    script = f"""
    const fs = require("fs");
    const vm = require("vm");
    const ctx = {{}};
    vm.createContext(ctx);
    ctx.Search = {{ setIndex(idx) {{ this._index = idx; }} }};
    vm.runInContext(fs.readFileSync({str(html_dir / "searchindex.js")!r}, "utf8"), ctx);
    vm.runInContext(fs.readFileSync({str(html_dir / "_static" / "zh_search.js")!r}, "utf8"), ctx);
    const idx = ctx.Search._index;
    const parts = vm.runInContext("splitQuery", ctx)({query!r});
    const docsOf = (t) => new Set([].concat(idx.terms[t] ?? [], idx.titleterms[t] ?? []));
    let hits = null;
    for (const p of parts) {{
      const d = docsOf(p);
      hits = hits === null ? d : new Set([...hits].filter((x) => d.has(x)));
    }}
    console.log(JSON.stringify([...(hits ?? [])].map((i) => idx.docnames[i])));
    """
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("query", "expected_doc"),
    [("协调机制", "notebooks/02_progress"), ("供应链", "notebooks/03_priorities")],
)
def test_multi_character_query_finds_its_chapter(html_dir, query, expected_doc):
    assert expected_doc in _search_with_node(html_dir, query)


def test_no_stray_spaces_between_chinese_characters(html_dir):
    """Soft line breaks inside a Chinese paragraph must not turn into visible spaces."""
    text = _page(html_dir, "book/index").read_text(encoding="utf-8")
    paragraphs = re.findall(r"<p>(.*?)</p>", text, re.S)
    spaced = [p for p in paragraphs if re.search(r"[\u4e00-\u9fff]\n[\u4e00-\u9fff]", p)]
    assert not spaced, spaced[:2]


def test_every_figure_links_to_its_full_size_svg(html_dir):
    linked = 0
    for page in sorted((html_dir / "notebooks").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure[^>]*id="fig-[^"]*".*?</figure>', html, re.S):
            target = re.search(r'class="reference internal image-reference" href="([^"]+\.svg)"', figure)
            assert target, f"{page.name}: a figure without a link to its SVG"
            assert (page.parent / target.group(1)).resolve().is_file()
            linked += 1
    assert linked > 0


def test_alt_text_is_the_captions_first_sentence():
    from brimech.sphinxext.figure_zoom import alt_text

    assert alt_text("机制网络：节点为机制。颜色表示领域（数据与代码来源）") == "机制网络"
    assert alt_text("三届论坛的规模。其余说明") == "三届论坛的规模"
    assert alt_text("Forum attendance. More") == "Forum attendance."
