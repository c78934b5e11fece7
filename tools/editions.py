"""The English edition's notebooks: their code is the Chinese notebooks' code, switched to English.

Each chapter is a Chinese notebook ``notebooks/NAME.ipynb`` and an English one
``notebooks/en/NAME.ipynb``. The prose (markdown cells) of each is written in its own
language; the code cells of the English notebook are the Chinese code cells with the
replacements of tools/code_translations.py applied, so both editions compute the same
figures, tables and numbers from the same data.

    python -m tools.editions sync    rewrite the English code cells from the Chinese ones
    python -m tools.editions check   list every way the editions drift apart (exit 1 if any)
    python -m tools.editions build --builder html|pdflatex [--root BOOK]
                                     build the English edition and publish it beside the Chinese one

``check`` is what the tests run: both editions of every chapter exist; the English code is
the translated Chinese code, cell for cell, with no Chinese left in it; the same figures
(glue:figure names) and tables (md_table names) in the same order; the same glued values,
labels and citations used in the prose.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tools.code_translations import CHAPTERS, EVERY_CHAPTER

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = "en"
# Han characters and the CJK punctuation that only Chinese text uses (、。，；：（） and the like).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]+)`")
GLUE_FIGURE = re.compile(r"^```\{glue:figure\}\s+(\S+)", re.M)
FIGURE_NAME = re.compile(r"^```\{glue:figure\}[^\n]*\n:name:\s*(\S+)", re.M)
LABEL = re.compile(r"^\((\w[\w.-]*)\)=", re.M)
CITE = re.compile(r"\{cite:[a-z]+\}`([^`]+)`")
EXPLORER_LINK = re.compile(r"^```\{mechanism-explorer-link\}\n(?::section:\s*(\S+)\n)?```", re.M)


# The English edition shares the book root; its own config and contents, and its own build folder
# (execution cache included), so the two editions never overwrite each other's build state.
ENGLISH_BUILD = ["--config", "en/_config.yml", "--toc", "en/_toc.yml", "--path-output", "_build/en"]
STRICT = ["-W", "-n", "--keep-going"]
BUILT = {"html": Path("_build/en/_build/html"), "pdflatex": Path("_build/en/_build/latex/book-en.pdf")}
PUBLISHED = {"html": Path("_build/html/en"), "pdflatex": Path("_build/latex/book-en.pdf")}


class EditionError(ValueError):
    """The editions cannot be synchronised (a notebook is missing or its code cells do not line up)."""


def chinese_notebooks(root: Path = ROOT) -> list[Path]:
    return sorted((root / "notebooks").glob("*.ipynb"))


def english_path(chinese: Path) -> Path:
    return chinese.parent / ENGLISH / chinese.name


def translate(source: str, chapter: str) -> str:
    """The English edition's version of one Chinese code cell of ``chapter``."""
    for zh, en in EVERY_CHAPTER + CHAPTERS.get(chapter, []):
        source = source.replace(zh, en)
    return source


def unused_translations(chapter: str, code: list[str]) -> list[str]:
    """Replacement pairs of ``chapter`` that no longer occur in its Chinese code (stale after an edit)."""
    text = "\n".join(code)
    return [zh for zh, _ in CHAPTERS.get(chapter, []) if zh not in text]


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def _code_cells(notebook: dict) -> list[dict]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code"]


def _markdown(notebook: dict) -> str:
    return "\n\n".join(_source(c) for c in notebook["cells"] if c["cell_type"] == "markdown")


def write_notebook(notebook: dict, path: Path) -> bool:
    """Write as Jupyter does (one-space indent, UTF-8, lines as a list); True if the file changed."""
    for number, cell in enumerate(notebook["cells"]):
        text = _source(cell)
        cell["source"] = text.splitlines(keepends=True)
        # Stable cell ids: the same notebook always gets the same ids, so a rebuild changes nothing.
        cell["id"] = hashlib.sha256(f"{path.name}:{number}".encode()).hexdigest()[:8]
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    text = json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def sync(root: Path = ROOT) -> list[Path]:
    """Rewrite the code cells of every English notebook from its Chinese notebook; return the notebooks changed."""
    changed = []
    for chinese in chinese_notebooks(root):
        english = english_path(chinese)
        if not english.exists():
            raise EditionError(f"{english.relative_to(root)}: missing; write the English chapter for "
                               f"{chinese.relative_to(root)} (its code cells can be left empty, sync fills them)")
        zh, en = _read(chinese), _read(english)
        zh_code, en_code = _code_cells(zh), _code_cells(en)
        if len(zh_code) != len(en_code):
            raise EditionError(f"{english.relative_to(root)}: {len(en_code)} code cells, but "
                               f"{chinese.relative_to(root)} has {len(zh_code)}; the English chapter needs a code "
                               "cell (may be empty) where each Chinese one stands")
        for zh_cell, en_cell in zip(zh_code, en_code, strict=True):
            en_cell["source"] = translate(_source(zh_cell), chinese.stem)
            en_cell["metadata"] = json.loads(json.dumps(zh_cell.get("metadata", {})))
        en["metadata"] = json.loads(json.dumps(zh["metadata"]))
        if write_notebook(en, english):
            changed.append(english)
    return changed


