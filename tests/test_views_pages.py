"""The appendices generated from the facts registry (checks/views/: pages, tables, places).

A small book (tests/roots/test-registry-pages): two chapters, a chronology, the source
discrepancies, a page of tables. Built once for the read-only checks; copies are edited to show
that a registry change reaches every generated page (and the chapters) in an incremental build,
that generated pages do not count as "use" of a fact, and that a parallel build writes the same
pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.model import DateValue
from checks.registry import load_registry
from checks.views.record import date_key
from registry_helpers import ROOT, build, edit, page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, rootdir: Path):
    import shutil

    srcdir = tmp_path_factory.mktemp("registry") / ROOT
    shutil.copytree(rootdir / f"test-{ROOT}", srcdir)
    app, warnings = build(srcdir)
    return srcdir, app, warnings


def test_the_book_builds_without_a_warning(built) -> None:
    _, _, warnings = built
    assert warnings == ""


def test_chronology_lists_every_dated_fact_in_order_with_links(built) -> None:
    srcdir, app, _ = built
    registry, _ = load_registry(srcdir / "facts")
    dated = [f for f in registry.facts.values() if isinstance(f.value, DateValue)]
    expected = [f.id for f in sorted(dated, key=lambda f: (date_key(f.value), f.label, f.id))]
    html = page(app, "appendices/chronology")
    rows = html.select("table.registry-chronology tbody tr")
    assert [row.select_one("span.fact")["data-fact"] for row in rows] == expected
    # "March 1950" (month precision) is a fact of its own, written at its precision, in order.
    dates = [row.select_one("span.fact").get_text() for row in rows]
    assert dates == ["6 December 1949", "16 December 1949", "14 February 1950",
                     "17 February 1950", "March 1950"]
    # The date is a bound fact: its provenance in a popover, a link to the registered facts.
    first = rows[0].select_one("a.fact-link")
    assert first["href"] == "facts.html#facts-mao-leaves-beijing"
    assert "Mao Zedong leaves Beijing" in html.find(id=first["aria-describedby"]).get_text()
    # Links to every section that binds the fact, and each lands on a target in that page.
    for row in rows:
        links = row.find_all("td")[2].find_all("a")
        assert links, row
        for link in links:
            target, _, anchor = link["href"].partition("#")
            assert page(app, "appendices/" + target.removesuffix(".html")).find(id=anchor), link
    treaty = rows[expected.index("treaty-signed")]
    assert [a.get_text() for a in treaty.find_all("td")[2].find_all("a")] == ["§1.1"]
    # A note belongs to the section that refers to it (notes stand at the end of the page).
    arrival = rows[expected.index("mao-arrives-moscow")]
    assert [a.get_text() for a in arrival.find_all("td")[2].find_all("a")] == ["§1", "§1.1"]
    assert treaty.find("a", href="discrepancies.html#discrepancy-treaty-signed")  # sources differ
    assert rows[-1].select_one(".registry-badge-disputed")  # experts-agreement is disputed


def test_chapters_carry_a_target_before_each_bound_fact(built) -> None:
    _, app, _ = built
    one = page(app, "chapters/one")
    target = one.find(id="fact-mao-leaves-beijing-1")
    assert target is not None and target.find_next("span", class_="fact")["data-fact"] == \
        "mao-leaves-beijing"
    assert one.find(id="fact-treaty-signed-2")  # the {variant}: the second binding


def test_discrepancies_list_every_variant_with_sources(built) -> None:
    srcdir, app, _ = built
    registry, _ = load_registry(srcdir / "facts")
    html = page(app, "appendices/discrepancies")
    listed = [box.find(class_="target")["id"].removeprefix("discrepancy-")
              for box in html.select("div.registry-discrepancy")]
    assert listed == ["treaty-signed", "experts-agreement", "loan-1950-usd"]
    for fact_id in listed:
        fact = registry.facts[fact_id]
        box = html.find(id=f"discrepancy-{fact_id}").find_parent("div")
        readings = box.select("ul.registry-readings > li")
        assert len(readings) == 1 + len(fact.variants)
        assert readings[0].select_one("span.fact:not(.variant)")["data-fact"] == fact_id
        for variant, reading in zip(fact.variants, readings[1:], strict=True):
            assert reading.select_one("span.fact.variant")["data-fact"] == fact_id
            cite = reading.select_one("span.bibtex-citation a")
            assert cite["href"].startswith("facts.html#"), cite  # the bibliography entry
            assert variant.note in reading.get_text()
        assert ("registry-disputed" in box["class"]) == fact.disputed
    money = html.find(id="discrepancy-loan-1950-usd").find_parent("div")
    assert "US$400 million" in money.get_text() and "A later figure." in money.get_text()
    assert "The figure of the agreement." in money.get_text()  # the fact's own note


def test_tables_of_sums_relations_and_facts(built) -> None:
    _, app, _ = built
    figures = page(app, "appendices/figures")
    total = figures.select("#tbl-sum tbody tr")
    assert [row.find_all("td")[1].get_text() for row in total] == [
        "1,000 million roubles", "200 million roubles", "1,200 million roubles"]
    assert "Table 1" in figures.select_one("#tbl-sum caption").get_text()
    two = page(app, "chapters/two")
    arithmetic = two.select_one("#tbl-credit tbody tr").find_all("td")[1].get_text()
    assert arithmetic == "1.2 billion roubles = US$300 million × 4 roubles per US dollar"
    assert "Table 2.1" in two.select_one("a[href='#tbl-credit']").get_text()


def test_generated_pages_do_not_count_as_use(copy_root) -> None:
    """A fact only an appendix shows is still unused: the chronology shows every date."""
    srcdir = copy_root(ROOT)
    edit(srcdir / "chapters/two.md", "{fact}`1,000 million roubles <loan-part-a>`",
         "{nofact}`1,000 million roubles`")
    app, warnings = build(srcdir)
    assert "fact 'loan-part-a' (First part of the credit) is registered but no chapter binds it" \
        in warnings
    assert warnings.count("[checks.unused_fact]") == 1
    assert "1,000 million roubles" in page(app, "appendices/figures").select_one("#tbl-sum").text


def test_an_unknown_id_is_reported_by_the_checks_at_the_directive(copy_root) -> None:
    srcdir = copy_root(ROOT)
    edit(srcdir / "appendices/figures.md", "facts: experts-recalled", "facts: experts-recaled")
    _, warnings = build(srcdir)
    assert "appendices/figures.md:13: WARNING: {fact} names the unknown fact 'experts-recaled'" \
        in warnings
    assert "did you mean 'experts-recalled'?" in warnings


def test_a_registry_change_reaches_every_page_in_an_incremental_build(copy_root) -> None:
    srcdir = copy_root(ROOT)
    app, warnings = build(srcdir)
    assert warnings == ""
    images = set((Path(app.outdir) / "_images").iterdir())
    edit(srcdir / "facts/02-treaty.toml", "value = 1950-02-14", "value = 1950-02-13")
    app, warnings = build(srcdir)
    assert warnings == ""
    # The chapter's {fact}`treaty-signed` (no words) shows the new value...
    one = page(app, "chapters/one")
    assert one.find("span", attrs={"data-fact": "treaty-signed"}).get_text() == "13 February 1950"
    # ... and so do the chronology, the discrepancies and the table.
    chronology = page(app, "appendices/chronology")
    row = chronology.find("span", attrs={"data-fact": "treaty-signed"})
    assert row.get_text() == "13 February 1950"
    discrepancies = page(app, "appendices/discrepancies")
    assert "The book holds 13 February 1950" in discrepancies.get_text(" ", strip=True)
    figures = page(app, "appendices/figures")
    assert figures.select_one("#tbl-experts").find(
        "span", attrs={"data-fact": "treaty-signed"}).get_text() == "13 February 1950"
    # The figures are drawn again, from the new date.
    new = set((Path(app.outdir) / "_images").iterdir()) - images
    assert {p.name.split("-")[1] for p in new} == {"itinerary", "bars"}
    for svg in new:
        assert "13 Feb 1950" in svg.read_text(encoding="utf-8")
    gone = {p for p in images if p.name.startswith("registry-") and not p.exists()}
    assert {p.name.split("-")[1] for p in gone} == {"itinerary", "bars"}  # stale charts removed
    src = one.select_one("#fig-journey img")["src"]
    assert Path(app.outdir, "chapters", str(src)).resolve() in {p.resolve() for p in new}
    assert "Treaty signed, 13 February 1950" in one.select_one("#fig-journey img")["alt"]


def test_a_chapter_edit_moves_the_links_in_an_incremental_build(copy_root) -> None:
    srcdir = copy_root(ROOT)
    build(srcdir)
    edit(srcdir / "chapters/two.md", "The agreement on experts",
         "The treaty of {fact}`1950 <treaty-signed>`\nand the agreement on experts")
    app, warnings = build(srcdir)
    assert warnings == ""
    row = page(app, "appendices/chronology").find(
        "span", attrs={"data-fact": "treaty-signed"}).find_parent("tr")
    assert [a.get_text() for a in row.find_all("td")[2].find_all("a")] == ["§1.1", "§2"]


def test_a_parallel_build_writes_the_same_pages(built, copy_root) -> None:
    _, serial, _ = built
    srcdir = copy_root(ROOT)
    parallel, warnings = build(srcdir, parallel=2)
    assert warnings == ""
    for docname in ("appendices/chronology", "appendices/discrepancies", "appendices/figures",
                    "chapters/one", "chapters/two"):
        assert (Path(parallel.outdir) / f"{docname}.html").read_bytes() == \
            (Path(serial.outdir) / f"{docname}.html").read_bytes(), docname


def test_a_wrong_generated_value_warns_once_at_the_directive(copy_root, monkeypatch) -> None:
    """Generated values are checked with the chapters, in the same pass: a page showing a value
    other than the registry's (as a stale page would) is one contradiction at its directive."""
    from checks.views import values

    real = values.format_value

    def wrong(fact, notation="en", *args, **kwargs):
        if fact.id == "treaty-signed" and not kwargs.get("scale"):
            return "15 February 1950"
        return real(fact, notation, *args, **kwargs)

    monkeypatch.setattr(values, "format_value", wrong)
    srcdir = copy_root(ROOT)
    _, warnings = build(srcdir)
    lines = [line for line in warnings.splitlines() if "15 February 1950" in line]
    # The chronology shows the fact once; the table of facts once (in appendices/figures.md).
    assert [line.split(": WARNING")[0].removeprefix(str(srcdir) + "/") for line in lines] == [
        "appendices/chronology.md:4", "appendices/figures.md:13"]
    assert all(line.endswith("[checks.contradiction]") for line in lines)
    # Reported once each, and nothing else: the chapters' own bindings of the fact are right.
    assert len([line for line in warnings.splitlines() if "WARNING" in line]) == 2


