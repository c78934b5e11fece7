"""The article's bibliographic record and the works it cites, read from book/references.bib.

The .bib entry ``liu2024`` is the single place where the article's DOI,
keywords, funding and English title are written; the cover page and any
citation file take them from here instead of repeating them. :func:`cite_label`
gives the author-year label a figure shows for a cited work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pybtex.database import Person, parse_file

from brimech import paths
from brimech.vocabulary import text

ARTICLE_KEY = "liu2024"
REFERENCES_BIB = paths.BOOK / "references.bib"


@dataclass(frozen=True)
class Article:
    key: str
    title: str
    title_en: str
    authors: tuple[str, ...]
    journal: str
    year: str
    number: str
    doi: str
    keywords: tuple[str, ...]
    funding: str
    affiliation: str
    jel: str
    # The English edition's cover: pinyin names, the journal's and affiliation's English names,
    # the keywords printed with the English abstract, the funding note in our translation.
    authors_en: tuple[str, ...] = ()
    journal_en: str = ""
    keywords_en: tuple[str, ...] = ()
    affiliation_en: str = ""
    funding_en: str = ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}"


def load_article(bib: Path = REFERENCES_BIB, key: str = ARTICLE_KEY) -> Article:
    """Read the article entry; a missing entry or field raises KeyError naming it."""
    entries = parse_file(str(bib), bib_format="bibtex").entries
    if key not in entries:
        raise KeyError(f"{bib}: no entry '{key}' for the article")
    entry = entries[key]

    def field(name: str) -> str:
        try:
            return str(entry.fields[name])
        except KeyError:
            raise KeyError(f"{bib}: entry '{key}' has no field '{name}'") from None

    return Article(
        key=key,
        title=field("title"),
        title_en=field("title_en"),
        authors=tuple(str(p) for p in entry.persons["author"]),
        journal=field("journal"),
        year=field("year"),
        number=field("number"),
        doi=field("doi"),
        keywords=tuple(k.strip() for k in field("keywords").split(";")),
        funding=field("funding"),
        affiliation=field("affiliation"),
        jel=field("jel"),
        authors_en=tuple(pinyin_name(name) for name in field("author_pinyin").split(" and ")),
        journal_en=field("journal_en"),
        keywords_en=tuple(k.strip() for k in field("keywords_en").split(";")),
        affiliation_en=field("affiliation_en"),
        funding_en=field("funding_en"),
    )


@cache
def _bib_entries(bib: Path = REFERENCES_BIB):
    return parse_file(str(bib), bib_format="bibtex").entries


def cite_label(key: str, lang: str) -> str:
    """Author-year label of a references.bib key (first author's surname, 等 / et al. for more).

    In English a Chinese author is named in pinyin (``author_pinyin``), as the English references list them.
    """
    entries = _bib_entries()
    if key not in entries:
        raise KeyError(f"principles.csv cites '{key}', which is not a key of book/references.bib")
    entry = entries[key]
    people = entry.persons["author"]
    if lang != "zh" and "author_pinyin" in entry.fields:
        people = [Person(name.strip()) for name in entry.fields["author_pinyin"].split(" and ")]
    # "van der Berg", "Smith Jones": every part of the surname, spaced as written (a Chinese name is one part)
    surname = " ".join([*people[0].prelast_names, *people[0].last_names]) or str(people[0])
    more = text("cite.et_al", lang) if len(people) > 1 else ""
    return f"{surname}{more} {entry.fields['year']}"


def pinyin_name(name: str) -> str:
    """``Liu, Junsheng`` (as in the .bib) -> ``Liu Junsheng``: family name first, as Chinese names are written."""
    person = Person(name.strip())
    return " ".join([*person.last_names, *person.first_names, *person.middle_names])  # "Zhong Yuan": both parts
