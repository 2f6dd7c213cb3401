"""The EPUB as a reading system and a reader meet it: notes that open as pop-ups and read "[1]",
a cover drawn from the title page, the metadata of the package, the index last, epubcheck clean.

A small book (``tests/roots/test-epub-book``: a title page with a subtitle, a chapter with notes,
index entries and a described chart) is built once for the module; the whole book's EPUB is
tested in ``test_book.py``.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from book import ROOT as BOOK
from book import have, require
from sinosoviet.epub.cover import TitlePage, draw_cover, title_page
from sinosoviet.epub.package import Images, accessibility
from test_browser import PAGE, chromium, small_book

ROOTS = Path(__file__).parent / "roots"
EPOCH = "1767225600"  # 1 January 2026
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def build(srcdir: Path, builddir: Path) -> Path:
    """Build ``srcdir`` to EPUB in ``builddir`` without a warning; the ``.epub`` file."""
    warning = io.StringIO()
    app = SphinxTestApp("epub", srcdir=srcdir, builddir=builddir, status=io.StringIO(),
                        warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning.getvalue() == ""
    return next(Path(app.outdir).glob("*.epub"))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    srcdir = tmp_path_factory.mktemp("epub") / "small-history"
    shutil.copytree(ROOTS / "test-epub-book", srcdir)
    try:
        yield build(srcdir, srcdir / "_build")
    finally:
        monkeypatch.undo()


def read(epub: Path, name: str) -> str:
    with zipfile.ZipFile(epub) as archive:
        return archive.read(name).decode("utf-8")


def package(epub: Path) -> ET.Element:
    return ET.fromstring(read(epub, "content.opf"))


def manifest(opf: ET.Element) -> dict[str, ET.Element]:
    return {item.get("id", ""): item for item in opf.iter(f"{OPF}item")}


def spine(opf: ET.Element) -> list[str]:
    """The documents of the reading order, in order."""
    items = manifest(opf)
    return [items[ref.get("idref", "")].get("href", "") for ref in opf.iter(f"{OPF}itemref")]


def meta(opf: ET.Element, prop: str) -> list[str]:
    return [m.text or "" for m in opf.iter(f"{OPF}meta") if m.get("property") == prop]


# -- Notes -----------------------------------------------------------------------------------------


def test_note_references_and_notes_carry_epub_footnote_semantics(book: Path) -> None:
    text = read(book, "chapters/one.xhtml")
    assert re.search(r'<html [^>]*xmlns:epub="http://www.idpf.org/2007/ops"', text)
    page = ET.fromstring(text)  # an XML parser: an undeclared prefix would fail here
    notes = {aside.get("id"): aside for aside in page.iter(f"{XHTML}aside")
             if aside.get(EPUB_TYPE) == "footnote"}
    references = [a for a in page.iter(f"{XHTML}a") if a.get("role") == "doc-noteref"]
    assert len(references) == len(notes) == 3
    for reference in references:
        assert reference.get(EPUB_TYPE) == "noteref"
        note = notes[reference.get("href", "").removeprefix("#")]  # a note of the same page
        assert note.get("role") == "doc-footnote"
    assert [ref.get(EPUB_TYPE) for ref in page.iter(f"{XHTML}aside")
            if "footnote-list" in ref.get("class", "")] == ["footnotes"]
    # every paragraph of a note stays in it
    assert "A second paragraph of the note." in "".join(notes["stay"].itertext())


def test_a_note_reference_reads_1_in_brackets_once_as_the_browser_renders_it(
        book: Path, tmp_path: Path) -> None:
    """The reference's text with what the EPUB's style sheets add before and after it, read from
    the page laid out by Chromium."""
    with zipfile.ZipFile(book) as archive:
        archive.extractall(tmp_path)
    page = tmp_path / "chapters" / "one.xhtml"
    probe = """<script>//<![CDATA[
