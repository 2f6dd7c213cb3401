"""The book's notes for readers: ``notes.css`` and ``notes.js`` (in the book's ``_static/``) on
every HTML page that uses sphinx-book-theme's sidenotes.

The theme's ``use_sidenotes`` makes each footnote a note inside the paragraph that cites it; the
repairs in :mod:`.sidenotes` keep all of its text. These two files decide where a reader sees it:
beside its reference in the margin of a wide window (placed by a small layout pass, long notes
shortened to their first lines with a "more" button), in place under its line where the margin
cannot hold it (a button with ``aria-expanded``; Escape closes), and as endnotes after the chapter
in print. Without the script the CSS alone still shows every note. The EPUB and the PDF keep their
footnotes: the files go on HTML pages only (Sphinx's EPUB builder never loads them).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config

#: The files, relative to ``html_static_path`` (the book's ``_static/``).
CSS, JS = "notes.css", "notes.js"


def _add_files(app: Sphinx, config: Config) -> None:
    if config.html_theme_options.get("use_sidenotes", False):
        app.add_css_file(CSS)
        app.add_js_file(JS, loading_method="defer")


def setup_notes(app: Sphinx) -> None:
    app.connect("config-inited", _add_files)
