"""Mark every run of Chinese in the HTML and EPUB with its language: ``lang="zh-Hans"`` or
``zh-Hant``.

The pages are English (``<html lang="en">``); without a mark on the Chinese, a screen reader reads
周恩来 with an English voice and a browser picks a font for it by guesswork (often a Japanese one).
Each run of Chinese characters (see :mod:`.text` for what a run is and how its script is decided)
is wrapped in a :class:`cjk_text` node, which HTML writes as ``<span lang="zh-Hans">…</span>`` (the
EPUB, XHTML, also as ``xml:lang``) and every other writer as its bare text: LaTeX already sets
Chinese in the CJK font through xeCJK.

Two passes, so that every place Chinese can reach a page is covered:

- when a document is written (``doctree-resolved``, after the ``checks`` extension has filled in
  the words of ``{fact}`` roles, after sphinxcontrib-bibtex's bibliography and citations and
  sphinx-book-theme's sidenotes): the whole body, notes, tables, captions, bibliography;
- when it is read, its titles only, so the tables of contents built from them (the page's "On this
  page" list, the navigation) carry the mark too.

Code, maths and text that already carries a language are left alone. Raw HTML that extensions
write into the page (the ``checks`` extension writes the table of registered facts that way) has
the runs in its text wrapped too (:func:`.text.mark_html`: never inside a tag, code, a script or a
style), unless it marks languages itself. A ``{fact}`` keeps its
``<span class="fact" data-fact="…">``; the language span goes inside it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .. import priorities
from . import text as cjk


class cjk_text(nodes.inline):  # noqa: N801 - docutils names nodes in lower case
    """A run of Chinese text; its ``lang`` attribute is ``zh-Hans`` or ``zh-Hant``."""


#: Nodes whose text is not marked: code, raw output (but see :func:`mark`), maths, images (their
#: alt text is an attribute).
SKIPPED = (
    nodes.literal,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.raw,
    nodes.comment,
    nodes.math,
    nodes.math_block,
    nodes.image,
    nodes.system_message,
    cjk_text,
)


def _has_language(node: nodes.Element) -> bool:
    return bool(node.get("lang")) or any(c.startswith("language-") for c in node["classes"])


def mark(element: nodes.Element, xml: bool = False) -> int:
    """Wrap the runs of Chinese in the text under ``element``; return how many were wrapped.

    Raw HTML is marked in its text (``xml``: with ``xml:lang`` too, for the EPUB). The walk goes by
    each element's list of children, never by a node's ``parent``: sphinx-book-theme moves a
    footnote's content into its sidenote by assigning the list, and leaves the moved nodes'
    ``parent`` pointing at the footnote it removed.
    """
    if isinstance(element, nodes.raw) and "html" in element.get("format", "").split():
        before = element.astext()
        after = cjk.mark_html(before, xml)
        if after != before:
            element.children = []
            element += nodes.Text(after)
        return after.count("<span lang=") - before.count("<span lang=")
    if isinstance(element, SKIPPED) or _has_language(element):
        return 0
    count = 0
    children: list[nodes.Node] = []
    changed = False
    for child in element.children:
        if isinstance(child, nodes.Text):
            pieces = _split(child)
            if pieces is None:
                children.append(child)
            else:
                children += pieces
                count += sum(isinstance(piece, cjk_text) for piece in pieces)
                changed = True
        elif isinstance(child, nodes.Element):  # the one other kind of node
            count += mark(child, xml)
            children.append(child)
    if changed:
        element.children = []
        element.extend(children)
    return count


def _split(text: nodes.Text) -> list[nodes.Node] | None:
    """``text`` as plain text and :class:`cjk_text` pieces, or None when it holds no Chinese."""
    value = str(text)
    found = list(cjk.runs(value))
    if not found:
        return None
    pieces: list[nodes.Node] = []
    end = 0
    for run in found:
        if run.start() > end:
            pieces.append(nodes.Text(value[end : run.start()]))
        pieces.append(cjk_text(run.group(), nodes.Text(run.group()), lang=cjk.script(run.group())))
        end = run.end()
    if end < len(value):
        pieces.append(nodes.Text(value[end:]))
    return pieces


class MarkChineseInTitles(SphinxTransform):
    """When a document is read: mark the Chinese in its titles, for the tables of contents."""

    default_priority = priorities.CHINESE_TITLES

    def apply(self, **kwargs: Any) -> None:
        for title in list(self.document.findall(nodes.title)):
            mark(title)


def mark_document(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """When a document is written: mark the Chinese in all of it."""
    if app.builder.format == "html":
        mark(doctree, xml=app.builder.name.startswith("epub"))


def visit_cjk_text_html(self: Any, node: cjk_text) -> None:
    attributes = {"lang": node["lang"]}
    if self.builder.name.startswith("epub"):  # XHTML: the XML attribute too
        attributes["xml:lang"] = node["lang"]
    self.body.append(self.starttag(node, "span", "", **attributes))


def depart_cjk_text_html(self: Any, node: cjk_text) -> None:
    self.body.append("</span>")


def _text_only(self: Any, node: cjk_text) -> None:
    pass


def setup_lang(app: Sphinx) -> None:
    app.add_node(
        cjk_text,
        html=(visit_cjk_text_html, depart_cjk_text_html),
        latex=(_text_only, _text_only),
        text=(_text_only, _text_only),
        man=(_text_only, _text_only),
        texinfo=(_text_only, _text_only),
    )
    app.add_transform(MarkChineseInTitles)
    app.connect("doctree-resolved", mark_document, priority=priorities.CHINESE_PAGES)
