"""The bibliography in GB/T 7714-2015 form, and author-year citations that read right in Chinese.

sphinxcontrib-bibtex formats both with pybtex templates, whose English defaults give
"刘均胜 and 张中元" and "et al.". Entries with ``language = {zh}`` get Chinese forms:

* pybtex formatting style ``brimech`` (``bibtex_default_style``): GB/T 7714-2015 entries
  (刘均胜, 张中元. 题名[J]. 刊名, 2024(12). DOI:…), three authors then 等 / et al., DOIs
  and addresses as links; Chinese entries first in pinyin order, then the others, numbered.
* reference style ``brimech_author_year`` (``bibtex_reference_style``): (王凯 等, 2019) for
  several Chinese authors, as GB/T 7714-2015 writes author-year citations; English
  entries keep sphinxcontrib-bibtex's author-year forms.
"""

from dataclasses import dataclass, field

import pybtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import FieldIsMissing, first_of, href, join, node, optional, tag
from pybtex.style.template import field as bib_field
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

MAX_AUTHORS = 3  # GB/T 7714-2015 8.1.2: the first three, then 等 / et al.


def is_zh(entry) -> bool:
    return entry.fields.get("language", "").lower().startswith("zh")


def gbt_name(person, zh: bool) -> str:
    """刘均胜 (family then given, no space); CARAYANNIS T (surname in capitals, initials)."""
    if zh:
        return "".join(person.prelast_names + person.last_names + person.first_names + person.middle_names)
    initials = " ".join(part.strip("{}")[0] for part in person.first_names + person.middle_names)
    surname = " ".join(person.prelast_names + person.last_names).strip("{}").upper()
    return f"{surname} {initials}".strip()


def _persons(entry, role: str):
    try:
        return entry.persons[role]
    except KeyError:
        raise FieldIsMissing(role, entry) from None


@node
def gbt_names(children, data, role="author"):
    entry = data["entry"]
    zh = is_zh(entry)
    names = [gbt_name(p, zh) for p in _persons(entry, role)]
    if len(names) > MAX_AUTHORS:
        names = names[:MAX_AUTHORS] + ["等" if zh else "et al"]  # the block's full stop follows
    return Text(", ".join(names))


def _raw(name: str):
    return bib_field(name, raw=True)


def _pages():
    return bib_field("pages", raw=True, apply_func=lambda pages: pages.replace("--", "-"))


@node
def _year_volume_issue(children, data):
    """2021, 12(1) -- or 2024(12) for a journal numbered by year and issue only."""
    fields = data["entry"].fields
    issue = f"({fields['number']})" if "number" in fields else ""
    if "volume" in fields:
        return Text(f"{fields['year']}, {fields['volume']}{issue}")
    return Text(f"{fields['year']}{issue}")


def _doi():
    return href(join["https://doi.org/", _raw("doi")])[join["DOI:", _raw("doi")]]


class _SortedStyle(UnsrtStyle):
    """A numbered style whose entries come in the order of its ``sort_entries``."""

    default_label_style = "number"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sort = self.sort_entries


class Style(_SortedStyle):
    @staticmethod
    def sort_entries(entries):
        """Chinese entries first, in pinyin order, then the others by surname; then year, title.

        GBK order is pinyin order for the 3,755 common characters (GB 2312 level 1).
        """

        def key(entry):
            zh = is_zh(entry)
            names = " ".join(gbt_name(p, zh) for p in entry.persons.get("author", []))
            encoded = names.encode("gbk", errors="replace") if zh else names.lower().encode()
            return not zh, encoded, entry.fields.get("year", ""), entry.fields.get("title", "")

        return sorted(entries, key=key)

    def format_names(self, role, as_sentence=True):
        # Also used by the unsrt templates this style inherits (books, theses ...).
        return gbt_names(role=role)

    def get_article_template(self, e):
        return join[
            join(sep=". ")[
                gbt_names,
                join[bib_field("title"), "[J]"],
                join[bib_field("journal"), ", ", _year_volume_issue, optional[": ", _pages()]],
                optional[_doi()],
            ],
            ".",
        ]

    def get_misc_template(self, e):
        """Web pages as [EB/OL]: (published)[accessed]. address."""
        return join[
            join(sep=". ")[
                optional[gbt_names],
                join[bib_field("title"), "[EB/OL]" if "url" in e.fields else "[Z]"],
                first_of[
                    optional[join["(", _raw("date"), ")", optional["[", _raw("urldate"), "]"]]],
                    optional[bib_field("year")],
                ],
                optional[href(_raw("url"))[_raw("url")]],
                optional[_doi()],
            ],
            ".",
        ]


