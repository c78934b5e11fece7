"""The built book as a reader sees it: every page in a real browser (chromium), at desktop and phone width.

Screenshots of every page land in _build/screenshots/{desktop,phone}/ for a human to look at.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests import browser as helpers
from tests.browser import (
    book_pages,
    copy_book,
    invisible_figures,
    open_page,
    screenshot_path,
    serve,
    sideways_scroll,
)
from tests.conftest import toc_files

# Fixtures shared with the other reader-side tests, bound here so pytest finds them by name.
book_url = helpers.book_url
browser = helpers.browser
desktop = helpers.desktop
phone = helpers.phone
no_report_left_unread = helpers.no_report_left_unread


def _url(base: str, doc: str) -> str:
    return f"{base}{doc}.html"


def _doc_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/").removesuffix(".html")


def _open_with_screenshot(context, book_url: str, doc: str, width: str):
    """Open ``doc`` and keep a full-page screenshot of it under _build/screenshots/<width>/ for review."""
    page, report = open_page(context, _url(book_url, doc))
    target = screenshot_path(doc, width)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    return page, report


@pytest.mark.parametrize("doc", book_pages())
def test_page_loads_cleanly_with_every_figure_visible(desktop, book_url, doc):
    page, report = _open_with_screenshot(desktop, book_url, doc, "desktop")
    problems = report.problems() + [f"figure not displayed: {f}" for f in invisible_figures(page)]
    assert not problems, f"{doc}:\n" + "\n".join(problems)


@pytest.mark.parametrize("doc", book_pages())
def test_page_loads_cleanly_on_a_phone_without_scrolling_sideways(phone, book_url, doc):
    page, report = _open_with_screenshot(phone, book_url, doc, "phone")
    problems = report.problems() + [f"figure not displayed: {f}" for f in invisible_figures(page)]
    overflow = sideways_scroll(page)
    if overflow is not None:
        problems.append(f"scrolls sideways: {overflow}")
    assert not problems, f"{doc} at 375 px:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("query", "expected_doc"),
    [("供应链", "notebooks/03_priorities"), ("协调机制", "notebooks/02_progress")],
)
def test_search_box_finds_the_chapter(desktop, book_url, query, expected_doc):
    page, report = open_page(desktop, f"{book_url}search.html?q={quote(query)}")
    # searchtools.js fills .search-summary only once every result has been listed.
    page.wait_for_function(
        "() => (document.querySelector('#search-results .search-summary')?.textContent || '').trim().length > 0",
        timeout=15000,
    )
    found = sorted({_doc_of(a) for a in page.eval_on_selector_all("#search-results a", "els => els.map(e => e.href)")})
    assert expected_doc in found, f"search for {query!r} found {found}"
    assert not report.problems(), report.problems()


def _follow(page, selector: str) -> str:
    with page.expect_navigation(wait_until="load"):
        page.click(selector)
    return _doc_of(page.url)


def _previous(page) -> str | None:
    links = page.eval_on_selector_all("a.left-prev", "els => els.map(e => e.href)")
    return _doc_of(links[0]) if links else None


def test_next_and_previous_walk_the_table_of_contents_in_order(desktop, book_url):
    """Next is clicked through the whole book; on each page, previous must lead back to the page before
    (read from the link rather than clicked: walking back doubled the test's time and loads nothing new)."""
    order = toc_files()
    page, report = open_page(desktop, _url(book_url, order[0]))
    forward, previous = [order[0]], [_previous(page)]
    for _ in order[1:]:
        forward.append(_follow(page, "a.right-next"))
        previous.append(_previous(page))
    assert forward == order
    assert page.locator("a.right-next").count() == 0, "the last page still offers a next page"
    assert previous == [None, *order[:-1]]
    assert _follow(page, "a.left-prev") == order[-2]  # and the link works when clicked
    assert not report.problems(), report.problems()  # the report follows the page across navigations


def test_every_sidebar_link_resolves_to_a_page_that_loads(desktop, book_url):
    page, report = open_page(desktop, _url(book_url, toc_files()[0]))
    links = page.eval_on_selector_all(".bd-sidebar-primary nav a.reference.internal", "els => els.map(e => e.href)")
    targets = sorted({link.split("#")[0] for link in links})
    assert {_doc_of(t) for t in targets} >= set(toc_files()[1:]), f"sidebar links: {targets}"
    broken = []
    for target in targets:
        response = page.goto(target, wait_until="load")
        if response is None or response.status >= 400:
            broken.append(f"{target}: {response and response.status}")
    assert not broken, broken
    assert not report.problems(), report.problems()


# --- the checks themselves can fail ----------------------------------------------------------------

BREAKAGE = """
<img src="does-not-exist.png" alt="deliberately missing">
<div style="width: 2000px">deliberately too wide</div>
<script>console.error("deliberate console error");</script>
<script>throw new Error("deliberate uncaught error");</script>
<script src="https://example.org/x.js"></script>
"""


def test_the_checks_report_a_deliberately_broken_copy(tmp_path, html_dir, browser):
    broken = copy_book(html_dir, tmp_path / "html")
    cover = broken / f"{toc_files()[0]}.html"
    text = cover.read_text(encoding="utf-8")
    assert "</main>" in text
    cover.write_text(text.replace("</main>", BREAKAGE + "</main>", 1), encoding="utf-8")
    with serve(broken) as base:
        context = browser.new_context(viewport={"width": 375, "height": 812})
        page, report = open_page(context, _url(base, toc_files()[0]))
        problems = "\n".join(report.problems())
        assert "does-not-exist.png" in problems  # 404
        assert "deliberate console error" in problems
        assert "deliberate uncaught error" in problems
        assert "https://example.org/x.js" in report.external_requests
        assert any("does-not-exist.png" in f for f in invisible_figures(page))
        assert sideways_scroll(page) is not None
        context.close()


def test_problems_of_a_report_no_test_read_are_not_lost():
    quiet = helpers.PageReport("http://127.0.0.1/quiet.html")
    noisy = helpers.PageReport("http://127.0.0.1/noisy.html", console_errors=["boom"],
                               external_requests=["https://r.test/x.js"])
    read = helpers.PageReport("http://127.0.0.1/read.html", page_errors=["seen"])
    assert read.problems()
    assert helpers.unread_problems([quiet, noisy, read]) == [
        "http://127.0.0.1/noisy.html: console error: boom",
        "http://127.0.0.1/noisy.html: request leaving localhost: https://r.test/x.js",
    ]
