"""Load the facts registry (one TOML file, or a directory of them) and validate it.

tomllib gives values but no positions, so each ``[[fact]]``, ``[[fact.variants]]`` and
``[[relation]]`` is located by its header line in the text, and each field by its ``key =`` line.
Nothing here raises on bad input, and nothing writes: every problem is a :class:`Problem` at a
file and line.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import re
import tomllib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import bibfile
from .dates import numeric_date
from .model import (
    ID_RE,
    KINDS,
    NUMBER_PRECISIONS,
    RELATION_KINDS,
    TIME_UNITS,
    DateValue,
    Fact,
    Figure,
    Location,
    NotationError,
    Problem,
    Relation,
    Subtype,
    Variant,
    make_date,
)
from .unitfile import UNITS_NAME
from .units import UnitTable, builtin_units

__all__ = ["Registry", "load_registry", "read_bib_entries", "read_bib_keys"]

FACT_FIELDS = frozenset({"id", "kind", "value", "precision", "unit", "unit_zh", "currency",
                         "label", "label_zh", "sources", "disputed", "note", "note_zh",
                         "variants"})
VARIANT_FIELDS = frozenset({"value", "precision", "source", "note", "note_zh"})
RELATION_FIELDS = {
    "sum": ({"total", "parts"}, {"tolerance"}),
    "equation": ({"expr"}, {"tolerance"}),
    "duration": ({"start", "end", "duration"}, {"counting"}),
    "order": ({"chain"}, set()),
}
COUNTINGS = ("exclusive", "inclusive", "months", "years")
#: A registry file's name (as messages show it) -> (hash of its text, what it parsed into, the
#: syntax error that stopped it): what :func:`load_registry` keeps between loads.
ParsedFiles = dict[str, tuple[str, dict[str, Any] | None, Problem | None]]


@dataclasses.dataclass(frozen=True, slots=True)
class Registry:
    """The merged registry: facts by id (in file order), relations, and the files read.

    ``rejected``: the ids of facts that were written but not loaded (an invalid entry, or a file
    with a syntax error), with where they are written; their problem is already reported, so a
    chapter that names one need not be told the id is unknown.
    """

    facts: dict[str, Fact]
    relations: tuple[Relation, ...]
    files: tuple[str, ...]
    rejected: dict[str, Location] = dataclasses.field(default_factory=dict)

    @property
    def missing(self) -> bool:
        """No registry file was found: every id a chapter names is unknown for that one cause."""
        return not self.files


# -- positions -------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[\s*(fact|fact\.variants|relation|source)\s*\]\]")
_TABLE = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


@dataclasses.dataclass
class _Block:
    """One ``[[...]]`` table in the text: its header line and the line of each key."""

    header: str
    line: int | None  # None: a block the text does not show (a fact inside an inline table)
    keys: dict[str, int]


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if m := _HEADER.match(line):
            current = _Block(m[1], number, {})
            blocks.append(current)
        elif _TABLE.match(line):
            current = None
        elif current is not None and (k := _KEY.match(line)):
            current.keys.setdefault(k[1], number)
    return blocks


class _Places:
    """Where the n-th fact, its variants and the n-th relation of one file are written."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        blocks = _blocks(text)
        self.facts: list[_Block] = []
        self.variants: list[list[_Block]] = []
        self.relations: list[_Block] = []
        for block in blocks:
            if block.header == "fact":
                self.facts.append(block)
                self.variants.append([])
            elif block.header == "fact.variants" and self.variants:
                self.variants[-1].append(block)
            elif block.header == "relation":
                self.relations.append(block)

    def fact(self, index: int, fact_id: Any) -> _Block:
        if index < len(self.facts):
            return self.facts[index]
        return _Block("fact", self._line_of_id(fact_id), {})

    def variant(self, fact_index: int, index: int, fallback: int | None) -> _Block:
        if fact_index < len(self.variants) and index < len(self.variants[fact_index]):
            return self.variants[fact_index][index]
        return _Block("fact.variants", fallback, {})

    def relation(self, index: int, relation_id: Any) -> _Block:
        if index < len(self.relations):
            return self.relations[index]
        return _Block("relation", self._line_of_id(relation_id), {})

    def _line_of_id(self, value: Any) -> int | None:
        """Facts written as inline tables: the line that names the id."""
        if isinstance(value, str):
            m = re.search(rf"\bid\s*=\s*[\"']{re.escape(value)}[\"']", self.text)
            if m:
                return self.text.count("\n", 0, m.start()) + 1
        return None

    def at(self, block: _Block, key: str | None = None) -> Location:
        return Location(self.path, block.keys.get(key, block.line) if key else block.line)


