"""Notes as a reader meets them, in headless Chromium, on the book's two most annotated chapters.

At every width: the page never scrolls sideways and no note, open or in the margin, leaves the
screen. On a wide screen each margin note starts beside its reference, unless the note above pushes
it down (then it starts just below that note). Where the margin cannot hold the notes, a note opens
in place from a real button (``aria-expanded``), and Escape closes it with the focus back on its
number. A chapter printed to PDF carries the text of every note.

The probe page loads a chapter in an iframe of the given width and reports boxes in the chapter's
own coordinates (``--dump-dom``, as in ``test_browser.py``, whose book build and server it shares).
``python tests/test_notes_layout.py URL`` prints the same figures for a served build.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from book import ROOT, Build, have, require
from test_browser import chromium, dom, probes, server, site  # noqa: F401 (the shared fixtures)

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
  const notes = [...doc.querySelectorAll("span.sidenote")].filter((n) => !n.classList.contains("d-n"));
  const toggleOf = (note) => (note.id && doc.querySelector(`button[aria-controls="${note.id}"]`))
    || doc.querySelector(`label[for="${note.previousElementSibling?.id}"]`);
  const shown = (el) => win.getComputedStyle(el).display !== "none" && el.getClientRects().length > 0;
  const rows = [];
  for (const note of notes) {
    const toggle = toggleOf(note);
    const row = {number: (toggle?.textContent || "").trim(), ref: toggle && box(toggle),
                 button: toggle?.tagName === "BUTTON", shown: shown(note),
                 note: shown(note) ? box(note) : null, text: box(note.closest("p, li, dd, td"))};
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
    out = dom(f"{server}_probe/{name}", width).select_one("#out").get_text()
    assert out, f"the probe of {chapter} at {width} px reported nothing"
    return json.loads(out)


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


def main(html: Path) -> None:
    """Print the figures for the built site in ``html`` (``python tests/test_notes_layout.py``)."""
    import tempfile
    import threading
    from functools import partial
    from http.server import ThreadingHTTPServer

    from test_browser import _Site

    with tempfile.TemporaryDirectory() as probe_dir:
        handler = type("Handler", (_Site,), {"probes": probe_dir})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(html)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        for chapter in CHAPTERS:
            for width in WIDTHS:
                print(Path(chapter).stem, width,
                      figures(measure(url, Path(probe_dir), chapter, width, False)), flush=True)
        httpd.shutdown()


if __name__ == "__main__":
    sys.path[:0] = [str(Path(__file__).parent), str(ROOT / "_ext")]
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html")
