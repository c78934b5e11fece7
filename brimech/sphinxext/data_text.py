"""Data strings reach the page as typed: no typographic quotes in them, link addresses escaped once.

* In the PDF, every text node is escaped by :func:`brimech.escape.latex_text`: Sphinx leaves
  ``'``, ``"`` and ``<<`` to xelatex, whose TeX ligatures print them as ’, ” and «.

* Sphinx's smart quotes turn ``"`` into ” and ``--`` into – in every text node; a name or note
  in a table a notebook prints, or a glued value in the prose (``{glue:text}``), is data, not
  prose: those nodes are marked as not smart-quotable.
* MyST-Parser 3 stores a Markdown link's address HTML-escaped in the doctree (``&`` as ``&amp;``);
  Sphinx's HTML and LaTeX writers escape it again, so a source address such as
  ``index.aspx?contentid=2045&nodeid=5`` (data/milestones.csv) reached the reader as
  ``…&amp;nodeid=5`` and led nowhere (fixed upstream after 3.0: MyST-Parser issues 760, 1028).
"""

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.writers.latex import LaTeXTranslator

from brimech import escape

# markdown-it's escapeHtml, inverted; "&amp;" last so that an escaped "&lt;" comes back as "&lt;".
_ESCAPED = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&"))
# What a notebook shows from data: cell outputs (md_table), and values pasted by {glue:text}.
DATA_CLASSES = {"cell_output", "pasted-text"}


def unescape_address(address: str) -> str:
    for escaped, char in _ESCAPED:
        address = address.replace(escaped, char)
    return address


class DataAsTyped(SphinxTransform):
    # Before SphinxSmartQuotes (750); only links written in Markdown exist yet (references resolve later).
    default_priority = 700

    def apply(self, **kwargs):
        for element in self.document.findall(nodes.Element):
            if DATA_CLASSES & set(element.get("classes", ())):
                element["support_smartquotes"] = False
        for reference in self.document.findall(nodes.reference):
            if "&" in reference.get("refuri", ""):
                reference["refuri"] = unescape_address(reference["refuri"])


class DataAsTypedLaTeXTranslator(LaTeXTranslator):
    def escape(self, s: str) -> str:
        if self.config.latex_engine != "xelatex":
            return super().escape(s)
        return escape.latex_text(s)


def setup(app):
    app.add_transform(DataAsTyped)
    app.set_translator("latex", DataAsTypedLaTeXTranslator, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
