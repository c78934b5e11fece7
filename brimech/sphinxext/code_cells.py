"""Code out of the reader's way: folded in HTML, left out of the PDF, and each chapter says how to run it.

The notebooks keep their code; only the book hides it. In HTML every code cell's
source gets myst-nb's ``hide-input`` behaviour (a "显示代码" control above a
folded source) without a tag in every notebook; the cell's outputs (figures,
tables) stay as they are. In LaTeX the sources are dropped and a cell with
nothing left goes with them. At the end of each notebook chapter a short note
names the notebook, links its download (HTML), and says how to run it: ``make
lab`` from a checkout, and Binder or Colab once CITATION.cff gives the repository.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from brimech.citation import load_edition
from brimech.sphinxext.launch_buttons import BINDERHUB, COLAB

PROMPTS = {"zh": ("显示代码", "隐藏代码"), "en": ("Show code", "Hide code")}


def _lang(app) -> str:
    return "en" if (app.config.language or "").startswith("en") else "zh"


def _is_source(node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code_source"


def _code_cells(document):
    return [n for n in document.findall(nodes.container) if n.get("nb_element") == "cell_code"]


class FoldCodeSources(SphinxPostTransform):
    """Mark every code cell's source hidden; myst-nb's HideInputCells (priority 199) then folds it."""

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs):
        show, hide = PROMPTS[_lang(self.app)]
        for cell in _code_cells(self.document):
            if not cell.children or not _is_source(cell.children[0]):
                continue  # source removed by a tag: nothing to fold
            mode = cell.get("hide_mode")
            if mode in ("input", "input+output", "all"):
                continue  # the notebook already folds it
            cell["hide_mode"] = "input+output" if mode == "output" else "input"
            cell["prompt_show"], cell["prompt_hide"] = show, hide


class DropCodeSources(SphinxPostTransform):
    """Leave code out of the PDF: drop each code cell's source, and the cell if nothing else is in it."""

    default_priority = 198
    formats = ("latex",)

    def run(self, **kwargs):
        for cell in _code_cells(self.document):
            for source in [c for c in cell.children if _is_source(c)]:
                cell.remove(source)
            if not cell.children:
                cell.parent.remove(cell)


def launch_links(repository: str | None, notebook: str, branch: str = "main") -> list[tuple[str, str]]:
    """(name, URL) of Binder and Colab for ``notebook`` in a GitHub ``repository``; [] for none or another host."""
    if not repository:
        return []
    parts = urlsplit(repository.rstrip("/").removesuffix(".git"))
    owner_repo = parts.path.strip("/")
    if parts.netloc != "github.com" or owner_repo.count("/") != 1:
        return []
    path = quote(notebook)
    return [
        ("Binder", f"{BINDERHUB}/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{path}"),
        ("Colab", f"{COLAB}/github/{owner_repo}/blob/{branch}/{path}"),
    ]


def _link(text: str, url: str) -> nodes.reference:
    return nodes.reference("", text, refuri=url)


def _run_paragraph(app, docname: str, notebook: str, html: bool) -> nodes.paragraph:
    zh = _lang(app) == "zh"
    body = nodes.paragraph()
    if zh:
        body += nodes.Text("本章由 Jupyter 笔记本 ")
        body += nodes.literal("", notebook)
        body += nodes.Text(
            " 生成；"
            + ("网页中代码默认折叠，点“显示代码”展开。" if html else "PDF 版略去了代码，代码见笔记本或网页版。")
        )
    else:
        body += nodes.Text("This chapter is the Jupyter notebook ")
        body += nodes.literal("", notebook)
        body += nodes.Text(
            ". " + ("Its code is folded: open it with “Show code”." if html else "The PDF leaves its code out.")
        )
    gap = "" if zh else " "  # Chinese sentences follow each other without a space
    if html:
        download = "../" * docname.count("/") + "_sources/" + notebook + app.config.html_sourcelink_suffix
        body += nodes.Text(gap)
        body += _link("下载笔记本（.ipynb）" if zh else "Download the notebook (.ipynb)", download)
        body += nodes.Text("。" if zh else ".")
    body += nodes.Text("在本书仓库的根目录运行 " if zh else " In a checkout of the book's repository, run ")
    body += nodes.literal("", "make setup")
    body += nodes.Text(" 安装依赖，再运行 " if zh else " to install what it needs, then ")
    body += nodes.literal("", "make lab")
    body += nodes.Text(" 打开并重新执行它。" if zh else " to open and re-run it.")
    links = launch_links(load_edition().repository, notebook) if html else []
    if links:
        body += nodes.Text("也可以在线运行：" if zh else " Or run it online: ")
        for i, (name, url) in enumerate(links):
            if i:
                body += nodes.Text("、" if zh else ", ")
            body += _link(name, url)
        body += nodes.Text("。" if zh else ".")
    return body


def run_note(app, docname: str, notebook: str) -> nodes.admonition:
    """The closing note of a notebook chapter: where the notebook is and how to run it.

    It is made when the page is read, so the HTML and the PDF wording (and the
    download link, HTML only) sit side by side in ``only`` nodes.
    """
    title = "运行本章" if _lang(app) == "zh" else "Run this chapter"
    note = nodes.admonition("", nodes.title("", title))
    for expression, html in (("html", True), ("not html", False)):
        variant = addnodes.only(expr=expression)
        variant += _run_paragraph(app, docname, notebook, html)
        note += variant
    note["classes"] += ["tip", "run-this-chapter"]
    return note


def _add_run_note(app, doctree):
    docname = app.env.docname
    source = str(app.env.doc2path(docname, base=False)).replace("\\", "/")
    if source.endswith(".ipynb"):
        top = next(doctree.findall(nodes.section), None)
        if top is not None:
            top += run_note(app, docname, source)


def setup(app):
    app.add_post_transform(FoldCodeSources)
    app.add_post_transform(DropCodeSources)
    app.connect("doctree-read", _add_run_note)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
