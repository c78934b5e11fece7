"""Write the environment report (brimech.environment) where book/environment.md includes it."""

from pathlib import Path

from brimech.environment import report

GENERATED = Path("book") / "_generated" / "environment.md"
GENERATED_EN = Path("book") / "_generated" / "environment-en.md"  # the English edition's (book/en/environment.md)


def _write_report(app):
    english = (app.config.language or "zh").startswith("en")
    target = Path(app.srcdir) / (GENERATED_EN if english else GENERATED)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = report(Path(app.srcdir), "en" if english else "zh")
    # Rewrite only on change, so an unchanged environment does not make Sphinx re-read the page.
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _write_report)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
