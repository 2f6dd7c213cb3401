"""The Chinese edition of the real book (``make html-zh``, ``latexpdf-zh``, ``epub-zh``): built
from locales/zh_CN, strictly, by ``sphinx-build`` as the Makefile runs it.

Every message of every catalogue is translated, so the build is a release build
(``checks_translation_release``): a message the English gains or changes and the translation
does not follow fails it. (Were a catalogue incomplete, the build would turn the release check
off by itself, and untranslated messages would show in English.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from book import ROOT, Build, have, pdf_pages, require
from test_browser import search, texts
from test_reproducible import differences, source_date_epoch

CATALOGUES = ROOT / "locales" / "zh_CN" / "LC_MESSAGES"
#: An ``{index}`` role as MyST writes it; what is compared is its entry, after ``<``.
INDEX_ROLE = re.compile(r"\{index\}`[^`<]*<([^`>]*)>`")


def translation_complete() -> bool:
    """Every message of every catalogue translated, none fuzzy."""
    for path in CATALOGUES.rglob("*.po"):
        with path.open(encoding="utf-8") as po:
            if any(m.id and (not m.string or m.fuzzy) for m in read_po(po)):
                return False
    return True


def build_zh(out: Path, *options: str, builder: str = "html") -> tuple[Path, str]:
    """The Chinese edition built as ``make html-zh`` builds it, by ``sphinx-build`` in a process
    of its own (an in-process build shares Sphinx's translators with the English builds before
    it: "Python Module Index" would stay English); its HTML directory and every warning."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch()}
    release = ["-D", "checks_translation_release=1"] if translation_complete() else []
    warnings = out / "warnings.txt"
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", builder, "-E", "-q", "-n",
                          "-D", "language=zh_CN", *release, *options, "-w", str(warnings),
                          str(ROOT), str(out / builder), "-d", str(out / "doctrees")],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return out / builder, warnings.read_text("utf-8")


@pytest.fixture(scope="session")
def zh_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The Chinese edition's HTML directory and every warning of its build."""
    return build_zh(tmp_path_factory.mktemp("zh"))


