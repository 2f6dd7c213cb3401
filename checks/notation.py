"""Read the words of a ``{fact}`` role into a value, and write a registered value in words.

:func:`parse` reads what an author wrote ("14 February 1950", "1950年2月14日", "US$300 million",
"200多人", "two months") with the scanner, so a role accepts exactly the notations the scanner
finds in prose, plus a bare year or number. :func:`format_value` writes a fact in the English or
Chinese notation; what it writes parses back to the same value.
"""

from __future__ import annotations

import calendar
import functools
import re
from decimal import Decimal

from .dates import format_date, number_zh
from .model import DateValue, Fact, Figure, Finding, NotationError, make_date
from .numerals import (
    CN_NUMERAL_CHARS,
    FULLWIDTH,
    chinese_small,
    english_word,
    group,
    parse_chinese,
    parse_decimal,
    plain,
    scaled_chinese,
    scaled_english,
)
from .scan import scan_all, scan_dates
from .units import UnitTable, builtin_units, plural

__all__ = ["NotationError", "format_date_short", "format_figure", "format_value", "parse"]

_BARE_YEAR = re.compile(r"(?:in\s+)?(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年?")
_BARE_NUMBER = re.compile(
    rf"(?P<n>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)"
)


def parse(text: str, kind: str | None = None, units: UnitTable | None = None
          ) -> DateValue | Figure:
    """The date or figure ``text`` states; :class:`NotationError` (with the reason) if none.

    ``kind`` is the kind of the fact the words are bound to: "date" looks for a date (and reads a
    bare "1950" as a year), any other kind for a figure; None takes whichever the text holds.
    ``units``: the book's currencies and units (None: the built-in ones).
    """
    value = _parse_cached(" ".join(text.split()), kind, units or builtin_units())
    if isinstance(value, str):
        raise NotationError(value)
    return value


@functools.lru_cache(maxsize=32768)  # a book of 1,000 chapters binds some 23,000 words
def _parse_cached(words: str, kind: str | None, units: UnitTable) -> DateValue | Figure | str:
    """:func:`_parse`'s value, or the reason it gives none, remembered: a book states the same
    dates and figures in many places, and the values are immutable."""
    try:
        return _parse(words, kind, units)
    except NotationError as error:
        return str(error)


#: What a figure needs to be a range, the only kind of figure that can be in error ("the range
#: '20–10' runs backwards"): a dash, a tilde, 至/到, or "to"/"and" between numbers.
_RANGE_MARK = re.compile(r"[-–—~～至到]|\s(?:to|and)\s")


def _parse(words: str, kind: str | None, units: UnitTable) -> DateValue | Figure:
    if not words:
        raise NotationError("there are no words to check")
    if kind == "date" and not _RANGE_MARK.search(words):
        # Words bound to a date: only the dates count. With no figure in error (none can be
        # without a range mark), this is what the whole scan below would conclude; when there
        # is no date, which error to give depends on the figures: the whole scan says.
        dates = scan_dates(words)
        if dates:
            return _one(words, dates)
    findings = scan_all(words, weak=True, units=units)
    for finding in findings:
        if finding.error:
            raise NotationError(finding.error)
    dates = [f for f in findings if f.kind == "date"]
    figures = [f for f in findings if f.kind != "date"]
    wanted = dates if kind == "date" else figures if kind else findings
    if wanted:
        return _one(words, wanted)
    bare = _bare(words.translate(FULLWIDTH), kind)
    if bare is not None:
        return bare
    if findings:
        what = "a date" if dates else "a figure"
        raise NotationError(f"'{words}' is {what}, but the fact is of kind {kind}")
    raise NotationError(f"'{words}' holds no date or figure this checker can read")


def _one(words: str, wanted: list[Finding]) -> DateValue | Figure:
    """The value of the one finding the words hold; an error if they hold several (or one in
    error: :func:`_parse` raises those first)."""
    for finding in wanted:
        if finding.error:
            raise NotationError(finding.error)
    if len(wanted) == 1 and wanted[0].value is not None:
        return wanted[0].value
    listed = ", ".join(f"'{f.text}'" for f in wanted)
    raise NotationError(f"'{words}' holds {len(wanted)} values ({listed}); bind each one "
                        "in its own role")


def _bare(words: str, kind: str | None) -> DateValue | Figure | None:
    """A bare year ("1950", "1950年") or a bare number ("1390", "一千")."""
    if kind in (None, "date") and (m := _BARE_YEAR.fullmatch(words)):
        return make_date(number_zh(m["y"]))
    if kind != "date" and (m := _BARE_NUMBER.fullmatch(words)):
        digits = m["n"]
        value = parse_decimal(digits) if digits[0].isdigit() else parse_chinese(digits)
        return Figure(value)
    return None


# -- writing ---------------------------------------------------------------------------------


#: Scales a column of amounts of money can be written in: the word, and what it multiplies by.
SCALES = {"million": Decimal(1_000_000)}


def format_value(fact: Fact, notation: str = "en", units: UnitTable | None = None, *,
                 scale: str | None = None, bare: bool = False) -> str:
    """The fact's registered value in words: ``"14 February 1950"``, ``"3亿美元"``.

    ``scale`` and ``bare``: see :func:`format_figure` (dates ignore them).
    """
    if isinstance(fact.value, DateValue):
        return format_date(fact.value, notation)
    return format_figure(fact.value, notation, fact.unit_zh, units, scale=scale, bare=bare)


