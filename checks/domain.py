"""The ``checks`` domain: per-document records, merged from parallel readers, checked once merged.

- Reading a document (in whichever process reads it), :class:`CollectFacts` stores its
  :class:`~checks.collect.DocRecord` (with the values its generated pages show, see
  :mod:`checks.views`); ``clear_doc`` drops it, ``merge_domaindata`` copies a worker's
  records and never warns.
- ``env-get-outdated``: the registry is loaded once for the build (cached by content) and kept on
  the domain; the generated pages that show, list or write out something that changed in the
  registry are read again (nothing else depends on the registry when read).
- ``env-updated`` (every build, after the merge, also when nothing changed): every check runs on
  the merged records and each problem is one warning, sorted, so a serial and a parallel build,
  or a first build and an unchanged rebuild, print the same warnings.
- ``env-get-updated`` (after Sphinx numbered the sections): the pages this builder must write
  again without reading them: those showing a fact whose entry changed since this builder last
  wrote them (a page renders its facts from the registry as it is now, so a chapter is never
  read again for a registry change), and what the generated pages need
  (:func:`checks.views.refresh.pages_to_write`). Kept per builder and output directory, so
  a builder sharing the environment with another (``make html`` after ``make epub``) writes
  what the other brought up to date.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.domains import Domain
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from . import checker, citations, nodes, priorities
from .collect import DocRecord, Mention, collect
from .config import WARNING_TYPE, from_sphinx
from .sources import has_list
from .views import refresh
from .views.record import LISTINGS, PageView, generated_pages, listing_orders, relation_digest
from .warnings import Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def reported(doing: str, location: str | None = None) -> Iterator[None]:
    """Turn a failure of the checks themselves into one warning (``checks.internal``), never a
    traceback that stops the build."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the point: report, do not crash the build
        logger.warning(
            "the checks failed while %s (%s: %s); this is a bug in the checks package, please "
            "report it with this message",
            doing, type(error).__name__, error,
            type=WARNING_TYPE, subtype=Subtype.INTERNAL, location=location,
        )


class ChecksDomain(Domain):
    """Per-document records of ``{fact}`` mentions, unbound findings and role errors, and what
    each document holds of the generated pages."""

    name = "checks"
    label = "Checked facts"
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {
        "records": {},  # docname -> DocRecord
        "views": {},  # docname -> PageView (generated pages, places)
        "digests": {},  # fact id (or "relation:<id>") -> digest, as the documents were read
        "written": {},  # builder key -> digests as that builder last wrote the pages
        "index_docname": None,  # the page {fact} links to, as the last build rendered it
        "failed": set(),  # documents the checks failed to read (a bug): read again next build
        "parsed": {},  # registry file -> its text's hash and what it parsed into (ParsedFiles)
    }

    #: The registry and settings of the running build (:meth:`load_project`, on
    #: ``env-get-outdated``). An attribute of the domain object, which each process makes anew
    #: and the environment never pickles: it lives as long as the build.
    _project: checker.Project | None = None
    #: The popovers and citations written for this build (:mod:`checks.provenance`), as long.
    provenance: Any = None

    @property
    def records(self) -> dict[str, DocRecord]:
        return self.data["records"]

    @property
    def views(self) -> dict[str, PageView]:
        return self.data["views"]

    @property
    def failed(self) -> set[str]:
        return self.data["failed"]

    @property
    def project(self) -> checker.Project:
        """The registry and settings of this build (loaded on first use if not yet)."""
        if self._project is None:
            return self.load_project()
        return self._project

    def load_project(self) -> checker.Project:
        """Look at the registry's files again (loaded anew only if one changed)."""
        self._project = checker.Project.load(Path(self.env.srcdir), from_sphinx(self.env.config),
                                             self.data.setdefault("parsed", {}))
        return self._project

    def note_record(self, record: DocRecord) -> None:
        self.records[record.docname] = record

    def note_view(self, docname: str, view: PageView) -> None:
        self.views[docname] = view

    def view(self, docname: str) -> PageView:
        return self.views.get(docname) or PageView()

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.views.pop(docname, None)
        self.failed.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for key in ("records", "views"):
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
            if docname in otherdata["failed"]:
                self.failed.add(docname)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def index_docname(self) -> str | None:
        """The page holding ``{facts-index}`` (the first, if several), which ``{fact}`` links to."""
        return min((d for d, r in self.records.items() if r.has_facts_index), default=None)

    def generated_pages(self, kind: str | None = None) -> list[str]:
        """The documents holding generated content (of ``kind``), sorted."""
        return generated_pages(self.views, kind)


def copy_check(env: BuildEnvironment) -> bool:
    """Whether the book lists sources it must not reproduce (and so keeps its prose's shingles)."""
    return has_list(Path(env.srcdir) / env.config.checks_fingerprints)


def get_domain(env: BuildEnvironment) -> ChecksDomain:
    return cast("ChecksDomain", env.domains["checks"])  # Sphinx types it as any Domain


