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
import difflib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from brimech import inputs, paths, vocabulary

TABLES = ("sections", "mechanisms", "relations", "stages", "principles", "milestones")
PRIORITY_OF_SECTION = {
    "s3.1": "supply_chain",
    "s3.2": "digital",
    "s3.3": "project_screening",
    "s3.4": "private_capital",
}
STAGE_ORDER = {stage: str(step) for step, stage in enumerate(vocabulary.order("stage"), start=1)}
# A locator names a section id and a paragraph within it: s2.1¶2; ¶0 is the section's heading.
LOCATOR = re.compile(r"^(?P<section>[a-z0-9.]+)¶(?P<paragraph>\d+)$")
TRUE_VALUES = {"true", "1"}  # as Frictionless reads booleans, in any case: spreadsheets write TRUE


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


# --- reading: what a spreadsheet or text editor may have saved -------------------------

UTF8_BOM = b"\xef\xbb\xbf"
SAVE_AS_UTF8 = "open it in the spreadsheet and save it again as “CSV UTF-8 (comma delimited)”"
# Start of a file that is not text: (bytes, what it is).
_NOT_TEXT = (
    (b"\xff\xfe", "saved as UTF-16 (“Unicode text”), not UTF-8"),
    (b"\xfe\xff", "saved as UTF-16 (“Unicode text”), not UTF-8"),
    (b"PK\x03\x04", "a spreadsheet workbook (.xlsx or .ods), not a CSV text file"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 workbook (.xls), not a CSV text file"),
)


def _read_text(path: Path, file: str, how_to_fix: str = SAVE_AS_UTF8) -> tuple[str | None, list[str]]:
    """The file as text (UTF-8, with or without a byte-order mark), or the problems that prevent it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [f"{file}: file not found"]
    except OSError as err:
        return None, [f"{file}: cannot open the file ({err.strerror})"]
    for start, what in _NOT_TEXT:
        if raw.startswith(start):
            return None, [f"{file}: the file is {what}; {how_to_fix}"]
    if b"\x00" in raw:  # no UTF-8 text holds NUL; UTF-16 without a byte-order mark does
        return None, [f"{file}: the file is UTF-16 (“Unicode text”) or not text at all, not UTF-8; {how_to_fix}"]
    raw = raw.removeprefix(UTF8_BOM)  # "CSV UTF-8" in common spreadsheet programs writes one
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        return None, [_not_utf8(raw, err, file, how_to_fix)]


def _not_utf8(raw: bytes, err: UnicodeDecodeError, file: str, how_to_fix: str) -> str:
    """Where the first byte that is not UTF-8 sits (row and field), and what the file probably is."""
    # The text before the bad byte is valid UTF-8; a marker in its place shows which row and cell it is in.
    rows = list(csv.reader(io.StringIO(raw[: err.start].decode("utf-8") + "\x00", newline="")))
    header = rows[0] if len(rows) > 1 else []
    column = len(rows[-1]) - 1
    where = _where(file, len(rows), header[column] if column < len(header) else None)
    try:
        raw.decode("gb18030")
        guess = "it looks saved as GBK/GB 18030 (“ANSI” on Chinese Windows)"
    except UnicodeDecodeError:
        guess = "it is in some other encoding"
    return f"{where}: the file is not UTF-8 (byte 0x{raw[err.start]:02x}): {guess}; {how_to_fix}"


@dataclass(frozen=True)
class _CsvTable:
    """A CSV file read as strings: its header and (row number, row) pairs, the header being row 1."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def _read_csv(path: Path, file: str, columns: list[str]) -> tuple[_CsvTable | None, list[str]]:
    """The table, or the problems (encoding, CSV syntax, header) that stop it being read."""
    text, problems = _read_text(path, file)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(reader)
    except csv.Error as err:
        return None, [f"{_where(file, reader.line_num)}: cannot be read as CSV ({err}); {SAVE_AS_UTF8}"]
    if not records or not any(records[0]):
        return None, [f"{file}: the file is empty or starts with a blank line; row 1 must be the header: "
                      + ",".join(columns)]
    header = records[0]
    problems = _header_problems(header, columns, file)
    if problems:
        return None, problems
    # A row with too few or too many cells is Frictionless's to report; here it is padded or cut.
    rows = [(n, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False)))
            for n, cells in enumerate(records[1:], start=2)]
    return _CsvTable(header, rows), []


