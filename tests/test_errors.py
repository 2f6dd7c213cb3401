"""Bad input: one warning at the cause (file and line), never a traceback, in the build and in
``python -m checks``; and the CLI's exit status tells "warnings found" from "could not run"."""

from __future__ import annotations

import contextlib
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks import cli
from checks.model import Subtype
from checks.registry import load_registry
from checks.relations import (
    MAX_DEPTH,
    ExpressionError,
    check_relations,
    evaluate,
    parse_expression,
    references,
    show,
)
from checks_helpers import all_warnings, build, cli_warnings, parse, run_cli


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output and "RecursionError" not in output


# -- relation expressions: a depth limit --------------------------------------------------------

DEEP = "loan-1950-usd = " + "(" * 20_000 + "loan-1950-usd" + ")" * 20_000


def test_a_relation_nested_20000_deep_is_one_warning_at_its_line(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    facts = srcdir / "facts" / "02-treaty.toml"
    _append(facts, f'\n[[relation]]\nid = "too-deep"\nkind = "equation"\nexpr = "{DEEP}"\n')
    line = _line_of(facts, "expr = \"loan-1950-usd = (((")
    app, warnings = build(srcdir)
    _no_traceback(all_warnings(app))
    assert [parse(w) for w in warnings] == [("facts/02-treaty.toml", line, "relation_syntax")]
    assert f"more than {MAX_DEPTH} levels deep" in warnings[0]
    assert len(warnings[0]) < 600  # the expression is cut in the message
    status, printed = cli_warnings(srcdir)
    assert (status, printed) == (cli.FOUND, warnings)


def test_a_registry_nested_too_deeply_for_toml_is_one_warning(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    facts = srcdir / "facts" / "02-treaty.toml"
    _append(facts, "\ndeep = " + "[" * 20_000 + "]" * 20_000 + "\n")
    line = _line_of(facts, "deep = ")
    status, printed = cli_warnings(srcdir)
    assert status == cli.FOUND
    assert ("facts/02-treaty.toml", line, "registry_syntax") in [parse(w) for w in printed]
    assert any("nested too deeply" in w for w in printed)


@given(st.integers(min_value=0, max_value=3 * MAX_DEPTH), st.sampled_from(["(", "-", "- ("]))
def test_nesting_is_refused_past_the_limit_and_only_there(depth: int, level: str) -> None:
    """``depth`` parentheses or signs around a fact id: accepted up to the limit, not past it."""
    text = "a = " + level * depth + "b" + ")" * (depth * level.count("("))
    if depth * len(level.split()) <= MAX_DEPTH:  # "- (" is two levels
        assert references(parse_expression(text)) == ["a", "b"]
    else:
        with pytest.raises(ExpressionError, match=f"more than {MAX_DEPTH} levels"):
            parse_expression(text)


_ATOMS = st.sampled_from(["a", "b", "x-y", "2", "1_000", "3.5", "1e3", "0"])


def _expressions(depth: int):
    """Expressions up to ``depth`` deep, of every shape: nesting, signs, long chains."""
    return st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            inner.map(lambda e: f"({e})"),
            inner.map(lambda e: f"-{e}"),
            st.tuples(inner, st.sampled_from([" + ", " - ", " * ", " / "]), inner)
            .map("".join),
            st.lists(inner, min_size=2, max_size=120).map(" + ".join),
        ),
        max_leaves=depth,
    )


_TOKENS = st.lists(st.sampled_from(["(", ")", "-", " - ", "+", "*", "/", "a", "2", " ", "=",
                                    "<", "((((((((((", "- - - - - ", "b + b + b + b + "]),
                   max_size=400).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.tuples(_expressions(150), st.sampled_from([" = ", " <= "]), _expressions(150))
    .map("".join),
    _TOKENS,
    st.integers(min_value=MAX_DEPTH - 2, max_value=5_000).map(
        lambda n: "a = " + "-(" * n + "b" + ")" * n),
    st.integers(min_value=MAX_DEPTH - 2, max_value=5_000).map(
        lambda n: "a = " + " * ".join(["b"] * n)),
))
def test_no_expression_raises_anything_but_an_expression_error(text: str) -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)  # a build's stack is already deep: leave little room
    try:
        try:
            tree = parse_expression(text)
        except ExpressionError:
            return
        show(tree)
        references(tree)
        values = {"a": Decimal(3), "b": Decimal(-2), "x-y": Decimal("0.5")}
        for side in (tree.left, tree.right):
            with contextlib.suppress(ExpressionError, ArithmeticError):
                evaluate(side, values)
    finally:
        sys.setrecursionlimit(limit)


