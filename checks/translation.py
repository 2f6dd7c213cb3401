"""Translations checked against their sources: the facts of each translated message.

A translation is a gettext catalogue (``locales/<language>/LC_MESSAGES/<document>.po``, read with
Babel's :func:`babel.messages.pofile.read_po`, which Sphinx itself uses to compile catalogues).
For each translated message (its ``msgstr``) the checks ask, and answer at the ``msgstr``'s line:

- does it bind the same facts as its source (``msgid``), each as many times (``{fact}`` and
  ``{variant}`` roles, by id)? A missing, extra or different fact is ``translation_facts``;
- do the words of its roles, if it gives any (``{fact}`1950年2月14日 <treaty-signed>```), say
  what the registry says? (``contradiction`` and the other checks of a role's words);
- does it state a date or figure that no role binds? (``unbound``: the scanner reads Chinese
  as it reads English);
- in a release build (``checks_translation_release``), is any message fuzzy or untranslated?
  (``translation_incomplete``).

Sphinx already compares the references of a message and its translation (``i18n``
warnings, at the document's line); this does the same for facts, at the catalogue's line, where
the translator fixes it. Pure: no Sphinx; :func:`check_catalogues` is what the build calls.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import PoFileError, read_po, unescape

from . import match as match_mod
from .model import Location, Problem
from .roles import parse_fact_role
from .warnings import Subtype

if TYPE_CHECKING:
    from .checker import Project

__all__ = ["CatalogueMessage", "bound_facts", "check_catalogues", "check_message",
           "notation_of", "read_catalogue"]

#: A ``{fact}`` or ``{variant}`` role as MyST writes it (Sphinx's gettext keeps the source).
_FACT_ROLE = re.compile(r"\{(?P<role>fact|variant)\}`(?P<text>[^`]*)`")
#: What is not prose in a message: any role with its text, inline code, a footnote reference,
#: a link's target, a URL. Blanked before the scanner reads the rest.
_NOT_PROSE = re.compile(
    r"(?:\{[^{}`\s]+\})?(`+)(?:(?!\1).)+?\1"  # a role, inline code
    r"|\[\^[^\]]*\]"  # [^note-label]
    r"|\]\([^)]*\)"  # a link's target: [words](target)
    r"|(?:https?://|ftp://|mailto:|www\.)[^\s<>\"'\]\)]+",
    re.S,
)
#: How much of a message a warning quotes to name it.
_NAMED_WORDS = 8


@dataclasses.dataclass(frozen=True, slots=True)
class CatalogueMessage:
    """One message of a catalogue: its source, its translation and where the translation is."""

    msgid: str
    msgstr: str
    fuzzy: bool
    path: str  # the catalogue, as the warning names it
    line: int  # the line of ``msgstr``
    #: The text of each line of the ``msgstr``, in order, with the line it is on (a long
    #: translation is written over several lines: a finding is placed on its own).
    lines: tuple[tuple[int, str], ...] = ()

    def line_of(self, offset: int) -> int:
        """The catalogue line holding the character of ``msgstr`` at ``offset``."""
        seen = 0
        for line, text in self.lines:
            seen += len(text)
            if offset < seen:
                return line
        return self.line

    @property
    def name(self) -> str:
        """The message's first words, to name it in a warning."""
        words = _FACT_ROLE.sub(lambda m: parse_fact_role(m["text"])[0] or m["text"],
                               self.msgid).split()
        shown = " ".join(words[:_NAMED_WORDS])
        return f"\"{shown}{'…' if len(words) > _NAMED_WORDS else ''}\""


def notation_of(language: str | None) -> str | None:
    """The checks' notation for a build's language: ``zh`` for Chinese (``zh_CN``, ``zh-Hans``),
    None for a language the checks have no notation of."""
    if language and language.replace("-", "_").split("_")[0].lower() == "zh":
        return "zh"
    return None


