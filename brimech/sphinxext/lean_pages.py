"""Pages load what they use.

- Icons. The theme links Font Awesome's script (1.45 MB: every free icon, drawn by
  JavaScript) from every page, and its stylesheet declares the icon web fonts (300 KB)
  with a rule for each of some two thousand icons. The pages use about fifteen. After
  the build, the icons the pages name are looked up in that same script and written
  as CSS masks to ``_static/icons.css``; the pages no longer link the script, and the
  stylesheet's copy loses the font faces and the per-icon rules.
- Search. The theme loads the search index and Sphinx's search scripts on every page,
  for a search-as-you-type box this book does not switch on: only the search page
  loads them now.
- sphinx-design (added by Jupyter Book) links its stylesheet and script from every
  page; they stay only on pages that use one of its components.

The script tags are removed by a template (templates/layout.html) that filters the
theme's own blocks, so nothing of the theme's markup is copied here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
ICONS_CSS = "icons.css"
FONTAWESOME_SCRIPT = Path("scripts") / "fontawesome.js"
THEME_STYLESHEET = Path("styles") / "pydata-sphinx-theme.css"
STYLES = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}
# Classes of Font Awesome that size or place an icon rather than name one.
MODIFIERS = re.compile(r"fa-(\d*x[sl]?|xs|sm|lg|xl|\d+x|fw|li|ul|border|pull-\w+|spin\S*|pulse|beat\S*|fade|bounce|"
                       r"flip\S*|shake|rotate\S*|stack\S*|inverse|solid|regular|brands)$")
ICON_CLASSES = re.compile(r'class="([^"]*\bfa-[^"]*)"')
# In fontawesome.js each style is an object literal of icons followed by its registration, d("fas", p).
ICON_SET = re.compile(r"var p=(\{.*?\});.{0,200}?\(\"(fa[srb])\",p\)", re.S)
ICON = re.compile(r'(?:"([\w-]+)"|(\w+)):\[(\d+),(\d+),\[([^\]]*)\],"\w*",("(?:[^"\\]|\\.)*"|\[[^\]]*\])\]')
FONT_FACE = re.compile(r"@font-face\{[^}]*Font Awesome[^}]*\}")
GLYPH_RULE = re.compile(r'(?:\.fa-[\w-]+:{1,2}before,?)+\{content:"[^"]*"\}')
DESIGN_ASSETS = ("sphinx-design", "design-tabs.js")
SAFE_IN_URL = " =:/<>'"  # what a data: URL in CSS may hold as is; '#' and '"' must be escaped


def without_scripts(html: str, *names: str) -> Markup:
    """``html`` less the <script> tags whose src names one of ``names``."""
    pattern = "|".join(re.escape(name) for name in names)
    return Markup(re.sub(rf'\s*<script[^>]*\bsrc="[^"]*(?:{pattern})[^"]*"[^>]*>\s*</script>', "", str(html)))


def icon_outlines(script: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(style prefix, icon name or alias) -> (width, height, SVG path) from Font Awesome's script."""
    icons = {}
    for body, prefix in ICON_SET.findall(script):
        for quoted, bare, width, height, aliases, path in ICON.findall(body):
            outline = json.loads(path)
            outline = outline if isinstance(outline, str) else outline[-1]  # duotone: the primary layer
            for name in [quoted or bare, *re.findall(r'"([\w-]+)"', aliases)]:
                icons[(prefix, name)] = (int(width), int(height), outline)
    return icons


def used_icons(html_pages) -> set[tuple[str, str]]:
    """(style prefix, icon name) of every icon the pages name, e.g. ('fas', 'magnifying-glass')."""
    used = set()
    for html in html_pages:
        for classes in ICON_CLASSES.findall(html):
            names = classes.split()
            prefix = next((STYLES[n] for n in names if n in STYLES), "fas")
            used |= {(prefix, n[3:]) for n in names
                     if n.startswith("fa-") and n not in STYLES and not MODIFIERS.match(n)}
    return used


def icons_css(used: set[tuple[str, str]], outlines: dict) -> str:
    """The icons as masks in the current text colour, 1em high like the web font's glyphs."""
    selectors, rules = [], []
    for prefix, name in sorted(used):
        if (prefix, name) not in outlines:
            raise ValueError(f"icon fa-{name} ({prefix}) is not in the theme's Font Awesome")
        width, height, path = outlines[(prefix, name)]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
        selectors.append(f".fa-{name}::before")
        rules.append(f'.fa-{name}::before{{width:{width / height:.4g}em;'
                     f'mask:url("data:image/svg+xml,{quote(svg, safe=SAFE_IN_URL)}") center/contain no-repeat}}')
    shared = ",".join(selectors) + "{content:\"\";display:inline-block;height:1em;vertical-align:-.125em;" \
        "background-color:currentColor}"
    header = "/* The icons these pages use, from the theme's Font Awesome (brimech.sphinxext.lean_pages). */"
    return "\n".join([header, shared, *rules]) + "\n" if used else header + "\n"


def trimmed_stylesheet(css: str) -> str:
    """The theme stylesheet without Font Awesome's font faces and per-icon rules (icons.css has them)."""
    return GLYPH_RULE.sub("", FONT_FACE.sub("", css))


def _register(app):
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "environment"):
        return  # not an HTML builder
    templates.environment.filters["without_scripts"] = without_scripts
    app.add_css_file(ICONS_CSS)


def _design_assets_only_where_used(app, pagename, templatename, context, doctree):
    if 'class="sd-' in context.get("body", ""):
        return
    def from_design(asset) -> bool:
        return any(name in str(getattr(asset, "filename", asset)) for name in DESIGN_ASSETS)

    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not from_design(asset)]


def _write_icons(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    source = static / FONTAWESOME_SCRIPT  # the theme's, copied to the output at every build
    if not source.is_file():
        return
    pages = [p.read_text(encoding="utf-8") for p in Path(app.outdir).rglob("*.html")]
    outlines = icon_outlines(source.read_text(encoding="utf-8"))
    (static / ICONS_CSS).write_text(icons_css(used_icons(pages), outlines), encoding="utf-8")
    stylesheet = static / THEME_STYLESHEET
    stylesheet.write_text(trimmed_stylesheet(stylesheet.read_text(encoding="utf-8")), encoding="utf-8")
    for unused in (source, source.with_name(source.name + ".map"), source.with_name(source.name + ".LICENSE.txt")):
        unused.unlink(missing_ok=True)


def _add_templates(app, config):
    config.templates_path.insert(0, str(TEMPLATES))


def setup(app):
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _register)
    app.connect("html-page-context", _design_assets_only_where_used)
    app.connect("build-finished", _write_icons)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
