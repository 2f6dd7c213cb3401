"""The relation evaluator: the expression language, and sums, equations, durations, order."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checks.model import Subtype
from checks.relations import (
    ExpressionError,
    check_relations,
    evaluate,
    parse_expression,
    references,
)
from core_facts import registry_from

VALUES = {"loan-1950-usd": Decimal(300_000_000), "rate-sur-usd-1950": Decimal(4),
          "loan-1950-sur": Decimal(1_200_000_000), "a": Decimal(10), "b": Decimal(4),
          "x2": Decimal(2)}


@pytest.mark.parametrize(("expr", "left", "right"), [
    ("loan-1950-sur = loan-1950-usd * rate-sur-usd-1950", 1_200_000_000, 1_200_000_000),
    ("a == b + 6", 10, 10),
    ("a - b = 6", 6, 6),
    ("a = (b + 1) * 2", 10, 10),
    ("a = b + 1 * 2", 10, 6),
    ("a / b = 2.5", Decimal("2.5"), Decimal("2.5")),
    ("-a + 20 = a", 10, 10),
    ("a = 1_000 / 100", 10, 10),
    ("a = 1e1", 10, 10),
    ("a - b - x2 = 4", 4, 4),
    ("a / b / x2 = 1.25", Decimal("1.25"), Decimal("1.25")),
    ("a<=b", 10, 4),
])
def test_parses_and_evaluates(expr: str, left, right) -> None:
    tree = parse_expression(expr)
    assert evaluate(tree.left, VALUES) == Decimal(left)
    assert evaluate(tree.right, VALUES) == Decimal(right)


def test_references_in_order() -> None:
    tree = parse_expression("loan-1950-sur = loan-1950-usd * rate-sur-usd-1950 + loan-1950-usd")
    assert references(tree) == ["loan-1950-sur", "loan-1950-usd", "rate-sur-usd-1950"]


@pytest.mark.parametrize(("expr", "reason"), [
    ("__import__('os').system('rm -rf /') = 1", "unexpected '_'"),
    ("a = b.__class__", "unexpected '.'"),
    ("a = eval('1')", "unexpected"),
    ("a = b; import os", "unexpected ';'"),
    ("a = lambda: 1", "unexpected ':'"),
    ("a = [b]", "unexpected '\\['"),
    ("a = b ** 2", "unexpected '\\*'"),
    ("a = 3-2", "binary minus needs spaces"),
    ("a = b", None),
    ("a + b", "one comparison"),
    ("a = b = c", "unexpected '='"),
    ("a = (b + 1", "ends too early|expected '\\)'"),
    ("a = b +", "ends too early"),
    ("", "empty"),
    ("A = b", "unexpected 'A'"),
    ("a = b # comment", "unexpected '#'"),
])
def test_rejects_anything_but_the_whitelist(expr: str, reason) -> None:
    if reason is None:
        parse_expression(expr)
        return
    with pytest.raises(ExpressionError, match=reason):
        parse_expression(expr)


def test_division_by_zero_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError, match="division by zero"):
        evaluate(parse_expression("a = b / 0").right, VALUES)


# -- relations over a registry ---------------------------------------------------------------

FACTS = '''
[[fact]]
id = "mao-leaves-beijing"
kind = "date"
value = 1949-12-06
label = "Mao leaves Beijing"
sources = ["src"]

[[fact]]
id = "mao-arrives-moscow"
kind = "date"
value = 1949-12-16
label = "Mao arrives in Moscow"
sources = ["src"]

[[fact]]
id = "treaty-signed"
kind = "date"
value = 1950-02-14
label = "Treaty signed"
sources = ["src"]

[[fact]]
id = "mao-leaves-moscow"
kind = "date"
value = 1950-02-17
label = "Mao leaves Moscow"
sources = ["src"]

[[fact]]
id = "mao-returns-beijing"
kind = "date"
value = 1950-03-04
label = "Mao back in Beijing"
sources = ["src"]

[[fact]]
id = "journey-month"
kind = "date"
value = "1949-12"
label = "The journey began"
sources = ["src"]

[[fact]]
id = "visit-duration"
kind = "duration"
value = 2
unit = "month"
label = "Visit length"
sources = ["src"]

[[fact]]
id = "trip-days"
kind = "duration"
value = 89
unit = "day"
label = "Trip in days"
sources = ["src"]

[[fact]]
id = "loan-1950-usd"
kind = "money"
value = 300_000_000
currency = "USD"
label = "Loan in dollars"
sources = ["src"]

[[fact]]
id = "loan-1950-sur"
kind = "money"
value = 1_200_000_000
currency = "SUR"
label = "Loan in roubles"
sources = ["src"]

[[fact]]
id = "rate-sur-usd-1950"
kind = "rate"
value = 4
unit = "SUR/USD"
label = "Rouble rate"
sources = ["src"]

[[fact]]
id = "loans-total"
kind = "money"
value = 5_676_000_000
currency = "SUR"
label = "All 1950s loans"
sources = ["src"]

[[fact]]
id = "loans-econ"
kind = "money"
value = 1_250_000_000
currency = "SUR"
label = "Economic loans"
sources = ["src"]

[[fact]]
id = "loans-korea"
kind = "money"
value = 4_400_000_000
currency = "SUR"
label = "Korean War loans"
sources = ["src"]

[[fact]]
id = "loans-stores"
kind = "money"
value = 723_000_000
currency = "SUR"
label = "Stores"
sources = ["src"]

[[fact]]
id = "loans-companies"
kind = "money"
value = 278_000_000
currency = "SUR"
label = "Joint companies"
sources = ["src"]

[[fact]]
id = "experts"
kind = "count"
value = 1390
unit = "expert"
label = "Experts"
sources = ["src"]

[[fact]]
id = "workers"
kind = "count"
value = [10, 20]
precision = "range"
unit = "worker"
label = "Workers"
sources = ["src"]
'''


def check(tmp_path: Path, relations: str):
    registry, problems = registry_from(tmp_path, FACTS + relations)
    assert problems == []
    found = check_relations(registry)
    return [(p.subtype, p.location and p.location.line, p.fact_id) for p in found], found


def line_of(text: str, needle: str) -> int:
    return (FACTS + text).lstrip("\n").splitlines().index(needle) + 1


GOOD = '''
[[relation]]
id = "loan-1950-conversion"
kind = "equation"
expr = "loan-1950-sur = loan-1950-usd * rate-sur-usd-1950"

[[relation]]
id = "visit-length"
kind = "duration"
start = "mao-arrives-moscow"
end = "mao-leaves-moscow"
duration = "visit-duration"
counting = "exclusive"

[[relation]]
id = "trip-length"
kind = "duration"
start = "mao-leaves-beijing"
end = "mao-returns-beijing"
duration = "trip-days"
counting = "inclusive"

[[relation]]
id = "visit-months"
kind = "duration"
start = "journey-month"
end = "treaty-signed"
duration = "visit-duration"
counting = "months"

[[relation]]
id = "visit-order"
kind = "order"
chain = ["journey-month", "mao-leaves-beijing", "mao-arrives-moscow", "treaty-signed",
         "mao-leaves-moscow", "mao-returns-beijing"]

[[relation]]
id = "experts-bound"
kind = "equation"
expr = "experts < 2000"
'''


def test_relations_that_hold(tmp_path: Path) -> None:
    found, _ = check(tmp_path, GOOD)
    assert found == []


def test_failing_sum_names_expected_and_found(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "loans-sum"
kind = "sum"
total = "loans-total"
parts = ["loans-econ", "loans-korea", "loans-stores", "loans-companies"]
'''
    found, problems = check(tmp_path, text)
    assert found == [(Subtype.RELATION_FAILED, line_of(text, 'id = "loans-sum"') - 1,
                      "loans-sum")]
    message = problems[0].message
    assert "6,651,000,000" in message and "5,676,000,000" in message
    assert "loans-total" in message


def test_sum_within_tolerance(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "loans-sum"
kind = "sum"
total = "loans-total"
parts = ["loans-econ", "loans-korea", "loans-stores", "loans-companies"]
tolerance = 0.2
'''
    assert check(tmp_path, text)[0] == []


def test_failing_equation_at_its_expr_line(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "conversion"
kind = "equation"
expr = "loan-1950-sur = loan-1950-usd * 4.5"
'''
    found, problems = check(tmp_path, text)
    assert found == [(Subtype.RELATION_FAILED, line_of(text, 'expr = "loan-1950-sur = '
                                                             'loan-1950-usd * 4.5"'),
                      "conversion")]
    assert "1,200,000,000" in problems[0].message and "1,350,000,000" in problems[0].message


def test_equation_tolerance_is_relative(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "conversion"
kind = "equation"
expr = "loan-1950-sur = loan-1950-usd * 4.01"
tolerance = 0.005
'''
    assert check(tmp_path, text)[0] == []


def test_malicious_expression_is_a_clean_syntax_problem(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "evil"
kind = "equation"
expr = "__import__('os').system('touch /tmp/pwned') = 1"
'''
    found, _problems = check(tmp_path, text)
    assert [f[0] for f in found] == [Subtype.RELATION_SYNTAX]
    assert not Path("/tmp/pwned").exists()


@pytest.mark.parametrize(("relation", "subtype", "needle"), [
    ('kind = "equation"\nexpr = "loan-1950-sur = nope * 2"', Subtype.RELATION_UNKNOWN_FACT,
     "'nope' is not a registered fact"),
    ('kind = "sum"\ntotal = "loans-total"\nparts = ["loans-econ", "missing"]',
     Subtype.RELATION_UNKNOWN_FACT, "'missing'"),
    ('kind = "order"\nchain = ["treaty-signed", "r"]', Subtype.RELATION_CYCLE,
     "refers to itself"),
    ('kind = "equation"\nexpr = "treaty-signed = 1"', Subtype.RELATION_KIND, "date fact"),
    ('kind = "equation"\nexpr = "workers = 15"', Subtype.RELATION_KIND, "range"),
    ('kind = "sum"\ntotal = "loans-total"\nparts = ["loan-1950-usd"]', Subtype.RELATION_KIND,
     "USD"),
    ('kind = "duration"\nstart = "loan-1950-usd"\nend = "treaty-signed"\n'
     'duration = "visit-duration"', Subtype.RELATION_KIND, "not a date"),
    ('kind = "duration"\nstart = "mao-arrives-moscow"\nend = "treaty-signed"\n'
     'duration = "experts"', Subtype.RELATION_KIND, "not a duration"),
    ('kind = "duration"\nstart = "mao-arrives-moscow"\nend = "treaty-signed"\n'
     'duration = "trip-days"\ncounting = "months"', Subtype.RELATION_KIND, "counting"),
    ('kind = "order"\nchain = ["treaty-signed", "experts"]', Subtype.RELATION_KIND,
     "not a date"),
    ('kind = "sum"\ntotal = "loans-total"\nparts = ["loans-econ", "loans-total"]',
     Subtype.RELATION_CYCLE, "also one of its parts"),
    ('kind = "equation"\nexpr = "loans-total = loans-total * 1"', Subtype.RELATION_CYCLE,
     "in terms of itself"),
    ('kind = "equation"\nexpr = "loans-total = loans-econ / 0"', Subtype.RELATION_FAILED,
     "division by zero"),
])
def test_bad_relations_are_one_clean_problem(tmp_path: Path, relation: str, subtype,
                                             needle: str) -> None:
    text = f'\n[[relation]]\nid = "r"\n{relation}\n'
    found, problems = check(tmp_path, text)
    assert [f[0] for f in found] == [subtype]
    assert needle in problems[0].message
    assert problems[0].location.line >= line_of(text, "[[relation]]")


def test_relation_naming_another_relation(tmp_path: Path) -> None:
    text = GOOD + ('\n[[relation]]\nid = "r"\nkind = "order"\n'
                   'chain = ["treaty-signed", "visit-order"]\n')
    found, problems = check(tmp_path, text)
    assert [f[0] for f in found] == [Subtype.RELATION_UNKNOWN_FACT]
    assert "is a relation, not a fact" in problems[0].message


@pytest.mark.parametrize(("start", "end", "duration", "counting", "ok"), [
    ("mao-arrives-moscow", "mao-leaves-moscow", "visit-duration", "exclusive", True),
    ("mao-leaves-beijing", "mao-returns-beijing", "visit-duration", "exclusive", True),
    ("mao-leaves-beijing", "mao-returns-beijing", "trip-days", "inclusive", True),
    ("mao-leaves-beijing", "mao-returns-beijing", "trip-days", "exclusive", False),
    ("mao-arrives-moscow", "treaty-signed", "visit-duration", "exclusive", False),  # 1 month 29d
    ("mao-arrives-moscow", "treaty-signed", "visit-duration", "months", True),  # Dec -> Feb
    ("journey-month", "treaty-signed", "visit-duration", "months", True),
    ("journey-month", "mao-leaves-moscow", "visit-duration", "exclusive", True),  # 1m17d..2m17d
    ("mao-leaves-moscow", "mao-arrives-moscow", "visit-duration", "exclusive", False),
])
def test_durations(tmp_path: Path, start, end, duration, counting, ok: bool) -> None:
    text = (f'\n[[relation]]\nid = "d"\nkind = "duration"\nstart = "{start}"\nend = "{end}"\n'
            f'duration = "{duration}"\ncounting = "{counting}"\n')
    found, problems = check(tmp_path, text)
    assert (found == []) == ok, [p.message for p in problems]
    if not ok:
        assert found[0][0] == Subtype.RELATION_FAILED
        assert start in problems[0].message and duration in problems[0].message


def test_approximate_duration_rounds(tmp_path: Path) -> None:
    text = FACTS.replace('value = 2\nunit = "month"', 'value = 3\nunit = "month"\n'
                         'precision = "approx"')
    registry, _ = registry_from(tmp_path, text + '''
[[relation]]
id = "trip"
kind = "duration"
start = "mao-leaves-beijing"
end = "mao-returns-beijing"
duration = "visit-duration"
''')
    assert check_relations(registry) == []  # 2 months 26 days is about three months


def test_order_respects_precision(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "o"
kind = "order"
chain = ["mao-arrives-moscow", "journey-month", "mao-leaves-beijing"]
'''
    assert check(tmp_path, text)[0] == []  # 16 Dec and "December 1949": same month, in order


def test_order_out_of_sequence(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "o"
kind = "order"
chain = ["mao-leaves-beijing", "treaty-signed", "mao-arrives-moscow"]
'''
    found, problems = check(tmp_path, text)
    assert found == [(Subtype.RELATION_FAILED, line_of(text, 'chain = ["mao-leaves-beijing", '
                                                             '"treaty-signed", '
                                                             '"mao-arrives-moscow"]'), "o")]
    assert "treaty-signed (1950-02-14)" in problems[0].message
    assert "mao-arrives-moscow (1949-12-16)" in problems[0].message


def test_cycle_of_sums(tmp_path: Path) -> None:
    text = '''
[[relation]]
id = "one"
kind = "sum"
total = "loans-econ"
parts = ["loans-korea"]
tolerance = 10

[[relation]]
id = "two"
kind = "equation"
expr = "loans-korea = loans-econ * 3.52"
'''
    found, problems = check(tmp_path, text)
    assert [f[0] for f in found] == [Subtype.RELATION_CYCLE]
    assert "'one', 'two'" in problems[0].message
    assert "loans-econ → loans-korea → loans-econ" in problems[0].message
    assert problems[0].location.line == line_of(text, "[[relation]]") + 7  # the second one


def test_cycle_of_orders(tmp_path: Path) -> None:
    text = GOOD + '''
[[relation]]
id = "backwards"
kind = "order"
chain = ["mao-leaves-moscow", "treaty-signed"]
'''
    found, problems = check(tmp_path, text)
    assert {f[0] for f in found} == {Subtype.RELATION_FAILED, Subtype.RELATION_CYCLE}
    cycle = next(p for p in problems if p.subtype == Subtype.RELATION_CYCLE)
    assert "visit-order" in cycle.message and "backwards" in cycle.message
