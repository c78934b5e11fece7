"""Times and sizes of the book build, measured on copies in a temporary folder (``make bench``).

Run as ``python -m tools.bench``. It copies the book (tools.book) and, there, times:
each notebook's execution (both editions) in a fresh kernel, one after another (their sum is what a
serial build cannot beat); a clean HTML build with this book's settings (cached,
parallel execution) and one with Jupyter Book's default execution settings (no cache,
one notebook after another); rebuilds with nothing changed, after editing one
notebook's code and after editing one CSV; `make book` with nothing changed (HTML and
PDF); a clean PDF build with the notebook cache warm. Each time comes with the CPU
time of the processes it ran, which other work on the machine inflates less than the
wall time. It measures peak memory and output sizes, and times building, laying out
and drawing the mechanism network on synthetic data 10x and 100x the real size. It
prints one table and writes it, with the machine it ran on, to
``book/bench-results.md``. The real ``_build`` is never touched.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import platform
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import yaml

from tools import book as books

REPOSITORY = Path(__file__).resolve().parent.parent
RESULTS = REPOSITORY / "book" / "bench-results.md"
EDITIONS = (".", "en")  # the folders of the Chinese and English configurations and tables of contents
SYNTHETIC_SCALES = (10, 100)
SYNTHETIC_TIMEOUT_S = 600
PROFILE_SCALE = 3  # big enough for the slow parts to dominate, small enough to profile in seconds
MB = 1024 * 1024

# Targets (issue 12).
CLEAN_OVER_NOTEBOOKS = 1.0  # clean HTML build / sum of the notebooks' own executions
NOOP_SHARE = 0.05  # rebuild with nothing changed / clean build
NOOP_BOOK_LIMIT_S = 5.0  # `make book` with nothing changed, HTML and PDF
NOTEBOOK_LIMIT_S = 4.0
PDF_BUILD_LIMIT_S = 10.0
HEAVIEST_PAGE_LIMIT = 1.5 * MB
PDF_LIMIT = 10 * MB
NETWORK_100X_LIMIT_S = 10.0


@dataclasses.dataclass
class Row:
    """One line of the results table."""

    measure: str
    value: str
    target: str = ""
    holds: bool | None = None  # None: no target, or not measured

    @property
    def verdict(self) -> str:
        return {True: "yes", False: "**no**", None: ""}[self.holds]


@dataclasses.dataclass(frozen=True)
class Timing:
    """Wall time and the CPU time (user + system) of the child processes, in seconds."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.1f} s (CPU {self.cpu:.1f} s)"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(action: Callable[[], object]) -> Timing:
    """Run ``action``; its wall time and the CPU time of the processes it started and waited for."""
    cpu, start = _children_cpu(), time.perf_counter()
    action()
    return Timing(time.perf_counter() - start, _children_cpu() - cpu)


# --- the copies and the builds ----------------------------------------------------------------


def build_html(book: Path) -> Timing:
    """What `make html` does, in the copy."""
    return measured(lambda: books.build(book, "html"))


def build_pdf(book: Path) -> Timing:
    """What `make pdf` does."""
    return measured(lambda: books.build(book, "pdflatex"))


def with_default_execution(book: Path) -> Path:
    """Switch the copy at ``book`` to Jupyter Book's default execution, both editions: every notebook, no
    cache, in turn."""
    for edition in EDITIONS:
        config_file = book / edition / "_config.yml"
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config.setdefault("execute", {})["execute_notebooks"] = "auto"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return book


def edit_code_comment(notebook: Path) -> None:
    """Append a comment line to the first code cell: changes the code, so the cache re-executes the notebook."""
    import nbformat

    book = nbformat.read(notebook, as_version=4)
    cell = next((c for c in book.cells if c.cell_type == "code"), None)
    if cell is None:
        raise ValueError(f"{notebook} has no code cell to edit")
    cell.source = cell.source.rstrip("\n") + "\n# bench: edited"
    nbformat.write(book, notebook)


def edit_csv(csv: Path, column: str = "note") -> None:
    """Change one free-text cell of the first row (stays valid data; the data hash changes)."""
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    if column not in table.columns:
        raise ValueError(f"{csv} has no column {column!r}")
    table.loc[table.index[0], column] = table.loc[table.index[0], column] + "（bench）"
    table.to_csv(csv, index=False)


