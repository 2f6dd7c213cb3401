"""Syntax errors in a .bib file, each at the line and column to fix.

pybtex, which sphinxcontrib-bibtex parses the bibliography with, stops at the first error, and
reports where it noticed it: a missing comma on the line of the *next* field, an unclosed brace
at the entry after the one that holds it. This reader follows the same grammar, pybtex's, and
names the place an author fixes:

- a field value whose ``{`` (or ``"``) is not closed where it should be, at its opening: the value
  runs on over the lines of the next fields (``\\n  author = ...``) or to the end of the file;
- a missing comma, after the value it should follow;
- an ``@`` that does not begin an entry (``@type{key, ...}``);
- anything else pybtex would reject (a missing ``=``, key or closing brace, an undefined
  ``@string`` name), where it is.

Pure: no Sphinx, no pybtex. ``checks`` reports what it finds in the build and in
``python -m checks``; the bibliography extension keeps sphinxcontrib-bibtex from crashing on it.
"""

from __future__ import annotations

import dataclasses
import re

#: Characters of a BibTeX name (entry type, field name, ``@string`` name), as pybtex reads them.
_NAME = re.compile(r"[A-Za-z@!$&*+\-./:;<>?\[\\\]^_`|~\x7f]"
                   r"[A-Za-z0-9@!$&*+\-./:;<>?\[\\\]^_`|~\x7f]*")
