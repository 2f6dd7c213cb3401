"""Property-based tests: the parsers never crash, and writing a value then reading it back
gives the value again, in both notations."""

from __future__ import annotations

import calendar
import contextlib
from decimal import Decimal

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from checks.match import FactIndex, match, unbound_problem
from checks.model import DateValue, Figure, Location, NotationError
from checks.notation import format_figure, format_value, parse
from checks.relations import ExpressionError, evaluate, parse_expression
from checks.scan import scan, scan_all
from checks.units import builtin_units
from core_facts import date_fact, number_fact

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

#: Text that looks like the book: digits, Chinese numerals and units, month names, currency
#: signs, punctuation, and any other character.
PIECES = st.sampled_from([
    "1", "9", "0", "12", "1949", "1,390", "4.45", ",", ".", "/", "-", "–", " ", "\n",
    "年", "月", "日", "亿", "万", "千", "百", "十", "一", "两", "零", "〇", "多", "余", "近", "约",
    "第", "页", "美元", "卢布", "新卢布", "旧卢布", "元", "架", "名", "人", "个月", "个师",
    "%", "％", "$", "US$",
    "£", "December", "Dec.", "May", "February", " million", " billion", " roubles", " dollars",
    " experts", " months", " years", "about ", "more than ", "between ", " and ", " to ", "p. ",
    "Article ", "thirty", "two", "a thousand", "-year", " per cent", " a year", "合", "等于", "１",
    "２", "至", "左右", "以上",
])
BOOKISH = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=30).map("".join)
ANY_TEXT = st.one_of(st.text(), BOOKISH)


@SETTINGS
@given(ANY_TEXT)
@example("1950年2月30日")
@example("02/03/1950")
@example("9" * 400)
@example("1,0,0,0")
@example("亿亿亿亿亿亿亿亿亿亿亿亿")
def test_scan_never_raises_and_returns_sorted_spans(text: str) -> None:
    last = 0
    for finding in scan_all(text, weak=True):
        assert last <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert (finding.value is None) == (finding.error is not None)
        last = finding.end
    scan(text)


@SETTINGS
@given(ANY_TEXT, st.sampled_from([None, "date", "money", "count", "quantity", "duration",
                                  "rate"]))
def test_parse_raises_only_notation_error(text: str, kind) -> None:
    outcome: DateValue | Figure | NotationError
    try:
        outcome = parse(text, kind)
    except NotationError as error:
        outcome = error
    if isinstance(outcome, NotationError):
        assert str(outcome)  # a message to show, never an empty one
    else:
        assert isinstance(outcome, (DateValue, Figure))


@SETTINGS
@given(ANY_TEXT)
def test_match_never_raises(text: str) -> None:
    for fact in (date_fact("d", 1950, 2, 14), number_fact("m", "money", 300_000_000,
                                                          currency="USD")):
        match(text, fact, Location("x.md", 1))
    index = FactIndex([date_fact("d", 1950, 2, 14)])
    for finding in scan(text):
        unbound_problem(finding, None, index)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
@example("__import__('os').system('true') = 1")
@example("a = (((((b")
def test_expressions_raise_only_expression_error(text: str) -> None:
    try:
        tree = parse_expression(text)
    except ExpressionError:
        return
    with contextlib.suppress(ExpressionError, KeyError):
        evaluate(tree.left, {})


# -- round trips -----------------------------------------------------------------------------

@st.composite
def dates(draw) -> DateValue:
    year = draw(st.integers(1000, 2099))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return DateValue(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return DateValue(year, month)
    return DateValue(year, month, draw(st.integers(1, calendar.monthrange(year, month)[1])))


@SETTINGS
@given(dates(), st.sampled_from(["en", "zh"]))
def test_dates_round_trip(value: DateValue, notation: str) -> None:
    fact = date_fact("d", value.year, value.month, value.day)
    written = format_value(fact, notation)
    assert parse(written, "date") == value
    assert match(written, fact) is None


#: Amounts as the sources write them: a few significant digits, at any scale.
AMOUNTS = st.builds(lambda digits, exponent: Decimal(digits).scaleb(exponent),
                    st.integers(1, 99_999), st.integers(-2, 7))


@SETTINGS
@given(AMOUNTS, st.sampled_from(builtin_units().codes),
       st.sampled_from(["exact", "approx", "at-least", "at-most"]), st.sampled_from(["en", "zh"]))
def test_money_round_trips(amount: Decimal, currency: str, precision: str,
                           notation: str) -> None:
    fact = number_fact("m", "money", amount, currency=currency, precision=precision)
    written = format_value(fact, notation)
    back = parse(written, "money")
    assert back == fact.value, written
    assert match(written, fact) is None


@SETTINGS
@given(st.integers(1, 10**9), st.sampled_from([("expert", "名"), ("aircraft", "架"),
                                              ("division", "个师"), ("person", "人")]),
       st.sampled_from(["en", "zh"]))
def test_counts_round_trip(count: int, units, notation: str) -> None:
    unit, unit_zh = units
    fact = number_fact("c", "count", count, unit=unit, unit_zh=unit_zh)
    written = format_value(fact, notation)
    back = parse(written, "count")
    assert isinstance(back, Figure), written
    assert back.value == count and back.precision == "exact", written
    assert match(written, fact) is None


@SETTINGS
@given(st.integers(1, 10_000), st.integers(0, 10_000), st.sampled_from(["en", "zh"]))
def test_ranges_round_trip(low: int, width: int, notation: str) -> None:
    fact = number_fact("r", "count", low, unit="expert", unit_zh="名", precision="range",
                       high=low + width)
    written = format_value(fact, notation)
    back = parse(written, "count")
    assert isinstance(back, Figure), written
    assert (back.value, back.high, back.precision) == (low, low + width, "range"), written


@SETTINGS
@given(st.integers(1, 500), st.sampled_from(["day", "week", "month", "year"]),
       st.sampled_from(["en", "zh"]))
def test_durations_round_trip(length: int, unit: str, notation: str) -> None:
    fact = number_fact("t", "duration", length, unit=unit)
    written = format_value(fact, notation)
    assert parse(written, "duration") == fact.value, written


@SETTINGS
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2),
       st.sampled_from(["percent", "tonne", "km"]), st.sampled_from(["en", "zh"]))
def test_quantities_round_trip(value: Decimal, unit: str, notation: str) -> None:
    assume(value > 0)
    fact = number_fact("q", "quantity", value, unit=unit)
    written = format_value(fact, notation)
    back = parse(written, "quantity")
    assert isinstance(back, Figure) and back.value == value, written


@SETTINGS
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2),
       st.sampled_from(["percent/year", "SUR/USD", "SUR/SUR61", "CNY/USD"]),
       st.sampled_from(["en", "zh"]))
def test_rates_round_trip(value: Decimal, unit: str, notation: str) -> None:
    assume(value > 0)
    fact = number_fact("q", "rate", value, unit=unit)
    written = format_value(fact, notation)
    assert parse(written, "rate") == fact.value, written


@SETTINGS
@given(AMOUNTS, st.sampled_from(builtin_units().codes))
def test_scanner_finds_what_format_writes(amount: Decimal, currency: str) -> None:
    figure = Figure(amount, "exact", currency)
    for notation, prose in (("en", "The loan came to {} in all."), ("zh", "贷款共{}。")):
        written = format_figure(figure, notation)
        found = scan(prose.format(written))
        assert [f.text for f in found] == [written]
        assert found[0].value == figure
