"""A book with its own currencies and units (facts/units.toml), and bindings of the wrong unit,
currency, kind or weekday."""

# `checks` is importable: tests/conftest.py puts the repository on sys.path.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "checks"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
myst_footnote_transition = False
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
checks_registry = "facts"
# Its bibliography lists entries no page cites (a fixture shared in shape with the other roots).
suppress_warnings = ["checks.uncited_source"]
