"""Build tests/roots/test-registry-pages (a small book with the pages and figures checks.views
makes from its registry)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

_ESCAPES = re.compile(r"\x1b\[[0-9;]*m")
ROOT = "registry-pages"


def build(srcdir: Path, builder: str = "html", **kwargs) -> tuple[SphinxTestApp, str]:
    """Build ``srcdir`` into ``srcdir/_build`` (again: incrementally); the app and all warnings."""
    warning = io.StringIO()
    app = SphinxTestApp(builder, srcdir=srcdir, warning=warning, status=io.StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, _ESCAPES.sub("", warning.getvalue())


def page(app: SphinxTestApp, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"),
                         "html.parser")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
