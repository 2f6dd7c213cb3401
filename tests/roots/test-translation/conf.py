"""A tiny book with a Chinese catalogue written by hand: the tests build it with
``language = "zh_CN"`` and read the parity warnings at the catalogue's lines."""

extensions = ["myst_parser", "sphinxcontrib.bibtex", "checks"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
bibtex_bibfiles = ["references.bib"]
checks_registry = "facts"
locale_dirs = ["locales"]
gettext_compact = False
