"""A strict build: a notebook that raises, or a dangling reference, fails the build and names the file."""

from __future__ import annotations

import csv

import nbformat

from tools import book


def _append_cell(notebook, cell) -> None:
    notebook_node = nbformat.read(notebook, as_version=4)
    notebook_node.cells.append(cell)
    nbformat.write(notebook_node, notebook)


def test_a_clean_copy_builds_html_and_pdf(clean_builds):
    for copy in clean_builds:
        assert (book.output_dir(copy, "html") / "index.html").is_file()
        assert (book.output_dir(copy, "pdflatex") / "book.pdf").is_file()


def test_a_notebook_that_raises_fails_the_build_naming_it(book_copy):
    _append_cell(book_copy / "notebooks/03_priorities.ipynb", nbformat.v4.new_code_cell("raise RuntimeError('boom')"))
    result = book.build(book_copy, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "03_priorities" in output
    assert "RuntimeError" in output


def test_a_dangling_reference_fails_the_build_naming_the_file(book_copy):
    _append_cell(
        book_copy / "notebooks/01_necessity.ipynb",
        nbformat.v4.new_markdown_cell("见 {numref}`图 %s <fig-that-does-not-exist>`。"),
    )
    result = book.build(book_copy, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "01_necessity" in output and "fig-that-does-not-exist" in output


def test_invalid_data_stops_the_build_listing_file_row_and_field(book_copy):
    relations = book_copy / "data" / "relations.csv"
    with relations.open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    rows[0]["target"] = "no-such-mechanism"
    with relations.open("w", encoding="utf-8", newline="") as table:
        writer = csv.DictWriter(table, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = book.build(book_copy, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "the data package is invalid, no notebook was run" in output
    assert "relations.csv" in output and "row 2" in output and "target" in output
    assert "Traceback" not in output
