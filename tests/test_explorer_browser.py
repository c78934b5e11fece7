"""The mechanism explorer in a real browser (chromium via playwright, every off-machine request blocked).

Expected values come from the CSV files, read here with the csv module. Screenshots
of the explorer (desktop and phone, before and after selecting a mechanism) are
kept under _build/screenshots/ for a human to look at.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from brimech import paths
from tests import browser as helpers
from tests.browser import copy_book, open_page, screenshot_path, serve, sideways_scroll

book_url = helpers.book_url
browser = helpers.browser
desktop = helpers.desktop
phone = helpers.phone
no_report_left_unread = helpers.no_report_left_unread

PAGE = "book/explorer.html"
SEARCH = "input.bm-search"
PANEL_NAME = ".bm-panel h3.bm-name"


def _rows(table: str) -> list[dict]:
    with (paths.DATA / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


MECHANISMS = {row["id"]: row for row in _rows("mechanisms")}
RELATIONS = _rows("relations")


def _relations_of(node: str) -> list[dict]:
    return [r for r in RELATIONS if node in (r["source"], r["target"])]


def _open(context, book_url: str, fragment: str = ""):
    page, report = open_page(context, book_url + PAGE + fragment)
    page.wait_for_selector(".bm-explorer:not([hidden]) .bm-canvas canvas")
    page.wait_for_timeout(400)  # the view animates for 250 ms after a selection
    return page, report


def _keep(page, name: str, width: str) -> None:
    target = screenshot_path(f"explorer-{name}", width)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.locator(".bm-explorer").screenshot(path=str(target))


def _opacities(page) -> dict[str, float]:
    return page.evaluate(
        """() => Object.fromEntries(document.querySelector('.bm-explorer').bmCy.nodes()
             .map((n) => [n.id(), Number(n.style('opacity'))]))"""
    )


def _click_node(page, node: str) -> None:
    """Click the node where the canvas draws it, as a reader would."""
    page.evaluate(
        """(id) => { const cy = document.querySelector('.bm-explorer').bmCy;
                     cy.zoom(1.2); cy.center(cy.getElementById(id)); }""",
        node,
    )
    box = page.locator(".bm-canvas").bounding_box()
    at = page.evaluate(
        "(id) => document.querySelector('.bm-explorer').bmCy.getElementById(id).renderedPosition()",
        node,
    )
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_timeout(400)


def test_explorer_loads_cleanly(desktop, book_url):
    page, report = _open(desktop, book_url)
    assert not report.problems(), "\n".join(report.problems())
    assert page.locator(".bm-noscript").is_hidden(), "the no-JavaScript note still shows beside the explorer"
    assert page.evaluate("document.querySelector('.bm-explorer').bmCy.nodes().length") == len(MECHANISMS)
    assert page.evaluate("document.querySelector('.bm-explorer').bmCy.edges().length") == len(RELATIONS)
    assert not [r for r in report.requests if "cdn" in r or not r.startswith(book_url)]
    _keep(page, "start", "desktop")


def test_search_selects_the_mechanism_by_its_chinese_name(desktop, book_url):
    page, _ = _open(desktop, book_url)
    page.fill(SEARCH, "数字丝绸之路")
    page.press(SEARCH, "Enter")
    page.wait_for_timeout(400)
    assert page.locator(PANEL_NAME).inner_text() == MECHANISMS["dsr"]["name_zh"]
    assert page.evaluate("location.hash") == "#node=dsr"
    _keep(page, "search-dsr", "desktop")


def test_partial_search_highlights_every_match_in_either_language(desktop, book_url):
    page, _ = _open(desktop, book_url)
    page.fill(SEARCH, "silk road")
    full = {n for n, o in _opacities(page).items() if o == 1}
    assert full == {m for m, row in MECHANISMS.items() if "silk road" in row["name_en"].lower()}
    page.fill(SEARCH, "数字")
    full = {n for n, o in _opacities(page).items() if o == 1}
    digital = {m for m, row in MECHANISMS.items() if row["field"] == "digital"}
    assert digital <= full, f"digital mechanisms left faded: {sorted(digital - full)}"


def test_filtering_to_a_section_fades_every_other_mechanism(desktop, book_url):
    page, _ = _open(desktop, book_url)
    page.select_option(".bm-filter select >> nth=0", "s3.2")
    page.wait_for_timeout(300)
    opacities = _opacities(page)
    full = {n for n, o in opacities.items() if o == 1}
    assert full == {m for m, row in MECHANISMS.items() if row["section"] == "s3.2"}
    assert all(0 < o < 1 for n, o in opacities.items() if n not in full), "filtered-out nodes must fade, not vanish"
    listed = page.locator(".bm-list button[data-node]").evaluate_all("(bs) => bs.map((b) => b.dataset.node)")
    assert set(listed) == full


def test_status_and_field_filters_combine(desktop, book_url):
    page, _ = _open(desktop, book_url)
    page.select_option("select[id$='-status']", "proposed")
    page.select_option("select[id$='-field']", "digital")
    full = {n for n, o in _opacities(page).items() if o == 1}
    assert full == {m for m, r in MECHANISMS.items() if r["status"] == "proposed" and r["field"] == "digital"}


@pytest.mark.parametrize("node", ["dsr", max(MECHANISMS, key=lambda m: (len(_relations_of(m)), m))])
def test_clicking_a_node_lists_exactly_its_relations(desktop, book_url, node):
    page, _ = _open(desktop, book_url)
    _click_node(page, node)
    assert page.locator(PANEL_NAME).inner_text() == MECHANISMS[node]["name_zh"]
    expected = _relations_of(node)
    items = page.locator(".bm-panel li.bm-relation")
    assert items.count() == len(expected)
    listed = items.evaluate_all(
        "(lis) => lis.map((li) => [li.dataset.direction, li.querySelector('.bm-neighbour').dataset.node])"
    )
    wanted = [["out", r["target"]] if r["source"] == node else ["in", r["source"]] for r in expected]
    assert sorted(listed) == sorted(wanted)
    passages = items.evaluate_all("(lis) => lis.map((li) => li.querySelector('.bm-locator')?.textContent || '')")
    assert sum(bool(p) for p in passages) == sum(bool(r.get("locator")) for r in expected), "a passage is missing"
    assert all(re.search(r"(¶\d+|标题)$", p) for p in passages if p), passages
    neighbours = {other for _, other in wanted}
    highlighted = page.evaluate(
        "() => document.querySelector('.bm-explorer').bmCy.nodes('.neighbour').map((n) => n.id())"
    )
    assert set(highlighted) == neighbours


def test_a_neighbour_in_the_panel_moves_the_explorer_to_it(desktop, book_url):
    page, _ = _open(desktop, book_url, "#node=dsr")
    neighbour = page.locator(".bm-panel .bm-neighbour").first
    target = neighbour.get_attribute("data-node")
    neighbour.click()
    page.wait_for_timeout(400)
    assert page.locator(PANEL_NAME).inner_text() == MECHANISMS[target]["name_zh"]
    assert page.evaluate("location.hash") == f"#node={target}"


def test_link_with_node_fragment_opens_on_the_node(desktop, book_url):
    page, report = _open(desktop, book_url, "#node=dsr")
    assert not report.problems(), "\n".join(report.problems())
    assert page.locator(PANEL_NAME).inner_text() == MECHANISMS["dsr"]["name_zh"]
    assert page.locator(".bm-panel li.bm-relation").count() == len(_relations_of("dsr"))


def test_chapter_two_link_opens_filtered_to_part_two(desktop, book_url):
    page, _ = open_page(desktop, book_url + "notebooks/02_progress.html")
    page.click("p.bm-explorer-link a")
    page.wait_for_selector(".bm-explorer:not([hidden]) .bm-canvas canvas")
    page.wait_for_timeout(300)
    full = {n for n, o in _opacities(page).items() if o == 1}
    assert full == {m for m, r in MECHANISMS.items() if r["section"] == "s2" or r["section"].startswith("s2.")}


def test_keyboard_reaches_search_and_list_and_escape_clears(desktop, book_url):
    page, _ = _open(desktop, book_url)
    page.evaluate("document.activeElement.blur()")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input.bm-search')"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type("数字丝绸之路")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.locator(PANEL_NAME).inner_text() == MECHANISMS["dsr"]["name_zh"]
    page.keyboard.press("Escape")
    assert page.locator(PANEL_NAME).count() == 0 and page.input_value(SEARCH) == ""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.bm-list button[data-node]')"):
            break
    else:
        pytest.fail("Tab never reached the node list")
    first = page.evaluate("document.activeElement.dataset.node")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.locator(PANEL_NAME).inner_text() == MECHANISMS[first]["name_zh"]


def test_phone_width_fits_and_the_panel_is_usable(phone, book_url):
    page, report = _open(phone, book_url)
    assert not report.problems(), "\n".join(report.problems())
    assert sideways_scroll(page) is None
    _keep(page, "start", "phone")
    page.fill(SEARCH, "数字丝绸之路")
    page.press(SEARCH, "Enter")
    page.wait_for_timeout(400)
    assert sideways_scroll(page) is None, sideways_scroll(page)
    panel = page.locator(".bm-panel").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 375
    neighbour = page.locator(".bm-panel .bm-neighbour").first
    neighbour.scroll_into_view_if_needed()
    target = neighbour.get_attribute("data-node")
    neighbour.tap()
    page.wait_for_timeout(400)
    assert page.locator(PANEL_NAME).inner_text() == MECHANISMS[target]["name_zh"]
    _keep(page, "selected", "phone")


def _beyond_blocked_scripts(report) -> list[str]:
    """The page's problems other than the scripts a browser without JavaScript refuses to fetch."""
    return [p for p in report.problems() if not re.match(r"failed request: csp \S+\.js(\?\S*)?$", p)]


