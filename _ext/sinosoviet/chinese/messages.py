"""Every paragraph of a table a translator can translate, wherever the table stands.

Sphinx extracts a message only from a node that knows its source file; MyST sets the source of a
table but not of its cells' paragraphs, which inherit it only at the top of a document. A table
inside a directive's content (a dropdown, a tab) therefore lost its cells from the catalogue and
stayed English in the translation (sphinx-design issue 234). :class:`TableCellSources` gives those
paragraphs their table's source and line before Sphinx's i18n transforms read the document.
The tables ``checks`` generates are left alone: their words come from the registry (``label_zh``)
and from the checks' own catalogue, not from a translator. :class:`TranslatedIds` mends what
Sphinx's translation does to a paragraph that cites one work twice.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..priorities import TABLE_CELL_SOURCES, TRANSLATED_IDS

#: The class of the tables ``checks`` generates from the registry (labels, values, citations).
GENERATED = "registry-table"


class TableCellSources(SphinxTransform):
    """A table's source and line on each of its text elements that has none."""

    default_priority = TABLE_CELL_SOURCES

    def apply(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if not table.source or GENERATED in table["classes"]:
                continue  # a table the checks write from the registry speaks its own language
            for node in table.findall(nodes.TextElement):
                if not node.source:
                    node.source, node.line = table.source, node.line or table.line


class TranslatedIds(SphinxTransform):
    """One id per node in a translated document.

    When a translated paragraph cites the same work twice (``{cite:alp}`key``` in two places, as
    its English does), Sphinx's ``Locale`` gives both new citation references the attributes of
    the first English one it matches by target, its id included, and the page then holds that id
    twice (epubcheck: "Duplicate ID"). The second and later holders get an id of their own.
    """

    default_priority = TRANSLATED_IDS

    def apply(self, **kwargs: Any) -> None:
        if not self.config.language or self.config.language == "en":
            return
        seen: set[str] = set()
        for node in self.document.findall(nodes.Element):
            repeated = [ident for ident in node["ids"] if ident in seen]
            seen.update(node["ids"])
            if not repeated:
                continue
            node["ids"] = [ident for ident in node["ids"] if ident not in repeated]
            if not node["ids"]:
                self.document.set_id(node)
                seen.update(node["ids"])


def setup_messages(app: Sphinx) -> None:
    app.add_transform(TableCellSources)
    app.add_transform(TranslatedIds)
