"""``python -m checks``: the build's checks without the build, printing the build's lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from checks import cli
from checks.domain import get_domain
from checks_helpers import REPO, build, cli_warnings, run_cli, tree_hash, warnings_of

ROOTS = ["checks-clean", "checks-chapters", "checks-registry", "checks-syntax", "checks-design",
         "checks-places"]


@pytest.mark.parametrize("root", ROOTS)
def test_cli_prints_the_lines_the_build_prints(copy_root, root: str) -> None:
    srcdir = copy_root(root)
    before = tree_hash(srcdir)
    status, printed = cli_warnings(srcdir)
    assert tree_hash(srcdir) == before  # nothing written into the sources
    _, warned = build(srcdir)
    assert printed == warned
    assert status == (1 if warned else 0)


def test_cli_respects_suppress_warnings_in_conf_py(copy_root) -> None:
    srcdir = copy_root("checks-registry")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nsuppress_warnings = ["checks.unused_fact"]\n')
    _, printed = cli_warnings(srcdir)
    _, warned = build(srcdir)
    assert printed == warned
    assert printed and not any("[checks.unused_fact]" in line for line in printed)


def test_cli_options_registry_bib_and_no_strict(copy_root, tmp_path: Path) -> None:
    srcdir = copy_root("checks-chapters")
    # The registry and bibliography from elsewhere: the consistent book's.
    clean = copy_root("checks-clean")
    status, printed = cli_warnings(srcdir, "--registry", clean / "facts",
                                   "--bib", clean / "references.bib", "--no-strict")
    assert status == 1
    assert printed and not any("[checks.unbound]" in line for line in printed)
    assert any("[checks.contradiction]" in line for line in printed)
    # A bibliography without the keys: every source is unknown.
    empty = tmp_path / "empty.bib"
    empty.write_text("% nothing\n", encoding="utf-8")
    _, printed = cli_warnings(clean, "--bib", empty)
    assert sum("[checks.unknown_source]" in line for line in printed) == 11  # 10 + a variant


def test_cli_usage_error(tmp_path: Path) -> None:
    run = run_cli(tmp_path / "missing")
    assert run.returncode == 2
    assert "is not a directory" in run.stderr


def _read_by_sphinx(srcdir: Path, builddir: Path) -> tuple[dict, str]:
    """The records a Sphinx build keeps (reading only: the dummy builder), and its warnings."""
    app = SphinxTestApp("dummy", srcdir=srcdir, builddir=builddir, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return get_domain(app.env).records, app.warning.getvalue()


def _what(record) -> tuple:
    """What a record says, without the finding objects: comparable across processes. (Values
    that pages generated from the registry show are the build's: the command makes no pages.)"""
    return (
        [(m.line, m.column, m.fact_id, m.words, m.variant) for m in record.mentions
         if not m.generated],
        [(u.line, u.column, u.text) for u in record.unbound],
        [(e.line, e.column, e.rawtext, e.message) for e in record.errors],
        record.notation,
        record.has_facts_index,
    )


@pytest.mark.parametrize("root", ROOTS)
def test_cli_reads_what_the_build_reads(rootdir: Path, tmp_path: Path, root: str) -> None:
    """Same documents, same mentions, same unbound dates and figures, at the same lines."""
    srcdir = rootdir / f"test-{root}"
    records, _ = _read_by_sphinx(srcdir, tmp_path / "build")
    read = cli.Book(srcdir, {}).read()
    assert {d: _what(r) for d, r in read.items()} == {d: _what(r) for d, r in records.items()}


def test_cli_matches_the_build_on_the_book(tmp_path: Path) -> None:
    """On the real book: what `make check` reads and prints is what `make html` reads and warns
    about the facts (every mention at its line, cards, tabs and dropdowns included)."""
    status, printed = cli_warnings(REPO, "-q")
    records, warnings = _read_by_sphinx(REPO, tmp_path / "build")
    assert printed == warnings_of(warnings, REPO)
    assert status == (1 if printed else 0)
    read = cli.Book(REPO, {}).read()
    assert {d: _what(r) for d, r in read.items()} == {d: _what(r) for d, r in records.items()}
    assert sum(len(r.mentions) for r in read.values()) > 100
