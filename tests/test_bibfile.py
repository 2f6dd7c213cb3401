"""A syntax error in a .bib file: one warning at the line and column to fix, never a traceback, in
the build (again when it is run again) and in ``python -m checks`` (checks/bibfile.py, and
_ext/sinosoviet/bibliography/bibfiles.py, which keeps sphinxcontrib-bibtex from crashing on it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from pybtex.scanner import PybtexSyntaxError

from checks.bibfile import syntax_problems
from checks_helpers import REPO, run_cli

CLEAN = REPO / "tests" / "roots" / "test-checks-clean"
BIB = (CLEAN / "references.bib").read_text(encoding="utf-8")

#: name -> (the clean .bib made wrong, the line and column to fix, what the message says)
CASES = {
    "missing comma": (
        BIB.replace("  year      = {1950},\n  publisher", "  year      = {1950}\n  publisher", 1),
        4, 21, "a comma is missing after the value of 'year'"),
    "unclosed brace": (
        BIB.replace("title        = {中苏关系},", "title        = {中苏关系,", 1),
        9, 18, "the '{' that opens the value of 'title' is not closed on its line"),
    "stray at sign": (
        BIB.replace("@misc{zhwiki,", "@\n@misc{zhwiki,", 1),
        8, 1, "an '@' that does not begin an entry"),
}


def _pybtex_rejects(text: str) -> bool:
    try:
        parse_string(text, "bibtex")
    except PybtexSyntaxError:
        return True
    except Exception:  # noqa: BLE001 - a data error (a field given twice, a repeated key)
        return False
    return False


def test_the_books_bibliography_and_the_test_projects_have_no_syntax_error() -> None:
    for path in [REPO / "references.bib", *(REPO / "tests" / "roots").glob("*/references.bib")]:
        assert syntax_problems(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("case", CASES)
def test_each_error_is_found_where_it_is_fixed(case: str) -> None:
    text, line, column, message = CASES[case]
    assert text != BIB and _pybtex_rejects(text) == (case != "stray at sign")
    [problem] = syntax_problems(text)
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith(message)


def test_more_errors_each_at_its_place() -> None:
    text = ("@book{a, title = {Open\n  line}, month = jan}\n"  # fine: a value may span lines
            "@book{b, title = \"Quoted, year = 1950}\n"  # the quote never closes
            "\n@book{c, title = {x}, month = march}\n"  # not an @string name
            "@book{d, title {x}}\n"  # no '='
            "@book{e, title = {x}\n"  # not closed
            "@book{f, title = {x}}\n")
    found = [(p.line, p.column, p.message.split(";")[0].split(",")[0])
             for p in syntax_problems(text)]
    assert found == [(3, 18, "the '\"' that opens the value of 'title' is not closed before a '}'"),
                     (5, 31, "'march' in the value of 'month' is not an @string name"),
                     (6, 16, "'=' expected after the field name 'title'"),
                     (7, 21, "the entry is not closed: '}' expected before the next entry")]


_STRUCTURE = [m.start() for m in re.finditer(r'[{}=,"@]', BIB)]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_STRUCTURE), st.sampled_from(["", "{", "}", ",", "@"]))
def test_nothing_pybtex_rejects_passes_unreported(position: int, replacement: str) -> None:
    """A brace, quote, comma, '=' or '@' removed or replaced: if pybtex stops at it, the reader
    reports it (the build hands pybtex's own error to nobody, so this is its only report)."""
    text = BIB[:position] + replacement + BIB[position + 1:]
    if _pybtex_rejects(text):
        assert syntax_problems(text), text


_FIELD_COMMAS = [m.start() for m in re.finditer(r"(?<=[}\"0-9]),\n(?=\s*\w+\s*=)", BIB)]


@given(st.sampled_from(_FIELD_COMMAS))
def test_a_missing_comma_is_reported_on_its_own_line(position: int) -> None:
    text = BIB[:position] + BIB[position + 1:]
    [problem] = syntax_problems(text)
    assert problem.line == BIB.count("\n", 0, position) + 1
    assert problem.message.startswith("a comma is missing")


# -- In the build and on the command line ---------------------------------------------------------


def _project(tmp_path: Path, text: str) -> Path:
    srcdir = tmp_path / "book"
    shutil.copytree(CLEAN, srcdir)
    (srcdir / "references.bib").write_text(text, encoding="utf-8")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("sinosoviet.bibliography")\n')
    return srcdir


def _sphinx_build(srcdir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "_ext")])}
    return subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going",
                           str(srcdir), str(srcdir / "_build" / "html")],
                          capture_output=True, text=True, env=env)


@pytest.mark.parametrize("case", CASES)
def test_the_build_fails_at_the_line_every_time_and_the_cli_says_the_same(case: str,
                                                                         tmp_path: Path) -> None:
    text, line, column, message = CASES[case]
    srcdir = _project(tmp_path, text)
    expected = (f"references.bib:{line}: WARNING: BibTeX syntax error, column {column}: {message}")
    for attempt in ("first build", "the same build again"):
        run = _sphinx_build(srcdir)
        output = run.stdout + run.stderr
        assert "Traceback" not in output and "Extension error" not in output, (attempt, output)
        assert run.returncode == 1, (attempt, output)
        warnings = [w for w in output.splitlines() if "WARNING" in w]
        assert warnings and expected in warnings[0].replace(f"{srcdir}/", ""), (attempt, warnings)
        assert sum("BibTeX syntax error" in w for w in warnings) == 1, warnings
    cli = run_cli(srcdir)
    assert "Traceback" not in cli.stderr and cli.returncode == 1, cli.stderr
    assert expected in cli.stdout.replace(f"{srcdir}/", ""), cli.stdout
