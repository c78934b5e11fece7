"""Every project rule of the data package (brimech.data.project_problems) refuses data that breaks it.

Each test breaks one rule in a copy of the real package with a one-cell (or one-row) change,
and checks that the report names the file, the CSV row (header = row 1) and the field, and
says which rule was broken. The rows to break are found by what they hold, not by number,
so the tests follow the data as it grows.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from data_copy import copy_data

from brimech.data import DataError, load, project_problems, report

Row = dict[str, str]


# The rule as the report states it to whoever edits the file.
ONE_SOURCE = (": give exactly one source (an article section for facts the article states, "
              "otherwise an outside address)")
ONE_DIMENSION = ": a dimension is required for the comprehensive stage and not allowed for the others"


def _read(data: Path, table: str) -> tuple[list[str], list[Row]]:
    with open(data / f"{table}.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(data: Path, table: str, header: list[str], rows: list[Row]) -> None:
    with open(data / f"{table}.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _row_number(rows: list[Row], chosen: Row) -> int:
    """The CSV row number of ``chosen`` as the report counts it: the header is row 1."""
    return 2 + next(i for i, row in enumerate(rows) if row is chosen)


def _break(data: Path, table: str, pick: Callable[[Row], bool], **changes: str) -> int:
    """Set ``changes`` on the first row for which ``pick`` holds; return that row's CSV row number."""
    header, rows = _read(data, table)
    chosen = next(row for row in rows if pick(row))
    chosen.update(changes)
    _write(data, table, header, rows)
    return _row_number(rows, chosen)


def _lines_at(problems: list[str], where: str) -> list[str]:
    """The problems reported at ``where`` (e.g. 'stages.csv, row 4, field dimension')."""
    return [line for line in problems if line.startswith(where + ":")]


def _assert_reported(data: Path, where: str, *words: str) -> None:
    """The project rules report a line at ``where`` holding every one of ``words``.

    The rules are asked directly (brimech.data.project_problems): that is quick, and the last
    test shows that loading reports them, together with the schema's problems.
    """
    problems = project_problems(data)
    found = _lines_at(problems, where)
    assert found, f"nothing reported at {where!r}; the report was:\n" + "\n".join(problems)
    assert any(all(word in line for word in words) for line in found), found


def _sections(data: Path) -> dict[str, Row]:
    return {row["id"]: row for row in _read(data, "sections")[1]}


# --- the unbroken copy is clean, so what the tests below see is their own change ----------------


def test_an_unchanged_copy_has_no_problem(tmp_path):
    assert report(copy_data(tmp_path) / "datapackage.json") == []


# --- milestones: one source, dated when outside, measure with value ----------------------------


def test_milestone_without_any_source(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "milestones", lambda r: bool(r["source_url"]), source_url="", accessed="")
    _assert_reported(data, f"milestones.csv, row {n}, field source_section/source_url", ONE_SOURCE)


def test_milestone_with_both_sources(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "milestones", lambda r: bool(r["source_url"]), source_section="s2.1")
    _assert_reported(data, f"milestones.csv, row {n}, field source_section/source_url", "exactly one source")


def test_outside_source_without_an_access_date(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "milestones", lambda r: bool(r["source_url"]), accessed="")
    _assert_reported(data, f"milestones.csv, row {n}, field accessed", "without an access date")


@pytest.mark.parametrize("emptied", ["value", "measure"])
def test_measure_and_value_come_together(tmp_path, emptied):
    data = copy_data(tmp_path)
    n = _break(data, "milestones", lambda r: bool(r["measure"] and r["value"]), **{emptied: ""})
    _assert_reported(data, f"milestones.csv, row {n}, field measure/value", "both a measure and a value")


# --- mechanisms: priorities follow the sections of 三, one headline each -------------------------


def test_priority_must_follow_the_section(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "mechanisms", lambda r: r["section"] == "s3.1" and r["is_priority"] == "false",
               priority="digital")
    _assert_reported(data, f"mechanisms.csv, row {n}, field priority", "'digital'", "'supply_chain'", "s3.1")


