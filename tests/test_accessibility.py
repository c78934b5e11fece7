"""The built HTML for readers using a screen reader: page language, figure alt text, heading outline."""

from __future__ import annotations

import posixpath
import re

import lxml.html
import pytest

from tests.browser import book_pages

HEADING = re.compile(r"^h([1-6])$")


def _tree(html_dir, doc: str):
    return lxml.html.parse(str(html_dir / f"{doc}.html")).getroot()


def _article(root):
    """The page's main content (the theme's article), without sidebars, header and footer."""
    found = root.xpath("//article[contains(concat(' ', normalize-space(@class), ' '), ' bd-article ')]")
    return found[0] if found else root.find("body")


def missing_alt_text(root) -> list[str]:
    """Images in the article whose alt is empty or just repeats the file name (Sphinx's default)."""
    bad = []
    for img in _article(root).iter("img"):
        src = img.get("src", "")
        alt = (img.get("alt") or "").strip()
        if not alt or alt == src or alt == posixpath.basename(src):
            bad.append(f"{src}: alt={alt!r}")
    for svg in _article(root).iter("svg"):
        if svg.getparent() is not None and svg.getparent().tag == "svg":
            continue
        in_figure = any(a.tag == "figure" or "cell_output" in (a.get("class") or "") for a in svg.iterancestors())
        titled = svg.get("aria-label") or svg.find("title") is not None or svg.get("aria-hidden") == "true"
        if in_figure and not titled:
            bad.append(f"inline svg {svg.get('id') or ''}: no <title> or aria-label")
    return bad


def skipped_heading_levels(root) -> list[str]:
    """Headings that go down more than one level from the previous one (h2 followed by h4)."""
    levels = [(int(HEADING.match(el.tag).group(1)), el.text_content().strip()) for el in _article(root).iter()
              if isinstance(el.tag, str) and HEADING.match(el.tag)]
    skips = []
    previous = 0
    for level, text in levels:
        if level > previous + 1:
            skips.append(f"h{previous} -> h{level} at {text[:40]!r}")
        previous = level
    return skips


@pytest.mark.parametrize("doc", book_pages())
def test_page_language_is_simplified_chinese(html_dir, doc):
    assert _tree(html_dir, doc).get("lang") == "zh-CN"


@pytest.mark.parametrize("doc", book_pages())
def test_every_figure_image_has_alt_text(html_dir, doc):
    bad = missing_alt_text(_tree(html_dir, doc))
    assert not bad, (
        f"{doc}: images without real alt text (give each glue:figure an `:alt:` option, "
        "or a code cell `mystnb: image: alt:` metadata):\n" + "\n".join(bad)
    )


@pytest.mark.parametrize("doc", book_pages())
def test_headings_nest_without_skipping_a_level(html_dir, doc):
    skips = skipped_heading_levels(_tree(html_dir, doc))
    assert not skips, f"{doc}: " + "; ".join(skips)


def test_one_top_level_heading_per_chapter(html_dir):
    several = {}
    for doc in book_pages():
        titles = [h.text_content().strip()[:30] for h in _article(_tree(html_dir, doc)).iter("h1")]
        if len(titles) > 1:
            several[doc] = titles
    assert not several, f"pages with more than one h1 (a second `# ` heading in the source): {several}"


@pytest.mark.parametrize("doc", book_pages())
def test_no_figure_is_shown_twice(html_dir, doc):
    """A pyplot figure left open is shown by the inline backend under its cell and again by glue:figure."""
    sources = [img.get("src") for img in _article(_tree(html_dir, doc)).iter("img")]
    twice = sorted({src for src in sources if sources.count(src) > 1})
    assert not twice, (
        f"{doc}: shown twice (close the figure in the drawing function, e.g. plt.close(fig), "
        f"or build it with matplotlib.figure.Figure): {twice}"
    )


def test_the_checks_catch_bad_markup():
    page = lxml.html.fromstring(
        '<html><body><article class="bd-article"><h1>A</h1><h3>skipped</h3>'
        '<img src="../_images/a.svg" alt="../_images/a.svg"><img src="b.png" alt="柱状图">'
        '<figure><svg><circle r="1"/></svg></figure></article></body></html>'
    )
    assert missing_alt_text(page) == [
        "../_images/a.svg: alt='../_images/a.svg'",
        "inline svg : no <title> or aria-label",
    ]
    assert skipped_heading_levels(page) == ["h1 -> h3 at 'skipped'"]
