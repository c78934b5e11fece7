"""Resolve ``{numref}`` references without unpickling the target page once per reference.

Sphinx's standard domain finds a numref's target node in the target page's doctree,
which it unpickles anew for every reference. The book has about fifty numrefs, many
into the notebook pages, whose doctrees hold long tables: that unpickling was a fifth
of a clean build. Between reading and the end of writing the doctrees on disk do not
change, so here each target page is unpickled once and only read from.
"""

from __future__ import annotations

from sphinx.domains.std import StandardDomain

_TARGET_PAGES: dict[str, object] = {}  # docname -> doctree, kept for one write phase


class StandardDomainReadingEachPageOnce(StandardDomain):
    def _resolve_numref_xref(self, env, *args, **kwargs):
        def target_page(docname: str):
            if docname not in _TARGET_PAGES:
                _TARGET_PAGES[docname] = type(env).get_doctree(env, docname)
            return _TARGET_PAGES[docname]

        env.get_doctree = target_page  # only this lookup sees the shared, read-only copies
        try:
            return super()._resolve_numref_xref(env, *args, **kwargs)
        finally:
            del env.get_doctree


def _forget_pages(*args) -> None:
    _TARGET_PAGES.clear()


def setup(app):
    app.add_domain(StandardDomainReadingEachPageOnce, override=True)
    app.connect("env-updated", _forget_pages)  # reading is over: the pickles on disk are final
    app.connect("build-finished", _forget_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
