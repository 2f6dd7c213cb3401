"""Render ``{fact}``, ``{nofact}`` and ``{facts-index}`` from the registry as it is now.

Runs on ``doctree-resolved``, for every builder: HTML and EPUB get
``<a href="…#facts-<id>"><span class="fact">words</span></a>``, the link going to the fact's row in
the ``{facts-index}`` table when the book has one, and HTML the fact's provenance as a popover
(:mod:`checks.provenance`); every other format (LaTeX, text, man, …) gets the plain words. The
table cites each fact's sources as the book cites, in every format.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from docutils import nodes as dn

from . import nodes
from .domain import get_domain, reported
from .provenance import Provenance, wants_popover

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .checker import Project


def anchor(fact_id: str) -> str:
    """The id of a fact's row in the ``{facts-index}`` table."""
    return f"facts-{fact_id}"


_OURS = (nodes.fact, nodes.nofact, nodes.facts_index)


def _find_ours(doctree: dn.Node) -> list[dn.Element]:
    """Our nodes, in document order: what ``list(doctree.findall(...))`` gives, walked with one
    list instead of a generator per node (every page of the book is walked once)."""
    found: list[dn.Element] = []
    stack: list[dn.Node] = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, _OURS):
            found.append(node)
        if node.children:
            stack.extend(reversed(node.children))
    return found


def on_doctree_resolved(app: Sphinx, doctree: dn.document, docname: str) -> None:
    found = _find_ours(doctree)
    if not found:
        return
    with reported("rendering the facts", docname):
        _render(app, found, docname, doctree)
        return
    # Rendering failed: still, no node of ours may reach a writer that does not know it.
    for node in found:
        if isinstance(node, nodes.facts_index) and node.parent is not None:
            node.replace_self([])


def _render(app: Sphinx, found: list[dn.Element], docname: str, doctree: dn.document) -> None:
    domain = get_domain(app.env)
    project = domain.project
    html = app.builder.format == "html"
    # As found once per build after reading (checks.domain.on_env_get_updated), not per page.
    index_docname = domain.data["index_docname"] if html else None
    # Where this page links a fact to: the facts index page, from here (once per page).
    if index_docname is None:
        link = None
    elif index_docname == docname or app.builder.name == "singlehtml":
        link = "#"
    else:
        link = app.builder.get_relative_uri(docname, index_docname) + "#"
    provenance = Provenance(app, docname, project, link)
    popovers = wants_popover(app.builder.name, app.builder.format)
    if html:
        provenance.cite_shown(found, facts=popovers)
    for node in found:
        if isinstance(node, nodes.fact):
            _fact(node, project, html, link, provenance if popovers else None)
        elif isinstance(node, nodes.nofact):
            # Its words; in a span when it has classes (registry text: "registry-zh").
            text = dn.Text(node.astext())
            node.replace_self(dn.inline("", "", text, classes=node["classes"])
                              if node["classes"] else text)
        else:
            node.replace_self(_html_table(project, provenance) if html
                              else _table(project, provenance))
    provenance.finish(doctree)


def _fact(node: nodes.fact, project: Project, html: bool, link: str | None,
          provenance: Provenance | None) -> None:
    fact = project.fact(node["fact_id"])
    words = node["words"]
    if not words and fact is not None:  # {fact}`id`: the value, in the chapter's notation
        words = project.display(fact, node.get("notation") or project.config.notation)
        node.children = []
        node += dn.Text(words)
    if not html:
        node.replace_self(dn.Text(words or node.astext()))
        return
    if fact is None:
        return
    if _in_link(node):
        return
    if link is not None:
        node["href"] = link + anchor(fact.id)
    if provenance is not None:
        node["popover"] = provenance.popover(fact, words, variant=bool(node.get("variant")))


def _in_link(node: dn.Node) -> bool:
    """Inside a link already (a {fact} in a link's words): no link in a link."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, dn.reference):
            return True
        parent = parent.parent
    return False


def _headers(provenance: Provenance) -> tuple[str, ...]:
    say = provenance.say
    return say("Fact"), say("Label"), say("Value"), say("Sources")


def _html_table(project: Project, provenance: Provenance) -> dn.raw:
    """The facts table as HTML: written once, as text (a docutils table of hundreds of rows costs
    the HTML writer far more), with the classes Sphinx and the theme give a table."""
    cells = "".join(f"<th class=\"head\"><p>{h}</p></th>" for h in _headers(provenance))
    notation = provenance.notation
    rows = [
        f'<tr id="{anchor(fact.id)}">'
        + "".join(f"<td><p>{escape(text)}</p></td>"
                  for text in project.index_row(fact, notation)[:-1])
        + f"<td><p>{provenance.citations_html(fact.sources)}</p></td></tr>\n"
        for fact in project.facts_in_order()
    ]
    html = (
        '<div class="pst-scrollable-table-container">'
        '<table class="table docutils align-default facts-index">\n'
        f"<thead><tr>{cells}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table></div>\n"
    )
    return dn.raw("", html, format="html")


def _table(project: Project, provenance: Provenance) -> dn.table:
    headers = _headers(provenance)
    table = dn.table(classes=["facts-index"])
    group = dn.tgroup(cols=len(headers))
    table += group
    for width in (20, 45, 20, 15):
        group += dn.colspec(colwidth=width)
    head, body = dn.thead(), dn.tbody()
    head += _row(headers)
    for fact in project.facts_in_order():
        row = _row(project.index_row(fact, provenance.notation)[:-1])
        entry = dn.entry()
        entry += dn.paragraph("", "", *provenance.citations(fact.sources))
        row += entry
        row["ids"].append(anchor(fact.id))
        body += row
    group += head
    group += body
    return table


def _row(cells: tuple[str, ...]) -> dn.row:
    row = dn.row()
    for text in cells:
        entry = dn.entry()
        entry += dn.paragraph(text, text)
        row += entry
    return row