def _header_problems(header: list[str], columns: list[str], file: str) -> list[str]:
    """Row 1 must name the schema's columns, in the schema's order."""
    expected = ",".join(columns)
    if len(header) == 1 and len(columns) > 1:
        cell = header[0]
        for separator, name in ((";", "semicolons"), ("\t", "tabs")):
            if separator in cell:
                return [f"{_where(file, 1)}: the columns are separated by {name}, not commas; {SAVE_AS_UTF8}"]
        return [f"{_where(file, 1)}: the first row is not a CSV header (it has one column, {len(columns)} "
                f"are expected); is this the right file? Row 1 must be: {expected}"]
    problems = []
    missing = [c for c in columns if c not in header]
    for name in header:
        if name in columns:
            continue
        close = difflib.get_close_matches(name.strip(), missing, n=1, cutoff=0.6)
        if close:
            missing.remove(close[0])
            problems.append(f"{_where(file, 1, name)}: unknown column, probably a misspelt {close[0]!r}: "
                            f"rename it {close[0]!r}")
        else:
            problems.append(f"{_where(file, 1, name)}: unknown column; the schema has no field {name!r}")
    problems += [f"{_where(file, 1, name)}: column missing from the header" for name in missing]
    problems += [f"{_where(file, 1, name)}: column appears twice" for name in sorted({c for c in header
                                                                                        if header.count(c) > 1})]
    if not problems and header != columns:
        problems.append(f"{_where(file, 1)}: the columns are in another order than datapackage.json lists them")
    if problems:
        problems.append(f"{_where(file, 1)}: the header must be: {expected}")
    return problems


def _read_descriptor(datapackage: Path) -> dict:
    """datapackage.json as a dict whose resources each have a name, a path and schema fields."""
    text, problems = _read_text(datapackage, datapackage.name, "save it again as UTF-8")
    if text is None:
        raise DataError(problems)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError([f"{datapackage.name}: cannot read the descriptor: not valid JSON at line {err.lineno}, "
                         f"column {err.colno} ({err.msg})"]) from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not all(_is_resource(res) for res in resources):
        raise DataError([f"{datapackage.name}: cannot read the descriptor: it needs a list of \"resources\", "
                         "each with a \"name\", a \"path\" and a \"schema\" with \"fields\""])
    return descriptor


def _is_resource(res) -> bool:
    schema = res.get("schema") if isinstance(res, dict) else None
    return (
        isinstance(res.get("name"), str)
        and isinstance(res.get("path"), str)
        and isinstance(schema, dict)
        and isinstance(schema.get("fields"), list)
        and all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in schema["fields"])
    )


def _read_tables(descriptor: dict, base: Path) -> tuple[dict[str, _CsvTable], list[str]]:
    """Every resource's CSV read as strings, or every problem that stops one being read."""
    tables, problems = {}, []
    for res in descriptor["resources"]:
        columns = [f["name"] for f in res["schema"]["fields"]]
        table, trouble = _read_csv(base / res["path"], res["path"], columns)
        problems += trouble
        if table is not None:
            tables[res["name"]] = table
    return tables, problems


# --- stable text: what looks right in a spreadsheet but is not the same string -----------

# Spaces other than U+0020 and invisible characters; str.isspace() alone would miss U+200B and U+FEFF.
_ODD_SPACES = {"\u00a0": "a non-breaking space", "\u3000": "a full-width space", "\u200b": "a zero-width space",
               "\ufeff": "an invisible byte-order mark", "\u202f": "a narrow non-breaking space"}


def _char_name(char: str) -> str:
    return f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')})"


def _identifier_fields(schema: dict) -> set[str]:
    """Fields holding codes: keys, foreign keys, categories, and numbers, booleans and dates."""
    keys = schema.get("primaryKey", [])
    names = {keys} if isinstance(keys, str) else set(keys)
    for fk in schema.get("foreignKeys", []):
        names |= {fk["fields"]} if isinstance(fk["fields"], str) else set(fk["fields"])
    return names | {
        f["name"] for f in schema["fields"]
        if "enum" in f.get("constraints", {}) or f.get("type", "string") != "string"
    }


