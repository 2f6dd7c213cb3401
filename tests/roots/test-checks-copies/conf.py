"""A book that copies from sources it must not reproduce, quotes them briefly, and adapts a free one."""

extensions = ["myst_parser", "sphinxcontrib.bibtex", "checks"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "documents"]
myst_enable_extensions = ["colon_fence"]
myst_footnote_transition = False
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
checks_registry = "facts"