class CollectFacts(SphinxTransform):
    """Store what a document says, as MyST-Parser produced it (the tree ``python -m checks`` sees).

    Runs before Sphinx's transforms rewrite text (smart quotes, substitutions), so the build and
    the CLI scan the same characters.
    """

    default_priority = priorities.COLLECT

    def apply(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.current_document.docname
        path = env.doc2path(docname)
        with reported("reading the document", docname):
            get_domain(env).failed.add(docname)  # until collected: read it again next build
            try:
                lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
            except OSError:
                lines = []
            record = collect(self.document, docname, lines, get_domain(env).project.scan,
                             keep_text=copy_check(env))
            generated = env.current_document.pop(_GENERATED, ())
            if generated:
                record = dataclasses.replace(record, mentions=record.mentions + tuple(generated))
            get_domain(env).note_record(record)
            get_domain(env).failed.discard(docname)
            for node in self.document.findall(nodes.fact):
                # What rendering needs, and no more (the doctree is pickled, then read again).
                node.attributes.pop("rawtext", None)
                node.rawsource = ""
                if record.notation:  # the chapter's own, for {fact}`id` without words
                    node["notation"] = record.notation


#: Where a document's generated values wait, while it is read, for its record.
_GENERATED = "checks_generated"


def note_generated(env: BuildEnvironment, mentions: Iterable[Mention]) -> None:
    """Values a directive generated from the registry, for the record of the document read."""
    # Sphinx types the document's extension data as ``Any | None``; this key holds a list.
    cast("list[Mention]", env.current_document.setdefault(_GENERATED, [])).extend(mentions)


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> Iterable[str]:
    """Documents to read again: generated pages that show, list or write out something that
    changed in the registry, and those the checks failed to read last time."""
    domain = get_domain(env)
    # The copy check switched on or off: every document's record must gain or lose its shingles.
    copying = copy_check(env)
    recollect: set[str] = set()
    if domain.data.get("copy_text", copying) != copying:
        recollect = set(domain.records)
    domain.data["copy_text"] = copying
    with reported("loading the facts registry"):
        project = domain.load_project()
        new = digests(project)
        changed_ids = _changed(domain.data["digests"], new)
        domain.data["digests"] = new
        # Other currencies or units: the scanner finds other figures in every document.
        if domain.data.get("units", project.units_digest) != project.units_digest:
            recollect = set(domain.records)
        domain.data["units"] = project.units_digest
        return sorted(set(_generated_outdated(project, domain, changed_ids)) | domain.failed
                      | recollect)
    return sorted(domain.failed | recollect)


#: The prefix of the digests of what a page shows of a fact but its label (:func:`digests`).
UNLABELLED = "unlabelled:"
#: The prefix of the order of a listing's facts, where labels take part in it (:func:`digests`).
ORDER = "order:"


def digests(project: checker.Project) -> dict[str, str]:
    """What pages show of each fact and relation, by id, to find the pages a change reaches."""
    return {**project.digests,
            **{f"{UNLABELLED}{i}": d for i, d in project.unlabelled_digests.items()},
            **{f"relation:{r.id}": relation_digest(r) for r in project.registry.relations},
            **{f"{ORDER}{name}": order
               for name, order in listing_orders(project.registry.facts.values()).items()}}


def _changed(old: dict[str, str], new: dict[str, str]) -> set[str]:
    if old == new:
        return set()
    return {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}


def _generated_outdated(project: checker.Project, domain: ChecksDomain,
                        changed_ids: set[str]) -> list[str]:
    """Generated pages to read again: a page is made from the registry when it is read."""
    if not changed_ids:
        return []
    facts = project.registry.facts
    # A generated page fills in the labels it shows when it is written (a chart draws the labels
    # of ``view.labels`` into its image): a change of a label alone reads no page again, unless
    # it reorders a listing.
    unlabelled = {i for i in changed_ids if f"{UNLABELLED}{i}" in changed_ids}
    listed = {name for name, lists in LISTINGS.items()
              if f"{ORDER}{name}" in changed_ids
              or any(i in facts and lists(facts[i]) for i in unlabelled)}
    relations = {i.removeprefix("relation:") for i in changed_ids if i.startswith("relation:")}
    return sorted(
        docname for docname, view in domain.views.items()
        if view.kinds and (view.listings & listed or view.relations & relations
                           or _mentions_any(domain.records.get(docname),
                                            unlabelled | (changed_ids & view.labels),
                                            generated_only=True))
    )


def _mentions_any(record: DocRecord | None, fact_ids: set[str], *,
                  generated_only: bool = False) -> bool:
    return record is not None and any(m.fact_id in fact_ids and (m.generated or not generated_only)
                                      for m in record.mentions)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Run every check on the merged records; one warning per problem, in a stable order."""
    domain = get_domain(env)
    reports: list[checker.Report] = []
    with reported("checking the facts"):
        reports = checker.check(
            domain.project, domain.records, lambda docname: str(env.doc2path(docname)),
            complete=not domain.failed, cited=citations.cited(env),
        )
    for report in reports:
        logger.warning(
            report.message,
            type=WARNING_TYPE,
            subtype=report.subtype,
            location=report.location,
        )
    return []


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages this builder must write again without reading them (the section numbers are
    assigned by now: the generated pages show them)."""
    domain = get_domain(env)
    write: set[str] = set()
    with reported("finding the pages to write again"):
        # When the page holding {facts-index} appears, moves or goes, every page showing a
        # fact is written again with the new links.
        index_docname = domain.index_docname()
        if index_docname != domain.data["index_docname"]:
            domain.data["index_docname"] = index_docname
            write |= {d for d, record in domain.records.items() if record.mentions}
        write |= _rendered_outdated(app, domain)
        write |= refresh.pages_to_write(app, env, domain.views,
                                        domain.data.setdefault("places_written", {}))
    return sorted(write & env.found_docs)


def _rendered_outdated(app: Sphinx, domain: ChecksDomain) -> set[str]:
    """Pages showing a fact whose entry changed since this builder last wrote them, and the
    facts index: written again, not read (a page renders its facts when written)."""
    written = domain.data["written"]
    key = refresh.builder_key(app)
    current = domain.data["digests"]
    if written.get(key) == current:
        return set()
    changed_ids = _changed(written.get(key, {}), current)
    written[key] = current
    return {d for d, record in domain.records.items()
            if record.has_facts_index or _mentions_any(record, changed_ids)}
