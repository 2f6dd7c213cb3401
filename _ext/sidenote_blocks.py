"""Keep every paragraph of a footnote when sphinx-book-theme makes it a sidenote.

With ``use_sidenotes``, the theme's ``HandleFootnoteTransform`` moves a footnote's *first*
paragraph into the sidenote (an inline ``<span>``, so that it can sit in the paragraph that cites
it) and deletes the footnote: a second paragraph, a list or a quotation in the note is lost from
the page, without a warning. This post-transform runs just before it (priority 0, the theme's is
1) and folds such a footnote into one paragraph: each further paragraph follows a line break, each
list item a line break and a bullet (or its number), so the sidenote says all the note says. The
EPUB and the PDF keep their footnotes as they are (the theme's transform does nothing there, and
this one does not run).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


class FoldFootnoteBlocks(SphinxPostTransform):
    """Make a footnote's body one paragraph, before the theme turns it into a sidenote."""

    default_priority = 0  # before sphinx_book_theme's HandleFootnoteTransform (1)
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


def _lines(blocks: list[nodes.Node], marker: str = "") -> list[list[nodes.Node]]:
    """The blocks as lines of inline nodes (a paragraph is a line; a list item, a line per block)."""
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(FoldFootnoteBlocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
