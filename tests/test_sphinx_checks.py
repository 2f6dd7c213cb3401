"""The checks inside a Sphinx build: small projects under tests/roots/test-checks-<case>/.

Each kind of inconsistency gives one warning, ``type="checks"`` with its subtype, at the right
file and line; a consistent book builds clean; suppression, parallel and incremental builds work;
the rendered pages carry the provenance of each fact; no source file is ever modified.
"""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checks_helpers import all_warnings, build, parse, tree_hash, warnings_of

#: (file, line, subtype, words the message must contain) for test-checks-chapters.
CHAPTERS = [
    ("chapters/en.md", 4, "contradiction",
     ["'treaty-signed'", "14 February 1950", "15 February 1950", "facts/02-treaty.toml:3"]),
    ("chapters/en.md", 6, "unbound", ["6 December 1949", "mao-leaves-beijing"]),
    ("chapters/en.md", 8, "contradiction",
     ["'loan-1950-usd'", "US$300 million", "US$400 million", "facts/02-treaty.toml:16"]),
    ("chapters/en.md", 10, "bad_role", ["{fact}`no id here`", "no fact id"]),
    ("chapters/en.md", 10, "unknown_fact", ["'treaty-sined'", "did you mean 'treaty-signed'"]),
    ("chapters/en.md", 12, "bad_role", ["sometime in spring", "'treaty-signed'"]),
    ("chapters/en.md", 17, "unbound", ["1,390 experts", "experts-recalled"]),  # a table row
    ("chapters/en.md", 20, "unbound", ["$300 million", "loan-1950-usd"]),  # an admonition
    ("chapters/en.md", 23, "contradiction",  # a footnote, bound, in Chinese notation
     ["1950年2月15日", "1950年2月14日", "'treaty-signed'"]),
    ("chapters/en.md", 24, "unbound", ["1949年12月6日", "mao-leaves-beijing"]),  # its 2nd line
    ("chapters/more.md", 1, "unbound", ["16 December 1949", "mao-arrives-moscow"]),  # a title
    ("chapters/more.md", 7, "unbound", ["02/03/1950", "ambiguous"]),
    ("chapters/more.md", 7, "unbound", ["30 February 1950", "no day 30"]),
    ("chapters/more.md", 11, "bad_role", ["{variant}`treaty-signed`", "source's words"]),
    ("chapters/more.md", 11, "unknown_variant",
     ["16 February 1950", "'treaty-signed'", "15 February 1950 (zhwiki)"]),
    ("chapters/zh.md", 7, "contradiction", ["4亿美元", "3亿美元", "'loan-1950-usd'"]),
    ("chapters/zh.md", 9, "unbound", ["1949年12月16日", "mao-arrives-moscow"]),
    ("chapters/zh.md", 9, "unbound", ["12亿卢布", "loan-1950-sur"]),
    ("chapters/zh.md", 13, "unbound", ["16 December 1949"]),  # a link's words (not its URL)
]

#: The same for test-checks-registry.
REGISTRY = [
    ("facts/01-facts.toml", 11, "duplicate_id", ["'treaty-signed'", "facts/01-facts.toml:3"]),
    ("facts/01-facts.toml", 22, "missing_source", ["'no-source'"]),
    ("facts/01-facts.toml", 29, "unknown_source", ["'unknown-key'", "'not-in-the-bib'"]),
    ("facts/01-facts.toml", 33, "unknown_kind", ["'odd-kind'", "'weight'"]),
    ("facts/01-facts.toml", 41, "bad_value", ["'impossible-date'", "1950-02-30"]),
    ("facts/01-facts.toml", 48, "bad_value", ["'ambiguous-date'", "02/03/1950", "ambiguous"]),
    ("facts/01-facts.toml", 52, "unused_fact", ["'never-used'"]),
    ("facts/02-relations.toml", 41, "relation_failed", ["'loans-sum'", "loan-total"]),
    ("facts/02-relations.toml", 51, "relation_unknown_fact", ["'unknown-part'", "'loan-c'"]),
    ("facts/02-relations.toml", 56, "relation_failed", ["'visit-order'", "arrives", "leaves"]),
    ("facts/02-relations.toml", 61, "relation_syntax", ["'bad-expression'"]),
]