def test_mechanism_outside_the_priorities_has_no_priority(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "mechanisms", lambda r: r["section"] == "s2.1", priority="digital")
    _assert_reported(data, f"mechanisms.csv, row {n}, field priority", "'digital'", "must have priority ''")


def test_headline_mechanism_needs_a_priority(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "mechanisms", lambda r: r["section"] == "s2.1", is_priority="true")
    _assert_reported(data, f"mechanisms.csv, row {n}, field is_priority", "needs a priority")


def test_each_priority_needs_a_headline(tmp_path):
    data = copy_data(tmp_path)
    _break(data, "mechanisms", lambda r: r["priority"] == "digital" and r["is_priority"] == "true",
           is_priority="false")
    _assert_reported(data, "mechanisms.csv, field is_priority", "'digital'", "exactly one", "found 0")


def test_each_priority_has_only_one_headline(tmp_path):
    data = copy_data(tmp_path)
    header, rows = _read(data, "mechanisms")
    first = next(r for r in rows if r["priority"] == "supply_chain" and r["is_priority"] == "true")
    second = next(r for r in rows if r["priority"] == "supply_chain" and r["is_priority"] == "false")
    second["is_priority"] = "true"
    _write(data, "mechanisms", header, rows)
    numbers = sorted([_row_number(rows, first), _row_number(rows, second)])
    _assert_reported(data, "mechanisms.csv, field is_priority", "'supply_chain'", "found 2", f"rows {numbers}")


def test_headline_mechanism_without_parts(tmp_path):
    data = copy_data(tmp_path)
    headline = next(r["id"] for r in _read(data, "mechanisms")[1]
                    if r["is_priority"] == "true" and r["priority"] == "private_capital")
    header, rows = _read(data, "relations")
    kept = [r for r in rows if not (r["type"] == "part_of" and r["target"] == headline)]
    assert len(kept) < len(rows)
    _write(data, "relations", header, kept)
    _assert_reported(data, "relations.csv, field target", repr(headline), "no part_of relation")


# --- relations and stages -------------------------------------------------------------------------


def test_relation_to_itself(tmp_path):
    data = copy_data(tmp_path)
    header, rows = _read(data, "relations")
    chosen = next(r for r in rows if r["source"] != r["target"])
    chosen["target"] = chosen["source"]
    _write(data, "relations", header, rows)
    _assert_reported(data, f"relations.csv, row {_row_number(rows, chosen)}, field target",
                     repr(chosen["source"]), "to itself")


def test_stage_order_follows_the_stage(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "stages", lambda r: r["stage"] == "pillar", stage_order="3")
    _assert_reported(data, f"stages.csv, row {n}, field stage_order", "'3'", "'pillar' is step 2")


def test_a_dimension_is_only_for_the_comprehensive_stage(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "stages", lambda r: r["stage"] == "single_field", dimension="cross_actor")
    _assert_reported(data, f"stages.csv, row {n}, field dimension", ONE_DIMENSION)


def test_the_comprehensive_stage_needs_a_dimension(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "stages", lambda r: r["stage"] == "comprehensive", dimension="")
    _assert_reported(data, f"stages.csv, row {n}, field dimension", ONE_DIMENSION)


# --- sections ---------------------------------------------------------------------------------------


def test_a_section_comes_after_its_parent(tmp_path):
    data = copy_data(tmp_path)
    header, rows = _read(data, "sections")
    child = next(r for r in rows if r["id"] == "s2.1")
    parent = next(r for r in rows if r["id"] == child["parent"])
    child["order"], parent["order"] = parent["order"], child["order"]  # orders stay unique
    _write(data, "sections", header, rows)
    _assert_reported(data, f"sections.csv, row {_row_number(rows, child)}, field order",
                     f"before its parent {parent['id']!r}")


# --- locators: a section that exists, a paragraph it has, never the abstract ----------------------


