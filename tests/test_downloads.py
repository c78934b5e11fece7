"""The BibTeX and RIS files the "how to cite" page offers, read back with a BibTeX and a RIS parser.

What they must say is read here from the two records themselves, independently of
brimech: the article from its ``liu2024`` entry in book/references.bib, the edition from
CITATION.cff. Each field is compared, so a lost DOI, or the edition's year given to the
article, fails.
"""

from __future__ import annotations

import re

import pytest
import rispy
import yaml
from pybtex.database import parse_file, parse_string

from brimech import citation, paths
from brimech.article import load_article

EDITION_DOI = "10.5281/zenodo.7654321"
EDITION_REPOSITORY = "https://git.example.org/brimech/book"


@pytest.fixture(scope="module")
def bib_entry():
    return parse_file(str(paths.BOOK / "references.bib"), bib_format="bibtex").entries["liu2024"]


@pytest.fixture(scope="module")
def cff():
    return yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _cff_name(person: dict) -> str:
    if "name" in person:
        return person["name"]
    family, given = person["family-names"], person.get("given-names", "")
    return family + given if re.match(r"[\u4e00-\u9fff]", family) else f"{given} {family}".strip()


def _downloads(cff_path=None):
    """(BibTeX, RIS) as the cite page writes them (brimech.sphinxext.cite_page uses these functions)."""
    article = load_article()
    edition = citation.load_edition(cff_path) if cff_path else citation.load_edition()
    return citation.bibtex(article, edition), citation.ris(article, edition)


def _bibtex_entries(text: str) -> dict:
    return parse_string(text, "bibtex").entries


def _people(entry, role="author") -> list[str]:
    # The edition's author is an entity, braced so BibTeX keeps it whole: compare the name inside.
    return [str(p).strip("{}") for p in entry.persons[role]]


def _ris_records(text: str) -> list[dict]:
    records = rispy.loads(text)
    assert [r["type_of_reference"] for r in records] == ["JOUR", "COMP"]
    return records


# --- the article --------------------------------------------------------------------------------


def test_bibtex_article_is_the_bib_entry(bib_entry):
    bibtex, _ = _downloads()
    entries = _bibtex_entries(bibtex)
    article = entries["liu2024"]
    assert article.type == "article"
    assert _people(article) == [str(p) for p in bib_entry.persons["author"]]
    for name in ("title", "journal", "year", "number", "doi", "language"):
        assert article.fields[name] == bib_entry.fields[name], name


def test_ris_article_is_the_bib_entry(bib_entry):
    _, ris = _downloads()
    record = _ris_records(ris)[0]
    assert record["authors"] == [str(p) for p in bib_entry.persons["author"]]
    assert record["title"] == bib_entry.fields["title"]
    assert record["journal_name"] == bib_entry.fields["journal"]
    assert record["year"] == bib_entry.fields["year"]
    assert record["number"] == bib_entry.fields["number"]
    assert record["doi"] == bib_entry.fields["doi"]
    assert record["language"] == bib_entry.fields["language"]


def test_article_and_edition_years_are_their_own(bib_entry, cff):
    """The article appeared in its journal's year; the edition in the year of its release."""
    edition_year = str(cff["date-released"])[:4]
    assert edition_year != bib_entry.fields["year"], "the check below needs the two years to differ"
    bibtex, ris = _downloads()
    entries = _bibtex_entries(bibtex)
    assert entries["liu2024"].fields["year"] == bib_entry.fields["year"]
    assert entries[citation.EDITION_KEY].fields["year"] == edition_year
    article, edition = _ris_records(ris)
    assert (article["year"], edition["year"]) == (bib_entry.fields["year"], edition_year)


# --- the edition --------------------------------------------------------------------------------


def test_files_hold_the_two_records_and_nothing_else():
    """Text between BibTeX entries is a comment to a parser but shows in the file a reader opens."""
    bibtex, ris = _downloads()
    assert re.sub(r"@\w+\{[^\n]*\n(?:  [^\n]*\n)*\}\n", "", bibtex).strip() == ""
    assert re.sub(r"(?m)^[A-Z][A-Z0-9]  - .*\n", "", ris).strip() == ""


def test_bibtex_edition_is_the_cff(cff, bib_entry):
    bibtex, _ = _downloads()
    edition = _bibtex_entries(bibtex)[citation.EDITION_KEY]
    assert edition.type == "misc"
    assert edition.fields["language"] == bib_entry.fields["language"]  # the edition is in Chinese too
    assert _people(edition) == [_cff_name(p) for p in cff["authors"]]
    assert edition.fields["title"] == cff["title"]
    assert edition.fields["version"] == str(cff["version"])
    assert edition.fields.get("doi") == cff.get("doi")
    assert edition.fields.get("url") == cff.get("repository-code")


def test_ris_edition_is_the_cff(cff):
    _, ris = _downloads()
    record = _ris_records(ris)[1]
    assert record["authors"] == [_cff_name(p) for p in cff["authors"]]
    assert record["title"] == cff["title"]
    assert record["date"] == str(cff["date-released"]).replace("-", "/")
    assert record["edition"] == str(cff["version"])
    assert record["language"] == "zh"
    assert record.get("doi") == cff.get("doi")
    assert record.get("urls", [None])[0] == cff.get("repository-code")


def test_an_edition_doi_and_repository_reach_both_files(tmp_path, cff, bib_entry):
    with_doi = {**cff, "doi": EDITION_DOI, "repository-code": EDITION_REPOSITORY}
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(with_doi, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bibtex, ris = _downloads(path)
    entries = _bibtex_entries(bibtex)
    assert entries[citation.EDITION_KEY].fields["doi"] == EDITION_DOI
    assert entries[citation.EDITION_KEY].fields["url"] == EDITION_REPOSITORY
    assert entries["liu2024"].fields["doi"] == bib_entry.fields["doi"]  # the article keeps its own
    article, edition = _ris_records(ris)
    assert (edition["doi"], edition["urls"]) == (EDITION_DOI, [EDITION_REPOSITORY])
    assert article["doi"] == bib_entry.fields["doi"]


# --- the files of the built page ------------------------------------------------------------------


def _offered(html_dir, suffix: str) -> str:
    source = (html_dir / "book" / "cite.html").read_text(encoding="utf-8")
    (href,) = set(re.findall(rf'href="(\.\./_downloads/[^"]+\.{suffix})"', source))
    return (html_dir / "book" / href).resolve().read_text(encoding="utf-8")


def test_the_built_page_offers_these_files(html_dir, bib_entry, cff):
    entries = _bibtex_entries(_offered(html_dir, "bib"))
    assert entries["liu2024"].fields["doi"] == bib_entry.fields["doi"]
    assert entries["liu2024"].fields["year"] == bib_entry.fields["year"]
    assert entries[citation.EDITION_KEY].fields["title"] == cff["title"]
    article, edition = _ris_records(_offered(html_dir, "ris"))
    assert (article["doi"], article["year"]) == (bib_entry.fields["doi"], bib_entry.fields["year"])
    assert edition["title"] == cff["title"]