def test_without_javascript_the_reader_is_sent_to_the_static_figures(browser, book_url):
    context = browser.new_context(viewport=helpers.DESKTOP, java_script_enabled=False)
    try:
        page, report = open_page(context, book_url + PAGE)
        assert not _beyond_blocked_scripts(report)
        assert page.locator(".bm-explorer").is_hidden()
        note = page.locator(".bm-noscript")
        assert note.is_visible()
        targets = note.locator("a").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
        assert any("02_progress.html#fig-mechanism-network" in t for t in targets)
        assert any("05_network_analysis.html#fig-whole-network" in t for t in targets)
        chapter, report = open_page(context, book_url + "notebooks/05_network_analysis.html")
        assert not _beyond_blocked_scripts(report)
        figure = chapter.locator("#fig-whole-network img")
        assert figure.is_visible() and figure.evaluate("(img) => img.naturalWidth") > 0
    finally:
        context.close()


def test_data_strings_are_shown_as_text_not_markup(browser, tmp_path):
    """A mechanism named with markup shows that markup as its name and runs nothing."""
    site = copy_book(paths.HTML, tmp_path / "html")
    page_file = site / PAGE
    html = page_file.read_text(encoding="utf-8")
    data = re.search(r'(<script type="application/json" class="bm-explorer-data">)(.*?)(</script>)', html, re.S)
    document = json.loads(data.group(2))
    hostile = '<img src=x onerror="window.pwned=1">《</script>》'
    for node in document["nodes"]:
        if node["id"] == "dsr":
            node["name_zh"] = hostile
    escaped = json.dumps(document, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    page_file.write_text(html[: data.start(2)] + escaped + html[data.end(2) :], encoding="utf-8")
    context = browser.new_context(viewport=helpers.DESKTOP)
    try:
        with serve(site) as url:
            page, report = _open(context, url, "#node=dsr")
            assert page.locator(PANEL_NAME).inner_text() == hostile
            assert page.evaluate("window.pwned") is None
            assert page.locator(".bm-explorer img").count() == 0
            assert not report.page_errors
    finally:
        context.close()
