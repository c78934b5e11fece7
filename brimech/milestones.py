"""The dated events of ``data/milestones.csv`` as the figures and tables of chapter 2 use them.

The Forum's numbers (one row per Forum and measure), the measures every Forum
has (the figure compares only those), and the platforms, plans and initiatives
placed on a time axis.
"""

from __future__ import annotations

import pandas as pd

from brimech import escape
from brimech.vocabulary import chinese_numeral, english_ordinal, label, order, text

TIMELINE_KINDS = ("platform_founded", "plan", "initiative")


def forum_counts(tables) -> pd.DataFrame:
    """Forum rows that carry a number, with the Forum's ``year``."""
    milestones = tables.milestones
    forums = milestones[(milestones["kind"] == "forum") & milestones["value"].notna()].copy()
    forums["year"] = pd.to_datetime(forums["date"]).dt.year
    return forums


def comparable_measures(tables) -> list[str]:
    """Forum measures with a value for every Forum, in the vocabulary's order of measures."""
    forums = forum_counts(tables)
    per_measure = forums["year"].groupby(forums["measure"].astype(str)).nunique()
    every = forums["year"].nunique()
    return [m for m in order("measure") if per_measure.get(m, 0) == every]


def secretariat_years(tables) -> set[int]:
    """Years of the Forums at which the Forum secretariat was announced."""
    milestones = tables.milestones
    return set(pd.to_datetime(milestones.loc[milestones["kind"] == "secretariat", "date"]).dt.year)


def forum_name(number: int, year: int, lang: str, key: str = "forum.row") -> str:
    """第一届（2017） / 1st (2017): the ``number``-th Forum, held in ``year``."""
    return text(key, lang, numeral=chinese_numeral(number), ordinal=english_ordinal(number), year=year)


def forum_milestone_table(tables, lang: str = "zh") -> pd.DataFrame:
    """The numbers behind the Forum figure, one row per Forum and measure, with each row's source."""
    forums = forum_counts(tables)
    ordinal = {y: i for i, y in enumerate(sorted(forums["year"].unique()))}
    forums["measure_rank"] = forums["measure"].astype(str).map({m: i for i, m in enumerate(order("measure"))})
    forums = forums.sort_values(["year", "measure_rank"])
    source = [
        escape.Link(url, url) if isinstance(url, str) else text("forum.article_section", lang, sec)
        for url, sec in zip(forums["source_url"], forums["source_section"], strict=True)
    ]
    return pd.DataFrame(
        {
            text("column.forum", lang): [forum_name(ordinal[y] + 1, y, lang) for y in forums["year"]],
            text("column.measure", lang): [label("measure", m, lang) for m in forums["measure"]],
            text("column.value", lang): [f"{v:,.0f}" for v in forums["value"]],
            text("column.event", lang): forums[f"event_{lang}"].astype(str).tolist(),
            text("column.counted", lang): forums["note" if lang == "zh" else "note_en"].fillna("").astype(str).tolist(),
            text("column.source", lang): source,
        }
    )


def _decimal_year(date, precision: str) -> float:
    """Year as a number; a date known only to the year sits mid-year, one known to the month mid-month."""
    date = pd.Timestamp(date)
    if precision == "year":
        return date.year + 0.5
    if precision == "month":
        return date.year + (date.month - 0.5) / 12
    return date.year + (date.day_of_year - 0.5) / 365.25


def timeline_events(tables, lang: str = "zh") -> pd.DataFrame:
    """Platforms founded, plans and initiatives, one row per event, sorted by time: id, kind, field, text, x.

    Where the article's own year and an outside source's exact date describe the
    same event, the more precise one is kept. An event without a field takes its
    mechanism's (cross-field if it has none); ``x`` is the date as a decimal year.
    """
    events = tables.milestones[tables.milestones["kind"].isin(TIMELINE_KINDS)].copy()
    events["precision_rank"] = events["date_precision"].map({"day": 0, "month": 1, "year": 2})
    events["event_key"] = (
        events["mechanism"].fillna(events["id"]).astype(str) + "/" + events["kind"].astype(str)
    )
    events = events.sort_values(["precision_rank", "id"]).drop_duplicates("event_key")
    mechanism_field = tables.mechanisms.set_index("id")["field"].astype(str)
    events["field"] = [
        str(f) if isinstance(f, str) else mechanism_field.get(m, "cross_field")
        for f, m in zip(events["field"], events["mechanism"].fillna(""), strict=True)
    ]
    events["text"] = events[f"event_{lang}"].astype(str)
    events["x"] = [_decimal_year(d, p) for d, p in zip(events["date"], events["date_precision"], strict=True)]
    return events.sort_values(["x", "id"])