def toc_notebooks(book: Path) -> list[Path]:
    """The notebooks of both editions' tables of contents, in reading order (Chinese first)."""
    import yaml

    found = []
    for edition in EDITIONS:
        toc = yaml.safe_load((book / edition / "_toc.yml").read_text(encoding="utf-8"))
        files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
        found += [book / f"{f}.ipynb" for f in files if (book / f"{f}.ipynb").exists()]
    return found


def execute_notebook(notebook: Path, timeout: int = 600) -> Timing:
    """Execute ``notebook`` in a fresh kernel, from its own folder (as jupyter-book does)."""
    import nbclient
    import nbformat

    book = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(book, timeout=timeout, resources={"metadata": {"path": str(notebook.parent)}})
    return measured(client.execute)


def peak_child_memory_mb() -> float:
    """Largest resident set of any finished child process (builds, LaTeX, kernels) so far; ru_maxrss is KiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# --- sizes ------------------------------------------------------------------------------------

ASSET_TAGS = {"script": "src", "img": "src", "link": "href", "source": "src", "iframe": "src", "object": "data",
              "embed": "src"}
FONT_TWINS = {".ttf", ".woff", ".eot"}
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _local_file(base: Path, reference: str, html_root: Path) -> Path | None:
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (base / unquote(parts.path)).resolve()
    return target if target.is_file() and html_root.resolve() in target.parents else None


def page_assets(page: Path, html_root: Path) -> set[Path]:
    """Files a browser loads for ``page``: scripts, images, stylesheets, icons, and what those stylesheets load."""
    import lxml.html

    root = lxml.html.parse(str(page)).getroot()
    assets: set[Path] = set()
    for tag, attribute in ASSET_TAGS.items():
        for element in root.iter(tag):
            if tag == "link" and not re.search(r"stylesheet|icon|preload", element.get("rel", "")):
                continue  # next/prev/search links load nothing
            found = _local_file(page.parent, element.get(attribute, ""), html_root)
            if found:
                assets.add(found)
    for css in [a for a in assets if a.suffix == ".css"]:
        for reference in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            found = _local_file(css.parent, reference, html_root)
            if found:
                assets.add(found)
    # A browser fetches one format of each web font: count the woff2 and drop its ttf/woff/eot twins.
    woff2 = {a.with_suffix("") for a in assets if a.suffix == ".woff2"}
    return {a for a in assets if not (a.suffix in FONT_TWINS and a.with_suffix("") in woff2)}


def own_weight(page: Path, html_root: Path) -> int:
    """The page and what only it loads (its figures), leaving out the theme's shared, cached _static files."""
    static = (html_root / "_static").resolve()
    files = {f for f in page_assets(page, html_root) if static not in f.parents} | {page.resolve()}
    return sum(f.stat().st_size for f in files)


def heaviest_page(html_root: Path) -> tuple[str, int]:
    """The page whose HTML plus assets weighs most, and that weight in bytes."""
    weights = {}
    for page in sorted(html_root.rglob("*.html")):
        if "_static" in page.parts or "_sources" in page.parts:
            continue
        files = page_assets(page, html_root) | {page.resolve()}
        weights[page.relative_to(html_root).as_posix()] = sum(f.stat().st_size for f in files)
    if not weights:
        raise ValueError(f"no HTML page under {html_root}")
    name = max(weights, key=weights.get)
    return name, weights[name]


# --- synthetic networks -----------------------------------------------------------------------


def replicate(tables, factor: int, keep: tuple[str, ...] = ("brf",)):
    """Tables ``factor`` times the size: copies of every mechanism and relation under new ids ``<id>__r<k>``.

    Nodes in ``keep`` (the hub) are not copied, so the copies hang off the same hub
    as the real network does. Deterministic: no randomness.
    """
    mechanisms, relations = tables.mechanisms, tables.relations
    copies_m, copies_r = [mechanisms], [relations]
    for k in range(1, factor):
        def renamed(ids, k=k):
            return ids.where(ids.isin(keep), ids + f"__r{k}")

        m = mechanisms[~mechanisms["id"].isin(keep)].copy()
        m["id"] = renamed(m["id"])
        r = relations.copy()
        r["source"], r["target"] = renamed(r["source"]), renamed(r["target"])
        copies_m.append(m)
        copies_r.append(r)
    return dataclasses.replace(
        tables,
        mechanisms=pd.concat(copies_m, ignore_index=True),
        relations=pd.concat(copies_r, ignore_index=True),
    )


