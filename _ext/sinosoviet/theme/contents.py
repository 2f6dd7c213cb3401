"""The page's Contents in the left sidebar on pages with margin notes: the margin is the notes'.

sphinx-book-theme shows a page's sections in a "Contents" panel at the top of the right-hand
margin, the column where sidenotes stand. On a page with notes it folds the panel to its title
while a note is in view and unfolds it over the notes on hover: either the sections are hidden or
the notes are. On such a page (use_sidenotes, and a footnote in the page) the panel goes instead
under the book's navigation in the left sidebar (its ``page-toc.html``, after ``html_sidebars``),
and the right-hand column holds the notes alone; below 1200 px it opens with the navigation.
Pages without notes keep the theme's panel.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_book_theme.nodes import SideNoteNode

from .. import priorities

#: sphinx-book-theme's component: the "Contents" heading and the page's sections.
PAGE_TOC = "page-toc.html"


def has_notes(doctree: nodes.document | None) -> bool:
    """Whether the written page holds a footnote (made a sidenote by the theme)."""
    if doctree is None:
        return False
    return next(doctree.findall(lambda node: isinstance(node, (SideNoteNode, nodes.footnote))),
                None) is not None


def _move_contents(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    if not app.config.html_theme_options.get("use_sidenotes", False) or not has_notes(doctree):
        return
    items = context.get("secondary_sidebar_items") or []
    if PAGE_TOC not in items:
        return
    context["secondary_sidebar_items"] = [item for item in items if item != PAGE_TOC]
    sidebars = list(context.get("sidebars") or [])
    context["sidebars"] = [*sidebars, PAGE_TOC]
    # No button for the margin's Contents (templates/toggle-secondary-sidebar.html).
    context["contents_in_sidebar"] = True


def setup_contents(app: Sphinx) -> None:
    app.connect("html-page-context", _move_contents, priority=priorities.PAGE_CONTENTS)
