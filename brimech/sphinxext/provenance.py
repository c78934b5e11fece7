"""The figure-provenance appendix, and a link to it from every figure caption.

An entry needs the tables each drawing function reads, found by drawing it once
(brimech.provenance), which takes seconds. What was found is kept beside the
execution cache with the input fingerprint (brimech.inputs) and is
dropped when that changes, the same rule that re-executes the notebooks; a
function not yet recorded is drawn in a background thread, started when the page
is to be read, while the notebooks execute in their kernels. The page is moved to
the end of the reading order and waits for that thread only then. While reading, the
caption of each registered figure (brimech.figures) gets a link to its entry.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from brimech.sphinxext import execution, figure_registry

# The page and the file it includes, per edition (the book's language).
DOCNAMES = {"zh": "book/provenance", "en": "book/en/provenance"}
GENERATED = {"zh": Path("book/_generated/provenance.md"), "en": Path("book/_generated/provenance-en.md")}
LINK_TEXT = {"zh": "数据与代码来源", "en": "data and code"}
CACHE_NAME = "brimech-provenance.json"
ENTRY_PREFIX = "prov-"  # brimech.provenance.target, without importing matplotlib into every build


class _Entries:
    """The provenance Markdown, computed in a thread started now; functions already recorded are not drawn."""

    def __init__(self, root: Path, cache: Path, fingerprint: str, lang: str):
        self.root, self.cache, self.fingerprint, self.lang = root, cache, fingerprint, lang
        recorded = json.loads(cache.read_text(encoding="utf-8")) if cache.exists() else {}
        current = recorded.get("fingerprint") == fingerprint
        self.reads: dict[str, list[str]] = recorded.get("reads", {}) if current else {}
        self.text: str | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._compute, name="brimech-provenance", daemon=True)
        self.thread.start()

    def _compute(self) -> None:
        try:
            from brimech import provenance

            self.text = provenance.markdown(provenance.figure_sources(self.root, self.reads), self.lang)
        except BaseException as problem:  # re-raised in the main thread by result()
            self.error = problem

    def result(self) -> str:
        self.thread.join()
        if self.error is not None:
            raise self.error
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        self.cache.write_text(json.dumps({"fingerprint": self.fingerprint, "reads": self.reads}, indent=1,
                                         sort_keys=True), encoding="utf-8")
        return self.text


def _lang(config) -> str:
    return "en" if (config.language or "").startswith("en") else "zh"


def _page_outdated_when_inputs_changed(app, env, added, changed, removed):
    # The entries name notebooks and data hashes: the page follows the notebooks and the fingerprint.
    notebooks_changed = any(doc.startswith("notebooks/") for doc in (*added, *changed, *removed))
    stale = notebooks_changed or bool(app.brimech_stale_docs)
    docname = DOCNAMES[_lang(app.config)]
    return [docname] if stale and docname in env.found_docs else []


def _start_and_read_page_last(app, env, docnames):
    docname = DOCNAMES[_lang(app.config)]
    if docname in docnames:
        cache = execution.cache_dir(app) / CACHE_NAME  # copied along with the execution cache
        app.brimech_provenance = _Entries(Path(app.srcdir), cache, env.brimech_fingerprint, _lang(app.config))
        docnames.remove(docname)
        docnames.append(docname)


def _write_entries(app, docname, source):
    lang = _lang(app.config)
    if docname != DOCNAMES[lang]:
        return
    text = app.brimech_provenance.result()
    target = Path(app.srcdir) / GENERATED[lang]
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


class LinkCaptionsToProvenance(SphinxTransform):
    default_priority = 880

    def apply(self, **kwargs):
        for figure in self.document.findall(nodes.figure):
            entry = figure_registry.registered(figure)
            captions = [c for c in figure.children if isinstance(c, nodes.caption)]
            if entry is None or not captions:
                continue
            link = addnodes.pending_xref(
                "",
                nodes.inline("", LINK_TEXT[_lang(self.config)]),
                refdomain="std",
                reftype="ref",
                reftarget=ENTRY_PREFIX + entry.label,
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            opening, closing = ("（", "）") if _lang(self.config) == "zh" else (" (", ")")
            captions[0] += [nodes.Text(opening), link, nodes.Text(closing)]


def setup(app):
    app.setup_extension("brimech.sphinxext.execution")  # provides the fingerprint and the cache folder
    app.setup_extension("brimech.sphinxext.figure_registry")  # only registered figures are shown
    app.connect("env-get-outdated", _page_outdated_when_inputs_changed)
    app.connect("env-before-read-docs", _start_and_read_page_last)
    app.connect("source-read", _write_entries)
    app.add_transform(LinkCaptionsToProvenance)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
