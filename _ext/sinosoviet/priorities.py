"""Where each of the book's transforms and event handlers runs, and why: the orders that matter.

Sphinx runs transforms (``default_priority``) and the handlers of one event (``app.connect(...,
priority=...)``) in ascending order. The book's extensions slot their work in between what Sphinx,
sphinx-book-theme, sphinxcontrib-bibtex and the ``checks`` package do, so each number here is
placed against a number of theirs, named beside it. ``tests/test_priorities.py`` reads the orders
back from a real Sphinx application, so a number changed here, or upstream, fails a test rather
than a page.

``checks`` keeps its own orders in ``checks/priorities.py`` (it imports nothing from ``_ext``):
its ``CollectFacts`` transform at ``COLLECT`` (200), and its renderer of ``{fact}`` roles and of
the generated pages' places on ``doctree-resolved`` at ``RENDER`` (500).
"""

from __future__ import annotations

# -- Read transforms (SphinxTransform), when a document is read ------------------------------------

#: A table's cells given its source, so that their paragraphs are messages of the catalogue:
#: before Sphinx's ``PreserveTranslatableMessages`` (10) and ``Locale`` (20) read the messages.
TABLE_CELL_SOURCES = 5
#: A translated document's repeated ids made unique: after Sphinx's ``Locale`` (20), which copies
#: them, before ``checks``' ``CollectFacts`` (200) and the tables of contents read the document.
TRANSLATED_IDS = 25

#: Opening quotes after Chinese punctuation: right after ``SphinxSmartQuotes`` (750) has turned
#: straight quotes into curly ones, which is what this corrects.
CHINESE_QUOTES = 751
#: The Chinese in titles marked with its language: after ``checks``' ``CollectFacts`` (200) has read
#: the document, before ``DoctreeReadEvent`` (880) builds the tables of contents from the titles.
CHINESE_TITLES = 870

# -- Post-transforms (SphinxPostTransform), when a document is written -----------------------------

#: A footnote folded into one paragraph: before sphinx-book-theme's ``HandleFootnoteTransform`` (1),
#: which keeps only a note's first paragraph in its sidenote.
SIDENOTE_BLOCKS = 0
#: Every node's ``parent`` relinked: after ``HandleFootnoteTransform`` (1) has copied notes without
#: relinking them, before Sphinx's ``ReferencesResolver`` (10) resolves references in them.
SIDENOTE_PARENTS = 2

#: The bibliography's numeric labels dropped: after sphinxcontrib-bibtex's ``BibliographyTransform``
#: (5) has filled the bibliography with citations.
BIBLIOGRAPHY_ENTRIES = 6
#: LaTeX: the bibliography as the book's hanging list, where its directive stands: after the labels
#: are gone (:data:`BIBLIOGRAPHY_ENTRIES`), long before Sphinx's LaTeX ``BibliographyTransform``
#: (750) would gather the citations into a chapter at the end of the book.
BIBLIOGRAPHY_LATEX = 7
#: One full stop after a citation that ends with one: after ``ReferencesResolver`` (10) has made the
#: citations' text.
CITATION_FULL_STOP = 11
#: LaTeX: ``\\protect`` citation links in captions and titles: after ``ReferencesResolver`` (10) has
#: made the links.
CITATION_PROTECT = 12

#: LaTeX: sphinx-design's dropdowns given a class for the print style. No order: any time before
#: the tree is written.
PDF_DROPDOWNS = 200
#: LaTeX: non-ASCII URLs printed as written: after Sphinx's ``ShowUrlsTransform`` (400) has copied
#: the URLs into footnotes.
PDF_LINKS = 450
#: LaTeX: footnotes numbered from 1 in each chapter: after ``ShowUrlsTransform`` (400) has added the
#: URL notes, before ``LaTeXFootnoteTransform`` (600) moves the notes where LaTeX sets them.
PDF_FOOTNOTES = 500
#: LaTeX: front matter and parts made of the root document: last of the LaTeX post-transforms, after
#: Sphinx's own (footnotes 600, bibliography 750) have finished with the tree it rearranges.
PDF_BOOK = 800

#: EPUB: sphinx-design's inline SVG icons dropped. No order: any time before the tree is written.
EPUB_SVG = 900

# -- Events ---------------------------------------------------------------------------------------

#: ``builder-inited``: the .bib files parsed with pybtex's errors captured, before
#: sphinxcontrib-bibtex's handler (500) would parse them and stop at the first error with a
#: traceback.
BIB_PARSE = 400
#: ``builder-inited``: a .bib file that had errors marked out of date in sphinxcontrib-bibtex's
#: cache, after its handler (500) has taken what was parsed.
BIB_FAILED = 600
#: ``doctree-resolved``: Chinese marked with its language in the whole page: after ``checks``
#: renders the words of ``{fact}`` roles (500), which may be Chinese.
CHINESE_PAGES = 800
#: ``html-page-context``: a page's Contents moved from the margin to the left sidebar when the page
#: has notes: after pydata-sphinx-theme's ``set_secondary_sidebar_items`` (500) has chosen the
#: margin's items.
PAGE_CONTENTS = 600
#: ``doctree-resolved``: long LaTeX tables given widths: after ``checks`` (500) has rendered the
#: pages generated from the registry, tables included.
PDF_LONG_TABLES = 900
