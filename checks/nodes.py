"""The doctree nodes of the extension, and how HTML shows them.

The roles and the directive create these nodes while a document is read, without the registry;
:mod:`checks.transforms` fills them in from the registry when the document is written, so a page
always shows what the registry says now.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


class fact(nodes.inline):  # noqa: N801 - docutils names nodes in lower case
    """A date or figure bound to a registered fact: ``{fact}`words <id>``` or ``{fact}`id```,
    or to one of its variants: ``{variant}`words <id>```.

    Attributes: ``fact_id`` (``""`` when the role names none), ``words`` (the author's words,
    ``""`` when there are none), ``rawtext`` (the role as written), ``variant`` (True for
    ``{variant}``), and, when the role cannot be understood, ``error``. When the page is written,
    :mod:`checks.render` adds ``title`` ("label — sources") for HTML.
    """


class nofact(nodes.inline):  # noqa: N801
    """``{nofact}`text```: a number the author declares not to be a fact; rendered unchanged."""


class facts_index(nodes.General, nodes.Element):  # noqa: N801
    """Where ``{facts-index}`` stands: replaced by the table of registered facts when written."""


def visit_fact_html(self: Any, node: fact) -> None:
    """``<a href="…#facts-<id>"><span class="fact" data-fact="<id>" title="…">`` (HTML, EPUB).

    The link is written here rather than as a ``reference`` node around the fact, and the span
    directly unless the node carries ids or classes of its own: a book states hundreds of facts,
    and this keeps the writer's work per fact small.
    """
    if node.get("href"):
        href = self.attval(node["href"])
        self.body.append(f'<a class="reference internal fact-link" href="{href}">')
    classes = "fact variant" if node.get("variant") else "fact"
    if node["ids"] or node["classes"]:
        attributes = {"classes": classes.split(), "data-fact": node.get("fact_id", "")}
        if node.get("title"):
            attributes["title"] = node["title"]
        self.body.append(self.starttag(node, "span", "", **attributes))
        return
    title = f' title="{self.attval(node["title"])}"' if node.get("title") else ""
    fact_id = self.attval(node.get("fact_id", ""))
    self.body.append(f'<span class="{classes}" data-fact="{fact_id}"{title}>')


def depart_fact_html(self: Any, node: fact) -> None:
    self.body.append("</span></a>" if node.get("href") else "</span>")
