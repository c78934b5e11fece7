"""Link addresses escaped once, by the writer: undo MyST-Parser 3's own HTML escaping of them.

MyST-Parser 3 stores a Markdown link's address HTML-escaped in the doctree (``&`` as ``&amp;``);
Sphinx's HTML and LaTeX writers escape it again, so a source address such as
``index.aspx?contentid=2045&nodeid=5`` (data/milestones.csv) reached the reader as
``…&amp;nodeid=5`` and led nowhere. Fixed upstream after 3.0 (MyST-Parser issues 760, 1028).
"""

from docutils import nodes
from sphinx.transforms import SphinxTransform

# markdown-it's escapeHtml, inverted; "&amp;" last so that an escaped "&lt;" comes back as "&lt;".
_ESCAPED = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&"))


def unescape_address(address: str) -> str:
    for escaped, char in _ESCAPED:
        address = address.replace(escaped, char)
    return address


class UnescapeLinkAddresses(SphinxTransform):
    # Runs after parsing, before references are resolved: only links written in Markdown exist yet.
    default_priority = 100

    def apply(self, **kwargs):
        for reference in self.document.findall(nodes.reference):
            if "&" in reference.get("refuri", ""):
                reference["refuri"] = unescape_address(reference["refuri"])


def setup(app):
    app.add_transform(UnescapeLinkAddresses)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
