"""What a notebook calls first, and how it shows a table in HTML and PDF alike."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from brimech.style import use_book_style


def setup_notebook() -> str:
    """Book style plus SVG (HTML) and PDF (LaTeX) figure outputs; returns the CJK font."""
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    family = use_book_style()
    # myst-nb picks SVG for HTML and PDF for the LaTeX builder from these two.
    set_matplotlib_formats("svg", "pdf")
    return family


def _cell(value) -> str:
    text = "" if pd.isna(value) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(frame: pd.DataFrame, caption: str, name: str) -> Markdown:
    """A numbered, captioned MyST table (``{numref}`` target ``name``).

    Emitted as Markdown so that both the HTML and the LaTeX builder turn it
    into a real table; a DataFrame's own HTML repr would be plain text in PDF.
    """
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    body = "\n".join([header, rule, *rows])
    return Markdown(f"```{{table}} {caption}\n:name: {name}\n\n{body}\n```\n")
