"""The orders that matter between the book's transforms and handlers and those of Sphinx,
sphinx-book-theme, sphinxcontrib-bibtex and ``checks`` (``_ext/sinosoviet/priorities.py``), read
from what the book's own configuration registers in a real Sphinx application."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp

from book import ROOT


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sphinx]:
    """The book's application, set up from its conf.py and not built."""
    app = SphinxTestApp("html", srcdir=ROOT, builddir=tmp_path_factory.mktemp("priorities"),
                        status=io.StringIO(), warning=io.StringIO(), freshenv=True)
    yield app
    app.cleanup()


def _name(thing: object) -> str:
    thing = getattr(thing, "func", thing)  # a functools.partial: its function
    return f"{getattr(thing, '__module__', '')}.{getattr(thing, '__qualname__', repr(thing))}"


def transforms(app: Sphinx) -> dict[str, int]:
    """Every registered transform and post-transform (module.Class) and its priority."""
    registered = [*app.registry.get_transforms(), *app.registry.get_post_transforms()]
    return {_name(transform): transform.default_priority for transform in registered
            if transform.default_priority is not None}  # docutils' base class has none


def called(app: Sphinx, event: str) -> list[str]:
    """The handlers of ``event`` (module.function), in the order Sphinx calls them."""
    listeners = sorted(app.events.listeners[event], key=lambda listener: listener.priority)
    return [_name(listener.handler) for listener in listeners]


def assert_runs_in_order(app: Sphinx, *names: str) -> None:
    registered = transforms(app)
    missing = [name for name in names if name not in registered]
    assert not missing, f"not registered: {missing}"
    order = [(registered[name], name) for name in names]
    assert order == sorted(order) and len({p for p, _ in order}) == len(order), order


def assert_called_in_order(app: Sphinx, event: str, *names: str) -> None:
    handlers = called(app, event)
    missing = [name for name in names if name not in handlers]
    assert not missing, f"no {event} handler {missing}; registered: {handlers}"
    positions = [handlers.index(name) for name in names]
    assert positions == sorted(positions), handlers


def test_sidenote_repairs_run_around_the_themes_transform(app: Sphinx) -> None:
    assert_runs_in_order(
        app,
        "sinosoviet.theme.sidenotes.FoldFootnoteBlocks",
        "sphinx_book_theme._transforms.HandleFootnoteTransform",
        "sinosoviet.theme.sidenotes.RelinkParents",
        "sphinx.transforms.post_transforms.ReferencesResolver",
    )


def test_bibliography_repairs_run_after_bibtex_and_the_resolver(app: Sphinx) -> None:
    assert_runs_in_order(
        app,
        "sphinxcontrib.bibtex.transforms.BibliographyTransform",
        "sinosoviet.bibliography.entries.BibliographyEntries",
        "sinosoviet.bibliography.entries.LatexBibliography",
        "sphinx.transforms.post_transforms.ReferencesResolver",
        "sinosoviet.bibliography.entries.SingleFullStop",
        "sinosoviet.bibliography.entries.ProtectCitationLinks",
        "sphinx.builders.latex.transforms.BibliographyTransform",
    )


def test_chinese_is_marked_after_smart_quotes_and_the_checks_before_the_contents(
        app: Sphinx) -> None:
    assert_runs_in_order(app, "sphinx.transforms.SphinxSmartQuotes",
                         "sinosoviet.chinese.quotes.OpenQuotesAfterChinesePunctuation")
    assert_runs_in_order(app, "checks.domain.CollectFacts",
                         "sinosoviet.chinese.lang.MarkChineseInTitles",
                         "sphinx.transforms.DoctreeReadEvent")


def test_pages_are_marked_and_tables_sized_after_the_checks_render_facts(app: Sphinx) -> None:
    assert_called_in_order(app, "doctree-resolved", "checks.render.on_doctree_resolved",
                           "sinosoviet.chinese.lang.mark_document")
    assert_called_in_order(app, "doctree-resolved", "checks.render.on_doctree_resolved",
                           "sinosoviet.pdf.tables.break_long_tables")


def test_the_contents_move_after_the_theme_has_chosen_the_margins_items(app: Sphinx) -> None:
    assert_called_in_order(app, "html-page-context",
                           "pydata_sphinx_theme.utils.set_secondary_sidebar_items",
                           "sinosoviet.theme.contents._move_contents")


def test_print_transforms_run_between_sphinxs_latex_transforms(app: Sphinx) -> None:
    assert_runs_in_order(
        app,
        "sphinx.builders.latex.transforms.ShowUrlsTransform",
        "sinosoviet.pdf.links.ReadableIRIs",
        "sinosoviet.pdf.book.ChapterFootnotes",
        "sphinx.builders.latex.transforms.LaTeXFootnoteTransform",
        "sphinx.builders.latex.transforms.BibliographyTransform",
        "sinosoviet.pdf.book.BookStructure",
    )


def test_every_book_transform_takes_its_priority_from_the_one_module(app: Sphinx) -> None:
    """No bare number left in a package: each priority of ours is one of priorities.py's."""
    from sinosoviet import priorities

    named = {value for name, value in vars(priorities).items() if name.isupper()}
    ours = {name: priority for name, priority in transforms(app).items()
            if name.startswith("sinosoviet.")}
    assert len(ours) >= 12 and set(ours.values()) <= named, ours
    handlers = [listener for listeners in app.events.listeners.values() for listener in listeners
                if _name(listener.handler).startswith("sinosoviet.") and listener.priority != 500]
    assert all(listener.priority in named for listener in handlers), handlers



def test_every_checks_priority_comes_from_its_own_module(app: Sphinx) -> None:
    """The checks' orders are named in checks/priorities.py, and the renderer of facts and the
    places of the generated pages run at its RENDER, before the book marks Chinese text."""
    from checks import priorities as checks_priorities
    from sinosoviet import priorities

    named = {value for name, value in vars(checks_priorities).items() if name.isupper()}
    ours = {name: priority for name, priority in transforms(app).items()
            if name.startswith("checks.")}
    assert ours and set(ours.values()) <= named, ours
    handlers = [listener for listeners in app.events.listeners.values() for listener in listeners
                if _name(listener.handler).startswith("checks.") and listener.priority != 500]
    assert handlers and all(listener.priority in named for listener in handlers), handlers
    resolved = {_name(listener.handler): listener.priority
                for listener in app.events.listeners["doctree-resolved"]}
    assert resolved["checks.render.on_doctree_resolved"] == checks_priorities.RENDER
    assert resolved["checks.views.places.fill"] == checks_priorities.RENDER
    assert checks_priorities.RENDER < priorities.CHINESE_PAGES < priorities.PDF_LONG_TABLES
