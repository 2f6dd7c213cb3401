"""Reading the book in a browser: proved in headless Chromium.

Chinese text carries its language (``lang="zh-Hans"``, or ``zh-Hant`` for traditional script), the
search finds a chapter by a Chinese name as well as by its pinyin, a checked fact opens its
provenance on focus, hover or tap, and footnotes are sidenotes in the margin of a wide window and
notes that open in the text of a narrow one.

First the helpers on their own (no build), then small books built for one point each, then the
book: built once, served on 127.0.0.1 and loaded in Debian's ``chromium``. The browser tests are
skipped when chromium is missing, except in CI (``.ci/run`` installs it).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.config import Config
from sphinx.search.en import SearchEnglish
from sphinx.testing.util import SphinxTestApp

from book import ROOT, Build, build_book, require
from sinosoviet.chinese import text as cjk  # _ext/ is on sys.path (tests/conftest.py)
from sinosoviet.chinese.search import SearchEnglishCJK

#: Debian's chromium (what .ci/run installs); Chrome takes the same options.
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))),
                None)
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=10000",
]
CHAPTER = "chapters/05-mao-in-moscow.html"
NAME, PINYIN, NAME_TRADITIONAL = "周恩来", "Zhou Enlai", "周恩來"
#: Pages that are not the book's text.
NOT_TEXT = {"search.html", "genindex.html"}


# -- The helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Zhou Enlai 周恩来 (周恩來)", [("周恩来", "zh-Hans"), ("周恩來", "zh-Hant")]),
    ("the forms 红旗, 紅旗", [("红旗", "zh-Hans"), ("紅旗", "zh-Hant")]),
    ("signed on 1950年2月14日 in Moscow", [("1950年2月14日", "zh-Hans")]),
    ("loans of 56.76亿卢布 and 1,049架", [("56.76亿卢布", "zh-Hans"), ("1,049架", "zh-Hans")]),
    ("原文：“蘇聯全面停止援助中國，直到1945年簽訂《中蘇友好同盟條約》後”",
     [("原文：“蘇聯全面停止援助中國，直到1945年簽訂《中蘇友好同盟條約》後", "zh-Hant")]),
    # Chinese Wikipedia mixes the scripts within a sentence: the majority decides.
    ("中华人民共和国成立後最重要外交活动", [("中华人民共和国成立後最重要外交活动", "zh-Hans")]),
    ("莫斯科", [("莫斯科", "zh-Hans")]),  # written alike in both: the book's default
    ("Mao’s “long march” of 1934", []),
])
def test_runs_of_chinese_and_their_script(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(run.group(), cjk.script(run.group())) for run in cjk.runs(text)] == expected


def test_the_search_indexes_chinese_by_characters_and_pairs() -> None:
    words = SearchEnglishCJK({}).split("周恩来前往莫斯科 (Zhou Enlai's visit)")
    assert {"周", "周恩", "恩来", "前往", "莫斯", "斯科"} <= set(words)
    assert "周恩来前往莫斯科" not in words  # a run is no longer one long word
    assert {"Zhou", "Enlai", "visit"} <= set(words)
    search = SearchEnglishCJK({})
    assert search.stem("恩来") == "恩来" and search.stem("visits") == "visit"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["visits", "Visits", "visit", "treaty", "treaties", "恩来",
                                 "Mao's", "moscow", "Moscow", "", "running"])
                | st.text(max_size=12)))
def test_a_word_is_stemmed_as_the_english_stemmer_stems_it_however_often_it_comes(
        words: list[str]) -> None:
    """The stems are kept per search index (a book repeats its words): the same stems."""
    search, english = SearchEnglishCJK({}), SearchEnglish({})
    for word in words + words:
        assert search.stem(word) == (word if cjk.has_han(word) else english.stem(word))


# -- Small books -----------------------------------------------------------------------------------


def small_book(srcdir: Path, text: str, builder: str, **conf: object) -> Path:
    """Build a one-page MyST book holding ``text`` with the local extensions; return its outdir."""
    srcdir.mkdir(parents=True, exist_ok=True)
    settings = {"extensions": ["myst_parser", "sinosoviet.chinese", "sinosoviet.theme"],
                "source_suffix": {".md": "markdown"}, "html_search_language": "en_cjk",
                # a list of its own, for the theme to append to (see book_html)
                "templates_path": [],
                **conf}
    (srcdir / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        + "".join(f"{name} = {value!r}\n" for name, value in settings.items()), encoding="utf-8")
    (srcdir / "index.md").write_text(text, encoding="utf-8")
    warning = io.StringIO()
    app = SphinxTestApp(builder, srcdir=srcdir, status=io.StringIO(), warning=warning,
                        freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning.getvalue() == ""
    return Path(app.outdir)


PAGE = """# Names

