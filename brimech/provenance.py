"""Where each figure of the book comes from: its notebook, drawing function and data files.

The notebooks are read for their ``glue("key", draw_x.function(...))`` calls and
``{glue:figure} key`` / ``:name: label`` directives; each drawing function is then
called once on tables that record which of them it reads, so the data files
listed are the ones the function really used, with their sha256.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402

from brimech import data, draw_network, draw_stages, escape, paths  # noqa: E402

DRAWING_MODULES = {"draw_network": draw_network, "draw_stages": draw_stages}
GLUE_CALL = re.compile(r"""glue\(\s*["'](?P<key>[\w-]+)["']\s*,\s*(?P<module>draw_\w+)\.(?P<function>\w+)\(""")
GLUE_FIGURE = re.compile(r"```\{glue:figure\}\s*(?P<key>[\w-]+)\s*\n(?:.*\n)*?:name:\s*(?P<label>[\w-]+)")


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


def glued_figures(notebook: Path) -> list[tuple[str, str, str]]:
    """(figure label, drawing module, function) for each glued figure of ``notebook``."""
    book = nbformat.read(notebook, as_version=4)
    calls = {}
    labels = {}
    for cell in book.cells:
        if cell.cell_type == "code":
            calls.update({m["key"]: (m["module"], m["function"]) for m in GLUE_CALL.finditer(cell.source)})
        elif cell.cell_type == "markdown":
            labels.update({m["key"]: m["label"] for m in GLUE_FIGURE.finditer(cell.source + "\n")})
    return [(labels[key], *calls[key]) for key in labels if key in calls]  # in reading order


def _sha256(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def tables_read(module: str, function: str, tables: data.Tables) -> list[str]:
    """The tables drawing function ``module.function`` reads: drawn once on recording tables."""
    recorder = _RecordingTables(tables)
    plt.close(getattr(DRAWING_MODULES[module], function)(recorder))
    return sorted(recorder.read)


def figure_sources(root: Path = paths.ROOT, reads: dict[str, list[str]] | None = None) -> list[FigureSource]:
    """Every glued figure of the book at ``root`` with the data files its drawing function read.

    ``reads`` ("module.function" -> the tables it reads) spares drawing the functions it
    already holds; the others are drawn and added to it, so a caller can keep it.
    """
    reads = {} if reads is None else reads
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    table_files = {resource["name"]: f"data/{resource['path']}" for resource in package["resources"]}
    tables = None
    sources = []
    for notebook in sorted((root / "notebooks").glob("*.ipynb")):
        for label, module, function in glued_figures(notebook):
            name = f"{module}.{function}"
            if name not in reads:
                tables = tables or data.load(root / "data" / "datapackage.json")
                reads[name] = tables_read(module, function, tables)
            files = sorted(table_files[table] for table in reads[name])
            sources.append(
                FigureSource(
                    label=label,
                    notebook=notebook.relative_to(root).as_posix(),
                    function=f"brimech.{name}",
                    data_files=tuple((f, _sha256(root / f)) for f in files),
                )
            )
    return sources


def target(label: str) -> str:
    """The label of a figure's provenance entry."""
    return f"prov-{label}"


def markdown(sources: list[FigureSource]) -> str:
    """The provenance page's entries: one labelled paragraph per figure.

    File names come from datapackage.json and the notebooks folder: they are written as code spans.
    """
    blocks = []
    for source in sources:
        files = "；".join(
            f"{escape.md_code(name)}（sha256 {escape.md_code(digest)}）" for name, digest in source.data_files
        )
        blocks.append(
            f"({target(source.label)})=\n"
            f"**{{numref}}`图 %s <{source.label}>`**：笔记本 {escape.md_code(source.notebook)}，"
            f"绘图函数 {escape.md_code(source.function)}；数据：{files or '（不读数据）'}。\n"
        )
    return "\n".join(blocks)
