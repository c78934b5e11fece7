"""Every figure says where it came from: notebook, drawing function, data files with sha256."""

from __future__ import annotations

import hashlib
import re

import pytest

from brimech import figures, paths, provenance


@pytest.fixture(scope="module")
def sources(figure_sources) -> list[provenance.FigureSource]:
    return figure_sources


def test_every_registered_figure_has_an_entry_naming_its_chapter_and_function(sources):
    assert [s.label for s in sources] == [f.label for f in figures.registry().values()]
    for source, figure in zip(sources, figures.registry().values(), strict=True):
        assert source.notebook == f"{figure.chapter}.ipynb" and (paths.ROOT / source.notebook).is_file()
        assert source.function == figure.qualified_name


def test_entries_link_each_figure_by_its_label_whatever_it_is():
    entry = provenance.FigureSource("network-overview", "notebooks/x.ipynb", "brimech.draw.network.f", ())
    text = provenance.markdown([entry])
    assert text.startswith(f"({provenance.target('network-overview')})=")
    assert "<network-overview>" in text


def test_recorded_files_are_the_data_the_function_read_with_true_hashes(sources):
    by_label = {s.label: s for s in sources}
    for source in by_label.values():
        assert source.data_files, f"{source.label} read no data"
        for name, digest in source.data_files:
            assert digest == hashlib.sha256((paths.ROOT / name).read_bytes()).hexdigest()
    forum = [s for s in by_label.values() if s.function.endswith(".forum_milestones")]
    assert forum and [n for n, _ in forum[0].data_files] == ["data/milestones.csv"]


def test_captions_in_the_built_book_link_to_their_source(html_dir):
    linked = 0
    for page in html_dir.joinpath("notebooks").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for label in re.findall(r'<figure[^>]*id="([\w-]+)"', html):
            figure = html[html.index(f'id="{label}"') :]
            caption = figure[: figure.index("</figure>")]
            assert f"provenance.html#{provenance.target(label)}" in caption, f"{page.name}: {label}"
            linked += 1
    assert linked > 0


def test_a_chapter_is_its_notebook_or_else_its_markdown_page(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "both.ipynb").write_text("{}")
    (tmp_path / "notebooks" / "both.md").write_text("")
    (tmp_path / "notebooks" / "page.md").write_text("")
    assert provenance._source_file(tmp_path, "notebooks/both") == "notebooks/both.ipynb"
    assert provenance._source_file(tmp_path, "notebooks/page") == "notebooks/page.md"
    with pytest.raises(FileNotFoundError, match="chapter 'notebooks/none', which has no .ipynb or .md"):
        provenance._source_file(tmp_path, "notebooks/none")