def _text_problem(value: str, identifier: bool) -> str | None:
    """What makes ``value`` unstable text, in plain words; None if nothing."""
    if value != value.strip() or (value and (value[0] in _ODD_SPACES or value[-1] in _ODD_SPACES)):
        return f"{value!r} has a space at its start or end: delete it"
    for char in value:
        if char in _ODD_SPACES:
            return f"{value!r} holds {_ODD_SPACES[char]} (U+{ord(char):04X}): type an ordinary space or none"
        if unicodedata.category(char) == "Cc":
            return f"{value!r} holds a line break or control character (U+{ord(char):04X}): keep the cell on one line"
        if identifier and not char.isascii():
            return (f"{value!r} holds {_char_name(char)}: identifiers and codes are ASCII; "
                    "retype it with the half-width (English) input")
        if unicodedata.category(char).startswith("Z") and char != " ":
            return f"{value!r} holds {_char_name(char)}: type an ordinary space instead"
    if not unicodedata.is_normalized("NFC", value):
        end = next(i for i in range(1, len(value) + 1) if not unicodedata.is_normalized("NFC", value[:i]))
        return (f"{value!r} is not in composed Unicode form (NFC): {_char_name(value[end - 1])} should be "
                "one character with the letter before it; retype the letter with its accent")
    return None


@dataclass(frozen=True)
class _Unstable:
    where: str
    value: str
    identifier: bool
    problem: str


def _unstable_cells(descriptor: dict, tables: dict[str, _CsvTable]) -> list[_Unstable]:
    """Spaces, invisible or full-width characters and decomposed Unicode in any text cell.

    Names and notes are reported, not silently normalised: the CSV stays what the book shows.
    """
    found = []
    for res in descriptor["resources"]:
        identifiers = _identifier_fields(res["schema"])
        for n, row in tables[res["name"]].rows:
            for name in (f["name"] for f in res["schema"]["fields"]):
                problem = _text_problem(row[name], name in identifiers)
                if problem:
                    found.append(_Unstable(_where(res["path"], n, name), row[name], name in identifiers, problem))
    return found


def _missing_files(descriptor: dict, base: Path) -> list[str]:
    problems = []
    names = [res["name"] for res in descriptor["resources"]]
    for table in TABLES:
        if table not in names:
            problems.append(f"datapackage.json: no resource named {table!r}")
    for res in descriptor["resources"]:
        path = base / res["path"]
        if not path.is_file():
            problems.append(f"{res['path']}: file not found (resource {res['name']})")
    return problems


def _frictionless_problems(descriptor: dict, base: Path, unstable: list[_Unstable] = ()) -> list[str]:
    """Schema, type, enum, key and foreign-key errors, one line each.

    A cell already reported as unstable text breaks its pattern, enum or key too, and a key
    with a stray space breaks every reference to it: those follow-on errors are left out.
    """
    import frictionless  # a third of a second to import: only when validating

    said = {cell.where for cell in unstable}
    # What the identifier was meant to be: full-width letters and odd spaces folded, edges trimmed.
    meant = {unicodedata.normalize("NFKC", cell.value).strip() for cell in unstable if cell.identifier}
    try:
        report = frictionless.Package(descriptor, basepath=str(base)).validate()
    except frictionless.FrictionlessException as err:
        return [f"datapackage.json: {err}"]
    problems = [f"datapackage.json: {err.message}" for err in report.errors]
    for task in report.tasks:
        for err in task.errors:
            field = getattr(err, "field_name", None)
            if not field and getattr(err, "field_names", None):
                field = ", ".join(err.field_names)
            if not field and getattr(err, "label", None):
                field = err.label
            row = getattr(err, "row_number", None)
            if _where(task.place, row, field) in said or set(getattr(err, "field_cells", None) or ()) & meant:
                continue
            problems.append(f"{_where(task.place, row, field)}: {err.type}: {err.message}")
    return problems


def _raw_rows(base: Path, table: str) -> list[tuple[int, dict[str, str]]]:
    """(CSV row number, row as strings) for the project checks; header = row 1."""
    text, _ = _read_text(base / f"{table}.csv", f"{table}.csv")
    if text is None:
        return []  # already reported as missing or unreadable
    reader = csv.DictReader(io.StringIO(text, newline=""), restval="")
    return [(i, row) for i, row in enumerate(reader, start=2)]


