"""A failed build fails again (checks/rerun.py): the same strict build, run twice on the same
build directory, reports the same warnings and fails twice, Sphinx's own warnings included; once
the cause is fixed, the next build passes having read only what warned."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import SphinxWarning
from sphinx.testing.util import SphinxTestApp

from checks_helpers import REPO

_ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.MULTILINE)
_COUNTS = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")

#: What the failing book below warns about, and where (serial and parallel alike).
FAILING = [
    "chapters/one.md:16: WARNING: 'US$400 million' contradicts fact 'loan-1950-usd'",  # checks
    'chapters/two.md:23: WARNING: Unknown interpreted text role "fcat". [myst.role_unknown]',
    'chapters/two.md:23: WARNING: could not find bibtex key "nosuchkey" [bibtex.key_not_found]',
    "chapters/two.md:23: WARNING: py:class reference target not found: NoSuchClass [ref.class]",
    "orphan.md: WARNING: document isn't included in any toctree [toc.not_included]",
]


@dataclass(frozen=True)
class Build:
    status: int  # the exit status sphinx-build would return
    warnings: list[str]  # warnings and errors, sorted, paths relative to the source directory
    read: list[str]  # the documents Sphinx reports it read (a serial build)
    counts: tuple[int, int, int]  # added, changed, removed


def build(srcdir: Path, builder: str = "html", **kwargs) -> Build:
    """One strict, nitpicky build (``make html``'s ``-n -W``) into ``srcdir/_build``."""
    app = SphinxTestApp(builder, srcdir=srcdir, warningiserror=True,
                        confoverrides={"nitpicky": True, **kwargs.pop("confoverrides", {})},
                        **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    prefix = str(srcdir) + "/"
    warnings = _ESCAPES.sub("", app.warning.getvalue()).replace(prefix, "").splitlines()
    # One line per document, or (a colour terminal, as under CI) one line rewritten after "\r".
    status = _ESCAPES.sub("", app.status.getvalue()).replace("\r", "\n")
    counts = _COUNTS.search(status)
    assert counts, status
    return Build(app.statuscode, sorted(w for w in warnings if "WARNING:" in w or "ERROR:" in w),
                 sorted(_READING.findall(status)),
                 (int(counts[1]), int(counts[2]), int(counts[3])))


def edit(path: Path, text: str) -> None:
    """Write ``text``, the file dated after the last build read it (as an editor would)."""
    time.sleep(0.01)
    path.write_text(text, encoding="utf-8")


def append(path: Path, text: str) -> None:
    edit(path, path.read_text(encoding="utf-8") + text)


@pytest.fixture
def failing_book(copy_root) -> Path:
    """The consistent test book with a role typo, an unknown citation key, an unknown Python
    target (nitpicky), a document outside the toctree, and a contradiction the checks find."""
    srcdir = copy_root("checks-clean")
    append(srcdir / "chapters/one.md", "\nThe credit was {fact}`US$400 million <loan-1950-usd>`.\n")
    append(srcdir / "chapters/two.md",
           "\nA {fcat}`typo`, a key {cite:t}`nosuchkey`, a class {py:class}`NoSuchClass`.\n")
    (srcdir / "orphan.md").write_text("# Orphan\n\nIn no toctree.\n", encoding="utf-8")
    return srcdir


def assert_failing(run: Build) -> None:
    assert run.status == 1
    for expected in FAILING:
        assert any(w.startswith(expected) for w in run.warnings), (expected, run.warnings)


def test_the_same_failing_build_fails_twice_with_the_same_warnings(failing_book: Path) -> None:
    first = build(failing_book)
    assert_failing(first)
    assert first.counts == (5, 0, 0)

    second = build(failing_book)  # nothing changed
    assert second.status == 1
    assert second.warnings == first.warnings
    # What warned is read again, and only that (the checks warn on every build, reading nothing).
    assert second.read == ["chapters/two", "orphan"]

    third = build(failing_book)
    assert (third.status, third.warnings, third.read) == (1, first.warnings, second.read)


def test_a_parallel_failing_build_fails_twice_with_the_same_warnings(failing_book: Path) -> None:
    first = build(failing_book, parallel=2)
    assert_failing(first)
    second = build(failing_book, parallel=2)
    assert second.status == 1
    assert second.warnings == first.warnings
    assert second.counts == (0, 2, 0)  # chapters/two and orphan


def test_once_fixed_the_next_build_passes_reading_only_what_warned(failing_book: Path) -> None:
    assert_failing(build(failing_book))
    assert_failing(build(failing_book))
    one, two = failing_book / "chapters/one.md", failing_book / "chapters/two.md"
    edit(one, one.read_text(encoding="utf-8").replace("US$400 million", "US$300 million"))
    edit(two, two.read_text(encoding="utf-8").replace("{fcat}", "{nofact}")
         .replace("{cite:t}`nosuchkey`", "{cite:t}`zhwiki`").replace("{py:class}", "{code}"))
    edit(failing_book / "orphan.md", "---\norphan: true\n---\n# Orphan\n\nIn no toctree.\n")

    fixed = build(failing_book)
    assert (fixed.status, fixed.warnings) == (0, [])
    assert fixed.read == ["chapters/one", "chapters/two", "orphan"]  # not index, not facts

    again = build(failing_book)
    assert (again.status, again.warnings, again.read) == (0, [], [])


def test_a_warning_while_writing_comes_back_for_every_builder_sharing_the_environment(
    copy_root,
) -> None:
    """``html``, ``text`` and ``latex`` share ``_build/doctrees``: each fails until the cause is
    fixed, whichever ran last."""
    srcdir = copy_root("checks-clean")
    append(srcdir / "chapters/two.md", "\nA class {py:class}`NoSuchClass`.\n")
    unresolved = ["chapters/two.md:23: WARNING: py:class reference target not found: "
                  "NoSuchClass [ref.class]"]
    for builder in ("html", "text", "latex", "html", "text", "latex"):
        run = build(srcdir, builder)
        assert (run.status, run.warnings) == (1, unresolved), builder


def test_a_warning_at_no_document_makes_the_next_build_start_afresh(copy_root) -> None:
    """sphinxcontrib-bibtex reports an unreadable .bib file only when it parses the .bib files
    again, which a build that kept its environment does not."""
    srcdir = copy_root("checks-clean")
    conf = srcdir / "conf.py"
    edit(conf, conf.read_text(encoding="utf-8").replace(
        '["references.bib"]', '["references.bib", "extra.bib"]'))
    for _ in range(2):
        run = build(srcdir)
        assert run.status == 1
        assert "WARNING: could not open bibtex file extra.bib. [bibtex.bibfile_error]" \
            in run.warnings
        assert run.counts == (4, 0, 0)  # every document: a fresh environment

    (srcdir / "extra.bib").write_text("", encoding="utf-8")
    fixed = build(srcdir)
    assert (fixed.status, fixed.warnings) == (0, [])
    assert build(srcdir).counts == (0, 0, 0)


def test_a_suppressed_warning_reads_nothing_again(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    (srcdir / "orphan.md").write_text("# Orphan\n\nIn no toctree.\n", encoding="utf-8")
    settings: dict[str, Any] = {"confoverrides": {"suppress_warnings": ["toc.not_included"]}}
    assert (build(srcdir, **settings).status, build(srcdir, **settings).counts) == (0, (0, 0, 0))


def test_an_exception_on_a_warning_raises_again(failing_book: Path) -> None:
    """``--exception-on-warning``: Sphinx itself removes the environment of a build that raised."""
    for _ in range(2):
        with pytest.raises(SphinxWarning, match="fcat"):
            build(failing_book, exception_on_warning=True)


def test_make_html_fails_twice(failing_book: Path, tmp_path: Path) -> None:
    """``make html`` (the Makefile's strict sphinx-build options) on the same build directory."""
    for leftover in failing_book.glob("_build"):
        shutil.rmtree(leftover)
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / '_ext'}"}
    command = ["make", "--no-print-directory", "-C", str(REPO), "html",
               f"SOURCEDIR={failing_book}", f"BUILDDIR={tmp_path / 'build'}"]
    outputs = []
    for _ in range(2):
        run = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert run.returncode != 0, run.stdout + run.stderr
        assert "Traceback" not in run.stderr
        warnings = sorted(line.replace(f"{failing_book}/", "")
                          for line in _ESCAPES.sub("", run.stderr).splitlines()
                          if "WARNING:" in line)
        for expected in FAILING:
            assert any(w.startswith(expected) for w in warnings), (expected, warnings)
        outputs.append(warnings)
    assert outputs[0] == outputs[1]


def test_an_error_in_an_included_file_fails_twice(copy_root) -> None:
    """MyST reports what an included reStructuredText file says at the including line."""
    srcdir = copy_root("checks-clean")
    (srcdir / "fragment.txt").write_text("A :fcat:`typo` in an included file.\n",
                                         encoding="utf-8")
    append(srcdir / "chapters/two.md", "\n```{eval-rst}\n.. include:: ../fragment.txt\n```\n")
    typo = ['chapters/two.md:26: ERROR: Unknown interpreted text role "fcat". [docutils]']
    first = build(srcdir)
    assert (first.status, first.warnings) == (1, typo)
    second = build(srcdir)
    assert (second.status, second.warnings, second.read) == (1, typo, ["chapters/two"])