_TYPE = re.compile(r"[A-Za-z]+")
_KEY_BRACE = re.compile(r"[^\s,}]+")
_KEY_PAREN = re.compile(r"[^\s,]+")
_NUMBER = re.compile(r"[0-9]+")
_SPACE = re.compile(r"\s*")
_WORD = re.compile(r"\S{0,20}")
#: A field whose value is one braced or quoted string without nested braces, or a number.
_FIELD = re.compile(r"\s*(" + _NAME.pattern + r')\s*=\s*(\{[^{}]*\}|"[^{}"]*"|[0-9]+)')
#: A line inside a value that reads as the next field: the value swallowed it.
_FIELD_LINE = re.compile(r"\n[ \t]*[A-Za-z][\w-]*[ \t]*=")
#: Where an entry starts: reading goes on there after an error, as pybtex recovers.
_ENTRY_LINE = re.compile(r"^[ \t]*@", re.M)
#: The characters that end or nest a quoted value, and a braced one.
_IN_QUOTES = re.compile(r'[{}"]')
_IN_BRACES = re.compile(r"[{}]")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: How deep braces may nest in a value (pybtex's limit).
MAX_DEPTH = 100


@dataclasses.dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """One syntax error: where to fix it (1-based line and column) and what to do."""

    line: int
    column: int
    message: str


class _Stop(Exception):
    """The entry cannot be read further: the problem is in ``problem``."""

    def __init__(self, problem: SyntaxProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclasses.dataclass
class _Value:
    """A field value as read: where it opens and ends, and its text."""

    field: str
    start: int
    end: int
    text: str


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.macros = set(MONTHS)
        self.values: list[_Value] = []  # the values of the entry being read

    # -- where ----------------------------------------------------------------------------------

    def at(self, pos: int, message: str) -> SyntaxProblem:
        line = self.text.count("\n", 0, pos) + 1
        column = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return SyntaxProblem(line, column, message)

    def stop(self, message: str, pos: int | None = None) -> _Stop:
        """The entry stops here, unless a value before it swallowed what followed it."""
        for value in self.values:
            if _FIELD_LINE.search(value.text):
                quote = self.text[value.start]
                close = "}" if quote == "{" else quote
                return _Stop(self.at(value.start, f"the '{quote}' that opens the value of "
                                     f"'{value.field}' is not closed on its line, so the value "
                                     f"runs on over the fields after it; close it with "
                                     f"'{close}'"))
        return _Stop(self.at(self.pos if pos is None else pos, message))

    # -- tokens ---------------------------------------------------------------------------------

    def skip_space(self) -> None:
        # _SPACE matches at every position (if only the empty string): never None.
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def match(self, pattern: re.Pattern[str]) -> str | None:
        self.skip_space()
        found = pattern.match(self.text, self.pos)
        if found is None:
            return None
        self.pos = found.end()
        return found.group()

    def literal(self, char: str) -> bool:
        self.skip_space()
        if self.text.startswith(char, self.pos):
            self.pos += 1
            return True
        return False

    def next_is(self) -> str:
        """How the text at the current position reads, for a message."""
        if self.pos >= len(self.text):
            return "the end of the file"
        # _WORD matches at every position (if only the empty string): never None.
        return f"'{_WORD.match(self.text, self.pos).group()}'"  # type: ignore[union-attr]

    # -- the grammar ----------------------------------------------------------------------------

    def problems(self) -> list[SyntaxProblem]:
        found: list[SyntaxProblem] = []
        while True:
            at_sign = self.text.find("@", self.pos)
            if at_sign < 0:
                return found
            self.pos = at_sign + 1
            self.values = []
            try:
                self.command(at_sign)
            except _Stop as stop:
                found.append(stop.problem)
                following = _ENTRY_LINE.search(self.text, max(self.pos, at_sign + 1))
                self.pos = following.start() if following else len(self.text)

    def command(self, at_sign: int) -> None:
        self.skip_space()
        kind = _TYPE.match(self.text, self.pos)
        name = _NAME.match(self.text, self.pos)
        if kind is None or (name is not None and name.end() > kind.end()):
            raise _Stop(self.at(at_sign, "an '@' that does not begin an entry: an entry is written "
                                         "'@type{key, field = {value}, ...}'; remove the '@' or "
                                         "complete the entry"))
        self.pos = kind.end()
        command = kind.group().lower()
        if command == "comment":
            return
        if self.literal("{"):
            close = "}"
        elif self.literal("("):
            close = ")"
        else:
            raise self.stop(f"'{{' expected after '@{kind.group()}', found {self.next_is()}")
        if command == "string":
            name_found = self.match(_NAME)
            if name_found is None:
                raise self.stop(f"a name expected in '@string', found {self.next_is()}")
            self.expect("=", f"'=' expected after '{name_found}'")
            self.value(name_found)
            self.macros.add(name_found.lower())
        elif command == "preamble":
            self.value("preamble")
        else:
            key = self.match(_KEY_BRACE if close == "}" else _KEY_PAREN)
            if key is None:
                raise self.stop(f"an entry key expected after '@{kind.group()}{{', found "
                                f"{self.next_is()}")
            self.fields()
        self.closing(close)

    def fields(self) -> None:
        while True:
            field = _FIELD.match(self.text, self.pos)  # the usual case, "name = {value}", at once
            if field is not None:
                self.pos = field.end()
                self.values.append(_Value(field[1], field.start(2), field.end(2), field[2]))
                if not self.literal("#"):
                    if self.literal(","):
                        continue
                    return
                self.value(field[1])
            else:
                name = self.match(_NAME)
                if name is not None:
                    self.expect("=", f"'=' expected after the field name '{name}'")
                    self.value(name)
            if not self.literal(","):
                return

    def closing(self, close: str) -> None:
        if self.literal(close):
            return
        self.skip_space()
        if self.text.startswith("@", self.pos):
            after = self.values[-1].end if self.values else self.pos
            raise self.stop(f"the entry is not closed: '{close}' expected before the next entry",
                            pos=after)
        if self.values and _NAME.match(self.text, self.pos):
            last = self.values[-1]
            raise self.stop(f"a comma is missing after the value of '{last.field}' (the next "
                            f"field, {self.next_is()}, follows it without one)", pos=last.end)
        raise self.stop(f"'{close}' expected to close the entry, found {self.next_is()}")

    def expect(self, char: str, message: str) -> None:
        if not self.literal(char):
            raise self.stop(f"{message}, found {self.next_is()}")

    def value(self, field: str) -> None:
        while True:
            self.part(field)
            if not self.literal("#"):
                return

    def part(self, field: str) -> None:
        self.skip_space()
        start = self.pos
        if self.literal('"'):
            self.delimited(field, start, '"')
        elif self.literal("{"):
            self.delimited(field, start, "}")
        elif self.match(_NUMBER) is not None:
            pass
        else:
            name = self.match(_NAME)
            if name is None:
                raise self.stop(f"a value expected for '{field}' ('{{...}}', '\"...\"', a number "
                                f"or an @string name), found {self.next_is()}")
            if name.lower() not in self.macros:
                raise _Stop(self.at(start, f"'{name}' in the value of '{field}' is not an @string "
                                           f"name; put the value in braces: {{{name}}}"))

    def delimited(self, field: str, start: int, end: str) -> None:
        depth = 0
        pos = self.pos
        while True:
            found = (_IN_QUOTES if end == '"' else _IN_BRACES).search(self.text, pos)
            if found is None:
                self.values.append(_Value(field, start, len(self.text), self.text[start:]))
                quote = self.text[start]
                close = "}" if quote == "{" else quote
                raise _Stop(self.at(start, f"the '{quote}' that opens the value of '{field}' is "
                                           f"never closed; close it with '{close}'"))
            char, pos = found.group(), found.end()
            if char == end and depth == 0:
                break
            if char == "{":
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Stop(self.at(found.start(), f"braces nested more than {MAX_DEPTH} deep "
                                                       f"in the value of '{field}'"))
            elif char == "}":
                if depth == 0:  # in quotes: most likely the '}' that ends the entry
                    raise _Stop(self.at(start, f"the '\"' that opens the value of '{field}' is "
                                               f"not closed before a '}}'; close it with '\"' (or "
                                               f"remove the '}}' if it has no '{{')"))
                depth -= 1
        self.pos = pos
        self.values.append(_Value(field, start, pos, self.text[start:pos]))


def syntax_problems(text: str) -> list[SyntaxProblem]:
    """The syntax errors of a .bib file's ``text``, each where to fix it, in order."""
    return _Reader(text).problems()