## The forms 中苏关系 and 中蘇關係

Zhou Enlai (周恩来; traditional 周恩來) went to Moscow.[^note] `周恩来` is code.

[^note]: 原文：“毛泽东和周恩来前往莫斯科访问”

    A second paragraph of the note, 第二段.

    + a list item, 一项
"""


def test_the_epub_marks_chinese_in_xml_too(tmp_path: Path) -> None:
    outdir = small_book(tmp_path / "epub", PAGE, "epub", version="1", epub_copyright="c")
    with zipfile.ZipFile(next(outdir.glob("*.epub"))) as epub:
        page = epub.read("index.xhtml").decode("utf-8")
    assert '<span lang="zh-Hant" xml:lang="zh-Hant">周恩來</span>' in page
    assert '<span lang="zh-Hans" xml:lang="zh-Hans">中苏关系</span>' in page


def test_latex_leaves_chinese_to_xecjk(tmp_path: Path) -> None:
    outdir = small_book(tmp_path / "latex", PAGE, "latex")
    tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "周恩來" in tex and r"\chapter{The forms 中苏关系 and 中蘇關係}" in tex
    assert "zh-Han" not in tex and "DUrole" not in tex


def test_a_sidenote_keeps_every_paragraph_of_its_note(tmp_path: Path) -> None:
    outdir = small_book(tmp_path / "html", PAGE, "html", html_theme="sphinx_book_theme",
                        html_theme_options={"use_sidenotes": True})
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    note = soup.select_one("span.sidenote").get_text()
    assert "前往莫斯科" in note and "second paragraph" in note and "• a list item" in note
    assert soup.select_one("code").find(lang=True) is None  # code is left alone
    search = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert '"\\u6069\\u6765"' in search or '"恩来"' in search  # the pair 恩来 is a term


# -- The book in Chromium --------------------------------------------------------------------------


def book_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The book's HTML, built once per session (test_reproducible.py compares it with another).

    sphinx-book-theme and pydata-sphinx-theme append their template directories to
    ``templates_path``; in a project that does not set it, that is Sphinx's shared default list,
    so every later build in the same process would inherit them (and a different ``.buildinfo``).
    Emptied first: this build must be the one ``sphinx-build`` makes.
    """
    Config.config_values["templates_path"].default.clear()
    return build_book("html", tmp_path_factory.getbasetemp() / "book-html")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    return book_html(tmp_path_factory)


@pytest.fixture(scope="session")
def probes(tmp_path_factory) -> Path:
    """Where the tests' own pages go: served under /_probe/, beside the site, never inside it."""
    return tmp_path_factory.mktemp("probes")


