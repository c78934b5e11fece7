"""Numbered figures in the HTML: a link to the full-size SVG, and alt text.

The figures are drawn wider than the text column, so the browser shrinks them;
the network figures need a closer look. Sphinx links an image to its original
file when the image has a width, so each figure image gets ``width: 100%``
(the column width it is shown at anyway: none is narrower than the column).

A glued figure's image has no alt text of its own (its file name stands in);
unless the notebook gives ``:alt:``, the registry's alt text (brimech.figures)
or else the caption's first sentence becomes it. Registered figures only.
"""

import re

from docutils import nodes

from brimech.sphinxext.figure_registry import registered

FIRST_SENTENCE = re.compile(r"^(.+?(?:[。；：]|[.:](?=\s|$)))")


def alt_text(caption: str) -> str:
    """The first sentence of a caption, without the provenance link appended to it."""
    caption = caption.split("（数据与代码来源）")[0].split(" (data and code)")[0].strip()
    match = FIRST_SENTENCE.match(caption)
    return (match.group(1) if match else caption).rstrip("。：:")


def _link_figures(app, doctree, docname):
    if app.builder.format != "html":
        return
    for figure in doctree.findall(nodes.figure):
        entry = registered(figure)
        if entry is None:
            continue
        captions = [c for c in figure.children if isinstance(c, nodes.caption)]
        for image in figure.findall(nodes.image):
            image.setdefault("width", "100%")
            if not image.get("alt") or image["alt"] == image.get("uri"):
                if entry.alt:
                    image["alt"] = entry.alt
                elif captions:
                    image["alt"] = alt_text(captions[0].astext())


def setup(app):
    app.setup_extension("brimech.sphinxext.figure_registry")
    app.connect("doctree-resolved", _link_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
