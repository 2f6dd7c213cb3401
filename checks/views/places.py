"""Where the book binds each fact: a target before every ``{fact}``, and links to them.

The ``checks`` domain records each binding as ``docname:line``; a link needs an anchor. Once a
document is read (after every transform: the ``checks`` collector has scanned it unchanged),
:func:`anchor_facts` puts an empty target before each ``{fact}`` and ``{variant}`` node, with the
id ``fact-<id>-<n>`` (the n-th binding of that fact in the document: stable across builds, unique
in the page), and records it in the document's :class:`~checks.views.record.PageView` with
its section. An inline target is written as ``<span id=…>`` in HTML and EPUB and as a ``\\label``
in LaTeX, so one link works in every format.

:class:`~checks.views.nodes.places` is the placeholder a generated page puts where the places
of a fact are listed; :func:`fill` replaces it when the page is written (the places of every
document are known then) with one link per section that binds the fact ("§5.2", the section's
title on hover; an unnumbered appendix by its title); a note counts as part of the section that
refers to it. Pages holding such placeholders are written again when the links they would show
change (:func:`checks.views.links.links_digest`). :func:`fill` also fills the "sources differ"
links.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.utils import new_document
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.nodes import make_refnode

from .. import nodes as checks_nodes
from ..domain import get_domain
from ..priorities import RENDER
from ..translation import notation_of
from ..wording import wording
from .links import Link, links
from .nodes import discrepancy_link, places, registry_label
from .record import Place
from .values import badge, shown_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx

def anchor_facts(app: Sphinx, document: nodes.document) -> None:
    """A target before every bound fact, recorded with its section.

    On ``doctree-read``: after every transform (the ``checks`` collector has scanned the text as
    written; the sections have their final ids, labels such as ``(sec-…)=`` included).
    """
    env = app.env
    docname = env.current_document.docname
    counts: dict[str, int] = {}
    found: list[Place] = []
    titles: dict[int, str] = {}  # id of a section -> its title (a section binds many facts)
    top = next(iter(document.findall(nodes.section)), None)
    for node in list(document.findall(checks_nodes.fact)):
        fact_id = node.get("fact_id")
        if not fact_id or node.get("error") or node.get("generated") or node.parent is None:
            continue
        section = _section(_referring(node, document))
        if section is None or section is top or not section["ids"]:
            where, title = "", _title(top, titles)
        else:
            where, title = "#" + section["ids"][0], _title(section, titles)
        if _in_heading(node):
            # No target inside a title or caption (a LaTeX moving argument): the link goes to
            # the section itself.
            holder = section if section is not None and section["ids"] else top
            if holder is None or not holder["ids"]:
                continue
            anchor = holder["ids"][0]
        else:
            counts[fact_id] = counts.get(fact_id, 0) + 1
            anchor = f"fact-{fact_id}-{counts[fact_id]}"
            if anchor in document.ids:
                continue
            target = nodes.target("", "", ids=[anchor])
            document.ids[anchor] = target
            node.parent.insert(node.parent.index(node), target)
        found.append(Place(fact_id, anchor, where, title, bool(node.get("variant"))))
    domain = get_domain(env)
    view = domain.view(docname)
    if found or view.kinds:
        domain.note_view(docname, dataclasses.replace(view, places=tuple(found)))


def _referring(node: nodes.Node, document: nodes.document) -> nodes.Node:
    """A note stands at the end of the document; it belongs where it is referred to."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.footnote):
        parent = parent.parent
    if parent is None or not parent.get("backrefs"):
        return node
    return document.ids.get(parent["backrefs"][0], node)


def _section(node: nodes.Node) -> nodes.section | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def _in_heading(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.title, nodes.caption, nodes.rubric)):
            return True
        parent = parent.parent
    return False


def _title(section: nodes.Element | None, titles: dict[int, str]) -> str:
    """The section's title, kept in ``titles`` for the next fact of the section."""
    title = titles.get(id(section))
    if title is None:
        title = titles[id(section)] = _title_of(section)
    return title


def _title_of(section: nodes.Element | None) -> str:
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return ""
    return " ".join(section[0].astext().split())


# -- Writing ---------------------------------------------------------------------------------------


#: The kinds of generated content holding placeholders: listings of facts with their places, and
#: tables (labels).
_FILLED_KINDS = frozenset({"places", "table"})


def fill(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Replace every :class:`places` node by links to the sections binding its fact, every
    :class:`discrepancy_link` by a link to the fact's entry among the discrepancies, and every
    :class:`registry_label` by the fact's label.

    Only the generated pages listing facts or showing tables hold them (their view's kinds): the
    other pages are not walked, unless the builder joins documents into one tree (singlehtml,
    LaTeX), whose name is then its first document's.
    """
    domain = get_domain(app.env)
    joined = app.builder.format != "html" or app.builder.name == "singlehtml"
    if not joined and not domain.view(fromdocname).kinds & _FILLED_KINDS:
        return
    found = [node for node in doctree.findall(nodes.Element)
             if isinstance(node, (places, discrepancy_link, registry_label))]
    if not found:
        return
    _fill_labels(app, doctree, [node for node in found if isinstance(node, registry_label)])
    by_fact: dict[str, list[Link]] | None = None
    discrepancies = next(iter(domain.generated_pages("discrepancies")), None)
    for node in found:
        if isinstance(node, registry_label):
            continue
        if isinstance(node, discrepancy_link):
            node.replace_self(_discrepancy_link(app, fromdocname, discrepancies, node["fact_id"]))
            continue
        if by_fact is None:
            by_fact = links(app.env, domain.views)
        shown: list[nodes.Node] = []
        for link in by_fact.get(node["fact_id"], []):
            if shown:
                shown.append(nodes.Text(", "))
            shown.append(make_refnode(app.builder, fromdocname, link.docname, link.anchor,
                                      nodes.Text(link.text), link.title))
        node.replace_self(shown or [nodes.Text("—")])


def _fill_labels(app: Sphinx, doctree: nodes.document, found: list[registry_label]) -> None:
    """Each label as the registry holds it now, with the typographic quotes and dashes Sphinx
    gives the text of a page it reads (``smartquotes``): each stands at the start of its
    paragraph, and is educated as a paragraph of its own (one document for the page's labels)."""
    if not found:
        return
    project = get_domain(app.env).project
    notation = notation_of(app.config.language) or "en"
    holder = new_document(doctree.get("source", ""), doctree.settings)
    paragraphs = []
    for node in found:
        fact = project.fact(node["fact_id"])
        shown = (shown_label(fact, notation, node.get("chinese", True)) if fact is not None
                 else [nodes.Text(node["fact_id"])])
        paragraph = nodes.paragraph("", "", *shown)
        holder += paragraph
        paragraphs.append(paragraph)
    SphinxSmartQuotes(holder, holder).apply()
    for node, paragraph in zip(found, paragraphs, strict=True):
        shown = list(paragraph.children)
        paragraph.clear()
        node.replace_self(shown)


def _discrepancy_link(app: Sphinx, fromdocname: str, target: str | None,
                      fact_id: str) -> nodes.Node:
    """"sources differ", linking to the discrepancies page when the book has one."""
    say = wording(app.config.language)
    label = badge(say("sources differ"), "variants")
    if target is None:
        return label
    return make_refnode(app.builder, fromdocname, target, f"discrepancy-{fact_id}", label,
                        say("What the sources say"))


def setup_places(app: Sphinx) -> None:
    app.add_node(places)
    app.add_node(discrepancy_link)
    app.add_node(registry_label)
    app.connect("doctree-read", anchor_facts)
    app.connect("doctree-resolved", fill, priority=RENDER)

