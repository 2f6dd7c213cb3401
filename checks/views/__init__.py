"""Pages, tables and figures generated from the facts registry: the registry's views, part of the
``checks`` package.

``{chronology}`` and ``{discrepancies}`` (:mod:`.pages`), ``{registry-table}`` (:mod:`.tables`),
``{registry-figure}`` (:mod:`.figures`, drawn by :mod:`.drawing`), the places where chapters
bind facts (:mod:`.places`). They read the project the ``checks`` domain loaded for the build,
write values as the checks' own fact nodes (checked in the same pass as the chapters, rendered by
the same renderer, never counted as "use"), and keep what each page takes from the registry in the
same domain (:mod:`.record`), whose handlers decide what to read and write again
(:mod:`.refresh`). :func:`setup` is called by ``checks.setup``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
CSS = "registry.css"
#: A checked fact's provenance as a popover (:mod:`checks.provenance`); not in the EPUB.
POPOVER_CSS, POPOVER_JS = "provenance.css", "provenance.js"
STATIC_POPOVER = (POPOVER_CSS, POPOVER_JS)


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        path = os.path.relpath(STATIC, app.confdir)
        if path not in app.config.html_static_path:
            app.config.html_static_path.append(path)
        app.add_css_file(CSS)
        from ..provenance import wants_popover

        if wants_popover(app.builder.name, app.builder.format):
            app.add_css_file(POPOVER_CSS)
            app.add_js_file(POPOVER_JS, loading_method="defer")
        else:  # the EPUB: not in the book's files either (no script in the EPUB)
            app.config.epub_exclude_files = [*app.config.epub_exclude_files,
                                             *(f"_static/{name}" for name in STATIC_POPOVER)]


def setup(app: Sphinx) -> None:
    from .figures import setup_figures
    from .nodes import registry_text
    from .pages import Chronology, Discrepancies
    from .places import setup_places
    from .tables import RegistryTable

    app.add_node(registry_text)
    app.add_directive("chronology", Chronology)
    app.add_directive("discrepancies", Discrepancies)
    app.add_directive("registry-table", RegistryTable)
    setup_figures(app)
    setup_places(app)
    app.connect("builder-inited", _add_static)
