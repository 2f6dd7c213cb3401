"""The copy check in a build and in ``python -m checks``: tests/roots/test-checks-copies.

The test book copies a passage from an English and from a Chinese source that are not free, quotes
both briefly, and adapts a freely licensed one at length. Its sources' texts (written for the test)
are in ``documents/``; the book's build reads only their fingerprints, in ``fingerprints/``.
"""

from __future__ import annotations

import filecmp
import shutil

from checks.domain import get_domain
from checks_helpers import build, cli_warnings, parse, run_cli, tree_hash

#: (file, line, subtype, words the message must contain)
EXPECTED = [
    ("chapters/copied.md", 4, "copied",
     ["26 consecutive words", "the closed history of the railway (railway-history)", "20"]),
    ("chapters/copied.md", 8, "copied",  # in a footnote
     ["32 consecutive characters", "(zh-article)"]),
    ("fingerprints/sources.toml", 3, "copy_share", ["26%", "railway-history", "15%",
                                                     "chapters/copied.md:4 (26)"]),
    ("fingerprints/sources.toml", 10, "copy_share", ["28%", "zh-article"]),
]


def check_warnings(lines: list[str]) -> None:
    assert [parse(line) for line in lines] == [(f, n, s) for f, n, s, _ in EXPECTED]
    for line, (_, _, _, words) in zip(lines, EXPECTED, strict=True):
        for word in words:
            assert word in line, f"{word!r} missing from: {line}"


def test_a_copied_passage_is_a_warning_at_its_line_and_a_short_quotation_is_not(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    before = tree_hash(srcdir)
    _, warnings = build(srcdir)
    check_warnings(warnings)  # nothing from quoted.md, nor from adapted.md (an adaptable source)
    assert tree_hash(srcdir) == before


def test_the_cli_prints_what_the_build_prints(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    status, printed = cli_warnings(srcdir)
    check_warnings(printed)
    assert status == 1


def test_a_rebuild_without_changes_warns_again(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    build(srcdir)
    _, again = build(srcdir)
    check_warnings(again)


def test_rewriting_the_passage_in_the_books_own_words_clears_the_warnings(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    build(srcdir)
    chapter = srcdir / "chapters" / "copied.md"
    chapter.write_text(
        "# Copied\n\nThe railway opened on {fact}`14 July 1903 <railway-opened>`. The men who "
        "built it redid much of the surveyors' work themselves, and the provincial governor "
        "claimed their achievement as his own.[^own]\n\n[^own]: {cite:p}`railway-history`; "
        "{cite:p}`zh-article`.\n", encoding="utf-8")
    _, warnings = build(srcdir)  # an incremental build: only this page is read again
    assert warnings == []


def test_a_source_may_allow_longer_runs_and_a_larger_share_by_configuration(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nchecks_copy_limit = 40\nchecks_copy_share = 0.5\n")
    _, warnings = build(srcdir)
    assert warnings == []


def test_the_report_gives_each_sources_share(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    run = run_cli("--copies", srcdir)
    assert run.returncode == 0, run.stderr
    rows = {line.split()[0]: line for line in run.stdout.splitlines() if line[:1].islower()}
    assert "25.7% –  28.7%" in rows["railway-history"]
    assert "not free" in rows["zh-article"] and "chapters/copied.md:8 (32)" in rows["zh-article"]
    assert rows["free-encyclopedia"].split()[1] == "free"
    exact = run_cli("--copies", "--texts", srcdir / "documents", srcdir)
    rows = {line.split()[0]: line for line in exact.stdout.splitlines() if line[:1].islower()}
    assert "28.7%" in rows["railway-history"]  # 29 of 101 words, counted from the text
    assert "100.0%" in rows["free-encyclopedia"]


def test_fingerprints_are_made_again_identically_from_the_documents(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    committed = srcdir.parent / "committed"
    shutil.copytree(srcdir / "fingerprints", committed)
    for path in (srcdir / "fingerprints").glob("*.json"):
        path.unlink()
    run = run_cli("--fingerprint", srcdir / "documents", srcdir)
    assert run.returncode == 0, run.stderr
    assert "railway-history: 101 words, 38 fingerprints" in run.stdout
    names = sorted(p.name for p in committed.iterdir())
    _match, mismatch, errors = filecmp.cmpfiles(committed, srcdir / "fingerprints", names,
                                               shallow=False)
    assert mismatch == errors == []


def test_a_missing_fingerprint_is_one_warning_and_the_rest_still_checked(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    (srcdir / "fingerprints" / "zh-article.json").unlink()
    _, warnings = build(srcdir)
    located = [parse(line) for line in warnings]
    assert ("fingerprints/sources.toml", 10, "fingerprint") in located
    assert "python -m checks --fingerprint DIR" in warnings[located.index(
        ("fingerprints/sources.toml", 10, "fingerprint"))]
    assert ("chapters/copied.md", 4, "copied") in located  # the other sources are still checked
    assert not any(line.startswith("chapters/copied.md:8") for line in warnings)


def test_a_damaged_fingerprint_or_list_is_a_located_warning_not_a_traceback(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    (srcdir / "fingerprints" / "railway-history.json").write_text("{\"source\": 1", "utf-8")
    listing = srcdir / "fingerprints" / "sources.toml"
    listing.write_text(listing.read_text("utf-8").replace('key = "zh-article"',
                                                          'key = "zh-articel"'), "utf-8")
    app, warnings = build(srcdir)
    assert "Traceback" not in app.warning.getvalue()
    located = [parse(line) for line in warnings]
    assert ("fingerprints/sources.toml", 3, "fingerprint") in located
    assert "not a fingerprint file" in warnings[located.index(
        ("fingerprints/sources.toml", 3, "fingerprint"))]
    assert ("fingerprints/sources.toml", 11, "unknown_source") in located


def test_a_book_without_a_list_of_sources_has_no_copy_check(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    kept = srcdir.parent / "kept"
    shutil.move(srcdir / "fingerprints", kept)
    app, warnings = build(srcdir)
    assert warnings == []
    assert all(record.text is None for record in get_domain(app.env).records.values())
    # Listing the sources later checks every page, though none of them changed.
    shutil.move(kept, srcdir / "fingerprints")
    _, warnings = build(srcdir)
    check_warnings(warnings)


def test_an_unusable_limit_is_one_config_warning_and_the_check_goes_on(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nchecks_copy_limit = 3\n")
    app, warnings = build(srcdir)
    output = app.warning.getvalue()
    assert "checks_copy_limit = 3 is not a whole number of at least 8" in output
    assert ("conf.py", 12, "config") in [parse(line) for line in warnings]
    # With the limit at 8, the shorter runs of the quoted chapter are still not reported: the
    # quotation is 6 words and 4 characters long.
    assert not any(line.startswith("chapters/quoted.md") for line in warnings)
    assert ("chapters/copied.md", 4, "copied") in [parse(line) for line in warnings]
