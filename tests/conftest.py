"""Shared test set-up: Sphinx's test fixtures, the test projects in tests/roots, the repository's
`checks` package on sys.path (the test projects' conf.py files list it as an extension)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "_ext"):  # `checks`, and the small local extensions in _ext/
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

pytest_plugins = ("sphinx.testing.fixtures",)

#: The test projects are built by the tests, not collected.
collect_ignore = ["roots"]


def pytest_configure(config: pytest.Config) -> None:
    # MyST-Parser 5.2 uses attributes that Sphinx 9 deprecates (env.app, ...): not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore::PendingDeprecationWarning:myst_parser")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where `@pytest.mark.sphinx(testroot="checks-<case>")` finds tests/roots/test-<case>."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture
def copy_root(rootdir: Path, tmp_path: Path):
    """Copy tests/roots/test-<name> to a fresh directory (a test may edit the copy)."""

    def copy(name: str) -> Path:
        srcdir = tmp_path / name
        shutil.copytree(rootdir / f"test-{name}", srcdir)
        return srcdir

    return copy
