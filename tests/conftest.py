"""Shared fixtures: the built book (made by `make book`), clean copies of it, and the test markers.

Markers are given here from the fixtures a test uses, so a new test file is marked
without saying so: ``book`` (reads the built book or builds a copy), ``browser``
(drives Chromium), ``slow`` (builds copies of the book; a test that runs notebooks in
kernels says so itself). ``make test-fast`` runs the rest. Under pytest-xdist the
slow tests start first; those of one module, and all users of the shared clean
builds, run in one worker, so each copy is built once; so do the users of an expensive
session fixture (SHARED_FIXTURE_GROUPS).
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from brimech import paths
from tools import book, verify

# Fixtures by what they need.
COPY_FIXTURES = {"clean_builds", "book_copy"}  # build copies of the book
BOOK_FIXTURES = COPY_FIXTURES | {"html_dir", "pdf_path", "search_index", "book_url", "executed_notebooks",
                                 "hostile_book"}
BROWSER_FIXTURES = {"browser", "desktop", "phone"}
SHARED_BUILDS_GROUP = "clean-builds"
# Session fixtures that cost seconds: their users run in one worker, so each is made once.
SHARED_FIXTURE_GROUPS = {"figure_sources": "figure-sources"}


@pytest.hookimpl(tryfirst=True)  # pytest-xdist reads the groups in its own hook: give them before it runs
def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(item.fixturenames)
        if used & COPY_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("slow"):
            # One worker builds what a module (or every user of the shared clean builds) needs, once.
            group = SHARED_BUILDS_GROUP if used & COPY_FIXTURES else item.module.__name__
            item.add_marker(pytest.mark.xdist_group(group))
        elif shared := sorted(used & SHARED_FIXTURE_GROUPS.keys()):
            item.add_marker(pytest.mark.xdist_group(SHARED_FIXTURE_GROUPS[shared[0]]))
        if used & BOOK_FIXTURES:
            item.add_marker(pytest.mark.book)
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # builds start first (stable sort)


def toc_files() -> list[str]:
    """Every document named in _toc.yml, in reading order (paths without suffix)."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


@pytest.fixture(scope="session")
def html_dir():
    index = paths.HTML / "index.html"
    if not index.exists():
        pytest.fail(f"{index} is missing: build the book first (`make book`)")
    return paths.HTML


@pytest.fixture(scope="session")
def pdf_path():
    pdf = paths.LATEX / "book.pdf"
    if not pdf.exists():
        pytest.fail(f"{pdf} is missing: build the book first (`make book`)")
    return pdf


@pytest.fixture(scope="session")
def search_index(html_dir):
    """The Sphinx search index as a dict (searchindex.js is `Search.setIndex({...})`)."""
    text = (html_dir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))


@pytest.fixture(scope="session")
def clean_builds(tmp_path_factory) -> tuple[Path, Path]:
    """Two copies of the checkout, each built from nothing to HTML and PDF, at the same time.

    Shared by the tests that compare them, that need a book which builds, and that
    start a changed copy from their execution cache.
    """
    scratch = tmp_path_factory.mktemp("clean-builds")
    epoch = verify.commit_epoch(paths.ROOT)
    with ThreadPoolExecutor(max_workers=2) as pool:
        built = pool.map(lambda name: verify.clean_build(paths.ROOT, scratch / name, epoch), ["build-1", "build-2"])
        return tuple(folder.parent for folder in built)


@pytest.fixture(scope="session")
def figure_sources():
    """Every figure's provenance entry: finding what each drawing function reads draws every figure."""
    from brimech import provenance

    return provenance.figure_sources()


@pytest.fixture
def book_copy(tmp_path, clean_builds) -> Path:
    """A copy of the checkout to change; it starts with a clean build's execution cache, so only what a
    test changes is executed again."""
    return book.copy_book(paths.ROOT, tmp_path / "book", execution_cache_of=clean_builds[0])


@pytest.fixture(scope="session", autouse=True)
def _fresh_package_caches():
    """Empty the package's memo caches when a session starts: mutation testing runs each mutant's session in
    a process forked from one that already filled them, and a warm cache would hide the mutated code."""
    import functools
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("brimech") and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()
