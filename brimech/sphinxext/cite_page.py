"""The generated parts of the "how to cite" page (book/cite.md).

Citations rendered by citeproc-py become MyST substitutions (``{{ cite_gbt_article }}`` ...);
the BibTeX and RIS files are written to book/_generated/ (not in git) for the page to show
and offer for download. Everything comes from CITATION.cff and references.bib at each build.
"""

from pathlib import Path

from brimech.article import load_article
from brimech.citation import bibtex, load_edition, rendered_citations, ris


def _write(path: Path, text: str) -> None:
    # An unchanged file keeps its mtime, so Sphinx does not re-read the page for nothing.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _generate(app, config):
    article, edition = load_article(), load_edition()
    generated = Path(app.srcdir) / "book" / "_generated"  # beside book/cite.md, also in a copied book
    generated.mkdir(exist_ok=True)
    _write(generated / "cite.bib", bibtex(article, edition))
    _write(generated / "cite.ris", ris(article, edition))
    config.myst_substitutions = {**(config.myst_substitutions or {}), **rendered_citations(article, edition)}


def setup(app):
    app.connect("config-inited", _generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
