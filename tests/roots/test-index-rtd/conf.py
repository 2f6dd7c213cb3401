"""A small book for the Read the Docs test (tests/test_readthedocs.py): the real book's PDF set-up
(XeLaTeX, xeCJK, the print style, xindy), a chapter with index marks."""

import os
import sys

sys.path.insert(0, os.path.abspath("_ext"))  # a link to the repository's _ext, made by the test

project = "Index test"
author = "The test"
extensions = ["myst_parser", "sinosoviet.pdf"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_ext", "_readthedocs"]
latex_engine = "xelatex"
latex_use_xindy = True
latex_documents = [("index", "index-test.tex", project, author, "manual")]
latex_elements = {
    "preamble": r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\usepackage{sinosoviet}
""",
    "fncychap": "",
    "maketitle": "",
    "tableofcontents": "",
}
