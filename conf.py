"""Sphinx configuration for *Sino-Soviet Relations, 1917–1991*."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.abspath("."))  # the local `checks` extension
sys.path.insert(0, os.path.abspath("_ext"))  # small local typesetting extensions

# -- Project ----------------------------------------------------------------

project = "Sino-Soviet Relations, 1917–1991"
author = "The Sino-Soviet Relations book contributors"
release = version = "0.1"
language = "en"



def _source_date_epoch():
    """Seconds since the epoch of the last commit (or SOURCE_DATE_EPOCH), for reproducible builds."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        try:
            out = subprocess.run(
                ["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, check=True
            ).stdout.strip()
            os.environ["SOURCE_DATE_EPOCH"] = out or str(int(time.time()))
        except (OSError, subprocess.CalledProcessError):
            os.environ["SOURCE_DATE_EPOCH"] = str(int(time.time()))
    return int(os.environ["SOURCE_DATE_EPOCH"])


# Reproducible builds: dates come from the last commit, never from the clock.
_build_time = time.gmtime(_source_date_epoch())
copyright = f"2026–{_build_time.tm_year}, {author}. Text CC BY-SA 4.0; code MIT"

# -- Extensions -------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_design",
    "checks",
    "iri_links",
    "epub_xhtml",
    "sidenote_parents",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "_ext",
    ".venv",
    ".git",
    ".github",
    ".ci",
    "bench",
    "tests",
    "README.md",
    "CONTRIBUTING.md",
    "LICENSE*",
    "CITATION.cff",
]

nitpicky = True
numfig = True
numfig_secnum_depth = 1

# -- MyST -------------------------------------------------------------------

myst_enable_extensions = [
    "attrs_inline",
    "colon_fence",
    "deflist",
    "fieldlist",
    "substitution",
]
myst_heading_anchors = 3
myst_footnote_transition = False

# -- Citations (sphinxcontrib-bibtex) ---------------------------------------

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- Checked facts (the local `checks` extension) ---------------------------

checks_registry = "facts"

# -- HTML -------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project
html_last_updated_fmt = None
html_static_path = ["_static"]
html_css_files = ["book.css"]
html_theme_options = {
    "use_sidenotes": True,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": True,
}

# -- LaTeX / PDF ------------------------------------------------------------

latex_engine = "xelatex"
latex_documents = [
    (root_doc, "sino-soviet-relations.tex", project, author, "manual"),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # Latin, Cyrillic and Greek in Sphinx's default XeLaTeX fonts (GNU FreeFont); Chinese in
    # Noto CJK via xeCJK, below.
    "preamble": r"""
\usepackage{xeCJK}
% Chinese has no italic: emphasis keeps the upright face, in the sans-serif for contrast.
\setCJKmainfont[ItalicFont=Noto Sans CJK SC, BoldFont=Noto Serif CJK SC Bold]{Noto Serif CJK SC}
\setCJKsansfont[BoldFont=Noto Sans CJK SC Bold]{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\xeCJKsetup{CJKspace=true}
% Curly quotes, dashes and the ellipsis belong to the Latin text they sit in: without this, xeCJK
% sets "Mao’s" with a full-width CJK apostrophe.
\xeCJKDeclareCharClass{Default}{"2013, "2014, "2018, "2019, "201C, "201D, "2026}
""",
}
latex_show_urls = "footnote"

# -- EPUB -------------------------------------------------------------------

epub_title = project
epub_author = author
epub_publisher = author
epub_copyright = copyright
epub_language = "en"
# Stable across builds (a uuid5 of the book's name). Sphinx writes epub_uid into the NCX and
# epub_identifier into the OPF, which must agree, and epub_uid must be an XML name: hence one value.
epub_scheme = "uuid"
epub_identifier = epub_uid = "sino-soviet-relations-67a680a0-d27c-51eb-8174-e9cfe8135704"
epub_basename = "sino-soviet-relations"
epub_show_urls = "footnote"
epub_exclude_files = ["search.html"]
