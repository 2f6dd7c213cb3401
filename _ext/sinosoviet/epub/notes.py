"""The notes of the EPUB as EPUB 3 footnotes, which reading systems open as pop-ups.

- **Semantics.** A reading system (Apple Books, Kobo, Thorium) shows a note in a pop-up when the
  reference is ``<a epub:type="noteref">`` and the note ``<aside epub:type="footnote">``. Docutils
  writes the reference and the note with their ARIA roles (``doc-noteref``, ``doc-footnote``) but
  without ``epub:type``; the translator below, used by the EPUB builder only, adds it where the
  element is written (and ``epub:type="footnotes"`` on the list that groups a document's notes);
  :class:`.package.BookEpubBuilder` writes with it.
  The ``epub`` namespace is declared by Sphinx's EPUB builder on every page's ``<html>``. A
  translator, not a rewrite of the written XHTML, because the translator knows which element is a
  note, and the HTML builder is left as it is (its notes are the theme's sidenotes).
- **"[1]", not "[[1]]".** Since docutils 0.18 the brackets of a reference are text
  (``<span class="fn-bracket">[</span>1…``), which a reading system without the publisher's
  styles, a screen reader and copy and paste all keep; Sphinx's ``epub`` theme still adds a
  bracket before and after in CSS (``a.footnote-reference.brackets:before``, written for the
  older markup; sphinx-doc/sphinx#10415), so a reader saw two. ``static/epub-book.css``, given
  to the EPUB builder only, withdraws that generated content: the text's own brackets stay.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

STATIC = Path(__file__).parent / "static"
CSS = "epub-book.css"

#: The attribute, as keyword arguments of ``starttag`` (a name that is no Python identifier).
NOTEREF: dict[str, Any] = {"epub:type": "noteref"}
FOOTNOTE: dict[str, Any] = {"epub:type": "footnote"}
FOOTNOTES = 'epub:type="footnotes"'


class EpubTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, with the notes marked for EPUB reading systems."""

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        classes = ["footnote-reference", self.settings.footnote_references]
        self.body.append(self.starttag(node, "a", suffix="", classes=classes, role="doc-noteref",
                                       href="#" + node["refid"], **NOTEREF))
        self.body.append('<span class="fn-bracket">[</span>')

    def visit_footnote(self, node: nodes.Element) -> None:
        label_style = self.settings.footnote_references
        if not isinstance(node.previous_sibling(), nodes.footnote):
            self.body.append(f'<aside class="footnote-list {label_style}" {FOOTNOTES}>\n')
        self.body.append(self.starttag(node, "aside", classes=[node.tagname, label_style],
                                       role="doc-footnote", **FOOTNOTE))


def _add_static(app: Sphinx) -> None:
    if app.builder.name == "epub":
        # Relative to the configuration directory, so that the configuration (and .buildinfo)
        # is the same wherever the book is built.
        app.config.html_static_path = [*app.config.html_static_path,
                                       os.path.relpath(STATIC, app.confdir)]
        app.add_css_file(CSS)


def setup_notes(app: Sphinx) -> None:
    # The translator is the EPUB builder's own (``BookEpubBuilder.default_translator_class``,
    # in .package), not registered with ``app.set_translator``: pydata-sphinx-theme adds its
    # Bootstrap markup to the registered translators when there are any, and else to the
    # builder's own, so one registered for "epub" would leave the HTML builder without it.
    app.connect("builder-inited", _add_static)
