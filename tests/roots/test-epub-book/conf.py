"""A small book for the EPUB: a title page, notes, index entries, a chart with its description."""

# `sinosoviet` is importable: tests/conftest.py puts _ext/ on sys.path.
extensions = ["myst_parser", "sinosoviet.epub"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_footnote_transition = False
project = "A Small History, 1917–1991"
author = "The Small History contributors"
copyright = "2026, The Small History contributors"
version = release = "1"
epub_description = "A small history, for the tests."
epub_identifier = epub_uid = "small-history-0d4c3a"
epub_scheme = "uuid"
book_subjects = ["China -- Foreign relations -- Soviet Union", "Cold War"]
book_accessibility_summary = "The chart is described in its text alternative."
