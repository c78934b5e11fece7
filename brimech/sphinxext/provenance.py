"""The figure-provenance appendix, and a link to it from every figure caption.

Before reading, the entries of brimech.provenance are written to
book/_generated/provenance.md (recomputed only when the data, the package or a
notebook changed). While reading, each numbered figure's caption gets a link to
its entry; a figure without an entry leaves that link dangling, which fails the
strict build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from brimech import provenance

GENERATED = Path("book") / "_generated" / "provenance.md"
CACHE_NAME = ".provenance-cache"


def _inputs_digest(root: Path) -> str:
    digest = hashlib.sha256()
    package = Path(provenance.__file__).parent
    inputs = [*(root / "data").glob("*"), *(root / "notebooks").glob("*.ipynb"), *package.glob("*.py")]
    for file in sorted(p for p in inputs if p.is_file()):
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _write_entries(app):
    root = Path(app.srcdir)
    cache = Path(app.outdir).parent / CACHE_NAME
    key = _inputs_digest(root)
    if cache.exists() and cache.read_text(encoding="utf-8").startswith(key + "\n"):
        text = cache.read_text(encoding="utf-8").split("\n", 1)[1]
    else:
        text = provenance.markdown(provenance.figure_sources(root))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(key + "\n" + text, encoding="utf-8")
    target = root / GENERATED
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
    app.connect("builder-inited", _write_entries)
    app.add_transform(LinkCaptionsToProvenance)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
