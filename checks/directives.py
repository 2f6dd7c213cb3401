"""The ``{facts-index}`` directive: the table of every registered fact (id, label, value, sources).

Each row is the target ``facts-<id>`` that every ``{fact}`` of the book links to. The table is
built from the registry when the page is written (see :mod:`checks.transforms`).
"""

from __future__ import annotations

from docutils.parsers.rst import Directive

from . import nodes


class FactsIndex(Directive):
    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.facts_index]:
        node = nodes.facts_index()
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        return [node]
