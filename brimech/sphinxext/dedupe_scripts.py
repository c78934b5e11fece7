"""Drop script tags that a page would load twice.

sphinx-thebe registers its inline configuration script once per reading pass,
so pages can carry it twice, which the browser reports as a redeclared
identifier (THEBE_JS_URL) on every page.
"""


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # The same inline script arrives once with filename None and once with "".
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("html-page-context", _drop_duplicate_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
