"""What a build ran on: commit, Python, packages, TeX, fonts and the data files' hashes.

The book's environment appendix is this report, written as Markdown at build
time (brimech.sphinxext.environment), so a reader can compare a rebuild with
the published one. It holds no clock time, so two builds of one commit agree.
"""

from __future__ import annotations

import hashlib
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from brimech import paths

KEY_PACKAGES = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "myst-parser",
    "sphinx-book-theme",
    "sphinxcontrib-bibtex",
    "jupyter-cache",
    "matplotlib",
    "networkx",
    "pandas",
    "numpy",
    "scipy",
    "frictionless",
    "jieba",
    "citeproc-py",
    "brimech",
)


def _first_line(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return "未安装 (not installed)"
    result = subprocess.run(command, capture_output=True, text=True)
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def commit(root: Path = paths.ROOT) -> str:
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True)
    if head.returncode != 0:
        return "不在 git 仓库中 (not a git checkout)"
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    return head.stdout.strip() + (" （含未提交的修改 / with uncommitted changes）" if dirty.strip() else "")


def sha256(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def report(root: Path = paths.ROOT, lang: str = "zh") -> str:
    """The environment table, in the edition's language (zh or en)."""
    from brimech.style import cjk_font

    zh = lang == "zh"
    commit_text = commit(root)
    if not zh:  # the English edition drops the Chinese half of the bilingual notes
        commit_text = commit_text.replace("不在 git 仓库中 (not a git checkout)", "not a git checkout")
        commit_text = commit_text.replace(" （含未提交的修改 / with uncommitted changes）", " (uncommitted changes)")
    tex = _first_line(["xelatex", "--version"])
    tex = tex if zh else tex.replace("未安装 (not installed)", "not installed")
    rows = [f"| {name} | {metadata.version(name)} |" for name in KEY_PACKAGES]
    data_rows = [f"| `data/{f.name}` | `{sha256(f)}` |"
                 for f in sorted((root / "data").glob("*")) if f.is_file()]
    return "\n".join(
        [
            "| 项目 | 值 |" if zh else "| Item | Value |",
            "|---|---|",
            f"| {'提交 (commit)' if zh else 'Commit'} | `{commit_text}` |",
            f"| Python | {platform.python_version()} ({platform.python_implementation()}) |",
            f"| {'系统 (platform)' if zh else 'Platform'} | {platform.system()} {platform.machine()} |",
            f"| TeX | {tex} |",
            f"| {'图中 CJK 字体 (matplotlib)' if zh else 'CJK font in figures (matplotlib)'} | {cjk_font()} |",
            f"| requirements.txt (sha256) | `{sha256(root / 'requirements.txt')}` |",
            "",
            "主要软件包（完整锁定版本见 `requirements.txt`）：" if zh
            else "Main packages (the full locked versions are in `requirements.txt`):",
            "",
            "| 软件包 | 版本 |" if zh else "| Package | Version |",
            "|---|---|",
            *rows,
            "",
            "数据文件（sha256）：" if zh else "Data files (sha256):",
            "",
            "| 文件 | sha256 |" if zh else "| File | sha256 |",
            "|---|---|",
            *data_rows,
            "",
        ]
    )
