"""The provenance of a checked fact, as a reader opens it: what the fact is, its value, its sources
as the book cites them, the other readings, and its row among the registered facts.

- **Sources are citations.** A fact's ``sources`` are references.bib keys; they are shown as the
  book's own ``{cite:alp}`` would show them (author–year, linked to the bibliography entry), made by
  sphinxcontrib-bibtex's domain. A key the bibliography does not hold is shown as it stands (the
  checks report it: ``checks.unknown_source``).
- **A popover per fact (HTML).** Each fact (each variant) shown on a page gets one popover,
  ``<div class="fact-popover" role="tooltip" hidden>``, gathered at the end of the page in a
  hidden :class:`~checks.nodes.fact_popovers`; the fact names it with ``aria-describedby``.
  ``static/provenance.js`` opens it beside the fact on hover, keyboard focus or tap. Without
  JavaScript the fact is still a link to its registry row, and a screen reader still reads the
  provenance as the fact's description. The EPUB gets no popover (no script there): its facts link
  to their rows; LaTeX and text get the plain words.
- **Made once per build.** A popover is the same on every page but for its links, so
  :class:`BuildProvenance` writes each one (and each source's citation) once per build, as HTML,
  with each link to another page left as a mark naming that page (sphinxcontrib-bibtex is given a
  builder that writes the mark, :class:`_Marking`); :class:`Provenance`, for the page being
  written, puts in the page's own relative links (:meth:`Provenance.linked`). The citations are
  written by the builder's own HTML translator; the popover around them is written as text, in the
  markup the translator gives the same nodes (a popover of nodes costs the writer far more, on
  every page that shows it).
- **The table of registered facts** cites its sources the same way
  (:meth:`Provenance.citations_html` for the HTML table, which is written as text;
  :meth:`Provenance.citations` for the other formats).
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes as dn
from docutils.utils import new_document
from sphinx import addnodes

from . import nodes
from .match import find_variant
from .notation import format_value
from .translation import notation_of
from .wording import Wording, wording

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .checker import Project
    from .model import Fact, Variant

#: The citation role whose form the sources take ("Wang 1998; Li 2000", linked).
CITE_ROLE = "alp"

#: In a popover made for the whole build, where a link to another page stands: ``\ue000<n>\ue001``
#: for the n-th page linked to (:attr:`BuildProvenance.pages`), ``\ue000\ue001`` for the page of
#: the table of registered facts. Characters of Unicode's private use area: no text holds them,
#: and the HTML writer leaves them as they are.
_MARK = re.compile("\ue000([0-9]*)\ue001")
_ROW_MARK = "\ue000\ue001"


def popover_id(fact_id: str, variant: int | None = None) -> str:
    """The id of a fact's popover on a page (``variant``: the index of the reading it shows)."""
    return f"fact-popover-{fact_id}" + (f"-v{variant}" if variant is not None else "")


def wants_popover(builder_name: str, builder_format: str) -> bool:
    """HTML pages with scripts get popovers; the EPUB (no script) and other formats do not."""
    return builder_format == "html" and not builder_name.startswith("epub")


def build_provenance(app: Sphinx, project: Project, rows: bool) -> BuildProvenance:
    """The popovers and citations of this build (``rows``: the book has a table of registered
    facts to link to), made on first use and kept on the ``checks`` domain until the next build
    reads its documents (:func:`forget`)."""
    from .domain import get_domain

    domain = get_domain(app.env)
    made = domain.provenance
    if not (isinstance(made, BuildProvenance) and made.project is project
            and made.builder is app.builder and made.rows == rows):
        made = domain.provenance = BuildProvenance(app, project, rows)
    return made


def forget(app: Sphinx, env: Any) -> None:
    """``env-updated``: the documents were read again (a bibliography among them, maybe): the
    popovers are made anew."""
    from .domain import get_domain

    get_domain(env).provenance = None


class _Marking:
    """The builder as sphinxcontrib-bibtex sees it while the build's citations are made: a link to
    another page is written as a mark naming that page."""

    def __init__(self, builder: Builder, mark: Any) -> None:
        self._builder = builder
        self._mark = mark

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder, name)

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return cast("str", self._mark(to))