# -- reading TOML ----------------------------------------------------------------------------

_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")
#: An unquoted date literal that TOML rejects (1950-02-30) or that is not TOML (02/03/1950).
_BAD_DATE_LITERAL = re.compile(
    r"(?<=[=\[,])(\s*)(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}/\d{1,2}/\d{1,2})"
    r"(?=\s*(?:[,\]}#]|$))"
)


_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'""")


def _deepest_line(lines: list[str]) -> int | None:
    """The line on which brackets and braces (strings ignored roughly) nest deepest."""
    depth, deepest, where = 0, 0, None
    for number, line in enumerate(lines, 1):
        for char in _QUOTED.sub("", line):
            depth += (char in "[{") - (char in "]}")
            if depth > deepest:
                deepest, where = depth, number
    return where


def _read_toml(path: str, text: str) -> tuple[dict[str, Any] | None, Problem | None]:
    """Parse ``text``; an unquoted impossible or ambiguous date is read as a string, so the
    validation reports it as a bad value and the rest of the file still loads."""
    lines = text.split("\n")
    for _ in range(len(lines) + 1):
        try:
            return tomllib.loads("\n".join(lines)), None
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            m = _ERROR_LINE.search(message)
            line = int(m[1]) if m else len(lines)
            if m and _BAD_DATE_LITERAL.search(lines[line - 1]):
                lines[line - 1] = _BAD_DATE_LITERAL.sub(r'\1"\2"', lines[line - 1], count=1)
                continue
            reason = _ERROR_LINE.sub("", message).strip().rstrip(".")
            return None, Problem(
                Subtype.REGISTRY_SYNTAX,
                f"TOML syntax error: {reason}; the facts in this file are not loaded",
                Location(path, line),
            )
        except RecursionError:  # tomllib reads nested arrays and tables by recursion
            return None, Problem(
                Subtype.REGISTRY_SYNTAX,
                "TOML nested too deeply to read (arrays or inline tables inside one another); "
                "the facts in this file are not loaded", Location(path, _deepest_line(lines)))
    return None, Problem(Subtype.REGISTRY_SYNTAX, "TOML syntax error", Location(path, None))


# -- values ----------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_value(raw: Any) -> DateValue:
    """A registry date: a TOML date (day), or ``"1949-12"`` (month) or ``"1949"`` (year)."""
    if isinstance(raw, datetime.datetime):
        raise NotationError(f"{raw.isoformat()} has a time of day; write only the date")
    if isinstance(raw, datetime.date):
        return DateValue(raw.year, raw.month, raw.day)
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise NotationError(f"{raw!r} is not a date; write 1950-02-14, \"1949-12\" or \"1949\"")
    text = raw.strip()
    if m := _ISO.fullmatch(text):
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            return make_date(year, month, day)
        except NotationError as error:
            raise NotationError(f"impossible date {text}: {error}") from None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", text):
        numeric_date(m[1], m[2], m[3], advice="write an ISO date such as 1950-02-14")
    raise NotationError(f"'{text}' is not a registry date; write 1950-02-14, \"1949-12\" or "
                        "\"1949\"")


