"""Repairs around sphinx-book-theme's sidenotes, before and after its ``HandleFootnoteTransform``.

With ``use_sidenotes``, the theme's transform makes each footnote a sidenote: an inline ``<span>``
in the paragraph that cites it. Two things go wrong, and are repaired here, one on each side of it:

- **Every paragraph of a note is kept.** The theme moves a footnote's *first* paragraph into the
  sidenote and deletes the footnote: a second paragraph, a list or a quotation in the note is lost
  from the page, without a warning. :class:`FoldFootnoteBlocks` runs just before it and folds such
  a footnote into one paragraph: each further paragraph follows a line break, each list item a line
  break and a bullet (or its number), so the sidenote says all the note says. The EPUB and the PDF
  keep their footnotes as they are (the theme's transform does nothing there, and this one does not
  run).
- **References in a note resolve.** For a footnote reference that stands inside a container (an
  admonition, a card, a dropdown, a table cell), the theme copies the note's content without
  resetting the copied children's ``parent`` links. Sphinx's reference resolver then resolves a
  ``{cite}`` or ``{ref}`` of that note in the detached original instead of the copy on the page,
  and the HTML writer crashes on the unresolved ``pending_xref`` ("departing unknown node type").
  :class:`RelinkParents` re-links every child to its holder, between the theme's transform and the
  resolver. Minimal reproduction: ``tests/roots/test-sidenote-in-container``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import priorities


class FoldFootnoteBlocks(SphinxPostTransform):
    """Make a footnote's body one paragraph, before the theme turns it into a sidenote."""

    default_priority = priorities.SIDENOTE_BLOCKS
    builders = ("html", "dirhtml", "singlehtml")  # the web pages, where the theme makes sidenotes

    def run(self, **kwargs: Any) -> None:
        if not self.config.html_theme_options.get("use_sidenotes", False):
            return
        for footnote in list(self.document.findall(nodes.footnote)):
            body = footnote.children[1:]
            if len(body) > 1 or (body and not isinstance(body[0], nodes.paragraph)):
                footnote.children[1:] = []
                footnote += fold(body)


def fold(blocks: list[nodes.Node]) -> nodes.paragraph:
    """One paragraph with the inline content of ``blocks``, a line break between them."""
    paragraph = nodes.paragraph()
    for inline in _lines(blocks):
        if len(paragraph):
            paragraph += nodes.raw("", "<br />", format="html")
        paragraph.extend(inline)
    return paragraph


def _lines(blocks: Sequence[nodes.Node], marker: str = "") -> list[list[nodes.Node]]:
    """The blocks as lines of inline nodes (a paragraph is a line; a list item, a line per
    block)."""
    lines: list[list[nodes.Node]] = []
    for block in blocks:
        if isinstance(block, nodes.paragraph):
            lines.append(([nodes.Text(marker)] if marker else []) + list(block.children))
            marker = ""
        elif isinstance(block, (nodes.bullet_list, nodes.enumerated_list)):
            numbered = isinstance(block, nodes.enumerated_list)
            start = block.get("start", 1)
            for number, item in enumerate(block.children, start=start):
                lines += _lines(item.children, f"{number}. " if numbered else "• ")
        elif isinstance(block, nodes.Element) and any(
                isinstance(child, nodes.Body) for child in block.children):
            lines += _lines(block.children, marker)  # a quotation, a container, a note
            marker = ""
        elif isinstance(block, nodes.Element):
            lines.append([nodes.Text(marker + block.astext())])  # code, a table: its text
            marker = ""
    return lines


class RelinkParents(SphinxPostTransform):
    """Point every node's ``parent`` at the element that actually holds it."""

    default_priority = priorities.SIDENOTE_PARENTS
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for element in self.document.findall(nodes.Element):
            for child in element.children:
                child.parent = element


def setup_sidenotes(app: Sphinx) -> None:
    app.add_post_transform(FoldFootnoteBlocks)
    app.add_post_transform(RelinkParents)