class _Site(SimpleHTTPRequestHandler):
    """The built site, and the tests' probe pages under /_probe/ (same origin: they may look into
    the book's pages in an iframe)."""

    probes = ""

    def translate_path(self, path: str) -> str:
        if path.startswith("/_probe/"):
            return str(Path(self.probes) / path.removeprefix("/_probe/").split("?")[0])
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Build, probes: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<port>/."""
    handler = type("Handler", (_Site,), {"probes": str(probes)})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site.outdir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def chromium(url: str, *flags: str) -> str:
    """Run headless Chromium on ``url`` with ``flags``; return what it prints (``--dump-dom``)."""
    require(CHROMIUM is not None, "chromium is not installed (Debian: chromium)")
    assert CHROMIUM is not None  # require() has skipped (or, in CI, failed) the test otherwise
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags, url],
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "XDG_CACHE_HOME": profile,
                                  "XDG_CONFIG_HOME": profile})
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def dom(url: str, width: int = 1400) -> BeautifulSoup:
    return BeautifulSoup(chromium(url, f"--window-size={width},900", "--dump-dom"), "html.parser")


def search(server: str, query: str) -> set[str]:
    """The pages the search page lists for ``query``."""
    page = dom(f"{server}search.html?q={quote(query)}")
    summary = page.select_one("#search-results .search-summary")
    assert summary is not None, "the search did not finish"
    return {a["href"].split("#")[0] for a in page.select("#search-results ul.search li > a")}


def texts(site: Build) -> dict[str, str]:
    """Each page of the book, and the text of its article (notes included), spaces normalised;
    not the facts' popovers (hidden until opened, and left out of the search index: a label or
    a source's title names what the page states, not what it discusses)."""
    found = {}
    for path in sorted(site.outdir.rglob("*.html")):
        name = path.relative_to(site.outdir).as_posix()
        if name in NOT_TEXT or name.startswith("_"):
            continue
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
        for popovers in article.select("div.fact-popovers") if article else []:
            popovers.decompose()
        found[name] = re.sub(r"\s+", " ", article.get_text()) if article else ""
    return found


@pytest.mark.book
def test_every_run_of_chinese_in_the_html_carries_its_language(site: Build) -> None:
    han = re.compile(f"[{cjk.HAN}]")
    unmarked = []
    for path in sorted(site.outdir.rglob("*.html")):
        if path.relative_to(site.outdir).parts[0] in {"_static", "_sources"}:
            continue  # the theme's template fragments
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for text in soup.body.find_all(string=han):
            if text.find_parent(["script", "style", "code", "pre"]):
                continue  # code is left as it is written
            lang = next((p["lang"] for p in text.parents if p.get("lang")), "")
            if not lang.startswith("zh-Han"):
                unmarked.append(
                    f"{path.relative_to(site.outdir)}: {str(text)[:60]!r} (lang={lang!r})")
    assert not unmarked, "\n".join(unmarked[:20])


@pytest.mark.book
def test_search_finds_the_chapters_that_name_him_in_chinese(site: Build, server: str) -> None:
    pages = texts(site)
    naming = {page for page, text in pages.items() if NAME in text}
    assert sum(page.startswith("chapters/") for page in naming) >= 4
    found = search(server, NAME)
    assert naming <= found, f"not found: {sorted(naming - found)}"
    # Every page found holds both pairs the query asks for.
    assert all("周恩" in pages[page] and "恩来" in pages[page] for page in found)


@pytest.mark.book
def test_search_finds_the_chapters_that_name_him_in_pinyin(site: Build, server: str) -> None:
    naming = {page for page, text in texts(site).items() if PINYIN in text}
    assert sum(page.startswith("chapters/") for page in naming) >= 4
    found = search(server, PINYIN)
    assert naming <= found, f"not found: {sorted(naming - found)}"


@pytest.mark.book
def test_search_finds_a_word_inside_a_longer_run_and_in_traditional_script(site: Build,
                                                                          server: str) -> None:
    pages = texts(site)
    # 前往 ("went to") stands only inside longer runs, as in a note's 毛泽东和周恩来前往莫斯科访问:
    # Sphinx's English index, which keeps a run as one word, never finds a two-character word there.
    inside = {page for page, text in pages.items()
              if re.search(f"[{cjk.HAN}]前往|前往[{cjk.HAN}]", text)}
    assert inside, "no page holds 前往 inside a longer run of Chinese"
    assert inside <= search(server, "前往")
    traditional = {page for page, text in pages.items() if NAME_TRADITIONAL in text}
    assert traditional and traditional <= search(server, NAME_TRADITIONAL)


