"""Read the Docs builds the PDF with the commands of .readthedocs.yaml's PDF job: RTD's own
`sphinx -b latex` and `latexmk -r latexmkrc ...` (no XINDYOPTS, no Makefile), then the LaTeX log
check. Run here as RTD runs them (each command in its own shell, from the checkout, with
READTHEDOCS_OUTPUT and READTHEDOCS_PROJECT set) on a small book with the real book's PDF set-up
(tests/roots/test-index-rtd): the index builds, the PDF's dates are the commit's, and a lost glyph
fails the job before the PDF is published."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from book import ROOT, by_folio, have, pdf_pages, require
from book_index import INDEX_NOTE

pytestmark = pytest.mark.tex

PROJECT = "index-test"  # RTD's READTHEDOCS_PROJECT, the project's slug: the PDF's name
#: A character that none of the book's fonts has (Linear B): XeLaTeX leaves a gap and logs it.
LOST_GLYPH = "\U00010000"


def rtd_config() -> dict:
    return yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def pdf_job() -> list[str]:
    return rtd_config()["build"]["jobs"]["build"]["pdf"]


@dataclass
class Job:
    """What the PDF job did: each command's exit status and output, and where RTD publishes."""

    runs: list[subprocess.CompletedProcess]
    checkout: Path
    output: Path

    @property
    def failed(self) -> subprocess.CompletedProcess | None:
        return next((run for run in self.runs if run.returncode != 0), None)


def run_pdf_job(tmp_path: Path, extra_text: str = "") -> Job:
    """Check out the small book as RTD does (a git clone of one commit) and run the PDF job's
    commands in order, stopping at the first that fails, as RTD does."""
    require(have("xelatex", "latexmk", "xindy", "pdftotext", "pdfinfo", "git"),
            "the PDF job needs xelatex, latexmk, xindy, poppler-utils and git")
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "tests" / "roots" / "test-index-rtd", checkout)
    (checkout / "_ext").symlink_to(ROOT / "_ext")  # conf.py and the log check import from _ext
    if extra_text:
        with (checkout / "chapter.md").open("a", encoding="utf-8") as chapter:
            chapter.write(f"\n{extra_text}\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=checkout, check=True)
    subprocess.run([*git, "add", "-A"], cwd=checkout, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "book", "--date", "2026-11-21T10:00:00Z"],
                   cwd=checkout, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2026-11-21T10:00:00Z"})
    output = checkout / "_readthedocs"
    env = {key: value for key, value in os.environ.items()
           if key not in {"XINDYOPTS", "SOURCE_DATE_EPOCH", "PYTHONPATH"}}
    env.update(READTHEDOCS="True", READTHEDOCS_OUTPUT=str(output),
               READTHEDOCS_PROJECT=PROJECT, READTHEDOCS_LANGUAGE="en",
               # RTD's `python` is the project's virtual environment.
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")
    runs = []
    for command in pdf_job():
        run = subprocess.run(["bash", "-c", command], cwd=checkout, env=env, capture_output=True,
                             text=True)
        runs.append(run)
        if run.returncode != 0:
            break
    return Job(runs, checkout, output)


@pytest.fixture(scope="module")
def clean_job(tmp_path_factory: pytest.TempPathFactory) -> Job:
    return run_pdf_job(tmp_path_factory.mktemp("rtd-clean"))


def test_the_pdf_job_publishes_one_pdf(clean_job: Job) -> None:
    assert clean_job.failed is None, clean_job.failed and (
        clean_job.failed.args, clean_job.failed.stdout[-3000:], clean_job.failed.stderr[-3000:])
    assert [p.name for p in (clean_job.output / "pdf").iterdir()] == [f"{PROJECT}.pdf"]


def test_the_index_builds_with_rtds_latexmk_call(clean_job: Job) -> None:
    """No XINDYOPTS in the environment, latexmk run as RTD runs it: the index is in the PDF, its
    Chinese and Cyrillic as written, each page number on a page that names the entry."""
    pages = pdf_pages(clean_job.output / "pdf" / f"{PROJECT}.pdf")
    folios = by_folio(clean_job.output / "pdf" / f"{PROJECT}.pdf")
    start = next(n for n, page in enumerate(pages)  # the index, not the contents
                 if INDEX_NOTE in " ".join(page.split()))
    index = "\n".join(pages[start:])
    entries = {"Gao Gang 高岗": "Gao Gang", "Lüshun 旅顺": "Lüshun",
               "Molotov, Vyacheslav (Молотов)": "Molotov"}
    for heading, name in entries.items():
        found = re.search(rf"^{re.escape(heading)}, ([\d–, ]+)$", index, flags=re.M)
        assert found, f"{heading!r} is not in the index:\n{index}"
        for locator in found.group(1).split(", "):
            first, _, last = locator.partition("–")
            for page in range(int(first), int(last or first) + 1):
                assert name in folios[page], f"{heading}: page {page} does not name it"
    assert "Lüshun 旅顺, 3–5" in index  # a range, with its dash
    assert "Port Arthur, see Lüshun 旅顺" in index
    assert "Joint-stock companies 中苏合营公司, 4, 5" in index  # in the text and in a note: one


def test_the_pdf_dates_are_the_commits(clean_job: Job) -> None:
    pdf = clean_job.output / "pdf" / f"{PROJECT}.pdf"
    info = subprocess.run(["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    created = re.search(r"^CreationDate:\s+(\S+)", info, flags=re.M)
    assert created, info
    assert datetime.fromisoformat(created.group(1).replace("Z", "+00:00")) == datetime(
        2026, 11, 21, 10, 0, tzinfo=UTC)


def test_a_lost_glyph_fails_the_job_and_nothing_is_published(tmp_path: Path) -> None:
    job = run_pdf_job(tmp_path, extra_text=f"A character no font has: {LOST_GLYPH}.")
    failed = job.failed
    assert failed is not None, "the PDF job succeeded although a glyph was lost"
    # RTD's own latexmk call succeeds (it writes a PDF); the log check is what fails.
    assert "sinosoviet.pdf" in failed.args[-1]
    assert "Missing character: There is no \U00010000" in failed.stdout + failed.stderr
    assert "[latex.missing_character]" in failed.stdout + failed.stderr
    assert not (job.output / "pdf").exists()


def test_the_config_asks_rtd_for_what_the_job_needs() -> None:
    config = rtd_config()
    assert "pdf" in config["formats"]  # RTD runs build.jobs.build.pdf only for a listed format
    assert "xindy" in config["build"]["apt_packages"]
    building = [command for command in pdf_job()
                if "sphinx -T -b latex" in command or "latexmk" in command]
    assert len(building) == 2
    for command in building:
        assert "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in command
