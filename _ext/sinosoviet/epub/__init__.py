"""The EPUB: valid XHTML from sphinx-design, and the same archive from the same sources.

List ``"sinosoviet.epub"`` in conf.py's ``extensions``. The parts:

- :mod:`.xhtml`: sphinx-design's tabs and icons as EPUB's XHTML allows them;
- :mod:`.reproducible`: the ``.epub`` archive's entries dated by ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .reproducible import setup_reproducible
from .xhtml import setup_xhtml


def setup(app: Sphinx) -> dict[str, Any]:
    setup_xhtml(app)
    setup_reproducible(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
