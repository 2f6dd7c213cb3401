"""The PDF: the book's structure and print style, long tables, readable links, and its log check.

List ``"sinosoviet.pdf"`` in conf.py's ``extensions``; the LaTeX preamble loads the print style
with ``\\usepackage{sinosoviet}``. The parts:

- :mod:`.book`: front matter, parts and appendices, notes numbered per chapter;
- :mod:`.tables`: long tables that break across pages, with column widths that fit;
- :mod:`.links`: non-ASCII URLs printed as written, linked encoded;
- :mod:`.xindy`: the index sorted by xindy also when latexmk runs without Sphinx's Makefile
  (Read the Docs), with the book's xindy module ``sinosoviet.xdy`` (page ranges, pinyin ü);
- ``sinosoviet.sty``: the print design (headings, running heads, notes, tables, bibliography,
  index), copied into the LaTeX build;
- :mod:`.logcheck`: after XeLaTeX, a build whose log reports lost characters, unresolved
  references or lines in the margin fails (``python -m sinosoviet.pdf``, run by ``make latexpdf``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .book import setup_book
from .links import setup_links
from .tables import setup_tables
from .xindy import MODULE, setup_xindy

STYLE = Path(__file__).parent / "sinosoviet.sty"


def _add_style(app: Sphinx, config: Config) -> None:
    # Relative to the configuration directory, as conf.py would write it, so that the
    # configuration is the same wherever the book is built.
    for path in (STYLE, MODULE):
        relative = os.path.relpath(path, app.confdir)
        if relative not in config.latex_additional_files:
            config.latex_additional_files = [*config.latex_additional_files, relative]


def setup(app: Sphinx) -> dict[str, Any]:
    setup_book(app)
    setup_tables(app)
    setup_links(app)
    setup_xindy(app)
    app.connect("config-inited", _add_style)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
