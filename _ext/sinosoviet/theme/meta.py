"""Each page's ``<meta name="description">``: its first paragraph, or the book's description.

Search engines show it under a page's title (Lighthouse's SEO audit asks for one on every page).
A page's description is the text of its first paragraph, shortened at a word to at most
:data:`LIMIT` characters with an ellipsis; a page without a paragraph (the index, the search page)
takes ``sinosoviet_description`` from conf.py. The canonical address comes from Sphinx's own
``html_baseurl`` (conf.py reads it from Read the Docs' ``READTHEDOCS_CANONICAL_URL``).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_book_theme.nodes import SideNoteNode

#: What search engines show of a description, about.
LIMIT = 160


#: Inline notes whose text is not the paragraph's: footnotes, their numbers, the theme's sidenotes.
_NOTES = (nodes.footnote, nodes.footnote_reference, SideNoteNode)


def description(doctree: nodes.document | None, fallback: str) -> str:
    """The first paragraph of ``doctree`` (without its notes) as one line of at most
    :data:`LIMIT` characters; ``fallback`` when it has none of 40 characters or more."""
    for paragraph in (doctree.findall(nodes.paragraph) if doctree is not None else ()):
        if any(isinstance(parent, _NOTES) for parent in _ancestors(paragraph)):
            continue
        words = "".join(text.astext() for text in paragraph.findall(nodes.Text)
                        if not any(isinstance(p, _NOTES) for p in _ancestors(text, paragraph)))
        text = re.sub(r"\s+", " ", words).strip()
        if len(text) >= 40:  # a caption or a label is not a summary
            return shorten(text)
    return shorten(fallback)


def _ancestors(node: nodes.Node, stop: nodes.Node | None = None) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None and parent is not stop:
        found.append(parent)
        parent = parent.parent
    return found


def shorten(text: str) -> str:
    if len(text) <= LIMIT:
        return text
    cut = text[: LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—")
    return cut + "…"


def _add_description(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
    text = description(doctree, app.config.sinosoviet_description)
    if text:
        context["metatags"] = context.get("metatags", "") + (
            f'\n    <meta name="description" content="{_attribute(text)}" />')


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def setup_meta(app: Sphinx) -> None:
    app.add_config_value("sinosoviet_description", "", "html", types=(str,))
    app.connect("html-page-context", _add_description)
