"""The coded article validates, holds together, and breaks loudly when damaged."""

from __future__ import annotations

import csv
import subprocess
import sys

import pandas as pd
import pytest
from data_copy import copy_data, load_problems, set_cell

from brimech import paths
from brimech.data import load, report

PRIORITIES = {"supply_chain", "digital", "project_screening", "private_capital"}


@pytest.fixture(scope="module")
def tables():
    return load()


def test_real_package_has_no_problem():
    assert report() == []


def test_tables_have_proper_dtypes(tables):
    assert tables.mechanisms["is_priority"].dtype == bool
    assert tables.stages["example"].dtype == bool
    assert str(tables.sections["order"].dtype) == "Int64"
    assert str(tables.stages["stage_order"].dtype) == "Int64"
    assert isinstance(tables.mechanisms["kind"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_any_dtype(tables.milestones["date"])
    assert pd.api.types.is_float_dtype(tables.milestones["value"])


def test_sanity_minimums(tables):
    assert len(tables.mechanisms) >= 100
    assert len(tables.relations) >= 100
    assert len(tables.principles) == 3
    assert set(tables.principles["id"]) == {"consultation", "contribution", "shared_benefits"}


def test_every_section_has_a_notebook_and_every_chapter_has_mechanisms(tables):
    assert tables.sections["notebook"].notna().all()
    coded = set(tables.mechanisms["section"])
    for chapter in ["intro", "s1", "s2", "s3", "s4"]:
        assert any(s == chapter or s.startswith(chapter + ".") for s in coded), chapter


def test_relations_only_join_known_mechanisms(tables):
    known = set(tables.mechanisms["id"])
    assert set(tables.relations["source"]) <= known
    assert set(tables.relations["target"]) <= known


def test_each_priority_mechanism_has_parts(tables):
    mech = tables.mechanisms
    headline = mech[mech["is_priority"]]
    assert set(headline["priority"]) == PRIORITIES and len(headline) == 4
    parts = tables.relations[tables.relations["type"] == "part_of"]
    for _, row in headline.iterrows():
        members = parts.loc[parts["target"] == row["id"], "source"]
        assert len(members) >= 3, row["id"]
        member_priority = mech.set_index("id").loc[members, "priority"]
        assert (member_priority == row["priority"]).all(), row["id"]


def test_each_stage_has_rows_and_the_example_runs_through_two_stages(tables):
    stages = tables.stages
    assert set(stages["stage"]) == {"single_field", "pillar", "comprehensive"}
    assert stages.groupby("stage", observed=True)["stage_order"].nunique().eq(1).all()
    assert set(stages.loc[stages["example"], "stage"]) == {"single_field", "pillar"}
    assert stages.loc[stages["stage"] == "comprehensive", "dimension"].notna().all()


def test_milestones_cite_exactly_one_kind_of_source(tables):
    ms = tables.milestones
    from_article = ms["source_section"].notna()
    from_outside = ms["source_url"].notna()
    assert (from_article ^ from_outside).all()
    assert ms.loc[from_outside, "accessed"].notna().all()
    assert from_article.any() and from_outside.any()


def test_the_forum_is_among_the_best_connected(tables):
    # The article makes the Forum the lead of the whole system; a coding that
    # left it at the edge of the network would misread 二.
    rel = tables.relations
    degree = pd.concat([rel["source"], rel["target"]]).value_counts()
    assert "brf" in degree.index[:3]


# --- broken copies -------------------------------------------------------------


def test_bad_enum_names_file_row_field(tmp_path):
    data = copy_data(tmp_path)
    set_cell(data / "mechanisms.csv", 5, "kind", "gadget")
    assert "mechanisms.csv, row 5, field kind" in load_problems(data)


def test_dangling_foreign_key_names_file_row_field(tmp_path):
    data = copy_data(tmp_path)
    set_cell(data / "relations.csv", 7, "target", "no_such_mechanism")
    message = load_problems(data)
    assert "relations.csv, row 7, field target" in message
    assert "no_such_mechanism" in message


def test_duplicate_primary_key_names_file_row_field(tmp_path):
    data = copy_data(tmp_path)
    with open(data / "mechanisms.csv", encoding="utf-8") as fh:
        first_id = list(csv.DictReader(fh))[0]["id"]
    set_cell(data / "mechanisms.csv", 4, "id", first_id)
    message = load_problems(data)
    assert "mechanisms.csv, row 4, field id" in message


def test_wrong_type_names_file_row_field(tmp_path):
    data = copy_data(tmp_path)
    set_cell(data / "sections.csv", 3, "order", "second")
    assert "sections.csv, row 3, field order" in load_problems(data)


def test_missing_column_names_file_and_field(tmp_path):
    data = copy_data(tmp_path)
    frame = pd.read_csv(data / "stages.csv", dtype=str, keep_default_na=False)
    frame.drop(columns="measure_en").to_csv(data / "stages.csv", index=False)
    message = load_problems(data)
    assert "stages.csv" in message and "measure_en" in message


def test_milestone_with_section_and_url_is_refused(tmp_path):
    data = copy_data(tmp_path)
    with open(data / "milestones.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    row_number = 2 + next(i for i, r in enumerate(rows) if r["source_url"])
    set_cell(data / "milestones.csv", row_number, "source_section", "s2.1")
    assert f"milestones.csv, row {row_number}, field source_section/source_url" in load_problems(data)


def test_stage_order_must_match_stage(tmp_path):
    data = copy_data(tmp_path)
    set_cell(data / "stages.csv", 2, "stage_order", "3")
    assert "stages.csv, row 2, field stage_order" in load_problems(data)


def test_every_problem_is_listed_at_once(tmp_path):
    data = copy_data(tmp_path)
    set_cell(data / "mechanisms.csv", 5, "kind", "gadget")
    set_cell(data / "relations.csv", 7, "target", "no_such_mechanism")
    message = load_problems(data)
    assert "mechanisms.csv, row 5" in message and "relations.csv, row 7" in message


def test_missing_file_is_named(tmp_path):
    data = copy_data(tmp_path)
    (data / "principles.csv").unlink()
    assert "principles.csv: file not found" in load_problems(data)


def test_unreadable_descriptor_is_named(tmp_path):
    data = copy_data(tmp_path)
    (data / "datapackage.json").write_text("{ not json", encoding="utf-8")
    assert "datapackage.json: cannot read" in load_problems(data)


# --- command line ---------------------------------------------------------------

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "brimech", "validate", *map(str, args)],
                          cwd=paths.ROOT, capture_output=True, text=True)


def test_cli_accepts_the_real_package():
    done = _cli()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("data package OK: 6 tables,")


def test_cli_rejects_a_broken_copy(tmp_path):
    data = copy_data(tmp_path)
    set_cell(data / "relations.csv", 7, "target", "no_such_mechanism")
    done = _cli(data)
    assert done.returncode == 1
    assert "relations.csv, row 7, field target" in done.stdout


def test_english_columns_hold_no_chinese():
    """English figures draw these columns; a stray Chinese term would show up in them."""
    tables = load()
    english = {
        "mechanisms": ["name_en"],
        "stages": ["measure_en"],
        "principles": ["name_en", "guides_en"],
        "milestones": ["event_en"],
        "sections": ["title_en"],
    }
    for table, columns in english.items():
        frame = getattr(tables, table)
        for column in columns:
            chinese = frame[frame[column].astype(str).str.contains(r"[\u4e00-\u9fff]")]
            assert chinese.empty, f"{table}.{column}: {chinese[column].tolist()}"
