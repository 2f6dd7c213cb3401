"""The doctree nodes of the generated pages.

Values a page shows are the checks' own :class:`checks.nodes.fact` nodes (marked ``generated``:
checked, not "use"); text from the registry is a :class:`registry_text`, a ``{nofact}`` that keeps
its classes. Both are rendered by :mod:`checks.render` like any other. The rest are placeholders,
filled in when the page is written (:mod:`checks.views.places`), and the chart.
"""

from __future__ import annotations

import json

from docutils import nodes
from sphinx import addnodes

from .. import nodes as checks_nodes


class registry_text(checks_nodes.nofact):  # noqa: N801 - docutils names nodes in lower case
    """Text from the registry (a label, a note): shown as it is, never scanned as the book's
    prose (the checks read it where it is written, in the registry)."""


class places(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """Where the links to the places binding ``fact_id`` go (filled in when written)."""


class registry_label(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """A fact's label from the registry (``fact_id``; ``chinese``: its Chinese label after the
    English one), filled in when the page is written: a change of a label alone writes the pages
    showing it again, without reading them."""


class discrepancy_link(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """"sources differ": a link to the fact's entry among the discrepancies (filled when
    written)."""


class registry_chart(nodes.General, nodes.Element, addnodes.translatable):  # noqa: N801
    """A chart to draw: ``chart`` (kind), ``data`` (JSON), ``intro`` (the author's alt text),
    optional ``width``.

    The words an author gave it (labels, groups, unit, ``intro``, listed in ``texts``) are
    messages of the document's catalogue, as a toctree's entries are: a translation draws them
    translated.
    """

    def preserve_original_messages(self) -> None:
        self.setdefault("original_texts", list(self.get("texts", [])))

    def extract_original_messages(self) -> list[str]:
        return list(self.get("original_texts", self.get("texts", [])))

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        data = json.loads(self["data"])
        for item in (*data.get("events", []), *data.get("spans", []), *data.get("bars", [])):
            if item.get("label") == original_message:
                item["label"] = translated_message
        groups = data.get("groups", {})
        for group, shown in groups.items():
            if shown == original_message:
                groups[group] = translated_message
        if data.get("unit") == original_message:
            data["unit"] = translated_message
        self["data"] = json.dumps(data, sort_keys=True, ensure_ascii=False)
        if self.get("intro") == original_message:
            self["intro"] = translated_message