def table_names(code: str) -> list[str]:
    """The names of the tables the code shows, in order: the third argument of each md_table call."""
    calls = [node for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Call)
             and getattr(node.func, "id", getattr(node.func, "attr", None)) == "md_table"]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    return [ast.literal_eval(node.args[2]) if len(node.args) > 2 else "?" for node in calls]


def prose_references(markdown: str, code: str = "") -> dict[str, list[str]]:
    """What a chapter's prose refers to, in order: figures, tables, glued values, labels, citations."""
    return {
        "figures": FIGURE_NAME.findall(markdown),
        "glued figures": GLUE_FIGURE.findall(markdown),
        "tables": table_names(code),
        "glued values": sorted(set(GLUE_ROLE.findall(markdown))),
        "labels": LABEL.findall(markdown),
        "explorer links": [section or "(all)" for section in EXPLORER_LINK.findall(markdown)],
        "citations": sorted({key.strip() for keys in CITE.findall(markdown) for key in keys.split(",")}),
    }


def drift(root: Path = ROOT) -> list[str]:
    """Every difference between the editions that must not be there; [] when they are in step."""
    problems = []
    chinese = chinese_notebooks(root)
    for english in sorted((root / "notebooks" / ENGLISH).glob("*.ipynb")):
        if not (english.parent.parent / english.name).exists():
            problems.append(f"{english.relative_to(root)}: no Chinese notebook of the same name")
    for zh_path in chinese:
        en_path = english_path(zh_path)
        name = zh_path.stem
        if not en_path.exists():
            problems.append(f"{en_path.relative_to(root)}: missing (the English edition of {zh_path.name})")
            continue
        zh, en = _read(zh_path), _read(en_path)
        zh_code, en_code = [_source(c) for c in _code_cells(zh)], [_source(c) for c in _code_cells(en)]
        problems += [f"tools/code_translations.py, {name}: {stale!r} is no longer in the Chinese code"
                     for stale in unused_translations(name, zh_code)]
        if len(zh_code) != len(en_code):
            problems.append(f"{en_path.name}: {len(en_code)} code cells, the Chinese edition has {len(zh_code)}")
        for number, (zh_cell, en_cell) in enumerate(zip(zh_code, en_code, strict=False)):  # counts compared above
            if translate(zh_cell, name) != en_cell:
                problems.append(f"{en_path.name}, code cell {number + 1}: not the Chinese cell switched to English "
                                "(run python -m tools.editions sync)")
        for number, cell in enumerate(en_code):
            left = sorted(set(CJK.findall(cell)))
            if left:
                problems.append(f"{en_path.name}, code cell {number + 1}: Chinese left in the English code "
                                f"({''.join(left)}); add its English to tools/code_translations.py")
        zh_refs = prose_references(_markdown(zh), "\n".join(zh_code))
        en_refs = prose_references(_markdown(en), "\n".join(en_code))
        for kind, zh_list in zh_refs.items():
            if zh_list != en_refs[kind]:
                problems.append(f"{name}: {kind} differ: Chinese {zh_list}, English {en_refs[kind]}")
    return problems


def build_english(root: Path, builder: str, env: dict[str, str] | None = None, quiet: bool = False) -> None:
    """Build the English edition of the book at ``root`` (strict) and publish it: HTML under
    ``_build/html/en/``, the PDF as ``_build/latex/book-en.pdf``. A failure raises EditionError."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    done = subprocess.run([str(jupyter_book), "build", ".", *ENGLISH_BUILD, "--builder", builder, *STRICT],
                          cwd=root, env={**os.environ, **(env or {})}, text=True, capture_output=quiet)
    built, published = root / BUILT[builder], root / PUBLISHED[builder]
    if done.returncode != 0 or not built.exists():
        if builder == "pdflatex":  # a failed LaTeX run leaves state that breaks the next one
            shutil.rmtree(built.parent, ignore_errors=True)
        tail = ((done.stdout or "") + (done.stderr or ""))[-4000:]
        raise EditionError(f"the English {builder} build of {root} failed" + (f":\n{tail}" if tail else ""))
    published.parent.mkdir(parents=True, exist_ok=True)
    if builder == "html":
        shutil.rmtree(published, ignore_errors=True)
        shutil.copytree(built, published)
    else:
        shutil.copy2(built, published)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.editions", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["sync", "check", "build"])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--builder", choices=sorted(BUILT), default="html")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            build_english(args.root.resolve(), args.builder)
            return 0
        if args.command == "sync":
            for path in sync(args.root):
                print(f"updated {path.relative_to(args.root)}")
        problems = drift(args.root)
    except EditionError as problem:
        print(problem, file=sys.stderr)
        return 1
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
