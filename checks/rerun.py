"""A failed build fails again: what warned is read and written again until its cause is fixed.

Sphinx reports a document's warnings only while it reads or writes that document, so a rebuild
that finds nothing changed reports nothing and succeeds, though the last build failed. This
extension (set up by ``checks.setup``) keeps, in the environment, the documents that drew a
warning that counts (one ``suppress_warnings`` does not silence), and hands them back from the
next build's ``env-get-outdated``: they are read and written again, and their warnings come back.

- A warning while reading, or in the consistency check after it ("document isn't included in any
  toctree"), marks its document (and the one being read) for every builder: reading it again
  brings the warning back.
- A warning while writing (an unresolved reference) marks its document for this builder only
  (``html`` and ``epub`` share one environment and may differ there).
- A warning at a file that is no document marks the documents that depend on it; one at no place
  at all (a ``.bib`` file, a theme's static file) makes the next build start from a fresh
  environment, as Sphinx's own failed builds do.
- Two kinds need nothing, as they recur on every run: those before the build begins (``conf.py``'s
  values, read by every run), and those of ``env-updated``, which every build emits with the
  whole environment after reading (the checks' own, ``checks.domain.on_env_updated``).

Sphinx pickles the environment after reading, before writing; what the writing phase marks is
saved at ``build-finished`` into the pickled environment, and only when it differs from what is
there, so a clean rebuild costs nothing more.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.application import ENV_PICKLE_FILENAME
from sphinx.domains import Domain
from sphinx.util import logging as sphinx_logging
from sphinx.util.logging import is_suppressed_warning

from . import __version__
from .priorities import WARNINGS_FIRST, WARNINGS_SAVE

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = sphinx_logging.getLogger(__name__)


_SEEN = "_checks_rerun_seen"  # set on a record once noted: a deferred record is handled again

Snapshot = tuple[frozenset[str], dict[str, frozenset[str]]]


class WarnedDocuments(Domain):
    """The documents whose warnings must come back: ``read`` for every builder, ``written``
    by builder name."""

    name = "checks-rerun"
    label = "Documents that warned"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {
        "read": set(),  # docnames warned about while reading or in the consistency check
        "written": {},  # builder name -> docnames warned about while writing
    }

    @property
    def read(self) -> set[str]:
        return self.data["read"]

    @property
    def written(self) -> dict[str, set[str]]:
        return self.data["written"]

    def clear_doc(self, docname: str) -> None:
        self.read.discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # A parallel reader's warnings reach this process's logging, which notes them here;
        # its own copy holds nothing more for the documents it read.
        self.read.update(docnames & otherdata["read"])

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def snapshot(self) -> Snapshot:
        return frozenset(self.read), {b: frozenset(d) for b, d in self.written.items() if d}


def get_domain(env: BuildEnvironment) -> WarnedDocuments:
    return cast("WarnedDocuments", env.domains[WarnedDocuments.name])  # Sphinx: any Domain


class WarningLedger(logging.Handler):
    """Notes, during one build, where each warning that counts belongs.

    A handler on Sphinx's logger beside its own: it sees a warning when it is emitted (while the
    document being read is known), and a parallel worker's warnings when they are replayed here.
    """

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.watching = False  # from builder-inited: what warns before recurs on every run
        self.updating = False  # during env-updated: its warnings recur on every build
        self.writing = False  # from write-started: warnings belong to this builder's output
        self.read_now: set[str] = set()  # documents read in this build
        self.written_warned: set[str] = set()  # documents warned about while writing
        self.unplaced = False  # a warning belonging to no document, that may not recur
        #: What the pickled environment holds (``saved``), and will hold if Sphinx pickles it.
        self.saved: Snapshot | None = None
        self.pickling: Snapshot | None = None

    # -- logging ----------------------------------------------------------------------------

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, _SEEN, False):
            return
        setattr(record, _SEEN, True)
        if not self.watching or self.updating:
            return
        kind: str = getattr(record, "type", None) or ""
        subtype: str = getattr(record, "subtype", None) or ""
        if is_suppressed_warning(kind, subtype, self.app.config.suppress_warnings):
            return
        env = self.app.env
        docnames = self.documents_of(env, getattr(record, "location", None))
        if not docnames:
            self.unplaced = True
        elif self.writing:
            self.written_warned.update(docnames)
        else:
            get_domain(env).read.update(docnames)

    def documents_of(self, env: BuildEnvironment, location: object) -> set[str]:
        """The documents to read again for a warning at ``location`` (empty: none known).

        ``location`` is what the warning was given (a docname, ``(docname, line)``, a node), or
        the ``path:line`` Sphinx's own handler made of it if that handler saw it first.
        """
        from docutils import nodes
        from docutils.utils import get_source_line

        source: str | None = None
        if isinstance(location, tuple):
            source = location[0]
        elif isinstance(location, nodes.Node):
            source = get_source_line(location)[0]
        elif isinstance(location, str):
            source = location
        found = _documents_at(env, source) if source else set()
        if not self.writing and env.current_document.docname:
            found.add(env.current_document.docname)  # being read, in this process
        return found

    # -- events -----------------------------------------------------------------------------

    def on_builder_inited(self, app: Sphinx) -> None:
        self.watching = True

    def on_env_get_outdated(
        self, app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
        removed: set[str],
    ) -> list[str]:
        """The documents that warned last time, to read again."""
        domain = get_domain(env)
        self.saved = domain.snapshot()  # what the pickled environment holds, if it was loaded
        return sorted(domain.read | domain.written.get(app.builder.name, set()))

    def on_env_before_read_docs(self, app: Sphinx, env: BuildEnvironment,
                                docnames: list[str]) -> None:
        self.read_now.update(docnames)

    def on_env_updating(self, app: Sphinx, env: BuildEnvironment) -> None:
        self.updating = True

    def on_env_updated(self, app: Sphinx, env: BuildEnvironment) -> None:
        # Reading is over: Sphinx pickles the environment next, if it read anything.
        self.updating = False
        self.pickling = get_domain(env).snapshot()

    def on_env_check_consistency(self, app: Sphinx, env: BuildEnvironment) -> None:
        # Sphinx checks only after pickling: the pickle holds what reading left.
        self.saved = self.pickling

    def on_write_started(self, app: Sphinx, builder: Builder) -> None:
        self.writing = True

    def on_build_finished(self, app: Sphinx, exception: BaseException | None) -> None:
        if exception is not None:  # Sphinx removed the pickled environment: a fresh build next
            return
        env = app.env
        domain = get_domain(env)
        before = domain.written.get(app.builder.name, set())
        # A document written before and not read again kept its output, and its warnings.
        domain.written[app.builder.name] = self.written_warned | {
            d for d in before if d in env.found_docs and d not in self.read_now
        }
        envfile = Path(app.doctreedir) / ENV_PICKLE_FILENAME
        if self.unplaced:
            logger.info("a warning belongs to no document: the next build starts afresh")
            envfile.unlink(missing_ok=True)
        elif domain.snapshot() != self.saved:
            _save_domain(envfile, domain)
        self.writing = self.unplaced = False  # the same application may build again
        self.read_now.clear()
        self.written_warned.clear()


def _documents_at(env: BuildEnvironment, source: str) -> set[str]:
    """The documents a warning at ``source`` belongs to: the document itself (a docname, a path,
    either with ``:line``), or else the documents that depend on the file (include it)."""
    place, _, line = source.rpartition(":")
    if not place or not (line.isdigit() or line == ""):
        place = source
    if place in env.found_docs:
        return {place}
    docname = env.path2doc(place)
    if docname in env.found_docs:
        return {docname}
    target = Path(os.path.abspath(place))
    return {
        doc for doc, files in env.dependencies.items()
        if doc in env.found_docs and any(Path(os.path.abspath(f)) == target for f in files)
    }


def _save_domain(envfile: Path, domain: WarnedDocuments) -> None:
    """Write the documents that warned into the pickled environment, and nothing else of what
    the writing phase changed in memory."""
    if not envfile.is_file():
        return  # the next build starts afresh and finds every warning
    temporary: Path | None = None
    try:
        with envfile.open("rb") as pickled:
            saved_env = pickle.load(pickled)
        saved_env.domaindata[domain.name] = domain.data
        with tempfile.NamedTemporaryFile(dir=envfile.parent, prefix=".env-", delete=False) as out:
            temporary = Path(out.name)
            pickle.dump(saved_env, out, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, envfile)
    except Exception as error:  # noqa: BLE001 - whatever failed, a fresh build loses nothing
        logger.info("could not keep the documents that warned (%s): the next build starts "
                    "afresh", error)
        envfile.unlink(missing_ok=True)
        if temporary is not None:
            temporary.unlink(missing_ok=True)

def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(WarnedDocuments)
    ledger = WarningLedger(app)
    logging.getLogger(sphinx_logging.NAMESPACE).addHandler(ledger)
    app.connect("builder-inited", ledger.on_builder_inited, priority=WARNINGS_FIRST)
    app.connect("env-get-outdated", ledger.on_env_get_outdated)
    app.connect("env-before-read-docs", ledger.on_env_before_read_docs)
    app.connect("env-updated", ledger.on_env_updating, priority=WARNINGS_FIRST)
    app.connect("env-updated", ledger.on_env_updated, priority=WARNINGS_SAVE)
    app.connect("env-check-consistency", ledger.on_env_check_consistency)
    app.connect("write-started", ledger.on_write_started)
    app.connect("build-finished", ledger.on_build_finished, priority=WARNINGS_SAVE)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
