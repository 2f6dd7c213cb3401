"""Dates in English and Chinese notation: reading, rejecting, writing."""

from __future__ import annotations

import pytest

from checks.dates import format_date
from checks.model import DateValue, NotationError
from checks.notation import format_value, parse
from core_facts import date_fact


@pytest.mark.parametrize(("text", "expected"), [
    # English
    ("6 December 1949", DateValue(1949, 12, 6)),
    ("December 6, 1949", DateValue(1949, 12, 6)),
    ("December 6 1949", DateValue(1949, 12, 6)),
    ("6th December 1949", DateValue(1949, 12, 6)),
    ("6th of December 1949", DateValue(1949, 12, 6)),
    ("14 February 1950", DateValue(1950, 2, 14)),
    ("Dec. 1949", DateValue(1949, 12)),
    ("Dec 1949", DateValue(1949, 12)),
    ("Sept. 1958", DateValue(1958, 9)),
    ("December 1949", DateValue(1949, 12)),
    ("16 December", DateValue(None, 12, 16)),
    ("December 16", DateValue(None, 12, 16)),
    ("29 February", DateValue(None, 2, 29)),
    ("on 14 February 1950 in Moscow", DateValue(1950, 2, 14)),
    ("1950", DateValue(1950)),
    ("in 1950", DateValue(1950)),
    ("1950-02-14", DateValue(1950, 2, 14)),
    ("1950/2/14", DateValue(1950, 2, 14)),
    ("1950.2.14", DateValue(1950, 2, 14)),
    ("14th of February, 1950", DateValue(1950, 2, 14)),
    ("14 Feb. 1950", DateValue(1950, 2, 14)),
    ("Feb 14, 1950", DateValue(1950, 2, 14)),
    ("25/12/1949", DateValue(1949, 12, 25)),
    ("12/25/1949", DateValue(1949, 12, 25)),
    ("03/03/1950", DateValue(1950, 3, 3)),
    ("14.2.1950", DateValue(1950, 2, 14)),
    # Chinese
    ("1949年12月6日", DateValue(1949, 12, 6)),
    ("1949年12月6号", DateValue(1949, 12, 6)),
    ("1949年12月", DateValue(1949, 12)),
    ("1949年12月底", DateValue(1949, 12)),
    ("12月6日", DateValue(None, 12, 6)),
    ("12月16日", DateValue(None, 12, 16)),
    ("1950年", DateValue(1950)),
    ("１９４９年１２月６日", DateValue(1949, 12, 6)),
    ("1949 年 12 月 6 日", DateValue(1949, 12, 6)),
    ("一九四九年十二月六日", DateValue(1949, 12, 6)),
    ("一九五〇年二月十四日", DateValue(1950, 2, 14)),
    ("一九四九年十二月", DateValue(1949, 12)),
    ("十二月十六日", DateValue(None, 12, 16)),
    ("二月二十九日", DateValue(None, 2, 29)),
    ("三月三十一日", DateValue(None, 3, 31)),
    ("一九五〇年", DateValue(1950)),
])
def test_reads_a_date(text: str, expected: DateValue) -> None:
    assert parse(text, "date") == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("30 February 1950", "has no day 30"),
    ("1950-02-30", "has no day 30"),
    ("1950年2月30日", "has no day 30"),
    ("29 February 1950", "has no day 29"),
    ("31 April 1950", "has no day 31"),
    ("1950年13月", "no month 13"),
    ("02/03/1950", "ambiguous"),
    ("2/3/1950", "ambiguous"),
    ("14.13.1950", "either"),
    ("02/03/50", "two-digit year"),
    ("14 February 1950 and 15 February 1950", "holds 2 values"),
    ("yesterday", "no date or figure"),
    ("", "no words"),
    ("   ", "no words"),
    ("US$300 million", "is a figure"),
])
def test_rejects_a_date_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(NotationError, match=reason):
        parse(text, "date")


def test_ambiguous_date_names_both_readings() -> None:
    with pytest.raises(NotationError) as error:
        parse("02/03/1950", "date")
    assert "3 February 1950" in str(error.value) and "2 March 1950" in str(error.value)


def test_leap_day_exists_in_a_leap_year_and_without_a_year() -> None:
    assert parse("29 February 1952", "date") == DateValue(1952, 2, 29)
    assert parse("2月29日", "date") == DateValue(None, 2, 29)


@pytest.mark.parametrize(("value", "en", "zh"), [
    (DateValue(1950, 2, 14), "14 February 1950", "1950年2月14日"),
    (DateValue(1949, 12), "December 1949", "1949年12月"),
    (DateValue(1949), "1949", "1949年"),
    (DateValue(None, 12, 16), "16 December", "12月16日"),
])
def test_writes_a_date(value: DateValue, en: str, zh: str) -> None:
    assert format_date(value, "en") == en
    assert format_date(value, "zh") == zh
    assert parse(en, "date") == value
    assert parse(zh, "date") == value


def test_format_value_of_a_date_fact_round_trips() -> None:
    fact = date_fact("treaty-signed", 1950, 2, 14)
    for notation in ("en", "zh"):
        assert parse(format_value(fact, notation), "date") == fact.value


def test_precision_follows_the_form() -> None:
    assert DateValue(1950, 2, 14).precision == "day"
    assert DateValue(1950, 2).precision == "month"
    assert DateValue(1950).precision == "year"
    assert DateValue(None, 12, 16).iso() == "--12-16"
