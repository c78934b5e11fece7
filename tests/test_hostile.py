"""Hostile strings in every text column: the book builds, shows each one as typed, and takes no markup from data.

A copy of the book gets its data rewritten so that every free-text cell (names, notes,
measures, events, units, titles) holds one of :data:`HOSTILE` plus a cell number. Then:

* the figures are drawn from those tables in this process: no warning (missing glyph,
  mathtext), the same labelled artists as with the real data, every label shown;
* the HTML and PDF builds of the copy succeed; every string is in the HTML text and the
  PDF text as typed; no element, link, role, math or substitution comes from data; the
  search index still parses.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
from matplotlib.text import Text
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject

from brimech import figures, paths
from brimech.data import load
from tools import book

HOSTILE = (
    '<img src=x onerror="alert(1)">机制',
    "<script>alert('data')</script><b>bold-data</b> \"quoted\" -- dash ... dots",
    "*em-data* __strong-data__ `code-data` ~~del-data~~ # head-data",
    "[link-data](http://x.test/a) <http://y.test/b> www.example.com",
    "{cite:p}`liu2024` {numref}`图 %s <fig-x>` {{ article_title }}",
    r"\textbf{tex-data} \\ & % # _ ^ ~ {} $x^2$ \$ $\notacommand$",  # even dollars: mathtext, if allowed
    "שלום مرحبا q\u0323\u0307 Z\u0308\u0301 😀 ☕",  # right-to-left, combining marks, emoji
    "极长的机制名称" * 20 + " " + "a very long English name " * 8 + "end",
)
# Words the hostile strings would turn into elements if they were read as markup.
MARKUP_WORDS = ("bold-data", "em-data", "strong-data", "code-data", "del-data", "head-data", "link-data", "tex-data")
DATA_ADDRESSES = ("x.test", "y.test", "example.com")


def text_columns(schema: dict) -> list[str]:
    """Free-text fields: strings that are neither keys, categories nor patterned codes."""
    keys = set(schema.get("primaryKey", []))
    for fk in schema.get("foreignKeys", []):
        keys |= {fk["fields"]} if isinstance(fk["fields"], str) else set(fk["fields"])
    return [
        f["name"] for f in schema["fields"]
        if f.get("type", "string") == "string" and f["name"] not in keys
        and not {"enum", "pattern"} & set(f.get("constraints", {}))
    ]


def fill_text_columns(data: Path, value_for) -> dict[tuple[str, str, int], str]:
    """Rewrite every text cell of every table in ``data`` with ``value_for(number, old value)``.

    Cells are numbered 1, 2, ... in table, column, row order; returns (table, column, row) -> new value.
    """
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    written, number = {}, 0
    for res in descriptor["resources"]:
        path = data / res["path"]
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        for column in text_columns(res["schema"]):
            index = rows[0].index(column)
            for n, row in enumerate(rows[1:], start=2):
                number += 1
                row[index] = value_for(number, row[index])
                written[(res["name"], column, n)] = row[index]
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return written


def fill_with_hostile(data: Path) -> dict[tuple[str, str, int], str]:
    """Every text cell becomes a hostile string ending in its cell number (``#17#``)."""
    return fill_text_columns(data, lambda number, _: f"{HOSTILE[number % len(HOSTILE)]} #{number}#")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_table_has_hostile_text_columns(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    written = fill_with_hostile(data)
    assert {table for table, _, _ in written} == {"sections", "mechanisms", "relations", "stages", "principles",
                                                  "milestones"}
    assert {"name_zh", "name_en", "note", "measure_zh", "event_zh", "title_zh", "guides_en", "unit"} <= {
        column for _, column, _ in written}
    tables = load(data / "datapackage.json")  # hostile, but valid: stable text, nothing to report
    assert tables.mechanisms["name_zh"].str.contains("#").all()


# --- figures, drawn in this process -----------------------------------------------------------

FIGURES = {name: figure.function for name, figure in figures.registry().items()}


def _labels(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip()]


def _tagged_copy(root: Path, fill) -> tuple:
    data = root / "data"
    shutil.copytree(paths.DATA, data)
    written = fill(data)
    return load(data / "datapackage.json"), written


@pytest.fixture(scope="module")
def tagged_and_hostile(tmp_path_factory):
    """The real tables with each text cell's number appended, and the hostile tables with the same numbers."""
    tagged, _ = _tagged_copy(tmp_path_factory.mktemp("tagged"),
                             lambda data: fill_text_columns(data, lambda number, old: f"{old} #{number}#".lstrip()))
    hostile = _tagged_copy(tmp_path_factory.mktemp("hostile"), fill_with_hostile)
    return tagged, hostile


def _cells_shown(texts: list[str]) -> set[int]:
    """Numbers of the cells whose text is drawn (wrapping may break a line anywhere, so look at compact text)."""
    return {int(n) for text in texts for n in re.findall(r"#(\d+)#", compact(text))}


# Figures that list fewer names where long ones would not fit a printed page, and say how many more there are.
ABRIDGED = {"actors", "formality_breadth"}


@pytest.mark.parametrize("figure", sorted(FIGURES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures_place_every_label_of_hostile_data(tagged_and_hostile, figure, lang):
    """Drawn from hostile data, a figure has the labels it has with the real data, each showing its whole string."""
    tagged, (hostile, written) = tagged_and_hostile
    draw = FIGURES[figure]
    tagged_fig = draw(tagged, lang=lang)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or a mathtext error would warn or raise
        fig = draw(hostile, lang=lang)
        fig.savefig(io.BytesIO(), format="svg")
    expected, labels = _labels(tagged_fig), _labels(fig)
    gids, expected_gids = (sorted(t.get_gid() for t in found if t.get_gid()) for found in (labels, expected))
    cells, expected_cells = (_cells_shown([t.get_text() for t in found]) for found in (labels, expected))
    if figure in ABRIDGED and cells != expected_cells:
        # Longer strings, fewer of them on the page: a subset, and the figure says that more exist.
        assert set(gids) - set(expected_gids) <= {g for g in gids if g.startswith("actor-more:")}
        assert cells < expected_cells
        assert any(re.search(r"另有|等（共|more", t.get_text()) for t in labels)
    else:
        # Same labelled artists, and the same table cells shown (tick labels that only count may differ).
        assert gids == expected_gids
        assert cells == expected_cells
    value_of = {int(value.rsplit("#", 2)[1]): value for value in written.values()}
    shown = "\n".join(compact(t.get_text()) for t in labels)
    assert [value_of[n] for n in sorted(cells) if compact(value_of[n]) not in shown] == []


# --- the built book --------------------------------------------------------------------------------

class _Page(HTMLParser):
    """Every element (tag, attributes, text inside) and the visible text of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, list[str]]] = []
        self.open: list[tuple[str, dict, list[str]]] = []
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs), [])
        self.elements.append(element)
        if tag not in {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}:
            self.open.append(element)
        if tag in {"script", "style"}:
            self.skip += 1

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break
        if tag in {"script", "style"}:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        for _, _, inside in self.open:
            inside.append(data)
        if not self.skip:
            self.text.append(data)


def _read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    root = book.copy_book(paths.ROOT, tmp_path_factory.mktemp("hostile-book") / "book")
    written = fill_with_hostile(root / "data")
    builds = {builder: book.build(root, builder, check=False) for builder in ("html", "pdflatex")}
    return root, written, builds


def _strings(value) -> set[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return set().union(*(_strings(item) for item in items)) if items else set()


def _build_ok(builds, builder):
    done = builds[builder]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]


@pytest.mark.slow
def test_hostile_book_builds_html_showing_every_string_as_text(hostile_book):
    root, written, builds = hostile_book
    _build_ok(builds, "html")
    html = book.output_dir(root, "html")
    pages = {p.relative_to(html).as_posix(): _read_page(p) for p in html.rglob("*.html") if "_static" not in p.parts}
    text = {name: "".join(page.text) for name, page in pages.items()}
    everything = "\n".join(text.values())
    for value in HOSTILE:
        assert value in everything, f"not shown as typed: {value!r}"
    # The only links data make are the Forum table's source addresses, each exactly as written (with its &).
    links = {attrs.get("href") for tag, attrs, _ in pages["notebooks/02_progress.html"].elements if tag == "a"}
    milestones = load(root / "data" / "datapackage.json").milestones
    sources = set(milestones.loc[(milestones["kind"] == "forum") & milestones["value"].notna(), "source_url"].dropna())
    assert any("&" in url for url in sources) and sources <= links
    # The node key lists every mechanism: each name, exactly as written in its cell.
    key = text["notebooks/05_network_analysis.html"]
    names = [v for (table, column, _), v in written.items() if (table, column) == ("mechanisms", "name_zh")]
    assert [n for n in names if n not in key] == []
    explored = []
    for name, page in pages.items():
        for tag, attrs, inside in page.elements:
            inner = "".join(inside)
            assert not any("alert(" in value for value in attrs.values() if value), (name, tag, attrs)
            assert not any(a in (attrs.get("href") or "") + (attrs.get("src") or "") for a in DATA_ADDRESSES), (
                name, tag, attrs)
            if tag == "script" and attrs.get("type") == "application/json":
                explored.append(json.loads(inner))  # the explorer's data: still one JSON value
            else:
                assert not (tag == "script" and "alert(" in inner), name
            assert tag not in {"img", "b"} or attrs.get("src") != "x", name
            if tag in {"em", "strong", "code", "del", "s", "h1", "h2", "h3", "a", "b"}:
                assert not any(word in inner for word in MARKUP_WORDS), (name, tag, inner[:200])
            if "math" in (attrs.get("class") or "").split():
                assert "x^2" not in inner, name
    # The explorer carries every mechanism's name, as written, inside its JSON.
    assert explored and set(names) <= _strings(explored)


@pytest.mark.slow
def test_hostile_book_search_index_still_parses(hostile_book):
    root, _, builds = hostile_book
    _build_ok(builds, "html")
    index = (book.output_dir(root, "html") / "searchindex.js").read_text(encoding="utf-8")
    parsed = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", index, re.S).group(1))
    assert "notebooks/05_network_analysis" in parsed["docnames"]


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+")


def pdf_key(text: str) -> str:
    """What a PDF's text must keep of a string, whatever its layout.

    Line breaks and hyphens at them come from the layout; combining marks may be stored in another,
    canonically equivalent order (NFC makes it one); the order of right-to-left runs among the rest
    depends on the extracting tool, so they are checked word by word instead.
    """
    return re.sub(r"[\s-]+", "", RIGHT_TO_LEFT.sub("", unicodedata.normalize("NFC", text)))


def typeset_text(pdf: Path) -> str:
    """The text LaTeX typeset, without the figures' own text (drawn by matplotlib, not by LaTeX)."""
    reader = PdfReader(pdf)
    pages = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        if "/XObject" in resources:
            resources[NameObject("/XObject")] = DictionaryObject()  # the figures are form XObjects
        pages.append(page.extract_text())
    return "\n".join(pages)


@pytest.mark.slow
def test_hostile_book_builds_a_pdf_showing_every_string_as_text(hostile_book):
    root, _, builds = hostile_book
    _build_ok(builds, "pdflatex")
    latex = book.output_dir(root, "pdflatex")
    log = (latex / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log  # every glyph of the data is in a font
    text = typeset_text(latex / "book.pdf")
    key = pdf_key(text)
    missing = [value for value in HOSTILE if pdf_key(value) not in key]
    missing += [word for value in HOSTILE for word in RIGHT_TO_LEFT.findall(value) if word not in text]
    assert missing == []
