"""Validate and load the coded article (``data/``) as pandas tables.

One entry point, :func:`load`, either returns every table with proper dtypes or
raises a single :class:`DataError` listing every problem it found (file, CSV row
with the header as row 1, field, what is wrong). It never returns part of the
data: figures drawn from half-checked tables would be wrong without saying so.

Frictionless checks what a Table Schema can say (types, required fields, enums,
patterns, primary and foreign keys); :func:`project_problems` adds the rules of
this project that a schema cannot express.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from brimech import inputs, paths

TABLES = ("sections", "mechanisms", "relations", "stages", "principles", "milestones")
PRIORITY_OF_SECTION = {
    "s3.1": "supply_chain",
    "s3.2": "digital",
    "s3.3": "project_screening",
    "s3.4": "private_capital",
}
STAGE_ORDER = {"single_field": "1", "pillar": "2", "comprehensive": "3"}
# A locator names a section id and a paragraph within it: s2.1¶2; ¶0 is the section's heading.
LOCATOR = re.compile(r"^(?P<section>[a-z0-9.]+)¶(?P<paragraph>\d+)$")


class DataError(Exception):
    """The data package is broken; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the data package:\n" + "\n".join(problems)
        )


@dataclass(frozen=True)
class Tables:
    sections: pd.DataFrame
    mechanisms: pd.DataFrame
    relations: pd.DataFrame
    stages: pd.DataFrame
    principles: pd.DataFrame
    milestones: pd.DataFrame

    def row_counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


def _where(file: str, row: int | None = None, field: str | None = None) -> str:
    parts = [file]
    if row is not None:
        parts.append(f"row {row}")
    if field:
        parts.append(f"field {field}")
    return ", ".join(parts)


