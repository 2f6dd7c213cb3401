"""What axe-core finds wrong in the pages Sphinx and the theme write, repaired.

``tests/browser/axe.mjs`` runs axe-core on every page at 1440 and 390 px, light and dark
(``tests/test_accessibility.py``); these are the repairs that make it report nothing serious:

- **The search field's name.** pydata-sphinx-theme labels its search field ``aria-label="Search"``
  while it shows "Search Ctrl + K": a speech user who says what they see does not reach it
  (label-content-name-mismatch). ``templates/search-button-field.html`` drops the label, so the
  button is named by what it shows.
- **The bibliography's list.** docutils writes a run of citations as ``<div role="list">`` holding
  ``<div role="doc-biblioentry">``: a list whose items are not list items (aria-required-children,
  critical), in a role DPUB-ARIA 1.1 deprecates. Each entry becomes ``role="listitem"``.
- The rest is CSS, in ``static/theme.css``.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

#: docutils' opening tag of a citation (``HTMLTranslator.visit_citation``).
_BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry">')


def listitem_citations(body: str) -> str:
    """``body`` with each citation of a ``role="list"`` a ``role="listitem"``."""
    return _BIBLIOENTRY.sub(r'\1 role="listitem">', body)


def _repair_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    if "body" in context:
        context["body"] = listitem_citations(context["body"])


def setup_accessibility(app: Sphinx) -> None:
    app.connect("html-page-context", _repair_page)
