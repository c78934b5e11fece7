"""Make every numbered figure in the HTML a link to its full-size SVG.

The figures are drawn wider than the text column, so the browser shrinks them;
the network figures need a closer look. Sphinx links an image to its original
file when the image has a width, so each figure image gets ``width: 100%``
(the column width it is shown at anyway: none is narrower than the column).
"""

from docutils import nodes


def _link_figures(app, doctree, docname):
    if app.builder.format != "html":
        return
    for figure in doctree.findall(nodes.figure):
        if not any(i.startswith("fig-") for i in figure["ids"]):
            continue
        for image in figure.findall(nodes.image):
            image.setdefault("width", "100%")


def setup(app):
    app.connect("doctree-resolved", _link_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
