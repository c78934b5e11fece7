"""Where each figure of the book comes from: its chapter, drawing function and data files.

The figures are the entries of the registry (:mod:`brimech.figures`); each drawing
function is called once on tables that record which of them it reads, so the
data files listed are the ones the function really used, with their sha256.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields
from pathlib import Path

from brimech import data, escape, figures, paths


@dataclass(frozen=True)
class FigureSource:
    label: str
    notebook: str
    function: str
    data_files: tuple[tuple[str, str], ...]  # (path relative to the root, sha256)


class _RecordingTables:
    """Stands in for data.Tables and notes which tables are read."""

    def __init__(self, tables: data.Tables):
        self._tables = tables
        self.read: set[str] = set()

    def __getattr__(self, name):
        value = getattr(self._tables, name)
        if name in {f.name for f in fields(self._tables)}:
            self.read.add(name)
        return value


def _sha256(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def tables_read(figure: figures.RegisteredFigure, tables: data.Tables) -> list[str]:
    """The tables a registered figure's drawing function reads: drawn once on recording tables."""
    recorder = _RecordingTables(tables)
    figure.function(recorder)
    return sorted(recorder.read)


def _source_file(root: Path, chapter: str) -> str:
    """The file of a chapter named as in _toc.yml (notebook or Markdown), relative to ``root``."""
    for suffix in (".ipynb", ".md"):
        if (root / (chapter + suffix)).is_file():
            return chapter + suffix
    raise FileNotFoundError(f"brimech/figures.py names chapter {chapter!r}, which has no .ipynb or .md under {root}")


def figure_sources(root: Path = paths.ROOT, reads: dict[str, list[str]] | None = None) -> list[FigureSource]:
    """Every registered figure, in book order, with the data files of the book at ``root`` its function read.

    ``reads`` (qualified function name -> the tables it reads) spares drawing the functions
    it already holds; the others are drawn and added to it, so a caller can keep it.
    """
    reads = {} if reads is None else reads
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    table_files = {resource["name"]: f"data/{resource['path']}" for resource in package["resources"]}
    tables = None
    sources = []
    for figure in figures.registry().values():
        name = figure.qualified_name
        if name not in reads:
            tables = tables or data.load(root / "data" / "datapackage.json")
            reads[name] = tables_read(figure, tables)
        files = sorted(table_files[table] for table in reads[name])
        sources.append(
            FigureSource(
                label=figure.label,
                notebook=_source_file(root, figure.chapter),
                function=name,
                data_files=tuple((f, _sha256(root / f)) for f in files),
            )
        )
    return sources


def target(label: str) -> str:
    """The label of a figure's provenance entry."""
    return f"prov-{label}"


def markdown(sources: list[FigureSource], lang: str = "zh") -> str:
    """The provenance page's entries: one labelled paragraph per figure, in the edition's language.

    File names come from datapackage.json and the notebooks folder: they are written as code spans.
    The English edition names its own notebook (notebooks/en/), which runs the same code.
    """
    blocks = []
    for source in sources:
        if lang == "zh":
            files = "；".join(
                f"{escape.md_code(name)}（sha256 {escape.md_code(digest)}）" for name, digest in source.data_files
            )
            entry = (f"**{{numref}}`图 %s <{source.label}>`**：笔记本 {escape.md_code(source.notebook)}，"
                     f"绘图函数 {escape.md_code(source.function)}；数据：{files or '（不读数据）'}。")
        else:
            files = "; ".join(
                f"{escape.md_code(name)} (sha256 {escape.md_code(digest)})" for name, digest in source.data_files
            )
            notebook = Path(source.notebook)
            english = (notebook.parent / "en" / notebook.name).as_posix()
            entry = (f"**{{numref}}`Figure %s <{source.label}>`**: notebook {escape.md_code(english)}, "
                     f"drawing function {escape.md_code(source.function)}; data: {files or '(reads no data)'}.")
        blocks.append(f"({target(source.label)})=\n{entry}\n")
    return "\n".join(blocks)
