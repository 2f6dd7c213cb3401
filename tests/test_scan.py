"""The scanner: every date and figure in prose, in both notations; and what it leaves free."""

from __future__ import annotations

from decimal import Decimal

import pytest

from checks.model import DateValue, Figure
from checks.scan import scan, scan_all


def texts(text: str) -> list[str]:
    return [f.text for f in scan(text)]


@pytest.mark.parametrize(("text", "found"), [
    # English dates
    ("Mao left Beijing on 6 December 1949.", ["6 December 1949"]),
    ("He arrived on December 16, 1949, by train.", ["December 16, 1949"]),
    ("In Dec. 1949 and in January 1950 they talked.", ["Dec. 1949", "January 1950"]),
    ("On 16 December Stalin received him.", ["16 December"]),
    ("On December 16 Stalin received him.", ["December 16"]),
    ("From 6–16 December 1949 he travelled.", ["6", "16 December 1949"]),
    ("Dated 1950-02-14 in the archive.", ["1950-02-14"]),
    # English figures
    ("a loan of $300 million", ["$300 million"]),
    ("a loan of US$300 million at 1 per cent", ["US$300 million", "1 per cent"]),
    ("1.2 billion roubles were lent", ["1.2 billion roubles"]),
    ("1,390 experts were recalled", ["1,390 experts"]),
    ("1390 experts were recalled", ["1390 experts"]),  # a counted noun: a count, comma or not
    ("1049 aircraft were destroyed", ["1049 aircraft"]),
    ("about 20,000 advisers came", ["about 20,000 advisers"]),
    ("about 20,000 came", ["about 20,000"]),
    ("more than 200 airmen died", ["more than 200 airmen"]),
    ("nearly 1,000 experts", ["nearly 1,000 experts"]),
    ("between 10,000 and 20,000 workers", ["between 10,000 and 20,000 workers"]),
    ("he stayed two months", ["two months"]),
    ("a treaty for thirty years", ["thirty years"]),
    ("the thirty-year treaty", ["thirty-year"]),
    ("4.45 old roubles", ["4.45 old roubles"]),
    ("16 articles", ["16 articles"]),
    ("a thousand aircraft", ["a thousand aircraft"]),
    ("it cost 20,000", ["20,000"]),
    # Chinese dates and figures
    ("毛泽东于1949年12月6日启程", ["1949年12月6日"]),
    ("1949年12月，毛泽东首次访问苏联", ["1949年12月"]),
    ("12月16日抵达莫斯科", ["12月16日"]),
    ("苏联承诺提供3亿美元贷款", ["3亿美元"]),
    ("贷款12亿卢布（合4亿美元）", ["12亿卢布", "4亿美元"]),
    ("总计56.76亿卢布。", ["56.76亿卢布"]),
    ("实际进口46974万卢布", ["46974万卢布"]),
    ("共击毁日机1,049架。", ["1,049架"]),
    ("其中200多人在华牺牲", ["200多人"]),
    ("派出近千名专家", ["近千名"]),
    ("包括一千架米格15型飞机", ["一千架"]),
    ("访问两个月", ["两个月"]),
    ("年息1%，期限5年", ["年息1%", "5年"]),
    ("3.296亿1961版新卢布（1新卢布等于4.45旧卢布）",
     ["3.296亿1961版新卢布", "1新卢布等于4.45旧卢布"]),
    ("总投资62.99亿元中", ["62.99亿元"]),
    ("一九四九年十二月六日", ["一九四九年十二月六日"]),
    ("１９４９年１２月６日", ["１９４９年１２月６日"]),
    ("以25票同意，24票棄權", ["25票", "24票"]),
    ("贷款约10亿卢布", ["约10亿卢布"]),
    ("苏联贷款12亿", ["12亿"]),
    ("中苏交恶三十年來", ["三十年"]),
])
def test_finds(text: str, found: list[str]) -> None:
    assert texts(text) == found


