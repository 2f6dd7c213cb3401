"""Repairs to sphinx-book-theme: sidenotes that keep all of a note and resolve its references,
notes a reader can open at every width and print, pages without the scripts a reader never uses,
the page's Contents beside the notes rather than over them, accessible search and bibliography,
tables and charts on a phone, a description per page, a link to the other edition.

List ``"sinosoviet.theme"`` in conf.py's ``extensions`` (with ``html_theme = "sphinx_book_theme"``).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .accessibility import setup_accessibility
from .assets import setup_assets
from .contents import setup_contents
from .editions import setup_editions
from .index_link import setup_index_link
from .interface import setup_interface
from .lean_pages import setup_lean_pages
from .meta import setup_meta
from .notes import setup_notes
from .sidenotes import setup_sidenotes


def setup(app: Sphinx) -> dict[str, Any]:
    setup_sidenotes(app)
    setup_notes(app)
    setup_lean_pages(app)
    setup_assets(app)
    setup_index_link(app)
    setup_editions(app)
    setup_interface(app)
    setup_contents(app)
    setup_accessibility(app)
    setup_meta(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
