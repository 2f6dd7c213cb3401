"""The whole book builds, strictly, to HTML, PDF and EPUB, and says what its sources say."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from book import ROOT, Build, build_book, have, require

pytestmark = pytest.mark.book

CHINESE_IN_PDF = ["毛泽东", "中苏关系", "历史上的今天", "文化先锋", "杨尚昆日记", "中华人民共和国外交史"]
#: URLs exactly as the sources write them, non-ASCII characters included.
URLS = ["https://zh.wikipedia.org/wiki/中苏关系"]


def toctree_docs() -> list[str]:
    """Every document named in index.md's toctrees, in order."""
    text = (ROOT / "index.md").read_text(encoding="utf-8")
    docs = []
    for block in re.findall(r"```\{toctree\}(.*?)```", text, flags=re.S):
        docs += [line.strip() for line in block.splitlines() if re.fullmatch(r"[\w/.-]+", line.strip())]
    return docs


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


def test_every_chapter_file_is_in_the_toctree() -> None:
    listed = set(toctree_docs())
    on_disk = {str(p.relative_to(ROOT).with_suffix("")) for d in ("chapters", "appendices") for p in (ROOT / d).glob("*.md")}
    assert on_disk <= listed, f"not in any toctree: {sorted(on_disk - listed)}"


@pytest.fixture(scope="session")
def pdf(tmp_path_factory) -> Path:
    require(have("xelatex", "latexmk", "pdftotext"), "the PDF needs xelatex, latexmk and pdftotext (see README)")
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    require("Noto Serif CJK SC" in fonts, "the PDF needs the Noto CJK fonts (Debian: fonts-noto-cjk)")
    latex = build_book("latex", tmp_path_factory.mktemp("latex"))
    assert latex.warnings == ""
    run = subprocess.run(
        ["make", "-C", str(latex.outdir), "all-pdf", "LATEXMKOPTS=-silent -interaction=nonstopmode"],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    log = subprocess.run([sys.executable, "-m", "checks.latexlog", str(latex.outdir)],
                         capture_output=True, text=True, cwd=ROOT)
    assert log.returncode == 0, log.stderr
    return latex.outdir / "sino-soviet-relations.pdf"


@pytest.mark.tex
def test_pdf_contains_the_chinese_text(pdf: Path) -> None:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    for chinese in CHINESE_IN_PDF:
        assert chinese in text, f"{chinese} is missing from the PDF"


@pytest.mark.tex
def test_pdf_prints_and_links_urls_exactly(pdf: Path) -> None:
    """Every URL of the bibliography prints as written and links to the same address."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)  # a long URL may break across lines
    listing = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True).stdout
    linked = {unquote(line.split()[-1]) for line in listing.splitlines()[1:] if line.strip()}
    urls = bib_urls()
    assert URLS[0] in urls and any(not url.isascii() for url in urls)
    for url in urls:
        assert url in flat, f"{url} is not printed as written"
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
    jar = Path(shutil.which("epubcheck")).resolve()  # Debian links the bare .jar onto PATH
    command = ["java", "-jar", str(jar)] if jar.suffix == ".jar" else [str(jar)]
    run = subprocess.run([*command, str(epub)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
