"""Figures in English and Chinese notation: numerals, multipliers, currencies, units,
approximations and ranges; and writing registered figures back out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checks.model import Figure, NotationError
from checks.notation import format_figure, format_value, parse
from checks.numerals import chinese_small, parse_chinese, parse_english_words
from core_facts import number_fact

D = Decimal


def fig(value, precision="exact", currency=None, unit=None, high=None) -> Figure:
    return Figure(D(str(value)), precision, currency, unit, None if high is None else D(str(high)))


@pytest.mark.parametrize(("text", "kind", "expected"), [
    # English money
    ("$300 million", "money", fig(300_000_000, currency="USD")),
    ("US$300 million", "money", fig(300_000_000, currency="USD")),
    ("US $300 million", "money", fig(300_000_000, currency="USD")),
    ("$300m", "money", fig(300_000_000, currency="USD")),
    ("$2.5bn", "money", fig(2_500_000_000, currency="USD")),
    ("300 million US dollars", "money", fig(300_000_000, currency="USD")),
    ("300 million dollars", "money", fig(300_000_000, currency="USD")),
    ("1.2 billion roubles", "money", fig(1_200_000_000, currency="SUR")),
    ("1.2 billion rubles", "money", fig(1_200_000_000, currency="SUR")),
    ("1.2 billion Soviet roubles", "money", fig(1_200_000_000, currency="SUR")),
    ("4.45 old roubles", "money", fig("4.45", currency="SUR")),
    ("329.6 million new roubles", "money", fig(329_600_000, currency="SUR61")),
    ("6.299 billion yuan", "money", fig(6_299_000_000, currency="CNY")),
    ("£5 million", "money", fig(5_000_000, currency="GBP")),
    ("about US$300 million", "money", fig(300_000_000, "approx", "USD")),
    ("US$10–20 million", "money", fig(10_000_000, "range", "USD", high=20_000_000)),
    ("US$10 million–US$20 million", "money", fig(10_000_000, "range", "USD", high=20_000_000)),
    # English counts and quantities
    ("1,390 experts", "count", fig(1390, unit="expert")),
    ("1,390 Soviet experts", "count", fig(1390, unit="expert")),
    ("1390 experts", "count", fig(1390, unit="expert")),
    ("1,049 aircraft", "count", fig(1049, unit="aircraft")),
    ("200 people", "count", fig(200, unit="person")),
    ("about 20,000", "count", fig(20000, "approx")),
    ("some 20,000 advisers", "count", fig(20000, "approx", unit="adviser")),
    ("roughly 20,000", "count", fig(20000, "approx")),
    ("~300 men", "count", fig(300, "approx", unit="men")),
    ("more than 200", "count", fig(200, "at-least")),
    ("more than 200 airmen", "count", fig(200, "at-least", unit="airmen")),
    ("over 200 airmen", "count", fig(200, "at-least", unit="airmen")),
    ("at least 200", "count", fig(200, "at-least")),
    ("200+ airmen", "count", fig(200, "at-least", unit="airmen")),
    ("200 or more airmen", "count", fig(200, "at-least", unit="airmen")),
    ("nearly 1,000", "count", fig(1000, "approx")),
    ("almost 1,000 experts", "count", fig(1000, "approx", unit="expert")),
    ("fewer than 1,000 experts", "count", fig(1000, "at-most", unit="expert")),
    ("up to 1,000 experts", "count", fig(1000, "at-most", unit="expert")),
    ("between 10,000 and 20,000", "count", fig(10000, "range", high=20000)),
    ("between 10,000 and 20,000 workers", "count", fig(10000, "range", unit="worker",
                                                       high=20000)),
    ("10,000–20,000 experts", "count", fig(10000, "range", unit="expert", high=20000)),
    ("from 10,000 to 20,000 experts", "count", fig(10000, "range", unit="expert", high=20000)),
    ("a thousand aircraft", "count", fig(1000, unit="aircraft")),
    ("two million people", "count", fig(2_000_000, unit="person")),
    ("three loans", "count", fig(3, unit="loan")),
    ("60 divisions", "count", fig(60, unit="division")),
    ("1390", "count", fig(1390)),
    ("1 per cent", "quantity", fig(1, unit="percent")),
    ("1 percent", "quantity", fig(1, unit="percent")),
    ("14.3%", "quantity", fig("14.3", unit="percent")),
    ("500,000 tonnes", "quantity", fig(500_000, unit="tonne")),
    # English durations
    ("two months", "duration", fig(2, unit="month")),
    ("thirty years", "duration", fig(30, unit="year")),
    ("thirty-year", "duration", fig(30, unit="year")),
    ("twenty-five years", "duration", fig(25, unit="year")),
    ("30 years", "duration", fig(30, unit="year")),
    ("5-year", "duration", fig(5, unit="year")),
    ("63 days", "duration", fig(63, unit="day")),
    ("one month", "duration", fig(1, unit="month")),
    ("nearly two months", "duration", fig(2, "approx", unit="month")),
    # English rates
    ("1 per cent a year", "rate", fig(1, unit="percent/year")),
    ("1% per annum", "rate", fig(1, unit="percent/year")),
    ("4 roubles per US dollar", "rate", fig(4, unit="SUR/USD")),
    ("4 roubles to the dollar", "rate", fig(4, unit="SUR/USD")),
    ("4.45 old roubles to one new rouble", "rate", fig("4.45", unit="SUR/SUR61")),
    # Chinese money
    ("3亿美元", "money", fig(300_000_000, currency="USD")),
    ("12亿卢布", "money", fig(1_200_000_000, currency="SUR")),
    ("12亿盧布", "money", fig(1_200_000_000, currency="SUR")),
    ("56.76亿卢布", "money", fig(5_676_000_000, currency="SUR")),
    ("46974万卢布", "money", fig(469_740_000, currency="SUR")),
    ("12.35亿卢布", "money", fig(1_235_000_000, currency="SUR")),
    ("2.78亿旧卢布", "money", fig(278_000_000, currency="SUR")),
    ("3.296亿1961版新卢布", "money", fig(329_600_000, currency="SUR61")),
    ("3.296亿新卢布", "money", fig(329_600_000, currency="SUR61")),
    ("62.99亿元", "money", fig(6_299_000_000, currency="CNY")),
    ("86亿人民币", "money", fig(8_600_000_000, currency="CNY")),
    ("2.5億美元", "money", fig(250_000_000, currency="USD")),
    ("约10亿卢布", "money", fig(1_000_000_000, "approx", "SUR")),
    ("三亿美元", "money", fig(300_000_000, currency="USD")),
    ("１２亿卢布", "money", fig(1_200_000_000, currency="SUR")),
    ("12亿", "money", fig(1_200_000_000)),
    # Chinese counts
    ("1,049架", "count", fig(1049, unit="架")),
    ("1049架", "count", fig(1049, unit="架")),
    ("一千架", "count", fig(1000, unit="架")),
    ("一千零四十九架", "count", fig(1049, unit="架")),
    ("200多人", "count", fig(200, "at-least", unit="人", high=300)),
    ("千余名", "count", fig(1000, "at-least", unit="名", high=2000)),
    ("900余个", "count", fig(900, "at-least", unit="个", high=1000)),
    ("近千名", "count", fig(1000, "approx", unit="名")),
    ("近千名专家", "count", fig(1000, "approx", unit="名")),
    ("将近1000名", "count", fig(1000, "approx", unit="名")),
    ("上千名", "count", fig(1000, "approx", unit="名")),
    ("1000人左右", "count", fig(1000, "approx", unit="人")),
    ("1000人以上", "count", fig(1000, "at-least", unit="人")),
    ("不到1000人", "count", fig(1000, "at-most", unit="人")),
    ("1390名", "count", fig(1390, unit="名")),
    ("60个师", "count", fig(60, unit="个师")),
    ("十三笔", "count", fig(13, unit="笔")),
    ("两笔", "count", fig(2, unit="笔")),
    ("25票", "count", fig(25, unit="票")),
    ("1万至2万名", "count", fig(10000, "range", unit="名", high=20000)),
    ("156项", "count", fig(156, unit="项")),
    ("一千", "count", fig(1000)),
    # Chinese quantities, durations and rates
    ("50万吨", "quantity", fig(500_000, unit="tonne")),
    ("14.3％", "quantity", fig("14.3", unit="percent")),
    ("两个月", "duration", fig(2, unit="month")),
    ("兩個月", "duration", fig(2, unit="month")),
    ("三十年", "duration", fig(30, unit="year")),
    ("5年", "duration", fig(5, unit="year")),
    ("4个月", "duration", fig(4, unit="month")),
    ("十多年", "duration", fig(10, "at-least", unit="year", high=20)),
    ("两周", "duration", fig(2, unit="week")),
    ("63天", "duration", fig(63, unit="day")),
    ("年息1%", "rate", fig(1, unit="percent/year")),
    ("年利率1%", "rate", fig(1, unit="percent/year")),
    ("1新卢布等于4.45旧卢布", "rate", fig("4.45", unit="SUR/SUR61")),
    # As the Chinese edition writes an approximate rate (checks.notation): read back as written.
    ("1新卢布合约4.444卢布", "rate", fig("4.444", "approx", unit="SUR/SUR61")),
    ("1美元合4卢布", "rate", fig(4, unit="SUR/USD")),
])
def test_reads_a_figure(text: str, kind: str, expected: Figure) -> None:
    assert parse(text, kind) == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("4.45 old roubles", "money"), ("1,390 experts", "count"), ("500,000 tonnes", "quantity"),
    ("two months", "duration"), ("1 per cent a year", "rate"), ("3亿美元", "money"),
    ("两个月", "duration"), ("年息1%", "rate"), ("1,049架", "count"), ("14.3%", "quantity"),
])
def test_figure_kind_is_guessed_from_currency_and_unit(text: str, kind: str) -> None:
    assert parse(text).kind == kind


@pytest.mark.parametrize(("text", "reason"), [
    ("14 February 1950", "is a date"),
    ("no number here", "no date or figure"),
    ("3亿美元和12亿卢布", "holds 2 values"),
    ("10–5 men", "runs backwards"),
])
def test_rejects_a_figure_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(NotationError, match=reason):
        parse(text, "money")


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("二", 2), ("两", 2), ("兩", 2), ("十", 10), ("十二", 12), ("二十", 20),
    ("二十二", 22), ("一百", 100), ("两百", 200), ("一百零五", 105), ("一千", 1000),
    ("千", 1000), ("一千零四十九", 1049), ("三千五百", 3500), ("一万", 10_000), ("十万", 100_000),
    ("一千万", 10_000_000), ("一亿", 100_000_000), ("三亿五千万", 350_000_000),
    ("十二亿", 1_200_000_000), ("一九四九", 1949), ("二〇〇〇", 2000), ("壹仟", 1000),
    ("56.76亿", 5_676_000_000), ("46974万", 469_740_000), ("2.5億", 250_000_000),
    ("3万", 30_000), ("1,049", 1049), ("12.35亿", 1_235_000_000),
])
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese(text) == value


@pytest.mark.parametrize(("text", "value"), [
    ("one", 1), ("two", 2), ("ten", 10), ("thirteen", 13), ("thirty", 30), ("twenty-five", 25),
    ("two hundred", 200), ("a thousand", 1000), ("one hundred and fifty", 150),
    ("two million", 2_000_000), ("Thirty", 30),
])
def test_english_number_words(text: str, value: int) -> None:
    assert parse_english_words(text) == value


def test_chinese_small_numbers_use_liang_and_shi() -> None:
    assert [chinese_small(n) for n in (1, 2, 10, 12, 20, 30, 45)] == \
        ["一", "两", "十", "十二", "二十", "三十", "四十五"]


def test_approximation_allows_the_written_resolution_within_ten_percent() -> None:
    assert parse("about 20,000", "count").interval() == (D(18000), D(22000))
    assert parse("about 1,390", "count").interval() == (D(1385), D(1395))
    assert parse("about 5.7 billion", "count").interval() == (D(5_650_000_000),
                                                              D(5_750_000_000))
    low, high = parse("200多人", "count").interval()
    assert low == 200 and high is not None and 299 < high < 300
    assert parse("more than 200", "count").interval() == (D(200), None)
    assert parse("fewer than 200", "count").interval() == (None, D(200))


# -- writing ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("fact", "en", "zh"), [
    (number_fact("a", "money", 300_000_000, currency="USD"), "US$300 million", "3亿美元"),
    (number_fact("a", "money", 1_200_000_000, currency="SUR"), "1.2 billion roubles", "12亿卢布"),
    (number_fact("a", "money", 5_676_000_000, currency="SUR"), "5.676 billion roubles",
     "56.76亿卢布"),
    (number_fact("a", "money", 469_740_000, currency="SUR"), "469.74 million roubles",
     "4.6974亿卢布"),
    (number_fact("a", "money", 329_600_000, currency="SUR61"), "329.6 million new roubles",
     "3.296亿新卢布"),
    (number_fact("a", "money", 6_299_000_000, currency="CNY"), "6.299 billion yuan", "62.99亿元"),
    (number_fact("a", "money", 300_000_000, currency="USD", precision="approx"),
     "about US$300 million", "约3亿美元"),
    (number_fact("a", "count", 1390, unit="expert", unit_zh="名"), "1,390 experts", "1390名"),
    (number_fact("a", "count", 1049, unit="aircraft", unit_zh="架"), "1,049 aircraft", "1049架"),
    (number_fact("a", "count", 200, unit="person", unit_zh="人", precision="at-least"),
     "at least 200 people", "至少200人"),
    (number_fact("a", "count", 10000, unit="expert", unit_zh="名", precision="range",
                 high=20000), "10,000–20,000 experts", "1万至2万名"),
    (number_fact("a", "duration", 2, unit="month"), "two months", "两个月"),
    (number_fact("a", "duration", 30, unit="year"), "30 years", "三十年"),
    (number_fact("a", "duration", 63, unit="day"), "63 days", "63天"),
    (number_fact("a", "quantity", "14.3", unit="percent"), "14.3 per cent", "14.3%"),
    (number_fact("a", "quantity", 500_000, unit="tonne"), "500,000 tonnes", "50万吨"),
    (number_fact("a", "rate", 1, unit="percent/year"), "1 per cent a year", "年息1%"),
    (number_fact("a", "rate", 4, unit="SUR/USD"), "4 roubles per US dollar", "1美元合4卢布"),
    (number_fact("a", "rate", "4.45", unit="SUR/SUR61"), "4.45 roubles per new rouble",
     "1新卢布合4.45卢布"),
])
def test_writes_a_figure_and_reads_it_back(fact, en: str, zh: str) -> None:
    assert format_value(fact, "en") == en
    assert format_value(fact, "zh") == zh
    for text in (en, zh):
        back = parse(text, fact.kind)
        assert (back.value, back.precision, back.currency, back.high) == \
            (fact.value.value, fact.value.precision, fact.value.currency, fact.value.high)


def test_format_figure_without_a_unit() -> None:
    assert format_figure(fig(1390), "en") == "1,390"
    assert format_figure(fig(1390), "zh") == "1390"
