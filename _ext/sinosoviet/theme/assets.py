"""The stylesheet and script of the theme repairs, on every HTML page.

``static/book-theme.css``: the Contents panel's icon font (sphinx-book-theme 1.4 names Font
Awesome 6, the pinned pydata-sphinx-theme 0.20 ships Font Awesome 7), the search field's icon
beside the query, dark-theme contrast, the page's Contents in the left sidebar
(:mod:`.contents`), tables and charts on a phone. ``static/tables.js``: marks a table (or chart)
that is wider than the column, so the stylesheet shows that it scrolls.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).resolve().parent / "static"
CSS, JS = "book-theme.css", "tables.js"


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html" and not app.builder.name.startswith("epub"):
        # The web pages only (an EPUB reader has no use for them). Relative to the
        # configuration directory, so that the configuration (and .buildinfo) is the same
        # wherever the book is built.
        path = os.path.relpath(STATIC, app.confdir)
        if path not in app.config.html_static_path:
            app.config.html_static_path.append(path)
        app.add_css_file(CSS)
        app.add_js_file(JS, loading_method="defer")


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", _add_static)
