"""Two editions of one book: the language switch, hreflang links and the English bibliography.

The Chinese edition (``_config.yml``, ``_toc.yml``) and the English one (``en/_config.yml``,
``en/_toc.yml``) share the book root. Each English page sits beside its Chinese page in an
``en/`` folder (``notebooks/03_priorities`` <-> ``notebooks/en/03_priorities``,
``book/cite`` <-> ``book/en/cite``), and the English HTML is published in ``html/en/`` of the
Chinese HTML. Every page whose counterpart exists gets a visible link to it and
``<link rel="alternate" hreflang=...>`` to both editions.

The English edition cites Chinese works by their authors' pinyin names: before
sphinxcontrib-bibtex reads the bibliography, ``book/references.bib`` is copied to
``book/_generated/references-en.bib`` with every ``author_pinyin`` in place of ``author``.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path, PurePosixPath

from pybtex.database import Person, parse_file

EDITION_FOLDER = "en"
SOURCE_SUFFIXES = (".md", ".ipynb")
HREFLANG = {"zh": "zh-Hans", "en": "en"}
SWITCH_TEXT = {"zh": "中文版", "en": "English edition"}  # the link names the edition it leads to
REFERENCES_EN = Path("book") / "_generated" / "references-en.bib"


def edition_of(config_language: str) -> str:
    return "en" if config_language.startswith("en") else "zh"


def counterpart(docname: str, edition: str) -> str:
    """The same page in the other edition: insert or drop the en/ folder before the file name."""
    path = PurePosixPath(docname)
    if edition == "en":
        if path.parent.name != EDITION_FOLDER:
            raise ValueError(f"{docname}: an English page lives in an en/ folder")
        return str(path.parent.parent / path.name)
    return str(path.parent / EDITION_FOLDER / path.name)


def published_path(docname: str, edition: str) -> str:
    """Where a page ends up in the published HTML: the English edition is under en/."""
    return (f"{EDITION_FOLDER}/" if edition == "en" else "") + docname + ".html"


def switch_url(docname: str, edition: str) -> str:
    """Relative address, from page ``docname`` of ``edition``, of the same page in the other edition."""
    other = "zh" if edition == "en" else "en"
    here = published_path(docname, edition)
    there = published_path(counterpart(docname, edition), other)
    return posixpath.relpath(there, posixpath.dirname(here) or ".")


def has_counterpart(srcdir: Path, docname: str, edition: str) -> bool:
    try:
        other = counterpart(docname, edition)
    except ValueError:
        return False
    return any((srcdir / (other + suffix)).is_file() for suffix in SOURCE_SUFFIXES)


def alternate_links(docname: str, edition: str) -> str:
    other = "zh" if edition == "en" else "en"
    own = posixpath.basename(published_path(docname, edition))
    return (
        f'<link rel="alternate" hreflang="{HREFLANG[edition]}" href="{escape(own)}" />\n'
        f'<link rel="alternate" hreflang="{HREFLANG[other]}" href="{escape(switch_url(docname, edition))}" />\n'
    )


def switch_html(docname: str, edition: str) -> str:
    other = "zh" if edition == "en" else "en"
    return (
        f'<p class="edition-switch"><a href="{escape(switch_url(docname, edition))}" '
        f'hreflang="{HREFLANG[other]}" lang="{HREFLANG[other]}">{SWITCH_TEXT[other]}</a></p>\n'
    )


def _add_switch(app, pagename, templatename, context, doctree):
    edition = edition_of(app.config.language or "zh")
    if doctree is None or not has_counterpart(Path(app.srcdir), pagename, edition):
        return
    context["metatags"] = context.get("metatags", "") + alternate_links(pagename, edition)
    context["body"] = switch_html(pagename, edition) + context.get("body", "")


def english_bibliography(source: Path) -> str:
    """The .bib text for the English edition: pinyin authors for Chinese entries, everything else kept.

    The Chinese entries lose ``language = {zh}`` (which selects the Chinese name forms) and
    keep the fact as ``original_language``, which the English style reads to add the
    translated title.
    """
    data = parse_file(str(source), bib_format="bibtex")
    for entry in data.entries.values():
        pinyin = entry.fields.pop("author_pinyin", None)
        if pinyin is None:
            continue
        entry.persons["author"] = [Person(name.strip()) for name in pinyin.split(" and ")]
        entry.fields["original_language"] = entry.fields.pop("language", "zh")
    return data.to_string("bibtex")


def _write_english_bibliography(app, config):
    if edition_of(config.language or "zh") != "en":
        return
    target = Path(app.srcdir) / REFERENCES_EN
    target.parent.mkdir(parents=True, exist_ok=True)
    text = english_bibliography(Path(app.srcdir) / "book" / "references.bib")
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):
    # Before sphinxcontrib-bibtex, which reads the .bib files when the builder is ready.
    app.connect("config-inited", _write_english_bibliography, priority=100)
    app.connect("html-page-context", _add_switch)
    app.add_css_file("editions.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
