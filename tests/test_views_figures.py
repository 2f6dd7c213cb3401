"""Figures drawn from the facts registry with matplotlib (checks/views/figures.py, drawing.py).

On the small book of tests/roots/test-registry-pages: numbered, captioned figures with alt text
generated from the data, SVG in HTML, PDF in LaTeX, deterministic output, the Chinese labels and
their graceful absence, and the rule that a figure's labels state no dates or figures.
(A registry change redrawing the figures: tests/test_views_pages.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.views import drawing
from checks.views.nodes import registry_chart
from registry_helpers import ROOT, build, edit, page

ITINERARY = {
    "events": [
        {"date": "1949-12-06", "precision": "day", "label": "Leaves Beijing",
         "zh": "毛泽东离开北京", "shown": "6 Dec 1949"},
        {"date": "1950-02-17", "precision": "day", "label": "Leaves Moscow", "zh": "",
         "shown": "17 Feb 1950"},
    ],
    "spans": [{"start": "1949-12-16", "end": "1950-02-17", "label": "In Moscow"}],
}


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory, rootdir: Path):
    import shutil

    srcdir = tmp_path_factory.mktemp("figures") / ROOT
    shutil.copytree(rootdir / f"test-{ROOT}", srcdir)
    app, warnings = build(srcdir)
    assert warnings == ""
    return app


def test_figures_are_numbered_captioned_and_have_alt_text(html) -> None:
    one = page(html, "chapters/one")
    figure = one.select_one("figure#fig-journey")
    assert figure.figcaption.get_text(" ", strip=True).startswith("Fig. 1.1 The journey, December")
    image = figure.img
    assert image["src"].startswith("../_images/registry-itinerary-")
    assert image["src"].endswith(".svg")
    assert image["alt"] == (
        "Time axis of the journey. Events on a time axis: Leaves Beijing, 6 December 1949; "
        "Arrives in Moscow, 16 December 1949; Treaty signed, 14 February 1950; Leaves Moscow, "
        "17 February 1950; In Moscow: 16 December 1949 to 17 February 1950, 63 days.")
    assert one.find("a", href="#fig-journey").get_text() == "Fig. 1.1"  # {numref}
    # The caption is the chapter's prose: its dates are bound facts, checked.
    assert [s["data-fact"] for s in figure.figcaption.select("span.fact")] == [
        "mao-leaves-beijing", "mao-leaves-moscow"]
    two = page(html, "chapters/two")
    bars = two.select_one("figure#fig-credit img")
    assert "The credit, 14 February 1950: 1.2 billion roubles" in bars["alt"]
    assert "Fig. 2.1" in two.select_one("figure#fig-credit figcaption").get_text()


def test_the_svg_holds_the_registry_values(html) -> None:
    svg = next((Path(html.outdir) / "_images").glob("registry-itinerary-*.svg")).read_text()
    assert svg.startswith("<?xml") and "<svg" in svg
    for text in ("6 Dec 1949", "Leaves Beijing", "14 Feb 1950", "In Moscow: 63 days"):
        assert text in svg, text  # matplotlib keeps each text, drawn as paths, in a comment
    assert "<dc:date>" not in svg  # no build date


def test_drawing_is_deterministic() -> None:
    first = drawing.draw("itinerary", ITINERARY, "svg")
    assert drawing.draw("itinerary", ITINERARY, "svg") == first
    assert drawing.draw("bars", {"bars": [], "unit": "x"}, "svg")


def test_pdf_is_vector_and_dated_by_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    pdf = drawing.draw("itinerary", ITINERARY, "pdf")
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf  # vector: no raster
    assert b"D:20260101000000" in pdf
    assert drawing.draw("itinerary", ITINERARY, "pdf") == pdf


def test_without_a_cjk_font_the_chinese_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    with_chinese = drawing.draw("itinerary", ITINERARY, "svg").decode()
    assert "毛泽东离开北京" in with_chinese
    monkeypatch.setattr(drawing, "_fonts", lambda: ([drawing.LATIN_FONT], False))
    without = drawing.draw("itinerary", ITINERARY, "svg").decode()
    assert "毛泽东离开北京" not in without and "Leaves Beijing" in without


def test_latex_gets_a_pdf_figure(copy_root) -> None:
    srcdir = copy_root(ROOT)
    app, warnings = build(srcdir, "latex")
    assert warnings == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    included = [line for line in tex.splitlines() if "registry-itinerary-" in line]
    assert len(included) == 1 and r"\sphinxincludegraphics[width=\linewidth]" in included[0]
    name = included[0].split("{{")[1].split("}")[0] + ".pdf"
    assert (Path(app.outdir) / name).read_bytes().startswith(b"%PDF")
    assert r"\caption{The journey" in tex
    # The places in the chronology are \hyperref links to labels the chapters define.
    assert r"\hyperref[\detokenize{chapters/one:fact-treaty-signed-1}]" in tex
    assert r"\label{\detokenize{chapters/one:fact-treaty-signed-1}}" in tex


def test_text_output_gets_the_alt_text(copy_root) -> None:
    srcdir = copy_root(ROOT)
    app, warnings = build(srcdir, "text")
    assert warnings == ""
    text = (Path(app.outdir) / "chapters/one.txt").read_text(encoding="utf-8")
    assert "[Time axis of the journey. Events on a time axis: Leaves Beijing" in text


def test_a_label_that_states_a_date_is_a_warning(copy_root) -> None:
    srcdir = copy_root(ROOT)
    edit(srcdir / "chapters/one.md", "treaty-signed | Treaty signed",
         "treaty-signed | Treaty signed on 14 February 1950")
    _, warnings = build(srcdir)
    assert ("chapters/one.md:13: WARNING: {registry-figure}: the label 'Treaty signed on "
            "14 February 1950' states a date or figure") in warnings
    assert "[checks.figure_label]" in warnings


def test_the_node_keeps_the_data_it_was_read_with(html) -> None:
    """What is drawn is decided when the page is read (the registry then), not when written."""
    import pickle

    doctree = pickle.loads((Path(html.doctreedir) / "chapters/one.doctree").read_bytes())
    chart = next(doctree.findall(registry_chart))
    data = json.loads(chart["data"])
    assert [e["label"] for e in data["events"]] == [
        "Leaves Beijing", "Arrives in Moscow", "Treaty signed", "Leaves Moscow"]
    assert data["events"][2]["zh"] == "《中苏友好同盟互助条约》签订"


def test_a_second_builder_after_a_registry_change_draws_the_new_charts(copy_root) -> None:
    """``make html`` then ``make epub`` in one build directory: the environment is shared, and
    the EPUB's pages with charts must not point at charts of the old registry."""
    srcdir = copy_root(ROOT)
    edit(srcdir / "conf.py", "nitpicky = True", 'nitpicky = True\nversion = "1"\ncopyright = "c"')
    build(srcdir)
    epub, warnings = build(srcdir, "epub")
    assert warnings == ""
    edit(srcdir / "facts/02-treaty.toml", "value = 1950-02-14", "value = 1950-02-13")
    build(srcdir)  # html: reads the changed pages again
    epub, warnings = build(srcdir, "epub")  # the environment is up to date already
    assert warnings == ""
    xhtml = (Path(epub.outdir) / "chapters/one.xhtml").read_text(encoding="utf-8")
    src = xhtml.split('class="registry-chart"')[0].rsplit('src="', 1)[1].split('"')[0]
    svg = (Path(epub.outdir) / "chapters" / src).resolve()
    assert svg.is_file() and "13 Feb 1950" in svg.read_text(encoding="utf-8")
    assert len(list((Path(epub.outdir) / "_images").glob("registry-itinerary-*.svg"))) == 1
    chronology = (Path(epub.outdir) / "appendices/chronology.xhtml").read_text(encoding="utf-8")
    assert "13 February 1950" in chronology and "14 February 1950" not in chronology


