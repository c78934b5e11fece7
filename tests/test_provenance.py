"""Every figure says where it came from: notebook, drawing function, data files with sha256."""

from __future__ import annotations

import hashlib
import re

import nbformat

from brimech import paths, provenance


def test_glued_figures_are_read_from_code_and_markdown(tmp_path):
    notebook = tmp_path / "n.ipynb"
    cells = [
        nbformat.v4.new_code_cell('glue("k1", draw_network.whole_network(t, lang="zh"), display=False)'),
        nbformat.v4.new_markdown_cell("```{glue:figure} k1\n:name: fig-one\n\nCaption\n```"),
        nbformat.v4.new_markdown_cell("```{glue:figure} not-glued\n:name: fig-two\n```"),
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), notebook)
    assert provenance.glued_figures(notebook) == [("fig-one", "draw_network", "whole_network")]


def test_every_figure_of_the_book_has_a_source():
    sources = provenance.figure_sources()
    labels = set()
    for notebook in paths.NOTEBOOKS.glob("*.ipynb"):
        text = "\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells)
        labels |= set(re.findall(r"\{glue:figure\}[^\n]*\n(?:[^\n]*\n)*?:name:\s*([\w-]+)", text))
    assert labels and {s.label for s in sources} == labels


def test_recorded_files_are_the_data_the_function_read_with_true_hashes():
    sources = {s.label: s for s in provenance.figure_sources()}
    for source in sources.values():
        assert source.data_files, f"{source.label} read no data"
        for name, digest in source.data_files:
            assert digest == hashlib.sha256((paths.ROOT / name).read_bytes()).hexdigest()
    forum = [s for s in sources.values() if s.function.endswith(".forum_milestones")]
    assert forum and [n for n, _ in forum[0].data_files] == ["data/milestones.csv"]


def test_captions_in_the_built_book_link_to_their_source(html_dir):
    linked = 0
    for page in html_dir.joinpath("notebooks").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for label in re.findall(r'<figure[^>]*id="(fig-[\w-]+)"', html):
            figure = html[html.index(f'id="{label}"') :]
            caption = figure[: figure.index("</figure>")]
            assert f"provenance.html#{provenance.target(label)}" in caption, f"{page.name}: {label}"
            linked += 1
    assert linked > 0
