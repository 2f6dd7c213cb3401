"""Every warning the checks emit, declared once: ``checks.<subtype>``, its meaning and its fix.

A warning is ``logger.warning(message, type=WARNING_TYPE, subtype=Subtype.X, location=...)`` (the
build) or a :class:`~checks.model.Problem` of subtype ``Subtype.X`` (the pure core, printed the same
way by the build and by ``python -m checks``). CONTRIBUTING.md's warning table lists each member
with its :attr:`~Subtype.meaning` and :attr:`~Subtype.fix`; a test keeps the two the same.

:func:`suppressed` decides whether ``suppress_warnings`` silences a subtype, with Sphinx's own
function, so the CLI silences exactly what the build does.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

__all__ = ["WARNING_TYPE", "Subtype", "suppressed"]

#: The ``type`` of every warning: a project silences one kind with
#: ``suppress_warnings = ["checks.<subtype>"]``, all of them with ``["checks"]``.
WARNING_TYPE = "checks"


class Subtype(enum.StrEnum):
    """Every warning subtype; each value is what ``checks.<subtype>`` silences."""

    meaning: str
    fix: str

    def __new__(cls, value: str, meaning: str, fix: str) -> Subtype:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        member.fix = fix
        return member

    # -- the chapters ---------------------------------------------------------------------------
    CONTRADICTION = (
        "contradiction", "the words of a `{fact}` say something other than the registry",
        "correct the words, or the registry if the words are right (and record the old value as "
        "a variant)")
    WRONG_UNIT = (
        "wrong_unit", "the words of a `{fact}` carry a unit, currency or kind other than the "
        "fact's (`eight experts` bound to a duration in months)",
        "bind the words to the fact they state, or write the fact's unit")
    WRONG_WEEKDAY = (
        "wrong_weekday", "a weekday in a role's words, or just before or after the role, that its "
        "date does not fall on",
        "correct the weekday, or the date")
    UNBOUND = (
        "unbound", "a date or figure that no role binds",
        "bind it to the fact the message suggests (only a fact of the words' kind and unit is "
        "suggested), register a new fact, or mark it `{nofact}`")
    UNKNOWN_FACT = (
        "unknown_fact", "a `{fact}` names an id the registry lacks",
        "fix the id (the message suggests the nearest), or register the fact")
    UNKNOWN_VARIANT = (
        "unknown_variant", "`{variant}` words match none of the fact's variants",
        "record the variant in the registry, or correct the words")
    BAD_ROLE = (
        "bad_role", "a role without an id, or words that are not a date or figure",
        "write `` {fact}`your words <fact-id>` ``")
    UNUSED_FACT = (
        "unused_fact", "a registered fact that no chapter binds",
        "bind it where the book states it, or remove it")
    # -- the registry (facts/*.toml) and the bibliography ---------------------------------------
    NO_REGISTRY = (
        "no_registry", "no registry where `checks_registry` points (every `{fact}` would be "
        "unknown: those warnings are left out)",
        "restore `facts/`, or set `checks_registry` in `conf.py` to the registry's path")
    REGISTRY_SYNTAX = (
        "registry_syntax", "a TOML or BibTeX file that cannot be read (in `references.bib`: a "
        "`{` or `\"` not closed, a missing comma, a stray `@`, at the line and column to fix)",
        "fix the syntax at the line given")
    DUPLICATE_ID = (
        "duplicate_id", "two facts or relations with one id (the warning is at the later one, "
        "in file order then line, and names the earlier); in `facts/units.toml`, a code listed "
        "twice or a word two currencies or units claim",
        "rename the newer one")
    UNKNOWN_KIND = (
        "unknown_kind", "a kind not in the list above",
        "use `date`, `money`, `count`, `quantity`, `duration` or `rate`")
    BAD_FIELD = (
        "bad_field", "a field missing, unknown, of the wrong type, or a malformed id; a currency "
        "or unit `facts/units.toml` does not list, or a mistake in that file",
        "as the message says; add a currency or unit in `facts/units.toml`")
    BAD_VALUE = (
        "bad_value", "an impossible date (`1950-02-30`), an ambiguous one (`02/03/1950`), a bad "
        "number, currency or unit",
        "write the date as a TOML date, the number in full")
    MISSING_SOURCE = (
        "missing_source", "a fact or variant with no source",
        "add a `references.bib` key")
    UNKNOWN_SOURCE = (
        "unknown_source", "a source key that `references.bib` does not define",
        "add the entry to `references.bib`, or fix the key")
    UNCITED_SOURCE = (
        "uncited_source", "a `references.bib` entry that no citation, fact or variant names",
        "cite it where the book uses it, name it in a fact's `sources`, or remove it")
    # -- relations between facts ---------------------------------------------------------------
    RELATION_SYNTAX = (
        "relation_syntax", "an expression that does not parse, or nests deeper than the limit",
        "see \"Relations between facts\"")
    RELATION_UNKNOWN_FACT = (
        "relation_unknown_fact", "a relation names an unregistered fact",
        "fix the id")
    RELATION_KIND = (
        "relation_kind", "a fact of the wrong kind, unit or currency for the relation",
        "relate facts of matching kinds; convert currencies with a rate fact")
    RELATION_CYCLE = (
        "relation_cycle", "relations that refer back to themselves",
        "break the loop")
    RELATION_FAILED = (
        "relation_failed", "the facts do not satisfy the relation",
        "one of the facts is wrong: the message gives both sides")
    # -- pages, tables and figures generated from the registry ---------------------------------
    PAGE_SYNTAX = (
        "page_syntax", "a line of a generated page's directive that cannot be read "
        "(`{discrepancies}`)",
        "write it as the message shows")
    PAGE_UNKNOWN = (
        "page_unknown", "a generated table or figure names a relation or chart that does not "
        "exist",
        "fix the name")
    FIGURE_KIND = (
        "figure_kind", "a `{registry-figure}` given a fact of the wrong kind (not a date, not a "
        "figure)",
        "name a fact of the kind the chart draws")
    FIGURE_LABEL = (
        "figure_label", "the label of a fact drawn in a chart states a date or figure, which the "
        "chart already shows",
        "shorten the label in the registry")
    # -- copying (fingerprints/: the sources the book must not reproduce) ----------------------
    COPIED = (
        "copied", "a run of twenty tokens or more reproduced from a source that is not freely "
        "licensed",
        "tell it in your own words, or quote only the few words that matter")
    COPY_SHARE = (
        "copy_share", "the book reproduces more than `15%` of such a source in runs of eight "
        "tokens or more",
        "paraphrase the longest runs the message lists (`make copies` lists them all)")
    FINGERPRINT = (
        "fingerprint", "a protected source's fingerprint file is missing, damaged or made by "
        "another version",
        "make it again: `make fingerprints SOURCES=DIR`")
    # -- translations (locales/<language>/LC_MESSAGES/*.po) ------------------------------------
    TRANSLATION_FACTS = (
        "translation_facts", "a translated message (`msgstr`) binds other facts than its source "
        "(`msgid`): a fact missing, one too many, or one fact for another (at the `msgstr`'s "
        "line, naming the message and the fact)",
        "bind in the translation each fact the source binds, as often: `` {fact}`fact-id` `` "
        "(it shows the value in Chinese notation)")
    TRANSLATION_INCOMPLETE = (
        "translation_incomplete", "in a release build (`checks_translation_release`), a "
        "message that is fuzzy or not translated",
        "translate it; or check a fuzzy one against its changed source, then remove its "
        "`#, fuzzy` line")
    TRANSLATION_SYNTAX = (
        "translation_syntax", "a catalogue (`.po` file) that cannot be read",
        "fix the syntax at the line given, or run `make update-po` again")
    # -- the extension itself ------------------------------------------------------------------
    CONFIG = (
        "config", "a `checks_*` setting in `conf.py` that cannot be used",
        "as the message says; the default is used meanwhile")
    INTERNAL = (
        "internal", "the checks themselves failed (a bug in the `checks` package)",
        "report it with the message; the build goes on without that check")


def suppressed(subtype: str, suppress_warnings: Iterable[str]) -> bool:
    """Whether ``suppress_warnings`` silences ``checks.<subtype>``: Sphinx's own rule (``checks``
    and ``checks.*`` silence every subtype, ``checks.copied`` one), by Sphinx's own function."""
    from sphinx.util.logging import is_suppressed_warning

    return is_suppressed_warning(WARNING_TYPE, str(subtype), list(suppress_warnings))
