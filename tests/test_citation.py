"""Citing the article and this edition: CITATION.cff, .zenodo.json, the cite page, the cover's
head, and the bibliography's Chinese forms (GB/T 7714-2015)."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess

import pytest
import yaml
from pybtex.database import Entry, Person, parse_file, parse_string

from brimech import citation, escape, paths
from brimech.article import load_article
from brimech.sphinxext import meta_tags as meta_ext
from brimech.sphinxext.bibstyle import AuthorYearStyle, Style

CFFCONVERT = paths.ROOT / ".venv-cff" / "bin" / "cffconvert"
FAKE_DOI = "10.5281/zenodo.1234567"
CHINESE_ARTICLE = "刘均胜, 张中元. 以机制化建设推进“一带一路”高质量发展[J]. 国际贸易, 2024(12)"


@pytest.fixture(scope="module")
def article():
    return load_article()


@pytest.fixture(scope="module")
def edition():
    return citation.load_edition()


@pytest.fixture
def cff_with_doi(tmp_path):
    """A copy of CITATION.cff with the edition's DOI set."""
    cff = citation.read_cff()
    cff["doi"] = FAKE_DOI
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _text(page) -> str:
    """The visible text of a built page's <article>, tags dropped and entities decoded."""
    source = page.read_text(encoding="utf-8")
    body = source[source.index("<article") : source.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


# --- CITATION.cff and .zenodo.json -------------------------------------------------------


def _cffconvert_validate(path):
    if not CFFCONVERT.exists():
        pytest.fail(f"{CFFCONVERT} is missing: run `make .venv-cff/.installed`")
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_cff_is_valid():
    result = _cffconvert_validate(citation.CFF)
    assert result.returncode == 0, result.stdout + result.stderr


def test_citation_cff_with_a_doi_is_valid(cff_with_doi):
    result = _cffconvert_validate(cff_with_doi)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cffconvert_catches_a_broken_file(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text(
        citation.CFF.read_text(encoding="utf-8").replace("cff-version: 1.2.0", "cff-version: 1.2.0\ndoi: not a doi"),
        encoding="utf-8",
    )
    assert _cffconvert_validate(broken).returncode != 0


def test_preferred_citation_is_the_bib_entry(article):
    preferred = citation.read_cff()["preferred-citation"]
    assert preferred["type"] == "article"
    assert preferred["title"] == article.title
    assert tuple(citation.person_name(p) for p in preferred["authors"]) == article.authors
    assert preferred["journal"] == article.journal
    assert str(preferred["year"]) == article.year
    assert str(preferred["issue"]) == article.number
    assert preferred["doi"] == article.doi


# The keys CFF 1.2.0 allows at the top level: a misspelt one (DOI, repository_code) would be ignored
# by every tool, and a check that only looks at the right spelling would pass on it.
CFF_KEYS = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers",
    "keywords", "license", "license-url", "message", "preferred-citation", "references", "repository",
    "repository-artifact", "repository-code", "title", "type", "url", "version",
}
DOI_SYNTAX = re.compile(r"^10\.\d{4,9}/\S+$")
# What a stand-in address or DOI looks like: example domains, local hosts, counting digits, to-do words.
PLACEHOLDER = re.compile(r"\bexample\b|localhost|127\.0\.0\.1|1234567|xxx|todo|tbd|placeholder", re.I)
IDENTIFIER_PLACES = ("doi", "url", "repository", "identifiers", "email")


def _strings(value, where=""):
    """(place, text) of every string in a parsed CFF, nested lists and mappings included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value


def invented_identifiers(cff: dict, article_doi: str) -> list[str]:
    """What in a CFF looks like an invented or misplaced address or DOI; empty when nothing does."""
    problems = [f"{key}: not a CFF 1.2.0 key (misspelt?)" for key in cff if key not in CFF_KEYS]
    problems += [
        f"{where}: {text!r} looks like a stand-in"
        for where, text in _strings(cff)
        if (text.startswith("http") or any(place in where.lower() for place in IDENTIFIER_PLACES))
        and PLACEHOLDER.search(text)
    ]
    dois = [("doi", cff["doi"])] if "doi" in cff else []
    dois += [(f"identifiers[{i}]", item.get("value")) for i, item in enumerate(cff.get("identifiers", []))
             if item.get("type") == "doi"]
    for where, doi in dois:
        if not DOI_SYNTAX.match(str(doi)):
            problems.append(f"{where}: {doi!r} is not a DOI")
        elif str(doi).lower() == article_doi.lower():
            problems.append(f"{where}: {doi!r} is the article's DOI, not the edition's")
    for key in ("url", "repository-code", "repository", "repository-artifact", "license-url"):
        if key in cff and not str(cff[key]).startswith("https://"):
            problems.append(f"{key}: {cff[key]!r} is not an https address")
    return problems


def test_cff_has_no_invented_address_or_doi(article):
    assert invented_identifiers(citation.read_cff(), article.doi) == []


@pytest.mark.parametrize(
    ("extra", "flagged"),
    [
        ({"doi": FAKE_DOI}, "doi"),
        ({"doi": "zenodo 7654321"}, "doi"),
        ({"doi": "10.14114/j.cnki.itrade.2024.12.002"}, "doi"),
        ({"DOI": "10.5281/zenodo.7654321"}, "DOI"),
        ({"repository_code": "https://codeberg.org/a/b"}, "repository_code"),
        ({"repository-code": "https://github.com/example/book"}, "repository-code"),
        ({"url": "http://book.example.com/"}, "url"),
        ({"url": "git.sr.ht/~a/b"}, "url"),
        ({"identifiers": [{"type": "doi", "value": "10.5281/zenodo.xxxxxxx"}]}, "identifiers[0]"),
    ],
)
def test_invented_identifiers_are_found(article, extra, flagged):
    cff = {**citation.read_cff(), **extra}
    problems = invented_identifiers(cff, article.doi)
    assert any(line.startswith(flagged) for line in problems), problems


def test_real_looking_identifiers_pass(article):
    cff = {**citation.read_cff(), "doi": "10.5281/zenodo.7654321", "repository-code": "https://codeberg.org/a/b"}
    assert invented_identifiers(cff, article.doi) == []


def test_zenodo_json_agrees_with_cff(edition, article):
    record = json.loads(citation.ZENODO.read_text(encoding="utf-8"))
    assert record["title"] == edition.title
    assert record["version"] == edition.version
    assert record["publication_date"] == edition.date_released
    assert record["license"].upper() in edition.licenses
    assert [c["name"] for c in record["creators"]] == list(edition.authors)
    related = {(r["identifier"], r["relation"]) for r in record["related_identifiers"]}
    assert (article.doi, "isDerivedFrom") in related
    edition_dois = {identifier for identifier, relation in related if relation == "isVersionOf"}
    assert edition_dois == ({edition.doi} if edition.doi else set())


def test_zenodo_json_is_in_sync():
    assert citation.main(["check"]) == 0, "run `python -m brimech.citation sync`"


def test_the_command_line_says_what_it_is_and_how_to_run_it(capsys):
    with pytest.raises(SystemExit) as stopped:
        citation.main(["--help"])
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("usage: python -m brimech.citation [-h] {sync,check}")
    assert citation.__doc__.split("\n")[0] in shown


def test_zenodo_takes_the_doi_from_cff(cff_with_doi, article):
    record = citation.zenodo(citation.load_edition(cff_with_doi), article)
    assert {"identifier": FAKE_DOI, "relation": "isVersionOf", "scheme": "doi"} in record["related_identifiers"]


# --- rendered citations ------------------------------------------------------------------


def test_gbt_article_entry(article):
    entry = citation.rendered_citations()["cite_gbt_article"]
    assert entry.startswith(CHINESE_ARTICLE + ". DOI:")
    assert f"(<https://doi.org/{article.doi}>)" in entry


def test_apa_article_entry(article):
    entry = citation.rendered_citations()["cite_apa_article"]
    assert entry.startswith("刘均胜, & 张中元. (2024).")
    assert f"<https://doi.org/{article.doi}>" in entry


def test_edition_doi_reaches_every_output(cff_with_doi, article):
    edition = citation.load_edition(cff_with_doi)
    rendered = citation.rendered_citations(article, edition)
    assert f"(<https://doi.org/{FAKE_DOI}>)" in rendered["cite_gbt_edition"]
    assert f"<https://doi.org/{FAKE_DOI}>" in rendered["cite_apa_edition"]
    assert FAKE_DOI in citation.edition_substitutions(edition)["edition_doi_link"]
    assert f"doi = {{{FAKE_DOI}}}" in re.sub(r" +", " ", citation.bibtex(article, edition))
    assert f"DO  - {FAKE_DOI}" in citation.ris(article, edition)


def test_without_a_doi_the_edition_says_not_yet(edition):
    if edition.doi:
        pytest.skip("the edition has a DOI")
    assert citation.edition_substitutions(edition)["edition_doi_link"] == citation.DOI_NOT_YET


def test_markdown_specials_in_titles_are_escaped(edition):
    odd = dataclasses.replace(edition, title="a_b*c", repository="https://example.org/x_y")
    entry = citation.render(citation.GBT, citation.csl_edition(odd))
    assert r"a\_b\*c[CP/OL]" in entry
    assert "<https://example.org/x_y>" in entry


def test_bibtex_and_ris_parse(article, edition):
    data = parse_string(citation.bibtex(article, edition), "bibtex")
    assert [str(p) for p in data.entries[article.key].persons["author"]] == list(article.authors)
    assert data.entries[citation.EDITION_KEY].fields["title"] == edition.title
    records = citation.ris(article, edition).split("ER  - \n")
    assert records[0].startswith("TY  - JOUR") and records[1].lstrip().startswith("TY  - COMP")


# --- meta tags ---------------------------------------------------------------------------


def _tags(article, edition) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for _, name, content in citation.meta_tags(article, edition):
        tags.setdefault(name, []).append(content)
    return tags


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_meta_tags_name_the_edition_as_each_vocabulary_spells_it(article, edition, lang, cff_with_doi):
    """Highwire (what Google Scholar reads), Dublin Core and OpenGraph, tag by tag, in the page's language."""
    edition = citation.load_edition(cff_with_doi)
    zh = lang == "zh"
    title, authors = (edition.title, edition.authors) if zh else (edition.title_en, edition.authors_en)
    assert len(authors) >= 1 and all(authors)
    tags = citation.meta_tags(article, edition, lang)
    assert {attribute for attribute, name, _ in tags if not name.startswith("og:")} == {"name"}
    assert {attribute for attribute, name, _ in tags if name.startswith("og:")} == {"property"}
    named: dict[str, list[str]] = {}
    for _, name, content in tags:
        named.setdefault(name, []).append(content)
    year, month, day = edition.date_released.split("-")
    assert named == {
        "citation_title": [title],
        "citation_author": list(authors),
        "citation_publication_date": [f"{year}/{month}/{day}"],
        "citation_language": [lang],
        "citation_keywords": ["; ".join(edition.keywords)],
        "citation_doi": [FAKE_DOI],
        "citation_reference": named["citation_reference"],  # checked below, piece by piece
        "DC.title": [title],
        "DC.creator": list(authors),
        "DC.date": [edition.date_released],
        "DC.language": ["zh-CN", "en"] if zh else ["en", "zh-CN"],
        "DC.rights": [", ".join(edition.licenses)],
        "DC.relation": [f"https://doi.org/{article.doi}"],
        "DC.identifier": [f"doi:{FAKE_DOI}"],
        "og:title": [title],
        "og:description": [edition.summary if zh else edition.abstract.split("\n")[1]],
        "og:type": ["book"],
        "og:locale": ["zh_CN" if zh else "en_US"],
        "og:locale:alternate": ["en_US" if zh else "zh_CN"],
    }
    (reference,) = named["citation_reference"]
    assert reference.split("; ") == [
        f"citation_title={article.title}", *(f"citation_author={a}" for a in article.authors),
        f"citation_journal_title={article.journal}", f"citation_publication_date={article.year}",
        f"citation_issue={article.number}", f"citation_doi={article.doi}"]


def test_meta_tags_without_an_edition_doi(article, edition):
    tags = _tags(article, dataclasses.replace(edition, doi=None))
    assert "citation_doi" not in tags and "DC.identifier" not in tags
    assert f"citation_doi={article.doi}" in tags["citation_reference"][0]


def test_meta_tags_with_an_edition_doi(article, cff_with_doi, monkeypatch):
    monkeypatch.setattr(meta_ext, "load_edition", lambda: citation.load_edition(cff_with_doi))
    head = meta_ext.head_html()
    assert f'<meta name="citation_doi" content="{FAKE_DOI}" />' in head
    assert f'<meta name="DC.identifier" content="doi:{FAKE_DOI}" />' in head


# --- the bibliography style ----------------------------------------------------------------


def _entry(language: str, authors: list[str]) -> Entry:
    entry = Entry("article", fields={"title": "T", "journal": "J", "year": "2020", "number": "1", "language": language})
    entry.persons["author"] = [Person(a) for a in authors]
    entry.key = f"x{language}"
    return entry


def _formatted(entry: Entry) -> str:
    (formatted,) = Style().format_entries([entry])
    return formatted.text.render_as("text")


def test_style_lists_three_chinese_authors_then_deng():
    assert _formatted(_entry("zh", ["甲一", "乙二", "丙三", "丁四"])).startswith(
        "甲一, 乙二, 丙三, 等. T[J]. J, 2020(1)."
    )


def test_style_lists_three_english_authors_then_et_al():
    text = _formatted(_entry("en", ["Ann Smith", "Bo Lee", "Cy Wu", "Di Ng"]))
    assert text.startswith("SMITH A, LEE B, WU C, et al. T[J].")


@pytest.mark.parametrize(
    ("key", "full", "expected"),
    [
        ("wang2019", False, "王凯 等"),
        ("wang2019", True, "王凯、倪建军"),
        ("wangyi2019", False, "王毅"),
        ("carayannis2021", False, "Carayannis and Weiss"),
    ],
)
def test_in_text_names(key, full, expected):
    style = AuthorYearStyle()
    entry = parse_file(str(paths.BOOK / "references.bib")).entries[key]
    names = style.person.author_or_editor_or_title(full=full).format_data({"entry": entry, "style": style})
    assert names.render_as("text") == expected


# --- the built book ------------------------------------------------------------------------


def test_cite_page_holds_both_works_in_gbt_form(html_dir, edition):
    text = _text(html_dir / "book" / "cite.html")
    assert CHINESE_ARTICLE in text
    assert f"{edition.authors[0]}. {edition.title}[CP" in text
    assert "刘均胜, & 张中元. (2024)." in text  # APA
    assert "(王凯 等, 2019)" in text


def test_cite_page_offers_bib_and_ris(html_dir, article):
    source = (html_dir / "book" / "cite.html").read_text(encoding="utf-8")
    for suffix in ("bib", "ris"):
        (href,) = set(re.findall(rf'href="(\.\./_downloads/[^"]+\.{suffix})"', source))
        assert article.title in (html_dir / "book" / href).resolve().read_text(encoding="utf-8")


def test_cover_head_describes_the_edition(html_dir, article, edition):
    source = (html_dir / "book" / "index.html").read_text(encoding="utf-8")
    head = html.unescape(source[: source.index("</head>")])
    meta = dict.fromkeys(["citation_title", "citation_publication_date", "DC.title", "og:title", "og:locale"])
    for name in meta:
        found = re.findall(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', head)
        assert found, f"no {name} meta tag"
        meta[name] = found[0]
    assert meta["citation_title"] == meta["DC.title"] == meta["og:title"] == edition.title
    assert meta["citation_publication_date"] == edition.date_released.replace("-", "/")
    assert meta["og:locale"] == "zh_CN"
    authors = re.findall(r'<meta name="citation_author" content="([^"]*)"', head)
    assert authors == list(edition.authors)
    (reference,) = re.findall(r'<meta name="citation_reference" content="([^"]*)"', head)
    assert f"citation_doi={article.doi}" in reference
    if edition.doi:
        assert f'<meta name="citation_doi" content="{edition.doi}"' in head


def test_cover_cite_box_shows_the_edition_doi_state(html_dir, edition):
    text = _text(html_dir / "book" / "index.html")
    assert CHINESE_ARTICLE in text
    assert (edition.doi or citation.DOI_NOT_YET) in text


def _bibliography(html_dir) -> list[str]:
    """The text of each entry on the references page."""
    source = (html_dir / "book" / "references.html").read_text(encoding="utf-8")
    items = re.findall(r'<div class="citation"[^>]*>.*?<p>(.*?)</p>', source, re.S)
    assert items, "no bibliography entries found"
    return [html.unescape(re.sub(r"<[^>]+>", "", body)) for body in items]


def test_bibliography_has_chinese_name_forms(html_dir):
    entries = _bibliography(html_dir)
    chinese = [text for text in entries if re.match(r"[\u4e00-\u9fff]", text)]
    assert len(chinese) >= 15, entries
    for text in chinese:
        assert " and " not in text, text
        assert "et al" not in text, text
    assert any(text.startswith(CHINESE_ARTICLE) for text in chinese)


def test_bibliography_links_every_doi(html_dir):
    dois = [
        e.fields["doi"] for e in parse_file(str(paths.BOOK / "references.bib")).entries.values() if "doi" in e.fields
    ]
    source = (html_dir / "book" / "references.html").read_text(encoding="utf-8")
    for doi in dois:
        assert f'href="https://doi.org/{doi}"' in source, doi


def test_pdf_bibliography_and_cite_page(pdf_path):
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", CHINESE_ARTICLE) in flat
    assert "王凯,倪建军.“一带一路”高质量建设的路径选择[J]" in flat  # (the BibTeX block keeps 刘均胜 and 张中元)
    assert "王凯and倪建军" not in flat
    assert "王凯等,2019" in flat


def test_launch_buttons_follow_the_one_repository_setting():
    from brimech.sphinxext.launch_buttons import launch_options

    assert launch_options(None) == {}
    options = launch_options("https://example.org/owner/book")
    assert options["repository_url"] == "https://example.org/owner/book"
    assert options["launch_buttons"]["binderhub_url"] and options["launch_buttons"]["colab_url"]


def test_binder_installs_the_lock_the_package_and_a_cjk_font():
    binder = paths.ROOT / "binder"
    assert "fonts-noto-cjk" in (binder / "apt.txt").read_text(encoding="utf-8").split()
    post_build = (binder / "postBuild").read_text(encoding="utf-8")
    assert "-r requirements.txt" in post_build and "-e ." in post_build


def test_english_citations_give_pinyin_surnames_the_english_journal_and_each_work_its_year(article, edition):
    rendered = citation.rendered_citations(article, edition)
    surnames = [name.split(" ")[0] for name in article.authors_en]
    initials = [name.split(" ")[1][0] for name in article.authors_en]
    assert rendered["cite_apa_article_en"].startswith(
        f"{surnames[0]}, {initials[0]}., & {surnames[1]}, {initials[1]}. ({article.year}). ")
    assert f"*{escape.md_text(article.journal_en)}*" in rendered["cite_apa_article_en"]
    assert f"({edition.date_released[:4]})." in rendered["cite_apa_edition_en"]
    assert f"({edition.date_released[:4]})." in rendered["cite_apa_edition"]


def test_an_edition_address_is_a_link_in_its_citations(article, edition):
    url = "https://example.org/brimech-edition"
    rendered = citation.rendered_citations(article, dataclasses.replace(edition, repository=url))
    for key in ("cite_gbt_edition", "cite_apa_edition", "cite_apa_edition_en"):
        assert escape.md_link(url, url) in rendered[key] and f"](<{url}>)" not in rendered[key], key  # shown as itself
    assert "[CP/OL]" in rendered["cite_gbt_edition"]  # an address makes it an online resource


@pytest.mark.parametrize(("written", "licenses"), [("MIT", ("MIT",)), (["CC-BY-4.0", "MIT"], ("CC-BY-4.0", "MIT"))])
def test_one_licence_or_several_are_listed_in_each_language(tmp_path, written, licenses):
    cff = citation.read_cff()
    cff["license"] = written
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff, allow_unicode=True, sort_keys=False), encoding="utf-8")
    edition = citation.load_edition(path)
    assert edition.licenses == licenses
    substitutions = citation.edition_substitutions(edition)
    assert substitutions["edition_licenses"] == escape.md_text("、".join(licenses))
    assert substitutions["edition_licenses_en"] == escape.md_text(", ".join(licenses))
