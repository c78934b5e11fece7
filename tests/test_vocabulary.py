"""brimech.vocabulary: every coded value has a label in both languages, and validation says which one lacks it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from brimech import paths, vocabulary

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def _descriptor() -> dict:
    return json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


def test_every_allowed_value_of_the_data_has_both_labels():
    assert vocabulary.missing_labels(_descriptor()) == []


def test_every_coded_column_is_bound_to_a_group_that_exists():
    coded = {
        (resource["name"], field["name"])
        for resource in _descriptor()["resources"]
        for field in resource["schema"]["fields"]
        if field.get("constraints", {}).get("enum")
    }
    assert coded == set(vocabulary.CODED_FIELDS)
    assert set(vocabulary.CODED_FIELDS.values()) <= set(vocabulary.CATEGORIES)


def test_a_value_without_a_label_is_named_with_its_table_and_column():
    descriptor = _descriptor()
    kinds = next(r for r in descriptor["resources"] if r["name"] == "mechanisms")["schema"]["fields"]
    next(f for f in kinds if f["name"] == "kind")["constraints"]["enum"].append("observatory")
    problems = vocabulary.missing_labels(descriptor)
    assert problems == [
        "datapackage.json: mechanisms.kind: value 'observatory' has no zh label (brimech/vocabulary.py, group 'kind')",
        "datapackage.json: mechanisms.kind: value 'observatory' has no en label (brimech/vocabulary.py, group 'kind')",
    ]


def test_validate_fails_naming_field_and_value(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    milestones = next(r for r in descriptor["resources"] if r["name"] == "milestones")["schema"]["fields"]
    next(f for f in milestones if f["name"] == "measure")["constraints"]["enum"].append("ministers")
    (data / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "brimech", "validate", str(data)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "milestones.measure: value 'ministers' has no zh label" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_lookup_names_what_is_missing():
    assert vocabulary.label("field", "trade", "en") == "Unimpeded trade"
    with pytest.raises(KeyError, match="'health'.*'field'"):
        vocabulary.label("field", "health", "zh")
    with pytest.raises(ValueError, match="fr"):
        vocabulary.label("field", "trade", "fr")


def test_texts_fill_their_placeholders_in_either_language():
    assert vocabulary.text("actors.count", "zh", n=3) == "共 3 项"
    assert vocabulary.text("actors.count", "en", n=3) == "3 in all"
    assert vocabulary.text("forum.article_section", "en", "s2.1") == "article s2.1"


def test_english_words_are_english_and_chinese_words_are_chinese():
    for group, entries in vocabulary.VOCABULARY.items():
        for key, (zh, en) in entries.items():
            assert zh.strip() and en.strip(), (group, key)
            assert not CJK.search(en), (group, key, en)
            if group != "text":
                assert CJK.search(zh), (group, key, zh)