class BuildProvenance:
    """The popovers and citations of one build, as HTML with marks for the links to other pages,
    each made once.

    A page that holds a bibliography cites as no other page does (its own entries first, linked
    within the page), so such a page gets its own :class:`_Citing`; every other page shares one.
    """

    def __init__(self, app: Sphinx, project: Project, rows: bool) -> None:
        self.app = app
        self.builder = app.builder
        self.project = project
        self.rows = rows
        self.say: Wording = wording(app.config.language)
        #: The notation of the build's language (a Chinese edition: 1950年2月14日).
        self.notation: str = notation_of(app.config.language) or "en"
        #: The pages the marks name, by number.
        self.pages: list[str] = []
        self._numbers: dict[str, int] = {}
        self._citing: dict[str | None, _Citing] = {}
        self._translator: Any = None
        self._bibliographies: set[str] | None = None

    @property
    def cite_domain(self) -> Any:
        return self.app.env.domains.get("cite")  # None without sphinxcontrib-bibtex

    def mark(self, docname: str) -> str:
        """The mark standing for a link to ``docname``."""
        number = self._numbers.get(docname)
        if number is None:
            number = self._numbers[docname] = len(self.pages)
            self.pages.append(docname)
        return f"\ue000{number}\ue001"

    def citing(self, docname: str) -> _Citing:
        """How ``docname`` cites: as every page does, unless it holds a bibliography."""
        if self._bibliographies is None:
            domain = self.cite_domain
            self._bibliographies = set() if domain is None else {
                key.docname for key, bibliography in domain.bibliographies.items()
                if bibliography.list_ == "citation"}
        local = docname if docname in self._bibliographies else None
        citing = self._citing.get(local)
        if citing is None:
            citing = self._citing[local] = _Citing(self, local)
        return citing

    # -- HTML, written as the builder's translator writes it ------------------------------------

    @property
    def translator(self) -> Any:
        """One HTML translator for the build's fragments (its ``encode`` and ``attval`` too)."""
        if self._translator is None:
            document = new_document("<checks provenance>",
                                    self.builder.docsettings)  # type: ignore[attr-defined]
            self._translator = self.builder.create_translator(document, self.builder)
        return self._translator

    def html(self, shown: list[dn.Node]) -> str:
        """``shown`` (text-level nodes) as the translator writes them in a paragraph."""
        translator = self.translator
        # In a paragraph, as in a page: a link outside text is taken for an image's.
        holder = dn.inline("", "", *shown)
        paragraph = dn.paragraph("", "", holder)
        translator.document += paragraph
        start = len(translator.body)
        for node in holder.children:
            node.walkabout(translator)
        written = "".join(translator.body[start:])
        del translator.body[start:]
        translator.document.remove(paragraph)
        return written

    def text(self, text: str) -> str:
        return cast("str", self.translator.encode(text))

    def term(self, text: str) -> str:
        """A popover line's term ("Sources: ")."""
        said = self.text(self.say("{term}: ", term=text))
        return f'<span class="fact-popover-term">{said}</span>'


