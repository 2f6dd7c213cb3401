"""The whole book builds, strictly, to HTML, PDF and EPUB, and says what its sources say."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from book import ROOT, Build, build_book, by_folio, have, pdf_pages, require
from book_index import INDEX_NOTE, genindex, glossary_terms, words

pytestmark = pytest.mark.book

CHINESE_IN_PDF = ["毛泽东", "中苏关系", "历史上的今天", "文化先锋", "杨尚昆日记",
                  "中华人民共和国外交史"]
#: URLs exactly as the sources write them, non-ASCII characters included.
URLS = ["https://zh.wikipedia.org/wiki/中苏关系"]


def toctree_docs() -> list[str]:
    """Every document named in index.md's toctrees, in order."""
    return [doc for _, docs in toctrees() for doc in docs]


def toctrees() -> list[tuple[str | None, list[str]]]:
    """index.md's toctrees, in order: (caption, documents)."""
    text = (ROOT / "index.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```\{toctree\}(.*?)```", text, flags=re.S):
        caption = re.search(r"^:caption:\s*(.+?)\s*$", block, flags=re.M)
        docs = [line.strip() for line in block.splitlines()
                if re.fullmatch(r"[\w/.-]+", line.strip())]
        found.append((caption.group(1) if caption else None, docs))
    return found


#: A MyST role: {fact}`words <target>`, {cite:alp}`key`, {ref}`text <label>`.
ROLE = re.compile(r"\{[\w:-]+\}`([^`]*?)(?:\s*<[^`>]*>)?`")


def plain(markdown: str) -> str:
    """Markdown inline text as the reader sees it: roles by their words, no emphasis marks."""
    return re.sub(r"\*+", "", ROLE.sub(r"\1", markdown)).strip()


def doc_title(doc: str) -> str:
    text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    return plain(re.search(r"^# (.+)$", text, flags=re.M).group(1))


def flat(text: str) -> str:
    """Text to compare across line breaks, hyphenation and typography: no spaces, no hyphens,
    straight quotes, no-break spaces as spaces (then dropped)."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(str.maketrans("“”‘’\u00a0", "\"\"'' "))
    return re.sub(r"[\s\-\u00ad‐]+", "", text)


@pytest.fixture(scope="session")
def html(tmp_path_factory) -> Build:
    return build_book("html", tmp_path_factory.mktemp("html"))


def test_html_builds_without_a_single_warning(html: Build) -> None:
    assert html.warnings == ""


def test_every_toctree_entry_renders(html: Build) -> None:
    for doc in toctree_docs():
        page = html.outdir / f"{doc}.html"
        assert page.is_file(), f"{doc} is in the toctree but was not built"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find("h1"), f"{doc} has no title"


def test_title_page_has_abstract_and_captioned_parts(html: Build) -> None:
    soup = BeautifulSoup((html.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("h1").get_text().startswith("Sino-Soviet Relations, 1917–1991")
    captions = [c.get_text(strip=True) for c in soup.select(".toctree-wrapper .caption-text")]
    assert captions == ["Chapters", "Appendices"]
    assert "Mao Zedong (毛泽东)" in soup.get_text()


def test_the_book_never_calls_its_material_seeds(html: Build) -> None:
    """A source is named by what it is ("Chinese Wikipedia"); "seed" is a word of how the project
    began, not of the history: no page of the built book uses it, hover titles included."""
    found = []
    for page in sorted(html.outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        titles = " ".join(str(tag["title"]) for tag in soup.find_all(title=True))
        text = soup.get_text(" ") + " " + titles
        where = page.relative_to(html.outdir)
        found += [f"{where}: ...{text[max(0, m.start() - 40):m.end() + 40]}..."
                  for m in re.finditer(r"\bseed", text, re.I)]
    assert not found, "\n".join(found[:20])


def test_every_chapter_file_is_in_the_toctree() -> None:
    listed = set(toctree_docs())
    on_disk = {str(p.relative_to(ROOT).with_suffix(""))
               for d in ("chapters", "appendices") for p in (ROOT / d).glob("*.md")}
    assert on_disk <= listed, f"not in any toctree: {sorted(on_disk - listed)}"


@pytest.fixture(scope="session")
def pdf(tmp_path_factory) -> Path:
    require(have("xelatex", "latexmk", "xindy", "pdftotext"),
            "the PDF needs xelatex, latexmk, xindy and pdftotext (see README)")
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    require("Noto Serif CJK SC" in fonts,
            "the PDF needs the Noto CJK fonts (Debian: fonts-noto-cjk)")
    latex = build_book("latex", tmp_path_factory.mktemp("latex"))
    assert latex.warnings == ""
    run = subprocess.run(
        ["make", "-C", str(latex.outdir), "all-pdf",
         "LATEXMKOPTS=-silent -interaction=nonstopmode"],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    log = subprocess.run([sys.executable, "-m", "sinosoviet.pdf", str(latex.outdir)],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")})
    assert log.returncode == 0, log.stderr
    return latex.outdir / "sino-soviet-relations.pdf"


@pytest.fixture(scope="session")
def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def outline(element: ET.Element) -> list[tuple[str, list]]:
    """A PDF outline as pdftohtml's XML gives it: (title, children) in order."""
    items: list[tuple[str, list]] = []
    for child in element:
        if child.tag == "item":
            items.append(("".join(child.itertext()).strip(), []))
        elif child.tag == "outline" and items:
            items[-1] = (items[-1][0], outline(child))
    return items


