"""What the checks remember within a build gives what working it out again gives, also after the
registry changes between two builds of one process (``make live``)."""

from __future__ import annotations

import re
from pathlib import Path

from checks import checker, cli, notation
from checks_helpers import build

REPO = Path(__file__).resolve().parent.parent


def test_a_fact_is_displayed_as_the_notation_writes_it() -> None:
    book = cli.Book(REPO, {})
    project = checker.Project.load(book.srcdir, book.config)
    for fact in project.facts_in_order():
        for name in ("en", "zh"):
            once = project.display(fact, name)
            assert project.display(fact, name) == once == notation.format_value(fact, name)


def _index_row(page: Path, fact_id: str) -> str:
    html = page.read_text(encoding="utf-8")
    row = re.search(rf'<tr id="facts-{fact_id}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {fact_id} in {page}"
    return row[1]


def test_a_rebuild_after_a_registry_change_displays_the_new_value(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    app, _ = build(srcdir)
    assert "US$300 million" in _index_row(Path(app.outdir, "chapters/facts.html"),
                                          "loan-1950-usd")
    facts = srcdir / "facts/02-treaty.toml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "value = 300_000_000", "value = 400_000_000"), encoding="utf-8")
    app, _ = build(srcdir)
    row = _index_row(Path(app.outdir, "chapters/facts.html"), "loan-1950-usd")
    assert "US$400 million" in row and "300" not in row
