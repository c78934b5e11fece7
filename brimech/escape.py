"""One escaping step per output format: a data string is shown as text, never read as markup.

Names, notes, measures and addresses come from CSV files that anyone may edit, so
whatever they hold (``<img onerror=…>``, ``*emphasis*``, ``[a](http://x)``, a MyST
role, ``$math$``) must reach the reader exactly as typed. Every place that writes a
data string into a format calls the one function for that format:

* MyST Markdown (tables, text, substitutions): :func:`md_text`; addresses shown as
  links: :func:`md_link` (or a :class:`Link` cell in :func:`brimech.display.md_table`);
  file names and code: :func:`md_code`. What MyST parses from these is plain text,
  so Sphinx's own writers escape it for HTML, for LaTeX (the PDF) and for the search
  index: those formats need no second step of ours.
* LaTeX (the PDF): :func:`latex_text`, which the book's LaTeX writer uses for every text node
  (:mod:`brimech.sphinxext.data_text`): Sphinx's escaping of LaTeX specials, plus the characters
  xelatex would otherwise turn into typographic ones.
* HTML attributes written by hand (the citation ``<meta>`` tags): :func:`html_attribute`.
* JSON inside an HTML ``<script>`` (the mechanism explorer's data): :func:`script_json`.
* matplotlib text (SVG and PDF figures): mathtext is switched off once for every
  figure (``text.parse_math`` in :func:`brimech.style.use_book_style`), so ``$`` and
  backslashes are drawn as they are.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from sphinx.util.texescape import tex_replacements

# CommonMark lets a backslash turn any ASCII punctuation character into plain text. Escaping
# all of it, not a chosen few, also covers what the MyST extensions add: roles and
# substitutions ({ }), targets ((x)=), comments (%), colon fences (:::), math ($), and
# linkify, which finds no address once its dots, colons and @ are separate characters.
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# Characters an address may carry unencoded; everything else (spaces, <, >, |, quotes,
# backslashes, non-ASCII) is percent-encoded so the link destination stays one token.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"


def _one_line(text: str) -> str:
    # A line break inside a table row would end the row; inside a paragraph it may start a block.
    return _LINE_BREAKS.sub(" ", text)


def md_text(text: str) -> str:
    """``text`` as MyST Markdown that renders exactly as ``text`` (on one line)."""
    return _PUNCTUATION.sub(r"\\\1", _one_line(str(text)))


def md_code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds."""
    text = _one_line(str(text))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_link(text: str, url: str) -> str:
    """A link to ``url`` showing ``text``; an address that is not http(s) is shown as text only."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return md_text(text)
    address = quote(_one_line(url), safe=_URL_SAFE)
    if text == url == address:
        return f"<{address}>"  # an address shown as itself: an autolink, which LaTeX can break across lines
    return f"[{md_text(text)}](<{address}>)"


@dataclass(frozen=True)
class Link:
    """A table cell that links its text to an address (see :func:`brimech.display.md_table`)."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


def md_cell(value) -> str:
    """One table cell: a :class:`Link` becomes a link, anything else text."""
    if isinstance(value, Link):
        return md_link(value.text, value.url)
    return md_text(value)


# Sphinx's escaping for xelatex (LaTeX specials, and "-" so that "--" stays two hyphens), plus the
# characters xelatex's TeX ligatures would change (' into ’, " into ”, << into «) written as commands.
_LATEX = str.maketrans(
    {
        **dict(tex_replacements),
        "-": r"\sphinxhyphen{}",
        "'": r"\textquotesingle{}",
        '"': r"\textquotedbl{}",
        "`": r"\textasciigrave{}",
        "<": r"\textless{}",
        ">": r"\textgreater{}",
    }
)


def latex_text(text: str) -> str:
    """``text`` as xelatex text that prints exactly ``text``."""
    return str(text).translate(_LATEX)


def html_attribute(text: str) -> str:
    """``text`` for an HTML attribute value in double quotes."""
    return html.escape(str(text), quote=True)


def script_json(json_text: str) -> str:
    """JSON text that can sit inside ``<script>…</script>`` without ending or changing it: the same JSON value.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes (no ``</script>`` or ``<!--`` can form),
    and so do U+2028/U+2029, which older JavaScript parsers take for line ends.
    """
    for char in "<>&\u2028\u2029":
        json_text = json_text.replace(char, f"\\u{ord(char):04x}")
    return json_text
