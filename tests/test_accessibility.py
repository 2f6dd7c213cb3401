"""axe-core finds nothing serious on any page of the book: at 1440 and 390 px, light and dark.

``tests/browser/axe.mjs`` (Node, with the exact ``axe-core`` and ``puppeteer-core`` of
package-lock.json, ``npm ci``) drives Debian's Chromium over every HTML page of a built book and
exits 1 when a violation is serious or critical. Here it runs on the book, and on a page made to
fail, so that a checker that finds nothing cannot pass for a clean book. Skipped without Node, the
npm packages or Chromium, except in CI (``.ci/run`` installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from book import ROOT, Build, require
from test_browser import CHROMIUM, book_html

SCRIPT = ROOT / "tests" / "browser" / "axe.mjs"
NODE = shutil.which("node")
FAILING = {"serious", "critical"}


def axe(site: Path, *options: str) -> tuple[int, dict, str]:
    """Run the axe script on ``site``: its exit status, its report, what it wrote to stderr."""
    require(NODE is not None, "node is not installed (Debian: nodejs npm)")
    require((ROOT / "node_modules" / "axe-core").is_dir()
            and (ROOT / "node_modules" / "puppeteer-core").is_dir(),
            "the npm packages are not installed: run `npm ci`")
    require(CHROMIUM is not None, "chromium is not installed (Debian: chromium)")
    assert NODE is not None and CHROMIUM is not None
    run = subprocess.run([NODE, str(SCRIPT), str(site), *options], capture_output=True,
                         text=True, timeout=3600, cwd=ROOT,
                         env={**os.environ, "CHROMIUM": CHROMIUM})
    report = json.loads(run.stdout) if run.stdout.strip() else {}
    return run.returncode, report, run.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return book_html(tmp_path_factory)


def pages(site: Path) -> list[Path]:
    return [path for path in site.rglob("*.html")
            if not {"_static", "_sources", "_images"} & set(path.relative_to(site).parts)]


@pytest.mark.book
def test_axe_finds_no_serious_or_critical_violation_on_any_page(site: Build) -> None:
    status, report, stderr = axe(site.outdir)
    assert status in (0, 1), stderr
    # Every page at both widths in both schemes: nothing was left unchecked.
    assert report["runs"] == 4 * len(pages(site.outdir)) >= 4 * 15
    failing = [v for v in report["violations"] if v["impact"] in FAILING]
    by_rule = Counter((v["rule"], v["impact"]) for v in failing)
    assert not failing, "\n".join(
        [f"{rule} ({impact}): {count} page views" for (rule, impact), count in by_rule.items()]
        + [f"  {v['page']} {v['width']}px {v['scheme']}: {v['rule']} {v['nodes'][:3]}"
           for v in failing[:20]])
    assert status == 0


BROKEN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A page made to fail</title></head>
<body><main><h1>Broken</h1>
<button aria-label="Search">Search Ctrl + K</button>
<div role="list"><div role="doc-biblioentry">An entry</div></div>
</main></body></html>
"""


def test_axe_reports_a_serious_violation_and_fails(tmp_path: Path) -> None:
    (tmp_path / "broken.html").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "fragment.html").write_text("<p>not a page", encoding="utf-8")
    status, report, stderr = axe(tmp_path, "--widths", "390", "--schemes", "dark")
    assert status == 1, stderr
    assert report["runs"] == 1  # the page, at one width in one scheme; _static/ is not a page
    found = {(v["rule"], v["impact"]) for v in report["violations"]}
    assert {("label-content-name-mismatch", "serious"),
            ("aria-required-children", "critical")} <= found
    assert all(v["page"] == "broken.html" and v["width"] == 390 and v["scheme"] == "dark"
               for v in report["violations"])


def test_axe_says_what_is_wrong_when_it_cannot_check(tmp_path: Path) -> None:
    status, report, stderr = axe(tmp_path / "missing")
    assert status == 2 and report == {}
    assert "missing: no such directory" in stderr and "Traceback" not in stderr
    status, _, stderr = axe(tmp_path, "--widths", "wide")
    assert status == 2 and "--widths takes numbers" in stderr
