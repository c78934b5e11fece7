# The commands README.md names. `make book` sets everything up and builds HTML and PDF;
# `make test` builds both and runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
JBFLAGS := -W -n --keep-going
# Reproducible dates in SVG, PDF and the title page: the last commit's time.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: book setup sysdeps html pdf test bench verify lab lint clean

book: setup html pdf

setup: sysdeps $(VENV)/.installed

# Debian packages for xelatex, Chinese TeX and the CJK fonts (installed when run as root).
sysdeps:
	python3 -m brimech.sysdeps --install

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Validation reports every data problem with file, row and field before any notebook runs;
# it re-runs only when a data file changed.
_build/.data-valid: $(wildcard data/*.csv) data/datapackage.json | setup
	$(PY) -m brimech validate data
	mkdir -p _build && touch $@

html: setup _build/.data-valid
	$(JB) build . --builder html $(JBFLAGS)

# A failed latexmk run leaves state behind that breaks the next one: drop the LaTeX folder on failure.
pdf: setup
	$(JB) build . --builder pdflatex $(JBFLAGS) || { rm -rf _build/latex; exit 1; }
	test -s _build/latex/book.pdf

# cffconvert (validates CITATION.cff) pins jsonschema<4, so it lives in its own venv.
# Lock: echo cffconvert==2.0.0 | .venv/bin/pip-compile --strip-extras --output-file=requirements-cff.txt -
.venv-cff/.installed: requirements-cff.txt
	test -x .venv-cff/bin/python || python3 -m venv .venv-cff
	.venv-cff/bin/python -m pip install --quiet -r requirements-cff.txt
	touch $@

test: book .venv-cff/.installed
	python3 -m brimech.sysdeps --install --tests
	$(PY) -m pytest

# Times and sizes (not part of the tests): prints a table and writes book/bench-results.md.
bench: book
	$(PY) -m brimech.bench

# Two clean builds from the same commit must be identical to the byte.
verify: setup
	$(PY) -m brimech.verify

# JupyterLab, to open and re-run the notebooks; installed on first use from its own pinned list.
lab: setup
	$(PY) -m pip install --quiet -r requirements-lab.txt
	$(VENV)/bin/jupyter lab notebooks/

lint: setup
	$(VENV)/bin/ruff check brimech tests

clean:
	rm -rf _build
