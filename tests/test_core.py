"""brimech's core helpers: font choice, article record, system-package check, tables for the book."""

from __future__ import annotations

import io
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib import font_manager

from brimech import article, display, paths, style
from tools import sysdeps


def test_a_cjk_font_is_chosen_explicitly():
    family = style.use_book_style()
    assert family in style.CJK_FONT_CANDIDATES
    assert plt.rcParams["font.sans-serif"][0] == family


def test_chinese_text_draws_without_missing_glyphs():
    style.use_book_style()
    fig, ax = plt.subplots()
    ax.set_title("高峰论坛秘书处与协调机制")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="svg")
    plt.close(fig)


def test_missing_cjk_font_is_a_clear_error(monkeypatch):
    latin_only = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin_only)
    with pytest.raises(style.FontMissingError, match="fonts-noto-cjk"):
        style.use_book_style()


def test_article_record_comes_from_the_bib_entry():
    record = article.load_article()
    assert record.authors == ("刘均胜", "张中元")
    assert record.doi.startswith("10.14114/")
    assert record.doi_url == f"https://doi.org/{record.doi}"
    assert len(record.keywords) == 4


def test_every_field_of_the_article_record_is_its_own_bib_field(tmp_path):
    """Each field read from the .bib field of its name, lists split where the .bib separates them."""
    values = {name: f"<{name}>" for name in ("title", "title_en", "journal", "year", "number", "doi", "funding",
                                               "affiliation", "jel", "journal_en", "affiliation_en", "funding_en")}
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{work, author = {甲 and 乙 and 丙},\n"
        + "".join(f"  {name} = {{{value}}},\n" for name, value in values.items())
        + "  keywords = {one key; two words ;three},\n  keywords_en = {a b; c d},\n"
        "  author_pinyin = {Liu, Junsheng and Zhang, Zhong Yuan}\n}\n",
        encoding="utf-8",
    )
    record = article.load_article(bib, key="work")
    assert record.key == "work"
    assert {name: getattr(record, name) for name in values} == values
    assert record.authors == ("甲", "乙", "丙")
    assert record.keywords == ("one key", "two words", "three")
    assert record.keywords_en == ("a b", "c d")
    assert record.authors_en == ("Liu Junsheng", "Zhang Zhong Yuan")
    with pytest.raises(KeyError, match="no entry 'liu2024'"):
        article.load_article(bib)


def test_article_record_names_a_missing_field(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{liu2024, title = {T}, author = {A}}\n", encoding="utf-8")
    with pytest.raises(KeyError, match="has no field 'title_en'"):
        article.load_article(bib)


def test_sysdeps_lists_what_is_missing_and_how_to_install(monkeypatch, capsys):
    monkeypatch.setattr(sysdeps, "_present", lambda check: check[1] != "xelatex")
    assert sysdeps.missing_packages() == ["texlive-xetex"]
    assert sysdeps.main([]) == 1
    assert "apt-get install -y --no-install-recommends texlive-xetex" in capsys.readouterr().out


def test_sysdeps_finds_everything_on_this_machine():
    assert sysdeps.missing_packages() == []


def test_md_table_is_a_named_myst_table():
    frame = pd.DataFrame({"名称": ["高峰论坛", "a|b"], "数量": [3, None]})
    text = display.md_table(frame, "示例表", "tbl-example").data
    assert text.startswith("```{table} 示例表\n:name: tbl-example\n:widths: 8 4\n")
    assert "| 高峰论坛 | 3\\.0 |" in text and "a\\|b" in text
    assert text.rstrip().endswith("```")


def test_root_is_found_from_a_subfolder_of_a_book_copy(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "datapackage.json").write_text("{}", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("root: x\n", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    assert paths.find_root(tmp_path / "notebooks") == tmp_path.resolve()


def test_root_outside_any_book_is_the_package_checkout(tmp_path):
    assert paths.find_root(tmp_path) == paths.PACKAGE_CHECKOUT


def test_every_work_the_data_cites_is_in_the_bibliography():
    from pybtex.database import parse_file

    from brimech.data import load

    keys = set(parse_file(str(article.REFERENCES_BIB), bib_format="bibtex").entries)
    cited = {key for cell in load().principles["cites"].dropna() for key in str(cell).split()}
    assert cited and cited <= keys, cited - keys


def test_column_widths_follow_the_contents():
    frame = pd.DataFrame({"id": ["a", "b"], "组成部分": ["供应链合作网络；应急管理机制；保障机制", "数字丝绸之路"]})
    short, long = display.column_widths(frame)
    assert short == 4 and long > 3 * short


@pytest.mark.parametrize(
    ("key", "lang", "expected"),
    [
        ("fang2020", "zh", "方维慰 2020"),  # one author, whole name (a Chinese name has no separate surname)
        ("fang2020", "en", "Fang 2020"),  # in English, the pinyin surname
        ("cui2020", "zh", "崔日明等 2020"),
        ("cui2020", "en", "Cui et al. 2020"),
        ("carayannis2021", "zh", "Carayannis等 2021"),  # no pinyin: the names as written
        ("carayannis2021", "en", "Carayannis et al. 2021"),
    ],
)
def test_cite_labels_name_the_first_author_and_say_when_there_are_more(key, lang, expected):
    assert article.cite_label(key, lang) == expected


def test_a_key_missing_from_the_bibliography_is_named():
    with pytest.raises(KeyError, match="cites 'nobody1999', which is not a key of book/references.bib"):
        article.cite_label("nobody1999", "zh")


def test_a_surname_of_several_words_keeps_them_apart(tmp_path, monkeypatch):
    bib = tmp_path / "references.bib"
    bib.write_text("@article{berg2019, author = {van der Berg, Anna and Smith Jones, Paul}, title = {T}, "
                   "year = {2019}}\n", encoding="utf-8")
    monkeypatch.setattr(article, "_bib_entries", lambda: article.parse_file(str(bib), bib_format="bibtex").entries)
    assert article.cite_label("berg2019", "en") == "van der Berg et al. 2019"
    assert article.cite_label("berg2019", "zh") == "van der Berg等 2019"
