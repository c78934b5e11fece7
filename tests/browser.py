"""Helpers and fixtures for reading the built book in a real browser (Debian's chromium via playwright).

The built HTML is served from a background ``http.server`` thread on 127.0.0.1;
every request that would leave that host is aborted and recorded, so a test
never talks to the network and can list what a page tried to fetch.

Test modules bind the fixtures by name: ``book_url = tests.browser.book_url``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from brimech import paths
from tests.conftest import toc_files

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium phones home at start-up and,
# on a closed network, its refused connections show up as noise in the logs.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = paths.BUILD / "screenshots"


def book_pages() -> list[str]:
    """Every page a reader can reach: the toc documents in order, then the search and index pages."""
    return [*toc_files(), "search", "genindex"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1 for the duration of the block; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless chromium (playwright sync API), closed at the end of the block."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `python3 -m tools.sysdeps --install --tests` installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageReport:
    """What a reader's browser saw go wrong on one page."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    read: bool = False  # set once a test has asked for the problems

    def problems(self) -> list[str]:
        self.read = True
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught exception: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"request leaving localhost: {m}" for m in self.external_requests]
        )


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == LOCAL_HOST


# Every report of the running test: what a test did not look at itself is checked after it.
_OPENED: list[PageReport] = []


def watch(page, url: str) -> PageReport:
    """Record on ``page`` every console error, failed request and non-local request (which is aborted)."""
    report = PageReport(url)
    _OPENED.append(report)

    def on_request(request):
        report.requests.append(request.url)

    def on_response(response):
        if response.status >= 400:
            report.failed_requests.append(f"{response.status} {response.url}")

    def on_request_failed(request):
        # Non-local requests are aborted by us and listed as external; ERR_ABORTED is a request
        # cut short by leaving the page (a missing file still shows up as a 404 response).
        if _is_local(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            report.failed_requests.append(f"{request.failure} {request.url}")

    def on_console(message):
        if message.type == "error":
            report.console_errors.append(message.text)

    def route(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            report.external_requests.append(route.request.url)
            route.abort()

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda error: report.page_errors.append(str(error)))
    page.route("**/*", route)
    return report


def open_page(context, url: str) -> tuple[object, PageReport]:
    """Open ``url`` in a new tab of ``context``, wait until the network is quiet, return the tab and its report."""
    page = context.new_page()
    report = watch(page, url)
    page.goto(url, wait_until="load")
    with contextlib.suppress(Exception):  # a page that keeps polling still counts as loaded
        page.wait_for_load_state("networkidle", timeout=5000)
    return page, report


# Images anywhere in the article body, and inline SVG inside figures and cell outputs.
_FIGURE_SIZES_JS = """() => {
  const main = document.querySelector("main") || document.body;
  const out = [];
  for (const img of main.querySelectorAll("img")) {
    const box = img.getBoundingClientRect();
    out.push({what: "img " + (img.getAttribute("src") || ""), natural: img.naturalWidth,
              width: box.width, height: box.height, complete: img.complete});
  }
  const svgs = main.querySelectorAll("figure svg, .cell_output svg, .output svg");
  for (const svg of svgs) {
    if (svg.parentElement.closest("svg")) continue;  // nested svg: the outer one counts
    if (svg.closest("button, .headerlink, .copybtn")) continue;  // UI icons, not figures
    const box = svg.getBoundingClientRect();
    out.push({what: "svg " + (svg.id || svg.closest("[id]")?.id || ""), natural: null,
              width: box.width, height: box.height, complete: true});
  }
  return out;
}"""


def invisible_figures(page) -> list[str]:
    """Figures on ``page`` that a reader does not see: an image that did not decode, or a zero-sized box."""
    bad = []
    for fig in page.evaluate(_FIGURE_SIZES_JS):
        not_decoded = fig["natural"] is not None and (not fig["complete"] or fig["natural"] == 0)
        if not_decoded or fig["width"] <= 0 or fig["height"] <= 0:
            bad.append(f"{fig['what']} (natural width {fig['natural']}, box {fig['width']}x{fig['height']})")
    return bad


# Elements sticking out past the right edge of the viewport that are not inside a scrolling container.
_OVERFLOW_JS = """() => {
  const limit = window.innerWidth + 1;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (["auto", "scroll", "hidden", "clip"].includes(s.overflowX)) return true;
    }
    return false;
  };
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit || scrolls(el)) continue;
    const parentBox = el.parentElement.getBoundingClientRect();
    if (parentBox.right > limit && !scrolls(el.parentElement) && el.parentElement !== document.body) continue;
    const id = el.id ? "#" + el.id : "";
    const names = typeof el.className === "string" ? el.className.trim() : "";
    const cls = names ? "." + names.split(/\\s+/).join(".") : "";
    culprits.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(box.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
          culprits: culprits.slice(0, 10)};
}"""


def sideways_scroll(page) -> str | None:
    """None if the page fits the viewport's width; otherwise a message naming the outermost elements too wide."""
    result = page.evaluate(_OVERFLOW_JS)
    if result["scrollWidth"] <= result["innerWidth"] + 1:
        return None
    return f"scrollWidth {result['scrollWidth']} > innerWidth {result['innerWidth']}; too wide: {result['culprits']}"


def screenshot_path(doc: str, width_name: str) -> Path:
    return SCREENSHOTS / width_name / f"{doc.replace('/', '__')}.png"


def copy_book(html_dir: Path, target: Path) -> Path:
    """A copy of the built HTML to break on purpose (the real _build is never touched)."""
    shutil.copytree(html_dir, target)
    return target


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_report_left_unread() -> Iterator[None]:
    """A page a test opened but whose report it never read must still have had no problem.

    Bind it in each browser test module (``no_report_left_unread = helpers.no_report_left_unread``):
    a test that looks only at layout cannot let a console error or an off-machine request pass.
    """
    _OPENED.clear()
    yield
    unread = unread_problems(_OPENED)
    _OPENED.clear()
    assert not unread, "the browser saw problems this test did not check:\n" + "\n".join(unread)


def unread_problems(reports: list[PageReport]) -> list[str]:
    """The problems of the reports nobody read, one line each."""
    return [f"{report.url}: {problem}" for report in reports if not report.read for problem in report.problems()]


@pytest.fixture(scope="session")
def book_url(html_dir) -> Iterator[str]:
    with serve(html_dir) as url:
        yield url


# Playwright's sync API runs one instance per thread: every test module that binds ``browser``
# gets the same chromium, closed when the last of them is done.
_SHARED_BROWSER: dict = {"users": 0}


@pytest.fixture(scope="session")
def browser() -> Iterator:
    shared = _SHARED_BROWSER
    if not shared["users"]:
        shared["stack"] = contextlib.ExitStack()
        shared["instance"] = shared["stack"].enter_context(chromium())
    shared["users"] += 1
    try:
        yield shared["instance"]
    finally:
        shared["users"] -= 1
        if not shared["users"]:
            shared.pop("stack").close()


@pytest.fixture
def desktop(browser) -> Iterator:
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture
def phone(browser) -> Iterator:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context
    context.close()
