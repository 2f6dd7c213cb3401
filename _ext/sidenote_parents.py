"""Repair the document tree after sphinx-book-theme turns footnotes into sidenotes.

With ``use_sidenotes``, the theme's ``HandleFootnoteTransform`` copies a footnote's content next
to a footnote reference that stands inside a container (an admonition, a card, a dropdown, a table
cell) without resetting the copied children's ``parent`` links. Sphinx's reference resolver then
resolves a ``{cite}`` or ``{ref}`` of that note in the detached original instead of the copy on
the page, and the HTML writer crashes on the unresolved ``pending_xref`` ("departing unknown node
type"). Re-linking every child to its holder, between the theme's transform (priority 1) and the
resolver (priority 10), fixes it. Minimal reproduction: an admonition referencing a footnote that
contains a ``{ref}``, built with ``use_sidenotes: True``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


class RelinkParents(SphinxPostTransform):
    """Point every node's ``parent`` at the element that actually holds it."""

    default_priority = 2
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for element in self.document.findall(nodes.Element):
            for child in element.children:
                child.parent = element


def setup(app: Sphinx) -> dict:
    app.add_post_transform(RelinkParents)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
