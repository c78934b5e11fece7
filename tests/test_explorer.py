"""The explorer's graph export (brimech.explorer) and its place in the built HTML (brimech.sphinxext.explorer).

The expected nodes and edges are read from the CSV files with the csv module,
not through brimech, so a mistake in loading or exporting cannot hide itself.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from brimech import explorer, paths
from brimech.data import load
from brimech.sphinxext.explorer import heading_number, section_anchor
from brimech.vocabulary import order

STATIC = paths.BOOK / "_static" / "explorer"
EXPLORER_PAGE = "book/explorer.html"


def _rows(table: str) -> list[dict]:
    with (paths.DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def document():
    return explorer.graph_document(load())


def test_nodes_are_exactly_the_mechanisms_with_their_fields(document):
    rows = {row["id"]: row for row in _rows("mechanisms")}
    nodes = {node["id"]: node for node in document["nodes"]}
    assert len(nodes) == len(document["nodes"]), "a mechanism appears twice"
    assert set(nodes) == set(rows)
    for node_id, row in rows.items():
        node = nodes[node_id]
        for field in ("name_zh", "name_en", "kind", "field", "status", "formality", "breadth", "section", "note"):
            assert node[field] == row[field], f"{node_id}.{field}"
        assert node["priority"] == row["priority"]
        assert node["is_priority"] == (row["is_priority"] == "true")


def test_edges_are_exactly_the_relations(document):
    expected = Counter(
        (r["source"], r["target"], r["type"], r["evidence"], r["section"], r["note"]) for r in _rows("relations")
    )
    exported = Counter(
        (e["source"], e["target"], e["type"], e["evidence"], e["section"], e["note"]) for e in document["edges"]
    )
    assert exported == expected


def test_every_node_has_a_distinct_fixed_position(document):
    positions = [(node["x"], node["y"]) for node in document["nodes"]]
    assert all(isinstance(v, float) for xy in positions for v in xy)
    assert len(set(positions)) == len(positions), "two mechanisms drawn on the same spot"


def test_sections_come_in_the_article_order(document):
    rows = sorted(_rows("sections"), key=lambda r: int(r["order"]))
    assert [s["id"] for s in document["sections"]] == [r["id"] for r in rows]
    labels = {s["id"]: s["label"]["zh"] for s in document["sections"]}
    assert labels["s3.2"] == "三(二)" and labels["s2.2.2"] == "二(二)2"


def test_two_exports_are_identical():
    assert explorer.to_json(explorer.graph_document(load())) == explorer.to_json(explorer.graph_document(load()))


def test_export_does_not_depend_on_hash_order():
    """Two interpreters with different string-hash seeds write the same bytes (no set or dict order leaks)."""
    code = "from brimech import explorer, data; print(explorer.to_json(explorer.graph_document(data.load())))"
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, check=True, env=env, cwd=paths.ROOT
        ).stdout
        digests.add(hashlib.sha256(out).hexdigest())
    assert len(digests) == 1


def test_locators_are_exported_with_the_label_a_reader_looks_up(document):
    rows = {row["id"]: row for row in _rows("mechanisms")}
    labels = {s["id"]: s["label"]["zh"] for s in document["sections"]}
    for node in document["nodes"]:
        assert node.get("locator", "") == rows[node["id"]].get("locator", "")
        if node.get("locator"):
            section, paragraph = node["locator"].split("¶")
            assert node["locator_section"] == section
            assert node["locator_label"]["zh"] == labels[section] + ("标题" if paragraph == "0" else f"¶{paragraph}")
    relations = Counter((r["source"], r["target"], r["type"], r.get("locator", "")) for r in _rows("relations"))
    assert Counter((e["source"], e["target"], e["type"], e.get("locator", "")) for e in document["edges"]) == relations


def test_rows_without_a_locator_export_without_one():
    tables = load()
    tables = dataclasses.replace(tables, mechanisms=tables.mechanisms.drop(columns="locator", errors="ignore"))
    assert all("locator" not in n and "locator_label" not in n for n in explorer.graph_document(tables)["nodes"])


def test_script_json_cannot_end_the_script_element(document):
    hostile = {
        **document,
        "nodes": [{**document["nodes"][0], "note": "</script><script>alert(1)</script><!-- & \u2028"}],
    }
    text = explorer.script_json(hostile)
    assert "</" not in text and "<!--" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def test_every_kind_and_relation_has_the_static_figures_encoding(document):
    shapes = document["encoding"]["kind_shape"]
    assert set(shapes) == set(order("kind"))
    assert shapes["mechanism"]["shape"] == "ellipse"  # "o": a circle
    for kind, shape in shapes.items():
        if shape["shape"] == "polygon":
            points = shape["points"]
            assert len(points) >= 6 and len(points) % 2 == 0, kind
            assert max(abs(p) for p in points) == pytest.approx(1.0, abs=1e-3), kind
    assert len(shapes["agreement_form"]["points"]) == 8  # "s": a square
    dashes = document["encoding"]["relation_dash"]
    assert set(dashes) == set(order("relation")) and dashes["leads"] == []
    assert dashes["coordinates"] == [6.0, 2.0]


@pytest.mark.parametrize(
    ("title", "number"),
    [("（二）数字经济与数字贸易合作机制", 2), ("(四)开展多边机制功能合作", 4), ("1. “一带一路”科技创新行动计划", 1),
     ("三、推进", 3), ("十二、某部分", 12), ("本书的补充说明", None)],
)  # fmt: skip
def test_heading_numbers_are_read_as_the_article_writes_them(title, number):
    assert heading_number(title) == number


def test_section_anchor_follows_the_heading_numbers():
    headings = [((), "进展", "top"), ((1,), "论坛", "id1"), ((2,), "平台", "id2"), ((2, 1), "科技", "id3"),
                ((2, 2), "数字", "id4"), ((), "本书的补充说明", "id5")]  # fmt: skip
    section = {"title": {"zh": "x"}}
    assert section_anchor({**section, "id": "s2.2.2"}, headings) == "id4"
    assert section_anchor({**section, "id": "s2.1"}, headings) == "id1"
    assert section_anchor({**section, "id": "s2"}, headings) == ""  # the chapter's top
    assert section_anchor({**section, "id": "s2.3"}, headings) == ""  # no such heading: the chapter's top
    assert section_anchor({"id": "abstract", "title": {"zh": "内容摘要"}}, [((), "内容摘要本书转述", "abs")]) == "abs"


def test_vendored_library_is_the_one_the_notice_names():
    notice = (paths.ROOT / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8")
    library = STATIC / "cytoscape.min.js"
    assert hashlib.sha256(library.read_bytes()).hexdigest() in notice
    assert f"{library.stat().st_size:,}".replace(",", " ") in notice
    assert (STATIC / "cytoscape.LICENSE").read_text(encoding="utf-8").startswith("Copyright (c)")
    assert "The Cytoscape Consortium" in library.read_text(encoding="utf-8")[:200]  # its own licence header kept


def test_explorer_script_never_writes_markup():
    """Data strings reach the page as text: no innerHTML, outerHTML, insertAdjacentHTML or document.write."""
    script = (STATIC / "explorer.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)


# --- the built book -------------------------------------------------------------------------------


def _embedded(html_dir: Path) -> dict:
    soup = BeautifulSoup((html_dir / EXPLORER_PAGE).read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.select_one("div.bm-explorer script.bm-explorer-data").string)


def test_page_embeds_the_export_of_the_data(html_dir, document):
    embedded = _embedded(html_dir)
    assert embedded["nodes"] == document["nodes"] and embedded["edges"] == document["edges"]
    assert embedded["encoding"] == document["encoding"]


def test_section_links_lead_to_existing_headings(html_dir):
    page = html_dir / EXPLORER_PAGE
    for section in _embedded(html_dir)["sections"]:
        href = section["href"]
        assert href, f"{section['id']} has no link"
        target, _, anchor = href.partition("#")
        file = (page.parent / target).resolve()
        assert file.is_file(), f"{section['id']}: {href}"
        if anchor:
            assert f'id="{anchor}"' in file.read_text(encoding="utf-8"), f"{section['id']}: no #{anchor} in {target}"
    chapter_two = {s["id"]: s["href"] for s in _embedded(html_dir)["sections"]}
    assert chapter_two["s2.2.2"].startswith("../notebooks/02_progress.html#")


def test_library_is_loaded_on_the_explorer_page_only(html_dir):
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        has_library = "_static/explorer/cytoscape.min.js" in text
        # Each edition has its explorer page; the English one is published under en/.
        explorer_pages = {html_dir / EXPLORER_PAGE, html_dir / "en" / "book" / "en" / "explorer.html"}
        assert has_library == (page in explorer_pages), page.relative_to(html_dir)


def test_network_chapters_link_to_the_explorer(html_dir):
    for chapter, fragment in (("02_progress", "#section=s2"), ("05_network_analysis", "")):
        soup = BeautifulSoup((html_dir / "notebooks" / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("p.bm-explorer-link a")]
        assert links == [f"../{EXPLORER_PAGE}{fragment}"], chapter
