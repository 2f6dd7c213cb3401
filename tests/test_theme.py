"""The repaired theme, as a reader meets it: proved on the built book and in headless Chromium.

One search field and no empty top bar; a description, a favicon and (on Read the Docs) a canonical
address on every page; the bibliography as a list of list items; the page's Contents beside the
notes rather than over them, its icon drawn; the theme pinned to what sphinx-book-theme requires;
tables and charts a phone can read; Chinese queries highlighted whole, in snippets marked with their
language. The browser tests follow tests/test_browser.py: a probe page served beside the site
measures a book page in an iframe of the width wanted and writes JSON that ``--dump-dom`` reads.
"""

from __future__ import annotations

import json
import re
import runpy
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from importlib.metadata import requires, version
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup, Tag

from book import ROOT, Build
from sinosoviet.chinese import text as cjk
from sinosoviet.theme import meta
from test_browser import _Site, book_html, dom

CHAPTER = "chapters/05-mao-in-moscow.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return book_html(tmp_path_factory)


def soups(site: Build) -> dict[str, BeautifulSoup]:
    found = {}
    for path in sorted(site.outdir.rglob("*.html")):
        name = path.relative_to(site.outdir).as_posix()
        if not name.startswith("_"):
            found[name] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return found


@pytest.fixture(scope="module")
def pages(site: Build) -> dict[str, BeautifulSoup]:
    return soups(site)


