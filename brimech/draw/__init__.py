"""The book's figures, grouped by the kind of picture rather than by chapter.

Where a new figure goes:

* :mod:`brimech.draw.network` -- node-and-edge pictures of the mechanism network
  (the engine: layered positions, nodes, edges, legend) and the network figures.
* :mod:`brimech.draw.charts` -- axes with data on them: bars, dots on a time
  axis, heat maps.
* :mod:`brimech.draw.diagrams` -- boxes, text and arrows laid out in inches
  (:mod:`brimech.draw.canvas`): stages, priorities, principles, grids of names.

Shared by all: :mod:`brimech.draw.base` (a new figure, text wrapping, legend
entries) and :mod:`brimech.draw.labels` (labels placed without overlap).
Every figure function has the signature ``(tables, lang="zh") -> Figure``, reads
its words from :mod:`brimech.vocabulary` and its colours from
:mod:`brimech.encoding`, and is declared once in :mod:`brimech.figures`.
"""
