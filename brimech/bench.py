"""Times and sizes of the book build, measured on a copy in a temporary folder (``make bench``).

Run as ``python -m brimech.bench``. It copies the book's sources to a temporary
folder and, there, times a clean HTML build, a rebuild with nothing changed, a
rebuild after editing one notebook's code, a rebuild after editing one CSV, a
clean PDF build and each notebook's execution on its own; it measures the peak
memory of those processes and the output sizes, and times building, laying out
and drawing the mechanism network on synthetic data 10x and 100x the real size.
It prints one table and writes it, with the machine it ran on, to
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
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from brimech import paths

# What `make html` builds from when the checkout is not a git repository.
BOOK_SOURCES = ["_config.yml", "_toc.yml", "requirements.txt", "book", "notebooks", "data"]
JBFLAGS = ["-W", "-n", "--keep-going"]
RESULTS = paths.BOOK / "bench-results.md"
SYNTHETIC_SCALES = (10, 100)
SYNTHETIC_TIMEOUT_S = 600
PROFILE_SCALE = 3  # big enough for the slow parts to dominate, small enough to profile in seconds
MB = 1024 * 1024

# Targets: name -> (description, test on the measured value and the other results).
NOTEBOOK_LIMIT_S = 5.0
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


# --- the copy and the builds ------------------------------------------------------------------


def source_files(root: Path) -> list[str]:
    """The files of the checkout a build may read: tracked or new (not ignored), never _build or .venv.

    Asking git keeps the list right as the book grows new inputs (CITATION.cff, ...);
    outside a git checkout the folders named in BOOK_SOURCES are used.
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, text=True)
    if listed.returncode == 0 and listed.stdout:
        names = listed.stdout.split("\0")
    else:
        names = [p.relative_to(root).as_posix() for name in BOOK_SOURCES
                 for p in ([root / name] if (root / name).is_file() else (root / name).rglob("*"))]
    skip = ("_build/", ".venv/", ".git/")
    return sorted(n for n in names if n and not n.startswith(skip) and (root / n).is_file()
                  and ".ipynb_checkpoints" not in n and "__pycache__" not in n)


def copy_sources(root: Path, target: Path) -> Path:
    """Copy the book's sources (see :func:`source_files`) to ``target``."""
    for name in source_files(root):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    return target


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def timed(command: list[str], cwd: Path) -> float:
    """Run ``command`` in ``cwd``; return its wall time in seconds or raise with the tail of its output."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{(result.stdout + result.stderr)[-3000:]}")
    return elapsed


def build_html(book: Path) -> float:
    """What `make html` does, in the copy (the copy's data is found from the working directory).

    Like the Makefile's stamp, the data is validated only when a data file is newer than the last validation.
    """
    stamp = book / "_build" / ".data-valid"
    newest = max(p.stat().st_mtime for p in (book / "data").iterdir())
    validate = 0.0
    if not stamp.exists() or stamp.stat().st_mtime < newest:
        validate = timed([sys.executable, "-m", "brimech", "validate", "data"], book)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    return validate + timed([_tool("jupyter-book"), "build", ".", "--builder", "html", *JBFLAGS], book)


def build_pdf(book: Path) -> float:
    """What `make pdf` does: a fresh LaTeX folder, the notebook cache as the HTML build left it."""
    shutil.rmtree(book / "_build" / "latex", ignore_errors=True)
    seconds = timed([_tool("jupyter-book"), "build", ".", "--builder", "pdflatex", *JBFLAGS], book)
    if not (book / "_build" / "latex" / "book.pdf").exists():
        raise RuntimeError("the PDF build wrote no book.pdf")
    return seconds


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
    """The notebooks of the table of contents, in reading order."""
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [book / f"{f}.ipynb" for f in files if (book / f"{f}.ipynb").exists()]


def execute_notebook(notebook: Path, timeout: int = 600) -> float:
    """Execute ``notebook`` in a fresh kernel, from its own folder (as jupyter-book does); return seconds."""
    import nbclient
    import nbformat

    book = nbformat.read(notebook, as_version=4)
    start = time.perf_counter()
    nbclient.NotebookClient(book, timeout=timeout, resources={"metadata": {"path": str(notebook.parent)}}).execute()
    return time.perf_counter() - start


def peak_child_memory_mb() -> float:
    """Largest resident set of any finished child process (builds, LaTeX, kernels) so far; ru_maxrss is KiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# --- sizes ------------------------------------------------------------------------------------

ASSET_TAGS = {"script": "src", "img": "src", "link": "href", "source": "src", "iframe": "src"}
FONT_TWINS = {".ttf", ".woff", ".eot"}
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _local_file(base: Path, reference: str, html_root: Path) -> Path | None:
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = (base / parts.path).resolve()
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


def time_network(factor: int, profile: bool = False) -> dict:
    """Build, lay out and draw the network at ``factor`` x the real size; with ``profile``, where draw spends time."""
    from brimech import data

    try:
        from brimech import draw_network, network
    except ImportError as missing:
        return {"error": f"n/a ({missing})"}
    tables = replicate(data.load(), factor)
    graph_s, graph = _seconds(lambda: network.build_graph(tables))
    layout_s, _ = _seconds(lambda: network.layered_layout(graph))
    profiler = cProfile.Profile() if profile else None

    def draw():
        figure = draw_network.whole_network(tables)
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
        in_project = f"{os.sep}brimech{os.sep}" in file and not file.endswith("bench.py")
        return in_project or (name == "savefig" and "figure.py" in file)

    ours = sorted(((k, v) for k, v in stats.items() if ours_or_saving(k)),
                  key=lambda item: item[1][3], reverse=True)[:count]
    return (["own time:"] + [line(k, v[2]) for k, v in own]
            + ["cumulative, brimech drawing and savefig:"] + [line(k, v[3]) for k, v in ours])


def network_in_subprocess(factor: int, profile: bool = False, timeout: int = SYNTHETIC_TIMEOUT_S) -> dict:
    """:func:`time_network` in its own process, so a blow-up is cut off by ``timeout`` and memory is counted."""
    command = [sys.executable, "-m", "brimech.bench", "--network", str(factor)] + (["--profile"] if profile else [])
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=paths.ROOT)
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
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True)
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
        "<!-- Generated by `make bench` (python -m brimech.bench); do not edit by hand. -->\n\n"
        f"测量环境 (machine):\n\n{machine_lines}\n\n{markdown_table(rows)}\n"
    )
    if notes:
        text += "\n" + "\n\n".join(notes) + "\n"
    return text


