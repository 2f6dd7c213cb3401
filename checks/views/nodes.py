"""The doctree nodes of the generated pages.

Values a page shows are the checks' own :class:`checks.nodes.fact` nodes (marked ``generated``:
checked, not "use"); text from the registry is a :class:`registry_text`, a ``{nofact}`` that keeps
its classes. Both are rendered by :mod:`checks.render` like any other. The rest are placeholders,
filled in when the page is written (:mod:`checks.views.places`), and the chart.
"""

from __future__ import annotations

from docutils import nodes

from .. import nodes as checks_nodes


class registry_text(checks_nodes.nofact):  # noqa: N801 - docutils names nodes in lower case
    """Text from the registry (a label, a note): shown as it is, never scanned as the book's
    prose (the checks read it where it is written, in the registry)."""


class places(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """Where the links to the places binding ``fact_id`` go (filled in when written)."""


class discrepancy_link(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """"sources differ": a link to the fact's entry among the discrepancies (filled when
    written)."""


class registry_chart(nodes.General, nodes.Element):  # noqa: N801
    """A chart to draw: ``chart`` (kind), ``data`` (JSON), ``alt``, optional ``width``."""
