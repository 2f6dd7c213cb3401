"""Build the real book once per test session, with Sphinx's own test application."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(tool_ok: bool, reason: str) -> None:
    """Skip when a system tool is missing, but fail in CI, where every tool must be installed."""
    if tool_ok:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


def have(*tools: str) -> bool:
    return all(shutil.which(tool) for tool in tools)


class Build:
    """The result of one builder run over the book: where it wrote, and what it warned."""

    def __init__(self, builder: str, outdir: Path, warnings: str, status: str) -> None:
        self.builder = builder
        self.outdir = outdir
        self.warnings = warnings
        self.status = status


@cache
def build_book(builder: str, builddir: Path) -> Build:
    """Build the book from the repository with *builder* into *builddir* (once per session)."""
    status, warning = io.StringIO(), io.StringIO()
    app = SphinxTestApp(
        builder,
        srcdir=ROOT,
        builddir=builddir,
        status=status,
        warning=warning,
        confoverrides={"nitpicky": True},
        freshenv=True,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(builder, Path(app.outdir), warning.getvalue(), status.getvalue())


def pdf_pages(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page of *pdf*, as pdftotext reads it (with *layout*, line by line as
    printed: a running head stays one line)."""
    command = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def by_folio(pdf: Path) -> dict[int, str]:
    """The pages of *pdf* that print an arabic page number, by that number, as laid-out text. The
    folio is a page's last line (a chapter's first page, which has no running head) or the first
    or last word of its first line (the running head: "208  Index", "4.4  Why Stalin kept Mao
    waiting  29")."""
    numbered = {}
    for text in pdf_pages(pdf, layout=True):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            continue
        head = lines[0].split()
        for word in (lines[-1], head[0], head[-1]):
            if word.isdigit():
                numbered[int(word)] = text
                break
    return numbered
