"""Cards, tabs, dropdowns, a glossary, a figure caption: where the CLI stands in for Sphinx."""

# `checks` is importable: tests/conftest.py puts the repository on sys.path.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_design", "checks"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
myst_substitutions = {"signed": "signed on 14 February 1950"}
bibtex_bibfiles = ["references.bib"]
checks_registry = "facts"
suppress_warnings = ["checks.unused_fact", "checks.uncited_source"]  # a small test book
