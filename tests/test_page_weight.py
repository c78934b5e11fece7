"""Pages load what they use: no icon script, icon fonts cut to the glyphs used, no search index outside
the search page, lean SVG figures that draw the same outlines; the heaviest page stays under 1.5 MB."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from brimech import figure_output  # noqa: E402
from brimech.sphinxext import lean_pages  # noqa: E402
from brimech.style import use_book_style  # noqa: E402
from tools import bench  # noqa: E402

MB = 1024 * 1024
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


def test_without_scripts_drops_only_the_named_scripts():
    html = ('<script src="_static/a.js?v=1"></script>\n  <script defer src="_static/scripts/fontawesome.js?d=2">'
            '</script><link rel="preload" href="x.js"><script>inline()</script>')
    assert str(lean_pages.without_scripts(html, "fontawesome.js")) == (
        '<script src="_static/a.js?v=1"></script><link rel="preload" href="x.js"><script>inline()</script>')


def test_icon_codepoints_are_the_named_icons_and_what_the_stylesheet_draws():
    sheet = ('.fa-sun:before{content:"\\f185"}.fa-moon:before,.fa-dark:before{content:"\\f186"}'
             '.fa-unused:before{content:"\\f000"}:root{--pst-icon-info:"\uf05a"}.x:after{content:"\\f107"}'
             '.quote:before{content:"\\201c"}')
    pages = ['<i class="fa-solid fa-sun fa-lg"></i><span class="theme-switch fa-solid fa-dark"></span>']
    assert lean_pages.icon_codepoints(pages, [sheet]) == {0xF185, 0xF186, 0xF05A, 0xF107}


def test_a_cut_font_keeps_exactly_the_glyphs_asked_for(tmp_path):
    from matplotlib import font_manager

    source = font_manager.findfont("DejaVu Sans")
    target = tmp_path / "cut.woff2"
    lean_pages.subset_font(source, target, {ord("A"), ord("B")})
    cut = TTFont(str(target))
    assert cut.flavor == "woff2" and set(cut.getBestCmap()) == {ord("A"), ord("B")}


def _absolute_points(d: str) -> list[tuple[float, float]]:
    """Every point a path passes through or bends towards, in absolute coordinates (M/L/Q/C/Z, m/l/h/v/q/c/z)."""
    tokens = re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", d)
    points, x, y, start, i = [], 0.0, 0.0, (0.0, 0.0), 0
    counts = {"m": 2, "l": 2, "q": 4, "c": 6, "h": 1, "v": 1, "z": 0}
    while i < len(tokens):
        command = tokens[i]
        i += 1
        values = [float(v) for v in tokens[i:i + counts[command.lower()]]]
        i += len(values)
        relative = command.islower()
        if command.lower() == "z":
            x, y = start
            continue
        if command.lower() == "h":
            x = x + values[0] if relative else values[0]
        elif command.lower() == "v":
            y = y + values[0] if relative else values[0]
        else:
            pairs = list(zip(values[::2], values[1::2], strict=True))
            for px, py in pairs[:-1]:
                points.append((x + px, y + py) if relative else (px, py))
            x, y = (x + pairs[-1][0], y + pairs[-1][1]) if relative else pairs[-1]
        if command.lower() == "m":
            start = (x, y)
        points.append((x, y))
    return points


def _glyphs(svg: str) -> dict[str, tuple[list, float]]:
    root = ET.fromstring(svg)
    glyphs = {}
    for path in root.iter(f"{SVG}path"):
        if path.get("id") and (path.get("transform") or "").startswith("scale("):  # glyph outlines
            scale = float(re.fullmatch(r"scale\((.+)\)", path.get("transform")).group(1))
            glyphs[path.get("id")] = (_absolute_points(path.get("d") or ""), scale)  # a space has no outline
    return glyphs


def test_lean_svg_draws_the_same_glyph_outlines_and_uses():
    use_book_style()
    figure, axes = plt.subplots(figsize=(3, 1))
    axes.set_title("机制化建设 Mechanisms 2024")
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    original = buffer.getvalue()
    lean = figure_output.lean_svg(original)
    assert len(lean) < 0.7 * len(original)
    before, after = _glyphs(original), _glyphs(lean)
    assert len(before) == len(after) > 10
    for (points, scale), (lean_points, lean_scale) in zip(before.values(), after.values(), strict=True):
        assert len(points) == len(lean_points)
        # The same outline, to within half a grid step, in the units the glyph is drawn at.
        for (x, y), (lx, ly) in zip(points, lean_points, strict=True):
            assert abs(x * scale - lx * lean_scale) <= scale * figure_output.GLYPH_STEP / 2 + 1e-9
            assert abs(y * scale - ly * lean_scale) <= scale * figure_output.GLYPH_STEP / 2 + 1e-9
    uses = [u.get(XLINK) for u in ET.fromstring(lean).iter(f"{SVG}use")]
    ids = {element.get("id") for element in ET.fromstring(lean).iter() if element.get("id")}
    assert uses and all(u[1:] in ids for u in uses)
    assert len(uses) == len(list(ET.fromstring(original).iter(f"{SVG}use")))


def test_lean_svg_moves_each_inline_style_to_one_class_with_the_same_declarations():
    use_book_style()
    figure, axes = plt.subplots(figsize=(3, 2))
    for offset in range(4):
        axes.plot([0, 1], [offset, offset + 1], linestyle="--", color="#555555")
    axes.bar([0, 1], [1, 2], color="#2a6fb0")
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    original = buffer.getvalue()
    lean = figure_output.lean_svg(original)
    assert ' style="' not in lean
    rules = dict(re.findall(r"\.(s[0-9a-f]+)\{([^}]*)\}", lean))
    before = [e.get("style") for e in ET.fromstring(original).iter() if e.get("style")]
    after = [rules[e.get("class")] for e in ET.fromstring(lean).iter() if e.get("class")]
    assert sorted(before) == sorted(after) and len(set(after)) < len(after)


@pytest.fixture(scope="module")
def content_pages(html_dir):
    return [p for p in html_dir.rglob("*.html") if "_static" not in p.parts and p.name not in {"search.html"}]


def test_no_page_loads_the_icon_script_or_outside_search_the_search_index(html_dir, content_pages):
    for page in content_pages:
        html = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in html, page
        assert "searchindex.js" not in html, page
    assert "searchindex.js" in (html_dir / "search.html").read_text(encoding="utf-8")


def test_every_icon_a_page_names_is_in_the_cut_icon_font(html_dir, content_pages):
    stylesheets = [p.read_text(encoding="utf-8") for p in (html_dir / "_static").rglob("*.css")]
    glyphs = {}
    for sheet in stylesheets:
        for selectors, code in lean_pages.GLYPH_RULE.findall(sheet):
            glyphs |= {name: int(code, 16) for name in re.findall(r"\.(fa-[\w-]+)", selectors)}
    solid = TTFont(str(html_dir / "_static" / lean_pages.ICON_FONTS / "fa-solid-900.woff2"))
    cmap = set(solid.getBestCmap())
    named = set()
    for page in content_pages:
        for classes in re.findall(r'class="([^"]*\bfa-solid\b[^"]*)"', page.read_text(encoding="utf-8")):
            named |= {n for n in classes.split() if n in glyphs}
    assert named and {glyphs[n] for n in named} <= cmap
    assert len(cmap) < 100, "the icon font was not cut down"


def test_the_heaviest_page_with_its_assets_is_under_one_and_a_half_megabytes(html_dir):
    page, weight = bench.heaviest_page(html_dir)
    assert weight <= 1.5 * MB, f"{page}: {weight / MB:.2f} MB"
