"""The figure-provenance appendix, and a link to it from every figure caption.

The entries (brimech.provenance) call every drawing function once, which takes
a couple of seconds; they are recomputed only when the data, the package or a
notebook changed, and then in a background thread while the notebooks execute
in their kernels: the provenance page is moved to the end of the reading order
and waits for the thread only when it is read. While reading, each numbered
figure's caption gets a link to its entry; a figure without an entry leaves
that link dangling, which fails the strict build.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from brimech import provenance

DOCNAME = "book/provenance"
GENERATED = Path("book") / "_generated" / "provenance.md"
CACHE_NAME = ".provenance-cache"


def _inputs_digest(root: Path) -> str:
    digest = hashlib.sha256()
    package = Path(provenance.__file__).parent
    inputs = [*(root / "data").glob("*"), *(root / "notebooks").glob("*.ipynb"), *package.glob("*.py")]
    for file in sorted(p for p in inputs if p.is_file()):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


class _Entries:
    """The provenance Markdown: from the cache, or computed in a thread started now."""

    def __init__(self, root: Path, cache: Path):
        self.root, self.cache = root, cache
        self.key = _inputs_digest(root)
        self.text: str | None = None
        self.error: BaseException | None = None
        cached = cache.read_text(encoding="utf-8") if cache.exists() else ""
        if cached.startswith(self.key + "\n"):
            self.text = cached.split("\n", 1)[1]
            self.thread = None
        else:
            self.thread = threading.Thread(target=self._compute, name="brimech-provenance", daemon=True)
            self.thread.start()

    def _compute(self) -> None:
        try:
            self.text = provenance.markdown(provenance.figure_sources(self.root))
        except BaseException as problem:  # re-raised in the main thread by result()
            self.error = problem

    def result(self) -> str:
        if self.thread is not None:
            self.thread.join()
            if self.error is not None:
                raise self.error
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            self.cache.write_text(self.key + "\n" + self.text, encoding="utf-8")
        return self.text


def _start(app):
    app.brimech_provenance = _Entries(Path(app.srcdir), Path(app.outdir).parent / CACHE_NAME)


def _page_outdated_when_recomputed(app, env, added, changed, removed):
    return [DOCNAME] if app.brimech_provenance.thread is not None and DOCNAME in env.found_docs else []


def _read_page_last(app, env, docnames):
    if DOCNAME in docnames:
        docnames.remove(DOCNAME)
        docnames.append(DOCNAME)


def _write_entries(app, docname, source):
    if docname != DOCNAME:
        return
    text = app.brimech_provenance.result()
    target = Path(app.srcdir) / GENERATED
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


class LinkCaptionsToProvenance(SphinxTransform):
    default_priority = 880

    def apply(self, **kwargs):
        for figure in self.document.findall(nodes.figure):
            labels = [i for i in figure["ids"] if i.startswith("fig-")]
            captions = [c for c in figure.children if isinstance(c, nodes.caption)]
            if not labels or not captions:
                continue
            link = addnodes.pending_xref(
                "",
                nodes.inline("", "数据与代码来源"),
                refdomain="std",
                reftype="ref",
                reftarget=provenance.target(labels[0]),
                refexplicit=True,
                refwarn=True,
                refdoc=self.env.docname,
            )
            captions[0] += [nodes.Text("（"), link, nodes.Text("）")]


def setup(app):
    app.connect("builder-inited", _start)
    app.connect("env-get-outdated", _page_outdated_when_recomputed)
    app.connect("env-before-read-docs", _read_page_last)
    app.connect("source-read", _write_entries)
    app.add_transform(LinkCaptionsToProvenance)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
