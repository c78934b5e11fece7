"""What a notebook calls: setup first, then its figures, numbers and tables for the book.

A figure is glued by its registered name (:func:`glue_figure`, see
:mod:`brimech.figures`); computed facts by their glue keys (:func:`glue_facts`);
tables as numbered MyST tables (:func:`md_table`), alike in HTML and PDF.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
from IPython.display import Markdown

from brimech import escape
from brimech.style import use_book_style


def setup_notebook() -> str:
    """Book style plus SVG (HTML) and PDF (LaTeX) figure outputs; returns the CJK font.

    Figures are shown by ``glue(..., display=True)`` only: the inline backend would
    render every open figure again at the end of its cell, doubling the drawing time
    and, in the book, the figure itself. The Agg backend renders nothing by itself.
    """
    import matplotlib.pyplot as plt

    from brimech.figure_output import use_book_formats

    plt.switch_backend("agg")
    family = use_book_style()
    # myst-nb picks SVG for HTML and PDF for the LaTeX builder from these two.
    use_book_formats()
    return family


def glue_figure(name: str, tables, lang: str = "zh") -> None:
    """Draw the registered figure ``name`` and glue it under its label, for ``{glue:figure} label``.

    A name that is not in the registry raises KeyError naming it, which fails the notebook.
    """
    from myst_nb import glue

    from brimech import figures

    figure = figures.get(name)
    glue(figure.label, figure.function(tables, lang=lang), display=True)


def glue_facts(facts: dict) -> None:
    """Glue each value of ``facts`` under its key, for ``{glue:text}`key``` in the chapter's prose."""
    from myst_nb import glue

    for key, value in facts.items():
        glue(key, value, display=False)


def _cell(value):
    """A missing value as an empty cell; anything else (text, number, :class:`brimech.escape.Link`) as it is."""
    return "" if pd.isna(value) else value


def _display_width(text: str) -> int:
    """Width in half-width units: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(frame: pd.DataFrame) -> list[int]:
    """Relative column widths from the contents, so a short code column does not get a third of the page."""
    widths = []
    for column in frame.columns:
        cells = [_display_width(str(_cell(v))) for v in frame[column]] or [0]
        typical = sorted(cells)[round(0.9 * (len(cells) - 1))]  # 90th percentile: one long cell should not win
        widths.append(min(60, max(4, _display_width(str(column)), typical)))
    return widths


def md_table(frame: pd.DataFrame, caption: str, name: str) -> Markdown:
    """A numbered, captioned MyST table (``{numref}`` target ``name``).

    Emitted as Markdown so that both the HTML and the LaTeX builder turn it
    into a real table; a DataFrame's own HTML repr would be plain text in PDF.
    Every header and cell is data shown as text (:func:`brimech.escape.md_cell`);
    a :class:`brimech.escape.Link` cell becomes a link. Column widths follow the
    contents (see :func:`column_widths`).
    """
    header = "| " + " | ".join(escape.md_text(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(escape.md_cell(_cell(v)) for v in row) + " |" for row in frame.itertuples(index=False)]
    body = "\n".join([header, rule, *rows])
    widths = " ".join(str(w) for w in column_widths(frame))
    return Markdown(f"```{{table}} {caption}\n:name: {name}\n:widths: {widths}\n\n{body}\n```\n")
