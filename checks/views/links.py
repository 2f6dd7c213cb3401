"""The links to the places where the chapters bind each fact, as a page listing places shows
them ("§5.2", the section's title on hover), and a digest of them all (to find when such a page
must be written again)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, NamedTuple

from .record import PageView, Place, generated_pages

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.environment import BuildEnvironment


class Link(NamedTuple):
    """One link of a fact's places: to ``docname#anchor``, shown as ``text``, ``title`` on hover."""

    docname: str
    anchor: str
    text: str
    title: str


def links(env: BuildEnvironment, views: Mapping[str, PageView]) -> dict[str, list[Link]]:
    """fact id -> the links to the sections binding it, in document order (documents sorted);
    one per section, none to the pages listing places or to the root document."""
    generated = set(generated_pages(views, "places"))
    found: dict[str, list[Link]] = {}
    seen: set[tuple[str, str, str]] = set()
    for docname in sorted(views):
        if docname in generated or docname == env.config.root_doc:
            continue
        for place in views[docname].places:
            if (place.fact_id, docname, place.section) in seen:
                continue
            seen.add((place.fact_id, docname, place.section))
            text, title = _label(env, docname, place)
            found.setdefault(place.fact_id, []).append(Link(docname, place.anchor, text, title))
    return found


def links_digest(env: BuildEnvironment, views: Mapping[str, PageView]) -> str:
    """A digest of every link a page listing places may show: it changes when one would."""
    shown = sorted(links(env, views).items())
    return hashlib.blake2b(repr(shown).encode(), digest_size=12).hexdigest()


def _label(env: BuildEnvironment, docname: str, place: Place) -> tuple[str, str]:
    """"§5.2" (title on hover) in a numbered chapter; the document's title elsewhere."""
    numbers = env.toc_secnumbers.get(docname, {}).get(place.section)
    doc_title = env.titles[docname].astext() if docname in env.titles else docname
    if numbers:
        return "§" + ".".join(map(str, numbers)), place.title or doc_title
    if place.section:
        return f"{doc_title}: {place.title}", place.title
    return doc_title, doc_title