#: The same for test-checks-design: text in sphinx-design cards, tabs and dropdowns, a glossary,
#: a figure caption, a substitution and an abbreviation.
DESIGN = [
    ("index.md", 1, "unbound", ["6 December 1949"]),  # the page title
    ("index.md", 4, "unbound", ["16 December 1949"]),  # a card's title
    ("index.md", 5, "unbound", ["6 December 1949"]),  # the card's body
    ("index.md", 9, "unbound", ["US$300 million", "loan-1950-usd"]),  # not the :link: URL
    ("index.md", 15, "unbound", ["15 February 1950", "variant"]),  # a tab
    ("index.md", 18, "unbound", ["1950年2月15日", "variant"]),
    ("index.md", 22, "unbound", ["1,390"]),  # a dropdown's title
    ("index.md", 23, "unbound", ["1,390 experts"]),
    ("index.md", 28, "unbound", ["14 February 1950"]),  # from a substitution, in a glossary
    ("index.md", 28, "unbound", ["April 1950"]),
    ("index.md", 32, "unbound", ["6 December 1949"]),  # a figure caption
    # An abbreviation's expansion: a tooltip on the web, spelled out in the PDF.
    ("index.md", 36, "unbound", ["1 October 1949"]),
]


def assert_warnings(lines: list[str], expected: list[tuple[str, int, str, list[str]]]) -> None:
    """Exactly the expected warnings, one each, in file-line order, each naming its words."""
    located = [(path, line, subtype) for path, line, subtype, _ in expected]
    assert [parse(line) for line in lines] == located, "\n".join(lines)
    for line, (_, _, _, words) in zip(lines, expected, strict=True):
        for word in words:
            assert word in line, f"{word!r} not in: {line}"


def edit(path: Path, text: str) -> None:
    """Write ``text``, the file dated after the last build read it (as an editor would)."""
    time.sleep(0.01)
    path.write_text(text, encoding="utf-8")


# -- a consistent book ---------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="checks-clean", freshenv=True)
def test_consistent_book_builds_clean(app, warning) -> None:
    app.build()
    assert warning.getvalue() == ""


class _Spans(HTMLParser):
    """Every <span class="fact"> of a page: (attributes, text), and the link around it."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[dict[str, str]] = []
        self.href: str | None = None
        self.current: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "a":
            self.href = attributes.get("href")
        if tag == "span" and "fact" in attributes.get("class", "").split():
            self.current = attributes | {"href": self.href or "", "text": ""}

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.current is not None:
            self.spans.append(self.current)
            self.current = None
        if tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current["text"] += data


def spans(page: Path) -> list[dict[str, str]]:
    parser = _Spans()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.spans


def test_html_shows_words_label_sources_and_a_link(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    app, _ = build(srcdir)
    one = spans(Path(app.outdir, "chapters/one.html"))
    first = one[0]
    assert first["text"] == "6 December 1949"
    assert first["data-fact"] == "mao-leaves-beijing"
    assert first["href"] == "facts.html#facts-mao-leaves-beijing"
    # Its label and sources are in the popover its link names (tests/test_provenance.py).
    assert 'aria-describedby="fact-popover-mao-leaves-beijing"' in Path(
        app.outdir, "chapters/one.html").read_text(encoding="utf-8")
    texts = {s["data-fact"] + ":" + s["text"] for s in one}
    assert "mao-leaves-moscow:17 February 1950" in texts  # {fact}`id`: the value, in English
    assert "treaty-signed:1950年2月14日" in texts  # the author's words, as written
    # The chapter chose Chinese notation in its front matter: {fact}`id` shows 3亿美元.
    two = {s["text"] for s in spans(Path(app.outdir, "chapters/two.html"))}
    assert {"US$300 million", "3亿美元", "1,390 experts"} <= two
    # {nofact} renders its text unchanged, as plain text.
    page = Path(app.outdir, "chapters/one.html").read_text(encoding="utf-8")
    assert "page p. 257 of a book" in page
    # Generated bibliography text (a {footcite} note, the bibliography) is not scanned: the note
    # of the entry cited in chapter two says "on 6 December 1951", and the build is clean.
    two_page = Path(app.outdir, "chapters/two.html").read_text(encoding="utf-8")
    assert "6 December 1951" in two_page


def test_a_label_with_markup_is_shown_as_text(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    app, _ = build(srcdir)
    for name in ("chapters/one.html", "chapters/facts.html"):
        page = Path(app.outdir, name).read_text(encoding="utf-8")
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(" in page
    # The label, in the fact's popover: as text.
    one = Path(app.outdir, "chapters/one.html").read_text(encoding="utf-8")
    popover = one[one.index('id="fact-popover-treaty-signed"'):]
    assert popover.split("</p>")[0].endswith(
        "Treaty &lt;script&gt;alert('x')&lt;/script&gt; signed in Moscow "
        "《中苏友好同盟互助条约》签订")


def test_a_variant_shows_which_source_says_it_and_why_not(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    app, _ = build(srcdir)
    variant = [s for s in spans(Path(app.outdir, "chapters/one.html"))
               if "variant" in s["class"].split()]
    assert [(v["text"], v["data-fact"], v["href"]) for v in variant] == [
        ("15 February 1950", "treaty-signed", "facts.html#facts-treaty-signed")]
    # Its popover: the reading, who gives it, why the book differs (tests/test_provenance.py).
    page = Path(app.outdir, "chapters/one.html").read_text(encoding="utf-8")
    assert 'aria-describedby="fact-popover-treaty-signed-v0"' in page
    popover = page[page.index('id="fact-popover-treaty-signed-v0"'):].split("</div>")[0]
    assert "15 February 1950 (" in popover and "A misprint." in popover


def test_facts_index_lists_every_fact_as_a_link_target(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    app, _ = build(srcdir)
    page = Path(app.outdir, "chapters/facts.html").read_text(encoding="utf-8")
    ids = re.findall(r'<tr[^>]* id="facts-([a-z0-9-]+)"', page)
    assert ids == ["mao-leaves-beijing", "mao-arrives-moscow", "mao-leaves-moscow",
                   "visit-duration", "treaty-signed", "loan-1950-usd", "rate-sur-usd-1950",
                   "loan-1950-sur", "experts-recalled"]
    assert "US$300 million" in page
    # Sources as citations, linked to the bibliography, not as keys (tests/test_provenance.py).
    assert "treaty-text, zhwiki" not in page
    assert re.search(r'<a class="reference internal" href="#[^"]+">Governments of the PRC', page)


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_other_formats_get_the_plain_words(copy_root, builder: str) -> None:
    srcdir = copy_root("checks-clean")
    app, checks = build(srcdir, builder)
    assert checks == []
    out = "".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).rglob("*")
                  if p.suffix in (".tex", ".txt"))
    for words in ("6 December 1949", "17 February 1950", "1950年2月14日", "p. 257"):
        assert words in out
    assert "<span" not in out and "data-fact" not in out


def test_epub_carries_the_provenance(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    app, checks = build(srcdir, "epub")
    assert checks == []
    # A fact links to its row (no popover in the EPUB), which holds its label, as text.
    page = Path(app.outdir, "chapters/one.xhtml").read_text(encoding="utf-8")
    assert 'class="fact"' in page and 'href="facts.xhtml#facts-treaty-signed"' in page
    facts = Path(app.outdir, "chapters/facts.xhtml").read_text(encoding="utf-8")
    row = facts[facts.index('id="facts-treaty-signed"'):].split("</tr>")[0]
    assert "&lt;script&gt;" in row and "<script>alert" not in facts


# -- every kind of inconsistency -----------------------------------------------------------


def built(app) -> list[str]:
    """Build a fixture's app (sources read in place from tests/roots); its checks warnings."""
    before = tree_hash(Path(app.srcdir))
    app.build()
    assert tree_hash(Path(app.srcdir)) == before  # the checks never modify a source file
    return warnings_of(app.warning.getvalue(), Path(app.srcdir))


