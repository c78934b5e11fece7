"""`python -m brimech figures`: every registered figure written, in the language asked for."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from brimech.data import load
from brimech.figures import registry


def _text_of(pdf) -> str:
    # -raw keeps the drawing order, so the lines of one wrapped label stay together.
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_writes_every_figure_in_its_language(tmp_path, lang):
    result = subprocess.run(
        [sys.executable, "-m", "brimech", "figures", "--lang", lang, "--format", "pdf", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr, result.stderr  # e.g. a missing glyph
    written = sorted(p.stem for p in tmp_path.glob("*.pdf"))
    assert written == sorted(f"{figure_id}_{lang}" for figure_id in registry())
    forum = load().mechanisms.set_index("id").loc["brf"]
    text = _text_of(tmp_path / f"mechanism_network_{lang}.pdf")
    wanted, unwanted = (forum.name_zh, forum.name_en) if lang == "zh" else (forum.name_en, forum.name_zh)
    assert re.sub(r"\s+", "", wanted) in text
    assert re.sub(r"\s+", "", unwanted) not in text


def test_cli_rejects_an_unknown_format(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "brimech", "figures", "--format", "gif", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "invalid choice" in result.stderr
