"""What the pages and figures generated from the facts registry share.

The appendices that list the registry (chronology, discrepancies, tables) and the figures drawn
from it (:mod:`registry_pages`, :mod:`registry_figures`) are *generated*: a directive reads the
registry (``facts/*.toml``, through the ``checks`` package's public API) when its document is read,
and writes the values as nodes. This module holds what they have in common:

- **Generated values are bound facts.** A value a directive writes is a :class:`generated_fact`
  node: when the page is written it becomes a ``checks`` fact node (before ``checks`` renders
  facts), so it shows its provenance on hover and links to the registered facts like any
  ``{fact}`` in a chapter, and its words are checked against the registry by the ``checks``
  package's own :func:`checks.checker.check` after every build (a page that went stale would
  show a contradiction).
- **Generated values are not "use".** While a document is read, a generated value is a
  :class:`checks.nodes.nofact` for the ``checks`` collector, so it is neither scanned as prose nor
  recorded as a mention: a fact that only a generated appendix shows is still reported as
  ``checks.unused_fact``. (An appendix that lists every fact would otherwise make that rule
  meaningless.) Registry text shown on a page (labels, notes) is a :class:`registry_text`: not the
  book's prose, not scanned.
- **Registry changes re-read generated pages.** The domain remembers which documents hold
  generated content and the registry's content signature; when the registry (or the
  bibliography) changes, ``env-get-outdated`` returns those documents, so a figure, a table or an
  appendix is redrawn from the new values (the ``checks`` package re-reads the chapters that bind a
  changed fact).

Per-document data lives in the ``registry`` domain (``clear_doc``/``merge_domaindata``), so
parallel (``-j``) and incremental builds see the same thing as a serial clean build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Set
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging

from checks import nodes as checks_nodes
from checks.checker import Project, check
from checks.collect import DocRecord, Mention
from checks.config import WARNING_TYPE, from_sphinx
from checks.model import DateValue, Fact, Figure
from checks.notation import format_value

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


# -- Nodes -------------------------------------------------------------------------------------


class registry_text(checks_nodes.nofact):  # noqa: N801 - docutils names nodes in lower case
    """Text from the registry (a label, a note): shown as it is, never scanned as the book's prose.

    A subclass of ``checks``' ``nofact`` so that the ``checks`` collector skips it; unwrapped
    (children kept, Chinese runs marked later by ``cjk_lang``) before ``checks`` renders.
    """


class generated_fact(checks_nodes.nofact):  # noqa: N801
    """A value written from the registry: ``fact_id``, ``words``, ``variant``.

    Turned into a ``checks`` fact node when the page is written (see the module docstring).
    """


# -- The registry ----------------------------------------------------------------------------------


def project(srcdir: str | Path, config: Any) -> Project:
    """The ``checks`` project (registry + bibliography) of a build; cached by content."""
    return Project.load(Path(srcdir), from_sphinx(config))


def date_key(value: DateValue) -> tuple[int, int, int]:
    """Chronological order respecting precision: "December 1949" sorts at the start of its month,
    "1949" at the start of its year, before the days in them."""
    return (value.year or 0, value.month or 0, value.day or 0)


def words(fact: Fact, scale: str | None = None, *, bare: bool = False) -> str:
    """The fact's value in the book's English notation, as ``{fact}`id``` would show it.

    ``scale="million"``: amounts of money in millions ("1,200 million roubles"), so that a column
    of amounts reads in one unit.
    """
    value = fact.value
    if scale == "million" and isinstance(value, Figure) and value.currency \
            and value.precision in ("exact", "approx", "at-least", "at-most"):
        return _millions(value, bare)
    return format_value(fact, "en")


_CURRENCY = {"USD": ("US$", ""), "SUR": ("", " roubles"), "SUR61": ("", " new roubles"),
             "CNY": ("", " yuan"), "JPY": ("", " yen"), "GBP": ("£", "")}
_PREFIX = {"exact": "", "approx": "about ", "at-least": "at least ", "at-most": "at most "}


def _millions(figure: Figure, bare: bool = False) -> str:
    number = (figure.value / Decimal(1_000_000)).normalize()
    text = f"{number:,f}" if number == number.to_integral_value() else f"{number:,}"
    sign, word = _CURRENCY.get(figure.currency or "", ("", ""))
    if bare:
        word = ""
    return f"{_PREFIX[figure.precision]}{sign}{text} million{word}"


def value_node(fact: Fact, line: int, *, scale: str | None = None, bare: bool = False,
               text: str | None = None, variant: bool = False) -> generated_fact:
    """A generated value: ``text`` (default: the fact's value) bound to ``fact``."""
    shown = text if text is not None else words(fact, scale, bare=bare)
    node = generated_fact(shown, shown, fact_id=fact.id, words=shown, variant=variant)
    node.line = line
    return node


def parse_caption(directive: Any) -> tuple[nodes.paragraph | None, list[nodes.Node]]:
    """A directive's content as (first paragraph, the rest): the caption and what follows it."""
    if not directive.content:
        return None, []
    holder = nodes.Element()
    directive.state.nested_parse(directive.content, directive.content_offset, holder)
    first = holder[0] if holder.children else None
    if isinstance(first, nodes.paragraph):
        return first, holder.children[1:]
    return None, holder.children


def text_node(text: str, *classes: str) -> registry_text:
    node = registry_text(text, text)
    node["classes"].extend(classes)
    return node


def badge(text: str, kind: str) -> nodes.inline:
    """A small label ("disputed"): a coloured badge in HTML, italics in print."""
    node = nodes.inline("", "", classes=["registry-badge", f"registry-badge-{kind}"])
    # In print: "(disputed)", set off by one space even after Chinese (xeCJK drops a plain one).
    node += nodes.raw("", r"\unskip\ (", format="latex")
    node += nodes.emphasis(text, text)
    node += nodes.raw("", ")", format="latex")
    return node


# -- The domain ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """Where a chapter binds a fact: the target before the ``{fact}``, and its section."""

    fact_id: str
    anchor: str  # the target's id in the document
    section: str  # the section's anchor name for env.toc_secnumbers ('' = the document's title)
    title: str  # the section's title
    variant: bool = False


class RegistryDomain(Domain):
    """Per-document: generated values (for the checks), pages to rewrite, places facts are bound."""

    name = "registry"
    label = "Generated from the facts registry"
    data_version = 1
    initial_data: dict[str, Any] = {
        "generated": {},  # docname -> list[Mention] of generated values
        "pages": {},  # docname -> set of kinds of generated content ("places", "figure", ...)
        "places": {},  # docname -> list[Place]
        "charts": {},  # docname -> list of (kind, data) of the charts it shows
        "signature": None,  # the registry's content signature when generated pages were read
    }

    def note_generated(self, docname: str, kind: str, mentions: Iterable[Mention] = ()) -> None:
        self.data["pages"].setdefault(docname, set()).add(kind)
        self.data["generated"].setdefault(docname, []).extend(mentions)

    def note_chart(self, docname: str, kind: str, data: str) -> None:
        self.data["charts"].setdefault(docname, []).append((kind, data))

    def note_places(self, docname: str, places: list[Place]) -> None:
        if places:
            self.data["places"][docname] = places

    def clear_doc(self, docname: str) -> None:
        for key in ("generated", "pages", "places", "charts"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("generated", "pages", "places", "charts"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def pages(self, kind: str | None = None) -> list[str]:
        return sorted(d for d, kinds in self.data["pages"].items() if kind is None or kind in kinds)

    def places(self) -> dict[str, list[Place]]:
        """fact id -> every place a document binds it, in document order (documents sorted)."""
        found: dict[str, list[tuple[str, Place]]] = {}
        for docname in sorted(self.data["places"]):
            for place in self.data["places"][docname]:
                found.setdefault(place.fact_id, []).append((docname, place))
        return found  # type: ignore[return-value]


def get_domain(env: BuildEnvironment) -> RegistryDomain:
    return env.domains["registry"]  # type: ignore[return-value]


def mention(docname: str, line: int, node: generated_fact) -> Mention:
    return Mention(docname, line, node["fact_id"], node["words"], bool(node.get("variant")))


# -- Events ----------------------------------------------------------------------------------------

#: Per source directory: whether this build read any document (generated pages listing places
#: are then written again, since the chapters' places may have moved).
_read_anything: dict[str, bool] = {}


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str],
                        changed: set[str], removed: set[str]) -> list[str]:
    """Generated pages are read again whenever the registry or the bibliography changed."""
    domain = get_domain(env)
    signature = Project.signature_of(Path(app.srcdir).resolve(), from_sphinx(app.config))
    outdated: list[str] = []
    if signature != domain.data["signature"]:
        domain.data["signature"] = signature
        outdated = [d for d in domain.pages() if d in env.found_docs]
    _read_anything[str(app.srcdir)] = bool(added or changed or removed or outdated)
    return outdated


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Check the generated values with the checks; pages that list places are written again."""
    domain = get_domain(env)
    records = {
        docname: DocRecord(docname, None, mentions=tuple(mentions))
        for docname, mentions in sorted(domain.data["generated"].items()) if mentions
    }
    if records:
        paths = {str(Path(env.doc2path(d)).resolve()) for d in records}
        reports = check(project(app.srcdir, app.config), records,
                        lambda docname: str(env.doc2path(docname)), complete=False)
        for report in reports:
            # The registry's own problems are the checks' to report (once).
            if str(Path(report.path).resolve()) in paths:
                logger.warning(report.message, type=WARNING_TYPE, subtype=report.subtype,
                               location=report.location)
    rewrite = set(domain.pages("places")) if _read_anything.pop(str(app.srcdir), True) else set()
    if _marker(app).is_file() and _marker(app).read_text() != str(domain.data["signature"]):
        # This builder last wrote the generated pages from another registry (the environment,
        # shared between builders, was brought up to date by another one): write them again.
        rewrite |= set(domain.pages())
    return sorted(rewrite)


def _marker(app: Sphinx) -> Path:
    """Where a builder notes the registry its generated pages were written from (in the doctree
    directory, so that no output, a website or an EPUB, carries it)."""
    import hashlib

    key = hashlib.blake2b(str(Path(app.outdir).resolve()).encode(), digest_size=6).hexdigest()
    return Path(app.doctreedir) / f"registry-{app.builder.name}-{key}.signature"


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name not in ("dummy", "linkcheck"):
        _marker(app).write_text(str(get_domain(app.env).data["signature"]))


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Before ``checks`` renders facts: generated values become its fact nodes, registry text
    its children."""
    for node in list(doctree.findall(generated_fact)):
        fact = checks_nodes.fact("", node["words"], fact_id=node["fact_id"],
                                 words=node["words"], variant=bool(node.get("variant")))
        fact["classes"] = list(node["classes"])
        node.replace_self(fact)
    for node in list(doctree.findall(registry_text)):
        inline = nodes.inline("", "", *node.children, classes=node["classes"]) \
            if node["classes"] else None
        node.replace_self(inline if inline is not None else node.children)


def code_version() -> int:
    """A number that changes with the code of the registry_* modules: Sphinx then reads every
    document again (what was generated, and how, may have changed), and figures get new names."""
    import hashlib

    digest = hashlib.blake2b(digest_size=4)
    for path in sorted(Path(__file__).parent.glob("registry_*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return int.from_bytes(digest.digest(), "big")


STATIC = Path(__file__).parent / "static"
CSS = "registry.css"


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        import os

        path = os.path.relpath(STATIC, app.confdir)
        if path not in app.config.html_static_path:
            app.config.html_static_path.append(path)
        app.add_css_file(CSS)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("checks")
    app.add_node(registry_text)
    app.add_node(generated_fact)
    app.add_domain(RegistryDomain)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)
    # Before checks' renderer (priority 500), which must find its own fact nodes.
    app.connect("doctree-resolved", on_doctree_resolved, priority=400)
    app.connect("builder-inited", _add_static)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "env_version": code_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}
