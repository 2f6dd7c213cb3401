"""Month names and the written forms of dates, English ("14 February 1950") and Chinese
("1950年2月14日"); reading dates out of text is the scanner's job (:mod:`checks.scan`)."""

from __future__ import annotations

import calendar
import contextlib
import datetime
import re

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
        with contextlib.suppress(NotationError):
            readings.add(make_date(y, month, day))
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


# -- weekdays --------------------------------------------------------------------------------

#: English weekday names and abbreviations -> weekday (Monday is 0, as
#: :meth:`datetime.date.weekday`).
WEEKDAYS_EN: dict[str, int] = {}
for _number in range(7):
    WEEKDAYS_EN[calendar.day_name[_number]] = _number
    WEEKDAYS_EN[calendar.day_abbr[_number]] = _number
WEEKDAYS_EN.update({"Tues": 1, "Weds": 2, "Thur": 3, "Thurs": 3})
#: The last character of a Chinese weekday (星期二, 周二, 礼拜二) -> weekday.
WEEKDAY_DIGITS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
WEEKDAY_NAMES_ZH = ("星期", "周", "週", "礼拜", "禮拜")

_EN_NAMES = "|".join(sorted(WEEKDAYS_EN, key=len, reverse=True))
_ZH_WEEKDAY = r"(?:%s)[%s]" % ("|".join(WEEKDAY_NAMES_ZH), "".join(WEEKDAY_DIGITS_ZH))
#: A weekday anywhere in a role's words: a full English name, an abbreviation, or Chinese.
_WEEKDAY = re.compile(rf"\b(?:{_EN_NAMES})\b\.?|{_ZH_WEEKDAY}(?![一二三四五六七八九十年])")
#: A weekday just before a role ("on Tuesday, {fact}`...`", "星期二，"), in the text beside it:
#: a full English name or an abbreviation with its dot, then only spaces and punctuation.
_WEEKDAY_BEFORE = re.compile(
    rf"(?:\b(?:{'|'.join(calendar.day_name)})\b|\b(?:{_EN_NAMES})\.|{_ZH_WEEKDAY})"
    r"[\s,，、:：(（]*$"
)
#: A weekday just after a role ("{fact}`...` (Tuesday)", "（星期二）").
_WEEKDAY_AFTER = re.compile(
    rf"^[\s,，、(（]*(?:\b(?:{'|'.join(calendar.day_name)})\b|{_ZH_WEEKDAY}"
    r"(?![一二三四五六七八九十年]))"
)


def _weekday_of(written: str) -> int:
    text = written.rstrip(".")
    if text in WEEKDAYS_EN:
        return WEEKDAYS_EN[text]
    return WEEKDAY_DIGITS_ZH[text[-1]]


def weekdays_in(words: str, before: str = "", after: str = "") -> list[tuple[str, int]]:
    """The weekdays written in a role's ``words`` or just ``before``/``after`` it in the text,
    as ``(as written, weekday)``; Monday is 0."""
    found = [m.group() for m in _WEEKDAY.finditer(words)]
    if m := _WEEKDAY_BEFORE.search(before):
        found.append(m.group().rstrip(" ,，、:：(（\n\t"))
    if m := _WEEKDAY_AFTER.search(after):
        found.append(m.group().lstrip(" ,，、(（\n\t"))
    return [(text, _weekday_of(text)) for text in found]


def weekday_name(weekday: int, notation: str = "en") -> str:
    """``1`` -> ``"Tuesday"`` (en), ``"星期二"`` (zh)."""
    if notation == "zh":
        return "星期" + "一二三四五六日"[weekday]
    return calendar.day_name[weekday]
