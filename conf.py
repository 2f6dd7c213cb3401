"""Sphinx configuration for *Sino-Soviet Relations, 1917–1991*."""

import os
import subprocess
import sys
import time
from typing import Any

sys.path.insert(0, os.path.abspath("."))  # the local `checks` extension
sys.path.insert(0, os.path.abspath("_ext"))  # small local typesetting extensions

# -- Project ----------------------------------------------------------------

project = "Sino-Soviet Relations, 1917–1991"
author = "The Sino-Soviet Relations book contributors"
release = version = "0.1"
language = "en"

# -- Translations (the Chinese edition: `make html-zh`; CONTRIBUTING, "Translating the book") --

# The catalogues of each language in locales/<language>/LC_MESSAGES/, one .po per document
# (gettext_compact = False): chapters/01-introduction.po translates chapters/01-introduction.md,
# so a translator works on one chapter at a time and a warning's .po file names its chapter.
locale_dirs = ["locales"]
gettext_compact = False
# No uuid comment per message: it changes on every `make gettext` and buries the real changes of
# a catalogue's diff; Sphinx and sphinx-intl match messages by their text, not by a uuid.
gettext_uuid = False



def _source_date_epoch():
    """Seconds since the epoch of the last commit (or SOURCE_DATE_EPOCH), for reproducible
    builds."""
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
_years = "2026" if _build_time.tm_year <= 2026 else f"2026–{_build_time.tm_year}"
copyright = f"{_years}, {author}. Text CC BY-SA 4.0; code MIT"

# -- Extensions -------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_design",
    # The book's own, in checks/: every date and figure checked against facts/, and the
    # appendices, tables and figures generated from facts/ (checks/views/).
    "checks",
    # The book's own typesetting in _ext/sinosoviet/, one package per concern.
    "sinosoviet.bibliography",  # history-book bibliography style, entries and citations
    "sinosoviet.chinese",  # Chinese text: lang="zh-Hans"/"zh-Hant", quotes, search by characters
    "sinosoviet.theme",  # sphinx-book-theme: sidenotes that keep all of a note, lean pages
    "sinosoviet.pdf",  # PDF: front matter, parts, per-chapter notes, long tables, IRIs, print style
    "sinosoviet.epub",  # EPUB: well-formed XHTML, byte-identical archives
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
    "node_modules",  # the browser tests' npm packages (package.json)
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
# The book's own styles (_ext/sinosoviet/bibliography/style.py): entries sorted by
# author, first author inverted, author-date as in Chicago; citations "Wang 1998, 12".
bibtex_default_style = "history"
bibtex_reference_style = "author_year_history"

# -- Checked facts (the local `checks` extension) ---------------------------

checks_registry = "facts"

# -- HTML -------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = project
html_last_updated_fmt = None
html_static_path = ["_static"]
html_css_files = ["book.css"]
# English search, with Chinese indexed by characters so that 周恩来 is found
# (_ext/sinosoviet/chinese/search.py).
html_search_language = "en_cjk"
# The two editions, linked from every page's header (sinosoviet.theme.editions).
book_editions = {"en": "English", "zh_CN": "中文"}
html_theme_options = {
    "use_sidenotes": True,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": True,
    # No top bar: pydata-sphinx-theme 0.20 puts a second search box in an otherwise empty bar
    # above the page unless this is set; the sidebar's search box and the page's search button stay.
    "navbar_persistent": [],
}
# Light or dark as the reader's system says, until they choose: pydata-sphinx-theme 0.20 leaves the
# mode empty otherwise, and its script logs an error on every page (Lighthouse's best practices).
html_context = {"default_mode": "auto"}
html_favicon = "_static/favicon.svg"
# The page's address for search engines (<link rel="canonical">): Read the Docs sets
# READTHEDOCS_CANONICAL_URL to the address the book is served at; elsewhere there is none.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
# What search engines show under a page's title when the page has no summary of its own
# (_ext/sinosoviet/theme/meta.py: a page's description is its first paragraph).
sinosoviet_description = (
    "An open scholarly history of relations between China and the Soviet Union, 1917–1991, "
    "centred on Mao Zedong's journey to Moscow in 1949–50 and the treaty of 1950, with every "
    "date and figure checked against a registry of sources."
)

# -- LaTeX / PDF ------------------------------------------------------------