def _read_and_written(app) -> tuple[set[str], set[str]]:
    """The documents a build (``verbosity=1``) read, and those it wrote."""
    import re

    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    read = set(re.findall(r"^reading sources\.\.\. \[[ \d]+%\] (\S+)", status, re.M))
    written = set(re.findall(r"^writing output\.\.\. \[[ \d]+%\] (\S+)", status, re.M))
    return read, written


def test_a_registry_change_rereads_only_the_pages_that_show_it(copy_root) -> None:
    """A changed fact reads again the generated pages that show it; a chapter that only binds
    it is written again, not read (it renders the registry when written)."""
    srcdir = copy_root(ROOT)
    build(srcdir)
    part = 'label = "First part of the credit"\nsources = '
    edit(srcdir / "facts/02-treaty.toml", part + '["zhwiki"]', part + '["treaty-text"]')
    app, warnings = build(srcdir, verbosity=1)
    assert warnings == ""
    read, written = _read_and_written(app)
    # Only the table of appendices/figures.md shows loan-part-a (its sum); chapters/two binds it.
    assert read == {"appendices/figures"}
    assert {"appendices/figures", "chapters/two"} <= written


def test_a_label_change_writes_the_pages_showing_it_without_reading_them(copy_root) -> None:
    """A generated page fills in the labels it shows when it is written: a change of a label
    alone reads no page again, and every page showing the label shows the new one, with the
    typographic quotes a page read again would give it."""
    srcdir = copy_root(ROOT)
    build(srcdir)
    edit(srcdir / "facts/02-treaty.toml", 'label = "Treaty signed in Moscow"',
         'label = "Treaty signed in Stalin\'s Kremlin"')
    edit(srcdir / "facts/02-treaty.toml", 'label = "First part', 'label = "The first part')
    app, warnings = build(srcdir, verbosity=1)
    assert warnings == ""
    read, written = _read_and_written(app)
    assert read == set()
    assert {"appendices/chronology", "appendices/discrepancies", "appendices/figures",
            "appendices/facts", "chapters/one", "chapters/two"} <= written
    new = "Treaty signed in Stalin\u2019s Kremlin 《中苏友好同盟互助条约》签订"
    chronology = page(app, "appendices/chronology")
    row = chronology.find("span", attrs={"data-fact": "treaty-signed"}).find_parent("tr")
    assert new in row.get_text(" ", strip=True)
    assert row.select_one("span.registry-zh").get_text() == "《中苏友好同盟互助条约》签订"
    discrepancies = page(app, "appendices/discrepancies")
    assert new in discrepancies.select_one(
        "#discrepancy-treaty-signed").find_parent("p").get_text(" ", strip=True)
    figures = page(app, "appendices/figures")
    # A table shows the English label alone (its Chinese labels would repeat the numbers).
    table = figures.select_one("#tbl-experts").get_text(" ", strip=True)
    assert "Treaty signed in Stalin\u2019s Kremlin 1" in table and "签订" not in table
    assert "The first part of the credit" in figures.select_one("#tbl-sum").get_text()
    assert "Treaty signed in Stalin\u2019s Kremlin" in \
        _index_label(page(app, "appendices/facts"), "treaty-signed")
    assert "Treaty signed in Moscow" not in " ".join(
        page(app, d).get_text() for d in ("appendices/chronology", "appendices/discrepancies",
                                          "appendices/figures", "appendices/facts"))


