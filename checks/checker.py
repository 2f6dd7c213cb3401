"""Compare what the documents say with the registry: the checks, shared by the build and the CLI.

:class:`Project` is the registry and the bibliography of one source directory, loaded once and
cached by the content of its files (a build loads it again only when a file changed).
:func:`check` turns the per-document records (:mod:`checks.collect`) and the project into
:class:`Report` lines, sorted, so every run over the same sources prints the same lines in the same
order, whichever way the documents were read.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from docutils.utils.smartquotes import smartyPants

from . import match as match_mod
from . import notation, registry, relations, sources, unitfile
from .collect import DocRecord, Mention
from .config import WARNING_TYPE, ChecksConfig, setting_location
from .copies import TokenText, combined_table
from .copying import book_texts, copy_problems, registry_texts, reproduced
from .model import Fact, Finding, Location, Problem, Subtype
from .scan import scan
from .units import UnitTable, builtin_units
from .wording import wording


@dataclasses.dataclass(frozen=True, order=True, slots=True)
class Report:
    """One warning: where, which subtype, what. Ordered by file, line, subtype, message."""

    path: str
    line: int
    subtype: str
    message: str
    column: int = 0  # 1-based; 0: not given (the line holds these words once)

    @property
    def location(self) -> str:
        """``path:line`` (``path:line:column`` where the line holds the same words twice), the
        form Sphinx prints unchanged and editors open at the place."""
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")

    def format(self) -> str:
        """The line Sphinx prints for this warning, and ``python -m checks`` too."""
        return f"{self.location}: WARNING: {self.message} [{WARNING_TYPE}.{self.subtype}]"

    @classmethod
    def from_problem(cls, problem: Problem, root: Path, fallback: str) -> Report:
        """The report of a problem; its path made absolute (Sphinx prints absolute paths)."""
        location = problem.location or Location(fallback)
        path = os.path.normpath(os.path.join(root, location.path))
        return cls(path, location.line or 1, str(problem.subtype), problem.message,
                   location.column or 0)


def _digest(fact: Fact, *, label: bool = True) -> str:
    """What a page shows of a fact (value, label, sources, variants), not where it is defined
    (``label=False``: all that but the label, what a chart with its own short labels draws)."""
    shown = (fact.kind, fact.value, fact.label if label else None, fact.label_zh, fact.unit_zh,
             fact.sources, fact.disputed, [(v.value, v.source, v.note) for v in fact.variants])
    return hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()


def _display(fact: Fact, notation_name: str, units: UnitTable) -> str:
    try:
        return notation.format_value(fact, notation_name, units)
    except Exception:  # noqa: BLE001 - a page shows the id rather than fail the build
        return fact.id


class Project:
    """The registry and bibliography of one source directory, with the problems they hold."""

    _cache: ClassVar[dict[tuple[str, ChecksConfig], Project]] = {}

    def __init__(self, root: Path, config: ChecksConfig, signature: str,
                 parsed: registry.ParsedFiles | None = None) -> None:
        self.root = root
        self.config = config
        self.signature = signature
        self.registry_path = root / config.registry
        self.bib_paths = [root / name for name in config.bibfiles or ()]
        self.bib_entries, bib_problems = registry.read_bib_entries(
            [str(p) for p in self.bib_paths], root=root)
        bibkeys = set(self.bib_entries)
        units, unit_problems = unitfile.load_units(self.registry_path, root=root)
        #: The book's currencies and units (its registry's units.toml), or the built-in ones.
        self.units: UnitTable = units or builtin_units()
        self.registry, problems = registry.load_registry(
            self.registry_path, bibkeys if self.bib_paths else None, root=root, units=self.units,
            parsed=parsed)
        self._displays: dict[tuple[str, str], str] = {}
        self.sources, source_problems = sources.load_sources(
            root / config.fingerprints, bibkeys if self.bib_paths else None, root=root)
        if self.registry.missing:  # the fix is in conf.py, or the directory it names
            problems = [_at_setting(p, root) if p.subtype is Subtype.NO_REGISTRY else p
                        for p in problems]
        self.problems: list[Problem] = [*bib_problems, *unit_problems, *problems,
                                        *relations.check_relations(self.registry),
                                        *source_problems]
        if self.sources:  # made now, while a build's heap is small, not in its last pass
            self.registry_texts, self.copy_table  # noqa: B018 - made, not used, here

    @classmethod
    def signature_of(cls, root: Path, config: ChecksConfig) -> str:
        digest = hashlib.blake2b(digest_size=16)
        files = registry.registry_files(root / config.registry) or [root / config.registry]
        files.append(unitfile.units_path(root / config.registry))
        prints = root / config.fingerprints
        files += [*sorted(prints.glob("*.json")), prints / sources.LIST_NAME]
        for path in [*files, *(root / name for name in config.bibfiles or ())]:
            digest.update(str(path).encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\0missing\0")
        return digest.hexdigest()

    @classmethod
    def load(cls, root: Path | str, config: ChecksConfig,
             parsed: registry.ParsedFiles | None = None) -> Project:
        """The project at ``root``, from the cache unless a registry or .bib file changed
        (``parsed``: see :func:`checks.registry.load_registry`)."""
        root = Path(root).resolve()
        key = (str(root), config)
        signature = cls.signature_of(root, config)
        cached = cls._cache.get(key)
        if cached is None or cached.signature != signature:
            cached = cls._cache[key] = cls(root, config, signature, parsed)
        return cached

    # -- what pages show ----------------------------------------------------------------------

    def fact(self, fact_id: str) -> Fact | None:
        return self.registry.facts.get(fact_id)

    def facts_in_order(self) -> Iterable[Fact]:
        return self.registry.facts.values()

    @cached_property
    def digests(self) -> dict[str, str]:
        """fact id -> digest of what a page shows of it (to find pages to write again)."""
        return {fact_id: _digest(fact) for fact_id, fact in self.registry.facts.items()}

    @cached_property
    def unlabelled_digests(self) -> dict[str, str]:
        """fact id -> digest of what a page shows of it but its label (for charts)."""
        return {fact_id: _digest(fact, label=False)
                for fact_id, fact in self.registry.facts.items()}

    def display(self, fact: Fact, notation_name: str) -> str:
        """The fact's value in a notation ("en", "zh"), for ``{fact}`id``` without words and the
        facts index; written once per fact of the registry and notation."""
        if self.registry.facts.get(fact.id) is not fact:  # not the registry's own: not kept
            return _display(fact, notation_name, self.units)
        shown = self._displays.get((fact.id, notation_name))
        if shown is None:
            shown = _display(fact, notation_name, self.units)
            self._displays[fact.id, notation_name] = shown
        return shown

    def index_row(self, fact: Fact, notation: str = "en") -> tuple[str, str, str, str]:
        """A fact's row of the facts table: its id, label, value and sources, for an edition
        in ``notation`` (Chinese: the Chinese label alone, where given, and 1950年2月14日)."""
        say = wording("zh_CN" if notation == "zh" else None)
        if notation == "zh" and fact.label_zh:
            label = fact.label_zh
        else:
            # The label set as the pages set text: typographic quotes and apostrophes (’ “ ”),
            # as Sphinx's smart quotes do for the chronology's labels; the registry keeps what
            # was written.
            label = smartyPants(fact.label, "qDe", "en") + (
                f" ({fact.label_zh})" if fact.label_zh and notation != "zh" else "")
        if fact.disputed:
            label += say(" [disputed]")
        return fact.id, label, self.display(fact, notation), ", ".join(fact.sources)

    @cached_property
    def registry_texts(self) -> list[tuple[str, TokenText]]:
        """The registry's labels and notes as the copy check reads them (once per load)."""
        return registry_texts(self.registry)

    @cached_property
    def copy_table(self) -> dict[int, list[tuple[int, int]]]:
        """The protected sources' fingerprints in one table (once per load)."""
        return combined_table([s.fingerprint for s in self.sources if s.fingerprint is not None])

    @cached_property
    def units_digest(self) -> str:
        """A digest of the currencies and units (the book's file, or the built-in one)."""
        path = unitfile.units_path(self.registry_path)
        if not path.is_file():
            path = unitfile.BUILTIN_PATH
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        return hashlib.blake2b(data, digest_size=12).hexdigest()

    @cached_property
    def index(self) -> match_mod.FactIndex:
        return match_mod.FactIndex(self.registry.facts.values(), self.units)

    def scan(self, text: str) -> list[Finding]:
        """The dates and figures strict mode flags in ``text``, with the book's units."""
        return scan(text, self.units)

    def relative(self, path: str) -> str:
        try:
            return os.path.relpath(path, self.root)
        except ValueError:
            return path