@pytest.mark.book
def test_the_search_page_splits_a_query_as_the_index_does(probes: Path, server: str) -> None:
    queries = ["周恩来前往莫斯科 Zhou Enlai", "毛", "中蘇關係, 1950年", "Treaty 条约"]
    (probes / "split.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out"></pre>'
        '<script src="../_static/language_data.js"></script>'
        f"<script>document.getElementById('out').textContent = JSON.stringify("
        f"{json.dumps(queries, ensure_ascii=False)}.map(splitQuery));</script></body></html>",
        encoding="utf-8")
    split = json.loads(dom(f"{server}_probe/split.html").select_one("#out").get_text())

    def expected(query: str) -> list[str]:
        terms: list[str] = []
        for word in re.findall(r"\w+", query):
            for part in re.split(f"([{cjk.HAN}]+)", word):
                if part:
                    terms += cjk.query_terms(part) if cjk.HAN_RUN.fullmatch(part) else [part]
        return terms

    assert split == [expected(query) for query in queries]
    assert split[0][:3] == ["周恩", "恩来", "来前"]


@pytest.fixture(scope="session")
def chapter(server: str) -> BeautifulSoup:
    return dom(server + CHAPTER)


@pytest.mark.book
def test_a_chinese_name_in_a_chapter_is_marked_zh_hans(chapter: BeautifulSoup) -> None:
    names = chapter.find_all("span", string=NAME)
    assert names, f"{NAME} is not in {CHAPTER}"
    assert all(span.get("lang") == "zh-Hans" for span in names)
    assert chapter.find("html")["lang"] == "en"


@pytest.mark.book
def test_the_glossary_marks_traditional_forms_zh_hant(server: str) -> None:
    glossary = dom(server + "appendices/glossary.html")
    traditional = glossary.find_all("span", string=NAME_TRADITIONAL)
    assert [span["lang"] for span in traditional] == ["zh-Hant"]


@pytest.mark.book
def test_facts_keep_their_provenance(chapter: BeautifulSoup) -> None:
    """Each fact names its popover (no title tooltip listing registry keys); the Chinese of its
    words is marked inside the fact, its popover's Chinese inside the popover."""
    facts = chapter.select("article span.fact")
    assert facts and not chapter.select("span.fact[title], a.fact-link[title]")
    for fact in facts:
        trigger = fact.find_parent("a") or fact
        if trigger.name == "a" and "fact-link" not in trigger.get_attribute_list("class"):
            continue  # a fact in another link's words: that link is what a reader follows
        popover = chapter.find(id=trigger["aria-describedby"])
        assert popover is not None and popover["role"] == "tooltip", fact
    chinese = [fact for fact in facts if fact.find("span", lang=True)]
    assert chinese, "no fact with Chinese words in the chapter"
    labels = chapter.select("div.fact-popover p.fact-popover-label span[lang]")
    assert labels and all(span["lang"].startswith("zh-Han") for span in labels)


