"""Notes as a reader meets them, in headless Chromium, on the book's two most annotated chapters.

At every width: the page never scrolls sideways and no note, open or in the margin, leaves the
screen. On a wide screen each margin note starts beside its reference, unless the note above pushes
it down (then it starts just below that note). Where the margin cannot hold the notes, a note opens
in place from a real button (``aria-expanded``), and Escape closes it with the focus back on its
number. A chapter printed to PDF carries the text of every note.

The probe page loads a chapter in an iframe of the given width and reports boxes in the chapter's
own coordinates (``--dump-dom``, as in ``test_browser.py``, whose book build and server it shares).
``PYTHONPATH=_ext:tests python tests/test_notes_layout.py [HTML_DIR]`` prints the figures (overflow,
notes off-screen, the largest distance of a margin note below its reference) for a build.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import test_browser
from book import ROOT, Build, have, require
from test_browser import _Site, chromium, dom, small_book

#: The book built, the probes' directory and the server of test_browser.py: one of each a session.
site, probes, server = test_browser.site, test_browser.probes, test_browser.server

CHAPTERS = ["chapters/04-road-to-moscow.html", "chapters/05-mao-in-moscow.html"]
WIDTHS = [390, 768, 993, 1024, 1100, 1200, 1280, 1440, 1920]
HEIGHT = 900
#: How far (px) a note may start from where the rule puts it: the top of its reference's line, or
#: the bottom of the note above. Sub-pixel rounding and the reference's superscript raise.
SLACK = 12

PROBE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title>
<style>body { margin: 0 } iframe { border: 0; display: block }</style></head>
<body><iframe id="page" width="WIDTH" height="HEIGHT" src="CHAPTER"></iframe><pre id="out"></pre>
<script>
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
window.addEventListener("load", async () => {
  const doc = document.getElementById("page").contentDocument;
  const win = doc.defaultView;
  doc.head.insertAdjacentHTML("beforeend", "<style>* { transition: none !important }</style>");
  await doc.fonts.ready;
  await sleep(1000);
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {top: r.top + win.scrollY, bottom: r.bottom + win.scrollY, left: r.left,
            right: r.right, height: r.height};
  };
  // A note and what opens it: the book's button, or else the theme's label and checkbox.
  const notes = [...doc.querySelectorAll("span.sidenote")]
    .filter((note) => !note.classList.contains("d-n"));
  const toggleOf = (note) => (note.id && doc.querySelector(`button[aria-controls="${note.id}"]`))
    || doc.querySelector(`label[for="${note.previousElementSibling?.id}"]`);
  const shown = (el) => win.getComputedStyle(el).display !== "none"
    && el.getClientRects().length > 0;
  // In the margin: "more" on every shortened note, until none is left (a note opened pushes the
  // notes below, which may then be shortened in their turn).
  for (let round = 0; ACTIVATE && round < 40; round++) {
    const more = [...doc.querySelectorAll('button.note-more[aria-expanded="false"]')].filter(shown);
    if (!more.length) break;
    more[0].click();
    await sleep(100);  // the layout pass runs on the next frame
  }
  const rows = [];
  for (const note of notes) {
    const toggle = toggleOf(note);
    const row = {number: (toggle?.textContent || "").trim(), ref: toggle && box(toggle),
                 button: toggle?.tagName === "BUTTON", shown: shown(note),
                 note: shown(note) ? box(note) : null,
                 whole: note.scrollHeight <= note.clientHeight + 1,
                 text: box(note.closest("p, li, dd, td") || note.parentElement)};
    if (ACTIVATE && toggle && !row.shown) {  // tap the note's number, then press Escape
      if (row.button) toggle.click(); else note.previousElementSibling.checked = true;
      row.expanded = toggle.getAttribute("aria-expanded");
      row.opened = shown(note) ? box(note) : null;
      toggle.focus();
      toggle.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
      row.closed = !shown(note);
      row.focus = doc.activeElement === toggle;
      if (!row.button) note.previousElementSibling.checked = false;
    }
    rows.push(row);
  }
  document.getElementById("out").textContent = JSON.stringify({
    viewport: win.innerWidth, scrollWidth: doc.documentElement.scrollWidth, notes: rows});
});
</script></body></html>
"""


def measure(server: str, probes: Path, chapter: str, width: int, activate: bool) -> dict:
    """What the probe reports for ``chapter`` in a window ``width`` px wide."""
    name = f"notes-{Path(chapter).stem}-{width}-{int(activate)}.html"
    page = (PROBE.replace("WIDTH", str(width)).replace("HEIGHT", str(HEIGHT))
            .replace("CHAPTER", "../" + chapter).replace("ACTIVATE", str(activate).lower()))
    (probes / name).write_text(page, encoding="utf-8")
    out = dom(f"{server}_probe/{name}", width).select_one("#out")
    assert out is not None and out.get_text(), f"the probe of {chapter} at {width} px failed"
    return json.loads(out.get_text())