def read_catalogue(path: Path, shown_path: str) -> tuple[list[CatalogueMessage], list[Problem]]:
    """The messages of a ``.po`` file (obsolete ones left out), or the problem that stops it
    being read, at its line. ``shown_path``: the path warnings print."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(Subtype.TRANSLATION_SYNTAX, f"the catalogue cannot be read ({error})",
                            Location(shown_path))]
    lines = text.splitlines()
    try:
        catalogue = read_po(lines, ignore_obsolete=True, abort_invalid=True)
    except PoFileError as error:
        return [], [Problem(
            Subtype.TRANSLATION_SYNTAX,
            f"the catalogue cannot be read: {error.args[0].rsplit(' on ', 1)[0]}; fix the line "
            "(a message is `msgid \"…\"` then `msgstr \"…\"`, each string in double quotes)",
            Location(shown_path, error.lineno + 1))]
    messages = []
    for message in catalogue:
        if not message.id or not isinstance(message.id, str):
            continue  # the header, or a plural message (Sphinx writes none)
        string = message.string if isinstance(message.string, str) else ""
        first, string_lines = _msgstr_lines(lines, message.lineno or 1)
        messages.append(CatalogueMessage(message.id, string, message.fuzzy, shown_path, first,
                                         string_lines))
    return messages, []


def _msgstr_lines(lines: list[str], msgid_line: int) -> tuple[int, tuple[tuple[int, str], ...]]:
    """The line of the ``msgstr`` after the ``msgid`` at ``msgid_line`` (1-based), and its
    strings, each with its line."""
    number = msgid_line
    while number <= len(lines) and not lines[number - 1].startswith("msgstr"):
        number += 1
    if number > len(lines):
        return msgid_line, ()
    first = number
    found = []
    quoted = lines[number - 1][len("msgstr"):].strip()
    while True:
        if quoted.startswith('"') and quoted.endswith('"') and len(quoted) >= 2:
            found.append((number, unescape(quoted)))
        number += 1
        if number > len(lines) or not lines[number - 1].lstrip().startswith('"'):
            break
        quoted = lines[number - 1].strip()
    return first, tuple(found)


def bound_facts(text: str) -> Counter[tuple[str, str]]:
    """``(role, fact id)`` -> how often ``text`` binds it (``{fact}`` and ``{variant}``)."""
    found: Counter[tuple[str, str]] = Counter()
    for role in _FACT_ROLE.finditer(text):
        _words, fact_id, error = parse_fact_role(role["text"], role["role"])
        if not error:
            found[role["role"], fact_id] += 1
    return found


def _times(count: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(count, f"{count} times")


def parity_problems(message: CatalogueMessage) -> list[Problem]:
    """A ``translation_facts`` problem for each fact the translation binds other than as often
    as its source does (missing, extra, or one fact for another: the one and the other)."""
    source, translated = bound_facts(message.msgid), bound_facts(message.msgstr)
    problems = []
    for role, fact_id in sorted(source.keys() | translated.keys()):
        want, have = source[role, fact_id], translated[role, fact_id]
        if want == have:
            continue
        written = f"{{{role}}}`{fact_id}`"
        if have == 0:
            what = f"does not bind the fact '{fact_id}', which its source binds {_times(want)}"
            fix = f"write {written} where the translation states it"
        elif want == 0:
            what = f"binds the fact '{fact_id}', which its source does not"
            fix = ("bind the fact the source binds there, or leave it out as the source does "
                   "(or add it to the source first)")
        else:
            what = f"binds the fact '{fact_id}' {_times(have)}, its source {_times(want)}"
            fix = f"write {written} {_times(want)}, as the source does"
        role_name = "" if role == "fact" else f" (as {{{role}}})"
        problems.append(Problem(
            Subtype.TRANSLATION_FACTS,
            f"the translation of {message.name} {what}{role_name}: {fix}",
            Location(message.path, message.line), fact_id))
    return problems


def _word_problems(message: CatalogueMessage, project: Project) -> Iterator[Problem]:
    """The checks of a role's words (``{fact}`1950年2月14日 <id>```) on the translation's roles
    that give words, each at its line."""
    for role in _FACT_ROLE.finditer(message.msgstr):
        words, fact_id, error = parse_fact_role(role["text"], role["role"])
        fact = project.fact(fact_id) if not error else None
        if fact is None or not words:
            continue  # a bad or unknown role: the parity check names it
        location = Location(message.path, message.line_of(role.start()))
        text = message.msgstr
        beside = (text[max(0, role.start() - 12):role.start()], text[role.end():role.end() + 12])
        check = match_mod.match_variant if role["role"] == "variant" else match_mod.match
        problem = check(words, fact, location, beside, project.units)
        if problem is not None:
            yield problem


def _unbound_problems(message: CatalogueMessage, project: Project) -> Iterator[Problem]:
    """A date or figure of the translation's prose that no role binds (strict mode)."""
    prose = _NOT_PROSE.sub(lambda m: " " * len(m.group()), message.msgstr)
    for finding in project.scan(prose):
        location = Location(message.path, message.line_of(finding.start))
        yield match_mod.unbound_problem(finding, location, project.index)


def check_message(message: CatalogueMessage, project: Project, *, release: bool = False,
                  allow_fuzzy: bool = False) -> list[Problem]:
    """Every problem of one message of a catalogue.

    ``release``: a fuzzy or untranslated message is a problem; ``allow_fuzzy``: the build uses
    fuzzy translations (Sphinx's ``gettext_allow_fuzzy_translations``), so they are checked.
    """
    used = message.msgstr.strip() and (allow_fuzzy or not message.fuzzy)
    if not used:
        if not release:
            return []
        state = "is fuzzy (its source changed since it was translated)" if message.fuzzy \
            else "is not translated"
        fix = ("check the translation against the source, then remove the `#, fuzzy` line"
               if message.fuzzy else "translate it")
        return [Problem(Subtype.TRANSLATION_INCOMPLETE, f"the message {message.name} {state}; "
                        f"{fix}", Location(message.path, message.line))]
    if message.msgstr == message.msgid:
        return []  # kept as it is (a name, a number): the source's checks cover it
    problems = parity_problems(message)
    problems += _word_problems(message, project)
    if project.config.strict:
        problems += _unbound_problems(message, project)
    return problems


def check_catalogues(paths: Iterable[tuple[Path, str]], project: Project, *,
                     release: bool = False, allow_fuzzy: bool = False) -> list[Problem]:
    """Every problem of the catalogues ``(path, path as warnings name it)``, in file order."""
    problems: list[Problem] = []
    for path, shown in paths:
        messages, unreadable = read_catalogue(path, shown)
        problems += unreadable
        for message in messages:
            problems += check_message(message, project, release=release,
                                      allow_fuzzy=allow_fuzzy)
    return problems
