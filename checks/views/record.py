"""What the checks keep about the generated pages of one document (pure data, no Sphinx).

A document's :class:`PageView` says what it takes from the registry beyond the values it shows
(those are :class:`~checks.collect.Mention` s of its record, marked ``generated``): which kinds of
generated content it holds, which listings of facts (every dated fact, every fact whose sources
differ), which relations, which charts; and where it binds facts (its :class:`Place` s), for the
pages that link to them. The ``checks`` domain keeps one per document, so that after a registry
change only the pages that show or list a changed fact are read again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

from ..model import DateValue, Fact, Relation, Value


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """Where a chapter binds a fact: the target before the ``{fact}``, and its section."""

    fact_id: str
    anchor: str  #: the target's id in the document
    section: str  #: the section's anchor ("#…") for env.toc_secnumbers; "" = the document's title
    title: str  #: the section's title
    variant: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Chart:
    """A chart a page shows: its kind and the data it is drawn from (JSON)."""

    kind: str
    data: str


@dataclasses.dataclass(frozen=True, slots=True)
class PageView:
    """What one document holds of the generated pages, and where it binds facts."""

    kinds: frozenset[str] = frozenset()  #: "places", "discrepancies", "figure", "table"
    listings: frozenset[str] = frozenset()  #: names in :data:`LISTINGS`
    relations: frozenset[str] = frozenset()  #: ids of the relations it writes out
    charts: tuple[Chart, ...] = ()
    places: tuple[Place, ...] = ()
    labels: frozenset[str] = frozenset()  #: ids of the facts whose registry label a chart draws

    def adding(self, *, kind: str | None = None, listing: str | None = None,
               relations: Iterable[str] = (), chart: Chart | None = None,
               labels: Iterable[str] = ()) -> PageView:
        return dataclasses.replace(
            self,
            kinds=self.kinds | ({kind} if kind else set()),
            listings=self.listings | ({listing} if listing else set()),
            relations=self.relations | set(relations),
            charts=self.charts + ((chart,) if chart else ()),
            labels=self.labels | set(labels),
        )


def generated_pages(views: Mapping[str, PageView], kind: str | None = None) -> list[str]:
    """The documents holding generated content (of ``kind``), sorted."""
    return sorted(d for d, view in views.items()
                  if view.kinds and (kind is None or kind in view.kinds))


def is_dated(fact: Fact) -> bool:
    """A fact the chronology lists: a date with a year."""
    return isinstance(fact.value, DateValue) and fact.value.year is not None


def is_discrepant(fact: Fact) -> bool:
    """A fact the discrepancies list: one with variants, or disputed."""
    return bool(fact.variants) or fact.disputed


#: The listings a generated page can hold: which facts each lists.
LISTINGS: dict[str, Callable[[Fact], bool]] = {"dated": is_dated, "discrepant": is_discrepant}


def date_key(value: Value) -> tuple[int, int, int]:
    """Chronological order respecting precision: "December 1949" sorts at the start of its month,
    "1949" at the start of its year, before the days in them. Only dates are sorted so."""
    assert isinstance(value, DateValue), value
    return (value.year or 0, value.month or 0, value.day or 0)


def chronological(facts: Iterable[Fact]) -> list[Fact]:
    """The dated facts in the chronology's order: by date, then label (which a change of a label
    alone can reorder: :func:`listing_orders`), then id."""
    return sorted((f for f in facts if is_dated(f)),
                  key=lambda f: (date_key(f.value), f.label, f.id))


def listing_orders(facts: Iterable[Fact]) -> dict[str, str]:
    """Listing name -> the order of the facts it lists, where labels take part in it (a page
    showing a label only fills it in when written; a new order must be read)."""
    return {"dated": " ".join(f.id for f in chronological(facts))}


def relation_digest(relation: Relation) -> str:
    """What a table shows of a relation (its kind and terms), to find pages to read again."""
    return repr((relation.kind, sorted(relation.data.items())))