def _doctree_stamps(app) -> dict[str, int]:
    return {path.relative_to(app.doctreedir).as_posix(): path.stat().st_mtime_ns
            for path in Path(app.doctreedir).rglob("*.doctree")}


def _chart_labels(app, docname: str) -> list[str]:
    import pickle

    doctree = pickle.loads((Path(app.doctreedir) / f"{docname}.doctree").read_bytes())
    chart = next(doctree.findall(registry_chart))
    return [e["label"] for e in json.loads(chart["data"])["events"]]


def test_a_label_edit_reads_a_chart_again_only_if_it_draws_the_label(copy_root) -> None:
    """A chart with the author's short labels does not draw a fact's label: editing the label
    reads neither the chapter (written again for the hover text all the same) nor the chronology
    (which fills in its labels when written); a chart that draws the registry's label is read
    again, and shows it."""
    srcdir = copy_root(ROOT)
    app, warnings = build(srcdir)
    assert warnings == ""
    before = _doctree_stamps(app)
    facts = srcdir / "facts/01-visit.toml"
    edit(facts, 'label = "Mao Zedong arrives in Moscow"', 'label = "Mao arrives in Moscow"')
    app, warnings = build(srcdir)
    assert warnings == ""
    after = _doctree_stamps(app)
    assert after["chapters/one.doctree"] == before["chapters/one.doctree"]
    assert after["appendices/chronology.doctree"] == before["appendices/chronology.doctree"]
    assert "Mao arrives in Moscow" in page(app, "appendices/chronology").select_one(
        "table.registry-chronology").get_text()
    one = page(app, "chapters/one")
    shown = one.select_one('[data-fact="mao-arrives-moscow"]')
    assert shown is not None
    popover = one.find(id=shown.find_parent("a")["aria-describedby"])
    assert popover.get_text().startswith("Mao arrives in Moscow")
    assert _chart_labels(app, "chapters/one")[1] == "Arrives in Moscow"
    # The chart draws the registry's label of the arrival: a label edit reaches it.
    edit(srcdir / "chapters/one.md", "mao-arrives-moscow | Arrives in Moscow", "mao-arrives-moscow")
    app, warnings = build(srcdir)
    assert warnings == ""
    assert _chart_labels(app, "chapters/one")[1] == "Mao arrives in Moscow"
    edit(facts, 'label = "Mao arrives in Moscow"', 'label = "Mao reaches Moscow"')
    app, warnings = build(srcdir)
    assert warnings == ""
    assert _chart_labels(app, "chapters/one")[1] == "Mao reaches Moscow"


