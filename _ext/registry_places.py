"""Where the book binds each fact: a target before every ``{fact}``, and links to them.

The ``checks`` domain records each binding as ``docname:line``; a link needs an anchor. Once a
document is read (after every transform: the ``checks`` collector has scanned it unchanged),
:func:`anchor_facts` puts an empty target before each ``{fact}`` and ``{variant}`` node, with the
id ``fact-<id>-<n>`` (the n-th binding of that fact in the document: stable across builds, unique
in the page), and records it in the ``registry`` domain with its section. An inline target is
written as ``<span id=…>`` in HTML and EPUB and as a ``\\label`` in LaTeX, so one link works in
every format.

:class:`places` is the placeholder a generated page puts where the places of a fact are listed;
it is filled in when the page is written (the places of every document are known then), with one
link per section that binds the fact ("§5.2", the section's title on hover; an unnumbered
appendix by its title); a note counts as part of the section that refers to it. Pages holding
such placeholders are written again in every build that read a document, so the links follow the
chapters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.nodes import make_refnode

from checks import nodes as checks_nodes
from registry_base import Place, code_version, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class places(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """Where the links to the places binding ``fact_id`` go (filled in when written)."""


def anchor_facts(app: Sphinx, document: nodes.document) -> None:
    """A target before every bound fact, recorded with its section.

    On ``doctree-read``: after every transform (the ``checks`` collector has scanned the text as
    written; the sections have their final ids, labels such as ``(sec-…)=`` included).
    """
    env = app.env
    docname = env.current_document.docname
    counts: dict[str, int] = {}
    found: list[Place] = []
    top = next(iter(document.findall(nodes.section)), None)
    for node in list(document.findall(checks_nodes.fact)):
        fact_id = node.get("fact_id")
        if not fact_id or node.get("error") or node.parent is None:
            continue
        section = _section(_referring(node, document))
        if section is None or section is top or not section["ids"]:
            where, title = "", _title(top)
        else:
            where, title = "#" + section["ids"][0], _title(section)
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
    get_domain(env).note_places(docname, found)


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


def _title(section: nodes.Element | None) -> str:
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return ""
    return " ".join(section[0].astext().split())


def fill(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Replace every :class:`places` node by links to the sections binding its fact."""
    found = list(doctree.findall(places))
    if not found:
        return
    env = app.env
    domain = get_domain(env)
    generated = set(domain.pages("places"))
    by_fact = domain.places()
    for node in found:
        links: list[nodes.Node] = []
        seen: set[tuple[str, str]] = set()
        for docname, place in by_fact.get(node["fact_id"], []):
            if docname in generated or docname == app.config.root_doc \
                    or (docname, place.section) in seen:
                continue
            seen.add((docname, place.section))
            text, title = _label(env, docname, place)
            if links:
                links.append(nodes.Text(", "))
            links.append(make_refnode(app.builder, fromdocname, docname, place.anchor,
                                      nodes.Text(text), title))
        node.replace_self(links or [nodes.Text("—")])


def _label(env: Any, docname: str, place: Place) -> tuple[str, str]:
    """"§5.2" (title on hover) in a numbered chapter; the document's title elsewhere."""
    numbers = env.toc_secnumbers.get(docname, {}).get(place.section)
    doc_title = env.titles[docname].astext() if docname in env.titles else docname
    if numbers:
        return "§" + ".".join(map(str, numbers)), place.title or doc_title
    if place.section:
        return f"{doc_title}: {place.title}", place.title
    return doc_title, doc_title


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("registry_base")
    app.add_node(places)
    app.connect("doctree-read", anchor_facts)
    app.connect("doctree-resolved", fill, priority=400)
    return {"version": "1.0", "env_version": code_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}
