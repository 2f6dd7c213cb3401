"""Every place a reader sees text: each holds an unbound date (and, where a role can stand, a
contradicting bound one); the places a reader does not see hold dates that must not be read."""

# `checks` is importable: tests/conftest.py puts the repository on sys.path.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx_design", "checks"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
myst_substitutions = {"treaty": "the treaty of 14 February 1950"}
bibtex_bibfiles = ["references.bib"]
checks_registry = "facts"
# Its bibliography lists an entry no page cites ("commentary"): the {bibliography} does not show it,
# so the dates it holds are a place a reader does not see.
suppress_warnings = ["checks.unused_fact", "checks.uncited_source"]
