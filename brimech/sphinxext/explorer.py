"""The mechanism explorer: an interactive view of the network on a page of its own in the HTML book.

``mechanism-explorer`` marks that page. At write time it becomes an empty,
hidden ``<div>`` holding the graph as JSON (:mod:`brimech.explorer`, read from
``data/`` by the build), with each article section resolved to the heading of
the chapter that restates it. The vendored cytoscape.js and the explorer's own
script and stylesheet are added to that page only: the chapters keep their
weight. Without JavaScript the ``<div>`` stays hidden and the page's
``bm-noscript`` text (pointing to the static figures) is what the reader sees.

``mechanism-explorer-link`` goes under a network figure in a chapter: in HTML a
sentence linking to the explorer (``:section: s2`` opens it filtered to that
section); in the PDF and other formats both directives leave nothing.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from brimech import encoding, explorer, network
from brimech.data import load
from brimech.sphinxext import editions

LOGGER = logging.getLogger(__name__)
STATIC = "explorer"
SCRIPTS = ("cytoscape.min.js", "explorer.js")
STYLESHEET = "explorer.css"
NUMERALS = "一二三四五六七八九十"
# A heading's own number as the article writes it: （一） or (一), 1. or 1、 ; 一、 for a part.
ORDINAL = re.compile(rf"^\s*(?:[(（]([{NUMERALS}]+)[)）]|(\d+)[.、．]|([{NUMERALS}]+)、)")
NOT_WORD = re.compile(r"[\W_]+")


class explorer_node(nodes.General, nodes.Element):
    """Where the explorer goes; replaced at write time (raw HTML) or dropped (other formats)."""


class explorer_link_node(nodes.General, nodes.Element):
    """A link to the explorer; replaced at write time (HTML) or dropped (other formats)."""


class MechanismExplorer(SphinxDirective):
    has_content = False

    def run(self):
        # The page is rewritten when the data or the code that exports it changes.
        for table in ("mechanisms", "relations", "sections"):
            self.env.note_dependency(str(Path(self.env.srcdir) / "data" / f"{table}.csv"))
        for module in (explorer, network, encoding):
            self.env.note_dependency(module.__file__)
        return [explorer_node()]


class MechanismExplorerLink(SphinxDirective):
    has_content = False
    option_spec = {"section": directives.unchanged}

    def run(self):
        return [explorer_link_node(section=self.options.get("section", "").strip())]


def _number(text: str) -> int:
    """1 for 一 or 1, 12 for 十二."""
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return NUMERALS.index(text) + 1
    return (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (NUMERALS.index(units) + 1 if units else 0)


def heading_number(title: str) -> int | None:
    """The number a heading carries (（二） -> 2, 1. -> 1), None for an unnumbered heading."""
    match = ORDINAL.match(title)
    if not match:
        return None
    return _number(next(group for group in match.groups() if group))


def _normal(text: str) -> str:
    return NOT_WORD.sub("", text)


def _headings(doctree) -> list[tuple[tuple[int, ...], str, str]]:
    """Each section of a page: (the numbers of its numbered headings below the title, its normalised title, its id).

    The page title's own number (if a chapter title kept the article's 二、) is the chapter's, not a section's.
    """
    found = []

    def walk(section, path, is_title):
        title = section.next_node(nodes.title)
        text = title.astext() if title else ""
        number = None if is_title else heading_number(text)
        own = (*path, number) if number is not None else path
        if section["ids"]:
            found.append((own, _normal(text), section["ids"][0]))
        for child in section.children:
            if isinstance(child, nodes.section):
                walk(child, own, False)

    for top in doctree.children:
        if isinstance(top, nodes.section):
            walk(top, (), True)
    return found


def section_anchor(section: dict, headings: list) -> str:
    """The id of the heading that restates an article section in its chapter; "" for the chapter's top.

    A numbered section (s2.2.1) is found by the numbers of its headings below the
    chapter title ((二) then 1.), an unnumbered one (the abstract) by its title.
    """
    numbers = section["id"].lstrip("s").split(".")
    if section["id"].startswith("s") and all(n.isdigit() for n in numbers):
        path = tuple(int(n) for n in numbers[1:])
        if not path:
            return ""
        return next((anchor for own, _, anchor in headings if own == path), "")
    wanted = _normal(section["title"]["zh"])
    return next((anchor for _, title, anchor in headings if wanted and title.startswith(wanted)), "")


def _english(app) -> bool:
    return (app.config.language or "").startswith("en")


def _docname(source: str) -> str:
    return str(PurePosixPath(source).with_suffix(""))


def _on_doctree_read(app, doctree):
    env = app.env
    env.brimech_headings = getattr(env, "brimech_headings", {})
    env.brimech_explorer_docs = getattr(env, "brimech_explorer_docs", set())
    env.brimech_headings[env.docname] = _headings(doctree)
    if next(doctree.findall(explorer_node), None) is not None:
        env.brimech_explorer_docs.add(env.docname)


def _on_purge(app, env, docname):
    getattr(env, "brimech_headings", {}).pop(docname, None)
    getattr(env, "brimech_explorer_docs", set()).discard(docname)


def _on_merge(app, env, docnames, other):
    env.brimech_headings = getattr(env, "brimech_headings", {})
    env.brimech_explorer_docs = getattr(env, "brimech_explorer_docs", set())
    for docname in docnames:
        if docname in getattr(other, "brimech_headings", {}):
            env.brimech_headings[docname] = other.brimech_headings[docname]
        if docname in getattr(other, "brimech_explorer_docs", set()):
            env.brimech_explorer_docs.add(docname)


def _on_env_updated(app, env):
    """Rewrite the explorer pages when a chapter's headings moved: their section links point there."""
    headings = {doc: [list(h) for h in found] for doc, found in sorted(getattr(env, "brimech_headings", {}).items())}
    changed = headings != getattr(env, "brimech_explorer_headings_seen", None)
    env.brimech_explorer_headings_seen = headings
    return sorted(getattr(env, "brimech_explorer_docs", set())) if changed else []


