"""The Sphinx side of provenance and of the cite page, without a build: when the appendix is outdated, that it
is read last, that recorded reads are reused only under the same fingerprint, that captions link to their
entry, and that the cite page's files and substitutions are written (and left alone when unchanged)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes
from sphinx import addnodes

from brimech import figures, paths, provenance
from brimech.article import load_article
from brimech.citation import bibtex, load_edition, rendered_citations, ris
from brimech.sphinxext import cite_page
from brimech.sphinxext import provenance as extension


def _config(lang: str) -> SimpleNamespace:
    return SimpleNamespace(language="en" if lang == "en" else "zh_CN")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_edition_has_its_own_page_and_link_words(lang):
    assert extension._lang(_config(lang)) == lang
    assert extension.DOCNAMES[lang].endswith("provenance")
    assert extension._lang(SimpleNamespace(language=None)) == "zh"


@pytest.mark.parametrize(
    ("changed", "stale_notebooks", "outdated"),
    [
        (set(), [], False),
        ({"book/about"}, [], False),
        ({"notebooks/02_progress"}, [], True),
        (set(), ["notebooks/05_network_analysis"], True),
    ],
)
def test_the_appendix_is_read_again_when_a_notebook_or_its_inputs_changed(changed, stale_notebooks, outdated):
    app = SimpleNamespace(config=_config("zh"), brimech_stale_docs=stale_notebooks)
    env = SimpleNamespace(found_docs={"book/provenance", "book/about", "notebooks/02_progress"})
    assert extension._page_outdated_when_inputs_changed(app, env, set(), changed, set()) == (
        ["book/provenance"] if outdated else [])
    env.found_docs = {"book/about"}  # a book without the appendix
    assert extension._page_outdated_when_inputs_changed(app, env, set(), {"notebooks/02_progress"}, set()) == []


def _recorded_reads() -> dict[str, list[str]]:
    return {figure.qualified_name: ["mechanisms"] for figure in figures.registry().values()}


def test_the_appendix_is_read_last_and_its_entries_come_from_the_recorded_reads(tmp_path):
    cache = tmp_path / "cache" / extension.CACHE_NAME
    cache.parent.mkdir()
    cache.write_text(json.dumps({"fingerprint": "f1", "reads": _recorded_reads()}), encoding="utf-8")
    app = SimpleNamespace(config=SimpleNamespace(language="zh_CN", nb_execution_cache_path=str(cache.parent)),
                          srcdir=str(paths.ROOT), outdir=str(tmp_path / "html"))
    docnames = ["book/provenance", "index", "notebooks/01_necessity"]
    extension._start_and_read_page_last(app, SimpleNamespace(brimech_fingerprint="f1"), docnames)
    assert docnames == ["index", "notebooks/01_necessity", "book/provenance"]
    text = app.brimech_provenance.result()
    assert text == provenance.markdown(provenance.figure_sources(paths.ROOT, _recorded_reads()), "zh")
    assert "data/relations.csv" not in text  # what was recorded, not drawn again
    assert json.loads(cache.read_text(encoding="utf-8")) == {"fingerprint": "f1", "reads": _recorded_reads()}


def test_reads_recorded_under_another_fingerprint_are_not_reused(tmp_path, monkeypatch):
    cache = tmp_path / extension.CACHE_NAME
    cache.write_text(json.dumps({"fingerprint": "old", "reads": {"x": ["y"]}}), encoding="utf-8")
    # The thread would draw every figure not recorded; only the choice of what is reused is checked here.
    monkeypatch.setattr(extension.threading, "Thread", lambda **kwargs: SimpleNamespace(start=lambda: None))
    assert extension._Entries(tmp_path, cache, "new", "zh").reads == {}
    assert extension._Entries(tmp_path, cache, "old", "zh").reads == {"x": ["y"]}
    assert extension._Entries(tmp_path, tmp_path / "none.json", "old", "zh").reads == {}


def test_without_the_page_to_read_nothing_starts(tmp_path):
    app = SimpleNamespace(config=SimpleNamespace(language="zh_CN", nb_execution_cache_path=str(tmp_path)),
                          srcdir=str(tmp_path), outdir=str(tmp_path / "html"))
    docnames = ["index", "book/en/provenance"]  # the other edition's page
    extension._start_and_read_page_last(app, SimpleNamespace(brimech_fingerprint="f"), docnames)
    assert docnames == ["index", "book/en/provenance"] and not hasattr(app, "brimech_provenance")


def test_the_generated_page_is_rewritten_only_when_its_text_changes(tmp_path):
    app = SimpleNamespace(config=_config("en"), srcdir=str(tmp_path),
                          brimech_provenance=SimpleNamespace(result=lambda: "entries\n"))
    extension._write_entries(app, "book/about", [""])
    target = tmp_path / extension.GENERATED["en"]
    assert not target.exists()
    extension._write_entries(app, extension.DOCNAMES["en"], [""])
    assert target.read_text(encoding="utf-8") == "entries\n"
    os.utime(target, (1, 1))
    extension._write_entries(app, extension.DOCNAMES["en"], [""])
    assert target.stat().st_mtime == 1


def _figure_document(label: str | None, lang: str) -> nodes.document:
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("<test>", get_default_settings(Parser))
    figure = nodes.figure()
    if label:
        figure["names"].append(label)
    figure += nodes.image(uri="x.svg")
    figure += nodes.caption("", "A caption")
    document += figure
    transform = extension.LinkCaptionsToProvenance(document)
    transform.document.settings.env = SimpleNamespace(docname="notebooks/02_progress", config=_config(lang))
    return document, transform


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_registered_figure_caption_links_to_its_entry(lang):
    entry = next(iter(figures.registry().values()))
    document, transform = _figure_document(entry.label, lang)
    transform.apply()
    caption = next(document.findall(nodes.caption))
    links = list(caption.findall(addnodes.pending_xref))
    assert len(links) == 1
    assert links[0]["reftarget"] == provenance.target(entry.label) == extension.ENTRY_PREFIX + entry.label
    # A {ref} with its own words, to a label of the std domain, that warns (fails the strict build) when missing.
    assert (links[0]["refdomain"], links[0]["reftype"], links[0]["refexplicit"], links[0]["refwarn"]) == (
        "std", "ref", True, True)
    assert links[0]["refdoc"] == "notebooks/02_progress"
    assert links[0].astext() == extension.LINK_TEXT[lang]
    opening = "（" if lang == "zh" else " ("
    assert caption.astext() == f"A caption{opening}{extension.LINK_TEXT[lang]}{'）' if lang == 'zh' else ')'}"


@pytest.mark.parametrize("label", [None, "not-a-registered-figure"])
def test_other_figures_keep_their_caption(label):
    document, transform = _figure_document(label, "zh")
    transform.apply()
    assert next(document.findall(nodes.caption)).astext() == "A caption"


def test_the_cite_page_gets_both_files_and_the_rendered_citations(tmp_path):
    shutil.copytree(paths.ROOT / "book", tmp_path / "book", ignore=shutil.ignore_patterns("_generated"))
    config = SimpleNamespace(myst_substitutions={"kept": "value"})
    cite_page._generate(SimpleNamespace(srcdir=str(tmp_path)), config)
    article, edition = load_article(), load_edition()
    generated = tmp_path / "book" / "_generated"
    assert (generated / "cite.bib").read_text(encoding="utf-8") == bibtex(article, edition)
    assert (generated / "cite.ris").read_text(encoding="utf-8") == ris(article, edition)
    assert config.myst_substitutions == {"kept": "value", **rendered_citations(article, edition)}
    os.utime(generated / "cite.bib", (1, 1))
    cite_page._generate(SimpleNamespace(srcdir=str(tmp_path)), SimpleNamespace(myst_substitutions=None))
    assert (generated / "cite.bib").stat().st_mtime == 1  # unchanged: Sphinx need not read the page again


def test_writing_changed_text_replaces_the_file(tmp_path):
    target = tmp_path / "f.txt"
    cite_page._write(target, "one")
    cite_page._write(target, "two")
    assert target.read_text(encoding="utf-8") == "two"


def test_paths_here_are_relative_to_the_book():
    assert not any(Path(p).is_absolute() for p in extension.GENERATED.values())


def test_a_failure_while_computing_the_entries_reaches_the_build_and_nothing_is_recorded(tmp_path, monkeypatch):
    def broken(root, reads):
        raise RuntimeError("a figure failed to draw")

    monkeypatch.setattr(provenance, "figure_sources", broken)
    cache = tmp_path / extension.CACHE_NAME
    entries = extension._Entries(tmp_path, cache, "f", "zh")
    with pytest.raises(RuntimeError, match="a figure failed to draw"):
        entries.result()
    assert not cache.exists()
