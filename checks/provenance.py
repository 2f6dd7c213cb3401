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
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes as dn
from docutils.utils import new_document
from sphinx import addnodes

from . import nodes
from .match import find_variant
from .notation import format_value
from .translation import notation_of
from .wording import Wording, fill, wording

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
    #: key -> its place in the order citations take (the bibliography's, this page's own first).
    _rank: dict[str, tuple[int, int]] | None = None
    #: key -> its citation on this page (a link), and as HTML; the separator between two.
    _cited: dict[str, dn.reference] = dataclasses.field(default_factory=dict)
    _cited_html: dict[str, str] = dataclasses.field(default_factory=dict)
    _separator: str | None = None

    @property
    def say(self) -> Wording:
        """The popover's words in the language of the build."""
        return wording(self.app.config.language)

    @property
    def notation(self) -> str:
        """The notation of the build's language (a Chinese edition: 1950年2月14日)."""
        return notation_of(self.app.config.language) or "en"

    # -- Citations ---------------------------------------------------------------------------

    @property
    def cite_domain(self) -> Any:
        return self.app.env.domains.get("cite")  # None without sphinxcontrib-bibtex

    def citable(self) -> dict[str, tuple[int, int]]:
        """The keys the bibliography lists as citations (what ``{cite}`` can link to), each with
        its place in the order in which sphinxcontrib-bibtex writes several."""
        if self._rank is None:
            domain = self.cite_domain
            self._rank = {} if domain is None else {
                citation.key: (citation.bibliography_key.docname != self.docname, i)
                for i, citation in enumerate(domain.citations)
                if domain.bibliographies[citation.bibliography_key].list_ == "citation"}
        return self._rank

    def _resolve(self, keys: list[str]) -> dn.inline:
        """What ``{cite:alp}`keys``` shows on this page (sphinxcontrib-bibtex's own work)."""
        target = ",".join(keys)
        pending = addnodes.pending_xref("", refdomain="cite", reftype=CITE_ROLE,
                                        reftarget=target, refdoc=self.docname)
        cited: dn.inline = self.cite_domain.resolve_xref(
            self.app.env, self.docname, self.app.builder, CITE_ROLE, target, pending, dn.inline())
        return cited

    def cite(self, keys: Iterable[str]) -> None:
        """Cite ``keys`` on this page in one go: each key formatted once, however many facts
        name it (formatting a citation is most of the cost of a popover)."""
        wanted = [k for k in dict.fromkeys(keys) if k in self.citable() and k not in self._cited]
        if not wanted or self.app.builder.format != "html":
            return
        cited = self._resolve(sorted(wanted, key=self.citable().__getitem__))
        references = cited.children[::2]
        between = {str(text) for text in cited.children[1::2]}
        if (len(references) != len(wanted) or len(between) > 1
                or not all(isinstance(r, dn.reference) for r in references)):
            return  # not one link per key, one separator: left to :meth:`citations`, per fact
        self._separator = next(iter(between), self._separator)
        for key, reference in zip(sorted(wanted, key=self.citable().__getitem__), references,
                                  strict=True):
            assert isinstance(reference, dn.reference)
            reference.attributes.pop("reftitle", None)  # the popover is the hover text
            self._cited[key] = reference

    def cite_shown(self, shown: Iterable[dn.Node], *, facts: bool) -> None:
        """Cite at once the sources of the tables of registered facts among ``shown``, and, with
        ``facts``, of the facts (and their variants) whose popovers the page will hold."""
        keys: list[str] = []
        for node in shown:
            if isinstance(node, nodes.facts_index):
                keys += (key for fact in self.project.facts_in_order() for key in fact.sources)
            elif facts and isinstance(node, nodes.fact):
                fact = self.project.fact(node["fact_id"])
                if fact is not None:
                    keys += [*fact.sources, *(variant.source for variant in fact.variants)]
        self.cite(keys)

    def citations(self, keys: tuple[str, ...] | list[str], *,
                  titles: bool = False) -> list[dn.Node]:
        """``keys`` cited as the book cites (``{cite:alp}``), linked to the bibliography; a key
        the bibliography lacks as its bare text. ``titles``: keep the links' hover text (the whole
        entry), which a popover, showing the label already, leaves out."""
        known = sorted((k for k in dict.fromkeys(keys) if k in self.citable()),
                       key=self.citable().__getitem__)
        out: list[dn.Node] = []
        if known:
            if not titles:
                self.cite(known)
            if all(k in self._cited for k in known) and (len(known) == 1 or self._separator):
                cited = dn.inline("", "", classes=["bibtex-citation"])
                for i, key in enumerate(known):
                    cited += [dn.Text(self._separator or "")] if i else []
                    cited += self._cited[key].deepcopy()
            else:
                cited = self._resolve(known)
                if not titles:
                    for reference in cited.findall(dn.reference):
                        reference.attributes.pop("reftitle", None)
            out.append(cited)
        for key in keys:
            if key not in self.citable():
                out += [dn.Text("; ")] if out else []
                out.append(dn.literal(key, key))
        return out

    def citations_html(self, keys: tuple[str, ...]) -> str:
        """:meth:`citations` as HTML (for a table written as text): each key's citation written
        once, by the builder's own translator."""
        known = sorted((k for k in dict.fromkeys(keys) if k in self.citable()),
                       key=self.citable().__getitem__)
        self.cite(known)
        if not all(k in self._cited for k in known) or (len(known) > 1 and not self._separator):
            return self._html(self.citations(keys))
        for key in known:
            if key not in self._cited_html:
                self._cited_html[key] = self._html([self._cited[key]])
        shown = escape(self._separator or "").join(self._cited_html[k] for k in known)
        out = [f'<span class="bibtex-citation">{shown}</span>'] if known else []
        out += [self._html([dn.literal(k, k)]) for k in keys if k not in self.citable()]
        return "; ".join(out)

    def _html(self, cited: list[dn.Node]) -> str:
        if not cited:
            return ""
        # In a paragraph, as in a page: a link outside text is taken for an image's.
        holder = dn.inline("", "", *(node.deepcopy() for node in cited))
        document = new_document(self.docname, self.app.builder.docsettings)  # type: ignore[attr-defined]
        document += dn.paragraph("", "", holder)
        translator = self.app.builder.create_translator(document, self.app.builder)
        for node in holder.children:
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
        say = self.say
        if self.notation == "zh":  # a Chinese edition: the Chinese label alone, where given
            label = _paragraph("fact-popover-label", dn.Text(fact.label_zh or fact.label))
        else:
            label = _paragraph("fact-popover-label", dn.Text(fact.label))
            if fact.label_zh:
                label += dn.Text(f" {fact.label_zh}")
        if fact.disputed:
            label += [dn.Text(" "), dn.inline(say("disputed"), say("disputed"),
                                              classes=["registry-badge",
                                                       "registry-badge-disputed"])]
        popover += label
        held = say("The book holds" if variant or fact.variants else "Value")
        popover += _paragraph("fact-popover-value", self._term(held),
                              dn.Text(self.project.display(fact, self.notation)))
        popover += _paragraph("fact-popover-sources",
                              self._term(say("Source" if len(fact.sources) == 1 else "Sources")),
                              *self.citations(fact.sources))
        others = [v for v in fact.variants if v is not reading]
        if others:
            shown: list[dn.Node] = []
            for other in others:
                shown += [dn.Text(say("; "))] if shown else []
                shown += fill(say("{value} ({source})"), value=[dn.Text(self._value(fact, other))],
                              source=self.citations((other.source,)))
            popover += _paragraph("fact-popover-variants", self._term(say("Other readings")),
                                  *shown)
        if self.row_link is not None:
            row = dn.reference("", say("Its entry among the registered facts"), internal=True,
                               refuri=self.row_link + _anchor(fact.id))
            popover += _paragraph("fact-popover-row", row)
        return popover

    def _reading(self, fact: Fact, reading: Variant | None) -> list[dn.paragraph]:
        """The first lines of a ``{variant}``'s popover: the reading, who gives it, and why the
        book does not hold it."""
        say = self.say
        if reading is None:
            alone = _paragraph("fact-popover-reading", self._term(say("Another reading")))
            alone["classes"].append("fact-popover-rule")
            return [alone]
        out = [_paragraph("fact-popover-reading", self._term(say("Another reading")),
                          *fill(say("{value} ({source})"),
                                value=[dn.Text(self._value(fact, reading))],
                                source=self.citations((reading.source,))))]
        note = reading.note_zh if self.notation == "zh" and reading.note_zh else reading.note
        if note:
            out.append(_paragraph("fact-popover-note", self._term(say("Why the book differs")),
                                  dn.Text(note)))
        out[-1]["classes"].append("fact-popover-rule")  # set off from the fact it departs from
        return out

    def _value(self, fact: Fact, reading: Variant) -> str:
        other = dataclasses.replace(fact, value=reading.value)
        try:
            return format_value(other, self.notation, self.project.units)
        except Exception:  # noqa: BLE001 - a popover shows the registry's text rather than fail
            return str(reading.value)

    def _term(self, text: str) -> dn.inline:
        """A popover line's term ("Sources: ")."""
        return dn.inline(text, self.say("{term}: ", term=text), classes=["fact-popover-term"])

    def finish(self, doctree: dn.document) -> None:
        """Put the page's popovers, hidden, at its end."""
        if self.popovers:
            holder = nodes.fact_popovers(classes=["fact-popovers", "no-search"])
            holder.extend(self.popovers.values())
            doctree += holder


def _anchor(fact_id: str) -> str:
    from .render import anchor

    return anchor(fact_id)




def _paragraph(kind: str, *children: dn.Node) -> dn.paragraph:
    return dn.paragraph("", "", *children, classes=[kind])