class _Citing:
    """The citations and popovers of the pages that cite alike (``local``: the one page, holding a
    bibliography, they are made for; None: every page holding none)."""

    def __init__(self, build: BuildProvenance, local: str | None) -> None:
        self.build = build
        self.local = local
        #: key -> its place in the order citations take (the bibliography's, the page's own first).
        domain = build.cite_domain
        self.rank: dict[str, tuple[int, int]] = {} if domain is None else {
            citation.key: (citation.bibliography_key.docname != local, i)
            for i, citation in enumerate(domain.citations)
            if domain.bibliographies[citation.bibliography_key].list_ == "citation"}
        #: key -> its citation (HTML), and the separator between two.
        self._cited: dict[str, str] = {}
        self._separator: str | None = None
        #: What is not one link per key: keys -> their citation (HTML), as bibtex wrote them.
        self._together: dict[tuple[str, ...], str] = {}
        self._literal: dict[str, str] = {}
        self.popovers: dict[str, str] = {}

    def _resolve(self, keys: list[str]) -> dn.inline:
        """What ``{cite:alp}`keys``` shows (sphinxcontrib-bibtex's own work), links to other pages
        as marks; without the links' hover text (the popover is the hover text)."""
        target = ",".join(keys)
        fromdocname = self.local or ""
        pending = addnodes.pending_xref("", refdomain="cite", reftype=CITE_ROLE,
                                        reftarget=target, refdoc=fromdocname)
        builder = _Marking(self.build.builder, self.build.mark)
        cited: dn.inline = self.build.cite_domain.resolve_xref(
            self.build.app.env, fromdocname, builder, CITE_ROLE, target, pending, dn.inline())
        for reference in cited.findall(dn.reference):
            reference.attributes.pop("reftitle", None)
        return cited

    def cite(self, keys: Iterable[str]) -> None:
        """Cite ``keys`` in one go: each key formatted once, however many facts name it
        (formatting a citation is most of the cost of a popover)."""
        wanted = sorted((k for k in dict.fromkeys(keys) if k in self.rank and k not in self._cited),
                        key=self.rank.__getitem__)
        if not wanted:
            return
        cited = self._resolve(wanted)
        references = cited.children[::2]
        between = {str(text) for text in cited.children[1::2]}
        if (len(references) != len(wanted) or len(between) > 1
                or not all(isinstance(r, dn.reference) for r in references)):
            return  # not one link per key, one separator: left to :meth:`citations`, per fact
        if between:
            self._separator = self.build.text(next(iter(between)))
        for key, reference in zip(wanted, references, strict=True):
            self._cited[key] = self.build.html([reference])

    def citations(self, keys: Iterable[str]) -> str:
        """``keys`` cited as the book cites (``{cite:alp}``), as HTML; a key the bibliography
        lacks as its bare text."""
        keys = tuple(keys)
        known = sorted((k for k in dict.fromkeys(keys) if k in self.rank),
                       key=self.rank.__getitem__)
        out: list[str] = []
        if known:
            self.cite(known)
            if all(k in self._cited for k in known) and (len(known) == 1 or self._separator):
                shown = (self._separator or "").join(self._cited[k] for k in known)
                out.append(f'<span class="bibtex-citation">{shown}</span>')
            else:
                together = self._together.get(tuple(known))
                if together is None:
                    together = self._together[tuple(known)] = self.build.html(
                        [self._resolve(known)])
                out.append(together)
        for key in keys:
            if key not in self.rank:
                out += [self.build.text("; ")] if out else []
                if key not in self._literal:
                    self._literal[key] = self.build.html([dn.literal(key, key)])
                out.append(self._literal[key])
        return "".join(out)

    # -- Popovers ----------------------------------------------------------------------------

    def popover(self, fact: Fact, ident: str, variant: bool, reading: Variant | None) -> str:
        """The popover ``ident`` of ``fact`` (for ``{variant}``: of ``reading``), as HTML."""
        made = self.popovers.get(ident)
        if made is None:
            made = self.popovers[ident] = self._make(fact, ident, variant, reading)
        return made

    def _make(self, fact: Fact, ident: str, variant: bool, reading: Variant | None) -> str:
        build, say, text = self.build, self.build.say, self.build.text
        lines: list[tuple[str, str]] = self._reading(fact, reading) if variant else []
        if build.notation == "zh":  # a Chinese edition: the Chinese label alone, where given
            label = text(fact.label_zh or fact.label)
        else:
            label = text(fact.label) + (text(f" {fact.label_zh}") if fact.label_zh else "")
        if fact.disputed:
            label += (' <span class="registry-badge registry-badge-disputed">'
                      f"{text(say('disputed'))}</span>")
        lines.append(("fact-popover-label", label))
        held = say("The book holds" if variant or fact.variants else "Value")
        lines.append(("fact-popover-value",
                      build.term(held) + text(build.project.display(fact, build.notation))))
        lines.append(("fact-popover-sources",
                      build.term(say("Source" if len(fact.sources) == 1 else "Sources"))
                      + self.citations(fact.sources)))
        others = [v for v in fact.variants if v is not reading]
        if others:
            shown = text(say("; ")).join(self._other(fact, other) for other in others)
            lines.append(("fact-popover-variants", build.term(say("Other readings")) + shown))
        if build.rows:
            row = text(say("Its entry among the registered facts"))
            href = build.translator.attval(_anchor(fact.id))
            lines.append(("fact-popover-row",
                          f'<a class="reference internal" href="{_ROW_MARK}#{href}">{row}</a>'))
        start = build.translator.starttag(dn.Element(ids=[ident], classes=["fact-popover"]),
                                          "div", "", role="tooltip", hidden="hidden")
        return start + "".join(f'<p class="{kind}">{inner}</p>\n' for kind, inner in lines) \
            + "</div>\n"

    def _other(self, fact: Fact, reading: Variant) -> str:
        """"15 February 1950 (Chinese Wikipedia, n.d.)": a reading and who gives it."""
        text = self.build.text
        parts = {"value": text(self._value(fact, reading)),
                 "source": self.citations((reading.source,))}
        template = self.build.say("{value} ({source})")
        return "".join(text(literal) + (parts[field] if field is not None else "")
                       for literal, field, _spec, _conversion in string.Formatter().parse(template))

    def _reading(self, fact: Fact, reading: Variant | None) -> list[tuple[str, str]]:
        """The first lines of a ``{variant}``'s popover: the reading, who gives it, and why the
        book does not hold it (the last set off from the fact it departs from)."""
        build, say = self.build, self.build.say
        if reading is None:
            return [("fact-popover-reading fact-popover-rule", build.term(say("Another reading")))]
        out = [("fact-popover-reading",
                build.term(say("Another reading")) + self._other(fact, reading))]
        note = reading.note_zh if build.notation == "zh" and reading.note_zh else reading.note
        if note:
            out.append(("fact-popover-note", build.term(say("Why the book differs"))
                        + build.text(note)))
        out[-1] = (out[-1][0] + " fact-popover-rule", out[-1][1])
        return out

    def _value(self, fact: Fact, reading: Variant) -> str:
        other = dataclasses.replace(fact, value=reading.value)
        try:
            return format_value(other, self.build.notation, self.build.project.units)
        except Exception:  # noqa: BLE001 - a popover shows the registry's text rather than fail
            return str(reading.value)


