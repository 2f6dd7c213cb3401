"""Read the currencies and units of a book from ``units.toml`` in its registry directory.

The file is data a contributor edits (CONTRIBUTING.md, "Currencies and units"); nothing here
raises on bad input: each problem is a :class:`~checks.model.Problem` at the file and line, and
an entry in error is left out while the rest of the file loads. A registry without the file
uses the built-in table beside this module (``checks/units.toml``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import TIME_UNITS, Location, Problem, Subtype
from .units import Currency, Measure, UnitTable

__all__ = ["UNITS_NAME", "load_units", "read_builtin", "units_path"]

#: The name of the file in the registry directory.
UNITS_NAME = "units.toml"
#: The built-in table, for a registry without the file.
BUILTIN_PATH = Path(__file__).with_name(UNITS_NAME)

CURRENCY_FIELDS = {"code": "a code such as \"USD\"", "en": "English words after a number",
                   "en_before": "English signs before a number", "en_per": "English words "
                   "after \"per\"", "zh": "Chinese words after a number",
                   "write_en": "how the book writes an amount: \"US${}\"", "note": "a note"}
UNIT_FIELDS = {"id": "the unit in the registry (\"tonne\")", "en": "English words after a "
               "number", "zh": "Chinese words after a number", "note": "a note"}
COUNT_FIELDS = {"en": "English counted nouns", "zh": "Chinese counter words",
                "zh_weak": "Chinese counter words that need digits or a number of ten or more"}
_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")
_UNIT_ID = re.compile(r"[a-z][a-z0-9]*(?:[ -][a-z0-9]+)*")
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def units_path(registry: str | Path) -> Path:
    """Where the book's units file is: in the registry directory, or beside a registry file."""
    registry = Path(registry)
    return (registry if registry.is_dir() else registry.parent) / UNITS_NAME


def read_builtin() -> UnitTable:
    """The built-in table (``checks/units.toml``), which the tests hold free of problems."""
    table, problems = _read(BUILTIN_PATH, str(BUILTIN_PATH))
    if table is None:
        raise RuntimeError(f"the built-in {BUILTIN_PATH} cannot be read: {problems[0].message}")
    return table


def load_units(registry: str | Path, root: str | Path | None = None
               ) -> tuple[UnitTable | None, list[Problem]]:
    """The book's table and its problems. None for the table when the registry has no units
    file, or one that cannot be read at all (a TOML syntax error, reported): the caller then
    uses :func:`checks.units.builtin_units`, so the usual currencies still read."""
    path = units_path(registry)
    if not path.is_file():
        return None, []
    return _read(path, os.path.relpath(path, root) if root is not None else str(path))


class _Lines:
    """Where each table of the file and each of its keys is written."""

    def __init__(self, text: str):
        self.tables: dict[str, list[tuple[int, dict[str, int]]]] = {}
        current: dict[str, int] | None = None
        for number, line in enumerate(text.splitlines(), 1):
            if m := _HEADER.match(line):
                current = {}
                self.tables.setdefault(m[1], []).append((number, current))
            elif current is not None and (k := _KEY.match(line)):
                current.setdefault(k[1], number)
        self.top = {k[1]: n for n, line in enumerate(text.splitlines(), 1)
                    if (k := _KEY.match(line)) and n < min(
                        (n for entries in self.tables.values() for n, _ in entries),
                        default=n + 1)}

    def of(self, name: str, index: int) -> tuple[int | None, dict[str, int]]:
        entries = self.tables.get(name, [])
        return entries[index] if index < len(entries) else (None, {})