def in_margin(row: dict) -> bool:
    return row["note"] is not None and row["note"]["left"] >= row["text"]["right"] - 1


def off_screen(box: dict, viewport: int) -> bool:
    return box["left"] < -0.5 or box["right"] > viewport + 0.5


def figures(report: dict) -> dict:
    """The figures the issue asks for: sideways overflow, notes off-screen, the largest distance
    (px) of a margin note's top below its reference."""
    margin = [row for row in report["notes"] if in_margin(row)]
    return {"overflow": max(0, report["scrollWidth"] - report["viewport"]),
            "offscreen": sum(off_screen(row["note"], report["viewport"])
                             for row in report["notes"] if row["note"]),
            "margin": len(margin), "notes": len(report["notes"]),
            "distance": round(max((row["note"]["top"] - row["ref"]["top"] for row in margin),
                                  default=0))}


NARROW = [width for width in WIDTHS if width < 1200]
WIDE = [width for width in WIDTHS if width >= 1200]


@pytest.mark.book
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_no_sideways_scroll_and_no_note_off_the_screen(probes: Path, server: str, chapter: str,
                                                       width: int) -> None:
    report = measure(server, probes, chapter, width, activate=True)
    assert report["viewport"] == width and report["notes"]
    assert report["scrollWidth"] <= width, \
        f"the page scrolls sideways by {report['scrollWidth'] - width} px"
    for row in report["notes"]:
        for state in ("note", "opened"):  # as shown, and as opened by its number
            if row.get(state):
                box = row[state]
                assert not off_screen(box, width), f"note {row['number']} ({state}) is off " \
                    f"the screen: {box['left']:.0f}..{box['right']:.0f} px"


@pytest.mark.book
@pytest.mark.parametrize("width", [390, 1024, 1440])
def test_without_the_script_no_sideways_scroll_and_every_note_on_the_screen(
        site: Build, probes: Path, server: str, width: int) -> None:
    """notes.css alone: the theme's checkbox opens a note, margin notes stay in the window."""
    copy = without_script(site, server, probes, CHAPTERS[1]).removeprefix(server)
    report = measure(server, probes, copy, width, activate=True)
    assert report["scrollWidth"] <= width and report["notes"]
    for row in report["notes"]:
        box = row["note"] or row["opened"]
        assert box and not off_screen(box, width), f"note {row['number']} is not on the screen"


@pytest.mark.book
@pytest.mark.parametrize("width", WIDE)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_margin_note_starts_beside_its_reference_unless_the_note_above_pushes_it(
        probes: Path, server: str, chapter: str, width: int) -> None:
    """Each note starts at its reference's line, or right under the note above if that one
    reaches lower; never over another note; and always within one window's height of its
    reference (a long note above is shortened rather than pushing the rest out of sight)."""
    report = measure(server, probes, chapter, width, activate=False)
    assert_beside_or_pushed(report["notes"])
    for row in report["notes"]:
        assert row["note"]["top"] - row["ref"]["top"] < HEIGHT, \
            f"note {row['number']} is out of sight of its reference"


@pytest.mark.book
@pytest.mark.parametrize("width", [1200, 1440])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_shortened_margin_note_opens_whole_and_pushes_only_the_notes_below(
        probes: Path, server: str, chapter: str, width: int) -> None:
    report = measure(server, probes, chapter, width, activate=True)
    shortened = [row["number"] for row in report["notes"] if not row["whole"]]
    assert not shortened, f"notes {shortened} are still shortened"
    assert_beside_or_pushed(report["notes"])


def assert_beside_or_pushed(rows: list[dict]) -> None:
    """Each note in the margin starts at its reference's line, or just under the note above if
    that one reaches lower; never above its reference, never over another note."""
    assert all(in_margin(row) for row in rows), "a note is not in the margin of a wide window"
    floor = -float("inf")
    for row in rows:
        top, ref = row["note"]["top"], row["ref"]["top"]
        assert top >= ref - SLACK, f"note {row['number']} starts above its reference"
        assert top >= floor, f"note {row['number']} overlaps the note above"
        assert top <= max(ref, floor) + SLACK, \
            f"note {row['number']} starts {top - ref:.0f} px below its reference, " \
            f"{top - floor:.0f} px below the note above"
        floor = row["note"]["bottom"]


