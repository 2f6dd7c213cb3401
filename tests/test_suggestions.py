"""Suggestions for unbound figures: ranked by kind and unit, and never a binding the checks
would then reject (property tests over generated registries and figures)."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.match import FactIndex, match, unbound_problem
from checks.model import Figure, Location, Subtype
from checks.notation import format_figure
from checks.scan import scan
from core_facts import number_fact

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

#: (kind, currency, unit, unit_zh): the shapes a registered number takes.
SHAPES = [
    ("duration", None, "day", None), ("duration", None, "week", None),
    ("duration", None, "month", None), ("duration", None, "year", None),
    ("count", None, "expert", "名"), ("count", None, "project", "项"),
    ("count", None, "loan", "笔"), ("money", "USD", None, None), ("money", "SUR", None, None),
    ("money", "SUR61", None, None), ("money", "CNY", None, None),
    ("quantity", None, "percent", None), ("quantity", None, "tonne", None),
    ("rate", None, "SUR/USD", None),
]
#: Few numbers, so that facts of different kinds share them.
NUMBERS = st.sampled_from([2, 5, 8, 12, 30, 63, 1390, 20_000, 300_000_000, 1_200_000_000])
PRECISIONS = st.sampled_from(["exact", "approx", "at-least"])


@st.composite
def facts(draw, index: int):
    kind, currency, unit, unit_zh = draw(st.sampled_from(SHAPES))
    variants = tuple(draw(st.lists(NUMBERS, max_size=1)))
    return number_fact(f"fact-{index}", kind, draw(NUMBERS), currency=currency, unit=unit,
                       unit_zh=unit_zh, precision=draw(PRECISIONS), variants=variants)


REGISTRIES = st.integers(1, 8).flatmap(
    lambda n: st.tuples(*(facts(i) for i in range(n))).map(list))


@st.composite
def written(draw) -> str:
    """A figure as an author writes it: any shape, number and precision, in either notation."""
    _, currency, unit, unit_zh = draw(st.sampled_from(SHAPES))
    figure = Figure(Decimal(draw(NUMBERS)), draw(PRECISIONS), currency, unit)
    notation = draw(st.sampled_from(["en", "zh"]))
    return format_figure(figure, notation, unit_zh)


#: ``{fact}`words <id>``` in a hint.
_PROPOSED = re.compile(r"\{fact\}`(?P<words>[^`<]*?) <(?P<id>[a-z0-9-]+)>`")


@SETTINGS
@given(REGISTRIES, written())
def test_no_suggestion_is_a_binding_the_checks_reject(registry, text: str) -> None:
    index = FactIndex(registry)
    by_id = {fact.id: fact for fact in registry}
    for finding in scan(text):
        problem = unbound_problem(finding, Location("chapters/x.md", 3), index)
        for proposal in _PROPOSED.finditer(problem.message):
            if proposal["id"] == "new-fact-id":
                continue
            fact = by_id[proposal["id"]]
            rejected = match(proposal["words"], fact)
            assert rejected is None, (problem.message, rejected and rejected.message)
        suggested = index.suggest(finding)
        if suggested is not None:  # the fact named is one the words can state
            bound = match(finding.text, suggested)
            assert bound is None or bound.subtype == Subtype.CONTRADICTION, bound.message


def test_a_unit_that_fits_is_ranked_before_a_bare_kind() -> None:
    """ "8 months" is the duration, never the count or the sum that also hold 8."""
    index = FactIndex([
        number_fact("projects", "count", 8, unit="project"),
        number_fact("sum", "money", 8, currency="USD"),
        number_fact("delay", "duration", 8, unit="month"),
    ])
    (finding,) = scan("for 8 months")
    problem = unbound_problem(finding, None, index)
    assert problem.fact_id == "delay"
    assert "{fact}`8 months <delay>`" in problem.message


def test_no_fact_of_the_unit_gives_no_binding() -> None:
    """The treaty's term is five years; "five years" is no count of projects, nor "5 experts"
    a term."""
    index = FactIndex([number_fact("projects", "count", 5, unit="project"),
                       number_fact("term", "duration", 5, unit="year")])
    (experts,) = scan("5 experts")
    assert (suggested := index.suggest(experts)) and suggested.id == "projects"
    (years,) = scan("five years")
    assert (suggested := index.suggest(years)) and suggested.id == "term"
    index = FactIndex([number_fact("term", "duration", 5, unit="year")])
    problem = unbound_problem(experts, None, index)
    assert problem.fact_id is None and "register it in facts/" in problem.message