def _as_int(text: str | None) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


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
        if bool((row.get("note") or "").strip()) != bool((row.get("note_en") or "").strip()):
            problems.append(
                f"{_where('milestones.csv', n, 'note/note_en')}: give the note in both languages (the English "
                "edition shows note_en), or neither"
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
        if (row.get("is_priority") or "").strip().lower() in TRUE_VALUES:
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
        row["id"] for _, row in rows["mechanisms"] if (row.get("is_priority") or "").strip().lower() in TRUE_VALUES
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
        orders = (_as_int(order_of.get(parent)), _as_int(row.get("order")))  # not integers: frictionless says so
        if parent and parent in section_ids and None not in orders and orders[0] >= orders[1]:
            problems.append(f"{_where('sections.csv', n, 'order')}: comes before its parent {parent!r}")
    # A coded value without a label would surface later as a KeyError in a figure or table.
    labels = vocabulary.missing_labels(_read_descriptor(base / "datapackage.json"))
    return problems + _locator_problems(rows) + labels


def _check(datapackage: Path, validate: bool = True) -> tuple[list[str], dict[str, pd.DataFrame]]:
    """(every problem, every table typed); the tables only when there is no problem.

    ``validate=False`` reads and types the files without checking them (data the build has validated).
    """
    try:
        descriptor = _read_descriptor(datapackage)
    except DataError as err:
        return err.problems, {}
    base = datapackage.parent
    missing = _missing_files(descriptor, base)
    if missing:
        return missing, {}  # frictionless would only repeat these less clearly
    tables, unreadable = _read_tables(descriptor, base)
    if unreadable:
        return unreadable, {}  # keys and rules cannot be checked across a file that cannot be read
    if validate:
        unstable = _unstable_cells(descriptor, tables)
        problems = [f"{cell.where}: {cell.problem}" for cell in unstable]
        problems += _frictionless_problems(descriptor, base, unstable) + project_problems(base)
        if problems:
            return problems, {}
    problems, frames = [], {}
    for res in descriptor["resources"]:
        table = tables[res["name"]]
        raw = pd.DataFrame([row for _, row in table.rows], columns=table.header, dtype="object").fillna("")
        try:
            frames[res["name"]] = _typed(raw, res["schema"])
        except _CellError as err:  # a value Frictionless accepts but pandas cannot read, e.g. "NaN"
            problems.append(f"{_where(res['path'], err.row, err.field)}: {err.value!r} cannot be read as "
                            f"{err.kind}; write it with ASCII digits, e.g. 12 or 12.5")
    return problems, frames


def report(datapackage: Path | str = paths.DATAPACKAGE) -> list[str]:
    """Every problem of the package, one line each; empty when it is valid."""
    return _check(Path(datapackage))[0]


class _CellError(ValueError):
    def __init__(self, row: int, field: str, value: str, kind: str):
        super().__init__(f"row {row}, field {field}: {value!r} is not {kind}")
        self.row, self.field, self.value, self.kind = row, field, value, kind


def _cast(column: pd.Series, name: str, kind: str, cast):
    """``cast(column)``; if it fails, a _CellError naming the first cell that cannot be cast (header = row 1)."""
    try:
        return cast(column)
    except (ValueError, TypeError, OverflowError):
        for i in range(len(column)):
            try:
                cast(column.iloc[i : i + 1])
            except (ValueError, TypeError, OverflowError):
                raise _CellError(i + 2, name, column.iloc[i], kind) from None
        raise


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Cast string columns to the types their Table Schema declares."""
    for spec in schema["fields"]:
        name, kind = spec["name"], spec.get("type", "string")
        column = frame[name].replace("", pd.NA)
        enum = spec.get("constraints", {}).get("enum")
        if kind == "integer":
            frame[name] = _cast(column, name, "an integer", lambda c: c.astype("Int64"))
        elif kind == "number":
            frame[name] = _cast(column, name, "a number", lambda c: pd.to_numeric(c).astype("Float64"))
        elif kind == "boolean":
            frame[name] = column.str.lower().isin(TRUE_VALUES).astype(bool)
        elif kind == "date" or name == "date":
            frame[name] = _cast(column, name, "a date", lambda c: pd.to_datetime(c, format="mixed"))
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
    problems, frames = _check(datapackage, validate=not inputs.validated(datapackage.parent))
    if problems:
        raise DataError(problems)
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
