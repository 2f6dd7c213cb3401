"""The index is sorted by xindy with every latexmk call: latexmkrc carries the Makefile's xindy
options as its default (Read the Docs runs latexmk without the Makefile) and adds the book's
module (_ext/sinosoviet/pdf/xindy.py, sinosoviet.xdy)."""

from __future__ import annotations

import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import sphinx
from hypothesis import given
from hypothesis import strategies as st

from book import have, require
from sinosoviet.pdf.xindy import MODULE, makefile_xindy_options, with_default_options

#: What Sphinx 9 writes into the Makefile of an English XeLaTeX build (Makefile.jinja).
XELATEX_MAKEFILE = """\
LATEXMKOPTS ?=
export XINDYOPTS = -L english -C utf8  -M sphinx.xdy
# format: pdf or dvi (used only by archive targets)
FMT = pdf
"""
#: ... and of a Russian pdflatex build, where the options are added to line by line.
PDFLATEX_RU_MAKEFILE = """\
export XINDYOPTS = -L russian -C utf8  -M sphinx.xdy
XINDYOPTS += -M LICRlatin2utf8.xdy
XINDYOPTS += -M LICRcyr2utf8.xdy
XINDYOPTS += -M LatinRules.xdy
"""


def test_makefile_options_as_the_makefile_sets_them() -> None:
    assert makefile_xindy_options(XELATEX_MAKEFILE) == "-L english -C utf8  -M sphinx.xdy"
    assert makefile_xindy_options(PDFLATEX_RU_MAKEFILE) == (
        "-L russian -C utf8  -M sphinx.xdy -M LICRlatin2utf8.xdy -M LICRcyr2utf8.xdy"
        " -M LatinRules.xdy")


def test_no_options_when_the_makefile_uses_makeindex() -> None:
    assert makefile_xindy_options("LATEXMKOPTS ?=\nFMT = pdf\n") is None


@given(st.text())
def test_written_once_however_often_the_builder_runs(latexmkrc: str) -> None:
    once = with_default_options(latexmkrc, "-L english -C utf8 -M sphinx.xdy")
    assert with_default_options(once, "-L english -C utf8 -M sphinx.xdy") == once
    assert once.endswith(latexmkrc)


def xindy_options_in_latexmk(latexmkrc: Path, environment: str | None) -> str:
    """The XINDYOPTS that latexmk's Perl sees after reading *latexmkrc* (twice, as `latexmk -r
    latexmkrc` may), with XINDYOPTS set to *environment* or unset."""
    env = {key: value for key, value in os.environ.items() if key != "XINDYOPTS"}
    if environment is not None:
        env["XINDYOPTS"] = environment
    script = f'do "{latexmkrc}"; do "{latexmkrc}"; print $ENV{{"XINDYOPTS"}};'
    return subprocess.run(["perl", "-e", script], capture_output=True, text=True, env=env,
                          check=True).stdout


def test_latexmk_gets_the_makefiles_options_when_nothing_sets_them(tmp_path: Path) -> None:
    require(have("perl"), "latexmk's configuration is Perl (Debian: perl)")
    latexmkrc = tmp_path / "latexmkrc"
    options = "-L english -C utf8 -M sphinx.xdy"
    latexmkrc.write_text(with_default_options("$pdf_mode = 1;\n", options), encoding="utf-8")
    module = f"-M {MODULE.name}"
    # Read the Docs: no XINDYOPTS in the environment.
    assert xindy_options_in_latexmk(latexmkrc, None) == f"-L english -C utf8 -M sphinx.xdy {module}"
    # Sphinx's Makefile exports its own, which win; the book's module is added once.
    assert xindy_options_in_latexmk(latexmkrc, "-L german-din5007 -C utf8 -M sphinx.xdy") == (
        f"-L german-din5007 -C utf8 -M sphinx.xdy {module}")


def run_xindy(tmp_path: Path, idx: str) -> list[str]:
    """The index entries (``\\item`` lines) xindy makes of *idx* with the book's options."""
    require(have("xindy"), "the index is sorted by xindy (Debian: xindy)")
    sphinx_xdy = Path(sphinx.package_dir) / "texinputs" / "sphinx.xdy"
    for module in (sphinx_xdy, MODULE):
        (tmp_path / module.name).write_bytes(module.read_bytes())
    (tmp_path / "book.idx").write_text(idx, encoding="utf-8")
    subprocess.run(["xindy", "-q", "-L", "english", "-C", "utf8", "-M", "sphinx.xdy",
                    "-M", MODULE.name, "-o", "book.ind", "book.idx"], cwd=tmp_path, check=True)
    ind = (tmp_path / "book.ind").read_text(encoding="utf-8")
    return [line.strip() for line in ind.splitlines() if r"\item" in line]


@pytest.mark.tex
def test_xindy_files_pinyin_u_umlaut_under_its_letter(tmp_path: Path) -> None:
    headings = ["Lüthi, Lorenz M.", "Lüshun 旅顺", "Lushan", "Luoyang 洛阳", "Lop Nur 罗布泊",
                "Lin Biao 林彪"]
    items = run_xindy(tmp_path, "".join(
        rf"\indexentry{{{heading}@\spxentry{{{heading}}}}}{{{page}}}" "\n"
        for page, heading in enumerate(headings, start=1)))
    printed = [re.sub(r"^\\item \\spxentry\{(.*?)\}.*$", r"\1", item) for item in items]
    assert printed == sorted(headings, key=lambda h: unicodedata.normalize("NFD", h).encode(
        "ascii", "ignore").decode().lower())
    assert printed[-2:] == ["Lüshun 旅顺", "Lüthi, Lorenz M."]


@pytest.mark.tex
def test_xindy_prints_ranges_and_merges_a_name_marked_in_a_note(tmp_path: Path) -> None:
    """The book's module: "44–46", not "4446"; a hyphenated name marked in a note (where \\index
    writes "\\sphinxhyphen {}") and in the text is one entry."""
    entry = r"\spxentry{Joint\sphinxhyphen{}stock companies 中苏合营公司}"
    in_note = r"\spxentry{Joint\sphinxhyphen {}stock companies 中苏合营公司}"
    key = "Joint-stock companies 中苏合营公司"
    items = run_xindy(tmp_path, "".join(
        rf"\indexentry{{{key}@{entry}}}{{{page}}}" "\n" for page in (14, 44, 45, 46))
        + rf"\indexentry{{{key}@{in_note}}}{{52}}" "\n")
    assert len(items) == 1, items
    assert r"\hyperpage{44}\textendash{}\hyperpage{46}" in items[0], items[0]
    assert r"\hyperpage{52}" in items[0]
