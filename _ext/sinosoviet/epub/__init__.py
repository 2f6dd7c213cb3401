"""The EPUB: valid XHTML, notes as EPUB footnotes, a cover, full metadata, the index last, and
the same archive from the same sources.

List ``"sinosoviet.epub"`` in conf.py's ``extensions``. The parts:

- :mod:`.xhtml`: sphinx-design's tabs and icons as EPUB's XHTML allows them;
- :mod:`.notes`: note references and notes marked ``epub:type="noteref"`` / ``"footnote"``, so
  that reading systems open notes as pop-ups, and references that read "[1]";
- :mod:`.cover`: the cover, drawn from the title page;
- :mod:`.package`: the EPUB builder with the cover, the description, subjects and accessibility
  metadata, and the index last in the book (or no index page when there are no entries);
- :mod:`.reproducible`: the ``.epub`` archive's entries dated by ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .notes import setup_notes
from .package import setup_package
from .reproducible import setup_reproducible
from .xhtml import setup_xhtml


def setup(app: Sphinx) -> dict[str, Any]:
    setup_xhtml(app)
    setup_notes(app)
    setup_package(app)
    setup_reproducible(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
