"""Which generated pages a builder must write again, though Sphinx would not, and which old
charts to remove.

Sphinx writes a page again when its source changed or it was read again. A generated page also
changes when

- another builder sharing the environment (the doctree directory) read it again: ``make epub``
  after a registry change, then ``make html``. Its output is then older than its last reading
  (``env.all_docs``): it is written again;
- the links to the places of facts it shows changed (a chapter gained a binding, a section was
  renumbered): the links as this builder last wrote them are kept, as a digest, per builder and
  output directory;
- a chart it shows has not been drawn for this builder.

Charts of earlier builds that no page shows any more are removed (an EPUB packs every file it
finds).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .drawing import chart_name
from .links import links_digest
from .record import PageView, generated_pages

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def builder_key(app: Sphinx) -> str:
    """What tells one builder's output from another's: its name and output directory."""
    return f"{app.builder.name}:{os.path.realpath(app.outdir)}"


def pages_to_write(app: Sphinx, env: BuildEnvironment, views: Mapping[str, PageView],
                   places_written: dict[str, str]) -> set[str]:
    """The generated pages this builder must write again (``views``: each document's; and
    ``places_written``: builder key -> digest of the links it last wrote, updated here)."""
    if not generated_pages(views):
        return set()
    return _read_since_written(app, env, views) \
        | _places_changed(app, env, views, places_written) | _charts_to_draw(app, views)


def _read_since_written(app: Sphinx, env: BuildEnvironment,
                        views: Mapping[str, PageView]) -> set[str]:
    """Generated pages read again since this builder wrote them (by another builder)."""
    output_path = getattr(app.builder, "get_output_path", None)
    if output_path is None:  # a builder writing one file (LaTeX, single HTML) writes every page
        return set()
    stale = set()
    for docname in generated_pages(views):
        read = env.all_docs.get(docname)
        try:
            written = os.stat(output_path(docname)).st_mtime_ns // 1_000
        except OSError:
            continue  # not written yet: Sphinx writes it
        if read is not None and written < read:
            stale.add(docname)
    return stale


def _places_changed(app: Sphinx, env: BuildEnvironment, views: Mapping[str, PageView],
                    written: dict[str, str]) -> set[str]:
    """Pages listing places, when a link they show changed since this builder wrote them."""
    pages = set(generated_pages(views, "places"))
    if not pages:
        return set()
    digest = links_digest(env, views)
    key = builder_key(app)
    if written.get(key) == digest:
        return set()
    written[key] = digest
    return pages


def _charts_to_draw(app: Sphinx, views: Mapping[str, PageView]) -> set[str]:
    """Pages whose charts this builder has not drawn; charts no page shows are removed."""
    builder = app.builder
    if builder.format == "html":
        directory, fmt = Path(builder.outdir, builder.imagedir), "svg"
    elif builder.format == "latex":
        directory, fmt = Path(builder.outdir), "pdf"
    else:
        return set()
    names = {docname: {chart_name(chart.kind, chart.data, fmt) for chart in view.charts}
             for docname, view in views.items() if view.charts}
    current = set().union(*names.values()) if names else set()
    if directory.is_dir():
        for path in directory.glob(f"registry-*.{fmt}"):
            if path.name not in current:
                path.unlink()
    return {d for d, wanted in names.items() if any(not (directory / n).exists() for n in wanted)}