def _number(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        hint = " (write 300 million as 300_000_000)" if isinstance(raw, str) else ""
        raise NotationError(f"{raw!r} is not a number{hint}")
    number = Decimal(raw) if isinstance(raw, int) else Decimal(repr(raw))
    if not number.is_finite():
        raise NotationError(f"{raw!r} is not a finite number")
    return number


def figure_value(raw: Any, precision: str, currency: str | None, unit: str | None) -> Figure:
    """A registry number, or ``[low, high]`` with precision "range"."""
    if precision == "range":
        if not (isinstance(raw, list) and len(raw) == 2):
            raise NotationError('precision = "range" needs value = [low, high]')
        low, high = _number(raw[0]), _number(raw[1])
        if high < low:
            raise NotationError(f"the range [{raw[0]}, {raw[1]}] runs backwards")
        return Figure(low, "range", currency, unit, high)
    if isinstance(raw, list):
        raise NotationError('a [low, high] value needs precision = "range"')
    return Figure(_number(raw), precision, currency, unit)


# -- validation ------------------------------------------------------------------------------


class _Loader:
    def __init__(self, bibkeys: set[str] | None, root: str | Path | None,
                 units: UnitTable | None = None, parsed: ParsedFiles | None = None):
        self.units = units or builtin_units()  # the currencies and units a fact may name
        self.parsed = parsed
        self.bibkeys = bibkeys
        self.root = root
        self.rejected: dict[str, Location] = {}
        self.problems: list[Problem] = []
        self.facts: dict[str, Fact] = {}
        self.seen: dict[str, Location] = {}  # every fact id read, valid or not
        self.relations_seen: dict[str, Location] = {}  # every relation id read, valid or not
        self.relations: dict[str, Relation] = {}

    def problem(self, subtype: Subtype, message: str, location: Location,
                fact_id: str | None = None) -> None:
        self.problems.append(Problem(subtype, message, location, fact_id))

    def load_file(self, path: Path) -> None:
        name = _display(path, self.root)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.problem(Subtype.REGISTRY_SYNTAX, f"cannot read the registry file: {error}",
                         Location(name))
            return
        data, problem = self.read_toml(name, text)
        if data is None:  # then ``problem`` says why
            if problem:
                self.problems.append(problem)
            lines = text.splitlines()
            for block in _blocks(text):
                line = block.keys.get("id")
                m = line and re.search(r"=\s*[\"']([^\"']+)[\"']", lines[line - 1])
                if block.header == "fact" and m:
                    self.rejected.setdefault(m[1], Location(name, line))
            return
        places = _Places(name, text)
        for key in data:
            if key not in ("fact", "relation"):
                line = next((n for n, row in enumerate(text.splitlines(), 1)
                             if re.match(rf"\s*\[?\s*{re.escape(key)}\b", row)), None)
                self.problem(Subtype.BAD_FIELD, f"unknown top-level key '{key}': a registry "
                             "holds only [[fact]] and [[relation]] tables", Location(name, line))
        for kind, add in (("fact", self.fact), ("relation", self.relation)):
            items = data.get(kind, [])
            if not isinstance(items, list):
                self.problem(Subtype.BAD_FIELD, f"'{kind}' must be an array of tables: "
                             f"write [[{kind}]]", Location(name, None))
                continue
            for index, item in enumerate(items):
                add(places, index, item)

    def read_toml(self, name: str, text: str) -> tuple[dict[str, Any] | None, Problem | None]:
        """``_read_toml``, or its result for the same file and text from :attr:`parsed`."""
        if self.parsed is None:
            return _read_toml(name, text)
        key = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        kept = self.parsed.get(name)
        if kept is None or kept[0] != key:
            kept = self.parsed[name] = (key, *_read_toml(name, text))
        return kept[1], kept[2]

    def duplicate(self, what: str, entry_id: str, here: Location,
                  seen: dict[str, Location]) -> bool:
        """Whether ``entry_id`` was read before; if so, one warning at this, the newer entry
        (later in file order, then line), naming both places."""
        if entry_id not in seen:
            return False
        self.problem(Subtype.DUPLICATE_ID, f"{what} id '{entry_id}' is defined twice: here and, "
                     f"earlier, at {seen[entry_id]}, which is the one kept; rename or remove "
                     f"this one (ids are unique across all registry files)", here, entry_id)
        return True

    def valid_id(self, what: str, raw: dict, places: _Places, block: Any) -> str | None:
        """The entry's id, or None after reporting a missing or malformed one."""
        entry_id = raw.get("id")
        if isinstance(entry_id, str) and ID_RE.fullmatch(entry_id):
            return entry_id
        how = "has no id" if entry_id is None else f"has a malformed id {entry_id!r}"
        self.problem(Subtype.BAD_FIELD, f"a {what} {how}: an id is lowercase letters, digits "
                     "and single hyphens (treaty-signed)", places.at(block, "id"))
        return None

    # -- facts -------------------------------------------------------------------------------

    def fact(self, places: _Places, index: int, raw: Any) -> None:
        block = places.fact(index, raw.get("id") if isinstance(raw, dict) else None)
        here = places.at(block)
        if not isinstance(raw, dict):
            self.problem(Subtype.BAD_FIELD, "a fact must be a table", here)
            return
        fact_id = self.valid_id("fact", raw, places, block)
        if fact_id is None:
            return
        if self.duplicate("fact", fact_id, places.at(block, "id"), self.seen):
            return
        self.seen[fact_id] = here
        ok = True
        for key in sorted(set(raw) - FACT_FIELDS):
            self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}' has an unknown field '{key}' "
                         f"(known: {', '.join(sorted(FACT_FIELDS))})", places.at(block, key),
                         fact_id)
        kind = raw.get("kind")
        if kind not in KINDS:
            self.problem(Subtype.UNKNOWN_KIND, f"fact '{fact_id}' has kind {kind!r}; a kind is "
                         f"one of {', '.join(KINDS)}", places.at(block, "kind"), fact_id)
            self.rejected.setdefault(fact_id, here)
            return
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}' has no label: write a short "
                         "English label", places.at(block, "label" if "label" in raw else None),
                         fact_id)
            ok = False
        for key in ("label_zh", "note", "note_zh", "unit_zh"):
            if key in raw and not isinstance(raw[key], str):
                self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}': {key} must be a string",
                             places.at(block, key), fact_id)
                ok = False
        disputed = raw.get("disputed", False)
        if not isinstance(disputed, bool):
            self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}': disputed must be true or false",
                         places.at(block, "disputed"), fact_id)
            ok = False
        shape = self.shape(places, block, fact_id, kind, raw)
        value = None
        if shape is not None:
            value = self.value(places.at(block, "value"), fact_id, kind, raw.get("value"), shape,
                               "value" in raw)
        sources = self.sources(places, block, fact_id, raw.get("sources"))
        variants = self.variants(places, index, block, fact_id, kind, raw.get("variants", []),
                                 shape)
        if not ok or value is None or variants is None or not isinstance(label, str):
            self.rejected.setdefault(fact_id, here)
            return
        fact = Fact(
            id=fact_id, kind=kind, value=value, label=label, sources=sources, location=here,
            unit_zh=raw.get("unit_zh"), label_zh=raw.get("label_zh"), variants=variants,
            disputed=disputed, note=raw.get("note"), note_zh=raw.get("note_zh"),
        )
        self.facts[fact_id] = fact

    def shape(self, places, block, fact_id, kind, raw):
        """(precision, currency, unit) of a number fact, validated; ("date", None, None) for a
        date; None (with problems reported) when a field is wrong."""
        precision = raw.get("precision")
        currency = raw.get("currency")
        unit = raw.get("unit")
        bad = False

        def field(key: str, message: str) -> None:
            nonlocal bad
            self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}' ({kind}): {message}",
                         places.at(block, key if key in raw else None), fact_id)
            bad = True

        if kind == "date":
            for key in ("precision", "currency", "unit"):
                if key in raw:
                    field(key, f"a date has no {key} (its precision is its form: 1950-02-14, "
                          "\"1949-12\", \"1949\")")
            return None if bad else ("date", None, None)
        if precision is None:
            precision = "exact"
        elif precision not in NUMBER_PRECISIONS:
            field("precision", f"precision {precision!r} is not one of "
                  f"{', '.join(NUMBER_PRECISIONS)}")
        if kind == "money":
            codes = ", ".join(self.units.codes)
            if currency not in self.units.codes:
                field("currency", f"currency {currency!r} is not one of {codes} (a currency is "
                      f"added in {UNITS_NAME})" if currency is not None else
                      f"a money fact needs currency = one of {codes}")
            if unit is not None:
                field("unit", "a money fact has a currency, not a unit")
        else:
            if currency is not None:
                field("currency", f"only a money fact has a currency; this is a {kind}")
            if not isinstance(unit, str) or not unit.strip():
                field("unit", "needs a unit" + (" (day, week, month or year)"
                                                if kind == "duration" else ""))
            elif kind == "duration" and unit not in TIME_UNITS:
                field("unit", f"unit {unit!r} is not one of {', '.join(TIME_UNITS)}")
            elif kind == "quantity" and unit not in self.units.measure:
                field("unit", f"unit {unit!r} is not a unit of measure: one of "
                      f"{', '.join(self.units.measure)} (a unit is added in {UNITS_NAME})")
        return None if bad else (precision, currency, unit)

    def value(self, at: Location, fact_id: str, kind: str, raw: Any, shape, present: bool):
        if not present:
            self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}' has no value", at, fact_id)
            return None
        try:
            if kind == "date":
                return date_value(raw)
            value = figure_value(raw, *shape)
            if kind == "count" and value.value != value.value.to_integral_value():
                raise NotationError(f"a count is a whole number, not {raw}")
            return value
        except NotationError as error:
            self.problem(Subtype.BAD_VALUE, f"fact '{fact_id}': {error}", at, fact_id)
            return None

    def sources(self, places, block, fact_id, raw) -> tuple[str, ...]:
        at = places.at(block, "sources")
        if raw is None or raw == [] or raw == "":
            self.problem(Subtype.MISSING_SOURCE, f"fact '{fact_id}' names no source: add "
                         "sources = [\"bib-key\"] with at least one key of references.bib", at,
                         fact_id)
            return ()
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
            self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}': sources must be a list of "
                         "bibliography keys", at, fact_id)
            return ()
        for key in raw:
            self.check_source(key, fact_id, at)
        return tuple(raw)

    def check_source(self, key: str, fact_id: str, at: Location) -> None:
        if self.bibkeys is not None and key not in self.bibkeys:
            self.problem(Subtype.UNKNOWN_SOURCE, f"fact '{fact_id}' cites '{key}', which is not "
                         "a key in the bibliography; add the entry to references.bib or fix the "
                         "key", at, fact_id)

    def variants(self, places, fact_index, block, fact_id, kind, raw, shape):
        if not isinstance(raw, list):
            self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}': variants must be written as "
                         "[[fact.variants]] tables", places.at(block, "variants"), fact_id)
            return None
        found = []
        for index, item in enumerate(raw):
            vblock = places.variant(fact_index, index, block.keys.get("variants", block.line))
            at = places.at(vblock)
            if not isinstance(item, dict):
                self.problem(Subtype.BAD_FIELD, f"fact '{fact_id}': a variant must be a table",
                             at, fact_id)
                continue
            for key in sorted(set(item) - VARIANT_FIELDS):
                self.problem(Subtype.BAD_FIELD, f"a variant of fact '{fact_id}' has an unknown "
                             f"field '{key}' (known: {', '.join(sorted(VARIANT_FIELDS))})",
                             places.at(vblock, key), fact_id)
            source = item.get("source")
            if not isinstance(source, str) or not source:
                self.problem(Subtype.MISSING_SOURCE, f"a variant of fact '{fact_id}' names no "
                             "source: add source = \"bib-key\"", at, fact_id)
                source = ""
            else:
                self.check_source(source, fact_id, places.at(vblock, "source"))
            if shape is None:
                continue
            vshape = shape
            if kind != "date" and "precision" in item:
                if item["precision"] not in NUMBER_PRECISIONS:
                    self.problem(Subtype.BAD_FIELD, f"a variant of fact '{fact_id}' has "
                                 f"precision {item['precision']!r}", places.at(vblock,
                                                                              "precision"), fact_id)
                    continue
                vshape = (item["precision"], *shape[1:])
            value = self.value(places.at(vblock, "value"), fact_id, kind, item.get("value"),
                               vshape, "value" in item)
            note, note_zh = item.get("note"), item.get("note_zh")
            if value is not None:
                found.append(Variant(value, source, note if isinstance(note, str) else None, at,
                                     note_zh if isinstance(note_zh, str) else None))
        return tuple(found)

    # -- relations ---------------------------------------------------------------------------

    def relation(self, places: _Places, index: int, raw: Any) -> None:
        block = places.relation(index, raw.get("id") if isinstance(raw, dict) else None)
        here = places.at(block)
        if not isinstance(raw, dict):
            self.problem(Subtype.BAD_FIELD, "a relation must be a table", here)
            return
        rel_id = self.valid_id("relation", raw, places, block)
        if rel_id is None or self.duplicate("relation", rel_id, places.at(block, "id"),
                                            self.relations_seen):
            return
        self.relations_seen[rel_id] = here
        kind = raw.get("kind")
        if kind not in RELATION_KINDS:
            self.problem(Subtype.UNKNOWN_KIND, f"relation '{rel_id}' has kind {kind!r}; a "
                         f"relation kind is one of {', '.join(RELATION_KINDS)}",
                         places.at(block, "kind"), rel_id)
            return
        required, optional = RELATION_FIELDS[kind]
        ok = True
        for key in sorted(set(raw) - required - optional - {"id", "kind", "note"}):
            self.problem(Subtype.BAD_FIELD, f"relation '{rel_id}' ({kind}) has an unknown field "
                         f"'{key}'", places.at(block, key), rel_id)
        for key in sorted(required - set(raw)):
            self.problem(Subtype.BAD_FIELD, f"relation '{rel_id}' ({kind}) lacks the field "
                         f"'{key}'", here, rel_id)
            ok = False
        message = _relation_types(kind, raw) if ok else None
        if message:
            self.problem(Subtype.BAD_FIELD, f"relation '{rel_id}' ({kind}): {message[1]}",
                         places.at(block, message[0]), rel_id)
            ok = False
        if not ok:
            return
        data = {k: v for k, v in raw.items() if k not in ("id", "kind", "note")}
        relation = Relation(rel_id, kind, data, here,
                            raw.get("note") if isinstance(raw.get("note"), str) else None,
                            dict(block.keys))
        self.relations[rel_id] = relation


