"""Reading the book's index as a reader meets it: the HTML genindex page, the PDF's back-of-book
index (pdftotext), and the glossary's main entries that head it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from book import ROOT

GLOSSARY = ROOT / "appendices" / "glossary.md"
#: The note under the index's title in print (sinosoviet.sty): where the index starts.
INDEX_NOTE = "Page numbers in bold are those of the glossary."
#: "{index}`Gao Gang <!single: Gao Gang 高岗>` · 高岗 (高崗)": a glossary term's main entry.
MAIN_ENTRY = re.compile(r"\{index\}`[^`<]*<!single: ([^`>]+)>`")


def glossary_terms() -> dict[str, str]:
    """Each main entry's heading, with the glossary term line that carries it (all its forms)."""
    terms = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        for match in MAIN_ENTRY.finditer(line):
            terms[match.group(1)] = line
    return terms


@dataclass
class Entry:
    """One heading of the HTML index: its links (bold ones are main entries), its subentries."""

    heading: str
    links: list[Tag] = field(default_factory=list)
    subentries: dict[str, list[Tag]] = field(default_factory=dict)
    see: str | None = None


def genindex(html_outdir: Path) -> dict[str, Entry]:
    """The headings of genindex.html, as Sphinx writes them: a heading's first link carries its
    name (in bold for a main entry), the others read "[1]", "[2]"; a subentry is a nested item,
    and a cross-reference a nested item "see ..." without a link."""
    page = BeautifulSoup((html_outdir / "genindex.html").read_text(encoding="utf-8"),
                         "html.parser")
    entries = {}
    for item in page.select("table.genindextable td > ul > li"):
        first = next(iter(item.children))
        heading = (first.get_text() if isinstance(first, Tag) else str(first)).strip()
        entry = Entry(heading, links=item.find_all("a", recursive=False))
        nested = item.find("ul")
        for sub in nested.find_all("li", recursive=False) if nested else []:
            label = " ".join(sub.get_text(" ", strip=True).split())
            if label.startswith("see ") and not sub.find("a"):
                entry.see = label.removeprefix("see ")
            else:
                links = sub.find_all("a")
                entry.subentries[links[0].get_text() if links else label] = links
        entries[heading] = entry
    return entries


def words(text: str) -> set[str]:
    """The words of *text* longer than two letters, in lower case ("Xi’an" as "xi'an"), without
    a possessive ("Stalin’s" as "stalin")."""
    text = re.sub(r"'s\b", "", text.replace("’", "'"))
    return {word.lower() for word in re.findall(r"[^\W\d_](?:[^\W\d_]|'(?=[^\W\d_]))*", text)
            if len(word) > 2}
