"""A link to the index of people, places and terms under the book's navigation.

sphinx-book-theme links the index nowhere: its left sidebar lists the toctrees only, and Sphinx
keeps ``genindex`` out of them for LaTeX and the EPUB, which place their own index at the end.
When the book has index entries, every HTML page's sidebar gets ``templates/index-link.html``
right after the navigation (so before the page's Contents, wherever :mod:`.contents` puts them).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

#: sphinx-book-theme's navigation component, which the link follows.
NAVIGATION = "sbt-sidebar-nav.html"
INDEX_LINK = "index-link.html"


def _add_index_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: nodes.document | None) -> None:
    if app.builder.name not in ("html", "dirhtml") or not context.get("hasdoc", lambda _: False)(
            "genindex"):
        return
    sidebars = list(context.get("sidebars") or [])
    if INDEX_LINK in sidebars:
        return
    at = sidebars.index(NAVIGATION) + 1 if NAVIGATION in sidebars else len(sidebars)
    context["sidebars"] = [*sidebars[:at], INDEX_LINK, *sidebars[at:]]


def setup_index_link(app: Sphinx) -> None:
    app.connect("html-page-context", _add_index_link)