# --- the whole run ----------------------------------------------------------------------------


def measure(root: Path, work: Path, log=print) -> tuple[list[Row], list[str]]:
    """Every measurement of the module docstring, on a copy of ``root`` made in ``work``."""
    book = copy_sources(root, work / "book")
    rows: list[Row] = []
    notes: list[str] = []

    log("clean HTML build ...")
    clean = build_html(book)
    log("rebuild, nothing changed ...")
    noop = build_html(book)
    notebooks = toc_notebooks(book)
    log(f"rebuild after editing {notebooks[0].name} ...")
    edit_code_comment(notebooks[0])
    one_notebook = build_html(book)
    log("rebuild after editing data/mechanisms.csv ...")
    edit_csv(book / "data" / "mechanisms.csv")
    one_csv = build_html(book)
    html_size = tree_size(book / "_build" / "html")
    page, page_weight = heaviest_page(book / "_build" / "html")
    page_own = own_weight(book / "_build" / "html" / page, book / "_build" / "html")
    log("clean PDF build ...")
    pdf_build = build_pdf(book)
    pdf_size = (book / "_build" / "latex" / "book.pdf").stat().st_size

    executions = {}
    for notebook in notebooks:
        log(f"executing {notebook.name} ...")
        executions[notebook.stem] = execute_notebook(notebook)
    floor = sum(executions.values())
    memory = peak_child_memory_mb()

    rows += [
        Row("clean HTML build", seconds(clean), f"≤ 1.5 × notebooks ({seconds(1.5 * floor)})", clean <= 1.5 * floor),
        Row("rebuild, nothing changed", seconds(noop), f"< 10% of clean ({seconds(0.1 * clean)})", noop < 0.1 * clean),
        Row(f"rebuild after editing {notebooks[0].name}", seconds(one_notebook),
            f"< 30% of clean ({seconds(0.3 * clean)})", one_notebook < 0.3 * clean),
        Row("rebuild after editing data/mechanisms.csv", seconds(one_csv), "(re-executes the data notebooks)"),
        Row("clean PDF build (notebook cache warm)", seconds(pdf_build)),
    ]
    rows += [
        Row(f"execute {name} (fresh kernel)", seconds(value), f"< {NOTEBOOK_LIMIT_S:.0f} s", value < NOTEBOOK_LIMIT_S)
        for name, value in executions.items()
    ]
    rows += [
        Row("sum of notebook executions (floor)", seconds(floor)),
        Row("peak memory of a build, LaTeX or kernel process", f"{memory:.0f} MB"),
        Row("HTML tree", megabytes(html_size)),
        Row(f"heaviest page with its assets ({page})", megabytes(page_weight),
            f"< {megabytes(HEAVIEST_PAGE_LIMIT)}", page_weight < HEAVIEST_PAGE_LIMIT),
        Row("  of which the page and its figures (no shared theme files)", megabytes(page_own)),
        Row("PDF", megabytes(pdf_size), f"< {megabytes(PDF_LIMIT)}", pdf_size < PDF_LIMIT),
    ]

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
        result = network_in_subprocess(factor)
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
        profiled = network_in_subprocess(PROFILE_SCALE, profile=True)
        notes.append(f"Where the drawing time goes (cProfile, {PROFILE_SCALE}× the real network, own time per "
                     "function, top entries):\n\n```\n"
                     + "\n".join(profiled.get("profile", [profiled.get("error", "")])) + "\n```")
    slow = [name for name, value in executions.items() if value >= NOTEBOOK_LIMIT_S]
    if slow:
        fastest = min(executions, key=executions.get)
        notes.append(f"Notebooks over the limit: {', '.join(slow)}. Kernel start and imports take at most "
                     f"{seconds(executions[fastest])} (the fastest notebook, {fastest}, does both); the rest is "
                     "drawing and saving figures (see the profile above).")
    return rows, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brimech.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RESULTS, help="Markdown file to write (default: %(default)s)")
    parser.add_argument("--network", type=int, metavar="FACTOR", help=argparse.SUPPRESS)  # one synthetic run, JSON
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.network:
        print(json.dumps(time_network(args.network, profile=args.profile)))
        return 0

    with tempfile.TemporaryDirectory(prefix="brimech-bench-") as work:
        rows, notes = measure(paths.ROOT, Path(work), log=lambda message: print(message, file=sys.stderr, flush=True))
    host = machine()
    print(plain_table(rows))
    for note in notes:
        print("\n" + note)
    args.output.write_text(results_markdown(rows, host, notes), encoding="utf-8")
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
