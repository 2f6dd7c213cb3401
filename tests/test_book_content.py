"""The book as a whole: every chapter listed, every citation resolved, the prose long enough.

These tests read the Markdown sources, as a reviewer would; the build tests (test_book.py) check
what Sphinx makes of them.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from book import ROOT
from test_book import toctree_docs

SOURCE_DOCUMENTS = {
    "000": "lssdjt-mao-visit-qa",
    "001": "wenhuaxianfeng-mao-visit",
    "002": "zhwiki-sino-soviet-relations",
    "003": "anon-treaty-overview",
    "004": "cleverlili-sino-soviet-1949-62",
}
CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::\w+)?\}`([^`]+)`")
BIB_ENTRY = re.compile(r"^@(\w+)\{([^,\s]+),", re.M)


def book_sources() -> dict[str, str]:
    """Every document of the book, by path relative to the root."""
    paths = [ROOT / "index.md", *sorted((ROOT / "chapters").glob("*.md")),
             *sorted((ROOT / "appendices").glob("*.md"))]
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in paths}


def cited_keys(text: str) -> set[str]:
    return {key.strip() for match in CITE_ROLE.finditer(text) for key in match.group(1).split(",")}


def bib_keys() -> list[str]:
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    return [key for _type, key in BIB_ENTRY.findall(bib)]


def prose_words(markdown: str) -> int:
    """Words a reader reads as running text: no notes, labels, directive options or markup."""
    words = 0
    in_note = False
    for line in markdown.splitlines():
        if re.match(r"\[\^[^\]]+\]:", line):
            in_note = True
            continue
        if in_note and (line.startswith("    ") or not line.strip()):
            continue
        in_note = False
        stripped = line.strip()
        if re.match(r"(\(.*\)=|:{3,}|`{3,}|:\w[\w-]*:|\|[-: |]+\|$)", stripped):
            continue
        # roles: keep their words
        stripped = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]+>)?`", r"\1", stripped)
        stripped = re.sub(r"\[\^[^\]]+\]", "", stripped)  # note references
        words += len(re.findall(r"[A-Za-z][\w’'-]*", stripped))
    return words


def test_every_chapter_and_appendix_is_in_the_toctree() -> None:
    listed = set(toctree_docs())
    for path in book_sources():
        doc = path.removesuffix(".md")
        assert doc == "index" or doc in listed, f"{path} is not in any toctree of index.md"


def test_every_source_document_is_cited_in_the_chapters() -> None:
    chapters = {p: t for p, t in book_sources().items() if p.startswith("chapters/")}
    for number, key in SOURCE_DOCUMENTS.items():
        citing = [p for p, text in chapters.items() if key in cited_keys(text)]
        assert citing, f"source document {number} ({key}) is cited in no chapter"
    sources_chapter = chapters["chapters/02-sources.md"]
    assert SOURCE_DOCUMENTS.keys() and all(key in cited_keys(sources_chapter)
                                           for key in SOURCE_DOCUMENTS.values())


def test_every_citation_resolves_and_no_entry_is_defined_twice() -> None:
    """An entry cited nowhere (no role, no fact, no variant) is the build's own warning,
    ``checks.uncited_source`` (tests/test_errors.py), so the strict build of the book refuses it."""
    keys = bib_keys()
    duplicates = [key for key, n in Counter(keys).items() if n > 1]
    assert not duplicates, f"defined twice in references.bib: {duplicates}"
    cited = set().union(*(cited_keys(text) for text in book_sources().values()))
    assert not cited - set(keys), f"cited but not in references.bib: {sorted(cited - set(keys))}"


@pytest.mark.parametrize("path", sorted(p for p in book_sources() if p.startswith("chapters/")))
def test_every_chapter_opens_with_a_summary(path: str) -> None:
    text = book_sources()[path]
    head = text[: text.find("\n## ")] if "\n## " in text else text
    assert re.search(r"\{admonition\} In this chapter", head), f"{path} has no opening summary"


def test_the_chapters_hold_at_least_12000_words_of_prose() -> None:
    total = sum(prose_words(t) for p, t in book_sources().items() if p.startswith("chapters/"))
    assert total >= 12_000, f"only {total} words of chapter prose"
