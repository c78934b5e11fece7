"""Every address a built page or style sheet makes the browser fetch, for the no-network checks.

HTML: ``src``, ``srcset`` / ``imagesrcset``, ``poster``, ``data`` (``<object>``), ``background``,
``href`` of a ``<link>`` that loads (style sheets, preloads, prefetches, preconnects, icons,
module preloads, manifests) and of SVG ``<image>`` / ``<use>`` / ``<feImage>``, plus the CSS of
``style`` attributes and ``<style>`` elements. CSS: ``url(...)`` and ``@import``. A plain hyperlink
(``<a href>``, ``<link rel="canonical">``) loads nothing and is not listed.
"""

from __future__ import annotations

import re

import lxml.html

# <link rel=...> values that make the browser fetch or connect.
LOADING_RELS = {
    "stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "shortcut", "apple-touch-icon",
    "apple-touch-icon-precomposed", "mask-icon", "modulepreload", "manifest", "prerender",
}
# Attributes that hold one address to fetch, on any element.
FETCHING_ATTRIBUTES = ("src", "poster", "data", "background")
SVG_FETCHING = {"image", "use", "feimage"}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

CSS_URL = re.compile(r"""url\(\s*(?P<quote>["']?)(?P<url>.*?)(?P=quote)\s*\)""", re.I | re.S)
CSS_IMPORT = re.compile(r"""@import\s+(?P<quote>["'])(?P<url>.*?)(?P=quote)""", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# An address with an authority part (scheme://host or //host) leaves the page's own files.
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def css_urls(css: str) -> list[str]:
    """Addresses a piece of CSS fetches: ``url(...)`` (also inside ``@import url(...)``) and ``@import "..."``."""
    css = CSS_COMMENT.sub("", css)
    return [m["url"].strip() for m in CSS_URL.finditer(css)] + [m["url"].strip() for m in CSS_IMPORT.finditer(css)]


def srcset_urls(srcset: str) -> list[str]:
    """The addresses of a ``srcset``: comma-separated candidates, each an address and an optional descriptor."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.split()]


def _tag(element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def html_urls(html: str) -> list[str]:
    """Every address the page at ``html`` fetches, in document order, local ones included."""
    root = lxml.html.document_fromstring(html)
    found: list[str] = []
    for element in root.iter():
        tag = _tag(element)
        if not tag:
            continue
        attributes = {name.rsplit("}", 1)[-1].lower() if name != XLINK_HREF else "xlink:href": value
                      for name, value in element.attrib.items()}
        for name in FETCHING_ATTRIBUTES:
            if attributes.get(name):
                found.append(attributes[name].strip())
        for name in ("srcset", "imagesrcset"):
            if attributes.get(name):
                found += srcset_urls(attributes[name])
        if tag == "link" and set(attributes.get("rel", "").lower().split()) & LOADING_RELS and attributes.get("href"):
            found.append(attributes["href"].strip())
        if tag in SVG_FETCHING:
            found += [attributes[name].strip() for name in ("href", "xlink:href") if attributes.get(name)]
        if attributes.get("style"):
            found += css_urls(attributes["style"])
        if tag == "style":
            found += css_urls(element.text_content())
    return found


def remote(urls: list[str]) -> list[str]:
    """The addresses that leave the machine the book is served from."""
    return [url for url in urls if REMOTE.match(url)]