def _relation_types(kind: str, raw: dict[str, Any]) -> tuple[str, str] | None:
    """(field, message) for the first field of the wrong type, else None."""
    def ids(value: Any, least: int) -> bool:
        return (isinstance(value, list) and len(value) >= least
                and all(isinstance(v, str) for v in value))

    tolerance = raw.get("tolerance", 0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
        return "tolerance", "tolerance must be a number >= 0 (relative: 0.005 is 0.5%)"
    if kind == "sum":
        if not isinstance(raw["total"], str):
            return "total", "total must be a fact id"
        if not ids(raw["parts"], 1):
            return "parts", "parts must be a list of fact ids"
    elif kind == "equation" and not isinstance(raw["expr"], str):
        return "expr", "expr must be a string such as \"a = b * c\""
    elif kind == "duration":
        for key in ("start", "end", "duration"):
            if not isinstance(raw[key], str):
                return key, f"{key} must be a fact id"
        if raw.get("counting", "exclusive") not in COUNTINGS:
            return "counting", f"counting must be one of {', '.join(COUNTINGS)}"
    elif kind == "order" and not ids(raw["chain"], 2):
        return "chain", "chain must be a list of at least two date fact ids, earliest first"
    return None


# -- entry points ----------------------------------------------------------------------------


def registry_files(path: str | Path) -> list[Path]:
    """The TOML files of a registry path: the file itself, or a directory's *.toml, sorted."""
    path = Path(path)
    if path.is_dir():  # units.toml holds currencies and units, not facts (checks.unitfile)
        return sorted(p for p in path.glob("*.toml") if p.name != UNITS_NAME)
    return [path] if path.exists() else []


def _display(path: str | Path, root: str | Path | None) -> str:
    """``path`` as messages show it: relative to ``root`` when one is given."""
    return os.path.relpath(path, root) if root is not None else str(path)


def load_registry(path: str | Path, bibkeys: Iterable[str] | None = None,
                  root: str | Path | None = None,
                  units: UnitTable | None = None,
                  parsed: ParsedFiles | None = None) -> tuple[Registry, list[Problem]]:
    """Load and validate the registry at ``path``; never raises.

    ``bibkeys``: the keys of the bibliography; sources are checked against them when given.
    ``root``: locations name files relative to it ("facts/04-treaty.toml").
    ``units``: the book's currencies and units (:mod:`checks.unitfile`); None: the built-in ones.
    ``parsed``: what each file parsed into last time (kept by the caller, e.g. pickled with a
    build's environment): a file whose text is unchanged is not parsed again; updated here, and
    left holding only the files read now. The result is the same with or without it.
    """
    loader = _Loader(None if bibkeys is None else set(bibkeys), root,
                     units or builtin_units(), parsed)
    files = registry_files(path)
    if not files:
        what = "holds no .toml file" if Path(path).is_dir() else "does not exist"
        loader.problem(Subtype.NO_REGISTRY, f"no facts registry: {Path(path).resolve()} {what} "
                       "(checks_registry names a .toml file, or a directory of them, relative to "
                       "the source directory); restore it, or set checks_registry in conf.py to "
                       "where the registry is. Until then the {fact} roles are not checked",
                       Location(_display(path, root)))
    for file in files:
        loader.load_file(file)
    if parsed is not None:
        for gone in parsed.keys() - {_display(f, root) for f in files}:
            del parsed[gone]
    rejected = {k: v for k, v in loader.rejected.items() if k not in loader.facts}
    registry = Registry(loader.facts, tuple(loader.relations.values()),
                        tuple(_display(f, root) for f in files), rejected)
    return registry, loader.problems


_BIB_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^\s,{}()]+)\s*,")


def read_bib_keys(paths: str | Path | Iterable[str | Path],
                  root: str | Path | None = None) -> tuple[set[str], list[Problem]]:
    """The entry keys of one or more .bib files (``@type{key,``), and problems reading them."""
    entries, problems = read_bib_entries(paths, root)
    return set(entries), problems


def read_bib_entries(paths: str | Path | Iterable[str | Path], root: str | Path | None = None
                     ) -> tuple[dict[str, Location], list[Problem]]:
    """Each entry key of one or more .bib files with where it is written, and problems reading
    them."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    entries: dict[str, Location] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(Subtype.REGISTRY_SYNTAX, f"cannot read the bibliography: "
                                    f"{error}", Location(_display(path, root))))
            continue
        for m in _BIB_ENTRY.finditer(text):
            if m[1].lower() not in ("comment", "string", "preamble"):
                line = text.count("\n", 0, m.start()) + 1
                entries.setdefault(m[2], Location(_display(path, root), line))
        for syntax in bibfile.syntax_problems(text):
            problems.append(Problem(Subtype.REGISTRY_SYNTAX, f"BibTeX syntax error, column "
                                    f"{syntax.column}: {syntax.message}",
                                    Location(_display(path, root), syntax.line)))
    return entries, problems
