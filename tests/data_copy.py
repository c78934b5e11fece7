"""A copy of the data package to break one cell of, and the report its loading gives (shared by the data tests)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from brimech import paths
from brimech.data import DataError, load


def copy_data(tmp_path: Path) -> Path:
    """The real data package copied to ``tmp_path/data`` (without the codebook)."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def set_cell(path: Path, row_number: int, field: str, value: str) -> None:
    """Set one cell; row_number counts the header as row 1, as the error messages do."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row_number - 1][rows[0].index(field)] = value
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def row_of(path: Path, **match: str) -> int:
    """CSV row number (header = 1) of the first row whose fields equal ``match``."""
    with open(path, encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            if all(row[k] == v for k, v in match.items()):
                return number
    raise LookupError(match)


def load_problems(directory: Path) -> str:
    """The DataError message of loading the package in ``directory`` (the test fails if it loads)."""
    with pytest.raises(DataError) as caught:
        load(directory / "datapackage.json")
    return str(caught.value)
