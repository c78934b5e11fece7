"""Citation <meta> tags for this edition in the cover's HTML head.

Google Scholar reads the Highwire ``citation_*`` tags, library tools Dublin Core, and link
previews OpenGraph; all come from CITATION.cff (brimech.citation.meta_tags), so a DOI added
there appears in the head at the next build.
"""

from brimech import escape
from brimech.article import load_article
from brimech.citation import load_edition, meta_tags

# Declares the DC.* vocabulary; a plain <link> loads nothing.
_DC_SCHEMA = '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/" />'


def head_html() -> str:
    tags = [
        f'<meta {attr}="{escape.html_attribute(name)}" content="{escape.html_attribute(content)}" />'
        for attr, name, content in meta_tags(load_article(), load_edition())
    ]
    return "\n".join([_DC_SCHEMA, *tags]) + "\n"


def _add_meta_tags(app, pagename, templatename, context, doctree):
    if pagename == app.config.root_doc:
        context["metatags"] = context.get("metatags", "") + head_html()


def setup(app):
    app.connect("html-page-context", _add_meta_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
