"""Pages load what they use.

- Icons. The theme links Font Awesome's script (1.45 MB: every free icon, drawn by
  JavaScript) from every page, although its stylesheet draws the same icons with
  Font Awesome's web fonts (300 KB, some two thousand glyphs). The pages no longer
  link the script, and after the build the web fonts are cut down to the glyphs
  used: the icons the pages name and those the stylesheets draw themselves
  (admonitions, external links, ...).
- Search. The theme loads the search index and Sphinx's search scripts on every page,
  for a search-as-you-type box this book does not switch on: only the search page
  loads them now.
- sphinx-design (added by Jupyter Book) links its stylesheet and script from every
  page; they stay only on pages that use one of its components.

The script tags are removed by a template (templates/layout.html) that filters the
theme's own blocks, so nothing of the theme's markup is copied here.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
FONTAWESOME_SCRIPT = Path("scripts") / "fontawesome.js"
ICON_FONTS = Path("vendor") / "fontawesome" / "webfonts"
ICON_CLASS = re.compile(r'class="[^"]*"')
# Font Awesome's stylesheet: one rule per icon, e.g. .fa-magnifying-glass:before,.fa-search:before{content:"\f002"}
GLYPH_RULE = re.compile(r'((?:\.fa-[\w-]+:{1,2}before,?)+)\{content:"\\([0-9a-fA-F]+)\s*"\}')
ESCAPED_CHARACTER = re.compile(r'"[^"\n]*?\\([0-9a-fA-F]{4,6})[^"\n]*?"')
PRIVATE_USE = range(0xE000, 0xF900)  # where icon fonts put their glyphs
DESIGN_ASSETS = ("sphinx-design", "design-tabs.js")


def without_scripts(html: str, *names: str) -> Markup:
    """``html`` less the <script> tags whose src names one of ``names``."""
    pattern = "|".join(re.escape(name) for name in names)
    return Markup(re.sub(rf'\s*<script[^>]*\bsrc="[^"]*(?:{pattern})[^"]*"[^>]*>\s*</script>', "", str(html)))


def icon_codepoints(pages: list[str], stylesheets: list[str]) -> set[int]:
    """The icon-font characters in use: those of the icons the pages name (class="fa-solid fa-sun")
    and every private-use character the stylesheets draw outside their per-icon rules."""
    glyphs = {}
    for sheet in stylesheets:
        for selectors, code in GLYPH_RULE.findall(sheet):
            glyphs |= {name: int(code, 16) for name in re.findall(r"\.(fa-[\w-]+)", selectors)}
    named = {name for page in pages for classes in ICON_CLASS.findall(page)
             for name in re.findall(r"fa-[\w-]+", classes)}
    used = {glyphs[name] for name in named if name in glyphs}
    for sheet in stylesheets:
        rest = GLYPH_RULE.sub("", sheet)
        used |= {ord(c) for c in rest if ord(c) in PRIVATE_USE}
        used |= {int(code, 16) for code in ESCAPED_CHARACTER.findall(rest) if int(code, 16) in PRIVATE_USE}
    return used


def subset_font(source: Path, target: Path, codepoints: set[int]) -> None:
    """``source`` (TrueType) cut down to ``codepoints``, written as WOFF2 to ``target``."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def _register(app):
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):  # an HTML builder
        templates.environment.filters["without_scripts"] = without_scripts


def _design_assets_only_where_used(app, pagename, templatename, context, doctree):
    if 'class="sd-' in context.get("body", ""):
        return
    def from_design(asset) -> bool:
        return any(name in str(getattr(asset, "filename", asset)) for name in DESIGN_ASSETS)

    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not from_design(asset)]


def _cut_icon_fonts(app, exception):
    static = Path(app.outdir) / "_static"
    if exception is not None or app.builder.format != "html" or not (static / ICON_FONTS).is_dir():
        return
    pages = [page.read_text(encoding="utf-8") for page in Path(app.outdir).rglob("*.html")]
    stylesheets = [sheet.read_text(encoding="utf-8") for sheet in static.rglob("*.css")]
    codepoints = icon_codepoints(pages, stylesheets)
    for font in sorted((static / ICON_FONTS).glob("*.ttf")):  # the theme's, copied anew at every build
        subset_font(font, font.with_suffix(".woff2"), codepoints)
    script = static / FONTAWESOME_SCRIPT
    for unused in (script, script.with_name(script.name + ".map"), script.with_name(script.name + ".LICENSE.txt")):
        unused.unlink(missing_ok=True)


def _add_templates(app, config):
    config.templates_path.insert(0, str(TEMPLATES))


def setup(app):
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _register)
    app.connect("html-page-context", _design_assets_only_where_used)
    app.connect("build-finished", _cut_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
