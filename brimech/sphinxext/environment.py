"""Write the environment report (brimech.environment) where book/environment.md includes it."""

from pathlib import Path

from brimech.environment import report

GENERATED = Path("book") / "_generated" / "environment.md"


def _write_report(app):
    target = Path(app.srcdir) / GENERATED
    target.parent.mkdir(parents=True, exist_ok=True)
    text = report(Path(app.srcdir))
    # Rewrite only on change, so an unchanged environment does not make Sphinx re-read the page.
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", _write_report)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
