"""The Chinese in the index marked with its language, as in the rest of the book.

The index page (genindex) is written from a template, not from a doctree, so :mod:`.lang` never
sees its headings ("Gao Gang 高岗", "see Xiamen 厦门"). Before the page is written this module
gives the template each heading as markup, its runs of Chinese in ``<span lang="zh-Hans">`` (and
``xml:lang`` in the EPUB), the rest escaped as the template would have.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx

from . import text as cjk


def marked(name: str, xml: bool = False) -> str | Markup:
    """*name* as markup with its runs of Chinese in a span with their language; unchanged when
    it holds none."""
    runs = list(cjk.runs(name))
    if not runs:
        return name
    pieces: list[Markup] = []
    end = 0
    for run in runs:
        lang = cjk.script(run.group())
        attributes = f'lang="{lang}"' + (f' xml:lang="{lang}"' if xml else "")
        pieces.append(escape(name[end : run.start()]))
        pieces.append(Markup(f"<span {attributes}>{escape(run.group())}</span>"))
        end = run.end()
    pieces.append(escape(name[end:]))
    return Markup("").join(pieces)


def _mark_index(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    if not pagename.startswith("genindex") or "genindexentries" not in context:
        return
    xml = app.builder.name.startswith("epub")
    context["genindexentries"] = [
        (letter, [
            (marked(name, xml), (links, [(marked(sub, xml), sublinks)
                                         for sub, sublinks in subitems], key))
            for name, (links, subitems, key) in entries
        ])
        for letter, entries in context["genindexentries"]
    ]


def setup_genindex(app: Sphinx) -> None:
    app.connect("html-page-context", _mark_index)
