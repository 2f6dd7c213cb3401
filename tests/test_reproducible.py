"""Reproducible builds: the same sources give the same website, byte for byte.

Two clean builds of the book, at the same time: the session's serial build (in this process, as the
other book tests build it) and a parallel one (``sphinx-build -j 2``, in a process of its own, in a
directory of another name, with another hash seed). Every file of their HTML output must be the
same, ``.buildinfo``, ``objects.inv`` and the search index included: a page that depended on the
clock, on where the build is written, on the order of a set or a dict, or on how the documents were
shared out between the parallel workers, would differ. Dates come from ``SOURCE_DATE_EPOCH`` (the
last commit's time, set by ``make`` and by ``conf.py``), never from the clock.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from book import ROOT
from test_browser import PAGE, book_html, small_book

pytestmark = pytest.mark.book


def source_date_epoch() -> str:
    """What ``make html`` exports, and ``conf.py`` sets if nobody did: the last commit's time."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    run = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                         text=True)
    epoch = run.stdout.strip() or "1767225600"  # not a git checkout: any fixed time will do
    os.environ["SOURCE_DATE_EPOCH"] = epoch  # the in-process build reads it too
    return epoch


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The serial and the parallel build's HTML directories, built concurrently."""
    out = tmp_path_factory.mktemp("reproducible") / "parallel-build-in-another-directory"
    env = {**os.environ, "PYTHONHASHSEED": "3", "SOURCE_DATE_EPOCH": source_date_epoch()}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-n", "-j", "2",
               str(ROOT), str(out / "html"), "-d", str(out / "doctrees")]
    parallel = subprocess.Popen(command, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    serial = book_html(tmp_path_factory)  # meanwhile (or already built by test_browser.py)
    _, stderr = parallel.communicate(timeout=600)
    assert parallel.returncode == 0, f"the parallel build failed:\n{stderr[-3000:]}"
    return {"serial": serial.outdir, "parallel": out / "html"}


def files(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes()
            for p in sorted(outdir.rglob("*")) if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    """What differs between two builds: missing files, and for each differing file where."""
    left, right = files(a), files(b)
    found = [f"only in {a.parent.name}: {name}" for name in sorted(left.keys() - right.keys())]
    found += [f"only in {b.parent.name}: {name}" for name in sorted(right.keys() - left.keys())]
    for name in sorted(left.keys() & right.keys()):
        x, y = left[name], right[name]
        if x != y:
            at = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q),
                      min(len(x), len(y)))
            found.append(f"{name} differs at byte {at}: {x[max(0, at - 60):at + 60]!r} "
                         f"!= {y[max(0, at - 60):at + 60]!r}")
    return found


def test_two_clean_builds_one_serial_one_parallel_are_byte_identical(
        builds: dict[str, Path]) -> None:
    assert (builds["serial"] / "index.html").is_file()
    found = differences(builds["serial"], builds["parallel"])
    assert not found, "\n".join(found[:20])


def test_the_build_does_not_print_the_build_machine(builds: dict[str, Path]) -> None:
    """No absolute path of the build (source or output directory) in any page."""
    leaks = [
        name for name, data in files(builds["serial"]).items()
        if str(ROOT).encode() in data or str(builds["serial"].parent).encode() in data
        or str(builds["parallel"].parent).encode() in data
    ]
    assert not leaks, leaks


def test_the_epub_archive_is_dated_by_the_commit_not_the_clock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sphinx zips the EPUB with each file's time; _ext/sinosoviet/epub/ dates every entry by
    ``SOURCE_DATE_EPOCH`` instead, so that two builds of a commit give the same file."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 1 January 2026, 00:00 UTC
    outdir = small_book(tmp_path / "epub", PAGE, "epub", version="1", epub_copyright="c",
                        extensions=["myst_parser", "sinosoviet.chinese", "sinosoviet.epub"])
    with zipfile.ZipFile(next(outdir.glob("*.epub"))) as epub:
        entries = epub.infolist()
        assert epub.testzip() is None
    assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
    assert {entry.date_time for entry in entries} == {tuple(time.gmtime(1767225600)[:6])}
    assert {entry.external_attr >> 16 for entry in entries} == {0o100644}