class _Reader:
    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = _Lines(text)
        self.problems: list[Problem] = []
        self.words: dict[str, tuple[str, Location]] = {}  # word -> (what, where)

    def problem(self, subtype: Subtype, message: str, line: int | None) -> None:
        self.problems.append(Problem(subtype, f"{message} ({UNITS_NAME} in the registry: "
                                     "see CONTRIBUTING.md, \"Currencies and units\")",
                                     Location(self.path, line)))

    def words_of(self, raw: dict[str, Any], key: str, what: str, line: int | None,
                 keys: dict[str, int], required: bool) -> tuple[str, ...] | None:
        """A list of words; None (reported) when it is missing, empty or not a list of words."""
        value = raw.get(key)
        if value is None:
            if required:
                self.problem(Subtype.BAD_FIELD, f"{what} has no {key} = [...] "
                             f"({CURRENCY_FIELDS.get(key) or UNIT_FIELDS[key]})", line)
                return None
            return ()
        if (not isinstance(value, list) or not value
                or not all(isinstance(w, str) and w.strip() == w and w for w in value)):
            self.problem(Subtype.BAD_FIELD, f"{what}: {key} must be a list of words, such as "
                         f"{key} = [\"roubles\", \"rouble\"]", keys.get(key, line))
            return None
        return tuple(value)

    def unknown(self, raw: dict[str, Any], known: dict[str, str], what: str,
                keys: dict[str, int], line: int | None) -> None:
        for key in sorted(set(raw) - set(known)):
            self.problem(Subtype.BAD_FIELD, f"{what} has an unknown field '{key}' (known: "
                         f"{', '.join(known)})", keys.get(key, line))

    def claim(self, words: tuple[str, ...], what: str, line: int | None) -> bool:
        """Each word names one currency or unit; False (reported) if another has one."""
        for word in words:
            other = self.words.get(word)
            if other is not None and other[0] != what:
                self.problem(Subtype.DUPLICATE_ID, f"'{word}' of {what} already names "
                             f"{other[0]} at {other[1]}; a word names one currency or unit",
                             line)
                return False
        for word in words:
            self.words.setdefault(word, (what, Location(self.path, line)))
        return True

    def entries(self, data: dict[str, Any], name: str,
                read: Callable[[dict[str, Any], int | None, dict[str, int]], Any]) -> list[Any]:
        items = data.get(name, [])
        if not isinstance(items, list):
            self.problem(Subtype.BAD_FIELD, f"'{name}' must be written as [[{name}]] tables",
                         self.lines.top.get(name))
            return []
        found = []
        for index, raw in enumerate(items):
            line, keys = self.lines.of(name, index)
            if not isinstance(raw, dict):
                self.problem(Subtype.BAD_FIELD, f"a {name} must be a table: [[{name}]]", line)
                continue
            if (entry := read(raw, line, keys)) is not None:
                found.append(entry)
        return found

    def first(self, listed: dict[str, Location], key: str, what: str, line: int | None,
              at: int | None) -> bool:
        """Whether ``key`` is listed here for the first time (noted); else one warning at ``at``."""
        if key in listed:
            self.problem(Subtype.DUPLICATE_ID, f"{what} is already listed at {listed[key]}; list "
                         "each once", at)
            return False
        listed[key] = Location(self.path, line)
        return True

    def currency(self, raw: dict[str, Any], line: int | None,
                 keys: dict[str, int]) -> Currency | None:
        code = raw.get("code")
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            how = "has no code" if code is None else f"has the code {code!r}"
            self.problem(Subtype.BAD_FIELD, f"a currency {how}: a code is capital letters and "
                         "digits, such as \"USD\" or \"SUR61\"", keys.get("code", line))
            return None
        what = f"currency {code}"
        self.unknown(raw, CURRENCY_FIELDS, what, keys, line)
        if not self.first(self.codes, code, what, line, keys.get("code", line)):
            return None
        en = self.words_of(raw, "en", what, line, keys, required=True)
        zh = self.words_of(raw, "zh", what, line, keys, required=True)
        before = self.words_of(raw, "en_before", what, line, keys, required=False)
        per = self.words_of(raw, "en_per", what, line, keys, required=False)
        if en is None or zh is None or before is None or per is None:
            return None
        write = raw.get("write_en", "{} " + en[0])
        if not (isinstance(write, str) and write.count("{}") == 1
                and write.replace("{}", "").strip() in (*en, *before)):
            self.problem(Subtype.BAD_FIELD, f"{what}: write_en must be one of its words with {{}} "
                         f"for the number, such as \"{{}} {en[0]}\"" + (
                             f" or \"{before[0]}{{}}\"" if before else ""),
                         keys.get("write_en", line))
            return None
        if not self.claim((*en, *before, *zh), what, keys.get("code", line)):
            return None
        return Currency(code, en, before, per, zh, write)

    def unit(self, raw: dict[str, Any], line: int | None, keys: dict[str, int]) -> Measure | None:
        unit_id = raw.get("id")
        if not isinstance(unit_id, str) or not _UNIT_ID.fullmatch(unit_id) \
                or unit_id in TIME_UNITS:
            how = "has no id" if unit_id is None else f"has the id {unit_id!r}"
            self.problem(Subtype.BAD_FIELD, f"a unit {how}: an id is a lowercase word as the "
                         "registry writes it (\"tonne\"); units of time (day, week, month, year) "
                         "are built in", keys.get("id", line))
            return None
        what = f"unit {unit_id}"
        self.unknown(raw, UNIT_FIELDS, what, keys, line)
        if not self.first(self.units, unit_id, what, line, keys.get("id", line)):
            return None
        en = self.words_of(raw, "en", what, line, keys, required=True)
        zh = self.words_of(raw, "zh", what, line, keys, required=True)
        if en is None or zh is None or not self.claim((*en, *zh), what, keys.get("id", line)):
            return None
        return Measure(unit_id, en, zh)

    def counts(self, data: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
        raw = data.get("counts", {})
        line, keys = self.lines.of("counts", 0)
        if not isinstance(raw, dict):
            self.problem(Subtype.BAD_FIELD, "'counts' must be a table: [counts]",
                         self.lines.top.get("counts"))
            raw = {}
        self.unknown(raw, COUNT_FIELDS, "[counts]", keys, line)
        lists = []
        for key in COUNT_FIELDS:
            words = self.words_of(raw, key, "[counts]", line, keys, required=False)
            lists.append(words or ())
        return tuple(lists)

    def read(self, data: dict[str, Any]) -> UnitTable:
        self.codes: dict[str, Location] = {}
        self.units: dict[str, Location] = {}
        for key in sorted(set(data) - {"currency", "unit", "counts"}):
            line = self.lines.top.get(key) or next(
                (n for n, _ in self.lines.tables.get(key, [])), None)
            self.problem(Subtype.BAD_FIELD, f"unknown key '{key}': the file holds [[currency]] "
                         "and [[unit]] tables and one [counts] table", line)
        currencies = self.entries(data, "currency", self.currency)
        measures = self.entries(data, "unit", self.unit)
        nouns, strong, weak = self.counts(data)
        return UnitTable(tuple(currencies), tuple(measures), frozenset(nouns), strong, weak)


def _read(path: Path, name: str) -> tuple[UnitTable | None, list[Problem]]:
    reader = _Reader(name, "")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reader.problem(Subtype.REGISTRY_SYNTAX, f"cannot read the units file: {error}; the "
                       "built-in currencies and units are used meanwhile", None)
        return None, reader.problems
    reader = _Reader(name, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        m = _ERROR_LINE.search(str(error))
        reason = _ERROR_LINE.sub("", str(error)).strip().rstrip(".")
        reader.problem(Subtype.REGISTRY_SYNTAX, f"TOML syntax error: {reason}; the built-in "
                       "currencies and units are used until it is fixed", int(m[1]) if m else None)
        return None, reader.problems
    return reader.read(data), reader.problems
