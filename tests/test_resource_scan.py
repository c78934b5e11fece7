"""Nothing the built book shows comes from another machine; the scan that says so sees every way to fetch."""

from __future__ import annotations

import pytest

from tests.resources import css_urls, html_urls, remote

# One remote fetch of each kind a page can make, each with its own address.
EACH_WAY = {
    "script": '<script src="https://r.test/script.js"></script>',
    "img": '<img src="https://r.test/img.png" alt="">',
    "img srcset": '<img src="local.png" srcset="local-2x.png 2x, https://r.test/srcset-3x.png 3x" alt="">',
    "picture source": '<picture><source srcset="//r.test/source.webp" type="image/webp"></picture>',
    "stylesheet": '<link rel="stylesheet" href="https://r.test/style.css">',
    "preload": '<link rel="preload" as="font" href="https://r.test/preload.woff2">',
    "prefetch": '<link rel="prefetch" href="https://r.test/prefetch.js">',
    "preconnect": '<link rel="preconnect" href="https://r.test/preconnect">',
    "dns-prefetch": '<link rel="dns-prefetch" href="//r.test/dns-prefetch">',
    "icon": '<link rel="icon" href="https://r.test/icon.ico">',
    "shortcut icon": '<link rel="shortcut icon" href="https://r.test/shortcut.ico">',
    "modulepreload": '<link rel="modulepreload" href="https://r.test/module.mjs">',
    "preload imagesrcset": '<link rel="preload" as="image" href="local.png" imagesrcset="https://r.test/isrc.png 2x">',
    "video": '<video src="https://r.test/video.mp4" poster="https://r.test/poster.jpg"></video>',
    "audio": '<audio src="https://r.test/audio.ogg"></audio>',
    "media source": '<video><source src="https://r.test/source.mp4" type="video/mp4"></video>',
    "track": '<video><track src="https://r.test/track.vtt" kind="captions"></video>',
    "object": '<object data="https://r.test/object.svg" type="image/svg+xml"></object>',
    "embed": '<embed src="https://r.test/embed.pdf">',
    "iframe": '<iframe src="https://r.test/iframe.html"></iframe>',
    "input image": '<input type="image" src="https://r.test/input.png" alt="go">',
    "svg image": '<svg><image href="https://r.test/svg-image.png"/></svg>',
    "svg use": '<svg><use xlink:href="https://r.test/sprite.svg#a"/></svg>',
    "inline style": '<div style="background: url(https://r.test/inline.png)">x</div>',
    "inline style quoted": "<div style='background-image: url(\"//r.test/inline-quoted.png\")'>x</div>",
    "style url": "<style>.a { background: url('https://r.test/style-url.png') }</style>",
    "style import": '<style>@import "https://r.test/import.css";</style>',
    "style import url": "<style>@import url(https://r.test/import-url.css) screen;</style>",
    "table background": '<table background="https://r.test/table.gif"><tr><td>x</td></tr></table>',
}
EXPECTED = {
    "script": ["https://r.test/script.js"],
    "img": ["https://r.test/img.png"],
    "img srcset": ["https://r.test/srcset-3x.png"],
    "picture source": ["//r.test/source.webp"],
    "stylesheet": ["https://r.test/style.css"],
    "preload": ["https://r.test/preload.woff2"],
    "prefetch": ["https://r.test/prefetch.js"],
    "preconnect": ["https://r.test/preconnect"],
    "dns-prefetch": ["//r.test/dns-prefetch"],
    "icon": ["https://r.test/icon.ico"],
    "shortcut icon": ["https://r.test/shortcut.ico"],
    "modulepreload": ["https://r.test/module.mjs"],
    "preload imagesrcset": ["https://r.test/isrc.png"],
    "video": ["https://r.test/video.mp4", "https://r.test/poster.jpg"],
    "audio": ["https://r.test/audio.ogg"],
    "media source": ["https://r.test/source.mp4"],
    "track": ["https://r.test/track.vtt"],
    "object": ["https://r.test/object.svg"],
    "embed": ["https://r.test/embed.pdf"],
    "iframe": ["https://r.test/iframe.html"],
    "input image": ["https://r.test/input.png"],
    "svg image": ["https://r.test/svg-image.png"],
    "svg use": ["https://r.test/sprite.svg#a"],
    "inline style": ["https://r.test/inline.png"],
    "inline style quoted": ["//r.test/inline-quoted.png"],
    "style url": ["https://r.test/style-url.png"],
    "style import": ["https://r.test/import.css"],
    "style import url": ["https://r.test/import-url.css"],
    "table background": ["https://r.test/table.gif"],
}
# What loads nothing, or loads only from the page's own files.
HARMLESS = """
<a href="https://doi.org/10.1/x">a link</a>
<link rel="canonical" href="https://r.test/canonical.html">
<link rel="next" href="https://r.test/next.html">
<link rel="stylesheet" href="_static/local.css">
<img src="../_images/figure.svg" srcset="../_images/figure.svg 1x" alt="">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="">
<div style="background: url(../_static/bg.png)">x</div>
<style>.b { background: url(data:image/svg+xml;utf8,<svg/>) } /* url(https://r.test/commented.png) */</style>
<p>the text https://r.test/plain.html is only text</p>
"""


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"


def test_every_kind_of_fetch_is_listed_by_the_scan():
    assert EACH_WAY.keys() == EXPECTED.keys()
    for way, markup in EACH_WAY.items():
        assert remote(html_urls(_page(markup))) == EXPECTED[way], way


def test_one_page_with_all_of_them_lists_each_once():
    found = remote(html_urls(_page("\n".join(EACH_WAY.values()))))
    assert sorted(found) == sorted(url for urls in EXPECTED.values() for url in urls)


def test_hyperlinks_local_files_and_data_are_not_fetches_from_elsewhere():
    assert remote(html_urls(_page(HARMLESS))) == []
    assert "_static/local.css" in html_urls(_page(HARMLESS))


@pytest.mark.parametrize(
    ("css", "urls"),
    [
        ('@import "https://r.test/a.css";', ["https://r.test/a.css"]),
        ("@import url('//r.test/b.css');", ["//r.test/b.css"]),
        ("@font-face { src: url(https://r.test/f.woff2) format('woff2'), url(local.woff) }",
         ["https://r.test/f.woff2", "local.woff"]),
        (".x { background:\n  url( \"https://r.test/c.png\" ) }", ["https://r.test/c.png"]),
        ("/* url(https://r.test/commented.png) */ .y { color: red }", []),
    ],
)
def test_css_fetches_are_found(css, urls):
    assert css_urls(css) == urls


# --- the built book -----------------------------------------------------------------------------------


def test_no_page_or_style_sheet_fetches_from_the_network(html_dir):
    offenders = []
    for page in sorted(html_dir.rglob("*.html")):
        offenders += [f"{page.relative_to(html_dir)}: {url}"
                      for url in remote(html_urls(page.read_text(encoding="utf-8")))]
    for css in sorted(html_dir.rglob("*.css")):
        offenders += [f"{css.relative_to(html_dir)}: {url}"
                      for url in remote(css_urls(css.read_text(encoding="utf-8", errors="replace")))]
    assert not offenders, "remote resources:\n" + "\n".join(offenders)
