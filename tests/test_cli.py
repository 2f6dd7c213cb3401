"""``python -m checks``: the build's checks without the build, printing the build's lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks_helpers import REPO, build, cli_warnings, run_cli, tree_hash, warnings_of
from sphinx.testing.util import SphinxTestApp

ROOTS = ["checks-clean", "checks-chapters", "checks-registry", "checks-syntax"]


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


def test_cli_matches_the_build_on_the_book(tmp_path: Path) -> None:
    """On the real book: what `make check` prints is what `make html` warns about the facts."""
    status, printed = cli_warnings(REPO, "-q")
    app = SphinxTestApp("dummy", srcdir=REPO, builddir=tmp_path / "build", freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert printed == warnings_of(app.warning.getvalue(), REPO)
    assert status == (1 if printed else 0)
