"""The bibliography as a printed history book sets it: its style, its entries, its citations.

List ``"sinosoviet.bibliography"`` in conf.py's ``extensions`` (it sets up sphinxcontrib-bibtex),
and choose the book's styles there: ``bibtex_default_style = "history"`` and
``bibtex_reference_style = "author_year_history"``. The parts:

- :mod:`.style`: the pybtex and sphinxcontrib-bibtex styles (pure, no Sphinx application);
- :mod:`.bibfiles`: a syntax error in a .bib file fails the build without a traceback, and fails
  it again until it is fixed;
- :mod:`.entries`: the bibliography without numeric labels, as a hanging list in print, and its
  citations' full stops and links;
- ``static/bibliography.css``: its look on the web pages.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import style
from .bibfiles import setup_bibfiles
from .entries import setup_entries

STATIC = Path(__file__).parent / "static"
CSS = "bibliography.css"


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        # Relative to the configuration directory, so that the configuration (and .buildinfo)
        # is the same wherever the book is built.
        app.config.html_static_path.append(os.path.relpath(STATIC, app.confdir))
        app.add_css_file(CSS)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    style.register()
    setup_bibfiles(app)
    setup_entries(app)
    app.connect("builder-inited", _add_static)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