PROVENANCE_PROBE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title>
<style>body { margin: 0 } iframe { border: 0; display: block }</style></head>
<body><iframe id="page" width="WIDTH" height="900" src="CHAPTER"></iframe><pre id="out"></pre>
<script>
const wait = (ms) => new Promise((done) => setTimeout(done, ms));
window.addEventListener("load", async () => {
  const doc = document.getElementById("page").contentDocument;
  const win = doc.defaultView;
  doc.head.insertAdjacentHTML("beforeend", "<style>* { transition: none !important }</style>");
  // Facts of the running text (not the title, not a note folded away at this width).
  const facts = [...doc.querySelectorAll("article p a.fact-link[aria-describedby]")]
    .filter((a) => a.getClientRects().length && !a.closest("h1, h2, h3, .sidenote"));
  const popoverOf = (a) => doc.getElementById(a.getAttribute("aria-describedby"));
  const state = (a) => {
    const pop = popoverOf(a);
    const r = pop.getBoundingClientRect();
    const t = a.getBoundingClientRect();
    return {shown: !pop.hidden && win.getComputedStyle(pop).display !== "none" && r.height > 0,
            text: pop.textContent.replace(/\\s+/g, " ").trim(),
            left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            factTop: t.top, factBottom: t.bottom, fact: a.querySelector(".fact").dataset.fact,
            follows: pop.previousElementSibling === a,
            links: [...pop.querySelectorAll("a")].map((l) => l.getAttribute("href"))};
  };
  const pointer = (a, type, pointerType, relatedTarget) => a.dispatchEvent(
    new PointerEvent(type, {pointerType, bubbles: true, relatedTarget}));
  const out = {viewport: win.innerWidth, facts: facts.length};
  const [first, second, third] = facts;
  first.scrollIntoView({block: "center"});
  await wait(300);
  out.before = state(first);
  first.focus();  // keyboard focus: opens at once
  await wait(50);
  out.focused = state(first);
  doc.activeElement.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
  await wait(50);
  out.escaped = state(first);
  out.focusStays = doc.activeElement === first;
  first.blur();
  // A mouse: hovering opens, moving into the popover keeps it, leaving both closes it.
  second.scrollIntoView({block: "center"});
  pointer(second, "pointerover", "mouse");
  await wait(400);
  out.hovered = state(second);
  pointer(second, "pointerout", "mouse", popoverOf(second));
  pointer(popoverOf(second), "pointerover", "mouse", second);
  await wait(600);
  out.intoPopover = state(second);
  pointer(popoverOf(second), "pointerout", "mouse", doc.body);
  await wait(600);
  out.left = state(second);
  // A tap: the first opens the popover, the second follows the link.
  const tap = (a) => {
    pointer(a, "pointerdown", "touch");
    const click = new MouseEvent("click", {bubbles: true, cancelable: true});
    let followed = null;
    win.addEventListener("click", (e) => { followed = !e.defaultPrevented; e.preventDefault(); },
                         {once: true});
    a.dispatchEvent(click);
    return followed;
  };
  third.scrollIntoView({block: "center"});
  out.firstTapFollows = tap(third);
  out.tapped = state(third);
  out.secondTapFollows = tap(third);
  document.getElementById("out").textContent = JSON.stringify(out);
});
</script></body></html>
"""


def provenance(probes: Path, server: str, width: int) -> dict:
    name = f"provenance-{width}.html"
    probe = PROVENANCE_PROBE.replace("WIDTH", str(width)).replace("CHAPTER", "../" + CHAPTER)
    (probes / name).write_text(probe, encoding="utf-8")
    return json.loads(dom(f"{server}_probe/{name}", width).select_one("#out").get_text())


@pytest.mark.book
@pytest.mark.parametrize("width", [1440, 390])
def test_a_fact_opens_its_provenance_on_focus_and_escape_closes_it(probes: Path, server: str,
                                                                   width: int) -> None:
    from checks.registry import load_registry

    registry, _ = load_registry(ROOT / "facts")
    seen = provenance(probes, server, width)
    assert seen["viewport"] == width and seen["facts"] >= 3
    assert not seen["before"]["shown"], "a popover shows before it is opened"
    opened = seen["focused"]
    assert opened["shown"], "focusing a fact does not open its popover"
    fact = registry.facts[opened["fact"]]
    assert opened["text"].startswith(fact.label)
    assert "Source" in opened["text"] and "Its entry among the registered facts" in opened["text"]
    assert any(href.startswith("../appendices/bibliography.html#") for href in opened["links"])
    assert opened["links"][-1] == f"../appendices/facts.html#facts-{fact.id}"
    # Beside the fact, inside the window, and next in the Tab order.
    assert opened["follows"], "the popover does not follow its fact in the document"
    assert opened["left"] >= 0 and opened["right"] <= width
    assert opened["top"] >= opened["factBottom"] or opened["bottom"] <= opened["factTop"]
    # Escape closes it; focus stays on the fact.
    assert not seen["escaped"]["shown"] and seen["focusStays"]
    # A mouse: hovering opens it, it stays while the pointer is on it, leaving closes it.
    assert seen["hovered"]["shown"] and seen["intoPopover"]["shown"]
    assert not seen["left"]["shown"]
    # A tap opens it rather than following the link; the second tap follows the link.
    assert seen["firstTapFollows"] is False and seen["tapped"]["shown"]
    assert seen["secondTapFollows"] is True


SIDENOTE_PROBE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title>
<style>body { margin: 0 } iframe { border: 0; display: block }</style></head>
<body><iframe id="page" width="WIDTH" height="900" src="CHAPTER"></iframe><pre id="out"></pre>
<script>
window.addEventListener("load", () => {
  const doc = document.getElementById("page").contentDocument;
  const win = doc.defaultView;
  // Measure where things end up, not the theme's animations on the way (headless time is virtual).
  doc.head.insertAdjacentHTML("beforeend", "<style>* { transition: none !important }</style>");
  const notes = [...doc.querySelectorAll("span.sidenote")];
  const rows = notes.map((note) => {
    const label = doc.querySelector(`button[aria-controls="${note.id}"]`);  // the note's number
    const before = win.getComputedStyle(note).display;
    if (TOGGLE) label.click();  // what tapping the note's number does
    const r = note.getBoundingClientRect();
    const text = note.closest("p, li, dd, td").getBoundingClientRect();
    const l = label.getBoundingClientRect();
    return {before, display: win.getComputedStyle(note).display, left: r.left, right: r.right,
            height: r.height, textRight: text.right, label: l.width * l.height,
            words: note.textContent.length};
  });
  if (notes.length) notes[0].scrollIntoView({block: "center"});
  setTimeout(() => {  // the theme folds its table of contents away from margin notes
    const sidebar = doc.querySelector(".bd-sidebar-secondary");
    const toc = sidebar.getBoundingClientRect();
    const first = notes.length ? notes[0].getBoundingClientRect() : null;
    document.getElementById("out").textContent = JSON.stringify({
      viewport: win.innerWidth, notes: rows,
      footnotes: doc.querySelectorAll("aside.footnote").length,
      toc: {bottom: toc.bottom, left: toc.left, folded: sidebar.classList.contains("hide")},
      first: first && {top: first.top, right: first.right}});
  }, 2000);
});
</script></body></html>
"""