latex_engine = "xelatex"
# The title page's date, as the book writes dates ("21 November 2026"), from SOURCE_DATE_EPOCH.
today_fmt = "%-d %B %Y"
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
% No glue where Chinese meets a Latin character or digit without a space in the source: quotation
% marks hug the Chinese they enclose (“中苏关系”), dates read 1950年 as in Chinese print. Spaces
% written in the source (Zhou Enlai 周恩来) stay.
\xeCJKsetup{CJKecglue={\hskip 0pt plus 0.05em}}
% Curly quotes, dashes and the ellipsis belong to the Latin text they sit in: without this, xeCJK
% sets "Mao’s" with a full-width CJK apostrophe. So does the middle dot of the glossary's
% "Cao Kun · 曹锟", which xeCJK would otherwise treat as Chinese and eat the space after.
\xeCJKDeclareCharClass{Default}{"00B7, "2013, "2014, "2018, "2019, "201C, "201D, "2026}
% The print design of the book: headings, running heads, notes, tables, bibliography, cards.
\usepackage{sinosoviet}
""",
    # A history book, not a manual: serif headings in black, quiet links, no Bjarne chapter
    # heads. The title page and the contents are written by _ext/sinosoviet/pdf/book.py, with the
    # front matter it makes of index.md.
    "fncychap": "",
    "maketitle": "",
    "tableofcontents": "",
    # The PDF outline numbers what the book numbers: "5 Mao in Moscow", "A Glossary".
    "passoptionstopackages": r"\PassOptionsToPackage{bookmarksnumbered}{hyperref}",
    "sphinxsetup": ", ".join([
        r"HeaderFamily=\rmfamily\bfseries",
        "TitleColor={rgb}{0,0,0}",
        "InnerLinkColor={rgb}{0.12,0.22,0.42}",
        "OuterLinkColor={rgb}{0.12,0.22,0.42}",
        # The "In this chapter" boxes (generic admonitions, which Sphinx prints as notes): grey.
        "div.note_border-TeXcolor={gray}{0.6}",
        "div.note_background-TeXcolor={gray}{0.97}",
        "div.note_title-background-TeXcolor={gray}{0.88}",
        "div.note_title-foreground-TeXcolor={rgb}{0,0,0}",
    ]),
}
latex_table_style = ["booktabs"]  # rules only, no coloured rows
# The index of people, places and terms (the {index} marks in the chapters and the glossary),
# sorted by xindy, which reads UTF-8: "Lüshun" files under L, and the Chinese and Cyrillic after
# a Latin heading ("Gao Gang 高岗", "Molotov, Vyacheslav (Молотов)") print as written. XeLaTeX's
# default, written out because the index depends on it: makeindex would sort bytes, "Lüshun" after
# "Luoyang". sinosoviet.pdf gives latexmkrc the Makefile's xindy options for Read the Docs.
latex_use_xindy = True
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
# .buildinfo.bak: Sphinx keeps the last build's .buildinfo there when the configuration changed
# (make epub after make epub-zh's other title); not a page of the book.
epub_exclude_files = ["search.html", ".buildinfo.bak"]
# The cover is drawn from the title page by sinosoviet.epub (setting epub_cover would replace it).
# What a reading system and a store show of the book (dc:description, dc:subject, and
# schema:accessibilitySummary beside the accessibility properties read from the pages).
epub_description = (
    "An open history of the relations between China and the Soviet Union from 1917 to 1991, "
    "which stops longest at Mao Zedong's journey to Moscow in the winter of 1949–50 and the "
    "alliance negotiated there; every date and figure in it is checked against its sources."
)
book_subjects = [
    "China -- Foreign relations -- Soviet Union",
    "Soviet Union -- Foreign relations -- China",
    "Treaty of Friendship, Alliance and Mutual Assistance (1950)",
    "Cold War",
]
book_accessibility_summary = (
    "The text reflows. Chapters, appendices and the index are reached from the table of "
    "contents, and headings follow the reading order. Every note is linked to and from its "
    "reference, and opens as a pop-up where the reading system offers one. Charts have text "
    "descriptions that give their values. Chinese text is marked with its language."
)
epub_use_index = True  # the index of people, places and terms, at the end of the book


def _chinese_edition(app: Any, config: Any) -> None:
    """The Chinese edition (``-D language=zh_CN``, ``make html-zh``): its title, and its date as
    Chinese books print it. The text itself comes from locales/zh_CN."""
    if not str(config.language).lower().startswith("zh"):
        return
    # Read the Docs passes its project's language as it writes it in addresses ("zh-cn");
    # the catalogues are locales/zh_CN.
    config.language = "zh_CN"
    config.epub_language = "zh-CN"
    title = "中苏关系（1917—1991）"
    contributors = "《中苏关系（1917—1991）》一书的贡献者"
    config.html_title = config.epub_title = title
    config.epub_author = config.epub_publisher = contributors
    config.copyright = f"{_years}，{contributors}。正文采用CC BY-SA 4.0许可，代码采用MIT许可"
    config.latex_documents = [(doc[0], doc[1], title, contributors, *doc[4:])
                              for doc in config.latex_documents]
    # The PDF's own words (no babel language for Chinese: xeCJK sets the text).
    preamble = config.latex_elements["preamble"]
    config.latex_elements = {**config.latex_elements, "babel": "", "preamble": preamble.replace(
        r"\usepackage{sinosoviet}",
        "\\newcommand\\booktocname{目录}\n\\usepackage{sinosoviet}\n"
        "\\renewcommand\\indexname{索引}\\renewcommand\\bibname{参考文献}")}
    config.today_fmt = "%Y年%-m月%-d日"
    config.html_theme_options = {**config.html_theme_options, "search_bar_text": "搜索……"}
    # Chinese authors by their characters: 沈志华 2002 (_ext/sinosoviet/bibliography/style.py).
    config.bibtex_default_style = "history_zh"


def setup(app: Any) -> None:
    app.connect("config-inited", _chinese_edition)