def format_figure(figure: Figure, notation: str = "en", unit_zh: str | None = None,
                  units: UnitTable | None = None, *, scale: str | None = None,
                  bare: bool = False) -> str:
    """A figure in English ("about US$300 million", "two months") or Chinese ("约3亿美元"), with
    the words of the book's currencies and units (None: the built-in ones).

    ``scale="million"``: an amount of money, in English, in millions ("1,200 million roubles"),
    so that a column of amounts reads in one unit; ``bare`` leaves out its currency word
    ("1,200 million", for the terms of a sum whose total names it). Other figures, and ranges,
    are written as usual.
    """
    units = units or builtin_units()
    if notation == "zh":
        return _format_zh(figure, unit_zh, units)
    if scale is not None and figure.currency and figure.precision != "range":
        return _format_scaled(figure, scale, bare, units)
    return _format_en(figure, units)


def format_date_short(date: DateValue, notation: str = "en") -> str:
    """A date with the month abbreviated, for a chart's axis: ``6 Dec 1949``, ``Dec 1949``,
    ``1949``; in Chinese notation, ``1949年12月6日``."""
    if notation == "zh":  # Chinese has no shorter form
        return format_date(date, "zh")
    parts = [str(part) for part in (date.day,) if part is not None]
    if date.month is not None:
        parts.append(calendar.month_abbr[date.month])
    if date.year is not None:
        parts.append(str(date.year))
    return " ".join(parts)


_PREFIX_EN = {"exact": "", "approx": "about ", "at-least": "at least ", "at-most": "at most ",
              "range": ""}
_PREFIX_ZH = {"exact": "", "approx": "约", "at-least": "至少", "at-most": "最多", "range": ""}


def _number_en(figure: Figure, scaled: bool) -> str:
    """The number, or range of numbers, of ``figure`` (sharing one "million"/"billion")."""
    low = scaled_english(figure.value) if scaled else group(figure.value)
    if figure.precision != "range" or figure.high is None:
        return low
    high = scaled_english(figure.high) if scaled else group(figure.high)
    low_number, _, low_scale = low.partition(" ")
    _, _, high_scale = high.partition(" ")
    if low_scale == high_scale:
        return f"{low_number}–{high}"
    return f"{low}–{high}"


def _format_scaled(figure: Figure, scale: str, bare: bool, units: UnitTable) -> str:
    number = (figure.value / SCALES[scale]).normalize()
    text = f"{number:,f}" if number == number.to_integral_value() else f"{number:,}"
    amount = f"{text} {scale}"
    if not bare:
        amount = units.write_currency_en(figure.currency or "", amount)
    return f"{_PREFIX_EN[figure.precision]}{amount}"


def _format_en(figure: Figure, units: UnitTable) -> str:
    prefix = _PREFIX_EN[figure.precision]
    unit = figure.unit
    if figure.currency:
        return prefix + units.write_currency_en(figure.currency, _number_en(figure, True))
    number = _number_en(figure, True)
    if unit is None:
        return prefix + number
    if unit == "percent/year":
        return f"{prefix}{number} per cent a year"
    if "/" in unit:
        numerator, _, denominator = unit.partition("/")
        per = units.currency_per_word(denominator)
        if numerator in units.currency and per:
            return f"{prefix}{units.write_currency_en(numerator, number)} per {per}"
        return f"{prefix}{number} {unit}"
    if unit in units.measure:
        last = figure.high if figure.precision == "range" and figure.high is not None else \
            figure.value
        return f"{prefix}{number} {units.measure_en(unit, plain(last))}"
    value = figure.value
    if (unit in ("day", "week", "month", "year") and figure.precision != "range"
            and value == value.to_integral_value() and 0 <= value <= 10):
        number = english_word(int(value))
    last = figure.high if figure.precision == "range" and figure.high is not None else value
    return f"{prefix}{number} {plural(unit, plain(last))}"


_ZH_TIME_OF = {"day": "天", "week": "周", "month": "个月", "year": "年"}


def _number_zh(value: Decimal, small: bool) -> str:
    """Chinese numerals for a duration of 1–10 or whole tens (两个月, 三十年), else digits."""
    if small and value == value.to_integral_value() and (1 <= value <= 10 or (
            value < 100 and value % 10 == 0)):
        return chinese_small(int(value))
    return scaled_chinese(value)


def _format_zh(figure: Figure, unit_zh: str | None, units: UnitTable) -> str:
    prefix = _PREFIX_ZH[figure.precision]
    unit = figure.unit
    time = unit in ("day", "week", "month", "year")
    small = time and figure.precision != "range"
    number = _number_zh(figure.value, small)
    if figure.precision == "range" and figure.high is not None:
        number = f"{number}至{_number_zh(figure.high, False)}"
    if figure.currency:
        return f"{prefix}{number}{units.currency_zh(figure.currency)}"
    if unit == "percent/year":
        return f"年息{prefix}{number}%"
    if unit and "/" in unit:
        numerator, _, denominator = unit.partition("/")
        if numerator in units.currency and denominator in units.currency:
            return (f"1{units.currency_zh(denominator)}合{prefix}{number}"
                    f"{units.currency_zh(numerator)}")
        return f"{prefix}{number}{unit}"
    if unit in _ZH_TIME_OF:
        return f"{prefix}{number}{_ZH_TIME_OF[unit]}"
    if unit and (word := units.measure_zh(unit)):
        return f"{prefix}{number}{word}"
    return f"{prefix}{number}{unit_zh or ''}"