def _at_setting(problem: Problem, root: Path) -> Problem:
    """The problem placed at conf.py's ``checks_registry`` line (or conf.py), when there is one."""
    where = setting_location(root, "checks_registry")
    if where is None:
        return problem
    path, _, line = where.partition(":")
    return dataclasses.replace(problem, location=Location(path, int(line) if line else None))


def _uncited(project: Project, cited: Collection[str]) -> list[Problem]:
    """An entry of the bibliography that no role, fact or variant names (``uncited_source``)."""
    named = set(cited)
    for fact in project.registry.facts.values():
        named.update(fact.sources)
        named.update(variant.source for variant in fact.variants)
    return [
        Problem(Subtype.UNCITED_SOURCE, f"the bibliography entry '{key}' is cited nowhere: no "
                "{cite} or {footcite} names it, nor any fact's or variant's sources; cite it "
                "where the book uses it, or remove it", location)
        for key, location in project.bib_entries.items() if key not in named
    ]


def _unknown_fact(project: Project, mention: Mention, location: Location) -> Problem:
    close = difflib.get_close_matches(mention.fact_id, project.registry.facts, n=1, cutoff=0.75)
    hint = f"did you mean '{close[0]}'? " if close else ""
    role = "{variant}" if mention.variant else "{fact}"
    words = f" (words: '{mention.words}')" if mention.words else ""
    return Problem(
        Subtype.UNKNOWN_FACT,
        f"{role} names the unknown fact '{mention.fact_id}'{words}; {hint}register it in the "
        f"registry ({project.relative(str(project.registry_path))}) or correct the id",
        location,
        mention.fact_id,
    )


