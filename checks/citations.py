"""Which bibliography entries the text cites, so the checks can tell an entry nothing cites.

A source counts as cited when a ``{cite}`` or ``{footcite}`` role names it, or when a fact or a
variant names it in its ``sources`` (:func:`checks.checker.check` adds those); an entry of the
bibliography that nothing names is a ``checks.uncited_source`` warning. The book's bibliography
page lists every entry (``:all:``), so the build itself must know which ones the book uses.

In a build, :class:`CitedKeys` keeps, per document, the keys sphinxcontrib-bibtex's roles read:
``{cite}`` from its domain's citation references, ``{footcite}`` from the keys it notes while the
document is read. ``python -m checks`` reads the same keys with :func:`role_keys`.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, Any

from sphinx.environment.collectors import EnvironmentCollector

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Where the environment keeps docname -> the keys that document cites (pickled with it).
_STORE = "checks_cited_keys"
#: What sphinxcontrib-bibtex notes of a document's ``{footcite}`` keys while reading it.
_FOOTCITED = ("bibtex_foot_old_refs", "bibtex_foot_new_refs")


def _store(env: BuildEnvironment) -> dict[str, frozenset[str]]:
    store = getattr(env, _STORE, None)
    if store is None:
        store = {}
        setattr(env, _STORE, store)
    return store


def role_keys(role: str, text: str) -> list[str]:
    """The keys a ``{cite}`` or ``{footcite}`` role names (its text as written)."""
    if role.startswith("footcite"):
        return [key.strip() for key in text.split(",") if key.strip()]
    from sphinxcontrib.bibtex.citation_target import parse_citation_targets

    try:
        return [target.key for target in parse_citation_targets(text)]
    except ValueError:  # sphinxcontrib-bibtex reports a malformed target itself
        return []


class CitedKeys(EnvironmentCollector):
    """Per document, the bibliography keys its roles cite."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _store(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str],
                    other: BuildEnvironment) -> None:
        theirs = _store(other)
        for docname in docnames:
            if docname in theirs:
                _store(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.current_document.docname
        keys: set[str] = set()
        cite: Any = env.domains.get("cite")  # None without sphinxcontrib-bibtex
        for ref in getattr(cite, "citation_refs", ()):
            if ref.docname == docname:
                keys.update(target.key for target in ref.targets)
        for name in _FOOTCITED:
            keys.update(env.current_document.get(name) or ())
        _store(env)[docname] = frozenset(keys)


def cited(env: BuildEnvironment) -> set[str]:
    """Every key the documents of this build cite."""
    found: set[str] = set()
    for keys in _store(env).values():
        found |= keys
    return found
