"""The ``checks`` domain: per-document records, merged from parallel readers, checked once merged.

- Reading a document (in whichever process reads it), :class:`CollectFacts` stores its
  :class:`~checks.collect.DocRecord`; ``clear_doc`` drops it, ``merge_domaindata`` copies a
  worker's records and never warns.
- ``env-get-outdated``: the registry is (re)loaded, cached by content hash; documents that use a
  fact whose entry changed, and the page holding ``{facts-index}``, are read and written again.
- ``env-updated`` (every build, after the merge, also when nothing changed): every check runs on
  the merged records and each problem is one warning, sorted, so a serial and a parallel build,
  or a first build and an unchanged rebuild, print the same warnings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from . import checker, citations, nodes
from .collect import DocRecord, collect
from .config import WARNING_TYPE, from_sphinx
from .scan import scan
from .sources import has_list
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
    """Per-document records of ``{fact}`` mentions, unbound findings and role errors."""

    name = "checks"
    label = "Checked facts"
    data_version = 1
    initial_data: dict[str, Any] = {
        "records": {},  # docname -> DocRecord
        "digests": {},  # fact id -> digest of its entry, as the last build rendered it
        "index_docname": None,  # the page {fact} links to, as the last build rendered it
        "failed": set(),  # documents the checks failed to read (a bug): read again next build
    }

    @property
    def records(self) -> dict[str, DocRecord]:
        return self.data["records"]

    @property
    def failed(self) -> set[str]:
        return self.data["failed"]

    def note_record(self, record: DocRecord) -> None:
        self.records[record.docname] = record

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.failed.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        records = otherdata["records"]
        for docname in docnames:
            if docname in records:
                self.records[docname] = records[docname]
            if docname in otherdata["failed"]:
                self.failed.add(docname)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def index_docname(self) -> str | None:
        """The page holding ``{facts-index}`` (the first, if several), which ``{fact}`` links to."""
        return min((d for d, r in self.records.items() if r.has_facts_index), default=None)


def copy_check(env: BuildEnvironment) -> bool:
    """Whether the book lists sources it must not reproduce (and so keeps its prose's shingles)."""
    return has_list(Path(env.srcdir) / env.config.checks_fingerprints)


def get_domain(env: BuildEnvironment) -> ChecksDomain:
    return env.domains["checks"]  # type: ignore[return-value]


class CollectFacts(SphinxTransform):
    """Store what a document says, as MyST-Parser produced it (the tree ``python -m checks`` sees).

    Runs before Sphinx's transforms rewrite text (smart quotes, substitutions), so the build and
    the CLI scan the same characters.
    """

    default_priority = 200

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
            record = collect(self.document, docname, lines, scan, keep_text=copy_check(env))
            get_domain(env).note_record(record)
            get_domain(env).failed.discard(docname)
            for node in self.document.findall(nodes.fact):
                # What rendering needs, and no more (the doctree is pickled, then read again).
                node.attributes.pop("rawtext", None)
                node.rawsource = ""
                if record.notation:  # the chapter's own, for {fact}`id` without words
                    node["notation"] = record.notation


#: The project of the running build, by source directory: loaded when a build starts (and only
#: if a registry or .bib file changed since the last one), then shared by every later step.
_current: dict[str, checker.Project] = {}


def project_of(app: Sphinx, *, reload: bool = False) -> checker.Project:
    """The registry and settings of this build; ``reload``: look at the files again."""
    key = str(app.srcdir)
    if reload or key not in _current:
        _current[key] = checker.Project.load(Path(app.srcdir), from_sphinx(app.config))
    return _current[key]


def on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> Iterable[str]:
    """Documents to read again: those showing a fact whose entry changed in the registry, and
    those the checks failed to read last time."""
    domain = get_domain(env)
    # The copy check switched on or off: every document's record must gain or lose its shingles.
    copying = copy_check(env)
    recollect: set[str] = set()
    if domain.data.get("copy_text", copying) != copying:
        recollect = set(domain.records)
    domain.data["copy_text"] = copying
    with reported("loading the facts registry"):
        return sorted(set(_outdated(project_of(app, reload=True), domain)) | domain.failed
                      | recollect)
    return sorted(domain.failed | recollect)


def _outdated(project: checker.Project, domain: ChecksDomain) -> list[str]:
    old, new = domain.data["digests"], project.digests
    if old == new:
        return []
    changed_ids = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    domain.data["digests"] = dict(new)
    outdated = {
        docname
        for docname, record in domain.records.items()
        if record.has_facts_index or any(m.fact_id in changed_ids for m in record.mentions)
    }
    return sorted(outdated)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Run every check on the merged records; one warning per problem, in a stable order."""
    domain = get_domain(env)
    reports: list[checker.Report] = []
    with reported("checking the facts"):
        reports = checker.check(
            project_of(app), domain.records, lambda docname: str(env.doc2path(docname)),
            complete=not domain.failed, cited=citations.cited(env),
        )
    for report in reports:
        logger.warning(
            report.message,
            type=WARNING_TYPE,
            subtype=report.subtype,
            location=report.location,
        )
    # When the page holding {facts-index} appears, moves or goes, every page showing a fact
    # is written again with the new links (no need to read it again).
    index_docname = domain.index_docname()
    if index_docname != domain.data["index_docname"]:
        domain.data["index_docname"] = index_docname
        return sorted(d for d, record in domain.records.items() if record.mentions)
    return []