@pytest.mark.parametrize("table", ["mechanisms", "relations"])
def test_locator_names_a_section_that_exists(tmp_path, table):
    data = copy_data(tmp_path)
    assert "s4.4.2" not in _sections(data)
    n = _break(data, table, lambda r: True, locator="s4.4.2¶1")
    _assert_reported(data, f"{table}.csv, row {n}, field locator", "'s4.4.2'", "sections.csv does not have")


def test_locator_may_not_point_to_the_abstract(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "mechanisms", lambda r: True, locator="abstract¶1")
    _assert_reported(data, f"mechanisms.csv, row {n}, field locator", "points to the abstract")


@pytest.mark.parametrize("table", ["mechanisms", "relations"])
def test_locator_paragraph_exists_in_its_section(tmp_path, table):
    data = copy_data(tmp_path)
    header, rows = _read(data, table)
    chosen = next(r for r in rows if r["section"] == "s2.1")
    has = int(_sections(data)["s2.1"]["paragraphs"])
    chosen["locator"] = f"s2.1¶{has + 1}"
    _write(data, table, header, rows)
    where = f"{table}.csv, row {_row_number(rows, chosen)}, field locator"
    _assert_reported(data, where, f"paragraph {has + 1} of 's2.1'", f"which has {has} paragraph(s)")
    assert all(line.endswith(f"which has {has} paragraph(s)") for line in _lines_at(project_problems(data), where))


@pytest.mark.parametrize("table", ["mechanisms", "relations"])
def test_a_row_without_a_usable_locator_does_not_stop_the_check_of_later_rows(tmp_path, table):
    data = copy_data(tmp_path)
    header, rows = _read(data, table)
    rows[0]["locator"] = ""  # missing: the schema reports it
    rows[1]["locator"] = "not a locator"  # shapeless: the schema's pattern reports it
    later = next(r for r in rows[2:] if r["section"] == "s2.1")
    later["locator"] = "s2.1¶99"
    _write(data, table, header, rows)
    _assert_reported(data, f"{table}.csv, row {_row_number(rows, later)}, field locator", "paragraph 99 of 's2.1'")


def test_last_paragraph_of_a_section_is_a_valid_locator(tmp_path):
    data = copy_data(tmp_path)
    has = int(_sections(data)["s2.1"]["paragraphs"])
    _break(data, "mechanisms", lambda r: r["section"] == "s2.1", locator=f"s2.1¶{has}")
    assert project_problems(data) == []


def test_the_introduction_has_no_heading_to_point_to(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "mechanisms", lambda r: r["section"] == "intro", locator="intro¶0")
    where = f"mechanisms.csv, row {n}, field locator"
    _assert_reported(data, where, "paragraph 0 of 'intro'")
    assert all(line.endswith("paragraph(s) and no heading") for line in _lines_at(project_problems(data), where))


def test_a_relation_passage_lies_in_the_relations_section(tmp_path):
    data = copy_data(tmp_path)
    n = _break(data, "relations", lambda r: r["section"] == "s2.1", locator="s1.1¶1")
    _assert_reported(data, f"relations.csv, row {n}, field locator", "lies in section 's1.1'", "'s2.1'")


# --- schema problems and project problems are reported together ------------------------------------


def test_report_gives_schema_and_project_problems_together(tmp_path):
    data = copy_data(tmp_path)
    schema_row = _break(data, "mechanisms", lambda r: True, kind="gadget")  # an enum: frictionless
    rule_row = _break(data, "stages", lambda r: r["stage"] == "pillar", stage_order="3")  # a project rule
    problems = report(data / "datapackage.json")
    assert _lines_at(problems, f"mechanisms.csv, row {schema_row}, field kind")
    assert _lines_at(problems, f"stages.csv, row {rule_row}, field stage_order")
    with pytest.raises(DataError) as refused:
        load(data / "datapackage.json")
    assert refused.value.problems == problems
    # Each kind alone is a problem of its own: neither hides the other.
    assert project_problems(data) == _lines_at(problems, f"stages.csv, row {rule_row}, field stage_order")
