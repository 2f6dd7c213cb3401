"""Do the words say what the fact says? And which fact does an unbound date or figure state?

Dates compare at the precision written: "1950" checks the year, "February 1950" the year and
month, "16 December" / "12月16日" the month and day. Numbers compare exactly, unless the words
are approximate ("about", "nearly", 约, 近, 多, 余): then they must allow the registered value at
their written resolution, within 10%. Currencies and units of time are strict (roubles are not
dollars, days are not months); counted nouns are lenient ("experts", "specialists", 名 and 人 all
count).
Words of another unit, currency or kind than the fact's are a ``wrong_unit`` whatever their
number; a weekday in or beside the words that their date does not fall on, a ``wrong_weekday``.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Iterable
from decimal import Decimal

from .dates import format_date, weekday_name, weekdays_in
from .model import (
    DateValue,
    Fact,
    Figure,
    Finding,
    Location,
    NotationError,
    Problem,
    Subtype,
    Value,
    Variant,
)
from .notation import format_figure, format_value, parse
from .registry import Registry
from .units import UnitTable, builtin_units, plural, unit_class

__all__ = [
    "FactIndex",
    "compare",
    "find_variant",
    "guess_notation",
    "match",
    "match_variant",
    "unbound_problem",
    "unused_problems",
]


@functools.cache
def _cjk() -> re.Pattern[str]:
    """Chinese characters; compiled when first needed (a message or a hint): building this
    class costs about a millisecond, and a book whose words all agree never needs it."""
    return re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


_TIME_SIZE = {"day": ("day", 1), "week": ("day", 7), "month": ("month", 1), "year": ("month", 12)}


def guess_notation(text: str) -> str:
    """"zh" when the text holds Chinese characters, else "en"."""
    return "zh" if _cjk().search(text) else "en"


def _currency_name(code: str | None, units: UnitTable) -> str:
    """``roubles (SUR)``, ``US dollars (USD)``."""
    return units.currency_name(code)


def _compare_dates(held: DateValue, written: DateValue) -> str | None:
    fields = ("year", "month", "day")
    for name in fields:
        if getattr(written, name) is not None and getattr(held, name) is None:
            return (f"the text gives the {name}, but the registry knows the date only to the "
                    f"{held.precision}")
    differ = [n for n in fields if getattr(written, n) is not None
              and getattr(written, n) != getattr(held, n)]
    if differ:
        return f"the {' and '.join(differ)} differ{'s' if len(differ) == 1 else ''}"
    return None


def _scale(written: Figure, factor: Decimal) -> tuple[Decimal | None, Decimal | None]:
    low, high = written.interval()
    return (None if low is None else low * factor, None if high is None else high * factor)


def _unit_mismatch(kind: str, held: Figure, written: Figure,
                   units: UnitTable) -> tuple[str | None, Decimal]:
    """Why the unit, currency or kind ``written`` carries is not that of a fact of ``kind``
    holding ``held`` (None when it fits), and the factor that brings its number to the fact's
    unit (nine weeks are 63 days). Words without a unit fit any figure; counted nouns fit any
    count ("experts", "specialists", 名 and 人 all count)."""
    cls = unit_class(written.unit, units)
    if written.currency:
        numerator = (held.unit or "").split("/")[0]
        if kind == "money" and written.currency != held.currency:
            return (f"the text is in {_currency_name(written.currency, units)}, the registry in "
                    f"{_currency_name(held.currency, units)}"), Decimal(1)
        if kind == "rate" and written.currency != numerator:
            return (f"the text is in {_currency_name(written.currency, units)}, the rate in "
                    f"{held.unit}"), Decimal(1)
        if kind not in ("money", "rate"):
            return (f"the text names a currency ({written.currency}), the fact is {_A_KIND[kind]}"
                    + _in_unit(held, units)), Decimal(1)
        return None, Decimal(1)
    if cls is None:
        return None, Decimal(1)
    if kind == "duration":
        if cls != "time":
            return (f"the text gives {_unit_words(written, units)}, the fact is a duration in "
                    f"{held.unit}s"), Decimal(1)
        assert written.unit and held.unit  # a word of time; a duration fact's unit (registry)
        (w_base, w_size), (h_base, h_size) = _TIME_SIZE[written.unit], _TIME_SIZE[held.unit]
        if w_base != h_base:
            return f"the text counts {written.unit}s, the registry {held.unit}s", Decimal(1)
        return None, Decimal(w_size) / Decimal(h_size)
    if cls == "time":
        return (f"the text gives a duration ({written.unit}s), the fact is {_A_KIND[kind]}"
                + _in_unit(held, units)), Decimal(1)
    if kind == "count":
        if cls == "noun":
            return None, Decimal(1)
        return f"the text gives {_unit_words(written, units)}, the fact is a count", Decimal(1)
    if cls == "noun":
        return (f"the text counts {_unit_words(written, units)}, the fact is {_A_KIND[kind]}"
                + _in_unit(held, units)), Decimal(1)
    if kind == "rate":
        if written.unit != held.unit and not (held.unit or "").startswith(f"{written.unit}/"):
            return f"the text gives {written.unit}, the rate is in {held.unit}", Decimal(1)
        return None, Decimal(1)
    if written.unit != held.unit:
        return f"the text gives {written.unit}, the registry {held.unit or kind}", Decimal(1)
    return None, Decimal(1)


_A_KIND = {"money": "an amount of money", "count": "a count", "quantity": "a quantity",
           "duration": "a duration", "rate": "a rate", "date": "a date"}


def _unit_words(figure: Figure, units: UnitTable) -> str:
    """What a written figure counts or measures, for a message: "experts", "笔", "km"."""
    unit = figure.unit or ""
    if unit_class(unit, units) == "noun" and unit.isascii():
        return plural(unit, 2)
    return unit


def _in_unit(held: Figure, units: UnitTable) -> str:
    """" in roubles (SUR)", " in months", " of projects": what the fact is in, for a message."""
    if held.currency:
        return f" in {_currency_name(held.currency, units)}"
    if held.unit and unit_class(held.unit, units) == "noun":
        return f" of {plural(held.unit, 2)}"
    return f" in {plural(held.unit, 2)}" if held.unit else ""


def _compare_figures(kind: str, held: Figure, written: Figure, units: UnitTable) -> str | None:
    reason, factor = _unit_mismatch(kind, held, written, units)
    if reason is not None:
        return reason
    low, high = _scale(written, factor)
    h_low, h_high = held.interval()
    if (high is not None and h_low is not None and high < h_low) or (
            low is not None and h_high is not None and low > h_high):
        return "the number differs"
    return None


def unit_mismatch(kind: str, held: Value, written: Value,
                  units: UnitTable | None = None) -> str | None:
    """Why ``written`` is not even of the unit, currency or kind of a fact of ``kind`` holding
    ``held`` (a date for a figure, roubles for dollars, experts for months); None when it is,
    whatever the numbers say."""
    if isinstance(held, DateValue) or isinstance(written, DateValue):
        if isinstance(held, DateValue) == isinstance(written, DateValue):
            return None
        return (f"the text gives a {'date' if isinstance(written, DateValue) else 'figure'}, "
                f"the fact is {_A_KIND[kind]}")
    return _unit_mismatch(kind, held, written, units or builtin_units())[0]


def compare_value(kind: str, held: Value, written: Value,
                  units: UnitTable | None = None) -> str | None:
    """Why ``written`` contradicts ``held`` (a value of a fact of ``kind``); None if it agrees."""
    if isinstance(held, DateValue):
        if not isinstance(written, DateValue):
            return "the text gives a figure, the fact is a date"
        return _compare_dates(held, written)
    if isinstance(written, DateValue):
        return f"the text gives a date, the fact is a {kind}"
    return _compare_figures(kind, held, written, units or builtin_units())


def compare(fact: Fact, written: Value, units: UnitTable | None = None) -> str | None:
    """Why ``written`` contradicts ``fact``; None when it agrees."""
    return compare_value(fact.kind, fact.value, written, units)


def _show(value: Value, notation: str, units: UnitTable | None = None) -> str:
    if isinstance(value, DateValue):
        return format_date(value, notation)
    return format_figure(value, notation, units=units)


def match(words: str, fact: Fact, location: Location | None = None,
          beside: tuple[str, str] = ("", ""), units: UnitTable | None = None) -> Problem | None:
    """A problem when the words of ``{fact}`words <id>``` do not say what ``fact`` says.

    Words without a year ("16 December", "12月16日") take the fact's year. Empty words (the role
    renders the fact itself) always agree. ``beside``: the text just before and just after the
    role, where a weekday ("on Tuesday, {fact}`...`") must also be the date's. ``units``: the
    book's currencies and units (None: the built-in ones).
    """
    words = " ".join(words.split())
    if not words:
        return None
    where = f"'{fact.id}' ({fact.label}; {fact.location})"
    written: Value | None
    reason: str | None
    try:
        written = parse(words, fact.kind, units)
    except NotationError as error:
        written, reason = None, str(error)
        other = _other_kind(words, units)
        if other is not None and unit_mismatch(fact.kind, fact.value, other, units) is not None:
            return _wrong_unit(words, fact, reason, location, units)
    else:
        if (mismatch := unit_mismatch(fact.kind, fact.value, written, units)) is not None:
            return _wrong_unit(words, fact, mismatch, location, units)
        reason = compare(fact, written, units)
        if reason is None:
            return _wrong_weekday(words, written, fact, beside, location, fact.value)
    # A problem: what the message says is only worked out now (most words agree).
    notation = guess_notation(words)
    expected = format_value(fact, notation, units)
    if written is None:
        return Problem(Subtype.BAD_ROLE, f"cannot read '{words}' as the {fact.kind} of fact "
                       f"{where}: {reason} (the registry holds {expected})", location, fact.id)
    message = (f"'{words}' contradicts fact {where}: {reason}; the registry holds {expected}, "
               f"the text says {_show(written, notation, units)}")
    for variant in fact.variants:
        if compare_value(fact.kind, variant.value, written, units) is None:
            message += (f" (what {variant.source} says; the book does not adopt it"
                        + (f": {variant.note}" if variant.note else "") + ")")
            break
    message += f". Write {expected}, or correct the registry if the text is right"
    return Problem(Subtype.CONTRADICTION, message, location, fact.id)


def _other_kind(words: str, units: UnitTable | None) -> Value | None:
    """The one date or figure ``words`` state when read for no kind in particular, if any."""
    try:
        return parse(words, None, units)
    except NotationError:
        return None


def _wrong_unit(words: str, fact: Fact, reason: str, location: Location | None,
                units: UnitTable | None) -> Problem:
    expected = format_value(fact, guess_notation(words), units)
    message = (f"'{words}' cannot state fact '{fact.id}' ({fact.label}; {fact.location}): "
               f"{reason}; the registry holds {expected}. Bind the words to the fact they "
               f"state, or write {expected}")
    return Problem(Subtype.WRONG_UNIT, message, location, fact.id)


def _wrong_weekday(words: str, written: Value, fact: Fact, beside: tuple[str, str],
                   location: Location | None, held: Value) -> Problem | None:
    """A problem when a weekday in or beside the role is not the written date's weekday (the
    year, if the words leave it out, is that of ``held``, the value they agree with)."""
    if not isinstance(written, DateValue) or written.day is None or written.month is None:
        return None
    year = written.year if written.year is not None else getattr(held, "year", None)
    weekdays = weekdays_in(words, *beside)
    if year is None or not weekdays:
        return None
    try:
        day = datetime.date(year, written.month, written.day)
    except ValueError:  # 29 February of another year: the comparison has said so
        return None
    notation = guess_notation(words + "".join(text for text, _ in weekdays))
    for text, weekday in weekdays:
        if weekday != day.weekday():
            shown = format_date(DateValue(year, written.month, written.day), notation)
            right = weekday_name(day.weekday(), notation)
            return Problem(Subtype.WRONG_WEEKDAY, f"'{text}' with '{words}' (fact "
                           f"'{fact.id}'): {shown} was a {right}, not a "
                           f"{weekday_name(weekday, notation)}; write {right}, or correct the "
                           "date", location, fact.id)
    return None


def find_variant(words: str, fact: Fact, units: UnitTable | None = None) -> Variant | None:
    """The variant of ``fact`` that ``words`` state, or None."""
    try:
        written = parse(" ".join(words.split()), fact.kind, units)
    except NotationError:
        return None
    return next((v for v in fact.variants
                 if compare_value(fact.kind, v.value, written, units) is None), None)


def match_variant(words: str, fact: Fact, location: Location | None = None,
                  beside: tuple[str, str] = ("", ""),
                  units: UnitTable | None = None) -> Problem | None:
    """A problem when the words of ``{variant}`words <id>``` state none of the fact's variants
    (or a weekday in or beside them is not their date's)."""
    words = " ".join(words.split())
    where = f"'{fact.id}' ({fact.label}; {fact.location})"
    if not words:
        return Problem(Subtype.BAD_ROLE, f"{{variant}}`{fact.id}` has no words: write the "
                       f"source's reading, {{variant}}`words <{fact.id}>`", location, fact.id)
    try:
        written = parse(words, fact.kind, units)
    except NotationError as error:
        return Problem(Subtype.BAD_ROLE, f"cannot read '{words}' as a {fact.kind} for a variant "
                       f"of fact {where}: {error}", location, fact.id)
    agreed = next((v for v in fact.variants
                   if compare_value(fact.kind, v.value, written, units) is None), None)
    if agreed is not None:
        return _wrong_weekday(words, written, fact, beside, location, agreed.value)
    notation = guess_notation(words)
    if compare(fact, written, units) is None:
        message = (f"'{words}' is what the book holds for fact {where}, not a variant: bind it "
                   f"with {{fact}}`{words} <{fact.id}>`")
    else:
        known = "; ".join(f"{_show(v.value, notation, units)} ({v.source})"
                          for v in fact.variants)
        message = (f"'{words}' matches no variant of fact {where}; registered variants: "
                   f"{known or 'none'}. Add a [[fact.variants]] entry with this value and its "
                   "source, or correct the words")
    return Problem(Subtype.UNKNOWN_VARIANT, message, location, fact.id)


# -- unbound findings ------------------------------------------------------------------------


class FactIndex:
    """Facts by value, to name the fact an unbound date or figure most likely states.

    Built once per check (linear); each lookup is a dictionary access or a binary search.
    """

    _WINDOW = 64

    def __init__(self, facts: Iterable[Fact], units: UnitTable | None = None):
        self._units = units or builtin_units()
        self._dates: dict[tuple[int | None, int | None, int | None], list[tuple[Fact, bool]]] = {}
        #: (number, order, fact, via a variant, the figure that holds the number)
        self._numbers: list[tuple[Decimal, int, Fact, bool, Figure]] = []
        for seq, fact in enumerate(facts):
            for value, is_variant in [(fact.value, False),
                                      *((v.value, True) for v in fact.variants)]:
                if isinstance(value, DateValue):
                    keys = {(value.year, value.month, value.day)}
                    if value.day is not None:
                        keys.add((None, value.month, value.day))
                    for key in keys:
                        self._dates.setdefault(key, []).append((fact, is_variant))
                else:
                    self._numbers.append((value.value, seq, fact, is_variant, value))
        self._numbers.sort(key=lambda item: (item[0], item[1]))
        self._keys = [item[0] for item in self._numbers]

    def _ranked(self, finding: Finding) -> list[tuple[int, Fact, bool, bool]]:
        """(rank, fact, via a variant, agrees) for facts the finding may state, likeliest first.

        A fact whose unit, currency or kind the finding's words cannot state is never named
        (binding them would be a ``wrong_unit``). Of the rest, those whose value agrees come
        first: of the same unit or currency as the words, then of the same kind, then others
        (words without a unit fit any figure); the fact's own value before a variant's. Last,
        facts that have the number but hold something else ("about" where the words are exact).
        """
        value = finding.value
        if value is None:
            return []
        found: list[tuple[int, int, Fact, bool, bool]] = []
        if isinstance(value, DateValue):
            for seq, (fact, is_variant) in enumerate(
                    self._dates.get((value.year, value.month, value.day), [])):
                rank = 3 if is_variant else 0
                if value.year is None and finding.year_hint is not None:
                    year = fact.value.year if isinstance(fact.value, DateValue) else None
                    rank += 0 if year == finding.year_hint else 1
                found.append((rank, seq, fact, is_variant, True))
        else:
            low, high = value.interval()
            low = value.value if low is None else low
            high = value.value if high is None else high
            start = bisect.bisect_left(self._keys, low)
            stop = min(bisect.bisect_right(self._keys, high), start + self._WINDOW)
            for _, seq, fact, is_variant, held in self._numbers[start:stop]:
                if unit_mismatch(fact.kind, held, value, self._units) is not None:
                    continue
                agrees = compare_value(fact.kind, held, value, self._units) is None
                rank = _closeness(fact.kind, held, finding.kind, value) + (
                    3 if is_variant else 0) + (0 if agrees else 6)
                found.append((rank, seq, fact, is_variant, agrees))
        found.sort(key=lambda item: (item[0], item[1]))
        return [(rank, fact, is_variant, agrees) for rank, _, fact, is_variant, agrees in found]

    def suggest(self, finding: Finding) -> Fact | None:
        """The fact the finding most likely states, or None: binding the finding's words to it
        (``{fact}`words <id>```) is never a warning."""
        return next((fact for _, fact, _, agrees in self._ranked(finding) if agrees), None)

    def hint(self, finding: Finding) -> str:
        """What to do about an unbound finding, naming the likeliest fact."""
        text = " ".join(finding.text.split())
        escape = f"or mark it {{nofact}}`{text}` if it is not a fact"
        ranked = self._ranked(finding)
        if not ranked:
            return (f"register it in facts/ and bind it: {{fact}}`{text} <new-fact-id>`, "
                    f"{escape}")
        _, fact, is_variant, agrees = ranked[0]
        notation = guess_notation(text)
        held = format_value(fact, notation, self._units)
        if not agrees:
            return (f"fact '{fact.id}' ({fact.label}) has this number but says "
                    f"{held}; bind the right fact, {escape}")
        if is_variant:
            return (f"it matches a variant of fact '{fact.id}' ({fact.label}) that the book does "
                    f"not adopt; the registry holds {held}: write {{fact}}`{held} <{fact.id}>`, "
                    f"{escape}")
        return f"bind it to fact '{fact.id}' ({fact.label}): {{fact}}`{text} <{fact.id}>`, {escape}"


def _closeness(kind: str, held: Figure, written_kind: str, written: Figure) -> int:
    """0: the words carry the fact's own unit or currency; 1: the fact is of the kind the words
    suggest; 2: another kind (words without a unit)."""
    if (written.currency or written.unit) and (written.currency, written.unit) == (
            held.currency, held.unit):
        return 0
    return 1 if kind == written_kind else 2


def unbound_problem(finding: Finding, location: Location | None, index: FactIndex) -> Problem:
    """The strict-mode problem for a date or figure that no ``{fact}`` binds."""
    text = " ".join(finding.text.split())
    if finding.error:
        message = (f"'{text}' cannot be read: {finding.error}; correct it, or mark it "
                   f"{{nofact}}`{text}` if it is quoted as the source writes it")
        return Problem(Subtype.UNBOUND, message, location)
    what = "date" if finding.kind == "date" else "figure"
    fact = index.suggest(finding)
    message = f"unbound {what} '{text}': {index.hint(finding)}"
    return Problem(Subtype.UNBOUND, message, location, fact.id if fact else None)


def unused_problems(registry: Registry, used_ids: Iterable[str]) -> list[Problem]:
    """A problem for each registered fact whose id is not in ``used_ids``."""
    used = set(used_ids)
    return [
        Problem(Subtype.UNUSED_FACT, f"fact '{fact.id}' ({fact.label}) is registered but no "
                f"chapter binds it: bind it with {{fact}}`{fact.id}` where the book states it, "
                "or remove it", fact.location, fact.id)
        for fact in registry.facts.values() if fact.id not in used
    ]
