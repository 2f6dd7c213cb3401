"""Do the words say what the fact says? And which fact does an unbound date or figure state?

Dates compare at the precision written: "1950" checks the year, "February 1950" the year and
month, "16 December" / "12月16日" the month and day. Numbers compare exactly, unless the words
are approximate ("about", "nearly", 约, 近, 多, 余): then they must allow the registered value at
their written resolution, within 10%. Currencies and units of time are strict (roubles are not dollars, days
are not months); counted nouns are lenient ("experts", "specialists", 名 and 人 all count).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from decimal import Decimal

from .dates import format_date
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
from .units import CURRENCY_NAMES, unit_class

__all__ = ["compare", "match", "find_variant", "match_variant", "FactIndex", "unbound_problem",
           "unused_problems", "guess_notation"]


@functools.cache
def _cjk() -> re.Pattern[str]:
    """Chinese characters; compiled when first needed (a message or a hint): building this
    class costs about a millisecond, and a book whose words all agree never needs it."""
    return re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


_TIME_SIZE = {"day": ("day", 1), "week": ("day", 7), "month": ("month", 1), "year": ("month", 12)}


def guess_notation(text: str) -> str:
    """"zh" when the text holds Chinese characters, else "en"."""
    return "zh" if _cjk().search(text) else "en"


def _currency_name(code: str) -> str:
    """``roubles (SUR)``, ``dollars (USD)``."""
    word = CURRENCY_NAMES[code][1] or {"USD": "dollars", "GBP": "pounds"}[code]
    return f"{word} ({code})"


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


def _compare_figures(kind: str, held: Figure, written: Figure) -> str | None:
    cls = unit_class(written.unit)
    factor = Decimal(1)
    if written.currency:
        numerator = (held.unit or "").split("/")[0]
        if kind == "money" and written.currency != held.currency:
            return (f"the text is in {_currency_name(written.currency)}, the registry in "
                    f"{_currency_name(held.currency)}")
        if kind == "rate" and written.currency != numerator:
            return f"the text is in {_currency_name(written.currency)}, the rate in {held.unit}"
        if kind not in ("money", "rate"):
            return f"the text names a currency ({written.currency}) but the fact is a {kind}"
    if kind == "duration":
        if cls not in (None, "time", "noun"):
            return f"the text gives {written.unit}, the fact is a duration in {held.unit}s"
        if cls == "time":
            (w_base, w_size), (h_base, h_size) = _TIME_SIZE[written.unit], _TIME_SIZE[held.unit]
            if w_base != h_base:
                return f"the text counts {written.unit}s, the registry {held.unit}s"
            factor = Decimal(w_size) / Decimal(h_size)
    elif cls == "time":
        return f"the text gives a duration ({written.unit}s) but the fact is a {kind}"
    elif kind == "rate" and cls in ("rate", "measure"):
        if written.unit != held.unit and not held.unit.startswith(written.unit + "/"):
            return f"the text gives {written.unit}, the rate is in {held.unit}"
    elif cls in ("rate", "measure") and written.unit != held.unit:
        return f"the text gives {written.unit}, the registry {held.unit or kind}"
    low, high = _scale(written, factor)
    h_low, h_high = held.interval()
    if (high is not None and h_low is not None and high < h_low) or (
            low is not None and h_high is not None and low > h_high):
        return "the number differs"
    return None


def compare_value(kind: str, held: Value, written: Value) -> str | None:
    """Why ``written`` contradicts ``held`` (a value of a fact of ``kind``); None if it agrees."""
    if isinstance(held, DateValue):
        if not isinstance(written, DateValue):
            return "the text gives a figure, the fact is a date"
        return _compare_dates(held, written)
    if isinstance(written, DateValue):
        return f"the text gives a date, the fact is a {kind}"
    return _compare_figures(kind, held, written)


def compare(fact: Fact, written: Value) -> str | None:
    """Why ``written`` contradicts ``fact``; None when it agrees."""
    return compare_value(fact.kind, fact.value, written)


def _show(value: Value, notation: str) -> str:
    if isinstance(value, DateValue):
        return format_date(value, notation)
    return format_figure(value, notation)


def match(words: str, fact: Fact, location: Location | None = None) -> Problem | None:
    """A problem when the words of ``{fact}`words <id>``` do not say what ``fact`` says.

    Words without a year ("16 December", "12月16日") take the fact's year. Empty words (the role
    renders the fact itself) always agree.
    """
    words = " ".join(words.split())
    if not words:
        return None
    try:
        written = parse(words, fact.kind)
    except NotationError as error:
        written, reason = None, str(error)
    else:
        reason = compare(fact, written)
        if reason is None:
            return None
    # A problem: what the message says is only worked out now (most words agree).
    notation = guess_notation(words)
    expected = format_value(fact, notation)
    where = f"'{fact.id}' ({fact.label}; {fact.location})"
    if written is None:
        return Problem(Subtype.BAD_ROLE, f"cannot read '{words}' as the {fact.kind} of fact "
                       f"{where}: {reason} (the registry holds {expected})", location, fact.id)
    message = (f"'{words}' contradicts fact {where}: {reason}; the registry holds {expected}, "
               f"the text says {_show(written, notation)}")
    for variant in fact.variants:
        if compare_value(fact.kind, variant.value, written) is None:
            message += (f" (what {variant.source} says; the book does not adopt it"
                        + (f": {variant.note}" if variant.note else "") + ")")
            break
    message += f". Write {expected}, or correct the registry if the text is right"
    return Problem(Subtype.CONTRADICTION, message, location, fact.id)


def find_variant(words: str, fact: Fact) -> Variant | None:
    """The variant of ``fact`` that ``words`` state, or None."""
    try:
        written = parse(" ".join(words.split()), fact.kind)
    except NotationError:
        return None
    return next((v for v in fact.variants
                 if compare_value(fact.kind, v.value, written) is None), None)


def match_variant(words: str, fact: Fact, location: Location | None = None) -> Problem | None:
    """A problem when the words of ``{variant}`words <id>``` state none of the fact's variants."""
    words = " ".join(words.split())
    where = f"'{fact.id}' ({fact.label}; {fact.location})"
    if not words:
        return Problem(Subtype.BAD_ROLE, f"{{variant}}`{fact.id}` has no words: write the "
                       f"source's reading, {{variant}}`words <{fact.id}>`", location, fact.id)
    try:
        written = parse(words, fact.kind)
    except NotationError as error:
        return Problem(Subtype.BAD_ROLE, f"cannot read '{words}' as a {fact.kind} for a variant "
                       f"of fact {where}: {error}", location, fact.id)
    if any(compare_value(fact.kind, v.value, written) is None for v in fact.variants):
        return None
    notation = guess_notation(words)
    if compare(fact, written) is None:
        message = (f"'{words}' is what the book holds for fact {where}, not a variant: bind it "
                   f"with {{fact}}`{words} <{fact.id}>`")
    else:
        known = "; ".join(f"{_show(v.value, notation)} ({v.source})" for v in fact.variants)
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

    def __init__(self, facts: Iterable[Fact]):
        self._dates: dict[tuple[int | None, int | None, int | None], list[tuple[Fact, bool]]] = {}
        self._numbers: list[tuple[Decimal, int, Fact, bool]] = []
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
                    self._numbers.append((value.value, seq, fact, is_variant))
        self._numbers.sort(key=lambda item: (item[0], item[1]))
        self._keys = [item[0] for item in self._numbers]

    def _ranked(self, finding: Finding) -> list[tuple[int, Fact, bool]]:
        """(rank, fact, via a variant) for facts the finding may state; lower rank is likelier."""
        value = finding.value
        if value is None:
            return []
        found: list[tuple[int, int, Fact, bool]] = []
        if isinstance(value, DateValue):
            for seq, (fact, is_variant) in enumerate(
                    self._dates.get((value.year, value.month, value.day), [])):
                rank = 2 if is_variant else 0
                if value.year is None and finding.year_hint is not None:
                    rank += 0 if fact.value.year == finding.year_hint else 1
                found.append((rank, seq, fact, is_variant))
        else:
            low, high = value.interval()
            low = value.value if low is None else low
            high = value.value if high is None else high
            start = bisect.bisect_left(self._keys, low)
            stop = min(bisect.bisect_right(self._keys, high), start + self._WINDOW)
            for number, seq, fact, is_variant in self._numbers[start:stop]:
                held = next((v.value for v in fact.variants if v.value.value == number),
                            fact.value) if is_variant else fact.value
                agrees = compare_value(fact.kind, held, value) is None
                rank = (0 if fact.kind == finding.kind else 1) if agrees else 3
                found.append((rank + (2 if is_variant and agrees else 0), seq, fact, is_variant))
        found.sort(key=lambda item: (item[0], item[1]))
        return [(rank, fact, is_variant) for rank, _, fact, is_variant in found]

    def suggest(self, finding: Finding) -> Fact | None:
        """The fact the finding most likely states, or None."""
        ranked = self._ranked(finding)
        return ranked[0][1] if ranked else None

    def hint(self, finding: Finding) -> str:
        """What to do about an unbound finding, naming the likeliest fact."""
        text = " ".join(finding.text.split())
        escape = f"or mark it {{nofact}}`{text}` if it is not a fact"
        ranked = self._ranked(finding)
        if not ranked:
            return (f"register it in facts/ and bind it: {{fact}}`{text} <new-fact-id>`, "
                    f"{escape}")
        rank, fact, is_variant = ranked[0]
        notation = guess_notation(text)
        if is_variant:
            return (f"it matches a variant of fact '{fact.id}' ({fact.label}) that the book does "
                    f"not adopt; the registry holds {format_value(fact, notation)}: write "
                    f"{{fact}}`{format_value(fact, notation)} <{fact.id}>`, {escape}")
        if rank == 3:
            return (f"fact '{fact.id}' ({fact.label}) has this number but says "
                    f"{format_value(fact, notation)}; bind the right fact, {escape}")
        return f"bind it to fact '{fact.id}' ({fact.label}): {{fact}}`{text} <{fact.id}>`, {escape}"


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
