extensions = ["myst_parser", "sinosoviet.theme"]  # _ext/ is on sys.path (tests/conftest.py)
html_theme = "sphinx_book_theme"
html_theme_options = {"use_sidenotes": True}
nitpicky = True