def _document(app) -> dict:
    if not hasattr(app, "brimech_explorer_document"):
        app.brimech_explorer_document = explorer.graph_document(load(Path(app.srcdir) / "data" / "datapackage.json"))
    return app.brimech_explorer_document


def explorer_html(document: dict) -> str:
    """The hidden container with the graph as JSON: the script fills it in, no script leaves it hidden."""
    return (
        '<div class="bm-explorer" hidden>'
        f'<script type="application/json" class="bm-explorer-data">{explorer.script_json(document)}</script>'
        "</div>\n"
    )


LINK_TEXT = {
    "zh": (
        "在",
        "交互式机制网络",
        "中可以按名称搜索这些机制、按章节、领域和类型筛选，点选任一机制即列出它的属性和全部关系{}。",
    ),
    "en": (
        "The ",
        "interactive mechanism network",
        " searches these mechanisms by name, filters them by section, field and kind,"
        " and lists any mechanism's attributes and relations{}.",
    ),
}
LINK_PRESET = {"zh": "（打开时已筛选到本章所述部分）", "en": " (it opens filtered to this part)"}


def _explorer_link(app, docname: str, section: str) -> nodes.paragraph | None:
    pages = sorted(getattr(app.env, "brimech_explorer_docs", set()))
    if not pages:
        return None
    lang = "en" if (app.config.language or "").startswith("en") else "zh"
    before, linked, after = LINK_TEXT[lang]
    uri = app.builder.get_relative_uri(docname, pages[0]) + (f"#section={section}" if section else "")
    paragraph = nodes.paragraph(classes=["bm-explorer-link"])
    paragraph += nodes.Text(before)
    paragraph += nodes.reference("", linked, refuri=uri)
    paragraph += nodes.Text(after.format(LINK_PRESET[lang] if section else ""))
    return paragraph


def _with_links(app, document: dict, docname: str) -> dict:
    headings = getattr(app.env, "brimech_headings", {})
    sections = []
    for section in document["sections"]:
        target = _docname(section["source"])
        if target not in app.env.all_docs and _english(app):  # the English edition restates it in en/
            target = editions.counterpart(target, "zh")
        href = ""
        if target in app.env.all_docs:
            href = app.builder.get_relative_uri(docname, target)
            anchor = section_anchor(section, headings.get(target, []))
            href += f"#{anchor}" if anchor else ""
        sections.append({**section, "href": href})
    return {**document, "sections": sections}


def _on_doctree_resolved(app, doctree, docname):
    html_output = app.builder.format == "html"
    for node in list(doctree.findall(explorer_node)):
        if html_output:
            node.replace_self(nodes.raw("", explorer_html(_with_links(app, _document(app), docname)), format="html"))
        else:
            node.parent.remove(node)
    for node in list(doctree.findall(explorer_link_node)):
        section = node["section"]
        if section and section not in {s["id"] for s in _document(app)["sections"]}:
            LOGGER.warning(
                f"mechanism-explorer-link :section: {section!r} is not an id in data/sections.csv", location=node
            )
        link = _explorer_link(app, docname, section) if html_output else None
        if link is None and html_output:
            LOGGER.warning("mechanism-explorer-link: no page of the book holds a mechanism-explorer", location=node)
        if link is None:
            node.parent.remove(node)
        else:
            node.replace_self(link)


def _on_page_context(app, pagename, templatename, context, doctree):
    if pagename not in getattr(app.env, "brimech_explorer_docs", set()):
        return
    for script in SCRIPTS:
        app.add_js_file(f"{STATIC}/{script}", defer="defer")
    app.add_css_file(f"{STATIC}/{STYLESHEET}")


def setup(app):
    app.add_node(explorer_node)
    app.add_node(explorer_link_node)
    app.add_directive("mechanism-explorer", MechanismExplorer)
    app.add_directive("mechanism-explorer-link", MechanismExplorerLink)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("env-purge-doc", _on_purge)
    app.connect("env-merge-info", _on_merge)
    app.connect("env-updated", _on_env_updated)
    app.connect("doctree-resolved", _on_doctree_resolved)
    # Before dedupe_scripts copies the page's script list: files added later would not reach the page.
    app.connect("html-page-context", _on_page_context, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
