"""The tests that share the clean builds run in one pytest-xdist worker, so the builds are made once.

The grouping is silent when it breaks: pytest-xdist read the groups in its own collection hook,
which ran before ours, and for a while every worker built its own pair of clean copies. Here a
throwaway suite, marked by this project's conftest hook and run under this project's pytest
settings on two workers, records which worker ran each test.
"""

from __future__ import annotations

import json
import subprocess
import sys

from brimech import paths

CONFTEST = '''
import pytest
from tests.conftest import pytest_collection_modifyitems  # noqa: F401  (the hook under test)


@pytest.fixture(scope="session")
def clean_builds():
    return None
'''

MODULE = '''
import json, os, pathlib


def _record(name):
    path = pathlib.Path(os.environ["WORKERS_FILE"])
    with path.open("a") as handle:
        handle.write(json.dumps([name, os.environ["PYTEST_XDIST_WORKER"]]) + "\\n")


def test_shared_a(clean_builds):
    _record("shared_a")


def test_shared_b(clean_builds):
    _record("shared_b")


def test_alone_a():
    _record("alone_a")


def test_alone_b():
    _record("alone_b")
'''


def test_every_user_of_the_shared_builds_runs_in_one_worker(tmp_path):
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    for name in ("one", "two", "three"):
        (suite / f"test_{name}.py").write_text(MODULE.replace('"shared_', f'"{name}_shared_')
                                               .replace('"alone_', f'"{name}_alone_'), encoding="utf-8")
    workers_file = tmp_path / "workers.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(paths.ROOT / "pyproject.toml"), "--rootdir", str(suite),
         "-p", "no:cacheprovider", "-n", "2", "-q", str(suite)],
        cwd=paths.ROOT, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(paths.ROOT), "WORKERS_FILE": str(workers_file)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ran = dict(json.loads(line) for line in workers_file.read_text().splitlines())
    assert len(ran) == 12 and set(ran.values()) <= {"gw0", "gw1"}
    shared = {worker for name, worker in ran.items() if "_shared_" in name}
    assert len(shared) == 1, f"the users of the shared builds ran in {sorted(shared)}: {ran}"
