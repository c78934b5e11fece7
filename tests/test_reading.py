"""Files as a spreadsheet or an editor may save them: read, or refused with file, row, field and what to do."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys

import pytest

from brimech import paths
from brimech.data import DataError, load, report

DATA_FILES = sorted(p.name for p in paths.DATA.iterdir() if p.suffix in {".csv", ".json"})
CSV_FILES = [name for name in DATA_FILES if name.endswith(".csv")]


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def problems(data) -> str:
    with pytest.raises(DataError) as caught:
        load(data / "datapackage.json")
    return str(caught.value)


def rows(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path, table, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)  # as spreadsheets write it
    path.write_bytes(out.getvalue().encode(encoding))


def set_cell(path, row_number, field, value):
    """Set one cell; row_number counts the header as row 1, as the messages do."""
    table = rows(path)
    table[row_number - 1][table[0].index(field)] = value
    write_rows(path, table)


# --- encodings ---------------------------------------------------------------------

def test_a_byte_order_mark_is_accepted_on_every_file(data):
    before = load(data / "datapackage.json")
    for name in DATA_FILES:
        (data / name).write_bytes(b"\xef\xbb\xbf" + (data / name).read_bytes())
    after = load(data / "datapackage.json")
    assert after.row_counts() == before.row_counts()
    for table in before.row_counts():
        assert list(getattr(after, table).columns) == list(getattr(before, table).columns)
        assert getattr(after, table).equals(getattr(before, table)), table


def test_a_gbk_file_names_the_first_cell_that_is_not_utf8_and_says_how_to_save(data):
    # Saved as "CSV" on Chinese Windows: code page 936 (GBK), where ¶ becomes "?".
    file = data / "mechanisms.csv"
    file.write_bytes(file.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    message = problems(data)
    assert "mechanisms.csv, row 2, field name_zh: the file is not UTF-8" in message
    assert "GBK" in message and "CSV UTF-8" in message


def test_one_gbk_cell_in_a_utf8_file_is_located(data):
    file = data / "relations.csv"
    table = rows(file)
    table[4][table[0].index("note")] = "\0"  # a placeholder, replaced by GBK bytes below
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    file.write_bytes(out.getvalue().encode("utf-8").replace(b"\0", "编码错误".encode("gbk")))
    assert "relations.csv, row 5, field note: the file is not UTF-8" in problems(data)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_refused_with_what_to_do(data, encoding):
    file = data / "stages.csv"
    file.write_bytes(file.read_text(encoding="utf-8").encode(encoding))
    message = problems(data)
    assert "stages.csv: the file is" in message and "UTF-16" in message
    assert "save it again as “CSV UTF-8" in message


def test_a_utf16_descriptor_is_refused_with_what_to_do(data):
    file = data / "datapackage.json"
    file.write_bytes(file.read_text(encoding="utf-8").encode("utf-16"))
    assert "datapackage.json: the file is saved as UTF-16" in problems(data)


# --- not a CSV file ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "principles.csv: the file is a spreadsheet workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "principles.csv: the file is an Excel 97-2003 workbook"),
        (b"<!DOCTYPE html>\n<html><body><table></table></body></html>\n",
         "principles.csv, row 1: the first row is not a CSV header"),
        (b"", "principles.csv: the file is empty"),
        (b"\n\nid,name_zh\n", "principles.csv: the file is empty or starts with a blank line"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "principles.csv: the file is UTF-16 (“Unicode text”) or not text"),
    ],
    ids=["xlsx", "xls", "html", "empty", "blank-first-line", "png"],
)
def test_a_file_that_is_not_csv_is_refused(data, content, expected):
    (data / "principles.csv").write_bytes(content)
    assert expected in problems(data)


def test_semicolon_separated_columns_are_named_as_such(data):
    file = data / "sections.csv"
    file.write_text(file.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert "sections.csv, row 1: the columns are separated by semicolons, not commas" in problems(data)


def test_a_descriptor_that_is_not_a_package_is_refused(data):
    (data / "datapackage.json").write_text('["sections.csv"]', encoding="utf-8")
    assert 'datapackage.json: cannot read the descriptor: it needs a list of "resources"' in problems(data)


# --- headers -------------------------------------------------------------------------

def test_a_misspelt_column_is_named_with_the_column_it_should_be(data):
    file = data / "mechanisms.csv"
    table = rows(file)
    table[0][table[0].index("name_zh")] = "nmae_zh"
    write_rows(file, table)
    message = problems(data)
    assert "mechanisms.csv, row 1, field nmae_zh: unknown column, probably a misspelt 'name_zh'" in message
    assert "mechanisms.csv, row 1: the header must be: id,name_zh,name_en," in message
    assert "field name_zh: column missing" not in message  # one problem, said once


def test_unknown_missing_duplicated_and_reordered_columns(data):
    table = rows(data / "milestones.csv")
    write_rows(data / "milestones.csv", [[*r, "x"] for r in table[:1]] + [[*r, ""] for r in table[1:]])
    table = rows(data / "relations.csv")
    write_rows(data / "relations.csv", [r[:-1] + [r[0]] for r in table])  # note -> second "source"
    table = rows(data / "principles.csv")
    write_rows(data / "principles.csv", [[r[1], r[0], *r[2:]] for r in table])
    message = problems(data)
    assert "milestones.csv, row 1, field x: unknown column" in message
    assert "relations.csv, row 1, field note: column missing from the header" in message
    assert "relations.csv, row 1, field source: column appears twice" in message
    assert "principles.csv, row 1: the columns are in another order than datapackage.json lists them" in message


def test_a_header_with_a_space_is_named(data):
    file = data / "stages.csv"
    table = rows(file)
    table[0][table[0].index("section")] = "section "
    write_rows(file, table)
    assert "stages.csv, row 1, field section : unknown column, probably a misspelt 'section'" in problems(data)


# --- stable text ---------------------------------------------------------------------

def test_a_key_with_a_trailing_space_is_named_once_not_at_every_reference(data):
    set_cell(data / "mechanisms.csv", 3, "id", "bri_mechanism ")
    message = problems(data)
    assert "mechanisms.csv, row 3, field id: 'bri_mechanism ' has a space at its start or end" in message
    assert "relations.csv" not in message  # its references fail only because of that space
    assert len(message.splitlines()) == 2


@pytest.mark.parametrize(
    ("file", "row", "field", "value", "expected"),
    [
        ("relations.csv", 4, "section", "s2\uff0e1", "holds '．' (U+FF0E FULLWIDTH FULL STOP): identifiers"),
        ("relations.csv", 6, "target", "\uff42rf", "holds 'ｂ' (U+FF42 FULLWIDTH LATIN SMALL LETTER B)"),
        ("stages.csv", 3, "field", "trade\u00a0", "has a space at its start or end"),
        ("mechanisms.csv", 7, "kind", "for\u00a0um", "holds a non-breaking space (U+00A0)"),
        ("mechanisms.csv", 8, "name_zh", "高峰\u00a0论坛", "holds a non-breaking space (U+00A0)"),
        ("mechanisms.csv", 9, "name_zh", "高峰\u3000论坛", "holds a full-width space (U+3000)"),
        ("mechanisms.csv", 10, "name_en", " Belt and Road Forum", "has a space at its start or end"),
        ("principles.csv", 2, "note", "two\nlines", "holds a line break or control character (U+000A)"),
        ("milestones.csv", 5, "event_en", "Forum in Cafe\u0301", "is not in composed Unicode form (NFC): '\u0301' "
                                                                  "(U+0301 COMBINING ACUTE ACCENT)"),
        ("sections.csv", 4, "title_en", "Zero\u200bwidth", "holds a zero-width space (U+200B)"),
    ],
    ids=["fullwidth-dot-in-key", "fullwidth-letter-in-key", "nbsp-end-of-code", "nbsp-in-code", "nbsp-in-name",
         "ideographic-space-in-name", "leading-space-in-name", "line-break", "not-nfc", "zero-width"],
)
def test_unstable_text_is_named_with_row_and_field(data, file, row, field, value, expected):
    set_cell(data / file, row, field, value)
    message = problems(data)
    assert f"{file}, row {row}, field {field}: {value!r} {expected}" in message


def test_nfc_names_and_real_names_with_full_width_punctuation_are_accepted(data):
    set_cell(data / "mechanisms.csv", 5, "name_zh", "（试点）“数字丝路”，《宣言》；Café")
    assert report(data / "datapackage.json") == []


# --- what a spreadsheet does to values ---------------------------------------------------

def test_booleans_in_capitals_as_spreadsheets_write_them_keep_their_value(data):
    before = load(data / "datapackage.json")
    for name in ("mechanisms.csv", "stages.csv"):
        file = data / name
        file.write_text(file.read_text(encoding="utf-8").replace(",true,", ",TRUE,").replace(",false,", ",FALSE,"),
                        encoding="utf-8")
    after = load(data / "datapackage.json")
    assert after.mechanisms["is_priority"].equals(before.mechanisms["is_priority"])
    assert after.stages["example"].equals(before.stages["example"])
    assert after.mechanisms["is_priority"].sum() == 4


@pytest.mark.parametrize(
    ("file", "row", "field", "value", "expected"),
    [
        ("milestones.csv", 3, "value", "NaN", "'NaN' cannot be read as a number"),
        ("milestones.csv", 3, "value", "１２", "'１２' holds '１' (U+FF11 FULLWIDTH DIGIT ONE)"),
        ("sections.csv", 3, "order", "３", "'３' holds '３' (U+FF13 FULLWIDTH DIGIT THREE)"),
        ("milestones.csv", 4, "accessed", " 2026-11-25", "' 2026-11-25' has a space at its start or end"),
    ],
    ids=["nan", "full-width-number", "full-width-integer", "spaced-date"],
)
def test_numbers_and_dates_python_would_accept_but_pandas_would_not_are_reported(data, file, row, field, value,
                                                                                 expected):
    set_cell(data / file, row, field, value)
    assert f"{file}, row {row}, field {field}: {expected}" in problems(data)


def test_a_child_section_with_a_non_integer_order_is_reported_not_raised(data):
    table = rows(data / "sections.csv")
    child = next(n for n, r in enumerate(table[1:], start=2) if r[table[0].index("parent")])
    set_cell(data / "sections.csv", child, "order", "second")
    assert f"sections.csv, row {child}, field order" in problems(data)


# --- no traceback, whatever the file holds ------------------------------------------------

def _damaged(original: bytes, other: bytes) -> dict[str, tuple[bytes, bool]]:
    """Damage -> (the file's new bytes, whether the package must be refused).

    A file cut at a row boundary may still be a valid, shorter table: it must only not raise.
    """
    middle = len(original) // 2
    return {
        "empty": (b"", True),
        "cut in half": (original[:middle], False),
        "cut inside a character": (original[: original.index("一".encode()) + 1], True) if "一".encode() in original
        else (original[:middle], False),
        "another table": (other, True),
        "binary": (bytes(range(256)) * 4, True),
        "one odd quote": (original.replace(b",", b',"', 1), True),
        "latin-1": (original.decode("utf-8").encode("gb18030").decode("latin-1").encode("latin-1"), True),
    }


@pytest.mark.parametrize("name", DATA_FILES)
def test_no_damage_to_any_file_gives_a_traceback(data, name):
    original = (data / name).read_bytes()
    other = (data / DATA_FILES[(DATA_FILES.index(name) + 1) % len(DATA_FILES)]).read_bytes()
    for damage, (content, must_refuse) in _damaged(original, other).items():
        (data / name).write_bytes(content)
        try:
            found = report(data / "datapackage.json")
            loaded = load(data / "datapackage.json") if not found else None
        except DataError:
            pytest.fail(f"{name} {damage}: load() refuses what report() accepts")
        except Exception as err:  # noqa: BLE001 -- the point is that nothing escapes
            pytest.fail(f"{name} {damage}: {type(err).__name__}: {err}")
        assert found or not must_refuse, f"{name} {damage}: accepted"
        if found:
            with pytest.raises(DataError):
                load(data / "datapackage.json")
        else:
            assert loaded.row_counts()
    (data / name).write_bytes(original)
    assert report(data / "datapackage.json") == []


def test_the_command_line_reports_a_gbk_file_without_a_traceback(data):
    file = data / "mechanisms.csv"
    file.write_bytes(file.read_text(encoding="utf-8").encode("gbk", errors="replace"))
    done = subprocess.run([sys.executable, "-m", "brimech", "validate", str(data)],
                          cwd=paths.ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert "mechanisms.csv, row 2, field name_zh: the file is not UTF-8" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# --- the exact words of the encoding messages --------------------------------------------------

def only_problem(data) -> str:
    with pytest.raises(DataError) as caught:
        load(data / "datapackage.json")
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def test_the_not_utf8_message_in_full(data):
    file = data / "principles.csv"
    file.write_bytes("id,名称\n".encode("gbk"))
    assert only_problem(data) == (
        "principles.csv, row 1: the file is not UTF-8 (byte 0xc3): it looks saved as GBK/GB 18030 (“ANSI” on "
        "Chinese Windows); open it in the spreadsheet and save it again as “CSV UTF-8 (comma delimited)”")


def test_bytes_that_are_not_gbk_either_are_some_other_encoding(data):
    file = data / "principles.csv"
    header = file.read_bytes().split(b"\n")[0]
    file.write_bytes(header + b"\nab\xff\xff\xff\n")
    assert only_problem(data).startswith("principles.csv, row 2, field id: the file is not UTF-8 (byte 0xff): "
                                         "it is in some other encoding; ")


@pytest.mark.parametrize(
    ("char", "named"),
    [("\u3000", "'\\u3000' (U+3000 IDEOGRAPHIC SPACE)"), ("\x01", "'\\x01' (U+0001 unnamed character)")],
)
def test_a_character_is_named_by_its_code_point_and_unicode_name(char, named):
    from brimech.data import _char_name

    assert _char_name(char) == named
