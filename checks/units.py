"""Currencies, units of time and measure, and counted nouns, in English and Chinese.

The currencies, the units of measure and the counted nouns are data: a :class:`UnitTable`, read
from the registry's ``units.toml`` (:mod:`checks.unitfile`), or the built-in one beside this
module (:func:`builtin_units`) when the registry has none. The scanner builds its patterns from
a table and the formatter reads its words back from it. The units of time are the calendar's,
and stay here.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from functools import cached_property
from typing import TYPE_CHECKING

from .model import TIME_UNITS

if TYPE_CHECKING:
    from .model import Figure

#: Units of time: English word (singular or plural) or Chinese word -> unit.
TIME_WORDS_EN = {"day": "day", "days": "day", "week": "week", "weeks": "week",
                 "month": "month", "months": "month", "year": "year", "years": "year"}
TIME_WORDS_ZH = {"个月": "month", "個月": "month", "天": "day", "日": "day", "周": "week",
                 "週": "week", "星期": "week", "年": "year"}


@dataclasses.dataclass(frozen=True, slots=True)
class Currency:
    """One currency: its code, and the words that name it."""

    code: str
    #: English words after a number ("1.2 billion roubles").
    en: tuple[str, ...]
    #: English signs or codes before a number ("US$300 million").
    en_before: tuple[str, ...]
    #: English words after "per", in the singular ("4 roubles per US dollar"); the first is
    #: how the book writes it.
    en_per: tuple[str, ...]
    #: Chinese words after a number ("3亿美元"); the first is how the book writes it.
    zh: tuple[str, ...]
    #: How the book writes an amount in English: ``{}`` is the number ("US${}", "{} roubles").
    write_en: str

    @property
    def name_en(self) -> str:
        """The English word for messages: "roubles", "US dollars"."""
        return next((w for w in self.en if any(c.islower() for c in w)), self.en[0])


@dataclasses.dataclass(frozen=True, slots=True)
class Measure:
    """One unit of measure: its id in the registry, and its words."""

    id: str
    #: English words after a number; the first is how the book writes it.
    en: tuple[str, ...]
    #: Chinese words after a number; the first is how the book writes it.
    zh: tuple[str, ...]


@dataclasses.dataclass(frozen=True, eq=False)
class UnitTable:
    """Every currency, unit of measure and counter word the checks know, and their words.

    Compared and hashed by identity: a table is read once per content of its file, and the
    scanner keeps its patterns per table.
    """

    currencies: tuple[Currency, ...]
    measures: tuple[Measure, ...]
    #: English nouns that make a four-digit number a count ("1390 experts").
    counted_nouns_en: frozenset[str]
    #: Chinese counter words that make a count even of Chinese numerals ("一千架").
    strong_classifiers_zh: tuple[str, ...]
    #: Chinese counter words that make a count of digits, or of numerals of ten and more.
    weak_classifiers_zh: tuple[str, ...]

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.currencies)

    @cached_property
    def currency(self) -> dict[str, Currency]:
        return {c.code: c for c in self.currencies}

    @cached_property
    def measure(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    @cached_property
    def currency_words_en(self) -> dict[str, str]:
        return {w: c.code for c in self.currencies for w in c.en}

    @cached_property
    def currency_signs_en(self) -> dict[str, str]:
        return {w: c.code for c in self.currencies for w in c.en_before}

    @cached_property
    def currency_per_en(self) -> dict[str, str]:
        return {w: c.code for c in self.currencies for w in c.en_per}

    @cached_property
    def currency_words_zh(self) -> dict[str, str]:
        return {w: c.code for c in self.currencies for w in c.zh}

    @cached_property
    def measure_words_en(self) -> dict[str, str]:
        return {w: m.id for m in self.measures for w in m.en}

    @cached_property
    def measure_words_zh(self) -> dict[str, str]:
        return {w: m.id for m in self.measures for w in m.zh}

    # -- writing ------------------------------------------------------------------------------

    def write_currency_en(self, code: str, number: str) -> str:
        """``US$300 million``, ``1.2 billion roubles``; an unknown code after the number."""
        currency = self.currency.get(code)
        return currency.write_en.replace("{}", number) if currency else f"{number} {code}"

    def currency_zh(self, code: str) -> str:
        """The Chinese word of a currency ("美元"); its code when it has none."""
        currency = self.currency.get(code)
        return currency.zh[0] if currency and currency.zh else code

    def currency_per_word(self, code: str) -> str | None:
        """The English singular after "per" ("US dollar"), or None."""
        currency = self.currency.get(code)
        return currency.en_per[0] if currency and currency.en_per else None

    def currency_name(self, code: str | None) -> str:
        """``roubles (SUR)``, ``US dollars (USD)``: a currency in a message."""
        currency = self.currency.get(code or "")
        return f"{currency.name_en} ({code})" if currency else str(code)

    def measure_en(self, unit: str, count: object) -> str:
        """The English word of a unit of measure after ``count`` ("tonnes", "per cent")."""
        measure = self.measure.get(unit)
        if measure is None or not measure.en:
            return plural(unit, count)
        if str(count) == "1" and measure.id in measure.en:
            return measure.id
        return measure.en[0]

    def measure_zh(self, unit: str) -> str | None:
        measure = self.measure.get(unit)
        return measure.zh[0] if measure and measure.zh else None


@functools.cache
def builtin_units() -> UnitTable:
    """The currencies and units of a book whose registry has no ``units.toml``
    (``checks/units.toml``, read once)."""
    from .unitfile import read_builtin  # unitfile imports this module

    return read_builtin()


_IRREGULAR_PLURALS = {"person": "people", "aircraft": "aircraft", "percent": "per cent",
                      "km": "km", "yuan": "yuan", "yen": "yen", "series": "series"}
_SINGULARS = {plural: singular for singular, plural in _IRREGULAR_PLURALS.items()}


def plural(noun: str, count: object) -> str:
    """The English form of ``noun`` after the number ``count`` (1 month, 2 months, 3 aircraft)."""
    if noun == "percent":
        return "per cent"
    if str(count) == "1":
        return noun
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if re.search(r"(?:s|x|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def singular(word: str) -> str:
    """The lemma of an English counted noun ("experts" -> "expert"); lenient, for messages."""
    word = word.lower()
    if word in _SINGULARS:
        return _SINGULARS[word]
    if re.search(r"[^aeiou]ies$", word):
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def unit_class(unit: str | None, units: UnitTable | None = None) -> str | None:
    """"time", "measure", "rate" or "noun" (a counted noun); None for no unit."""
    if unit is None:
        return None
    if "/" in unit:
        return "rate"
    if unit in TIME_UNITS:
        return "time"
    if unit in (units or builtin_units()).measure:
        return "measure"
    return "noun"


def figure_kind(figure: Figure, units: UnitTable | None = None) -> str:
    """The kind of fact a figure most likely states."""
    cls = unit_class(figure.unit, units)
    if cls == "rate":
        return "rate"
    if figure.currency:
        return "money"
    return {"time": "duration", "measure": "quantity"}.get(cls or "", "count")