def test_a_label_change_that_reorders_the_chronology_reads_it_again(copy_root) -> None:
    """The chronology orders the facts of one date by label: a label that moves a fact among
    them reads the chronology again, in the new order."""
    srcdir = copy_root(ROOT)
    with (srcdir / "facts/01-visit.toml").open("a", encoding="utf-8") as registry:
        registry.write('\n[[fact]]\nid = "train-departs"\nkind = "date"\nvalue = 1949-12-06\n'
                       'label = "Mao Zedong\'s train departs"\nsources = ["zhwiki"]\n')
    with (srcdir / "chapters/two.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\nThe train left on {fact}`6 December 1949 <train-departs>`.\n")
    app, warnings = build(srcdir)
    assert warnings == ""
    assert [span["data-fact"] for span in page_rows(srcdir)][:2] == \
        ["mao-leaves-beijing", "train-departs"]
    edit(srcdir / "facts/01-visit.toml", 'label = "Mao Zedong\'s train departs"',
         'label = "A train departs with Mao Zedong"')
    app, warnings = build(srcdir, verbosity=1)
    assert warnings == ""
    read, _ = _read_and_written(app)
    assert read == {"appendices/chronology"}
    assert [span["data-fact"] for span in page_rows(srcdir)][:2] == \
        ["train-departs", "mao-leaves-beijing"]


