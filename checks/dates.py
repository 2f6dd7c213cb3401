"""Month names and the written forms of dates, English ("14 February 1950") and Chinese
("1950年2月14日"); reading dates out of text is the scanner's job (:mod:`checks.scan`)."""

from __future__ import annotations

import calendar
import datetime

from .model import DateValue, NotationError, make_date
from .numerals import parse_chinese

#: English month names and abbreviations -> month number.
MONTHS_EN: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS_EN[calendar.month_name[_number]] = _number
    MONTHS_EN[calendar.month_abbr[_number]] = _number
MONTHS_EN["Sept"] = 9


def month_en(name: str) -> int:
    """``"December"``, ``"Dec."``, ``"Sept"`` -> 12, 12, 9."""
    return MONTHS_EN[name.rstrip(".")]


def number_zh(text: str) -> int:
    """A month, day or year in digits or Chinese numerals (``"十二"``, ``"一九四九"``, ``"06"``)."""
    value = parse_chinese(text.strip())
    if value != value.to_integral_value():
        raise NotationError(f"'{text}' is not a whole number")
    return int(value)


def numeric_date(first: str, second: str, year: str,
                 advice: str = "write the month in words") -> DateValue:
    """``dd/mm/yyyy`` or ``mm/dd/yyyy``: accepted only when just one reading is a date."""
    if len(year) != 4:
        raise NotationError(f"'{first}/{second}/{year}' has a two-digit year; {advice}")
    a, b, y = int(first), int(second), int(year)
    readings = set()
    for day, month in ((a, b), (b, a)):
        try:
            readings.add(make_date(y, month, day))
        except NotationError:
            pass
    if len(readings) == 1:
        return readings.pop()
    written = f"{first}/{second}/{year}"
    if not readings:
        raise NotationError(f"'{written}' is no date in either day/month or month/day order; "
                            f"{advice}")
    one, two = sorted(readings, key=lambda d: (d.month, d.day))
    raise NotationError(f"'{written}' is ambiguous: {format_date(one)} or {format_date(two)}? "
                        f"{advice[0].upper()}{advice[1:]}")


def format_date(date: DateValue, notation: str = "en") -> str:
    """``14 February 1950`` / ``February 1950`` / ``1950`` / ``16 December`` (en);
    ``1950年2月14日`` / ``1950年2月`` / ``1950年`` / ``12月16日`` (zh)."""
    if notation == "zh":
        year = "" if date.year is None else f"{date.year}年"
        month = "" if date.month is None else f"{date.month}月"
        day = "" if date.day is None else f"{date.day}日"
        return year + month + day
    parts = []
    if date.day is not None:
        parts.append(str(date.day))
    if date.month is not None:
        parts.append(calendar.month_name[date.month])
    if date.year is not None:
        parts.append(str(date.year))
    return " ".join(parts)


def span(date: DateValue) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date of any precision may be."""
    if date.year is None:
        raise ValueError("a month-day without a year has no span")
    first = datetime.date(date.year, date.month or 1, date.day or 1)
    if date.day is not None:
        return first, first
    if date.month is not None:
        return first, datetime.date(date.year, date.month,
                                    calendar.monthrange(date.year, date.month)[1])
    return first, datetime.date(date.year, 12, 31)
