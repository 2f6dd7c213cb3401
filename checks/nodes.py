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
    ``{variant}``), and, when the role cannot be understood, ``error``. When an HTML page is
    written, :mod:`checks.render` adds ``href`` (its registry row) and ``popover`` (the id of its
    popover, :mod:`checks.provenance`, in the page's :class:`fact_popovers`).
    """


class nofact(nodes.inline):  # noqa: N801
    """``{nofact}`text```: a number the author declares not to be a fact; rendered unchanged."""


class facts_index(nodes.General, nodes.Element):  # noqa: N801
    """Where ``{facts-index}`` stands: replaced by the table of registered facts when written."""


class fact_popovers(nodes.General, nodes.Element):  # noqa: N801
    """A page's popovers, at its end, hidden (and left out of the search index): raw HTML, each
    ``<div class="fact-popover" role="tooltip" hidden>``, which ``static/provenance.js`` opens
    beside its fact (:mod:`checks.provenance`)."""


def visit_fact_html(self: Any, node: fact) -> None:
    """``<a href="…#facts-<id>" aria-describedby="fact-popover-<id>"><span class="fact"
    data-fact="<id>">`` (HTML, EPUB; the EPUB has no popover). A fact with a popover but no link
    (a book without ``{facts-index}``) is focusable itself: ``<span … tabindex="0">``.

    The link is written here rather than as a ``reference`` node around the fact, and the span
    directly unless the node carries ids or classes of its own: a book states hundreds of facts,
    and this keeps the writer's work per fact small.
    """
    popover = node.get("popover")
    described = f' aria-describedby="{popover}"' if popover else ""
    if node.get("href"):
        href = self.attval(node["href"])
        self.body.append(f'<a class="reference internal fact-link" href="{href}"{described}>')
        described = ""
    elif described:
        described += ' tabindex="0"'
    classes = "fact variant" if node.get("variant") else "fact"
    if node["ids"] or node["classes"]:
        attributes = {"classes": classes.split(), "data-fact": node.get("fact_id", "")}
        if described:
            attributes.update({"aria-describedby": popover, "tabindex": "0"})
        self.body.append(self.starttag(node, "span", "", **attributes))
        return
    fact_id = self.attval(node.get("fact_id", ""))
    self.body.append(f'<span class="{classes}" data-fact="{fact_id}"{described}>')


def depart_fact_html(self: Any, node: fact) -> None:
    self.body.append("</span></a>" if node.get("href") else "</span>")


def visit_fact_popovers_html(self: Any, node: fact_popovers) -> None:
    self.body.append(self.starttag(node, "div", "", hidden="hidden"))


def depart_div_html(self: Any, node: nodes.Element) -> None:
    self.body.append("</div>\n")
