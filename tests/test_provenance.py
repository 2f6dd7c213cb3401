"""A checked fact's provenance as a reader opens it (:mod:`checks.provenance`), in the HTML the
build writes: each fact names a popover holding its label, its value, its sources cited as the
book cites (author–year, linked to their bibliography entries), its other readings and a link to
its registry row; the table of registered facts cites its sources the same way. The EPUB has no
popover and no script, LaTeX and text the plain words. (That the popover opens on focus and closes
on Escape is proved in a browser: tests/test_browser.py.)
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from docutils import nodes
from docutils.utils import new_document
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from checks.domain import get_domain
from checks.provenance import Provenance, popover_id
from checks_helpers import build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def trigger(fact: Tag) -> Tag:
    """What a reader focuses: the link around the fact, or the fact itself."""
    return fact.find_parent("a") or fact


def popover(page: BeautifulSoup, fact: Tag) -> Tag:
    described = trigger(fact).get("aria-describedby")
    assert described, f"no popover named by {trigger(fact)}"
    found = page.find(id=described)
    assert isinstance(found, Tag), f"no element #{described}"
    return found


def text(node: Tag) -> str:
    return re.sub(r"\s+", " ", node.get_text()).strip()


def lines(node: Tag) -> list[str]:
    return [text(p) for p in node.find_all("p")]


def target_exists(page: Path, href: str) -> bool:
    """Whether ``href`` (relative to ``page``) names an element that exists."""
    path, _, anchor = href.partition("#")
    target = (page.parent / path).resolve() if path else page
    return bool(anchor) and soup(target).find(id=anchor) is not None


@pytest.fixture(scope="module")
def clean_app(tmp_path_factory: pytest.TempPathFactory) -> SphinxTestApp:
    """test-checks-clean built as HTML."""
    srcdir = tmp_path_factory.mktemp("provenance") / "checks-clean"
    shutil.copytree(Path(__file__).parent / "roots" / "test-checks-clean", srcdir)
    app, checks = build(srcdir)
    assert checks == []
    return app


@pytest.fixture(scope="module")
def clean(clean_app: SphinxTestApp) -> Path:
    """Its output directory."""
    return Path(clean_app.outdir)


def test_a_fact_names_a_popover_with_its_label_value_sources_and_row(clean: Path) -> None:
    path = clean / "chapters/one.html"
    page = soup(path)
    fact = page.select("span.fact")[0]
    assert text(fact) == "6 December 1949"
    link = trigger(fact)
    assert link.name == "a" and link["href"] == "facts.html#facts-mao-leaves-beijing"
    box = popover(page, fact)
    assert box["id"] == popover_id("mao-leaves-beijing")
    assert box["role"] == "tooltip" and box.has_attr("hidden")
    assert lines(box) == [
        "Mao Zedong leaves Beijing for Moscow 毛泽东离开北京",
        "Value: 6 December 1949",
        "Source: Chinese Wikipedia, n.d.",
        "Its entry among the registered facts",
    ]
    # The source is a citation linked to its bibliography entry; the last line to the fact's row.
    cited = box.select("p.fact-popover-sources a")
    assert [text(a) for a in cited] == ["Chinese Wikipedia, n.d."]
    assert not any(a.has_attr("title") for a in cited)  # the popover is the hover text
    row = box.select_one("p.fact-popover-row a")
    assert row is not None and row["href"] == "facts.html#facts-mao-leaves-beijing"
    for href in (str(cited[0]["href"]), str(row["href"])):
        assert target_exists(path, href), href
    # No raw registry keys, no title tooltip: a fact's provenance is its popover.
    assert not page.select("span.fact[title], a.fact-link[title]")
    assert "zhwiki" not in text(box)


def test_the_popovers_wait_hidden_at_the_end_once_per_fact(clean: Path) -> None:
    page = soup(clean / "chapters/one.html")
    holder = page.select_one("div.fact-popovers")
    assert holder is not None and holder.has_attr("hidden")
    assert "no-search" in holder["class"]
    ids = [box["id"] for box in holder.find_all("div", class_="fact-popover")]
    assert len(ids) == len(set(ids))
    # mao-arrives-moscow is stated twice (the text and a note): both name one popover.
    arrives = page.select('span.fact[data-fact="mao-arrives-moscow"]')
    assert len(arrives) >= 2
    assert {trigger(f)["aria-describedby"] for f in arrives} == {popover_id("mao-arrives-moscow")}
    # Every fact of the page names a popover that is on the page.
    for fact in page.select("article span.fact, div[role=main] span.fact"):
        assert popover(page, fact) is not None


def test_a_fact_with_variants_shows_the_other_readings(clean: Path) -> None:
    page = soup(clean / "chapters/one.html")
    fact = page.select('span.fact[data-fact="treaty-signed"]:not(.variant)')[0]
    assert lines(popover(page, fact)) == [
        "Treaty <script>alert('x')</script> signed in Moscow 《中苏友好同盟互助条约》签订",
        "The book holds: 14 February 1950",
        "Sources: Chinese Wikipedia, n.d., Governments of the PRC and the USSR, 1950",
        "Other readings: 15 February 1950 (Chinese Wikipedia, n.d.)",
        "Its entry among the registered facts",
    ]


def test_a_variant_opens_with_its_reading_who_gives_it_and_why_not(clean: Path) -> None:
    page = soup(clean / "chapters/one.html")
    variant = page.select("span.fact.variant")
    assert [text(v) for v in variant] == ["15 February 1950"]
    assert trigger(variant[0])["href"] == "facts.html#facts-treaty-signed"
    box = popover(page, variant[0])
    assert box["id"] == popover_id("treaty-signed", 0)
    assert lines(box) == [
        "Another reading: 15 February 1950 (Chinese Wikipedia, n.d.)",
        "Why the book differs: A misprint.",
        "Treaty <script>alert('x')</script> signed in Moscow 《中苏友好同盟互助条约》签订",
        "The book holds: 14 February 1950",
        "Sources: Chinese Wikipedia, n.d., Governments of the PRC and the USSR, 1950",
        "Its entry among the registered facts",
    ]


#: The variant popover of chapters/one, as the HTML writer wrote it from docutils nodes before the
#: popovers were written once per build as text: the markup a reader's browser and script get.
VARIANT_POPOVER = (
    '<div class="fact-popover" hidden="hidden" id="fact-popover-treaty-signed-v0" role="tooltip">'
    '<p class="fact-popover-reading"><span class="fact-popover-term">Another reading: </span>'
    '15 February 1950 (<span class="bibtex-citation"><a class="reference internal" '
    'href="facts.html#id3">Chinese Wikipedia, n.d.</a></span>)</p>\n'
    '<p class="fact-popover-note fact-popover-rule"><span class="fact-popover-term">'
    "Why the book differs: </span>A misprint.</p>\n"
    "<p class=\"fact-popover-label\">Treaty &lt;script&gt;alert('x')&lt;/script&gt; signed in "
    "Moscow 《中苏友好同盟互助条约》签订</p>\n"
    '<p class="fact-popover-value"><span class="fact-popover-term">The book holds: </span>'
    "14 February 1950</p>\n"
    '<p class="fact-popover-sources"><span class="fact-popover-term">Sources: </span>'
    '<span class="bibtex-citation"><a class="reference internal" href="facts.html#id3">'
    'Chinese Wikipedia, n.d.</a>, <a class="reference internal" href="facts.html#id2">'
    "Governments of the PRC and the USSR, 1950</a></span></p>\n"
    '<p class="fact-popover-row"><a class="reference internal" '
    'href="facts.html#facts-treaty-signed">Its entry among the registered facts</a></p>\n'
    "</div>\n"
)


def test_a_popover_keeps_the_markup_of_the_html_writer(clean: Path) -> None:
    raw = (clean / "chapters/one.html").read_text(encoding="utf-8")
    assert VARIANT_POPOVER in raw
    holder = raw[raw.index('<div class="fact-popovers'):]
    assert holder.startswith('<div class="fact-popovers no-search" hidden="hidden">'
                             '<div class="fact-popover" hidden="hidden" id="fact-popover-')


def test_each_page_links_a_popover_from_where_it_stands(copy_root) -> None:
    """A popover is made once per build; its links are made right for each page showing it: from
    the book's root, from a chapter, and on the page holding the bibliography and the facts table
    (links within the page)."""
    srcdir = copy_root("checks-clean")
    stated = "\nMao left on {fact}`6 December 1949 <mao-leaves-beijing>`.\n"
    for name in ("index.md", "chapters/facts.md"):
        path = srcdir / name
        source = path.read_text(encoding="utf-8")
        at = source.index("\n```{") if name == "chapters/facts.md" else len(source)
        path.write_text(source[:at] + stated + source[at:], encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        out = Path(app.outdir)
        expected = {"index.html": ("chapters/facts.html#", "chapters/facts.html#facts-"),
                    "chapters/one.html": ("facts.html#", "facts.html#facts-"),
                    "chapters/facts.html": ("#", "#facts-")}
        for name, (cited, row) in expected.items():
            path = out / name
            page = soup(path)
            fact = page.select_one('span.fact[data-fact="mao-leaves-beijing"]')
            assert fact is not None, name
            box = popover(page, fact)
            [source] = box.select("p.fact-popover-sources a")
            [entry] = box.select("p.fact-popover-row a")
            assert str(source["href"]).startswith(cited), (name, source)
            assert entry["href"] == row + "mao-leaves-beijing", name
            for href in (str(source["href"]), str(entry["href"])):
                assert target_exists(path, href), (name, href)
            assert "\ue000" not in path.read_text(encoding="utf-8")
    finally:
        app.cleanup()


def test_a_label_with_markup_is_text_in_its_popover(clean: Path) -> None:
    raw = (clean / "chapters/one.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw
    assert "Treaty &lt;script&gt;alert('x')&lt;/script&gt; signed" in raw


def test_the_popovers_are_not_in_the_search_index(clean: Path) -> None:
    """A label's words find the table of registered facts, not every page stating the fact."""
    index = (clean / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1 : index.rindex(")")])
    docnames = data["docnames"]
    pages = data["terms"]["arriv"]  # "Mao Zedong arrives in Moscow": a label, in no chapter's text
    found = {docnames[i] for i in (pages if isinstance(pages, list) else [pages])}
    assert found == {"chapters/facts"}