@pytest.mark.sphinx("html", testroot="checks-chapters", freshenv=True)
def test_chapter_problems_each_warn_once_at_their_line(app) -> None:
    assert_warnings(built(app), CHAPTERS)


@pytest.mark.sphinx("html", testroot="checks-design", freshenv=True)
def test_text_in_cards_tabs_and_dropdowns_is_checked_at_its_line(app) -> None:
    assert_warnings(built(app), DESIGN)


@pytest.mark.sphinx("html", testroot="checks-registry", freshenv=True)
def test_registry_problems_each_warn_once_at_their_line(app) -> None:
    assert_warnings(built(app), REGISTRY)


@pytest.mark.sphinx("html", testroot="checks-syntax", freshenv=True)
def test_toml_syntax_error_is_one_warning_not_a_traceback(app) -> None:
    checks = built(app)
    assert [parse(line) for line in checks] == [("facts/02-broken.toml", 6, "registry_syntax")]
    assert "Traceback" not in all_warnings(app)


@pytest.mark.sphinx("html", testroot="checks-registry", freshenv=True,
                    confoverrides={"suppress_warnings": ["checks.unused_fact"]})
def test_suppress_warnings_silences_one_subtype(app) -> None:
    assert_warnings(built(app), [e for e in REGISTRY if e[2] != "unused_fact"])


@pytest.mark.sphinx("html", testroot="checks-chapters", freshenv=True,
                    confoverrides={"checks_strict": False})
def test_strict_mode_off_leaves_unbound_text_alone(app) -> None:
    assert_warnings(built(app), [e for e in CHAPTERS if e[2] != "unbound"])


# -- parallel and incremental builds -------------------------------------------------------


