"""Bound words against their fact; variants; the likeliest fact for an unbound finding."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.dates import format_date, weekday_name
from checks.match import (
    FactIndex,
    find_variant,
    guess_notation,
    match,
    match_variant,
    unbound_problem,
    unused_problems,
)
from checks.model import DateValue, Location, Subtype
from checks.registry import Registry
from checks.scan import scan, scan_all
from core_facts import date_fact, number_fact

TREATY = date_fact("treaty-signed", 1950, 2, 14, variants=(DateValue(1950, 2, 15),))
ARRIVAL = date_fact("mao-arrives-moscow", 1949, 12, 16)
MONTH = date_fact("mao-in-moscow", 1949, 12)
YEAR = date_fact("split-year", 1960)
LOAN_USD = number_fact("loan-1950-usd", "money", 300_000_000, currency="USD",
                       variants=(400_000_000,))
LOAN_USD_APPROX = number_fact("loan-approx", "money", 300_000_000, currency="USD",
                              precision="approx")
LOAN_SUR = number_fact("loan-1950-sur", "money", 1_200_000_000, currency="SUR")
LOAN_61 = number_fact("sugar-loan", "money", 329_600_000, currency="SUR61")
LOANS = number_fact("loans-total", "money", 5_676_000_000, currency="SUR")
EXPERTS = number_fact("experts-recalled", "count", 1390, unit="expert", unit_zh="名")
NUCLEAR = number_fact("nuclear-experts", "count", 1000, unit="expert", precision="approx")
AIRMEN = number_fact("airmen-killed", "count", 200, unit="person", precision="at-least")
AIRCRAFT = number_fact("aircraft-downed", "count", 1049, unit="aircraft", unit_zh="架")
WORKERS = number_fact("workers", "count", 10000, unit="worker", precision="range", high=20000)
VISIT = number_fact("visit-duration", "duration", 2, unit="month")
TERM = number_fact("treaty-term", "duration", 30, unit="year")
DAYS = number_fact("visit-days", "duration", 63, unit="day")
INTEREST = number_fact("loan-interest", "rate", 1, unit="percent/year")
RATE = number_fact("rate-sur-usd", "rate", 4, unit="SUR/USD")
REDENOMINATION = number_fact("rate-61", "rate", "4.45", unit="SUR/SUR61")
SHARE = number_fact("loan-share", "quantity", "14.3", unit="percent")
SUGAR = number_fact("sugar", "quantity", 500_000, unit="tonne")
DURATION_8 = number_fact("karakhan-delay", "duration", 8, unit="month")
PROJECTS_8 = number_fact("projects-8", "count", 8, unit="project", unit_zh="项")
LOAN_8_SUR = number_fact("loan-8-sur", "money", 8_000_000, currency="SUR")

AGREE = [
    ("14 February 1950", TREATY), ("February 14, 1950", TREATY), ("1950年2月14日", TREATY),
    ("一九五〇年二月十四日", TREATY), ("February 1950", TREATY), ("1950年2月", TREATY),
    ("1950", TREATY), ("1950年", TREATY), ("14 February", TREATY), ("2月14日", TREATY),
    ("signed on 14 February 1950", TREATY), ("16 December", ARRIVAL), ("12月16日", ARRIVAL),
    ("December 1949", MONTH), ("1949年12月", MONTH), ("1949", MONTH), ("1960", YEAR),
    ("US$300 million", LOAN_USD), ("$300 million", LOAN_USD), ("3亿美元", LOAN_USD),
    ("三亿美元", LOAN_USD), ("300 million", LOAN_USD), ("about US$300 million", LOAN_USD),
    ("about $0.3 billion", LOAN_USD), ("about US$310 million", LOAN_USD_APPROX),
    ("1.2 billion roubles", LOAN_SUR), ("12亿卢布", LOAN_SUR),
    ("1.2 billion old roubles", LOAN_SUR), ("约12亿卢布", LOAN_SUR),
    ("3.296亿1961版新卢布", LOAN_61), ("329.6 million new roubles", LOAN_61),
    ("56.76亿卢布", LOANS), ("5.676 billion roubles", LOANS), ("about 5.7 billion roubles", LOANS),
    ("1,390 experts", EXPERTS), ("1,390 Soviet specialists", EXPERTS), ("1390名", EXPERTS),
    ("1,390", EXPERTS), ("about 1,400 experts", EXPERTS), ("近1400名", EXPERTS),
    ("more than 1,000 experts", EXPERTS), ("1000多名", EXPERTS), ("千余名", EXPERTS),
    ("近千名", NUCLEAR), ("nearly 1,000 experts", NUCLEAR), ("about a thousand", NUCLEAR),
    ("1,000", NUCLEAR), ("some 1,000 specialists", NUCLEAR),
    ("200多人", AIRMEN), ("more than 200 airmen", AIRMEN), ("250 airmen", AIRMEN),
    ("1,049架", AIRCRAFT), ("1,049 Japanese aircraft", AIRCRAFT), ("一千零四十九架", AIRCRAFT),
    ("between 10,000 and 20,000", WORKERS), ("15,000 workers", WORKERS),
    ("two months", VISIT), ("两个月", VISIT), ("2 months", VISIT), ("about two months", VISIT),
    ("thirty years", TERM), ("三十年", TERM), ("30-year", TERM), ("360 months", TERM),
    ("63 days", DAYS), ("nine weeks", DAYS),
    ("1 per cent a year", INTEREST), ("年息1%", INTEREST), ("1 per cent", INTEREST),
    ("4 roubles per US dollar", RATE), ("1美元合4卢布", RATE), ("4 roubles", RATE),
    ("4.45 old roubles", REDENOMINATION), ("1新卢布等于4.45旧卢布", REDENOMINATION),
    ("14.3%", SHARE), ("14.3 per cent", SHARE), ("50万吨", SUGAR), ("500,000 tonnes", SUGAR),
]


@pytest.mark.parametrize(("words", "fact"), AGREE, ids=[w for w, _ in AGREE])
def test_words_that_agree(words: str, fact) -> None:
    assert match(words, fact) is None


CONTRADICT = [
    ("15 February 1950", TREATY, "the day differs"),
    ("1950年2月15日", TREATY, "the day differs"),
    ("March 1950", TREATY, "the month differs"),
    ("1951", TREATY, "the year differs"),
    ("15 February", TREATY, "the day differs"),
    ("12月17日", ARRIVAL, "the day differs"),
    ("6 December 1949", MONTH, "only to the month"),
    ("December 1960", YEAR, "only to the year"),
    ("US$400 million", LOAN_USD, "the number differs"),
    ("4亿美元", LOAN_USD, "the number differs"),
    ("about $360 million", LOAN_USD, "the number differs"),
    ("about $320 million", LOAN_USD, "the number differs"),
    ("about 1,200 experts", NUCLEAR, "the number differs"),
    ("近千名", EXPERTS, "the number differs"),
    ("1,290 experts", EXPERTS, "the number differs"),
    ("about 1,500 experts", EXPERTS, "the number differs"),
    ("1390万", EXPERTS, "the number differs"),
    ("1,500 experts", NUCLEAR, "the number differs"),
    ("100多人", AIRMEN, "the number differs"),
    ("fewer than 100 airmen", AIRMEN, "the number differs"),
    ("1,094架", AIRCRAFT, "the number differs"),
    ("25,000 workers", WORKERS, "the number differs"),
    ("three months", VISIT, "the number differs"),
    ("三个月", VISIT, "the number differs"),
    ("two years", VISIT, "the number differs"),
    ("twenty years", TERM, "the number differs"),
    ("2 per cent a year", INTEREST, "the number differs"),
    ("5 roubles per US dollar", RATE, "the number differs"),
    ("15%", SHARE, "the number differs"),
]


#: Words whose unit, currency or kind is not the fact's: ``checks.wrong_unit``, whatever the
#: number (these were ``contradiction`` before the unit check had a subtype of its own).
WRONG_UNIT = [
    ("300 million roubles", LOAN_USD, "roubles (SUR)"),
    ("3亿卢布", LOAN_USD, "roubles (SUR)"),
    ("1.2 billion dollars", LOAN_SUR, "dollars (USD)"),
    ("1.2 billion new roubles", LOAN_SUR, "new roubles (SUR61)"),
    ("3.296亿卢布", LOAN_61, "roubles (SUR)"),
    ("1,390 roubles", EXPERTS, "currency"),
    ("1,390 days", EXPERTS, "duration"),
    ("60 days", VISIT, "counts days, the registry months"),
    ("1 roubles per US dollar", INTEREST, "the rate is in percent/year"),
    ("4 dollars", RATE, "dollars (USD)"),
    ("500,000 km", SUGAR, "the text gives km"),
    ("14 February 1950", LOAN_USD, "is a date"),
    ("eight experts", DURATION_8, "the text gives experts, the fact is a duration in months"),
    ("捌笔", DURATION_8, "the text gives 笔, the fact is a duration"),
    ("8名", DURATION_8, "the text gives 名"),
    ("eight years", PROJECTS_8, "a duration (years), the fact is a count of projects"),
    ("八年", PROJECTS_8, "a duration (years)"),
    ("8 tonnes", PROJECTS_8, "the text gives tonne, the fact is a count"),
    ("8 per cent", PROJECTS_8, "the text gives percent, the fact is a count"),
    ("8 experts", LOAN_8_SUR,
     "the text counts experts, the fact is an amount of money in roubles (SUR)"),
    ("US$8 million", LOAN_8_SUR, "dollars (USD), the registry in roubles (SUR)"),
    ("800万美元", LOAN_8_SUR, "dollars (USD)"),
    ("8 experts", SHARE, "the text counts experts, the fact is a quantity in per cent"),
    ("14.3 tonnes", SHARE, "the text gives tonne, the registry percent"),
    ("eight projects", TERM, "the fact is a duration in years"),
    ("eight experts", TREATY, "is a figure, but the fact is of kind date"),
    ("1,390 experts", TREATY, "is a figure"),
]


@pytest.mark.parametrize(("words", "fact", "reason"), WRONG_UNIT, ids=[w for w, _, _ in WRONG_UNIT])
def test_words_with_another_unit_currency_or_kind(words: str, fact, reason: str) -> None:
    problem = match(words, fact, Location("chapters/06-treaty.md", 12))
    assert problem is not None
    assert problem.subtype == Subtype.WRONG_UNIT
    assert reason in problem.message
    assert problem.location == Location("chapters/06-treaty.md", 12)
    assert problem.fact_id == fact.id
    assert f"'{fact.id}'" in problem.message and str(fact.location) in problem.message


#: Words without a unit stay acceptable for a figure with one (the notation's contract).
@pytest.mark.parametrize(("words", "fact"), [("8", DURATION_8), ("8", PROJECTS_8),
                                              ("8 million", LOAN_8_SUR), ("八", PROJECTS_8),
                                              ("14.3", SHARE), ("8 specialists", PROJECTS_8)])
def test_words_without_a_unit_or_with_a_counted_noun_fit(words: str, fact) -> None:
    assert match(words, fact) is None


@pytest.mark.parametrize(("words", "fact", "reason"), CONTRADICT, ids=[w for w, _, _ in CONTRADICT])
def test_words_that_contradict(words: str, fact, reason: str) -> None:
    problem = match(words, fact, Location("chapters/06-treaty.md", 12))
    assert problem is not None
    assert problem.subtype in (Subtype.CONTRADICTION, Subtype.BAD_ROLE)
    assert reason in problem.message
    assert problem.location == Location("chapters/06-treaty.md", 12)
    assert problem.fact_id == fact.id
    assert f"'{fact.id}'" in problem.message and str(fact.location) in problem.message


def test_contradiction_message_gives_expected_found_and_variant() -> None:
    problem = match("1950年2月15日", TREATY)
    assert problem.subtype == Subtype.CONTRADICTION
    assert "the registry holds 1950年2月14日" in problem.message  # the words' notation
    assert "the text says 1950年2月15日" in problem.message
    assert "what other-src says; the book does not adopt it: why not" in problem.message
    english = match("15 February 1950", TREATY)
    assert "the registry holds 14 February 1950" in english.message


@pytest.mark.parametrize("words", ["hello", "02/03/1950", "30 February 1950",
                                   "14 February 1950 or 15 February 1950"])
def test_unreadable_words_are_a_bad_role(words: str) -> None:
    problem = match(words, TREATY)
    assert problem.subtype == Subtype.BAD_ROLE
    assert "14 February 1950" in problem.message


def test_empty_words_always_agree() -> None:
    assert match("", TREATY) is None


def test_variants() -> None:
    assert find_variant("15 February 1950", TREATY) == TREATY.variants[0]
    assert find_variant("14 February 1950", TREATY) is None
    assert find_variant("US$400 million", LOAN_USD).source == "other-src"
    assert match_variant("1950年2月15日", TREATY) is None
    assert match_variant("4亿美元", LOAN_USD) is None
    unknown = match_variant("16 February 1950", TREATY)
    assert unknown.subtype == Subtype.UNKNOWN_VARIANT
    assert "15 February 1950 (other-src)" in unknown.message
    own = match_variant("14 February 1950", TREATY)
    assert own.subtype == Subtype.UNKNOWN_VARIANT and "{fact}" in own.message
    assert match_variant("", TREATY).subtype == Subtype.BAD_ROLE
    assert match_variant("nonsense", TREATY).subtype == Subtype.BAD_ROLE
    assert match_variant("14 February 1950", ARRIVAL).message.endswith(
        "registered variants: none. Add a [[fact.variants]] entry with this value and its "
        "source, or correct the words")


# -- unbound findings ------------------------------------------------------------------------

INDEX = FactIndex([TREATY, ARRIVAL, MONTH, LOAN_USD, LOAN_SUR, EXPERTS, NUCLEAR, AIRMEN,
                   VISIT, date_fact("cable", 1951, 9, 12), date_fact("other-cable", 1952, 9, 12)])


@pytest.mark.parametrize(("text", "fact_id"), [
    ("on 14 February 1950", "treaty-signed"),
    ("1950年2月14日", "treaty-signed"),
    ("on 15 February 1950", "treaty-signed"),  # a variant of it
    ("December 1949", "mao-in-moscow"),
    ("US$300 million", "loan-1950-usd"),
    ("3亿美元", "loan-1950-usd"),
    ("1.2 billion roubles", "loan-1950-sur"),
    ("1,390 specialists", "experts-recalled"),
    ("近千名", "nuclear-experts"),
    ("两个月", "visit-duration"),
    ("1951年4月10日、9月12日", "cable"),  # the year written before it decides
    ("1952年4月10日、9月12日", "other-cable"),
    # Same number, another currency: binding it would be a wrong_unit, so it is not named.
    ("1.2 billion dollars", None),
    ("2 experts", None),  # a count cannot state the two-month visit
    ("4,711 horses", None),
])
def test_suggests_the_likeliest_fact(text: str, fact_id) -> None:
    finding = scan(text)[-1]
    fact = INDEX.suggest(finding)
    assert (fact.id if fact else None) == fact_id


#: Facts that share the number 8 and differ in kind, unit or currency.
EIGHTS = FactIndex([DURATION_8, LOAN_8_SUR, PROJECTS_8,
                    number_fact("experts-8", "count", 8, unit="expert", unit_zh="名"),
                    number_fact("share-8", "quantity", 8, unit="percent")])


@pytest.mark.parametrize(("text", "fact_id"), [
    ("eight months", "karakhan-delay"),
    ("八个月", "karakhan-delay"),
    ("8 experts", "experts-8"),  # its own noun first
    ("8 projects", "projects-8"),
    ("8 specialists", "projects-8"),  # a count (nouns are lenient), never the duration
    ("8%", "share-8"),
    ("eight years", None),  # 96 months: no fact of 8 years
    ("捌笔", "projects-8"),  # a count: the first count registered
])
def test_suggestions_are_ranked_by_kind_and_unit(text: str, fact_id) -> None:
    finding = scan_all(text, weak=True)[-1]
    fact = EIGHTS.suggest(finding)
    assert (fact.id if fact else None) == fact_id
    if fact is not None:
        assert match(finding.text, fact) is None


def test_unbound_problem_messages() -> None:
    at = Location("chapters/05-mao-in-moscow.md", 7)
    bound = unbound_problem(scan("on 14 February 1950")[0], at, INDEX)
    assert bound.subtype == Subtype.UNBOUND and bound.location == at
    assert bound.fact_id == "treaty-signed"
    assert "{fact}`14 February 1950 <treaty-signed>`" in bound.message
    assert "{nofact}`14 February 1950`" in bound.message
    variant = unbound_problem(scan("on 15 February 1950")[0], at, INDEX)
    assert "variant of fact 'treaty-signed'" in variant.message
    assert "{fact}`14 February 1950 <treaty-signed>`" in variant.message
    wrong = unbound_problem(scan("1.2 billion dollars")[0], at, INDEX)
    assert "register it in facts/" in wrong.message and "loan-1950-sur" not in wrong.message
    other = unbound_problem(scan("two years")[0], at, INDEX)  # 2, but 24 months, not 2
    assert "fact 'visit-duration'" in other.message and "says two months" in other.message
    assert "{fact}`two years <" not in other.message
    new = unbound_problem(scan("4,711 horses")[0], at, INDEX)
    assert "register it in facts/" in new.message and new.fact_id is None
    bad = unbound_problem(scan("on 30 February 1950")[0], at, INDEX)
    assert "cannot be read" in bad.message and "has no day 30" in bad.message


def test_unused_facts() -> None:
    registry = Registry({f.id: f for f in (TREATY, ARRIVAL, LOAN_USD)}, (), ())
    problems = unused_problems(registry, {"treaty-signed", "loan-1950-usd", "not-a-fact"})
    assert [(p.subtype, p.fact_id, p.location) for p in problems] == \
        [(Subtype.UNUSED_FACT, "mao-arrives-moscow", ARRIVAL.location)]


def test_guess_notation() -> None:
    assert guess_notation("1950年2月14日") == "zh"
    assert guess_notation("14 February 1950") == "en"


# -- weekdays --------------------------------------------------------------------------------
# 14 February 1950 was a Tuesday; 16 December 1949 a Friday.


@pytest.mark.parametrize(("words", "beside"), [
    ("Tuesday, 14 February 1950", ("", "")),
    ("Tue. 14 February 1950", ("", "")),
    ("14 February 1950", ("signed on Tuesday, ", " in Moscow")),
    ("1950年2月14日", ("", "（星期二）签订")),
    ("1950年2月14日星期二", ("", "")),
    ("2月14日", ("周二，", "")),
    ("1950年2月14日", ("礼拜二", "")),
    ("14 February", ("on Tuesday ", "")),  # the year is the fact's
    ("14 February 1950", ("a Wednesday meeting; then ", "")),  # not beside the role
    ("February 1950", ("on Wednesday, ", "")),  # no day: no weekday to check
])
def test_a_weekday_the_date_falls_on_agrees(words: str, beside: tuple[str, str]) -> None:
    assert match(words, TREATY, beside=beside) is None


@pytest.mark.parametrize(("words", "beside", "said"), [
    ("Wednesday, 14 February 1950", ("", ""), "'Wednesday'"),
    ("Wed. 14 February 1950", ("", ""), "'Wed.'"),
    ("14 February 1950", ("signed on Monday, ", " in Moscow"), "'Monday'"),
    ("14 February 1950", ("", " (Thursday)"), "'Thursday'"),
    ("1950年2月14日", ("", "（星期三）签订"), "'星期三'"),
    ("1950年2月14日星期日", ("", ""), "'星期日'"),
    ("2月14日", ("周三，", ""), "'周三'"),
    ("1950年2月14日", ("禮拜五", ""), "'禮拜五'"),
    ("14 February", ("on Friday ", ""), "'Friday'"),
])
def test_a_weekday_the_date_does_not_fall_on_is_an_error(words: str, beside, said: str) -> None:
    problem = match(words, TREATY, Location("chapters/06-treaty.md", 9), beside)
    assert problem is not None and problem.subtype == Subtype.WRONG_WEEKDAY
    assert said in problem.message
    assert "was a Tuesday" in problem.message or "was a 星期二" in problem.message
    assert problem.location == Location("chapters/06-treaty.md", 9)


def test_a_weekday_beside_a_variant_is_the_variant_date_s() -> None:
    # The variant, 15 February 1950, was a Wednesday.
    assert match_variant("15 February 1950", TREATY, beside=("on Wednesday, ", "")) is None
    problem = match_variant("15 February 1950", TREATY, beside=("on Tuesday, ", ""))
    assert problem is not None and problem.subtype == Subtype.WRONG_WEEKDAY
    assert "15 February 1950 was a Wednesday" in problem.message


def test_weekday_dates_agree_with_datetime() -> None:
    assert datetime.date(1950, 2, 14).strftime("%A") == "Tuesday"
    assert datetime.date(1949, 12, 16).strftime("%A") == "Friday"
    assert match("Friday, 16 December 1949", ARRIVAL) is None
    assert match("Thursday, 16 December 1949", ARRIVAL).subtype == Subtype.WRONG_WEEKDAY


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2000, 12, 31)),
       st.integers(0, 6), st.sampled_from(["en", "zh"]), st.booleans())
def test_any_weekday_is_checked_against_the_calendar(day: datetime.date, weekday: int,
                                                     notation: str, inside: bool) -> None:
    value = DateValue(day.year, day.month, day.day)
    fact = date_fact("a-day", day.year, day.month, day.day)
    words = format_date(value, notation)
    name = weekday_name(weekday, notation)
    if inside:
        problem = match(f"{name}, {words}" if notation == "en" else f"{words}{name}", fact)
    else:
        problem = match(words, fact, beside=("on " + name + ", " if notation == "en" else name,
                                             ""))
    if weekday == day.weekday():
        assert problem is None
    else:
        assert problem is not None and problem.subtype == Subtype.WRONG_WEEKDAY
        assert weekday_name(day.weekday(), notation) in problem.message