@pytest.mark.parametrize("text", [
    # bare years and decades
    "In 1950 the treaty was signed.", "the 1950s", "in the 1950s and 1960s", "mid-60s",
    "1950年，苏联和中华人民共和国签署条约", "1950年代", "20世纪60年代", "the 1945 treaty",
    "from 1962 to 1967", "between 1950 and 1955", "the 1959–1961 famine", "the 1959-61 famine",
    "the 1959–61 famine", "1950年至1953年", "1953年至1957年", "In 1949 Mao wrote",
    # ordinals
    "the 22nd Congress", "the Twentieth Congress", "苏联共产党第二十二次代表大会", "第一个五年计划",
    "the First Five Year Plan", "a five-year plan", "the 20th century", "the 14th",
    # page and label numbers
    "p. 257", "pp. 257–58", "pp. 257–58 shows", "第257页", "第257、258页", "Article 3 says",
    "Articles 5 and 6 cases", "notes 46 and 48 say", "vol. 2 shows", "document 002 says",
    "documents 002 and 003 agree", "(document 002 says)", "§5 men",
    # model names, vague amounts, a month alone, small bare numbers
    "MiG-15 fighters", "米格15型飞机", "P-2导弹", "几十亿元人民币", "数千名专家", "十月革命",
    "in December", "12月", "10月底", "成立5周年", "两国", "两党", "一个地方", "one year later",
    "one of them", "3 of the", "Chapter 5 shows", "at 3 p.m.",
    # URLs
    "https://example.org/1949/12/06", "see www.x.org/300-experts here",
])
def test_leaves_free(text: str) -> None:
    assert texts(text) == []


def test_offsets_point_into_the_original_text() -> None:
    text = "Mao left on 6 December 1949;\nhe signed on 14 February 1950 for US$300 million."
    for finding in scan(text):
        assert text[finding.start:finding.end] == finding.text


def test_full_width_digits_keep_offsets() -> None:
    text = "于１９４９年１２月６日启程，贷款３亿美元"
    found = scan(text)
    assert [f.text for f in found] == ["１９４９年１２月６日", "３亿美元"]
    assert found[0].value == DateValue(1949, 12, 6)
    assert found[1].value == Figure(Decimal(300_000_000), currency="USD")


def test_values_and_kinds() -> None:
    found = {f.text: f for f in scan(
        "On 14 February 1950 a loan of US$300 million, 1,390 experts, two months, "
        "14.3%, 1 per cent a year.")}
    assert found["14 February 1950"].kind == "date"
    assert found["US$300 million"].kind == "money"
    assert found["1,390 experts"].kind == "count"
    assert found["two months"].kind == "duration"
    assert found["14.3%"].kind == "quantity"
    assert found["1 per cent a year"].kind == "rate"


def test_bad_dates_are_found_with_the_reason() -> None:
    bad = scan("signed on 30 February 1950, or 02/03/1950, or 1950年2月30日")
    assert [f.text for f in bad] == ["30 February 1950", "02/03/1950", "1950年2月30日"]
    assert all(f.value is None and f.error for f in bad)
    assert "ambiguous" in (bad[1].error or "")


def test_month_day_takes_the_last_year_written_before_it() -> None:
    found = scan("1951年4月10日、9月12日毛泽东与斯大林商定")
    assert found[1].text == "9月12日"
    assert found[1].value == DateValue(None, 9, 12)
    assert found[1].year_hint == 1951
    assert scan("On 16 December he arrived.")[0].year_hint is None


def test_weak_mode_finds_what_a_role_may_bind() -> None:
    assert [f.text for f in scan("three loans, 两国")] == []
    assert [f.text for f in scan_all("three loans, 两国", weak=True)] == ["three loans", "两国"]


def test_dates_win_over_figures() -> None:
    assert texts("16 December 1949 experts") == ["16 December 1949"]


def test_never_raises_on_odd_input() -> None:
    for text in ["", "\n", "$", "1,", ",1", "1.", "年月日", "月", "第", "12月32日", "99/99/9999",
                 "0/0/0000", "1e9", "$$$1", "--1--", "万亿", "亿万人民", "between and", "9" * 500]:
        scan(text)


def test_scanning_grows_linearly() -> None:
    """Not a timing test: the work per character must not grow with the text."""
    import time

    para = ("Mao left Beijing on 6 December 1949 with a loan of US$300 million in view; 1,390 "
            "experts later left. 毛泽东于1949年12月6日启程，苏联提供3亿美元贷款。 ") * 10
    def cost(n: int) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            scan(para * n)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = cost(5), cost(50)
    assert large < small * 10 * 3  # generous: linear would be 10x