# --- the English edition: APA-like entries, Chinese works by pinyin authors ---------------


def apa_name(person) -> str:
    """Weiss, T. G. (surname, then initials)."""
    surname = " ".join(person.prelast_names + person.last_names).replace("{", "").replace("}", "")
    initials = " ".join(f"{part.strip('{}')[0]}." for part in person.first_names + person.middle_names)
    return f"{surname}, {initials}" if initials else surname


@node
def apa_names(children, data, role="author"):
    names = [apa_name(p) for p in _persons(data["entry"], role)]
    if len(names) > 1:
        names[-1] = "& " + names[-1]
    return Text((", " if len(names) > 2 else " ").join(names) if len(names) != 2 else ", ".join(names))


def _translated_title():
    """The title as printed, then (for a Chinese work) this edition's English translation in brackets."""
    return join[bib_field("title"), optional[" [", bib_field("title_en"), "]"]]


class EnglishStyle(_SortedStyle):
    """APA-like references for the English edition, one alphabetical list by (pinyin) surname."""

    @staticmethod
    def sort_entries(entries):
        def key(entry):
            names = " ".join(apa_name(p) for p in entry.persons.get("author", []))
            return names.lower(), entry.fields.get("year", ""), entry.fields.get("title", "")

        return sorted(entries, key=key)

    def format_names(self, role, as_sentence=True):
        return apa_names(role=role)

    def get_article_template(self, e):
        return join[
            apa_names, " (", bib_field("year"), "). ", _translated_title(), ". ",
            tag("em")[bib_field("journal")],
            optional[", ", tag("em")[bib_field("volume")]],
            optional[first_of[optional["(", _raw("number"), ")"], ""] if "volume" in e.fields else ""],
            "" if "volume" in e.fields else optional[", (", _raw("number"), ")"],
            optional[", ", _pages()],
            ".",
            optional[" ", href(join["https://doi.org/", _raw("doi")])[join["https://doi.org/", _raw("doi")]]],
        ]

    def get_misc_template(self, e):
        return join[
            optional[apa_names, " "],
            first_of[optional["(", _raw("date"), ")"], optional["(", bib_field("year"), ")"]],
            ". ", _translated_title(), ".",
            optional[" ", href(_raw("url"))[_raw("url")]],
        ]


@node
def _zh_or_other(children, data):
    zh, other = children
    return (zh if is_zh(data["entry"]) else other).format_data(data)


@node
def _zh_names(children, data, role, full):
    names = [gbt_name(p, zh=True) for p in _persons(data["entry"], role)]
    if len(names) > 1 and not full:
        return Text(f"{names[0]} 等")
    return Text("、".join(names))


@dataclass
class LanguagePersonStyle(PersonStyle):
    """Names in citations: 王凯 等 / 刘均胜、张中元 (full list) for Chinese entries."""

    def author_or_editor_or_title(self, full: bool):
        zh = first_of[
            optional[_zh_names(role="author", full=full)],
            optional[_zh_names(role="editor", full=full)],
            tag("em")[bib_field("title")],
        ]
        return _zh_or_other[zh, super().author_or_editor_or_title(full)]


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class AuthorYearStyle(AuthorYearReferenceStyle):
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=LanguagePersonStyle)


def setup(app):
    pybtex.plugin.register_plugin("pybtex.style.formatting", "brimech", Style)
    pybtex.plugin.register_plugin("pybtex.style.formatting", "brimech_en", EnglishStyle)
    register_plugin("sphinxcontrib.bibtex.style.referencing", "brimech_author_year", AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
