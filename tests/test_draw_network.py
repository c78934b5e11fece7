"""brimech.draw_network: every figure draws without missing glyphs, carries the data's names, in zh and en."""

import io
import re
import warnings
import xml.etree.ElementTree as ET

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from brimech import draw_network, network
from brimech.data import load

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def tables():
    return load()


def svg_text(fig) -> str:
    """All text of the figure as written to SVG with real <text> elements (not glyph paths)."""
    buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg")
    root = ET.fromstring(buffer.getvalue())
    return "\n".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


def draw_strictly(function, tables, lang):
    """Draw and render with every warning (e.g. matplotlib's 'Glyph ... missing') raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = function(tables, lang=lang)
        text = svg_text(fig)
    plt.close(fig)
    return text


def test_figure_ids_are_stable():
    assert {
        "mechanism_network",
        "whole_network",
        "forum_milestones",
        "platform_timeline",
        "necessity_drivers",
        "centrality",
    } <= set(draw_network.FIGURES)


@pytest.mark.parametrize("figure_id", sorted(draw_network.FIGURES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_draws_without_warnings(tables, figure_id, lang):
    text = draw_strictly(draw_network.FIGURES[figure_id], tables, lang)
    assert text.strip()


def first_line(name: str, lang: str) -> str:
    return draw_network._wrap(name, lang, width_zh=7, width_en=20).split("\n")[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mechanism_network_names_every_node_in_the_right_language(tables, lang):
    text = draw_strictly(draw_network.progress_network, tables, lang)
    graph = network.build_graph(tables, sections=["s2"])
    column = f"name_{lang}"
    missing = [n for n in graph if first_line(graph.nodes[n][column], lang) not in text]
    assert not missing
    if lang == "zh":
        assert "谅解备忘录" in text and "领域（颜色）" in text
    else:
        assert "Memorandum of" in text and "Field (colour)" in text
        assert "领域（颜色）" not in text


def test_mechanism_network_labels_do_not_overlap(tables):
    for lang in ("zh", "en"):
        fig = draw_network.progress_network(tables, lang=lang)
        assert draw_network.label_overlaps(fig) == []
        plt.close(fig)


def test_whole_network_numbers_every_node(tables):
    text = draw_strictly(draw_network.whole_network, tables, "zh")
    numbers = set(re.findall(r"^\d+$", text, flags=re.M))
    assert {str(i) for i in range(1, len(tables.mechanisms) + 1)} <= numbers


def test_english_figures_have_no_chinese(tables):
    # name_en and the figures' own English words: no Chinese anywhere in an English figure.
    for figure_id in sorted(draw_network.FIGURES):
        text = draw_strictly(draw_network.FIGURES[figure_id], tables, "en")
        assert not CJK.search(text), figure_id


def test_drawing_is_deterministic(tables):
    def svg(fig):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
        return buffer.getvalue()

    assert svg(draw_network.progress_network(tables)) == svg(draw_network.progress_network(tables))
