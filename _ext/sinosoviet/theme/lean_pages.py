"""Leave out of every page what the theme loads and the book does not use (page weight).

``python bench/page_weight.py`` measures what a reader downloads for a chapter. Two things
pydata-sphinx-theme (under sphinx-book-theme) puts on every page cost most of it and do nothing in
this book; the template ``templates/layout.html`` beside this module drops them:

- ``scripts/fontawesome.js`` (1.5 MB, over half the gzipped weight of a chapter), Font Awesome's
  JavaScript, which the theme loads "so that users can add custom icons". The book adds none, and
  the theme's own icons (search, download, full screen, light/dark, navigation) are drawn by the
  Font Awesome web font its stylesheet already declares;
- ``searchtools.js``, ``language_data.js`` and ``searchindex.js`` (the whole search index,
  render-blocking, in ``<head>``), loaded on every page for the theme's search-as-you-type, which is
  off (``search_as_you_type``; if it is turned on they stay). Searching works as before: the search
  box leads to ``search.html``, which loads them itself.

The template extends the theme's ``layout.html`` and filters the lines of two of its blocks, so
it does not depend on the theme's asset digests. It is put on ``templates_path`` (after the
book's own template directories, which win if one of them has a ``layout.html``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _add_templates(app: Sphinx, config: Config) -> None:
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_lean_pages(app: Sphinx) -> None:
    app.connect("config-inited", _add_templates)
