"""The provenance of a checked fact, as a reader opens it: what the fact is, its value, its sources
as the book cites them, the other readings, and its row among the registered facts.

:func:`checks.render.on_doctree_resolved` makes one :class:`Provenance` per page it writes:

- **Sources are citations.** A fact's ``sources`` are references.bib keys; they are shown as the
  book's own ``{cite:alp}`` would show them (author–year, linked to the bibliography entry), made by
  sphinxcontrib-bibtex's domain for the page being written. A key the bibliography does not hold is
  shown as it stands (the checks report it: ``checks.unknown_source``).
- **A popover per fact and page (HTML).** Each fact (each variant) shown on a page gets one
  :class:`~checks.nodes.fact_popover`, gathered at the end of the page in a hidden
  :class:`~checks.nodes.fact_popovers`; the fact names it with ``aria-describedby``.
  ``static/provenance.js`` opens it beside the fact on hover, keyboard focus or tap. Without
  JavaScript the fact is still a link to its registry row, and a screen reader still reads the
  provenance as the fact's description. The EPUB gets no popover (no script there): its facts link
  to their rows; LaTeX and text get the plain words.
- **The table of registered facts** cites its sources the same way (:meth:`citations_html` for the
  HTML table, which is written as text).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from docutils import nodes as dn
from docutils.utils import new_document
from sphinx import addnodes

from . import nodes
from .match import find_variant
from .notation import format_value

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .checker import Project
    from .model import Fact, Variant

#: The citation role whose form the sources take ("Wang 1998; Li 2000", linked).
CITE_ROLE = "alp"


def popover_id(fact_id: str, variant: int | None = None) -> str:
    """The id of a fact's popover on a page (``variant``: the index of the reading it shows)."""
    return f"fact-popover-{fact_id}" + (f"-v{variant}" if variant is not None else "")


def wants_popover(builder_name: str, builder_format: str) -> bool:
    """HTML pages with scripts get popovers; the EPUB (no script) and other formats do not."""
    return builder_format == "html" and not builder_name.startswith("epub")