def test_the_facts_table_cites_its_sources(clean: Path) -> None:
    path = clean / "chapters/facts.html"
    page = soup(path)
    row = page.find("tr", id="facts-treaty-signed")
    assert isinstance(row, Tag)
    sources = row.find_all("td")[-1]
    links = sources.find_all("a")
    assert [text(a) for a in links] == ["Chinese Wikipedia, n.d.",
                                        "Governments of the PRC and the USSR, 1950"]
    assert all(target_exists(path, str(a["href"])) for a in links)
    assert "zhwiki" not in text(sources) and "treaty-text" not in text(sources)


def test_without_a_facts_index_the_fact_itself_is_focusable(copy_root) -> None:
    """A book without ``{facts-index}``: no row to link to. Its bibliography lists only the
    entries the text cites, none here, so a source is shown by its key (nothing to link to)."""
    app, _ = build(copy_root("checks-chapters"))
    page = soup(Path(app.outdir, "chapters/en.html"))
    fact = page.select('span.fact[data-fact="experts-recalled"]')[0]
    assert fact.find_parent("a") is None
    assert fact["tabindex"] == "0"
    box = popover(page, fact)
    assert lines(box) == ["Soviet experts recalled in 1960", "Value: 1,390 experts",
                          "Source: zhwiki"]
    assert not box.find("a")