@pytest.fixture(scope="session")
def pdf_outline(pdf: Path) -> list[tuple[str, list]]:
    require(have("pdftohtml"), "reading the PDF outline needs pdftohtml (Debian: poppler-utils)")
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True, text=True, check=True).stdout
    found = ET.fromstring(xml).find("outline")
    assert found is not None, "the PDF has no outline"
    return outline(found)


@pytest.mark.tex
def test_pdf_has_a_sane_number_of_pages(pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, flags=re.M).group(1))
    # About 120 pages today: a build that drops chapters, or prints a table a word per line, shows.
    assert 60 <= pages <= 400, f"{pages} pages"


@pytest.mark.tex
def test_pdf_outline_has_front_matter_then_chapters_then_appendices(pdf_outline) -> None:
    """The outline of a book: the front matter, then a part per captioned toctree of index.md,
    its documents in order, numbered 1, 2, 3 for the chapters and A, B, C for the appendices,
    then the index."""
    titles = [title for title, _ in pdf_outline]
    parts = [(caption, docs) for caption, docs in toctrees() if caption]
    assert titles == ["How to read this book", "Contents", *[caption for caption, _ in parts],
                      "Index"]
    for (caption, docs), (_, children) in zip(parts, pdf_outline[2:-1], strict=True):
        numbers = ("ABCDEFGHIJKLMNOPQRSTUVWXYZ" if caption == "Appendices"
                   else range(1, len(docs) + 1))
        expected = [f"{number} {doc_title(doc)}"
                    for number, doc in zip(numbers, docs, strict=False)]
        assert [flat(title) for title, _ in children] == [flat(title) for title in expected]


@pytest.mark.tex
def test_pdf_notes_are_numbered_per_chapter_and_printed(pdf: Path, pdf_text: str) -> None:
    tex = (pdf.parent / "sino-soviet-relations.tex").read_text(encoding="utf-8")
    with_notes = [doc for doc in toctree_docs()
                  if re.search(r"^\[\^[^\]]+\]:",
                               (ROOT / f"{doc}.md").read_text(encoding="utf-8"), re.M)]
    assert tex.count("\\begin{footnote}[1]") >= len(with_notes), \
        "notes are not numbered per chapter"
    text = flat(pdf_text)
    for doc in with_notes:
        source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
        for note in re.findall(r"^\[\^[^\]]+\]: (.+)$", source, flags=re.M):
            words = re.match(r"[A-Za-z][A-Za-z',]*(?: [A-Za-z][A-Za-z',]*){3,}", note)
            if words:  # the first note of the chapter that opens with four plain words
                assert flat(words.group()) in text, \
                    f"{doc}: note {words.group()!r} is not in the PDF"
                break


def design_components(kind: str) -> list[tuple[str, str]]:
    """Every sphinx-design `kind` (tab-item, dropdown, grid-item-card) of the chapters:
    (title, the first words of its content)."""
    found = []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for title, body in re.findall(rf"^:::+\{{{kind}\}} *(.*)\n((?:(?!^:::).*\n)*)", text,
                                      flags=re.M):
            lines = [line for line in body.splitlines()
                     if line.strip() and not line.startswith(":")]
            found.append((plain(title), plain(lines[0]) if lines else ""))
    return found