def check(
    project: Project,
    records: Mapping[str, DocRecord],
    doc2path: Callable[[str], str],
    *,
    complete: bool = True,
    cited: Collection[str] | None = None,
) -> list[Report]:
    """Every problem of the project and its documents, as sorted reports.

    ``complete``: every document was read; if not, which facts are unused is unknown.
    ``cited``: the keys the documents' ``{cite}`` and ``{footcite}`` roles name; given, an entry
    of the bibliography that neither they nor any fact or variant names is a warning.
    """
    facts = project.registry.facts
    rejected = project.registry.rejected
    problems: list[Problem] = list(project.problems)
    used: set[str] = set()
    for docname in sorted(records):
        record = records[docname]
        path = project.relative(doc2path(docname))
        for error in record.errors:
            problems.append(Problem(
                Subtype.BAD_ROLE, f"{error.rawtext}: {error.message}",
                Location(path, error.line, error.column)
            ))
        for mention in record.mentions:
            location = Location(path, mention.line, mention.column)
            fact = facts.get(mention.fact_id)
            if fact is None:
                # Unknown for a reason already reported: the entry is invalid, or there is no
                # registry at all (one warning, not one per role).
                if mention.fact_id not in rejected and not project.registry.missing:
                    problems.append(_unknown_fact(project, mention, location))
                continue
            if not mention.generated:  # a generated page shows every fact: no "use"
                used.add(fact.id)
            if mention.variant:
                problem = match_mod.match_variant(mention.words, fact, location, mention.beside,
                                                  project.units)
            elif mention.words:
                problem = match_mod.match(mention.words, fact, location, mention.beside,
                                          project.units)
            else:
                problem = None
            if problem is not None:
                problems.append(problem)
        if project.config.strict:
            for unbound in record.unbound:
                problems.append(match_mod.unbound_problem(
                    unbound.finding, Location(path, unbound.line, unbound.column), project.index
                ))
    if complete:
        problems.extend(match_mod.unused_problems(project.registry, used))
        # Only with the whole registry loaded: a fact left out (its file or entry is wrong, and
        # reported) may be what cites an entry.
        if cited is not None and project.registry.files and not project.registry.rejected:
            problems.extend(_uncited(project, cited))
    if project.sources:
        texts = book_texts(records, lambda docname: project.relative(doc2path(docname)),
                           project.registry_texts)
        found = reproduced(project.sources, texts, project.copy_table)
        problems.extend(copy_problems(found, project.config.copy_limit,
                                      project.config.copy_share))
    fallback = project.relative(str(project.registry_path))
    return sorted({Report.from_problem(p, project.root, fallback) for p in problems})
