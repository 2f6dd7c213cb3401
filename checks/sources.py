"""The sources the book must not reproduce: a list in TOML, and a fingerprint file for each.

``fingerprints/sources.toml`` (the directory is ``checks_fingerprints``) lists one ``[[source]]``
per text: its references.bib ``key``, the ``name`` the book gives it, its ``licence``, whether it is
``adaptable`` (freely licensed, such as Wikipedia's CC BY-SA: reported, never warned about), its
``language`` ("zh" counts characters, "en" words), and, for ``python -m checks --fingerprint``, the
``document`` it is made from and the markers between which its material lies. Beside it,
``<key>.json`` holds the fingerprints (:mod:`checks.copies`). Nothing here raises on bad input:
every problem is a :class:`~checks.model.Problem` at a file and line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .copies import Fingerprint, material, read_fingerprint
from .model import Location, Problem, Subtype
from .registry import _blocks, _display, _read_toml

__all__ = ["LIST_NAME", "ProtectedSource", "has_list", "load_sources", "make_fingerprints"]

#: The list of sources, in the fingerprints directory.
LIST_NAME = "sources.toml"
_FIELDS = {
    # name: (type, required)
    "key": (str, True), "name": (str, True), "licence": (str, True), "adaptable": (bool, False),
    "language": (str, True), "document": (str, False), "starts_after": (str, False),
    "ends_before": (str, False),
}
LANGUAGES = {"zh": "characters", "en": "words"}


@dataclasses.dataclass(frozen=True)
class ProtectedSource:
    """One text the copy check compares the book with."""

    key: str
    name: str
    licence: str
    language: str
    location: Location
    adaptable: bool = False
    document: str | None = None
    starts_after: str | None = None
    ends_before: str | None = None
    fingerprint: Fingerprint | None = None

    @property
    def unit(self) -> str:
        """What one token of this source is, in messages: "characters" or "words"."""
        return LANGUAGES[self.language]

    @property
    def file_name(self) -> str:
        return f"{self.key}.json"

    def material(self, documents: Path) -> str:
        """The source's material, read from its document in ``documents``: between its markers,
        without export markup. OSError or UnicodeDecodeError if it cannot be read."""
        if not self.document:
            raise FileNotFoundError(f"no document is named for '{self.key}'")
        text = (documents / self.document).read_text(encoding="utf-8-sig")
        return material(text, starts_after=self.starts_after, ends_before=self.ends_before)


def _entry(raw: Any, at: Location, key_lines: dict[str, int],
           path: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    if not isinstance(raw, dict):
        return None, [Problem(Subtype.BAD_FIELD, "each [[source]] must be a table", at)]
    problems = []
    for name in raw.keys() - _FIELDS.keys():
        problems.append(Problem(Subtype.BAD_FIELD, f"unknown field '{name}' in a [[source]]; "
                                f"the fields are {', '.join(_FIELDS)}",
                                Location(path, key_lines.get(name, at.line))))
    for name, (kind, required) in _FIELDS.items():
        where = Location(path, key_lines.get(name, at.line))
        if name not in raw:
            if required:
                problems.append(Problem(Subtype.BAD_FIELD,
                                        f"a [[source]] needs '{name}'", where))
        elif not isinstance(raw[name], kind):
            problems.append(Problem(Subtype.BAD_FIELD, f"'{name}' must be a "
                                    f"{'true or false' if kind is bool else 'string'}", where))
    if "key" in raw and isinstance(raw["key"], str) and not raw["key"].strip():
        problems.append(Problem(Subtype.BAD_FIELD, "'key' is empty", at))
    language = raw.get("language")
    if isinstance(language, str) and language not in LANGUAGES:
        problems.append(Problem(Subtype.BAD_FIELD, f"language must be one of "
                                f"{', '.join(LANGUAGES)}",
                                Location(path, key_lines.get("language"))))
    return (None if problems else raw), problems


def has_list(directory: str | Path) -> bool:
    """Whether ``directory`` lists protected sources: whether the copy check runs at all."""
    return (Path(directory) / LIST_NAME).is_file()


def load_sources(directory: str | Path, bibkeys: Iterable[str] | None = None,
                 root: str | Path | None = None) -> tuple[list[ProtectedSource], list[Problem]]:
    """The protected sources listed in ``directory``, with their fingerprints; never raises.

    No directory, or no list in it: no sources (the copy check is off), and no problem.
    """
    directory = Path(directory)
    list_path = directory / LIST_NAME
    if not list_path.is_file():
        return [], []
    shown = _display(list_path, root)
    try:
        text = list_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(Subtype.REGISTRY_SYNTAX, f"cannot read the list of sources: {error}",
                            Location(shown))]
    data, problem = _read_toml(shown, text)
    if data is None:
        return [], [problem] if problem else []
    blocks = [b for b in _blocks(text) if b.header == "source"]
    entries = data.get("source", [])
    problems: list[Problem] = []
    if not isinstance(entries, list):
        return [], [Problem(Subtype.BAD_FIELD, "write each source as a [[source]] table",
                            Location(shown, 1))]
    known = None if bibkeys is None else set(bibkeys)
    sources: list[ProtectedSource] = []
    seen: dict[str, Location] = {}
    for index, raw in enumerate(entries):
        block = blocks[index] if index < len(blocks) else None
        at = Location(shown, block.line if block else None)
        key_lines = block.keys if block else {}
        entry, entry_problems = _entry(raw, at, key_lines, shown)
        problems.extend(entry_problems)
        if entry is None:
            continue
        key = entry["key"]
        if key in seen:
            problems.append(Problem(Subtype.DUPLICATE_ID, f"the source '{key}' is listed twice "
                                    f"(first at {seen[key]}); remove this entry", at))
            continue
        seen[key] = at
        if known is not None and key not in known:
            problems.append(Problem(Subtype.UNKNOWN_SOURCE, f"the source '{key}' is not in the "
                                    "bibliography; use its references.bib key",
                                    Location(shown, key_lines.get("key", at.line))))
        source = ProtectedSource(
            key=key, name=entry["name"], licence=entry["licence"], language=entry["language"],
            location=at, adaptable=entry.get("adaptable", False),
            document=entry.get("document"), starts_after=entry.get("starts_after"),
            ends_before=entry.get("ends_before"),
        )
        print_path = directory / source.file_name
        try:
            print_ = read_fingerprint(print_path)
        except FileNotFoundError:
            problems.append(Problem(Subtype.FINGERPRINT, f"no fingerprint file "
                                    f"{_display(print_path, root)} for '{key}'; make it from the "
                                    "source document with `python -m checks --fingerprint DIR`",
                                    at))
            print_ = None
        except (OSError, UnicodeDecodeError, ValueError) as error:
            problems.append(Problem(Subtype.FINGERPRINT, f"the fingerprint file "
                                    f"{_display(print_path, root)} cannot be used: {error}", at))
            print_ = None
        if print_ is not None and print_.source != key:
            problems.append(Problem(Subtype.FINGERPRINT, f"{_display(print_path, root)} holds "
                                    f"the fingerprints of '{print_.source}', not of '{key}'; make "
                                    "it again with `python -m checks --fingerprint DIR`", at))
            print_ = None
        sources.append(dataclasses.replace(source, fingerprint=print_))
    return sources, problems


def make_fingerprints(directory: str | Path, documents: str | Path) -> list[tuple[str, str]]:
    """Write ``<key>.json`` for every listed source that names a ``document`` found in
    ``documents``; ``(key, what happened)`` for each source. Raises ValueError with the reason
    when the list cannot be read (nothing is written then)."""
    directory, documents = Path(directory), Path(documents)
    sources, problems = load_sources(directory)
    fatal = [p for p in problems if p.subtype is not Subtype.FINGERPRINT]
    if fatal:
        raise ValueError("; ".join(p.format() for p in fatal))
    if not sources:
        raise ValueError(f"no sources listed in {directory / LIST_NAME}")
    done: list[tuple[str, str]] = []
    for source in sources:
        if not source.document:
            done.append((source.key, "no document named; kept as it is"))
            continue
        try:
            print_ = Fingerprint.of_text(source.key, source.material(documents))
        except (OSError, UnicodeDecodeError) as error:
            done.append((source.key, f"not made: cannot read {documents / source.document} "
                                     f"({error})"))
            continue
        (directory / source.file_name).write_text(print_.to_json(), encoding="utf-8")
        done.append((source.key, f"{print_.length} {source.unit}, "
                                 f"{len(print_.positions)} fingerprints"))
    return done

