"""The book's own Sphinx extensions, one package per concern, each with a ``setup()`` that
registers the whole concern (list the packages in conf.py's ``extensions``):

- :mod:`sinosoviet.bibliography`: the bibliography's style, entries and citations;
- :mod:`sinosoviet.chinese`: Chinese text marked with its language, quoted, searchable;
- :mod:`sinosoviet.theme`: repairs to sphinx-book-theme (sidenotes, lean pages);
- :mod:`sinosoviet.pdf`: the PDF's structure, print style, tables, links and log check;
- :mod:`sinosoviet.epub`: the EPUB's XHTML and reproducible archive.

Where their transforms and handlers run among Sphinx's and the theme's:
:mod:`sinosoviet.priorities`.
"""