def test_a_chart_drawn_once_is_copied_into_another_build_until_the_fonts_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chart cache: a second output directory (another build, another builder) gets the bytes
    drawn for the first; a changed font list (a font installed) draws it again; without matplotlib's
    font list there is no cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    drawn: list[str] = []

    def draw(kind: str, data: dict, fmt: str) -> bytes:
        drawn.append(kind)
        return f"<svg>{kind} {len(drawn)}</svg>".encode()

    monkeypatch.setattr(drawing, "draw", draw)
    data = json.dumps(ITINERARY)

    name = drawing.draw_into(tmp_path / "a", "itinerary", data, "svg")
    assert drawn == ["itinerary"]
    assert not drawing.cache_directory().exists()  # no font list yet: nothing kept

    (tmp_path / "mpl").mkdir()
    (tmp_path / "mpl" / "fontlist-v1.json").write_text('{"ttflist": []}')
    drawing.draw_into(tmp_path / "b", "itinerary", data, "svg")
    assert drawing.draw_into(tmp_path / "c", "itinerary", data, "svg") == name
    assert drawn == ["itinerary"] * 2
    assert (tmp_path / "c" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()

    (tmp_path / "mpl" / "fontlist-v1.json").write_text('{"ttflist": ["Noto Sans CJK SC"]}')
    drawing.draw_into(tmp_path / "d", "itinerary", data, "svg")
    assert drawn == ["itinerary"] * 3
    assert (tmp_path / "d" / name).read_bytes() != (tmp_path / "c" / name).read_bytes()