@pytest.mark.tex
def test_pdf_prints_every_tab_labelled_one_after_the_other(pdf_text: str) -> None:
    tabs = design_components("tab-item")
    assert any(re.search(r"[\u4e00-\u9fff]", body) for _, body in tabs), "chapter 8's Chinese tab"
    text, position = flat(pdf_text), 0
    for label, body in tabs:
        start = text.find(flat(label), position)
        assert start >= 0, f"tab {label!r} is not labelled in the PDF"
        beginning = flat(body)[:12]
        found = text.find(beginning, start)
        assert found >= 0, f"the content of tab {label!r} ({beginning}) is not in the PDF"
        position = found


@pytest.mark.tex
def test_pdf_prints_every_card_and_dropdown_with_its_title(pdf_text: str) -> None:
    text = flat(pdf_text)
    for kind in ("grid-item-card", "dropdown"):
        for title, _ in design_components(kind):
            assert flat(title) in text, f"{kind} {title!r} is not in the PDF"


@pytest.mark.tex
def test_pdf_bibliography_reads_as_in_a_history_book(pdf_text: str) -> None:
    text = re.sub(r"\s+", " ", pdf_text.replace("\u00a0", " "))
    assert "Wang, Taiping [王泰平], ed. 1998." in text, "first author inverted, then the year"
    assert "Taiping Wang" not in text
    assert "Anonymous n.d." in text and "Anonymous. n.d." in text  # a note, the bibliography
    labelled = re.findall(r"\[\d+\] [A-Z][\w-]+, [A-Z]", text)
    assert not labelled, f"numeric labels in the bibliography: {labelled[:3]}"
    doubled = re.findall(r".{30}(?<![.\s])\.\.(?!\.).{10}", text)
    assert not doubled, f"doubled full stops: {doubled[:3]}"


def test_html_bibliography_has_no_labels_and_no_doubled_full_stops(html: Build) -> None:
    page = html.outdir / "appendices" / "bibliography.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    entries = soup.select("div.bibliography div.citation")
    assert len(entries) > 100 and not soup.select("div.bibliography span.label")
    texts = [entry.get_text(" ", strip=True).replace("\u00a0", " ") for entry in entries]
    texts = [re.sub(r"\[ ([^\]]*?) \]", r"[\1]", text) for text in texts]  # [<span>王泰平</span>]
    assert any(entry.startswith("Wang, Taiping [王泰平], ed. 1998.") for entry in texts)
    # An unsigned work sorts by its title, set in quotes or, if descriptive, in brackets.
    leads = [re.sub(r"^The ", "", entry.lstrip("“[ ")) for entry in texts]
    initials = [lead[0].upper() for lead in leads if lead[0].isascii()]
    assert initials == sorted(initials), "the bibliography is not in alphabetical order"
    for page in html.outdir.rglob("*.html"):
        body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
        doubled = re.findall(r".{30}(?<![.\s])\.\.(?!\.).{5}", body.replace("\u00a0", " "))
        assert not doubled, f"{page.name}: {doubled[:3]}"


@pytest.mark.tex
def test_pdf_contains_the_chinese_text(pdf: Path) -> None:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    for chinese in CHINESE_IN_PDF:
        assert chinese in text, f"{chinese} is missing from the PDF"