@pytest.mark.book
@pytest.mark.parametrize("width", NARROW)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_note_opens_in_place_from_its_number_and_escape_closes_it(
        probes: Path, server: str, chapter: str, width: int) -> None:
    report = measure(server, probes, chapter, width, activate=True)
    for row in report["notes"]:
        number = row["number"]
        assert not row["shown"], f"note {number} takes room before it is opened"
        assert row["button"], f"note {number} has no button to open it"
        assert row["expanded"] == "true", f"note {number}'s button does not say it is open"
        assert row["opened"] and row["opened"]["height"] > 0, f"note {number} does not open"
        assert row["opened"]["top"] >= row["ref"]["top"], f"note {number} opens above its number"
        assert row["closed"] and row["focus"], \
            f"Escape does not close note {number}, with the focus back on its number"


def note_openings(site: Build, chapter: str) -> list[str]:
    """The first words of each note in the chapter, as a reader reads them (Latin script only:
    pdftotext may set runs of Chinese apart from the line they stand in)."""
    page = BeautifulSoup((site.outdir / chapter).read_text(encoding="utf-8"), "html.parser")
    openings = []
    for note in page.select("span.sidenote"):
        if note.sup:
            note.sup.extract()
        latin = re.split(r"[^\x00-\u024f\u2010-\u206f]", note.get_text())[0]
        openings.append(" ".join(latin.split()[:8]))
    return openings


def without_script(site: Build, server: str, probes: Path, chapter: str) -> str:
    """The URL of a copy of ``chapter`` without notes.js (headless Chromium does not print with
    scripts off): the theme's markup and notes.css alone."""
    page = (site.outdir / chapter).read_text(encoding="utf-8")
    page = re.sub(r'<script[^>]*src="[^"]*/notes\.js[^"]*"[^>]*></script>', "", page)
    name = f"no-script-{Path(chapter).name}"
    (probes / name).write_text(page.replace("<head>", f'<head><base href="{server}{chapter}">', 1),
                               encoding="utf-8")
    return f"{server}_probe/{name}"


@pytest.mark.book
@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_printed_chapter_carries_the_text_of_its_notes(site: Build, server: str, probes: Path,
                                                         tmp_path: Path, chapter: str,
                                                         script: bool) -> None:
    require(have("pdftotext"), "pdftotext is not installed (Debian: poppler-utils)")
    pdf = tmp_path / "chapter.pdf"
    url = server + chapter if script else without_script(site, server, probes, chapter)
    chromium(url, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = " ".join(text.replace("\u00ad", "").split())
    openings = note_openings(site, chapter)
    assert len(openings) >= 10
    missing = [opening for opening in openings if opening not in text]
    assert not missing, f"printed without these notes: {missing}"
    if script:  # after the chapter, numbered as in the text
        notes = text[text.rindex("Notes "):]
        assert all(f"{number}. {opening}" in notes
                   for number, opening in enumerate(openings, start=1))


@contextmanager
def serve(html: Path, probe_dir: Path) -> Iterator[str]:
    """``html`` on http://127.0.0.1:<port>/, with the probes in ``probe_dir`` under /_probe/."""
    handler = type("Handler", (_Site,), {"probes": str(probe_dir)})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


CONTAINED = """# Notes in containers

A note in the text.[^text]

```{note}
A note cited in an admonition.[^boxed]
```

Another note in the text.[^after]

[^text]: The first note, in the text, long enough to wrap in the margin of a wide window.
[^boxed]: The second note, cited in a box: the theme writes it twice.
[^after]: The third note, after the box.
"""


@pytest.mark.parametrize("width", [390, 1440])
def test_a_note_cited_in_a_container_is_shown_once(tmp_path: Path, width: int) -> None:
    outdir = small_book(tmp_path / "book", CONTAINED, "html", html_theme="sphinx_book_theme",
                        html_theme_options={"use_sidenotes": True},
                        html_static_path=[str(ROOT / "_static")])
    (tmp_path / "probes").mkdir()
    with serve(outdir, tmp_path / "probes") as url:
        report = measure(url, tmp_path / "probes", "index.html", width, activate=width < 1200)
    assert [row["number"] for row in report["notes"]] == ["1", "2", "3"]
    for row in report["notes"]:
        if width < 1200:
            assert not row["shown"] and row["opened"] and row["closed"]
        else:
            assert in_margin(row) and abs(row["note"]["top"] - row["ref"]["top"]) <= SLACK


def main(html: Path) -> None:
    """Print the figures for the built site in ``html`` (``python tests/test_notes_layout.py``)."""
    with tempfile.TemporaryDirectory() as probe_dir, serve(html, Path(probe_dir)) as url:
        for chapter in CHAPTERS:
            for width in WIDTHS:
                print(Path(chapter).stem, width,
                      figures(measure(url, Path(probe_dir), chapter, width, False)), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html")