def test_parallel_build_warns_exactly_as_a_serial_one(copy_root, tmp_path: Path) -> None:
    serial_dir = copy_root("checks-chapters")
    parallel_dir = tmp_path / "parallel"
    serial_dir.rename(parallel_dir)
    serial_dir = copy_root("checks-chapters")
    _, serial = build(serial_dir)
    app, parallel = build(parallel_dir, parallel=2)
    assert app.parallel == 2
    assert parallel == serial
    assert_warnings(parallel, CHAPTERS)


def test_incremental_rebuild_finds_a_new_contradiction_and_keeps_it(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    _, checks = build(srcdir)
    assert checks == []

    # Chapter one now gives the credit that chapter two gives as US$300 million as 400.
    one = srcdir / "chapters/one.md"
    text = one.read_text(encoding="utf-8")
    edit(one, text + "\nThe credit was {fact}`US$400 million <loan-1950-usd>`.\n")
    app, checks = build(srcdir)
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()  # only chapter one was read
    expected = [("chapters/one.md", 16, "contradiction", ["US$400 million", "US$300 million"])]
    assert_warnings(checks, expected)

    # Nothing changed: nothing is read again, and the warning is still there.
    app, checks = build(srcdir)
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()
    assert_warnings(checks, expected)


def test_registry_change_rechecks_and_rerenders_the_chapters_using_the_fact(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    first, _ = build(srcdir)
    pages = [Path(first.outdir, f"chapters/{name}.html") for name in ("two", "facts")]
    before = [page.stat().st_mtime_ns for page in pages]
    facts = srcdir / "facts/02-treaty.toml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "value = 300_000_000", "value = 400_000_000"), encoding="utf-8")
    # verbosity=1: a line per document written, also where Sphinx would redraw one line (CI=true)
    app, checks = build(srcdir, verbosity=1)
    # Chapter two (not edited) binds US$300 million and 3亿美元: both now contradict; and the
    # conversion relation no longer holds.
    assert [parse(line) for line in checks] == [
        ("chapters/two.md", 7, "contradiction"),
        ("chapters/two.md", 8, "contradiction"),
        ("facts/02-treaty.toml", 52, "relation_failed"),
    ], "\n".join(checks)
    # Chapter two and the facts index page are written again, not read (a page renders its
    # facts from the registry when written): {fact}`loan-1950-usd` shows the new value.
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    assert "0 added, 0 changed, 0 removed" in status
    assert all(page.stat().st_mtime_ns > mtime for page, mtime in zip(pages, before, strict=True))
    shown = {s["text"] for s in spans(Path(app.outdir, "chapters/two.html"))}
    assert "4亿美元" in shown


def test_a_document_the_checks_failed_to_read_is_read_again(copy_root, monkeypatch) -> None:
    from checks import domain

    srcdir = copy_root("checks-clean")
    real = domain.collect

    def broken(document, docname, *args, **kwargs):
        if docname == "chapters/two":
            raise RuntimeError("simulated")
        return real(document, docname, *args, **kwargs)

    monkeypatch.setattr(domain, "collect", broken)
    _, checks = build(srcdir)
    assert len(checks) == 1
    assert checks[0].startswith("chapters/two.md: WARNING: the checks failed while reading")
    assert checks[0].endswith("[checks.internal]")
    monkeypatch.setattr(domain, "collect", real)  # the bug is fixed: the next build reads it
    app, checks = build(srcdir)
    assert checks == []
    assert "0 added, 1 changed, 0 removed" in app.status.getvalue()


def test_a_bug_in_the_checks_is_one_warning_not_a_traceback(copy_root, monkeypatch) -> None:
    from checks import checker

    def broken(*args, **kwargs):
        raise RuntimeError("simulated")

    monkeypatch.setattr(checker, "check", broken)
    srcdir = copy_root("checks-clean")
    app, checks = build(srcdir)
    assert len(checks) == 1
    assert "the checks failed while checking the facts (RuntimeError: simulated)" in checks[0]
    assert checks[0].endswith("[checks.internal]")
    assert "Traceback" not in all_warnings(app)


def test_an_environment_from_other_checks_code_is_read_again(copy_root, monkeypatch) -> None:
    """Records pickled by another version of the checks are never misread, and what an older
    scanner found is never reported (a raised ``checks.ENV_VERSION`` reads every document)."""
    import checks

    srcdir = copy_root("checks-clean")
    build(srcdir)
    monkeypatch.setattr(checks, "ENV_VERSION", checks.ENV_VERSION + 1)
    app, checks_warnings = build(srcdir)
    assert checks_warnings == []
    status = app.status.getvalue()
    assert "build environment version not current" in status
    assert "4 added, 0 changed, 0 removed" in status  # every document read again