@settings(max_examples=50, deadline=None)
@given(st.one_of(_TOKENS, st.integers(min_value=1, max_value=20_000).map(
    lambda n: "a = " + "(" * n + "b" + ")" * n)))
def test_checking_any_relation_gives_problems_not_exceptions(tmp_path_factory, text: str) -> None:
    directory = tmp_path_factory.mktemp("registry")
    (directory / "r.toml").write_text(
        '[[fact]]\nid = "a"\nkind = "count"\nvalue = 3\nlabel = "A"\nsources = ["s"]\n'
        '[[fact]]\nid = "b"\nkind = "count"\nvalue = 3\nlabel = "B"\nsources = ["s"]\n'
        f'[[relation]]\nid = "r"\nkind = "equation"\nexpr = """{text}"""\n', encoding="utf-8")
    registry, problems = load_registry(directory)
    for problem in [*problems, *check_relations(registry)]:
        assert problem.location is not None and problem.location.line is not None


# -- duplicate ids: the newer entry is blamed, both places named --------------------------------

ENTRY = '\n[[fact]]\nid = "treaty-signed"\nkind = "date"\nvalue = 1950-02-15\nlabel = "Again"\n' \
        'sources = ["zhwiki"]\n'


def test_a_duplicate_in_a_later_file_is_blamed_and_names_the_first(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    newer = srcdir / "facts" / "03-new.toml"
    newer.write_text(ENTRY, encoding="utf-8")
    first = _line_of(srcdir / "facts" / "02-treaty.toml", 'id = "treaty-signed"') - 1
    _, warnings = build(srcdir)
    assert [parse(w) for w in warnings] == [("facts/03-new.toml", 3, "duplicate_id")]
    assert f"facts/02-treaty.toml:{first}" in warnings[0]
    assert "rename or remove this one" in warnings[0]
    assert cli_warnings(srcdir) == (cli.FOUND, warnings)


def test_a_duplicate_earlier_in_reading_order_blames_the_later_entry(copy_root) -> None:
    """Reading order is file order, then line: the entry read second is the newer one."""
    srcdir = copy_root("checks-clean")
    (srcdir / "facts" / "00-first.toml").write_text(ENTRY, encoding="utf-8")
    line = _line_of(srcdir / "facts" / "02-treaty.toml", 'id = "treaty-signed"')
    _, warnings = build(srcdir)
    duplicates = [w for w in warnings if "[checks.duplicate_id]" in w]
    assert [parse(w) for w in duplicates] == [("facts/02-treaty.toml", line, "duplicate_id")]
    assert "facts/00-first.toml:2" in duplicates[0]


def test_a_duplicate_relation_is_blamed_even_when_the_first_is_invalid(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text(
        '[[relation]]\nid = "r"\nkind = "order"\nchain = ["a"]\n'  # invalid: one date
        '[[relation]]\nid = "r"\nkind = "order"\nchain = ["a", "b"]\n', encoding="utf-8")
    _, problems = load_registry(tmp_path)
    found = [(p.subtype, p.location and p.location.line) for p in problems]
    assert found == [(Subtype.BAD_FIELD, 4), (Subtype.DUPLICATE_ID, 6)]
    assert f"{tmp_path / 'r.toml'}:1" in problems[1].message


# -- a missing or misplaced registry: one warning, no cascade -----------------------------------


def test_a_missing_registry_is_one_warning_and_no_cascade(copy_root) -> None:
    srcdir = copy_root("checks-chapters")
    shutil.rmtree(srcdir / "facts")
    app, warnings = build(srcdir)
    _no_traceback(all_warnings(app))
    line = _line_of(srcdir / "conf.py", "checks_registry")
    # What the chapters say without any fact (unbound figures, roles without an id) is still
    # reported; nothing that follows from the missing registry is.
    found = [parse(w) for w in warnings]
    assert [w for w in found if w[2] not in ("unbound", "bad_role")] == \
        [("conf.py", line, "no_registry")]
    message = next(w for w in warnings if "[checks.no_registry]" in w)
    assert "no facts registry: facts does not exist" in message  # the path, made relative here
    assert f"no facts registry: {srcdir / 'facts'} does not exist" in all_warnings(app)
    assert "set checks_registry in conf.py" in message
    status, printed = cli_warnings(srcdir)
    assert (status, printed) == (cli.FOUND, warnings)


def test_a_registry_setting_naming_nothing_is_one_warning(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    _append(srcdir / "conf.py", '\nchecks_registry = "fact"\n')
    line = _line_of(srcdir / "conf.py", 'checks_registry = "fact"')
    app, warnings = build(srcdir)
    assert [parse(w) for w in warnings] == [("conf.py", line, "no_registry")]
    assert f"{srcdir / 'fact'} does not exist" in all_warnings(app)
    assert cli_warnings(srcdir) == (cli.FOUND, warnings)


def test_an_empty_registry_directory_is_one_warning(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    for path in (srcdir / "facts").glob("*.toml"):
        path.unlink()
    _, warnings = build(srcdir)
    assert len(warnings) == 1 and "holds no .toml file" in warnings[0]


# -- python -m checks: where it runs, and what its exit status says -----------------------------


def test_the_cli_refuses_a_directory_without_conf_py(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("Signed on 14 February 1950.\n", encoding="utf-8")
    run = run_cli(tmp_path)
    _no_traceback(run.stderr)
    assert run.returncode == cli.FAILED == 2
    assert f"{tmp_path} holds no conf.py" in run.stderr
    assert "python -m checks path/to/book" in run.stderr
    assert run.stdout == ""


def test_the_cli_run_in_a_directory_without_conf_py_says_so(tmp_path: Path, monkeypatch,
                                                           capsys) -> None:
    monkeypatch.chdir(tmp_path)  # python -m checks, with no argument, in a directory not a book
    assert cli.main([]) == 2
    assert "holds no conf.py" in capsys.readouterr().err


def test_the_cli_reports_an_unreadable_conf_py_as_could_not_run(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    _append(srcdir / "conf.py", "\nthis is not python\n")
    run = run_cli(srcdir)
    _no_traceback(run.stderr)
    assert run.returncode == 2 and "conf.py cannot be read" in run.stderr
    line = _line_of(srcdir / "conf.py", "this is not python")
    assert f"{srcdir / 'conf.py'}:{line}: NameError" in run.stderr


def test_exit_status_zero_clean_one_warnings(copy_root) -> None:
    assert run_cli(copy_root("checks-clean")).returncode == cli.CLEAN == 0
    run = run_cli(copy_root("checks-chapters"))
    assert run.returncode == cli.FOUND == 1 and "WARNING" in run.stdout


def test_help_documents_the_exit_status() -> None:
    run = run_cli("--help")
    assert run.returncode == 0
    assert "exit status" in run.stdout
    for status in ("0  no warnings", "1  warnings found", "2  the checks could not run"):
        assert status in run.stdout


def test_a_failure_of_the_checks_is_could_not_run(copy_root, monkeypatch, capsys) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("simulated")

    monkeypatch.setattr(cli, "run", broken)
    assert cli.main([str(copy_root("checks-clean"))]) == cli.FAILED
    err = capsys.readouterr().err
    assert "RuntimeError: simulated" in err and "[checks.internal]" in err


# -- a source cited only by a fact or a variant counts as cited, in the build -------------------

BOOK = """@book{only-variant,
  author = {Someone},
  title = {Cited Only by a Variant},
  year = {1990},
}

@book{only-fact,
  author = {Someone},
  title = {Cited Only by a Fact},
  year = {1991},
}

@book{nowhere,
  author = {Nobody},
  title = {Cited Nowhere},
  year = {1992},
}
"""


def test_a_source_named_only_by_a_fact_or_variant_counts_as_cited(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    bib = srcdir / "references.bib"
    _append(bib, "\n" + BOOK)
    facts = srcdir / "facts" / "02-treaty.toml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace('sources = ["treaty-text", "zhwiki"]',
                        'sources = ["treaty-text", "zhwiki", "only-fact"]', 1)
    text = text.replace('source = "zhwiki"\nnote = "A misprint."',
                        'source = "only-variant"\nnote = "A misprint."', 1)
    facts.write_text(text, encoding="utf-8")
    line = _line_of(bib, "@book{nowhere,")
    app, warnings = build(srcdir)
    _no_traceback(all_warnings(app))
    assert [parse(w) for w in warnings] == [("references.bib", line, "uncited_source")]
    assert "'nowhere' is cited nowhere" in warnings[0]
    assert cli_warnings(srcdir) == (cli.FOUND, warnings)
    # Again, unchanged: the build knows the citations of the documents it did not read again.
    _, again = build(srcdir)
    assert again == warnings


def test_an_entry_cited_by_cite_or_footcite_only_is_cited(copy_root) -> None:
    """test-checks-clean cites 'commentary' by {footcite} alone, the others by {cite}."""
    srcdir = copy_root("checks-clean")
    assert "{footcite}`commentary`" in (srcdir / "chapters" / "two.md").read_text(encoding="utf-8")
    assert build(srcdir)[1] == []
    assert cli_warnings(srcdir) == (cli.CLEAN, [])
    # Remove the note citing it: the entry is now cited nowhere.
    two = srcdir / "chapters" / "two.md"
    two.write_text(two.read_text(encoding="utf-8").replace("{footcite}`commentary`", ""),
                   encoding="utf-8")
    line = _line_of(srcdir / "references.bib", "commentary,")
    _, warnings = build(srcdir)
    assert [parse(w) for w in warnings] == [("references.bib", line, "uncited_source")]
    assert cli_warnings(srcdir) == (cli.FOUND, warnings)


# -- make check: what the strict build would report ---------------------------------------------


def _make_check(srcdir: Path, builddir: Path) -> tuple[int, str]:
    import os
    import subprocess

    from checks_helpers import REPO

    run = subprocess.run(
        ["make", "-s", "-C", str(REPO), "check", f"SOURCEDIR={srcdir}", f"BUILDDIR={builddir}"],
        capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},  # the test book's conf.py lists `checks`
    )
    return run.returncode, run.stdout + run.stderr


def test_make_check_reports_what_the_build_would(copy_root, tmp_path: Path) -> None:
    srcdir = copy_root("checks-clean")
    one = srcdir / "chapters" / "one.md"
    _append(one, "\nA typo in a role: {fcat}`treaty-signed`.\n\n"
                 "An unknown source.{cite:p}`no-such-key`\n")
    (srcdir / "stray.md").write_text("# Outside every toctree\n", encoding="utf-8")
    typo = _line_of(one, "{fcat}")
    status, output = _make_check(srcdir, tmp_path / "_build")
    _no_traceback(output)
    assert status != 0
    assert f"{one}:{typo}: WARNING: Unknown interpreted text role \"fcat\"" in output
    assert 'could not find bibtex key "no-such-key"' in output
    assert f"{srcdir / 'stray.md'}: WARNING: document isn't included in any toctree" in output


def test_make_check_passes_a_clean_book_and_runs_the_checks(copy_root, tmp_path: Path) -> None:
    srcdir = copy_root("checks-clean")
    assert _make_check(srcdir, tmp_path / "_build") == (0, "")
    # A contradiction, after a first run: the run reads what changed and reports it.
    one = srcdir / "chapters" / "one.md"
    one.write_text(one.read_text(encoding="utf-8").replace(
        "{fact}`16 December <mao-arrives-moscow>`", "{fact}`17 December <mao-arrives-moscow>`"),
        encoding="utf-8")
    status, output = _make_check(srcdir, tmp_path / "_build")
    assert status != 0 and "[checks.contradiction]" in output
    assert f"{one}:" in output


def test_no_uncited_warning_while_the_registry_has_an_error(copy_root) -> None:
    """A fact that could not be loaded may be what cites an entry: the registry's error alone."""
    srcdir = copy_root("checks-syntax")
    _, warnings = build(srcdir)
    assert any("[checks.registry_syntax]" in w for w in warnings)
    assert not any("[checks.uncited_source]" in w for w in warnings)
