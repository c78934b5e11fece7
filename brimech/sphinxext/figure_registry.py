"""The figures a chapter shows are the registry's (brimech.figures), no more and no fewer.

While reading, every figure of a notebook must carry the label of a registered
figure and sit in the chapter the registry names; once all documents are read,
every registered figure must have been shown. Each breach is a warning naming the
figure and what to do, so the strict build fails. Other extensions find a figure's
label with :func:`figure_label` and look it up in the registry the same way.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

from brimech import figures
from brimech.sphinxext import editions

logger = logging.getLogger(__name__)
REGISTRY = "brimech/figures.py"


def figure_label(figure: nodes.figure) -> str | None:
    """The label a figure was given (``:name:``), as Sphinx stores it (lower case), or None."""
    return figure["names"][0] if figure["names"] else None


def registered(figure: nodes.figure) -> figures.RegisteredFigure | None:
    """The registry entry of a figure node, or None for a figure the registry does not know."""
    label = figure_label(figure)
    return figures.by_label().get(label) if label else None


def _shown(env) -> dict[str, list[str]]:
    if not hasattr(env, "brimech_figures"):
        env.brimech_figures = {}
    return env.brimech_figures


def _check_document(app, doctree):
    env = app.env
    docname = env.docname
    if not str(env.doc2path(docname)).endswith(".ipynb"):
        return  # only notebooks glue figures
    labels = []
    for figure in doctree.findall(nodes.figure):
        label = figure_label(figure)
        entry = registered(figure)
        if label is None:
            logger.warning(f"a figure without a label (:name:) in {docname}: give it the label of its entry in "
                           f"{REGISTRY}", location=figure)
            continue
        labels.append(label)
        if entry is None:
            logger.warning(f"figure {label!r} is glued in {docname} but not registered: declare it in {REGISTRY}",
                           location=figure)
        elif docname not in (entry.chapter, editions.counterpart(entry.chapter, "zh")):  # either edition's chapter
            logger.warning(f"figure {label!r} ({entry.name}) is registered for {entry.chapter} but glued in "
                           f"{docname}: correct its chapter in {REGISTRY}", location=figure)
    _shown(env)[docname] = labels


def _forget(app, env, docname):
    _shown(env).pop(docname, None)


def _merge(app, env, docnames, other):
    _shown(env).update({doc: labels for doc, labels in _shown(other).items() if doc in docnames})


def _check_every_figure_is_shown(app, env):
    shown = {label for labels in _shown(env).values() for label in labels}
    for entry in figures.registry().values():
        if entry.label not in shown:
            logger.warning(
                f"figure {entry.name!r} is registered in {REGISTRY} but glued nowhere: in {entry.chapter}, call "
                f"glue_figure({entry.name!r}, ...) and show it with a {{glue:figure}} {entry.label} directive "
                f"labelled :name: {entry.label}",
                location=entry.chapter,
            )


def setup(app):
    app.connect("doctree-read", _check_document)
    app.connect("env-purge-doc", _forget)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _check_every_figure_is_shown)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
