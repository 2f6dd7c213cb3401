"""Bound words against their fact; variants; the likeliest fact for an unbound finding."""

from __future__ import annotations

import pytest
from core_facts import date_fact, number_fact

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
from checks.scan import scan

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
    ("300 million roubles", LOAN_USD, "roubles (SUR)"),
    ("3亿卢布", LOAN_USD, "roubles (SUR)"),
    ("1.2 billion dollars", LOAN_SUR, "dollars (USD)"),
    ("1.2 billion new roubles", LOAN_SUR, "new roubles (SUR61)"),
    ("3.296亿卢布", LOAN_61, "roubles (SUR)"),
    ("1,290 experts", EXPERTS, "the number differs"),
    ("about 1,500 experts", EXPERTS, "the number differs"),
    ("1390万", EXPERTS, "the number differs"),
    ("1,390 roubles", EXPERTS, "currency"),
    ("1,390 days", EXPERTS, "duration"),
    ("1,500 experts", NUCLEAR, "the number differs"),
    ("100多人", AIRMEN, "the number differs"),
    ("fewer than 100 airmen", AIRMEN, "the number differs"),
    ("1,094架", AIRCRAFT, "the number differs"),
    ("25,000 workers", WORKERS, "the number differs"),
    ("three months", VISIT, "the number differs"),
    ("三个月", VISIT, "the number differs"),
    ("60 days", VISIT, "counts days, the registry months"),
    ("two years", VISIT, "the number differs"),
    ("twenty years", TERM, "the number differs"),
    ("2 per cent a year", INTEREST, "the number differs"),
    ("1 roubles per US dollar", INTEREST, "the rate is in percent/year"),
    ("5 roubles per US dollar", RATE, "the number differs"),
    ("4 dollars", RATE, "dollars (USD)"),
    ("15%", SHARE, "the number differs"),
    ("500,000 km", SUGAR, "the text gives km"),
    ("14 February 1950", LOAN_USD, "is a date"),
]


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
    ("1.2 billion dollars", "loan-1950-sur"),  # same number, wrong currency: still a hint
    ("4,711 horses", None),
])
def test_suggests_the_likeliest_fact(text: str, fact_id) -> None:
    finding = scan(text)[-1]
    fact = INDEX.suggest(finding)
    assert (fact.id if fact else None) == fact_id


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
    assert "says 1.2 billion roubles" in wrong.message
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
