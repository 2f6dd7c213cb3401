"""Repairs to sphinx-book-theme: sidenotes that keep all of a note and resolve its references,
notes a reader can open at every width and print, and pages without the scripts a reader never
uses.

List ``"sinosoviet.theme"`` in conf.py's ``extensions`` (with ``html_theme = "sphinx_book_theme"``).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .lean_pages import setup_lean_pages
from .notes import setup_notes
from .sidenotes import setup_sidenotes


def setup(app: Sphinx) -> dict[str, Any]:
    setup_sidenotes(app)
    setup_notes(app)
    setup_lean_pages(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