def page_rows(srcdir: Path) -> list:
    """The date of each row of the chronology as built in ``srcdir``, in order."""
    from bs4 import BeautifulSoup

    html = (srcdir / "_build/html/appendices/chronology.html").read_text(encoding="utf-8")
    return [row.select_one("span.fact")
            for row in BeautifulSoup(html, "html.parser").select(
                "table.registry-chronology tbody tr")]


def _index_label(facts_page, fact_id: str) -> str:
    row = facts_page.find(id=f"facts-{fact_id}")
    assert row is not None, fact_id
    return row.get_text(" ", strip=True)


def test_a_builder_sharing_the_environment_writes_what_another_read(copy_root) -> None:
    """``make html``, a registry change, ``make epub`` (which reads the pages again, into the
    shared doctree directory), ``make html``: the website shows the new value, though its build
    found the environment up to date."""
    srcdir = copy_root(ROOT)
    edit(srcdir / "conf.py", "nitpicky = True", 'nitpicky = True\nversion = "1"\ncopyright = "c"')
    build(srcdir)
    edit(srcdir / "facts/02-treaty.toml", "value = 1950-02-14", "value = 1950-02-13")
    epub, warnings = build(srcdir, "epub")
    assert warnings == ""
    assert Path(epub.doctreedir) == Path(srcdir, "_build", "doctrees")
    app, warnings = build(srcdir)
    assert warnings == ""
    for docname in ("appendices/chronology", "appendices/figures", "chapters/one"):
        shown = page(app, docname).find("span", attrs={"data-fact": "treaty-signed"})
        assert shown.get_text() == "13 February 1950", docname
    assert "Treaty signed, 13 February 1950" in \
        page(app, "chapters/one").select_one("#fig-journey img")["alt"]
    # Again with a relation written out in a table: no fact's entry changes with it.
    edit(srcdir / "facts/02-treaty.toml", "loan-1950-usd * rate-sur-usd-1950",
         "rate-sur-usd-1950 * loan-1950-usd")
    assert build(srcdir, "epub")[1] == ""
    app, warnings = build(srcdir)
    assert warnings == ""
    arithmetic = page(app, "chapters/two").select_one("#tbl-credit tbody tr").find_all("td")[1]
    assert arithmetic.get_text() == \
        "1.2 billion roubles = 4 roubles per US dollar × US$300 million"


