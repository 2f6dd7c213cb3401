"""Build a test project and read the checks' warnings, for the Sphinx and CLI tests."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
_ESCAPES = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(text: str, srcdir: Path) -> list[str]:
    """The ``[checks.*]`` warning lines of a build's output, paths relative to ``srcdir``."""
    prefix = str(srcdir) + "/"
    return [
        line.replace(prefix, "")
        for line in _ESCAPES.sub("", text).splitlines()
        if "[checks." in line
    ]


def build(srcdir: Path, builder: str = "html", **kwargs) -> tuple[SphinxTestApp, list[str]]:
    """Build ``srcdir`` (into ``srcdir/_build``); the app and its checks warnings."""
    app = SphinxTestApp(builder, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings_of(app.warning.getvalue(), srcdir)


def all_warnings(app: SphinxTestApp) -> str:
    return _ESCAPES.sub("", app.warning.getvalue())


def run_cli(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checks", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def cli_warnings(srcdir: Path, *args: str | Path) -> tuple[int, list[str]]:
    run = run_cli(*args, srcdir)
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, warnings_of(run.stdout, srcdir)


def tree_hash(root: Path) -> dict[str, str]:
    """Digest of every source file under ``root`` (the build directory left out)."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "_build" not in path.relative_to(root).parts
        and "__pycache__" not in path.parts
    }


def parse(line: str) -> tuple[str, int, str]:
    """``path:line: WARNING: message [checks.subtype]`` -> (path, line, subtype)."""
    path, number, column, subtype = parse_at(line)
    assert column is None, f"a column where none was expected: {line}"
    return path, number, subtype


def parse_at(line: str) -> tuple[str, int, int | None, str]:
    """``path:line[:column]: WARNING: message [checks.subtype]`` -> (path, line, column,
    subtype); column None when the warning gives none."""
    match = re.match(r"(.+?):(\d+)(?::(\d+))?: WARNING: .* \[checks\.(\w+)\]$", line)
    assert match, f"not a located checks warning: {line}"
    return match[1], int(match[2]), int(match[3]) if match[3] else None, match[4]