def _seconds(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def time_network(root: Path, factor: int, profile: bool = False) -> dict:
    """Build, lay out and draw the network at ``factor`` x the real size; with ``profile``, where draw spends time."""
    from brimech import data

    try:
        from brimech import network
        from brimech.draw.network import whole_network
    except ImportError as missing:
        return {"error": f"n/a ({missing})"}
    tables = replicate(data.load(root / "data" / "datapackage.json"), factor)
    graph_s, graph = _seconds(lambda: network.build_graph(tables))
    layout_s, _ = _seconds(lambda: network.layered_layout(graph))
    profiler = cProfile.Profile() if profile else None

    def draw():
        figure = whole_network(tables)
        figure.savefig(io.BytesIO(), format="svg")  # the book writes SVG: rendering is part of drawing

    if profiler:
        profiler.enable()
    draw_s, _ = _seconds(draw)
    result = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "build": graph_s,
              "layout": layout_s, "draw": draw_s}
    if profiler:
        profiler.disable()
        result["profile"] = top_functions(profiler)
    return result


def top_functions(profiler: cProfile.Profile, count: int = 8) -> list[str]:
    """Where the time goes: the functions with most own time, then the project's own functions by cumulative time."""
    stats = pstats.Stats(profiler).stats

    def line(key, seconds_spent):
        file, number, name = key
        return f"{seconds_spent:7.2f} s  {Path(file).name}:{number} {name}"

    own = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:count]
    def ours_or_saving(key) -> bool:  # the project's drawing code, and matplotlib writing the SVG
        file, _, name = key
        in_project = f"{os.sep}brimech{os.sep}" in file
        return in_project or (name == "savefig" and "figure.py" in file)

    ours = sorted(((k, v) for k, v in stats.items() if ours_or_saving(k)),
                  key=lambda item: item[1][3], reverse=True)[:count]
    return (["own time:"] + [line(k, v[2]) for k, v in own]
            + ["cumulative, brimech drawing and savefig:"] + [line(k, v[3]) for k, v in ours])


def network_in_subprocess(root: Path, factor: int, profile: bool = False, timeout: int = SYNTHETIC_TIMEOUT_S) -> dict:
    """:func:`time_network` in its own process, so a blow-up is cut off by ``timeout`` and memory is counted."""
    command = [sys.executable, "-m", "tools.bench", str(root), "--network", str(factor)]
    command += ["--profile"] if profile else []
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPOSITORY)
    except subprocess.TimeoutExpired:
        return {"error": f"> {timeout} s (stopped)"}
    if result.returncode != 0:
        return {"error": "failed: " + result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the report -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPOSITORY, capture_output=True, text=True)
    return {
        "CPU": model.group(1).strip() if model else platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "memory": f"{int(total.group(1)) / 1024 / 1024:.1f} GiB" if total else "unknown",
        "Python": platform.python_version(),
        "system": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        # Other work on the machine slows every row: the load when the run ended says how busy it was.
        "load average (1, 5, 15 min)": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "commit": commit.stdout.strip() or "unknown",
    }


def seconds(value: float) -> str:
    return f"{value:.1f} s"


def megabytes(value: int) -> str:
    return f"{value / MB:.2f} MB"