def _read_descriptor(datapackage: Path) -> dict:
    try:
        return json.loads(datapackage.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([f"{datapackage}: file not found"]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError([f"{datapackage}: cannot read the descriptor ({err})"]) from None


def _missing_files(descriptor: dict, base: Path) -> list[str]:
    problems = []
    names = [res.get("name") for res in descriptor.get("resources", [])]
    for table in TABLES:
        if table not in names:
            problems.append(f"datapackage.json: no resource named {table!r}")
    for res in descriptor.get("resources", []):
        path = base / res.get("path", "")
        if not path.is_file():
            problems.append(f"{res.get('path')}: file not found (resource {res.get('name')})")
    return problems


def _frictionless_problems(datapackage: Path) -> list[str]:
    """Schema, type, enum, key and foreign-key errors, one line each."""
    import frictionless  # a third of a second to import: only when validating

    try:
        report = frictionless.validate(str(datapackage))
    except frictionless.FrictionlessException as err:
        return [f"{datapackage.name}: {err}"]
    problems = [f"{datapackage.name}: {err.message}" for err in report.errors]
    for task in report.tasks:
        for err in task.errors:
            field = getattr(err, "field_name", None)
            if not field and getattr(err, "field_names", None):
                field = ", ".join(err.field_names)
            if not field and getattr(err, "label", None):
                field = err.label
            row = getattr(err, "row_number", None)
            problems.append(f"{_where(task.place, row, field)}: {err.type}: {err.message}")
    return problems


def _raw_rows(base: Path, table: str) -> list[tuple[int, dict[str, str]]]:
    """(CSV row number, row as strings) for the project checks; header = row 1."""
    try:
        with open(base / f"{table}.csv", encoding="utf-8", newline="") as fh:
            return [(i, row) for i, row in enumerate(csv.DictReader(fh), start=2)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []  # already reported as missing or unreadable


def parse_locator(locator: str) -> tuple[str, int] | None:
    """(section id, paragraph number) of a locator such as ``s2.1¶2``; None if it is not one."""
    match = LOCATOR.match(locator.strip())
    return (match["section"], int(match["paragraph"])) if match else None


def _locator_problems(rows: dict[str, list[tuple[int, dict[str, str]]]]) -> list[str]:
    """Every locator names a section that exists and a paragraph that section has.

    The abstract only summarises the body, so no row may rest on it; the
    introduction has no heading of its own, so it has no paragraph 0. A
    relation's passage lies in the section the row names.
    """
    paragraphs = {}
    for _, row in rows["sections"]:
        try:
            paragraphs[row.get("id")] = int(row.get("paragraphs") or "")
        except ValueError:
            pass  # a missing or non-integer count is a schema error, reported by frictionless
    problems = []
    for table in ("mechanisms", "relations"):
        for n, row in rows[table]:
            locator = (row.get("locator") or "").strip()
            if not locator:
                continue  # a missing locator is a schema error (required)
            where = _where(f"{table}.csv", n, "locator")
            parsed = parse_locator(locator)
            if parsed is None:
                continue  # not shaped like a locator: the schema's pattern reports it
            section, paragraph = parsed
            if section not in paragraphs:
                problems.append(f"{where}: {locator!r} names section {section!r}, which sections.csv does not have")
            elif section == "abstract":
                problems.append(
                    f"{where}: {locator!r} points to the abstract; point to the passage of the body it summarises"
                )
            elif paragraph > paragraphs[section] or (paragraph == 0 and section == "intro"):
                problems.append(
                    f"{where}: {locator!r} names paragraph {paragraph} of {section!r}, which has "
                    f"{paragraphs[section]} paragraph(s)" + (" and no heading" if section == "intro" else "")
                )
            elif table == "relations" and section != (row.get("section") or "").strip():
                problems.append(
                    f"{where}: {locator!r} lies in section {section!r} but the row's section is {row.get('section')!r}"
                )
    return problems


def project_problems(base: Path) -> list[str]:
    """Rules of this project that a Table Schema cannot express."""
    problems: list[str] = []
    rows = {table: _raw_rows(base, table) for table in TABLES}

    for n, row in rows["milestones"]:
        has_section = bool((row.get("source_section") or "").strip())
        has_url = bool((row.get("source_url") or "").strip())
        if has_section == has_url:
            problems.append(
                f"{_where('milestones.csv', n, 'source_section/source_url')}: "
                "give exactly one source (an article section for facts the article states, "
                "otherwise an outside address)"
            )
        if has_url and not (row.get("accessed") or "").strip():
            problems.append(f"{_where('milestones.csv', n, 'accessed')}: outside source without an access date")
        if bool((row.get("measure") or "").strip()) != bool((row.get("value") or "").strip()):
            problems.append(
                f"{_where('milestones.csv', n, 'measure/value')}: give both a measure and a value, or neither"
            )

    headline: dict[str, list[int]] = {}
    for n, row in rows["mechanisms"]:
        priority = (row.get("priority") or "").strip()
        expected = PRIORITY_OF_SECTION.get((row.get("section") or "").strip(), "")
        if priority != expected:
            problems.append(
                f"{_where('mechanisms.csv', n, 'priority')}: is {priority!r} but a mechanism coded in "
                f"section {row.get('section')!r} must have priority {expected!r}"
            )
        if (row.get("is_priority") or "").strip() == "true":
            if not priority:
                problems.append(f"{_where('mechanisms.csv', n, 'is_priority')}: a headline mechanism needs a priority")
            headline.setdefault(priority, []).append(n)
    if rows["mechanisms"]:
        for priority in PRIORITY_OF_SECTION.values():
            found = headline.get(priority, [])
            if len(found) != 1:
                problems.append(
                    f"{_where('mechanisms.csv', None, 'is_priority')}: priority {priority!r} needs exactly "
                    f"one headline mechanism, found {len(found)} (rows {found})"
                )

    # Every headline mechanism must have at least one part, else the figure of 三 is empty.
    headline_ids = {
        row["id"] for _, row in rows["mechanisms"] if (row.get("is_priority") or "").strip() == "true"
    }
    with_parts = {row.get("target") for _, row in rows["relations"] if row.get("type") == "part_of"}
    for mech_id in sorted(headline_ids - with_parts):
        problems.append(
            f"{_where('relations.csv', None, 'target')}: headline mechanism {mech_id!r} has no part_of relation"
        )

    for n, row in rows["relations"]:
        if row.get("source") and row.get("source") == row.get("target"):
            problems.append(f"{_where('relations.csv', n, 'target')}: relation from {row['source']!r} to itself")

    for n, row in rows["stages"]:
        stage, order = row.get("stage"), (row.get("stage_order") or "").strip()
        if stage in STAGE_ORDER and order != STAGE_ORDER[stage]:
            problems.append(
                f"{_where('stages.csv', n, 'stage_order')}: is {order!r} "
                f"but stage {stage!r} is step {STAGE_ORDER[stage]}"
            )
        has_dimension = bool((row.get("dimension") or "").strip())
        if has_dimension != (stage == "comprehensive"):
            problems.append(
                f"{_where('stages.csv', n, 'dimension')}: a dimension is required for the comprehensive "
                "stage and not allowed for the others"
            )

    section_ids = {row.get("id") for _, row in rows["sections"]}
    order_of = {row.get("id"): row.get("order") for _, row in rows["sections"]}
    for n, row in rows["sections"]:
        parent = (row.get("parent") or "").strip()
        if parent and parent in section_ids and int(order_of[parent] or 0) >= int(row.get("order") or 0):
            problems.append(f"{_where('sections.csv', n, 'order')}: comes before its parent {parent!r}")
    return problems + _locator_problems(rows)


def report(datapackage: Path | str = paths.DATAPACKAGE) -> list[str]:
    """Every problem of the package, one line each; empty when it is valid."""
    datapackage = Path(datapackage)
    descriptor = _read_descriptor(datapackage)
    missing = _missing_files(descriptor, datapackage.parent)
    if missing:
        return missing  # frictionless would only repeat these less clearly
    return _frictionless_problems(datapackage) + project_problems(datapackage.parent)


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Cast string columns to the types their Table Schema declares."""
    for spec in schema["fields"]:
        name, kind = spec["name"], spec.get("type", "string")
        column = frame[name].replace("", pd.NA)
        enum = spec.get("constraints", {}).get("enum")
        if kind == "integer":
            frame[name] = column.astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(column).astype("Float64")
        elif kind == "boolean":
            frame[name] = column.map({"true": True, "false": False}).astype(bool)
        elif kind == "date" or name == "date":
            frame[name] = pd.to_datetime(column, format="mixed")
        elif enum:
            frame[name] = pd.Categorical(column, categories=enum)
        else:
            frame[name] = column.astype("string")
    return frame


def load(datapackage: Path | str = paths.DATAPACKAGE) -> Tables:
    """All tables of the package, typed; raises DataError listing every problem.

    ``milestones.date`` becomes the first day of its period (a year is 1 January);
    read it together with ``date_precision``.
    """
    datapackage = Path(datapackage)
    # A notebook run by the book build loads data the build has just validated: the digest suffices.
    problems = [] if inputs.validated(datapackage.parent) else report(datapackage)
    if problems:
        raise DataError(problems)
    descriptor = _read_descriptor(datapackage)
    frames = {}
    for res in descriptor["resources"]:
        raw = pd.read_csv(datapackage.parent / res["path"], dtype=str, keep_default_na=False)
        frames[res["name"]] = _typed(raw, res["schema"])
    return Tables(**{table: frames[table] for table in TABLES})


def main_validate(directory: Path | str = paths.DATA) -> int:
    """CLI body of ``python -m brimech validate [DIR]``: print the outcome, return the exit code."""
    datapackage = Path(directory) / "datapackage.json"
    try:
        tables = load(datapackage)
    except DataError as err:
        print(err)
        return 1
    counts = tables.row_counts()
    print(f"data package OK: {len(counts)} tables, {sum(counts.values())} rows")
    for table, count in counts.items():
        print(f"  {table}: {count}")
    return 0
