"""brimech.escape: what a data string holds reaches the reader as text, in every format the book writes."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from docutils import nodes
from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

from brimech import display, escape, style
from brimech.sphinxext import data_text

# What MyST parses with the extensions Jupyter Book 1 turns on (jupyter_book/default_config.yml).
MYST_EXTENSIONS = ["colon_fence", "dollarmath", "linkify", "substitution", "tasklist"]

HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "<script>alert('x')</script>",
    "*emphasis* __strong__ `code` ~~gone~~",
    "[text](http://x) <http://y> www.example.com a@b.org",
    "{cite:p}`liu2024` {numref}`图 %s <fig-x>` {{ article_title }}",
    "(label)= % comment",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "::: note",
    "| pipe | in cell |",
    "$x^2$ and $$y$$",
    r"\textbf{x} \\ & % # _ ^ ~ {} \$",
    "&amp; &#60; &lt;",
    "[ ] task",
    "line\nbreak",
    "```",
    "    four spaces",
]


def parse(markdown: str) -> nodes.document:
    return publish_doctree(
        markdown,
        parser=Parser(),
        settings_overrides={"myst_enable_extensions": MYST_EXTENSIONS, "report_level": 5, "halt_level": 5},
    )


def only_text(doc: nodes.document, allowed=(nodes.paragraph,)) -> list[str]:
    """Node types below the document other than ``allowed`` and text: what markup the input made."""
    return [type(n).__name__ for n in doc.findall(nodes.Element) if n is not doc and not isinstance(n, allowed)]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_renders_as_exactly_the_text(text):
    doc = parse("前文 " + escape.md_text(text) + " 后文")
    assert only_text(doc) == []
    assert doc.astext() == "前文 " + text.replace("\n", " ") + " 后文"


def test_md_text_also_holds_at_the_start_of_a_line():
    for text in HOSTILE:
        doc = parse(escape.md_text(text.strip()))
        assert only_text(doc) == [], text
        assert doc.astext() == text.strip().replace("\n", " ")


def test_md_table_cells_and_headers_are_text():
    frame = pd.DataFrame({h: [t] for h, t in zip(["<b>名称</b>", "*x*", "{cite:p}`y`"], HOSTILE[:3], strict=True)})
    frame.loc[1] = HOSTILE[3:6]
    doc = parse(display.md_table(frame, "示例表", "tbl-x").data.split("\n\n", 1)[1].rsplit("```", 1)[0])
    cells = [entry.astext() for entry in doc.findall(nodes.entry)]
    assert cells == [*frame.columns, *HOSTILE[:6]]
    assert only_text(doc, (nodes.paragraph, nodes.table, nodes.tgroup, nodes.colspec, nodes.thead, nodes.tbody,
                           nodes.row, nodes.entry)) == []


def test_a_link_cell_links_its_address_and_shows_its_text():
    url = "https://example.org/a b/<c>|d?q=*x*\"y\""
    frame = pd.DataFrame({"来源": [escape.Link(url, url), "原文 s2.1"]})
    doc = parse(display.md_table(frame, "表", "tbl-y").data.split("\n\n", 1)[1].rsplit("```", 1)[0])
    (link,) = doc.findall(nodes.reference)
    assert link.astext() == url
    assert link["refuri"] == "https://example.org/a%20b/%3Cc%3E%7Cd?q=*x*%22y%22"
    assert [e.astext() for e in doc.findall(nodes.entry)] == ["来源", url, "原文 s2.1"]


def test_an_address_that_is_not_http_is_not_a_link():
    doc = parse(escape.md_link("click", "javascript:alert(1)"))
    assert list(doc.findall(nodes.reference)) == [] and doc.astext() == "click"


@pytest.mark.parametrize("text", ["data/mechanisms.csv", "a`b", "``x``", "`start", "end`", " both "])
def test_md_code_is_one_literal(text):
    doc = parse(escape.md_code(text))
    (literal,) = doc.findall(nodes.literal)
    assert literal.astext() == text


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


@pytest.mark.parametrize("text", HOSTILE)
def test_html_attribute_keeps_the_value_in_its_attribute(text):
    parsed = _Collect()
    parsed.feed(f'<meta name="x" content="{escape.html_attribute(text)}" />')
    assert parsed.tags == ["meta"]
    assert parsed.attrs == [("name", "x"), ("content", text)]


def test_script_json_cannot_end_the_script_and_reads_back_unchanged():
    value = {"name": "</script><script>alert(1)</script><!-- \u2028\u2029 & é 中文", "n": [1, 2]}
    text = escape.script_json(json.dumps(value, ensure_ascii=False))
    assert not re.search(r"</|<!--|[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_figure_text_is_drawn_as_typed_not_as_mathtext():
    style.use_book_style()
    fig, ax = plt.subplots()
    as_data = [ax.text(0, i, text) for i, text in enumerate(["$x_1$ and $y$", r"$\notacommand$ costs $5 $"])]
    typed = ax.text(0, 3, "$x_1$ and $y$", parse_math=False)
    as_math = ax.text(0, 4, "$x_1$ and $y$", parse_math=True)
    fig.canvas.draw()  # invalid mathtext (\notacommand) would raise here
    assert [t.get_text() for t in as_data] == ["$x_1$ and $y$", r"$\notacommand$ costs $5 $"]
    width = as_data[0].get_window_extent().width
    assert width == typed.get_window_extent().width != as_math.get_window_extent().width
    plt.close(fig)


def test_link_addresses_escaped_by_myst_come_back_as_written():
    url = "http://bgicc.com/common/index.aspx?contentid=2045&nodeid=5&page=ContentPage&x=&lt;"
    (link,) = parse(escape.md_link(url, url)).findall(nodes.reference)
    assert link["refuri"] != url  # MyST-Parser 3 stores it HTML-escaped: the reason for the transform
    assert data_text.unescape_address(link["refuri"]) == url


LATEX_HOSTILE = [
    r"""\textbf{x} \\ $x^2$ & % # _ ^ ~ {} [a] \$""",
    """"double" 'single' `grave` <<guillemets>> -- --- !` ?`""",
    "{cite:p}`k` *em* <b>tag</b>",
]


def test_latex_text_prints_exactly_the_text(tmp_path):
    body = "\n\n".join(f"{escape.latex_text(text)}\\par" for text in LATEX_HOSTILE)
    (tmp_path / "t.tex").write_text(
        "\\documentclass{article}\\usepackage{fontspec}\\setmainfont{FreeSerif}[Extension=.otf,UprightFont=*]\n"
        "\\newcommand{\\sphinxhyphen}{-\\kern0pt}\\pagestyle{empty}\n"  # as sphinx.sty defines it
        f"\\begin{{document}}\n{body}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"], cwd=tmp_path,
                   capture_output=True, check=True)
    printed = subprocess.run(["pdftotext", "t.pdf", "-"], cwd=tmp_path, capture_output=True, text=True,
                             check=True).stdout
    assert [line for line in printed.splitlines() if line.strip()] == LATEX_HOSTILE