def markdown_table(rows: list[Row]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| measure | value | target | holds |", "|---|---|---|---|"]
    lines += [f"| {cell(r.measure)} | {cell(r.value)} | {cell(r.target)} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def plain_table(rows: list[Row]) -> str:
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("measure", "value", "target")]
    return "\n".join(
        f"{r.measure:<{widths[0]}}  {r.value:>{widths[1]}}  {r.target:<{widths[2]}}  {r.verdict.strip('*')}"
        for r in rows
    )


def results_markdown(rows: list[Row], host: dict[str, str], notes: list[str]) -> str:
    machine_lines = "\n".join(f"- {key}: {value}" for key, value in host.items())
    text = (
        "<!-- Generated by `make bench` (python -m tools.bench); do not edit by hand. -->\n\n"
        f"测量环境 (machine):\n\n{machine_lines}\n\n{markdown_table(rows)}\n"
    )
    if notes:
        text += "\n" + "\n\n".join(notes) + "\n"
    return text


# --- the whole run ----------------------------------------------------------------------------


def measure(root: Path, work: Path, log=print) -> tuple[list[Row], list[str]]:
    """Every measurement of the module docstring, on copies of ``root`` made in ``work``."""
    book = books.copy_book(root, work / "book")
    notebooks = toc_notebooks(book)
    rows: list[Row] = []
    notes: list[str] = []

    # The notebooks alone first, then the builds right after, so machine load weighs alike on both.
    executions = {}
    for notebook in notebooks:
        log(f"executing {notebook.relative_to(book)} ...")
        executions[notebook.relative_to(book).with_suffix("").as_posix()] = execute_notebook(notebook)
    floor = Timing(sum(t.wall for t in executions.values()), sum(t.cpu for t in executions.values()))
    log("clean HTML build ...")
    clean = build_html(book)
    log("clean HTML build with Jupyter Book's default execution settings ...")
    default = build_html(with_default_execution(books.copy_book(root, work / "default")))
    log("rebuild, nothing changed ...")
    noop = build_html(book)
    noop_jupyter_book = measured(lambda: books.build(book, "html", force=True))
    log("clean PDF build (notebook cache warm) ...")
    pdf_build = build_pdf(book)
    log("make book with nothing changed (HTML and PDF) ...")
    noop_html, noop_pdf = build_html(book), build_pdf(book)
    noop_book = Timing(noop_html.wall + noop_pdf.wall, noop_html.cpu + noop_pdf.cpu)
    log(f"rebuild after editing {notebooks[0].name} ...")
    edit_code_comment(notebooks[0])
    one_notebook = build_html(book)
    log("rebuild after editing data/mechanisms.csv ...")
    edit_csv(book / "data" / "mechanisms.csv")
    one_csv = build_html(book)
    html = books.output_dir(book, "html")
    html_size = tree_size(html)
    page, page_weight = heaviest_page(html)
    page_own = own_weight(html / page, html)
    pdf_size = (books.output_dir(book, "pdflatex") / "book.pdf").stat().st_size
    memory = peak_child_memory_mb()

    rows += [
        Row("sum of notebook executions, both editions, one after another (floor of a serial build)", str(floor)),
        Row("clean HTML build (this book: cached, parallel execution)", str(clean),
            f"≤ {CLEAN_OVER_NOTEBOOKS:.1f} × notebooks ({seconds(CLEAN_OVER_NOTEBOOKS * floor.wall)})",
            clean.wall <= CLEAN_OVER_NOTEBOOKS * floor.wall),
        Row("clean HTML build (Jupyter Book defaults: no cache, serial)", str(default),
            f"(this book's: {clean.wall / default.wall:.0%} of it)"),
        Row("rebuild, nothing changed", str(noop), f"≤ {NOOP_SHARE:.0%} of clean ({seconds(NOOP_SHARE * clean.wall)})",
            noop.wall <= NOOP_SHARE * clean.wall),
        Row("  jupyter-book itself with nothing changed (what the skip saves)", str(noop_jupyter_book)),
        Row("`make book` with nothing changed (HTML + PDF)", str(noop_book), f"≤ {seconds(NOOP_BOOK_LIMIT_S)}",
            noop_book.wall <= NOOP_BOOK_LIMIT_S),
        Row("clean PDF build (notebook cache warm)", str(pdf_build), f"≤ {seconds(PDF_BUILD_LIMIT_S)}",
            pdf_build.wall <= PDF_BUILD_LIMIT_S),
        Row(f"rebuild after editing {notebooks[0].name}", str(one_notebook)),
        Row("rebuild after editing data/mechanisms.csv", str(one_csv), "(re-executes the data notebooks)"),
    ]
    rows += [
        Row(f"execute {name} (fresh kernel)", str(value), f"≤ {seconds(NOTEBOOK_LIMIT_S)}",
            value.wall <= NOTEBOOK_LIMIT_S)
        for name, value in executions.items()
    ]
    rows += [
        Row("peak memory of a build, LaTeX or kernel process", f"{memory:.0f} MB"),
        Row("HTML tree", megabytes(html_size)),
        Row(f"heaviest page with its assets ({page})", megabytes(page_weight),
            f"≤ {megabytes(HEAVIEST_PAGE_LIMIT)}", page_weight <= HEAVIEST_PAGE_LIMIT),
        Row("  of which the page and its figures (no shared theme files)", megabytes(page_own)),
        Row("PDF", megabytes(pdf_size), f"< {megabytes(PDF_LIMIT)}", pdf_size < PDF_LIMIT),
    ]
    rows += network_rows(book, notes, log)
    slow = [name for name, value in executions.items() if value.wall > NOTEBOOK_LIMIT_S]
    if slow:
        fastest = min(executions, key=lambda name: executions[name].wall)
        notes.append(f"Notebooks over the limit: {', '.join(slow)}. Kernel start and imports take at most "
                     f"{seconds(executions[fastest].wall)} (the fastest notebook, {fastest}, does both); the rest "
                     "is drawing and saving figures.")
    return rows, notes


def network_rows(root: Path, notes: list[str], log=print) -> list[Row]:
    """Build, layout and drawing times of the network at 1x, 10x and 100x; a profile when 100x is over the limit."""
    rows = []
    network_times: dict[int, float] = {}
    for factor in (1, *SYNTHETIC_SCALES):
        label = f"network {factor}×: build + layout + draw"
        target = f"< {NETWORK_100X_LIMIT_S:.0f} s" if factor == 100 else ""
        smaller = [t for f, t in network_times.items() if f < factor]
        if factor == 100 and smaller and max(smaller) >= NETWORK_100X_LIMIT_S:
            # Drawing grows faster than linearly: a smaller size over the limit settles it without an hour's wait.
            rows.append(Row(label, f"not run: {max(network_times)}× took {seconds(max(smaller))}", target, False))
            continue
        log(f"network at {factor}x ...")
        result = network_in_subprocess(root, factor)
        if "error" in result:
            failed = factor == 100 and "n/a" not in result["error"]
            rows.append(Row(label, result["error"], target, False if failed else None))
            continue
        network_times[factor] = total = result["build"] + result["layout"] + result["draw"]
        parts = f"{result['build']:.2f} + {result['layout']:.2f} + {result['draw']:.2f} s"
        rows.append(Row(f"{label} ({result['nodes']} nodes, {result['edges']} edges)", f"{seconds(total)} ({parts})",
                        target, total < NETWORK_100X_LIMIT_S if factor == 100 else None))
    if network_times and max(network_times.values()) >= NETWORK_100X_LIMIT_S:
        log(f"profiling the network drawing at {PROFILE_SCALE}x ...")
        profiled = network_in_subprocess(root, PROFILE_SCALE, profile=True)
        notes.append(f"Where the drawing time goes (cProfile, {PROFILE_SCALE}× the real network, own time per "
                     "function, top entries):\n\n```\n"
                     + "\n".join(profiled.get("profile", [profiled.get("error", "")])) + "\n```")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.splitlines()[0])
    parser.add_argument("book", type=Path, nargs="?", default=REPOSITORY, help="the book's root (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown file to write (default: %(default)s)")
    parser.add_argument("--network", type=int, metavar="FACTOR", help=argparse.SUPPRESS)  # one synthetic run, JSON
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.network:
        print(json.dumps(time_network(args.book.resolve(), args.network, profile=args.profile)))
        return 0

    with tempfile.TemporaryDirectory(prefix="brimech-bench-") as work:
        log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
        rows, notes = measure(args.book.resolve(), Path(work), log=log)
    host = machine()
    print(plain_table(rows))
    for note in notes:
        print("\n" + note)
    args.output.write_text(results_markdown(rows, host, notes), encoding="utf-8")
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