@dataclasses.dataclass
class Provenance:
    """What one page being written shows of facts' provenance.

    ``row_link``: the page's link to the facts index, ending in ``#`` (None: the book has none).
    """

    app: Sphinx
    docname: str
    project: Project
    row_link: str | None
    #: popover id -> its HTML (marks not yet made links), in the order the page shows them.
    popovers: dict[str, str] = dataclasses.field(default_factory=dict)
    _build: BuildProvenance | None = None
    _links: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def build(self) -> BuildProvenance:
        if self._build is None:
            self._build = build_provenance(self.app, self.project, self.row_link is not None)
        return self._build

    @property
    def say(self) -> Wording:
        """The popover's words in the language of the build."""
        return wording(self.app.config.language)

    @property
    def notation(self) -> str:
        """The notation of the build's language (a Chinese edition: 1950年2月14日)."""
        return notation_of(self.app.config.language) or "en"

    @property
    def citing(self) -> _Citing:
        return self.build.citing(self.docname)

    # -- Citations ---------------------------------------------------------------------------

    def cite_shown(self, shown: Iterable[dn.Node], *, facts: bool) -> None:
        """Cite at once the sources of the tables of registered facts among ``shown``, and, with
        ``facts``, of the facts (and their variants) whose popovers the page will hold (each key
        once per build)."""
        keys: list[str] = []
        for node in shown:
            if isinstance(node, nodes.facts_index):
                keys += (key for fact in self.project.facts_in_order() for key in fact.sources)
            elif facts and isinstance(node, nodes.fact):
                fact = self.project.fact(node["fact_id"])
                if fact is not None:
                    keys += [*fact.sources, *(variant.source for variant in fact.variants)]
        self.citing.cite(keys)

    def citations(self, keys: tuple[str, ...] | list[str]) -> list[dn.Node]:
        """``keys`` cited on this page as the book cites (``{cite:alp}``), linked to the
        bibliography with the entries as the links' hover text; a key the bibliography lacks as
        its bare text (the facts table in formats other than HTML)."""
        rank = self.citing.rank
        known = sorted((k for k in dict.fromkeys(keys) if k in rank), key=rank.__getitem__)
        out: list[dn.Node] = []
        if known:
            target = ",".join(known)
            pending = addnodes.pending_xref("", refdomain="cite", reftype=CITE_ROLE,
                                            reftarget=target, refdoc=self.docname)
            out.append(self.build.cite_domain.resolve_xref(
                self.app.env, self.docname, self.app.builder, CITE_ROLE, target, pending,
                dn.inline()))
        for key in keys:
            if key not in rank:
                out += [dn.Text("; ")] if out else []
                out.append(dn.literal(key, key))
        return out

    def citations_html(self, keys: tuple[str, ...]) -> str:
        """:meth:`citations` as HTML, without hover text (for a table written as text)."""
        return self.linked(self.citing.citations(keys))

    def linked(self, html: str) -> str:
        """``html`` with its marks made this page's links."""
        if "\ue000" not in html:
            return html
        return _MARK.sub(self._link, html)

    def _link(self, mark: re.Match[str]) -> str:
        link = self._links.get(mark[1])
        if link is None:
            if not mark[1]:  # the table of registered facts
                link = (self.row_link or "#")[:-1]
            else:
                # As sphinx.util.nodes.make_refnode links: within the page by its id alone.
                target = self.build.pages[int(mark[1])]
                link = ("" if target == self.docname
                        else self.app.builder.get_relative_uri(self.docname, target))
            link = self._links[mark[1]] = self.build.translator.attval(link)
        return link

    # -- Popovers ----------------------------------------------------------------------------

    def popover(self, fact: Fact, words: str = "", *, variant: bool = False) -> str:
        """The id of ``fact``'s popover on this page; for ``{variant}``, of the popover of the
        reading its ``words`` state."""
        index: int | None = None
        reading: Variant | None = None
        if variant:
            reading = find_variant(words, fact, self.project.units)
            index = fact.variants.index(reading) if reading is not None else len(fact.variants)
        ident = popover_id(fact.id, index)
        if ident not in self.popovers:
            self.popovers[ident] = self.citing.popover(fact, ident, variant, reading)
        return ident

    def finish(self, doctree: dn.document) -> None:
        """Put the page's popovers, hidden, at its end, with this page's links."""
        if self.popovers:
            holder = nodes.fact_popovers(classes=["fact-popovers", "no-search"])
            holder.extend(dn.raw("", self.linked(html), format="html")
                          for html in self.popovers.values())
            doctree += holder


def _anchor(fact_id: str) -> str:
    from .render import anchor

    return anchor(fact_id)