@pytest.fixture(scope="module")
def served(site: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The built site on http://127.0.0.1:<port>/, and where the probe pages go (/_probe/)."""
    probes = tmp_path_factory.mktemp("theme-probes")
    handler = type("Handler", (_Site,), {"probes": str(probes)})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site.outdir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", probes
    httpd.shutdown()
    httpd.server_close()


# -- The pages as written --------------------------------------------------------------------------


def test_the_theme_is_pinned_to_what_sphinx_book_theme_requires() -> None:
    pins = dict(re.findall(r"^([\w.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(),
                           flags=re.M))
    required = [r for r in requires("sphinx-book-theme") or [] if "extra ==" not in r]
    assert f"pydata-sphinx-theme=={pins['pydata-sphinx-theme']}" in required
    assert version("pydata-sphinx-theme") == pins["pydata-sphinx-theme"]
    assert version("sphinx-book-theme") == pins["sphinx-book-theme"]


@pytest.mark.book
def test_every_page_has_one_search_field_named_by_what_it_shows_and_no_top_bar(
        pages: dict[str, BeautifulSoup]) -> None:
    assert len(pages) >= 15
    for name, page in pages.items():
        header = page.select_one("#pst-header")
        assert header is None or not header.find(True), f"{name}: the empty top bar is back"
        fields = page.select("button.search-button-field")
        assert len(fields) == 1, f"{name}: {len(fields)} search fields"
        assert not fields[0].get("aria-label"), f"{name}: the field's name hides Ctrl + K"


@pytest.mark.book
def test_every_page_describes_itself_and_has_a_favicon(site: Build,
                                                       pages: dict[str, BeautifulSoup]) -> None:
    for name, page in pages.items():
        tag = page.find("meta", attrs={"name": "description"})
        assert tag is not None and 40 <= len(tag["content"]) <= meta.LIMIT, name
        icon = page.find("link", rel="icon")
        assert icon is not None
        assert (site.outdir / name).parent.joinpath(str(icon["href"])).is_file()
        # No address is made up: without Read the Docs' variable there is no canonical link.
        assert page.find("link", rel="canonical") is None
    chapter = str(pages[CHAPTER].find("meta", attrs={"name": "description"})["content"])
    summary = " ".join(
        pages[CHAPTER].select_one("div.admonition p:not(.admonition-title)").get_text().split())
    assert chapter.endswith("…") and summary.startswith(chapter[:-1])
    fallback = pages["genindex.html"].find("meta", attrs={"name": "description"})
    assert str(fallback["content"]).startswith("An open scholarly history")


def test_a_description_is_the_first_paragraph_without_its_notes() -> None:
    from docutils.core import publish_doctree

    doctree = publish_doctree("Title\n=====\n\nShort.\n\nA first paragraph long enough to "
                              "describe its page,\\ [#]_ and more.\n\n.. [#] A note.\n")
    assert meta.description(doctree, "fallback") == (
        "A first paragraph long enough to describe its page, and more.")
    assert meta.description(None, "the book " * 30).endswith(" the…")
    assert len(meta.description(None, "the book " * 30)) <= meta.LIMIT


def test_the_canonical_address_is_the_one_read_the_docs_gives(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://book.example.org/en/latest/")
    assert runpy.run_path(str(ROOT / "conf.py"))["html_baseurl"] == \
        "https://book.example.org/en/latest/"
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL")
    assert runpy.run_path(str(ROOT / "conf.py"))["html_baseurl"] == ""


@pytest.mark.book
def test_the_bibliography_is_a_list_of_list_items(pages: dict[str, BeautifulSoup]) -> None:
    lists = pages["appendices/bibliography.html"].select('[role="list"]')
    entries = [child for node in lists for child in node.find_all(True, recursive=False)]
    assert len(entries) >= 100
    assert {entry.get("role") for entry in entries} == {"listitem"}


@pytest.mark.book
def test_a_page_with_notes_has_its_contents_in_the_left_sidebar(
        pages: dict[str, BeautifulSoup]) -> None:
    chapter = pages[CHAPTER]
    assert chapter.select("article span.sidenote")
    toc = chapter.select(".bd-sidebar-primary nav.page-toc a[href^='#']")
    sections = chapter.select("article section > h2")
    assert len(toc) >= len(sections) >= 5
    # The margin is the notes': at most the theme script's hidden, empty stand-in (layout.html).
    assert all(panel.has_attr("hidden") and not panel.find(True)
               for panel in chapter.select(".bd-sidebar-secondary"))
    assert chapter.select_one(".secondary-toggle") is None  # no button that opens nothing
    chronology = pages["appendices/chronology.html"]  # no notes: the theme's panel stays
    assert not chronology.select("article span.sidenote")
    assert chronology.select(".bd-sidebar-secondary nav.page-toc a")
    assert chronology.select_one(".bd-sidebar-primary nav.page-toc") is None


@pytest.mark.book
def test_labels_and_the_chronologys_introduction_use_typographic_quotes(
        pages: dict[str, BeautifulSoup]) -> None:
    labels = [row.find_all("td")[1].get_text() for row in
              pages["appendices/facts.html"].select("table.facts-index tbody tr")]
    assert len(labels) >= 300
    assert not [label for label in labels if "'" in label or '"' in label]
    assert any("’" in label for label in labels) and any("‘" in label for label in labels)
    intro = pages["appendices/chronology.html"].select_one("article p").get_text()
    assert "(“March 1950”)" in intro


# -- In the browser --------------------------------------------------------------------------------

PROBE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title>
<style>body { margin: 0 } iframe { border: 0; display: block }</style></head>
<body><iframe id="page" width="WIDTH" height="900" src="PAGE"></iframe><pre id="out"></pre>
<script>
window.addEventListener("load", () => setTimeout(async () => {
  const doc = document.getElementById("page").contentDocument;
  const win = doc.defaultView;
  const measure = MEASURE;
  document.getElementById("out").textContent = JSON.stringify(await measure(doc, win));
}, 1500));
</script></body></html>
"""


def measure(served: tuple[str, Path], page: str, width: int, script: str) -> Any:
    """Run ``script`` (JavaScript: ``(doc, win) => result``) on ``page`` shown ``width`` px wide."""
    server, probes = served
    name = f"theme-{re.sub(r'[^a-z0-9]+', '-', page)}-{width}.html"
    probe = (PROBE.replace("WIDTH", str(width)).replace("PAGE", "../" + page)
             .replace("MEASURE", script))
    (probes / name).write_text(probe, encoding="utf-8")
    out = dom(f"{server}_probe/{name}", width).select_one("#out").get_text()
    assert out, f"the probe of {page} wrote nothing"
    return json.loads(out)


TABLES = """(doc, win) => ({
  scrollWidth: doc.documentElement.scrollWidth,
  tables: [...doc.querySelectorAll("article table")].map((table) => {
    const box = table.closest(".pst-scrollable-table-container") || table.parentElement;
    const caption = table.querySelector("caption");
    const row = table.querySelector("tbody tr");
    return {
      classes: table.className, right: table.getBoundingClientRect().right,
      boxRight: box.getBoundingClientRect().right, scrolls: box.classList.contains("scrolls"),
      focusable: box.tabIndex === 0, cue: win.getComputedStyle(box, "::before").content,
      caption: caption && caption.getBoundingClientRect().right,
      row: row.getBoundingClientRect().width,
      cells: [...row.children].map((cell) => cell.getBoundingClientRect().width),
    };
  }),
})"""

PHONE = 390


@pytest.mark.book
@pytest.mark.parametrize("page", ["appendices/facts.html", "appendices/chronology.html",
                                  "appendices/figures.html", "chapters/02-sources.html",
                                  "chapters/09-enmity-and-detente.html"])
def test_tables_can_be_read_on_a_phone(served: tuple[str, Path], page: str) -> None:
    found = measure(served, page, PHONE, TABLES)
    assert found["scrollWidth"] <= PHONE, "the page scrolls sideways"
    assert found["tables"]
    for table in found["tables"]:
        if table["caption"] is not None:
            assert table["caption"] <= PHONE, "a caption is wider than the screen"
        if table["right"] > table["boxRight"] + 1:  # wider than the column: it says it scrolls
            assert table["scrolls"] and table["focusable"] and "Scroll" in table["cue"]
        if "facts-index" in table["classes"] or "registry-chronology" in table["classes"]:
            # Read down, a block per row: every cell as wide as the row, no squeezed column.
            assert table["right"] <= table["boxRight"] + 1
            assert min(table["cells"]) >= 0.9 * table["row"] >= 0.8 * (PHONE - 32)


BOOK_PAGES = sorted(path.relative_to(ROOT).with_suffix(".html").as_posix()
                    for folder in ("chapters", "appendices")
                    for path in (ROOT / folder).glob("*.md"))


@pytest.mark.book
def test_no_page_scrolls_sideways_on_a_phone(served: tuple[str, Path]) -> None:
    assert len(BOOK_PAGES) >= 15
    wide = {}
    for page in ["index.html", *BOOK_PAGES]:
        width = measure(served, page, PHONE, "(doc, win) => doc.documentElement.scrollWidth")
        if width > PHONE:
            wide[page] = width
    assert not wide, f"wider than a {PHONE} px screen: {wide}"


@pytest.mark.book
def test_a_chart_keeps_its_size_on_a_phone_and_pans(served: tuple[str, Path]) -> None:
    found = measure(served, CHAPTER, PHONE, """(doc, win) => {
      const figure = doc.querySelector("figure.registry-figure");
      return {image: figure.querySelector("img").getBoundingClientRect().width,
              box: figure.clientWidth, scrolls: figure.classList.contains("scrolls"),
              focusable: figure.tabIndex === 0,
              cue: win.getComputedStyle(figure, "::before").content,
              caption: figure.querySelector("figcaption").getBoundingClientRect().right,
              page: doc.documentElement.scrollWidth};
    }""")
    assert found["image"] >= 620 > found["box"]
    assert found["scrolls"] and found["focusable"] and "Scroll" in found["cue"]
    assert found["caption"] <= PHONE and found["page"] <= PHONE


@pytest.mark.book
def test_the_search_icon_stands_before_the_query(served: tuple[str, Path]) -> None:
    found = measure(served, "search.html?q=%E5%91%A8%E6%81%A9%E6%9D%A5", 1024,
                    """(doc, win) => {
      const form = doc.querySelector(".bd-search-container form.bd-search, article form.bd-search");
      const input = form.querySelector("input"), icon = form.querySelector(".fa-magnifying-glass");
      const text = input.getBoundingClientRect().left
        + parseFloat(win.getComputedStyle(input).paddingLeft);
      return {icon: icon.getBoundingClientRect().right, text, query: input.value};
    }""")
    assert found["query"] == "周恩来"
    assert found["icon"] <= found["text"], "the icon covers the query's first character"


@pytest.mark.book
def test_a_chinese_query_is_highlighted_whole_in_snippets_marked_chinese(
        served: tuple[str, Path]) -> None:
    page = dom(f"{served[0]}search.html?q=%E5%91%A8%E6%81%A9%E6%9D%A5")
    results = page.select_one("#search-results")
    assert results is not None and results.select("ul.search li")
    whole = [span for span in results.select("span.highlighted") if span.get_text() == "周恩来"]
    assert whole and len(whole) == results.get_text().count("周恩来")
    assert_chinese_marked(results)


def assert_chinese_marked(results: Tag | None) -> None:
    assert results is not None, "no search results"
    han = re.compile(f"[{cjk.HAN}]")
    assert results.find_all(string=han), "no Chinese in the results"
    unmarked = [str(text) for text in results.find_all(string=han)
                if not any(str(p.get("lang", "")).startswith("zh-Han") for p in text.parents)]
    assert not unmarked, unmarked[:5]


@pytest.mark.book
@pytest.mark.parametrize("query", ["Zhou Enlai", "前往", "周恩來"])
def test_chinese_in_the_results_of_any_query_is_marked(served: tuple[str, Path],
                                                         query: str) -> None:
    """Whatever the query, the page finishes (marking Chinese never feeds on itself) and every run
    of Chinese in titles and snippets carries its language."""
    page = dom(f"{served[0]}search.html?q={quote(query)}")
    results = page.select_one("#search-results")
    assert results.select_one(".search-summary") is not None, "the search did not finish"
    assert_chinese_marked(results)


@pytest.mark.book
def test_the_folded_contents_panel_draws_its_chevron(served: tuple[str, Path]) -> None:
    found = measure(served, "appendices/chronology.html", 1440, """async (doc, win) => {
      doc.querySelector(".bd-sidebar-secondary").classList.add("hide");  // as the theme folds it
      const title = doc.querySelector(".bd-sidebar-secondary .onthispage");
      const style = win.getComputedStyle(title, "::after");
      // A family no @font-face declares loads nothing (and the glyph is a box): count the faces.
      const faces = await doc.fonts.load(`900 16px ${style.fontFamily}`, style.content.slice(1, 2));
      return {family: style.fontFamily, faces: faces.length};
    }""")
    assert "Font Awesome 7 Free" in found["family"] and found["faces"] >= 1



def test_every_page_links_the_index_after_the_books_navigation(
        pages: dict[str, BeautifulSoup]) -> None:
    """The theme links the index nowhere: the sidebar gets a link to it, right after the chapters
    and appendices and before the page's Contents, on every page, and it is marked current on the
    index itself."""
    for name, page in pages.items():
        sidebar = page.select_one(".bd-sidebar-primary")
        assert sidebar is not None, name
        link = sidebar.select_one("nav.sinosoviet-index-link a")
        assert link is not None and link.get_text(strip=True) == "Index", name
        href = str(link["href"])
        assert href == "#" if name == "genindex.html" else href.endswith("genindex.html"), name
        navigation = sidebar.select_one("nav.bd-links:not(.sinosoviet-index-link)")
        assert navigation is not None, name
        assert (navigation.sourceline or 0) <= (link.sourceline or 0), name  # the link after it
        assert (link.get("aria-current") == "page") == (name == "genindex.html"), name
