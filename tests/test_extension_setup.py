"""Each mutated Sphinx extension registers exactly its handlers, for the events they are written for."""

from __future__ import annotations

import pytest

from brimech.sphinxext import cite_page, execution
from brimech.sphinxext import provenance as provenance_ext


class RecordingApp:
    """Notes what an extension's setup() asks of Sphinx."""

    def __init__(self):
        self.connected, self.extensions, self.transforms = [], [], []

    def connect(self, event, handler, *args, **kwargs):
        self.connected.append((event, handler))

    def setup_extension(self, name):
        self.extensions.append(name)

    def add_transform(self, transform):
        self.transforms.append(transform)


SAFE = {"parallel_read_safe": True, "parallel_write_safe": True}


@pytest.mark.parametrize(
    ("module", "connected", "extensions", "transforms", "version"),
    [
        (execution, [("builder-inited", execution._on_builder_inited),
                     ("env-get-outdated", execution._on_env_get_outdated),
                     ("source-read", execution._on_source_read),
                     ("build-finished", execution._on_build_finished)], [], [], "0.2"),
        (cite_page, [("config-inited", cite_page._generate)], [], [], "0.1"),
        (provenance_ext, [("env-get-outdated", provenance_ext._page_outdated_when_inputs_changed),
                          ("env-before-read-docs", provenance_ext._start_and_read_page_last),
                          ("source-read", provenance_ext._write_entries)],
         ["brimech.sphinxext.execution", "brimech.sphinxext.figure_registry"],
         [provenance_ext.LinkCaptionsToProvenance], "0.1"),
    ],
    ids=["execution", "cite_page", "provenance"],
)
def test_setup_registers_each_handler_for_its_event(module, connected, extensions, transforms, version):
    app = RecordingApp()
    assert module.setup(app) == {**SAFE, "version": version}
    assert app.connected == connected
    assert app.extensions == extensions
    assert app.transforms == transforms
