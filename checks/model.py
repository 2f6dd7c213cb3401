"""The records every part of the checks shares: locations, values, facts, relations, problems.

Pure data, no Sphinx: frozen, slotted dataclasses that carry their own :class:`Location`, so any
later message can point at the file and line where a thing was written.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from decimal import Decimal
from typing import Any

from .warnings import WARNING_TYPE, Subtype

#: A fact or relation id: lowercase letters and digits, words joined by single hyphens.
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The kinds of fact (FACTS-SPEC.md).
KINDS = ("date", "money", "count", "quantity", "duration", "rate")
#: How exactly a number is known. "at-most" is an extension of FACTS-SPEC.md ("fewer than", 不到).
NUMBER_PRECISIONS = ("exact", "approx", "at-least", "at-most", "range")
DATE_PRECISIONS = ("year", "month", "day")
TIME_UNITS = ("day", "week", "month", "year")
RELATION_KINDS = ("sum", "equation", "duration", "order")


@dataclasses.dataclass(frozen=True, slots=True)
class Location:
    """A place in a source file; ``line`` is 1-based, None when unknown; ``column`` (1-based)
    only where the line holds the same words twice."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One finding of the checks: one warning, at one place."""

    subtype: Subtype
    message: str
    location: Location | None = None
    fact_id: str | None = None

    def format(self) -> str:
        """The line Sphinx prints for this warning (``python -m checks`` prints the same)."""
        where = f"{self.location}: " if self.location else ""
        return f"{where}WARNING: {self.message} [{WARNING_TYPE}.{self.subtype.value}]"


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class DateValue:
    """A calendar date known to the year, the month or the day.

    ``year`` is None for a month–day written without a year ("16 December", "12月16日").
    Construct through :func:`make_date` to validate.
    """

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def iso(self) -> str:
        """``1950-02-14``, ``1949-12``, ``1949``; ``--12-16`` for a month–day."""
        year = "-" if self.year is None else f"{self.year:04d}"
        parts = [year] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)

    def __str__(self) -> str:
        return self.iso()


class NotationError(ValueError):
    """Text that is not a date or figure one can read, with the reason in the message."""


def make_date(year: int | None, month: int | None = None, day: int | None = None) -> DateValue:
    """A validated :class:`DateValue`; :class:`NotationError` for a date that cannot exist."""
    if year is not None and not 1 <= year <= 9999:
        raise NotationError(f"year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise NotationError(f"there is no month {month}")
    if day is not None:
        if month is None:
            raise NotationError("a day needs a month")
        last = calendar.monthrange(2000 if year is None else year, month)[1]
        if not 1 <= day <= last:
            where = calendar.month_name[month] + ("" if year is None else f" {year}")
            raise NotationError(f"{where} has no day {day} (it has {last} days)")
    return DateValue(year, month, day)


@dataclasses.dataclass(frozen=True, slots=True)
class Figure:
    """A number as written or registered: value, how exact, and what it counts.

    ``value`` is the number (the low end of a range); ``high`` the high end of a range, or the
    bound implied by a Chinese 多/余 ("200多人" is 200 up to 300). ``currency`` is a code of the
    book's currencies (:mod:`checks.unitfile`); ``unit`` a time unit (``month``), a unit of
    measure (``tonne``, ``percent``), a rate (``SUR/USD``, ``percent/year``) or a counted noun
    (``expert``, ``名``).
    """

    value: Decimal
    precision: str = "exact"
    currency: str | None = None
    unit: str | None = None
    high: Decimal | None = None

    def interval(self) -> tuple[Decimal | None, Decimal | None]:
        """The values this figure allows, as ``(low, high)``; None is unbounded.

        An approximation allows what rounds to it at its written resolution, and no more than
        10% either side: "about 1,390" is 1,385 to 1,395, "about 20,000" is 18,000 to 22,000.
        The bound of 多/余 is exclusive: "200多" is 200 up to, not including, 300.
        """
        if self.precision == "exact":
            return self.value, self.value
        if self.precision == "approx":
            half = min(resolution(self.value) / 2, abs(self.value) / 10)
            return self.value - half, self.value + half
        if self.precision == "at-most":
            return None, self.value
        if self.precision == "at-least" and self.high is not None:
            return self.value, self.high - resolution(self.high) / 1000
        return self.value, self.high  # at-least (unbounded), range

    @property
    def kind(self) -> str:
        """The kind of fact this figure most likely states."""
        from .units import figure_kind  # units imports this module

        return figure_kind(self)


def resolution(value: Decimal) -> Decimal:
    """The place of the last significant digit: 20,000 -> 10,000; 1,390 -> 10; 4.45 -> 0.01."""
    if not value:
        return Decimal(1)
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int), value  # finite: the registry and the scanner read no other
    return Decimal(1).scaleb(exponent)


Value = DateValue | Figure


@dataclasses.dataclass(frozen=True, slots=True)
class Variant:
    """What another source says instead of the registered value, and why the book differs."""

    value: Value
    source: str
    note: str | None
    location: Location
    #: The note in Chinese, for the Chinese edition (the English one where there is none).
    note_zh: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Fact:
    """One registered fact (FACTS-SPEC.md).

    ``value`` is a DateValue (kind "date") or a Figure, which carries the precision, currency and
    unit of a number; the properties below read them from it.
    """

    id: str
    kind: str
    value: Value
    label: str
    sources: tuple[str, ...]
    location: Location
    unit_zh: str | None = None
    label_zh: str | None = None
    variants: tuple[Variant, ...] = ()
    disputed: bool = False
    note: str | None = None
    note_zh: str | None = None

    @property
    def precision(self) -> str:
        """"day"/"month"/"year" for a date, else the figure's precision."""
        return self.value.precision

    @property
    def unit(self) -> str | None:
        return None if isinstance(self.value, DateValue) else self.value.unit

    @property
    def currency(self) -> str | None:
        return None if isinstance(self.value, DateValue) else self.value.currency


@dataclasses.dataclass(frozen=True, slots=True)
class Relation:
    """One declared relation; ``data`` holds its kind's fields as written in the TOML."""

    id: str
    kind: str
    data: dict[str, Any]
    location: Location
    note: str | None = None
    #: The line of each field, for messages about one field.
    lines: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Finding:
    """A date or figure found in text, at ``text[start:end]``.

    ``value`` is None when the text looks like a date but cannot be one; ``error`` says why.
    ``year_hint``: for a month–day ("9月12日"), the last year written before it in the text.
    """

    start: int
    end: int
    text: str
    kind: str
    value: Value | None
    error: str | None = None
    year_hint: int | None = None
