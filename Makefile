# The commands README.md names. `make book` sets everything up and builds HTML and PDF;
# `make test` builds both and runs every test; `make test-fast` runs the tests that need no book build.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

VENV := .venv
PY := $(VENV)/bin/python
# Reproducible dates in SVG, PDF and the title page: the last commit's time.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# Tests spread over the cores (pytest-xdist); tests that share a built copy of the book run in one worker.
PYTEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: book setup sysdeps html pdf test test-fast bench mutation seeded-bugs verify lab lint lock clean

book: setup html pdf

setup: sysdeps $(VENV)/.installed

# Debian packages for xelatex, Chinese TeX and the CJK fonts (installed when run as root).
sysdeps:
	python3 -m tools.sysdeps --install

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The build validates the data and re-executes notebooks only when their code, the data or the
# brimech code they import changed (brimech/sphinxext/execution.py); tools/book.py holds the flags.
html: setup
	$(PY) -m tools.book . --builder html

pdf: setup
	$(PY) -m tools.book . --builder pdflatex

# cffconvert (validates CITATION.cff) pins jsonschema<4, so it lives in its own venv.
.venv-cff/.installed: requirements-cff.txt
	test -x .venv-cff/bin/python || python3 -m venv .venv-cff
	.venv-cff/bin/python -m pip install --quiet -r requirements-cff.txt
	touch $@

test: book .venv-cff/.installed
	python3 -m tools.sysdeps --install --tests
	$(PY) -m pytest -n $(PYTEST_WORKERS) --durations=25  # the slowest 25: where the time of a run goes

# The tests that need no built book, no browser and no kernel (markers in tests/conftest.py).
test-fast: setup .venv-cff/.installed
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not book and not browser and not slow"

# Times and sizes (not part of the tests): prints a table and writes book/bench-results.md.
bench: setup
	$(PY) -m tools.bench

# Mutation testing with mutmut (not part of `make test`: a module takes minutes to hours): the fast
# tests against one-token changes of the modules that decide what the reader sees. One module:
# `make mutation MODULE=brimech.data`; without MODULE, every module tools/mutation.py lists, in turn.
# Writes the share of mutants killed per module to book/mutation-results.md.
# `make mutation SAMPLE=60`: 60 mutants per module, drawn with a fixed seed (a full run takes hours).
MODULE ?=
SAMPLE ?=
mutation: setup
	$(PY) -m tools.mutation run $(MODULE) $(if $(SAMPLE),--sample $(SAMPLE))

# Known bugs planted one at a time in a copy of the checkout; each must make its named tests fail.
seeded-bugs: setup
	$(PY) -m tools.seeded_bugs

# Two clean builds from the same commit must be identical to the byte.
verify: setup
	$(PY) -m tools.verify

# JupyterLab, to open and re-run the notebooks; installed on first use from its own pinned list.
lab: setup
	$(PY) -m pip install --quiet -r requirements-lab.txt
	$(VENV)/bin/jupyter lab notebooks/

lint: setup
	$(VENV)/bin/ruff check brimech tools tests

# The three pinned lists, from their .in files; existing pins are kept unless an .in file needs a change.
# No index or find-links lines: the machine compiling them may use a local mirror, the lock must not say so.
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: setup
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-lab.txt requirements-lab.in
	$(PIP_COMPILE) --output-file=requirements-cff.txt requirements-cff.in

clean:
	rm -rf _build