@dataclasses.dataclass
class Provenance:
    """What one page being written shows of facts' provenance.

    ``row_link``: the page's link to the facts index, ending in ``#`` (None: the book has none).
    """

    app: Sphinx
    docname: str
    project: Project
    row_link: str | None
    popovers: dict[str, nodes.fact_popover] = dataclasses.field(default_factory=dict)
    _cited: set[str] | None = None

    # -- Citations ---------------------------------------------------------------------------

    @property
    def cite_domain(self) -> Any:
        return self.app.env.domains.get("cite")  # None without sphinxcontrib-bibtex

    def citable(self) -> set[str]:
        """The keys the bibliography lists as citations (what ``{cite}`` can link to)."""
        if self._cited is None:
            domain = self.cite_domain
            self._cited = set() if domain is None else {
                citation.key for citation in domain.citations
                if domain.bibliographies[citation.bibliography_key].list_ == "citation"}
        return self._cited

    def citations(self, keys: tuple[str, ...] | list[str], *, titles: bool = False,
                  line: int | None = None) -> list[dn.Node]:
        """``keys`` cited as the book cites (``{cite:alp}``), linked to the bibliography; a key
        the bibliography lacks as its bare text. ``titles``: keep the links' hover text (the whole
        entry), which a popover, showing the label already, leaves out."""
        known = [key for key in keys if key in self.citable()]
        out: list[dn.Node] = []
        if known:
            pending = addnodes.pending_xref("", refdomain="cite", reftype=CITE_ROLE,
                                            reftarget=",".join(known), refdoc=self.docname)
            pending.source, pending.line = str(self.app.env.doc2path(self.docname)), line
            cited = self.cite_domain.resolve_xref(self.app.env, self.docname, self.app.builder,
                                                  CITE_ROLE, ",".join(known), pending,
                                                  dn.inline())
            if not titles:
                for reference in cited.findall(dn.reference):
                    reference.attributes.pop("reftitle", None)
            out.append(cited)
        for key in keys:
            if key not in known:
                out += [dn.Text("; ")] if out else []
                out.append(dn.literal(key, key))
        return out

    def citations_html(self, keys: tuple[str, ...]) -> str:
        """:meth:`citations` as HTML, written by the builder's own translator (for a table that
        is written as text)."""
        cited = self.citations(keys)
        if not cited:
            return ""
        document = new_document(self.docname, self.app.builder.docsettings)  # type: ignore[attr-defined]
        document.extend(cited)
        translator = self.app.builder.create_translator(document, self.app.builder)
        for node in cited:
            node.walkabout(translator)
        return "".join(translator.body)  # type: ignore[attr-defined]

    # -- Popovers ----------------------------------------------------------------------------

    def popover(self, fact: Fact, words: str = "", *, variant: bool = False) -> str:
        """The id of ``fact``'s popover on this page, made on first use; for ``{variant}``, of
        the popover of the reading its ``words`` state."""
        index: int | None = None
        reading: Variant | None = None
        if variant:
            reading = find_variant(words, fact, self.project.units)
            index = fact.variants.index(reading) if reading is not None else len(fact.variants)
        ident = popover_id(fact.id, index)
        if ident not in self.popovers:
            self.popovers[ident] = self._make(fact, ident, variant, reading)
        return ident

    def _make(self, fact: Fact, ident: str, variant: bool,
              reading: Variant | None) -> nodes.fact_popover:
        popover = nodes.fact_popover(ids=[ident], classes=["fact-popover"])
        if variant:
            popover += self._reading(fact, reading)
        label = _paragraph("fact-popover-label", dn.Text(fact.label))
        if fact.label_zh:
            label += dn.Text(f" {fact.label_zh}")
        if fact.disputed:
            label += [dn.Text(" "), dn.inline("disputed", "disputed",
                                              classes=["registry-badge",
                                                       "registry-badge-disputed"])]
        popover += label
        held = "The book holds" if variant or fact.variants else "Value"
        popover += _paragraph("fact-popover-value", _term(held),
                              dn.Text(self.project.display(fact, "en")))
        popover += _paragraph("fact-popover-sources",
                              _term("Source" if len(fact.sources) == 1 else "Sources"),
                              *self.citations(fact.sources, line=fact.location.line))
        others = [v for v in fact.variants if v is not reading]
        if others:
            shown: list[dn.Node] = []
            for other in others:
                shown += [dn.Text("; ")] if shown else []
                shown += [dn.Text(self._value(fact, other) + " ("),
                          *self.citations((other.source,)), dn.Text(")")]
            popover += _paragraph("fact-popover-variants", _term("Other readings"), *shown)
        if self.row_link is not None:
            row = dn.reference("", "Its entry among the registered facts", internal=True,
                               refuri=self.row_link + _anchor(fact.id))
            popover += _paragraph("fact-popover-row", row)
        return popover

    def _reading(self, fact: Fact, reading: Variant | None) -> list[dn.paragraph]:
        """The first lines of a ``{variant}``'s popover: the reading, who gives it, and why the
        book does not hold it."""
        if reading is None:
            return [_paragraph("fact-popover-reading", _term("Another reading"))]
        out = [_paragraph("fact-popover-reading", _term("Another reading"),
                          dn.Text(self._value(fact, reading) + " ("),
                          *self.citations((reading.source,)), dn.Text(")"))]
        if reading.note:
            out.append(_paragraph("fact-popover-note", _term("Why the book differs"),
                                  dn.Text(reading.note)))
        return out

    def _value(self, fact: Fact, reading: Variant) -> str:
        other = dataclasses.replace(fact, value=reading.value)
        try:
            return format_value(other, "en", self.project.units)
        except Exception:  # noqa: BLE001 - a popover shows the registry's text rather than fail
            return str(reading.value)

    def finish(self, doctree: dn.document) -> None:
        """Put the page's popovers, hidden, at its end."""
        if self.popovers:
            holder = nodes.fact_popovers(classes=["fact-popovers", "no-search"])
            holder.extend(self.popovers.values())
            doctree += holder


def _anchor(fact_id: str) -> str:
    from .render import anchor

    return anchor(fact_id)


def _term(text: str) -> dn.inline:
    return dn.inline(text, text + ": ", classes=["fact-popover-term"])


def _paragraph(kind: str, *children: dn.Node) -> dn.paragraph:
    return dn.paragraph("", "", *children, classes=[kind])
