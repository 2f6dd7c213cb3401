"""What the directives that generate pages from the registry share.

- **Generated values are bound facts.** A value a directive writes is the checks' own
  :class:`checks.nodes.fact` node, marked ``generated``, with the words the registry gives: it
  is rendered like any ``{fact}`` (its provenance in a popover, a link to its registry row), and
  the directive records it as a :class:`~checks.collect.Mention` of the document at the directive's
  line, so :func:`checks.checker.check` checks it with the chapters, in the same pass.
- **Generated values are not "use".** A generated mention counts for no fact: a fact that only an
  appendix shows is still reported as ``checks.unused_fact`` (an appendix listing every fact would
  otherwise make that rule meaningless). Registry text shown on a page (labels, notes) is a
  :class:`~checks.views.nodes.registry_text`: not the book's prose, not scanned.
- **What a page takes from the registry** (kinds of content, listings, relations, charts) goes
  into its :class:`~checks.views.record.PageView`, so that a registry change reads again only
  the pages it reaches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .. import nodes as checks_nodes
from ..collect import Mention
from ..domain import get_domain, note_generated
from ..match import match
from ..model import Fact, Variant
from ..notation import format_value
from ..translation import notation_of
from ..wording import Wording, fill, wording
from .nodes import registry_label, registry_text
from .record import Chart

if TYPE_CHECKING:
    from ..checker import Project


def value_node(fact_id: str, words: str, *, variant: bool = False) -> checks_nodes.fact:
    """A generated value: ``words`` bound to ``fact_id`` (the id itself shown if unknown)."""
    shown = words or fact_id
    return checks_nodes.fact("", shown, fact_id=fact_id, words=words, variant=variant,
                             generated=True)


def parse_caption(directive: SphinxDirective) -> tuple[nodes.paragraph | None, list[nodes.Node]]:
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


def shown_label(fact: Fact, notation: str, chinese: bool = True) -> list[nodes.Node]:
    """A fact's label as a page shows it, rendered (registry text with classes is a span, as
    :mod:`checks.render` writes a ``registry_text``): in a Chinese edition (``notation`` "zh") the
    Chinese label alone, where given; else the label, and the Chinese label after it when
    ``chinese``."""
    if notation == "zh":
        return [_rendered(fact.label_zh, "registry-zh") if fact.label_zh
                else _rendered(fact.label)]
    out = [_rendered(fact.label)]
    if fact.label_zh and chinese:
        out += [nodes.Text(" "), _rendered(fact.label_zh, "registry-zh")]
    return out


def _rendered(text: str, *classes: str) -> nodes.Node:
    return nodes.inline("", "", nodes.Text(text), classes=list(classes)) if classes \
        else nodes.Text(text)


class GeneratingDirective(SphinxDirective):
    """A directive writing what the registry holds: its values, labels, citations.

    A subclass sets :attr:`kind` and calls :meth:`done` with its result.
    """

    #: The kind of generated content ("places": a page listing facts with their places).
    kind = "table"
    #: Show the Chinese label after the English one.
    chinese = True

    @property
    def project(self) -> Project:
        return get_domain(self.env).project

    @property
    def facts(self) -> dict[str, Fact]:
        return self.project.registry.facts

    def value(self, fact_id: str, *, fact: Fact | None = None, scale: str | None = None,
              bare: bool = False, variant: bool = False) -> checks_nodes.fact:
        """The value of ``fact`` (default: the registered fact ``fact_id``) as a generated fact;
        an unknown id is shown as it is, and the checks report it at this line."""
        fact = fact if fact is not None else self.facts.get(fact_id)
        words = (format_value(fact, self.notation, self.project.units, scale=scale, bare=bare)
                 if fact is not None else "")
        if fact is not None and self.notation != "en" and match(words, fact, None, ("", ""),
                                                                 self.project.units):
            # Chinese notation the scanner cannot read back (a rate, 1新卢布合约4.444卢布):
            # the value as the English edition shows it, checked as that is.
            words = format_value(fact, "en", self.project.units, scale=scale, bare=bare)
        self.mention(fact_id, words, variant=variant)
        return value_node(fact_id, words, variant=variant)

    def mention(self, fact_id: str, words: str, *, variant: bool = False) -> None:
        """Record a value shown (or drawn) from the registry, to be checked at this line."""
        docname = self.env.current_document.docname
        note_generated(self.env, [Mention(docname, self.lineno, fact_id, words, variant,
                                          generated=True)])

    def cite(self, keys: tuple[str, ...] | list[str]) -> list[nodes.Node]:
        """``{cite:alp}`a,b```, parsed as a chapter's would be (links to the bibliography)."""
        if not keys:
            return []
        found, messages = self.state.inline_text("{cite:alp}`%s`" % ",".join(keys), self.lineno)
        return [*found, *messages]

    @property
    def notation(self) -> str:
        """The notation of the values the page shows: the language's in a translation (a
        Chinese edition, ``-D language=zh_CN``, shows 1950年2月14日), else English."""
        return notation_of(self.config.language) or "en"

    @property
    def say(self) -> Wording:
        """The checks' words (table heads, badges) in the language of the build."""
        return wording(self.config.language)

    def phrase(self, template: str, **parts: list[nodes.Node]) -> list[nodes.Node]:
        """``template`` in the build's language, its ``{fields}`` filled with nodes:
        ``phrase("{source} gives {value}.", source=[...], value=[...])``."""
        return fill(self.say(template), **parts)

    def note_of(self, item: Fact | Variant) -> str | None:
        """A fact's or a reading's note, in Chinese in a Chinese edition where it has one."""
        if self.notation == "zh" and item.note_zh:
            return item.note_zh
        return item.note

    def label(self, fact: Fact) -> list[nodes.Node]:
        """The fact's label, as :func:`shown_label` gives it when the page is written."""
        return [registry_label(fact_id=fact.id, chinese=self.chinese)]

    def note_view(self, *, kind: str | None = None, listing: str | None = None,
                  relations: tuple[str, ...] = (), chart: Chart | None = None,
                  labels: Iterable[str] = ()) -> None:
        """What this page takes from the registry besides its values (``kind``: default, the
        directive's)."""
        domain = get_domain(self.env)
        docname = self.env.current_document.docname
        domain.note_view(docname, domain.view(docname).adding(
            kind=kind or self.kind, listing=listing, relations=relations, chart=chart,
            labels=labels))

    def done(self, result: list[nodes.Node]) -> list[nodes.Node]:
        self.note_view()
        return result

    def caption(self, node: nodes.Element) -> None:
        """The directive's content as ``node``'s title (a table's caption), numbered if named."""
        first, _rest = parse_caption(self)
        if first is not None:
            title = nodes.title(first.rawsource, "", *first.children)
            title.source, title.line = first.source, first.line
            node.insert(0, title)
        self.add_name(node)


def table(widths: list[int], header: list[str], classes: list[str]) -> tuple[nodes.table,
                                                                            nodes.tbody]:
    """An empty table with a header row, and its body."""
    node = nodes.table(classes=["registry-table", "colwidths-given", *classes])
    group = nodes.tgroup(cols=len(widths))
    node += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for text in header:
        row += nodes.entry("", nodes.paragraph(text, text))
    head += row
    body = nodes.tbody()
    group += head
    group += body
    return node, body


def row(*cells: list[nodes.Node] | nodes.Node) -> nodes.row:
    """A table row, one paragraph per cell."""
    node = nodes.row()
    for cell in cells:
        paragraph = nodes.paragraph()
        paragraph.extend(cell if isinstance(cell, list) else [cell])
        node += nodes.entry("", paragraph)
    return node


__all__ = ["GeneratingDirective", "badge", "parse_caption", "row", "shown_label", "table",
           "text_node", "value_node"]