window.addEventListener("load", () => {
  const added = (a, where) => {
    const content = getComputedStyle(a, where).content;
    return content === "none" || content === "normal" ? "" : JSON.parse(content);
  };
  const read = [...document.querySelectorAll("a[role=doc-noteref]")]
    .map(a => added(a, "::before") + a.textContent + added(a, "::after"));
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = read.join(" ");
  document.body.appendChild(out);
});
//]]></script>"""
    page.write_text(page.read_text(encoding="utf-8").replace("</head>", probe + "</head>"),
                    encoding="utf-8")
    dumped = BeautifulSoup(chromium(page.as_uri(), "--window-size=390,844", "--dump-dom"),
                           "html.parser")
    probe_out = dumped.select_one("#probe")
    assert probe_out is not None, "the probe did not run"
    assert probe_out.get_text() == "[1] [2] [3]"


# -- Cover -----------------------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_cover_is_drawn_from_the_title_page_and_named_in_the_package(book: Path) -> None:
    opf = package(book)
    covers = [item for item in manifest(opf).values() if item.get("properties") == "cover-image"]
    assert len(covers) == 1
    cover = covers[0]
    assert cover.get("media-type") == "image/png"
    assert [m.get("content") for m in opf.iter(f"{OPF}meta")
            if m.get("name") == "cover"] == [cover.get("id")]  # for EPUB 2 reading systems
    with zipfile.ZipFile(book) as archive:
        image = archive.read(cover.get("href", ""))
    assert png_size(image) == (1600, 2560)
    # the cover page opens the book and shows that image, described by the title page's words
    first = spine(opf)[0]
    page = BeautifulSoup(read(book, first), "html.parser")
    img = page.select_one("img")
    assert img is not None
    assert img["src"] == cover.get("href")
    assert img["alt"] == ("Cover: A Small History, 1917–1991: Two capitals and the treaty "
                          "between them. The Small History contributors.")
    assert [r.get("type") for r in opf.iter(f"{OPF}reference")
            if r.get("href") == first] == ["cover"]


def test_the_cover_is_the_same_for_the_same_title_page_and_differs_for_another() -> None:
    page = TitlePage("Sino-Soviet Relations, 1917–1991", "Mao Zedong’s journey to Moscow",
                     "The contributors")
    drawn = draw_cover(page)
    assert drawn == draw_cover(page)
    assert b"Software" not in drawn and b"tIME" not in drawn  # no version, no date
    assert drawn != draw_cover(TitlePage(page.title, "", page.author))


def test_the_title_page_is_the_title_and_an_all_italic_first_paragraph(tmp_path: Path) -> None:
    from docutils.core import publish_doctree

    def read_title_page(text: str) -> TitlePage:
        return title_page(publish_doctree(text, settings_overrides={"doctitle_xform": False}),
                          "A. Author")

    page = read_title_page("Title, 1917–1991\n================\n\n*The subtitle*\n\nText.\n")
    assert page == TitlePage("Title, 1917–1991", "The subtitle", "A. Author")
    # a first paragraph that is only partly in italics is the text, not a subtitle
    assert read_title_page("Title\n=====\n\n*Partly* italic.\n").subtitle == ""
    assert read_title_page("No title at all.\n") == TitlePage("", "", "A. Author")


# -- Metadata --------------------------------------------------------------------------------------


def test_the_package_has_description_subjects_and_accessibility_metadata(book: Path) -> None:
    opf = package(book)
    assert [d.text for d in opf.iter(f"{DC}description")] == ["A small history, for the tests."]
    assert [s.text for s in opf.iter(f"{DC}subject")] == [
        "China -- Foreign relations -- Soviet Union", "Cold War"]
    assert list(opf.iter(f"{DC}contributor")) == []  # not Sphinx's "unknown"
    assert meta(opf, "schema:accessMode") == ["textual", "visual"]  # the chart is an image
    assert meta(opf, "schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert set(meta(opf, "schema:accessibilityFeature")) == {
        "structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability",
        "alternativeText", "index"}
    assert meta(opf, "schema:accessibilityHazard") == ["none"]
    assert meta(opf, "schema:accessibilitySummary") == [
        "The chart is described in its text alternative."]