def test_the_epub_links_each_fact_to_its_row_without_popover_or_script(copy_root) -> None:
    app, checks = build(copy_root("checks-clean"), "epub")
    assert checks == []
    page = Path(app.outdir, "chapters/one.xhtml").read_text(encoding="utf-8")
    assert 'href="facts.xhtml#facts-mao-leaves-beijing"' in page
    assert "fact-popover" not in page and "aria-describedby" not in page
    assert "provenance.js" not in page and "<script" not in page.split("</head>")[1]
    facts = Path(app.outdir, "chapters/facts.xhtml").read_text(encoding="utf-8")
    assert "Governments of the PRC and the USSR" in facts
    # Nor are the popover's script and style among the book's files.
    [book] = Path(app.outdir).glob("*.epub")
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
    assert not [name for name in names if "provenance" in name]
    assert any(name.endswith("registry.css") for name in names)


@pytest.mark.parametrize(("builder", "suffix"), [("latex", ".tex"), ("text", ".txt")])
def test_print_and_text_cite_the_sources_and_have_no_popover(copy_root, builder: str,
                                                             suffix: str) -> None:
    app, checks = build(copy_root("checks-clean"), builder)
    assert checks == []
    out = "".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).rglob(f"*{suffix}"))
    assert "popover" not in out and "Its entry among" not in out
    assert "Governments of the PRC and the USSR" in out  # the facts table's sources, cited
    if builder == "latex":
        assert r"\hyperlink{cite." in out


