"""A small book with the pages and figures generated from the registry (checks/views/)."""

# `checks` is importable: tests/conftest.py puts it on sys.path.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "checks"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
templates_path: list[str] = []
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
myst_footnote_transition = False
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
checks_registry = "facts"
nitpicky = True
numfig = True
# Its bibliography lists a work no chapter cites (further reading, `:all:`), on purpose.
suppress_warnings = ["checks.uncited_source"]
