"""Where the checks' transforms and event handlers run, and why: the orders that matter.

Sphinx runs transforms (``default_priority``) and the handlers of one event (``app.connect(...,
priority=...)``) in ascending order. Each number here is placed against a number of Sphinx's, named
beside it. The book's other extensions place themselves against these in
``_ext/sinosoviet/priorities.py`` (``checks`` imports nothing from ``_ext``).
"""

from __future__ import annotations

#: ``CollectFacts`` (a read transform) records what a document says as MyST-Parser produced it:
#: before Sphinx's ``DefaultSubstitutions`` (210) and ``SphinxSmartQuotes`` (750) rewrite its text,
#: so that the build and ``python -m checks`` (which runs no transform) scan the same characters.
COLLECT = 200
#: ``doctree-resolved``: ``{fact}`` roles rendered with their words and provenance, and the places
#: where chapters bind a fact filled into the generated pages (the two touch different nodes, so
#: they need no order between them). Sphinx's default; the book marks Chinese text (800) and sizes
#: LaTeX tables (900) after it.
RENDER = 500
#: ``builder-inited`` and ``env-updated``: the record of the warnings of a failed build
#: (:mod:`checks.rerun`) starts before any other handler can warn.
WARNINGS_FIRST = 1
#: ``env-updated`` and ``build-finished``: that record is saved after every other handler has
#: warned (the checks' own warnings come at Sphinx's default, 500).
WARNINGS_SAVE = 1000
#: ``TranslatedNotation`` (a read transform): the ``{fact}`` roles of a translated message show
#: their value in the translation's notation. After Sphinx's ``Locale`` (20), which puts the
#: translation in, and after ``CollectFacts``, which sets a chapter's own notation on its roles.
TRANSLATED_NOTATION = COLLECT + 1
