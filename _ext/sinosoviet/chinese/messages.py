"""Every paragraph of a table a translator can translate, wherever the table stands.

Sphinx extracts a message only from a node that knows its source file; MyST sets the source of a
table but not of its cells' paragraphs, which inherit it only at the top of a document. A table
inside a directive's content (a dropdown, a tab) therefore lost its cells from the catalogue and
stayed English in the translation (sphinx-design issue 234). :class:`TableCellSources` gives those
paragraphs their table's source and line before Sphinx's i18n transforms read the document.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from ..priorities import TABLE_CELL_SOURCES


class TableCellSources(SphinxTransform):
    """A table's source and line on each of its text elements that has none."""

    default_priority = TABLE_CELL_SOURCES

    def apply(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if not table.source:
                continue
            for node in table.findall(nodes.TextElement):
                if not node.source:
                    node.source, node.line = table.source, node.line or table.line


def setup_messages(app: Sphinx) -> None:
    app.add_transform(TableCellSources)
