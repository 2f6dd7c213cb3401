"""Render ``{fact}``, ``{nofact}`` and ``{facts-index}`` from the registry as it is now.

Runs on ``doctree-resolved``, for every builder: HTML and EPUB get
``<a href="…#facts-<id>"><span class="fact" title="label — sources">words</span></a>``, the link
going to the fact's row in the ``{facts-index}`` table when the book has one; every other format
(LaTeX, text, man, …) gets the plain words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes as dn
from sphinx.util.nodes import make_refnode

from . import nodes
from .domain import get_domain, project_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .checker import Project


def anchor(fact_id: str) -> str:
    """The id of a fact's row in the ``{facts-index}`` table."""
    return f"facts-{fact_id}"


def on_doctree_resolved(app: Sphinx, doctree: dn.document, docname: str) -> None:
    project = project_of(app)
    html = app.builder.format == "html"
    index_docname = get_domain(app.env).index_docname() if html else None

    for node in list(doctree.findall(nodes.nofact)):
        node.replace_self(dn.Text(node.astext()))
    for node in list(doctree.findall(nodes.fact)):
        fact = project.fact(node["fact_id"])
        notation = node.get("notation") or project.config.notation
        words = node["words"] or (project.display(fact, notation) if fact else node.astext())
        if not html:
            node.replace_self(dn.Text(words))
            continue
        node.children = []
        node += dn.Text(words)
        if fact is None:
            continue
        node["title"] = (project.variant_title(fact, words) if node.get("variant")
                         else project.title(fact))
        if index_docname is not None:
            ref = make_refnode(app.builder, docname, index_docname, anchor(fact.id), node.deepcopy())
            ref["classes"].append("fact-link")
            node.replace_self(ref)
    for node in list(doctree.findall(nodes.facts_index)):
        node.replace_self(_table(project))


def _table(project: Project) -> dn.table:
    headers = ("Fact", "Label", "Value", "Sources")
    table = dn.table(classes=["facts-index"])
    group = dn.tgroup(cols=len(headers))
    table += group
    for width in (20, 45, 20, 15):
        group += dn.colspec(colwidth=width)
    head, body = dn.thead(), dn.tbody()
    head += _row(headers)
    for fact in project.facts_in_order():
        row = _row(project.index_row(fact))
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
