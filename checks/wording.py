"""The words the checks write for readers (table heads, badges, popover terms, chart legends),
in the language of the build.

English is the source. A translation is a gettext catalogue,
``checks/locale/<language>/LC_MESSAGES/checks.po``, read with babel as Sphinx reads a project's
catalogues (no compiled ``.mo`` to keep in step). A phrase with fields (``"{days} days"``) is a
:meth:`str.format` template in both languages. A phrase the catalogue lacks, or marks fuzzy,
stays English; ``tests/test_wording.py`` keeps the Chinese catalogue complete.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path

from babel.messages.pofile import read_po
from docutils import nodes

LOCALE = Path(__file__).with_name("locale")


class Wording:
    """``say("Date")``: the phrase in the build's language; ``say("{n} days", n=3)`` fills it."""

    def __init__(self, phrases: dict[str, str], language: str = "en") -> None:
        self.phrases = phrases
        self.language = language

    def __call__(self, phrase: str, **fields: object) -> str:
        said = self.phrases.get(phrase, phrase)
        return said.format(**fields) if fields else said


def catalogue_path(language: str) -> Path | None:
    """The checks' catalogue for ``language`` (``zh_CN``, else ``zh``), if there is one."""
    for name in dict.fromkeys((language, language.split("_")[0])):
        path = LOCALE / name / "LC_MESSAGES" / "checks.po"
        if path.is_file():
            return path
    return None


def wording(language: str | None) -> Wording:
    """The checks' words in ``language`` (English when it is ``en``, empty or untranslated)."""
    path = catalogue_path(language) if language and language != "en" else None
    if path is None:
        return Wording({})
    return Wording(_phrases(path, path.stat().st_mtime_ns), str(language))


@functools.cache
def _phrases(path: Path, mtime_ns: int) -> dict[str, str]:
    """The translated phrases of a catalogue (read again when the file changes)."""
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {str(m.id): str(m.string) for m in catalogue
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def fill(template: str, **parts: list[nodes.Node]) -> list[nodes.Node]:
    """A said template as nodes: its text as text, each ``{field}`` as ``parts[field]``
    (``fill(say("{value} ({source})"), value=[...], source=[...])``)."""
    out: list[nodes.Node] = []
    for text, field, _spec, _conversion in string.Formatter().parse(template):
        if text:
            out.append(nodes.Text(text))
        if field is not None:
            out.extend(parts[field])
    return out
