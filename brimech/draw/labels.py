"""Labels placed beside their points without overlapping each other or the points, and the check for it.

Used by the network figures (one label per node) and the timeline (one per event).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from brimech.encoding import LEADER

LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _text_box(text: Text, renderer) -> Bbox:
    """The box of the text alone; an annotation's own extent would include its leader line."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)  # place the text at its offset before measuring
    return Text.get_window_extent(text, renderer)


class _BoxIndex:
    """Boxes in display coordinates, bucketed on a grid so an overlap test looks at neighbours only."""

    def __init__(self, cell: float):
        self.cell = cell
        self.buckets: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _cells(self, box):
        x0, y0, x1, y1 = box
        c = self.cell
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                yield i, j

    def overlaps(self, box) -> bool:
        x0, y0, x1, y1 = box
        return any(
            x0 < bx1 and bx0 < x1 and y0 < by1 and by0 < y1
            for cell in self._cells(box)
            for bx0, by0, bx1, by1 in self.buckets.get(cell, ())
        )

    def add(self, box) -> None:
        for cell in self._cells(box):
            self.buckets.setdefault(cell, []).append(box)


def _aligned_box(anchor, size, ha: str, va: str, pad: float):
    """The box of a text of ``size`` (w, h) placed at ``anchor`` with alignment ``ha``/``va``, padded."""
    (x, y), (w, h) = anchor, size
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
    y0 = {"bottom": y, "center": y - h / 2, "top": y - h}[va]
    return (x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad)


# Below, above, right, left, then the diagonals, on rings further and further out; from the third
# ring on, eight more directions between those (labels of a dense row need the room).
_DIRECTIONS = [
    (0, -1, "center", "top"), (0, 1, "center", "bottom"), (1, 0, "left", "center"), (-1, 0, "right", "center"),
    (1, -1, "left", "top"), (-1, 1, "right", "bottom"), (1, 1, "left", "bottom"), (-1, -1, "right", "top"),
]
_BETWEEN = [
    (2, -1, "left", "top"), (-2, 1, "right", "bottom"), (2, 1, "left", "bottom"), (-2, -1, "right", "top"),
    (1, -2, "left", "top"), (-1, 2, "right", "bottom"), (1, 2, "left", "bottom"), (-1, -2, "right", "top"),
]
_RINGS = (1, 2.6, 4.5, 6.5, 9, 12, 15, 18)
# Passes of the greedy placement: each next pass places first the labels the last one could not.
_PASSES = 25


def place_labels(ax, pos: dict, texts: dict, fontsize: float, gap: float) -> list:
    """Greedy label placement: try spots around each node, keep the first that overlaps nothing.

    Each label is measured once; its candidate boxes are then computed, not
    drawn, and tested against a grid index of the boxes already taken, so the
    cost grows with the number of labels, not its square. Labels that found no
    free spot go first in a next pass, and the pass that left fewest without
    one is drawn. Works in display coordinates on an Agg renderer: the result
    is the same on every run; the figure must already have its final size and limits.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_display = ax.transData.transform
    points = fig.dpi / 72
    radius = gap * points
    margin = 1.5 * points
    # Labels may use the figure's margins but not the space below their axes (a legend is there).
    bottom = ax.get_window_extent(renderer).y0

    def inside(box) -> bool:
        return fig.bbox.x0 <= box[0] and box[2] <= fig.bbox.x1 and bottom <= box[1] and box[3] <= fig.bbox.y1

    candidates = [
        (dx * gap * ring, dy * gap * ring, ha, va)
        for ring in _RINGS
        for dx, dy, ha, va in _DIRECTIONS + (_BETWEEN if ring > 4 else [])
    ]
    probe = Text(0, 0, "", fontsize=fontsize, linespacing=1.0, figure=fig)
    sizes, anchors = {}, {}
    for node in texts:
        probe.set_text(texts[node])
        extent = probe.get_window_extent(renderer)
        sizes[node], anchors[node] = (extent.width, extent.height), to_display(pos[node])

    def one_pass(order: list) -> tuple[dict, list]:
        taken = _BoxIndex(cell=max(8 * radius, 1.0))
        for x, y in to_display(np.array(list(pos.values()), dtype=float)):
            taken.add((x - radius * 0.8, y - radius * 0.8, x + radius * 0.8, y + radius * 0.8))
        chosen, stuck = {}, []
        for node in order:
            anchor = anchors[node]
            for dx, dy, ha, va in candidates:
                box = _aligned_box((anchor[0] + dx * points, anchor[1] + dy * points), sizes[node], ha, va, margin)
                if inside(box) and not taken.overlaps(box):
                    break
            else:  # nowhere free: fall back to the first spot (label_overlaps() reports it)
                dx, dy, ha, va = candidates[0]
                box = _aligned_box((anchor[0] + dx * points, anchor[1] + dy * points), sizes[node], ha, va, margin)
                stuck.append(node)
            taken.add(box)
            chosen[node] = (dx, dy, ha, va)
        return chosen, stuck

    order = sorted(texts, key=lambda n: (-pos[n][1], pos[n][0], n))
    best, best_stuck = one_pass(order)
    stuck = best_stuck
    for _ in range(_PASSES - 1):
        if not stuck:
            break
        order = stuck + [n for n in order if n not in set(stuck)]
        chosen, stuck = one_pass(order)
        if len(stuck) < len(best_stuck):
            best, best_stuck = chosen, stuck

    to_data = ax.transData.inverted().transform
    leaders, artists = [], []
    for node in sorted(best):
        dx, dy, ha, va = best[node]
        if abs(dx) > gap * 1.5 or abs(dy) > gap * 1.5:
            # A label pushed beyond the first ring gets a leader line back to its node; it runs
            # under the label's white box, and stops 3 pt short of the node.
            offset = np.array([dx, dy]) * points
            start = anchors[node] + offset / np.hypot(*offset) * 3 * points
            leaders.append((tuple(to_data(start)), tuple(to_data(anchors[node] + offset))))
        artists.append(
            ax.annotate(
                texts[node],
                xy=pos[node],
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                linespacing=1.0,
                bbox=LABEL_BOX,
                zorder=4,
            )
        )
    if leaders:
        ax.add_collection(LineCollection(leaders, colors=LEADER, linewidths=0.5, zorder=3.5))
    return artists


def label_overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts of ``fig`` whose boxes overlap (legends excluded)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_visible() and text.get_text().strip():
                boxes.append((text.get_text(), _text_box(text, renderer)))
    return [
        (a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1 :] if box_a.overlaps(box_b)
    ]