@pytest.mark.tex
def test_pdf_prints_and_links_urls_exactly(pdf: Path) -> None:
    """Every URL of the bibliography prints as written and links to the same address."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True).stdout
    flat = re.sub(r"\s+", "", text)  # a long URL may break across lines
    listing = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True).stdout
    linked = {unquote(line.split()[-1]) for line in listing.splitlines()[1:] if line.strip()}
    urls = bib_urls()
    assert URLS[0] in urls and any(not url.isascii() for url in urls)
    for url in urls:
        # pdftotext joins a word hyphenated at the end of a line, and takes a URL's "-" there
        # for a hyphen: compare without hyphens (the link itself is compared exactly below).
        assert url.replace("-", "") in flat.replace("-", ""), f"{url} is not printed as written"
        assert url in linked, f"{url} is not linked"


def bib_urls() -> list[str]:
    """The URLs of references.bib, exactly as written there."""
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    return re.findall(r"^\s*url\s*=\s*\{(.+?)\},?\s*$", bib, flags=re.M)


@pytest.fixture(scope="session")
def epub(tmp_path_factory) -> Path:
    build = build_book("epub", tmp_path_factory.mktemp("epub"))
    assert build.warnings == ""
    return build.outdir / "sino-soviet-relations.epub"


def test_epub_builds_with_every_chapter(epub: Path) -> None:
    names = zipfile.ZipFile(epub).namelist()
    for doc in toctree_docs():
        assert f"{doc}.xhtml" in names, f"{doc} is missing from the EPUB"


def test_epub_passes_epubcheck(epub: Path) -> None:
    require(have("epubcheck", "java"), "epubcheck is not installed (Debian: epubcheck)")
    # Debian links the bare .jar onto PATH.
    jar = Path(shutil.which("epubcheck") or "epubcheck").resolve()
    command = ["java", "-jar", str(jar)] if jar.suffix == ".jar" else [str(jar)]
    run = subprocess.run([*command, str(epub)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]


EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def test_epub_note_references_read_n_in_brackets_and_open_their_footnote(epub: Path) -> None:
    """In every document, each note reference is an EPUB ``noteref`` reading "[n]" that points
    to an EPUB ``footnote`` of the same page (reading systems show it as a pop-up)."""
    xhtml = "{http://www.w3.org/1999/xhtml}"
    with zipfile.ZipFile(epub) as archive:
        pages = {doc: ET.fromstring(archive.read(f"{doc}.xhtml")) for doc in toctree_docs()}
    for doc, page in pages.items():
        notes = {aside.get("id") for aside in page.iter(f"{xhtml}aside")
                 if aside.get(EPUB_TYPE) == "footnote"}
        references = [a for a in page.iter(f"{xhtml}a") if a.get("role") == "doc-noteref"]
        if doc.startswith("chapters/"):
            assert references, f"{doc}: no note references"
        for reference in references:
            assert reference.get(EPUB_TYPE) == "noteref", doc
            assert reference.get("href", "").removeprefix("#") in notes, doc
            assert re.fullmatch(r"\[\d+\]", "".join(reference.itertext())), doc


def test_epub_opens_with_its_cover_and_describes_itself(epub: Path) -> None:
    opf_ns, dc = "{http://www.idpf.org/2007/opf}", "{http://purl.org/dc/elements/1.1/}"
    with zipfile.ZipFile(epub) as archive:
        opf = ET.fromstring(archive.read("content.opf"))
        items = {item.get("id"): item for item in opf.iter(f"{opf_ns}item")}
        order = [items[ref.get("idref")].get("href", "") for ref in opf.iter(f"{opf_ns}itemref")]
        cover = [item for item in items.values() if item.get("properties") == "cover-image"]
        assert len(cover) == 1 and cover[0].get("href", "") in archive.namelist()
        assert cover[0].get("href", "") in archive.read(order[0]).decode("utf-8")
    # the index, when the book has one, closes it
    has_index = "genindex.xhtml" in {item.get("href") for item in items.values()}
    assert (order[-1] == "genindex.xhtml") == has_index
    descriptions = [d.text for d in opf.iter(f"{dc}description")]
    assert len(descriptions) == 1 and descriptions[0] not in {None, "", "unknown"}  # Sphinx's
    assert len(list(opf.iter(f"{dc}subject"))) >= 1
    properties = {m.get("property") for m in opf.iter(f"{opf_ns}meta")}
    assert {"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary"} <= properties


# -- The index of people, places and terms (genindex, the PDF's back-of-book index, the EPUB's) ----

#: Entries a reader looks up, with the forms the text may name them by.
LOOKED_UP = {"Gao Gang 高岗": ["Gao Gang"],
             "Lüshun 旅顺": ["Lüshun", "Port Arthur", "Lüshunkou"],
             "Molotov, Vyacheslav (Молотов)": ["Molotov"]}


def test_html_index_has_every_glossary_entry_and_what_the_chapters_mark(html: Build) -> None:
    """Every glossary term heads an entry whose bold link is its glossary definition; with the
    cross-references and the subentries the index has well over 300 entries."""
    entries = genindex(html.outdir)
    terms = glossary_terms()
    for heading in terms:
        entry = entries.get(heading)
        assert entry, f"{heading!r} is not in the index"
        main = entry.links[0] if entry.links else None
        assert main is not None and main.find("strong") and main["href"].startswith(
            "appendices/glossary.html#"), f"{heading}: no main entry in the glossary"
    see = [entry for entry in entries.values() if entry.see]
    subentries = sum(len(entry.subentries) for entry in entries.values())
    assert len(terms) >= 200 and len(see) >= 30
    assert len(terms) + len(see) + subentries >= 300
    for entry in see:
        assert entry.see in entries, f"{entry.heading} sends the reader to {entry.see!r}, no entry"
    for heading in LOOKED_UP:  # the characters and the Cyrillic as written
        assert any(link["href"].startswith("chapters/") for link in entries[heading].links
                   + [a for links in entries[heading].subentries.values() for a in links])


def test_html_index_links_land_on_the_name(html: Build) -> None:
    """Each link from the index into a chapter lands just before a form of the entry's name (as
    the glossary term or a cross-reference writes it), not elsewhere in the chapter."""
    terms = glossary_terms()
    entries = genindex(html.outdir)
    other_forms: dict[str, str] = {}  # "Port Arthur, see Lüshun 旅顺": another form of the name
    for entry in entries.values():
        if entry.see:
            other_forms[entry.see] = other_forms.get(entry.see, "") + " " + entry.heading
    pages: dict[str, BeautifulSoup] = {}
    for heading, entry in entries.items():
        if heading not in terms:
            continue
        names = words(" ".join([heading, terms[heading], other_forms.get(heading, "")]))
        links = entry.links + [a for sub in entry.subentries.values() for a in sub]
        for link in links:
            page, _, anchor = link["href"].partition("#")
            if not page.startswith("chapters/"):
                continue
            if page not in pages:
                pages[page] = BeautifulSoup((html.outdir / page).read_text(encoding="utf-8"),
                                            "html.parser")
            target = pages[page].find(id=anchor)
            assert target is not None, f"{heading}: {link['href']} has no target"
            marked = str(target.next_sibling or "")
            assert words(marked) & names, f"{heading}: {link['href']} lands on {marked[:40]!r}"


def pdf_index_lines(pages: list[str]) -> list[str]:
    start = next(n for n, page in enumerate(pages) if INDEX_NOTE in " ".join(page.split()))
    return [line.strip() for page in pages[start:] for line in page.splitlines() if line.strip()]


def pdf_locators(lines: list[str], heading: str) -> list[int]:
    """The pages the index gives for *heading*: its own line and its subentries' lines, up to the
    next heading (pdftotext reads the two columns one after the other): a glossary term's, or a
    cross-reference ("Port Arthur, see Lüshun 旅顺")."""
    others = set(glossary_terms()) - {heading}
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{heading},"))
    found: list[int] = []
    for n, line in enumerate(lines[start:]):
        if n and (", see " in line or any(line.startswith(f"{other},") for other in others)):
            break
        for locator in re.findall(r"(?:, |^)(\d+(?:–\d+)?)(?=,|$)", line):
            first, _, last = locator.partition("–")
            found.extend(range(int(first), int(last or first) + 1))
    return found


@pytest.mark.tex
def test_pdf_index_sends_the_reader_to_pages_that_name_the_entry(pdf: Path) -> None:
    """A reader who looks up Gao Gang, Lüshun or Molotov in the printed index finds the name, in
    its characters or Cyrillic, and on every page it gives, the name."""
    pages = pdf_pages(pdf)
    folios = by_folio(pdf)
    lines = pdf_index_lines(pages)
    for heading, names in LOOKED_UP.items():
        assert any(line.startswith(f"{heading},") for line in lines), f"{heading} not in the index"
        locators = pdf_locators(lines, heading)
        assert len(locators) >= 2, f"{heading}: {locators}"
        for page in locators:
            text = " ".join(folios[page].replace("-\n", "").split())
            assert any(name in text for name in names), f"{heading}: page {page} does not name it"


def test_epub_ends_with_the_index(epub: Path) -> None:
    book = zipfile.ZipFile(epub)
    opf = book.read("content.opf").decode()
    manifest = ET.fromstring(opf).find("{http://www.idpf.org/2007/opf}manifest")
    assert manifest is not None
    hrefs = {item.get("id"): item.get("href") for item in manifest}
    spine = [hrefs[idref] for idref in re.findall(r'<itemref idref="([^"]+)"', opf)]
    assert spine[-1] == "genindex.xhtml", f"the book ends with {spine[-1]}, not the index"
    index = BeautifulSoup(book.read("genindex.xhtml").decode(), "html.parser")
    text = " ".join(index.get_text(" ").split())
    for heading in [*LOOKED_UP, "Chiang Kai-shek 蒋介石"]:
        assert heading in text, f"{heading} is not in the EPUB's index"
    assert index.find(lang="zh-Hans", string="高岗") is not None  # its language marked
    assert index.find("a", href=re.compile(r"^chapters/04-road-to-moscow\.xhtml#index-"))
