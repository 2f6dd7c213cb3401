"""A footnote referenced from inside a container, shown as a sidenote, keeps its references."""

from __future__ import annotations

import pytest


@pytest.mark.sphinx("html", testroot="sidenote-in-container")
def test_note_with_a_reference_inside_an_admonition_builds(app, warning) -> None:
    # Without sinosoviet.theme's RelinkParents: "departing unknown node type: pending_xref".
    app.build()
    assert warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'class="sidenote"' in html
    assert 'href="#top"' in html