#: The test root's bibliography keys, and one it lacks.
KEYS = ["zhwiki", "treaty-text", "commentary", "not-in-the-bib"]


def cite_alp(app: SphinxTestApp, docname: str, keys: list[str]) -> str:
    """What one ``{cite:alp}`` of ``keys`` shows on ``docname``, as the HTML writer writes it
    (hover text dropped); a key the bibliography lacks as code, after "; "."""
    domain: Any = app.env.domains["cite"]
    citable = [c.key for c in domain.citations
               if domain.bibliographies[c.bibliography_key].list_ == "citation"]
    known = [key for key in dict.fromkeys(keys) if key in citable]
    shown: list[nodes.Node] = []
    if known:
        target = ",".join(known)
        pending = addnodes.pending_xref("", refdomain="cite", reftype="alp", reftarget=target,
                                        refdoc=docname)
        cited: nodes.Element = domain.resolve_xref(app.env, docname, app.builder, "alp", target,
                                                   pending, nodes.inline())
        for reference in cited.findall(nodes.reference):
            del reference["reftitle"]
        shown.append(cited)
    for key in keys:
        if key not in citable:
            shown += [nodes.Text("; ")] if shown else []
            shown.append(nodes.literal(key, key))
    builder: Any = app.builder
    document = new_document(docname, builder.docsettings)
    holder = nodes.inline("", "", *shown)
    document += nodes.paragraph("", "", holder)
    translator: Any = builder.create_translator(document, builder)
    for node in holder.children:
        node.walkabout(translator)
    return "".join(translator.body)


@settings(max_examples=40, deadline=None)
@given(docname=st.sampled_from(["chapters/one", "chapters/facts"]),
       before=st.lists(st.sampled_from(KEYS), max_size=4),
       keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=5))
def test_a_page_cites_each_source_once_and_as_the_book_cites(
        clean_app: SphinxTestApp, docname: str, before: list[str], keys: list[str]) -> None:
    """Whatever the build cited before (``before``, on whichever page), citing ``keys`` on a page
    shows what one ``{cite:alp}`` of them shows on that page (the bibliography's own page links
    by id, the others to the bibliography's page), each key formatted once per build."""
    project = get_domain(clean_app.env).project
    for other in ("chapters/one", "chapters/facts"):
        Provenance(clean_app, other, project, "facts.html#").citations_html(tuple(before))
    page = Provenance(clean_app, docname, project, "facts.html#")
    shown = page.citations_html(tuple(keys))
    assert shown == cite_alp(clean_app, docname, keys)
    assert "\ue000" not in shown  # no mark left for a link
    cited = page.citing._cited
    assert all(key in cited for key in keys if key in page.citing.rank), "not kept"
    # Kept: citing them again formats nothing anew.
    again = {key: cited[key] for key in cited}
    assert page.citations_html(tuple(keys)) == shown
    assert all(cited[key] is again[key] for key in again)
