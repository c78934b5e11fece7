"""Binder and Colab launch buttons, switched on by one setting: ``repository-code`` in CITATION.cff.

Until the repository is public the setting is absent and the book shows no
buttons (a button to a repository that does not exist would be a dead link).
"""

from __future__ import annotations

from brimech.citation import load_edition

BINDERHUB = "https://mybinder.org"
COLAB = "https://colab.research.google.com"


def launch_options(repository: str | None, branch: str = "main") -> dict:
    """sphinx-book-theme options for the repository link and the launch buttons; {} without a repository."""
    if not repository:
        return {}
    return {
        "repository_url": repository,
        "repository_branch": branch,
        "path_to_docs": "",
        "use_repository_button": True,
        "launch_buttons": {"binderhub_url": BINDERHUB, "colab_url": COLAB, "notebook_interface": "jupyterlab"},
    }


def _configure(app, config):
    options = launch_options(load_edition().repository)
    if options:
        config.html_theme_options = {**(config.html_theme_options or {}), **options}


def setup(app):
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