def _page(outdir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{docname}.html").read_text("utf-8"), "html.parser")


def _heading(page: BeautifulSoup) -> str:
    heading = page.find("h1")
    assert heading is not None
    return heading.get_text().strip()


def test_the_chinese_edition_builds_without_a_warning(zh_html: tuple[Path, str]) -> None:
    _, warnings = zh_html
    assert warnings.strip() == ""


def test_chapter_one_is_chinese_with_its_facts_in_chinese_notation(
        zh_html: tuple[Path, str]) -> None:
    outdir, _ = zh_html
    chapter = _page(outdir, "chapters/01-introduction")
    assert _heading(chapter).endswith("导论")
    facts: dict[str, str] = {}
    for span in chapter.select("span.fact"):  # the first of each: the text's, not a note's
        facts.setdefault(str(span["data-fact"]), span.get_text())
    # Written {fact}`id` in the catalogue: the registry's value, in Chinese notation.
    assert facts["treaty-signed"] == "1950年2月14日"
    assert facts["loan-1950-usd"] == "3亿美元"
    assert facts["experts-recalled-1960"] == "1390名"
    assert facts["experts-1950s-total"] == "约2万名"
    main = chapter.find("main") or chapter
    for popover in main.select(".fact-popover"):  # the registry's labels, English as written
        popover.decompose()
    text = main.get_text()
    assert "斯大林" in text and "中东铁路" in text and "Stalin" not in text


def test_every_translated_message_keeps_its_index_marks() -> None:
    """A translation wraps the Chinese word in the same ``{index}`` role as the English, with
    the entry (after ``<``) unchanged, so the index links the Chinese page as the English."""
    for path in CATALOGUES.rglob("*.po"):
        with path.open(encoding="utf-8") as po:
            for message in read_po(po):
                source, translation = message.id, message.string
                if isinstance(source, str) and isinstance(translation, str) and source \
                        and translation and not message.fuzzy:
                    assert Counter(INDEX_ROLE.findall(translation)) == \
                        Counter(INDEX_ROLE.findall(source)), (path.name, message.lineno)


def test_the_index_links_every_index_mark_of_chapter_one(zh_html: tuple[Path, str]) -> None:
    outdir, _ = zh_html
    marks = len(INDEX_ROLE.findall((ROOT / "chapters" / "01-introduction.md").read_text("utf-8")))
    chapter = _page(outdir, "chapters/01-introduction")
    targets = {str(span["id"]) for span in chapter.select("span.target[id^=index-]")}
    links = [str(a["href"]).split("#")[1]
             for a in _page(outdir, "genindex").select('a[href*="01-introduction.html#"]')]
    assert marks > 0 and len(links) == marks and set(links) <= targets


def test_the_title_page_is_chinese_and_untranslated_chapters_stay_english(
        zh_html: tuple[Path, str]) -> None:
    outdir, _ = zh_html
    title_page = _page(outdir, "index")
    assert "中苏关系（1917—1991）" in _heading(title_page)
    assert "两个月" in title_page.get_text()  # {fact}`visit-duration` without words
    for path in sorted((outdir / "chapters").glob("*.html")):
        heading = _heading(_page(outdir, f"chapters/{path.stem}"))
        if translation_complete():  # every chapter's title in Chinese
            assert HAN.search(heading) and not re.search("[A-Za-z]{3}", heading), heading


def test_every_page_links_the_same_page_of_the_english_edition(
        zh_html: tuple[Path, str]) -> None:
    page = _page(zh_html[0], "chapters/05-mao-in-moscow")
    link = page.select_one("a.sinosoviet-edition-link")
    assert link is not None and link.get_text(strip=True) == "English"
    assert link["href"] == "../../../html/chapters/05-mao-in-moscow.html"  # _build/html's
    assert link["hreflang"] == "en" and link["lang"] == "en"
    alternate = page.select_one('link[rel="alternate"][hreflang="en"]')
    assert alternate is not None and alternate["href"] == link["href"]


def test_no_page_holds_an_id_twice(zh_html: tuple[Path, str]) -> None:
    """A translated paragraph that cites one work twice keeps two ids (TranslatedIds)."""
    repeated = {}
    for path in sorted(zh_html[0].rglob("*.html")):
        ids = Counter(re.findall(r'\sid="([^"]+)"', path.read_text("utf-8")))
        if twice := sorted(ident for ident, count in ids.items() if count > 1):
            repeated[path.name] = twice
    assert not repeated


# -- Chinese text, sampled from the catalogues ---------------------------------------------------

HAN = re.compile("[\u4e00-\u9fff]")
#: A run of Chinese long enough to stand for its sentence: no role, note or punctuation inside.
SAMPLE_RUN = re.compile("[\u4e00-\u9fff]{10,}")


def chapter_samples() -> dict[str, str]:
    """For each chapter, the first long run of Chinese of its first translated paragraph."""
    samples = {}
    for path in sorted((CATALOGUES / "chapters").glob("*.po")):
        with path.open(encoding="utf-8") as po:
            for message in read_po(po):
                found = (SAMPLE_RUN.search(message.string)
                         if isinstance(message.string, str) and not message.fuzzy else None)
                if found:
                    samples[path.stem] = found.group()[:14]
                    break
    return samples


def test_every_chapter_has_chinese_to_sample() -> None:
    chapters = {path.stem for path in (ROOT / "chapters").glob("*.md")}
    assert set(chapter_samples()) == chapters


# -- Search ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def zh_server(zh_html: tuple[Path, str]) -> Iterator[str]:
    """The Chinese edition on http://127.0.0.1:<port>/."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(zh_html[0]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("query", ["斯大林", "条约"])
def test_the_search_finds_every_chapter_that_writes_the_word(
        zh_html: tuple[Path, str], zh_server: str, query: str) -> None:
    pages = texts(Build("html", zh_html[0], zh_html[1], ""))
    writing = {page for page, text in pages.items() if query in text}
    assert sum(page.startswith("chapters/") for page in writing) >= 6
    found = search(zh_server, query)
    assert writing <= found, f"not found: {sorted(writing - found)}"


# -- PDF and EPUB ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def zh_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(have("xelatex", "latexmk", "xindy", "pdftotext"),
            "the PDF needs xelatex, latexmk, xindy and pdftotext (see README)")
    outdir, warnings = build_zh(tmp_path_factory.mktemp("zh-latex"), builder="latex")
    assert warnings == ""
    run = subprocess.run(["make", "-C", str(outdir), "all-pdf",
                          "LATEXMKOPTS=-silent -interaction=nonstopmode"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    log = subprocess.run([sys.executable, "-m", "sinosoviet.pdf", str(outdir)],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")})
    assert log.returncode == 0, log.stderr  # the same LaTeX log check as the English PDF's
    return outdir / "sino-soviet-relations.pdf"


def test_the_pdf_is_set_in_chinese_with_a_sentence_of_every_chapter(zh_pdf: Path) -> None:
    text = re.sub(r"\s+", "", "".join(pdf_pages(zh_pdf)))
    missing = {chapter: sample for chapter, sample in chapter_samples().items()
               if sample not in text}
    assert not missing, missing
    assert "目录" in text and "中苏关系（1917—1991）" in text
    fonts = subprocess.run(["pdffonts", str(zh_pdf)], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts.replace(" ", "")


@pytest.fixture(scope="session")
def zh_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir, warnings = build_zh(tmp_path_factory.mktemp("zh-epub"), builder="epub")
    assert warnings == ""
    return next(outdir.glob("*.epub"))


def test_the_epub_is_chinese_and_passes_epubcheck(zh_epub: Path) -> None:
    with zipfile.ZipFile(zh_epub) as book:
        package = book.read("content.opf").decode("utf-8")
        chapter = book.read("chapters/05-mao-in-moscow.xhtml").decode("utf-8")
    assert "<dc:language>zh-CN</dc:language>" in package and "中苏关系（1917—1991）" in package
    with zipfile.ZipFile(zh_epub) as book:
        cover = next(text for name in book.namelist() if name.endswith(".xhtml")
                     and 'role="doc-cover"' in (text := book.read(name).decode("utf-8")))
    assert 'alt="封面：中苏关系（1917—1991）' in cover  # drawn in Chinese (cover.py)
    assert chapter_samples()["05-mao-in-moscow"] in re.sub(r"<[^>]+>|\s+", "", chapter)
    require(have("epubcheck", "java"), "epubcheck is not installed (Debian: epubcheck)")
    jar = Path(shutil.which("epubcheck") or "epubcheck").resolve()
    command = ["java", "-jar", str(jar)] if jar.suffix == ".jar" else [str(jar)]
    run = subprocess.run([*command, str(zh_epub)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]


# -- Reproducible --------------------------------------------------------------------------------


def test_a_second_clean_build_in_another_directory_is_byte_identical(
        zh_html: tuple[Path, str], tmp_path: Path) -> None:
    """Another directory, another hash seed, two processes reading in parallel: the same bytes."""
    os.environ["PYTHONHASHSEED"], seed = "5", os.environ.get("PYTHONHASHSEED")
    try:
        again, _ = build_zh(tmp_path / "another" / "zh", "-j", "2")
    finally:
        if seed is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = seed
    assert differences(zh_html[0], again) == []