def test_accessibility_is_what_the_pages_show(tmp_path: Path) -> None:
    described = tmp_path / "described.xhtml"
    described.write_text('<p>Text <img src="a.png" alt="A chart of the loans." /></p>')
    bare = tmp_path / "bare.xhtml"
    bare.write_text('<p>Text <img src="b.png" alt="" /> and &nbsp; more</p>')
    assert Images.of([described, bare]) == Images(shown=2, without_alt=1)

    text_only = accessibility(Images(0, 0), has_index=False)
    assert text_only["access_modes"] == ["textual"]
    assert text_only["access_modes_sufficient"] == ["textual"]
    assert "alternativeText" not in text_only["accessibility_features"]
    assert "index" not in text_only["accessibility_features"]
    # an image without a text alternative: text alone does not suffice, and no claim otherwise
    undescribed = accessibility(Images.of([described, bare]), has_index=True)
    assert undescribed["access_modes_sufficient"] == ["textual,visual"]
    assert "alternativeText" not in undescribed["accessibility_features"]
    assert "index" in undescribed["accessibility_features"]


# -- Index -----------------------------------------------------------------------------------------


def test_the_index_is_last_in_the_book_and_lists_its_entries(book: Path) -> None:
    opf = package(book)
    order = spine(opf)
    assert order[-1] == "genindex.xhtml"
    assert len(order) == len(set(order))
    assert [r.get("type") for r in opf.iter(f"{OPF}reference")
            if r.get("href") == "genindex.xhtml"] == ["index"]
    index = BeautifulSoup(read(book, "genindex.xhtml"), "html.parser")
    entries = index.select("table.indextable a")
    words = " ".join(a.get_text(" ", strip=True) for a in entries)
    assert "journey to Moscow" in words and "naval base" in words
    hrefs = [str(a["href"]) for a in entries]
    assert {href.split("#")[0] for href in hrefs} == {"chapters/one.xhtml"}
    targets = BeautifulSoup(read(book, "chapters/one.xhtml"), "html.parser")
    for href in hrefs:
        assert targets.find(id=href.split("#")[1]) is not None, href
    nav = BeautifulSoup(read(book, "nav.xhtml"), "html.parser")
    assert nav.select("nav ol > li > a")[-1]["href"] == "genindex.xhtml"


def test_without_index_entries_there_is_no_index_page(tmp_path: Path) -> None:
    outdir = small_book(tmp_path / "epub", PAGE, "epub", version="1", epub_copyright="c",
                        extensions=["myst_parser", "sinosoviet.epub"])
    epub = next(outdir.glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        assert "genindex.xhtml" not in archive.namelist()
    opf = package(epub)
    assert "genindex.xhtml" not in spine(opf)
    assert "index" not in meta(opf, "schema:accessibilityFeature")


# -- The archive -----------------------------------------------------------------------------------


def epubcheck(epub: Path) -> None:
    require(have("epubcheck", "java"), "epubcheck is not installed (Debian: epubcheck)")
    jar = Path(shutil.which("epubcheck") or "epubcheck").resolve()  # Debian links the bare .jar
    command = ["java", "-jar", str(jar)] if jar.suffix == ".jar" else [str(jar)]
    run = subprocess.run([*command, str(epub)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert re.search(r"0 fatals / 0 errors / 0 warnings", run.stdout), run.stdout[-4000:]


def test_the_small_book_passes_epubcheck(book: Path) -> None:
    epubcheck(book)


def test_a_rebuild_and_a_clean_build_elsewhere_give_the_same_archive(
        book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The drawn cover, the package and the archive are the same bytes; and a rebuild in the
    same directory, which finds the last build's cover page there, lists it once."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    srcdir = book.parents[2]  # small-history/_build/epub/<name>.epub
    first = book.read_bytes()
    rebuilt = build(srcdir, srcdir / "_build")
    assert rebuilt.read_bytes() == first
    elsewhere = tmp_path / "another-name"
    shutil.copytree(ROOTS / "test-epub-book", elsewhere)
    assert build(elsewhere, elsewhere / "_build").read_bytes() == first
    epubcheck(rebuilt)


def test_the_epub_translator_leaves_the_html_builder_its_themes_translator(
        tmp_path: Path) -> None:
    """The EPUB's translator is its builder's own: registered with ``app.set_translator``, it
    would keep pydata-sphinx-theme from giving the HTML builder its Bootstrap translator."""
    for builder, expected in (("html", "BootstrapHTML5Translator"), ("epub", "EpubTranslator")):
        app = SphinxTestApp(builder, srcdir=BOOK, builddir=tmp_path / builder,
                            status=io.StringIO(), warning=io.StringIO())
        try:
            assert app.registry.get_translator_class(app.builder).__name__ == expected
        finally:
            app.cleanup()