def sidenotes(probes: Path, server: str, width: int, toggle: bool) -> dict:
    name = f"sidenotes-{width}.html"
    probe = SIDENOTE_PROBE.replace("WIDTH", str(width)).replace("CHAPTER", "../" + CHAPTER)
    (probes / name).write_text(probe.replace("TOGGLE", str(toggle).lower()), encoding="utf-8")
    return json.loads(dom(f"{server}_probe/{name}", width).select_one("#out").get_text())


def footnotes_in_source() -> int:
    source = (ROOT / CHAPTER).with_suffix(".md").read_text(encoding="utf-8")
    return len(set(re.findall(r"^\[\^([^\]]+)\]:", source, flags=re.M)))


@pytest.mark.book
def test_footnotes_are_sidenotes_in_the_margin_of_a_wide_window(probes: Path, server: str) -> None:
    wide = sidenotes(probes, server, 1400, toggle=False)
    assert wide["viewport"] == 1400 and wide["footnotes"] == 0
    assert len(wide["notes"]) == footnotes_in_source()
    for note in wide["notes"]:
        assert note["display"] == "block" and note["words"] > 20
        assert note["left"] >= note["textRight"], "a sidenote is not in the margin"
        assert note["right"] <= 1400
    # Scrolled to, the first note is not hidden under the page's table of contents.
    toc, first = wide["toc"], wide["first"]
    assert toc["folded"] and (toc["bottom"] <= first["top"] or toc["left"] >= first["right"])


@pytest.mark.book
def test_footnotes_open_as_notes_in_the_text_of_a_narrow_window(probes: Path, server: str) -> None:
    narrow = sidenotes(probes, server, 400, toggle=True)
    assert narrow["viewport"] == 400 and narrow["footnotes"] == 0
    assert len(narrow["notes"]) == footnotes_in_source()
    for note in narrow["notes"]:
        assert note["before"] == "none", "a note takes room in a narrow window before it is opened"
        assert note["label"] > 0, "a note's number is not shown"
        assert note["display"] == "block" and note["height"] > 0, "a note does not open"
        assert note["left"] >= 0 and note["right"] <= 400 + 1, \
            "an open note is wider than the window"
    # A picture to look at (the probe scrolls to the first note, open): see the report's path.
    shot = probes / "sidenotes-400.png"
    chromium(f"{server}_probe/sidenotes-400.html", "--window-size=400,900", "--hide-scrollbars",
             f"--screenshot={shot}")
    assert shot.stat().st_size > 10_000
    print(f"narrow-window screenshot: {shot}")
