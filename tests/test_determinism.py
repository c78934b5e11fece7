"""Every figure and every chapter-5 table is the same in two fresh processes with different hash seeds.

Python salts the hash of strings per process, so iterating a set of ids or field names gives
another order in another process; a figure or table built that way changes between two builds
although nothing changed. Drawing twice in one process cannot see that: the two processes here run
with PYTHONHASHSEED 1 and 2 and compare the SVG bytes and the tables' text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from brimech.figures import registry

# Runs in each process: a digest of every figure (SVG, zh) and of the chapter-5 tables (zh and en).
SCRIPT = """
import hashlib, io, json
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from brimech import network
from brimech.data import load
from brimech.figures import registry

tables = load()
digests = {}
for figure_id, figure in sorted(registry().items()):
    fig = figure.function(tables, lang="zh")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    digests["figure " + figure_id] = hashlib.sha256(buffer.getvalue()).hexdigest()
graph = network.build_graph(tables)
for lang in ("zh", "en"):
    shown = {
        "centrality": network.centrality_table(graph, lang),
        "brokers": network.brokers(graph, lang),
        "communities": network.communities_by_field(graph, lang),
        "removal": network.removal_table(graph, [network.HUB, network.top_broker(graph)], lang),
        "node key": network.node_key(graph, tables, lang),
    }
    for name, frame in shown.items():
        digests[f"table {name} {lang}"] = hashlib.sha256(frame.to_csv().encode()).hexdigest()
print(json.dumps(digests))
"""


def _digests_with_seeds(*seeds: str) -> list[dict[str, str]]:
    """Run SCRIPT once per seed, the processes side by side."""
    runs = [
        subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"})
        for seed in seeds
    ]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=900)
        assert run.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.fixture(scope="module")
def digests():
    return _digests_with_seeds("1", "2")


def test_every_figure_and_table_is_covered(digests):
    first, _ = digests
    assert {f"figure {figure_id}" for figure_id in registry()} <= first.keys()
    assert sum(key.startswith("table ") for key in first) == 10


def test_figures_and_tables_do_not_depend_on_the_hash_seed(digests):
    first, second = digests
    differ = sorted(key for key in first if first[key] != second.get(key))
    assert not differ, f"different between PYTHONHASHSEED=1 and 2: {differ}"