def test_the_core_and_the_command_import_no_matplotlib(copy_root) -> None:
    """``import checks.notation`` and ``python -m checks`` on a book with generated pages: no
    matplotlib (a chart is drawn, and matplotlib imported, only when a page is written)."""
    import subprocess
    import sys

    srcdir = copy_root(ROOT)
    repo = Path(__file__).resolve().parent.parent
    probe = (
        "import runpy, sys\n"
        "import checks.notation\n"
        "assert 'matplotlib' not in sys.modules, 'import checks.notation'\n"
        "sys.argv = ['checks']\n"
        "try:\n"
        "    runpy.run_module('checks', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    print('exit', exit.code)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], cwd=srcdir, capture_output=True,
                         text=True, env={"PYTHONPATH": str(repo), "PATH": ""})
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-2:] == ["exit 0", "False"], run.stdout


def test_a_label_change_reaches_the_chinese_edition(copy_root) -> None:
    """The Chinese edition (``-D language=zh_CN``, built by ``sphinx-build`` in a process of its
    own, as ``make html-zh`` builds it) shows the Chinese label alone where there is one, else the
    English: an edit of the English label reads no page again, and either edit reaches every page
    showing the label."""
    import os
    import subprocess
    import sys

    srcdir = copy_root(ROOT)

    def build_zh() -> set[str]:
        """The documents the build read."""
        run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-n",
                              "-D", "language=zh_CN", str(srcdir), str(srcdir / "_build/html"),
                              "-d", str(srcdir / "_build/doctrees")],
                             capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        assert run.returncode == 0 and "WARNING" not in run.stderr, run.stderr[-3000:]
        return {line.rsplit(" ", 1)[1] for line in run.stdout.splitlines()
                if line.startswith("reading sources") and "%]" in line}

    def shown() -> dict[str, str]:
        """Fact id -> what the chronology's row says of it."""
        return {span["data-fact"]:
                span.find_parent("tr").find_all("td")[1].get_text(" ", strip=True)
                for span in page_rows(srcdir)}

    build_zh()
    assert shown()["treaty-signed"].startswith("《中苏友好同盟互助条约》签订")
    assert "Treaty signed" not in shown()["treaty-signed"]
    edit(srcdir / "facts/01-visit.toml", 'label = "Mao Zedong arrives in Moscow"',
         'label = "Mao Zedong reaches Moscow"')
    assert build_zh() == set()
    assert shown()["mao-arrives-moscow"] == "Mao Zedong reaches Moscow"
    edit(srcdir / "facts/02-treaty.toml", 'label_zh = "《中苏友好同盟互助条约》签订"',
         'label_zh = "中苏条约签订"')
    build_zh()
    assert shown()["treaty-signed"].startswith("中苏条约签订")
    for docname in ("chronology", "discrepancies"):
        html = (srcdir / f"_build/html/appendices/{docname}.html").read_text(encoding="utf-8")
        assert "中苏条约签订" in html and "《中苏友好同盟互助条约》签订" not in html, docname
