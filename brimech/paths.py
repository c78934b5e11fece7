"""Every path the project uses, from one place.

Notebooks, tests, the CLI and the book build all import paths from here, so a
notebook runs the same from the repository root, from ``notebooks/``, under
pytest and inside ``jupyter-book build``.

The book root is the nearest folder, from the working directory upwards, that
holds both ``_toc.yml`` and ``data/datapackage.json``; a copy of the book (for
example one built in a temporary folder) thus reads its own data. Outside any
book the package's own checkout is used.
"""

from pathlib import Path

PACKAGE_CHECKOUT = Path(__file__).resolve().parent.parent


def find_root(start: Path | None = None) -> Path:
    """The book root containing ``start`` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "data" / "datapackage.json").is_file():
            return folder
    return PACKAGE_CHECKOUT


ROOT = find_root()
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
LATEX = BUILD / "latex"
