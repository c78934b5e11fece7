"""Every path the project uses, resolved from this file's location.

Notebooks, tests, the CLI and the book build all import paths from here, so a
notebook runs the same from the repository root, from ``notebooks/``, under
pytest and inside ``jupyter-book build``.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
LATEX = BUILD / "latex"
