"""Find every date and figure in a text, in English and in Chinese notation.

:func:`scan` is what strict mode runs over prose: it returns each date (day–month–year,
month–year, month–day) and each figure (a number with a currency, a unit, a counted noun, a
multiplier such as million/亿, grouped digits or a word such as "about"), with its parsed value.
Free, never found: bare years and decades (1950, 1950年, the 1950s, 1950年代), ordinals (22nd,
Twentieth, 第二十二次), page and label numbers (p. 257, pp. 257–58, 第257页, Article 3, note 45),
model names (MiG-15), a month alone (December, 十月革命) and small bare numbers.

Speed: a few precompiled patterns, each run once over the text, then bounded look-arounds at each
match, so the time is linear in the length of the text. Each pattern starts with a character
class (its look-behind comes after the first character), which lets the regex engine skip
quickly to the places where a match can start. A pass whose pattern cannot match (no digit, no
month name, no Chinese character in the text) is skipped after a quicker search.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from .dates import MONTHS_EN, number_zh, numeric_date
from .model import DateValue, Figure, Finding, NotationError, make_date, resolution
from .numerals import CN_NUMERAL_CHARS, EN_SCALES, FULLWIDTH, parse_chinese, parse_english_words
from .units import TIME_WORDS_EN, TIME_WORDS_ZH, UnitTable, builtin_units, figure_kind, singular

__all__ = ["scan", "scan_all", "scan_dates"]

CN = CN_NUMERAL_CHARS
_CN_PLAIN_DIGITS = "〇零一二三四五六七八九"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


#: A number in digits: "1,390", "4.45", "20000". The look-behinds after the first digit keep out
#: "A1", "MiG-15", "3.5.1", the inside of other numbers and the end of a range ("1959–61").
_DIGITS = r"\d(?<![\w.,/-]\d)(?<!\d[–—]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?"

#: What makes a number before it a page, label or list number, not a figure.
_FREE_BEFORE = re.compile(
    r"(?:\b(?:pp?|vols?|nos?|arts?|ch|chap|figs?|nn?|para|sec|eds?)\.|\b(?:[Aa]rticles?"
    r"|[Cc]hapters?|[Ss]ections?|[Ff]igures?|[Tt]ables?|[Nn]otes?|[Ii]tems?|[Pp]ages?"
    r"|[Vv]olumes?|[Pp]arts?|[Pp]aragraphs?|[Cc]lauses?|[Ll]ines?|[Dd]ocuments?|No)|§)"
    r"\s*(?:\d+[a-z]?\s*(?:[-–—,]|and|to)\s*)*$"
)
_URL_BEFORE = re.compile(r"(?:https?://|www\.)\S*$")

# -- dates -----------------------------------------------------------------------------------

_ORD = r"(?:st|nd|rd|th)?"
#: A capitalised word that may be a month; :data:`MONTHS_EN` decides.
_MONTH = r"(?P<mon>[ADFJMNOS][a-z]{2,8})\b\.?"
_DATE_DMY = re.compile(
    rf"(?P<d>\d(?<![\w.,/-]\d)\d?){_ORD}(?:\s*[-–—]\s*(?P<d2>\d{{1,2}}){_ORD})?"
    rf"\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y>\d{{4}})(?!\w))?"
)
_DATE_MDY = re.compile(
    r"(?P<mon>[ADFJMNOS](?<!\w.)[a-z]{2,8})\b\.?\s+(?:(?P<d>\d{1,2})" + _ORD + r"(?!\d)"
    rf"(?:\s*[-–—]\s*(?P<d2>\d{{1,2}}){_ORD}(?!\d))?(?:,?\s+(?P<y>\d{{4}}))?|,?\s*(?P<y2>\d{{4}}))"
    r"(?!\w)"
)
_CN_MONTHNUM = r"\d{1,2}|十[一二]?|[一二三四五六七八九]"
_CN_DAYNUM = r"\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_DATE_ZH = re.compile(
    rf"(?:(?P<y>\d{{4}}|[{_CN_PLAIN_DIGITS}]{{4}}) ?年 ?)?"
    rf"(?P<m>{_CN_MONTHNUM}) ?月(?: ?(?P<d>{_CN_DAYNUM}) ?[日号號])?"
)
_DATE_NUMERIC = re.compile(
    r"\d(?<![\w./-]\d)(?:"
    r"\d{3}(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"  # 1950-02-14, 1950/2/14, 1950.2.14
    r"|(?P<a>\d?)/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})"  # 02/03/1950
    r"|(?P<a2>\d?)\.(?P<b2>\d{1,2})\.(?P<y2>\d{4})"  # 14.2.1950
    r")(?![\w/-]|\.\d)"
)
_YEAR = re.compile(r"[12](?<![\d.,][12])\d{3}(?!\d)")
#: What every English month name (a key of :data:`MONTHS_EN`) starts with.
_MONTH_HINT = re.compile(_alternation(sorted({name[:3] for name in MONTHS_EN})))


def _date_finding(start: int, end: int, build, *args) -> Finding:
    """``build(*args)`` as a finding, or the reason it is no date."""
    try:
        value = build(*args)
    except NotationError as error:
        return Finding(start, end, "", "date", None, str(error))
    return Finding(start, end, "", "date", value)


def _zh_date(m: re.Match) -> DateValue:
    return make_date(number_zh(m["y"]) if m["y"] else None, number_zh(m["m"]),
                     number_zh(m["d"]) if m["d"] else None)


def _day_dates(m: re.Match, year: int | None, month: int) -> Iterator[Finding]:
    """One date, or two for a range of days ("6–16 December 1949")."""
    if not m["d2"]:
        yield _date_finding(m.start(), m.end(), make_date, year, month, int(m["d"]))
        return
    yield _date_finding(m.start(), m.end("d"), make_date, year, month, int(m["d"]))
    yield _date_finding(m.start("d2"), m.end(), make_date, year, month, int(m["d2"]))


def _dates(t: str, digits: bool = True) -> Iterator[Finding]:
    """The dates in ``t``; ``digits=False``: ``t`` holds no digit (only 一月-style dates)."""
    # An English date has a digit and a month name (every name starts like one of the
    # :data:`_MONTH_HINT`s): a quick search first, as most text has neither.
    if digits and _MONTH_HINT.search(t):
        for m in _DATE_DMY.finditer(t):
            if (month := MONTHS_EN.get(m["mon"])) is not None:
                yield from _day_dates(m, int(m["y"]) if m["y"] else None, month)
        for m in _DATE_MDY.finditer(t):
            if (month := MONTHS_EN.get(m["mon"])) is None:
                continue
            if m["y2"]:
                yield _date_finding(m.start(), m.end(), make_date, int(m["y2"]), month)
            else:
                yield from _day_dates(m, int(m["y"]) if m["y"] else None, month)
    # Every Chinese date has a 月: find those (a fast literal search), then read around them.
    pos = t.find("月")
    while pos != -1:
        zh = next((m for m in _DATE_ZH.finditer(t, max(0, pos - 12), pos + 8)
                   if t.find("月", m.end("m")) == pos), None)
        before = t[zh.start() - 1] if zh and zh.start() else " "
        if zh and (zh["y"] or zh["d"]) and not (before.isdigit() or before in CN):
            yield _date_finding(zh.start(), zh.end(), _zh_date, zh)
        pos = t.find("月", pos + 1)
    if not digits:
        return
    for m in _DATE_NUMERIC.finditer(t):
        if m["sep"]:
            yield _date_finding(m.start(), m.end(), make_date, int(t[m.start():m.start() + 4]),
                                int(m["m"]), int(m["d"]))
        else:
            first = t[m.start()] + (m["a"] if m["a"] is not None else m["a2"])
            yield _date_finding(m.start(), m.end(), numeric_date, first, m["b"] or m["b2"],
                                m["y"] or m["y2"])


# -- English figures -------------------------------------------------------------------------

_SCALE = r"hundred|thousand|million|billion"
_EN_NUMBER = re.compile(rf"(?P<num>{_DIGITS})(?:(?P<sfx>m|bn)\b|(?!\w))")
_EN_WORD_VALUES = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                   "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty "
                   "fifty sixty seventy eighty ninety").split()
#: An English number word ("thirty", "twenty-five", "a thousand", "two million"): the first
#: letter as a class, then the rest of the word, so the engine can skip to candidate letters.
_EN_WORDS = re.compile(
    r"(?:[AaEeFfNnOoSsTt](?<!\w.)(?:%s|(?<=[Aa])(?=\s+(?:%s)\b)))\b"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine)\b)?(?:\s+(?:%s)\b)*"
    % ("|".join(sorted({w[1:] for w in _EN_WORD_VALUES}, key=len, reverse=True)), _SCALE, _SCALE)
)
_EN_SCALE_AFTER = re.compile(rf"(?i)\s+(?P<scale>{_SCALE})\b")
_EN_APPROX_BEFORE = re.compile(
    r"(?i)(?:\b(?P<w>about|around|approximately|roughly|some|nearly|almost|close\s+to"
    r"|an\s+estimated|circa|c\.|more\s+than|over|upwards\s+of|in\s+excess\s+of|at\s+least"
    r"|no\s+fewer\s+than|not\s+less\s+than|no\s+less\s+than|fewer\s+than|less\s+than|under"
    r"|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|between|from)|(?P<tilde>~))\s*$"
)
_EN_PRECISION = {
    "at-least": ("more than", "over", "upwards of", "in excess of", "at least", "no fewer than",
                 "not less than", "no less than"),
    "at-most": ("fewer than", "less than", "under", "up to", "at most", "no more than",
                "not more than"),
    "range": ("between", "from"),
}
_EN_PRECISION_OF = {w: p for p, words in _EN_PRECISION.items() for w in words}
_EN_RANGE_AFTER = re.compile(
    r"\s*(?:(?P<dash>[-–—])|\s(?P<word>to|and)\s)\s*(?:US ?\$|\$|£)?"
    r"(?P<num>\d(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)(?:(?P<sfx>m|bn)\b|(?!\w))"
)
_EN_PLUS_AFTER = re.compile(r"(?P<plus>\+|\s+or\s+more\b|-plus\b)|(?P<so>\s+or\s+so\b)")
_EN_PERCENT = re.compile(
    r"(?i)\s*(?:%|\s(?:per\s?cent|percent)\b)(?P<year>\s+(?:a|per|each)\s+(?:year|annum)\b)?"
)
_EN_TIME_AFTER = re.compile(
    r"(?i)(?:\s+|-)(?P<unit>%s)\b(?!\s+plans?\b)" % _alternation(TIME_WORDS_EN)
)
_EN_NOUN_AFTER = re.compile(r"\s+(?:(?P<adj>[A-Z][a-z]+)\s+)?(?P<noun>[A-Za-z][A-Za-z'’-]+)")
#: Words after a number that are not what it counts ("3 of them", "20,000 came").
_STOPWORDS = frozenset("""
a an the and or but nor of to in on at by for with from as than that this these those which who
whom whose was were is are be been being had has have it its he she they we i you his her their
our per when while after before until since during under over into onto upon against between
among through about not no so if then also only each every all both more less most such would
could should will can may might must did do does yet still even within without across along
towards toward via vs versus out up down off again later earlier ago percent cent times
came went left fell took gave got made saw met fought lost won became began ran stood sent
""".split())


#: The last word of each approximator: a cheap test before the look-back pattern.
_EN_APPROX_LAST = frozenset({"about", "around", "approximately", "roughly", "some", "nearly",
                             "almost", "to", "estimated", "circa", "c.", "than", "over", "of",
                             "least", "most", "under", "between", "from"})


def _last_word(t: str, start: int, width: int) -> str:
    words = t[max(0, start - width):start].split()
    return words[-1].lower() if words else ""


def _en_approx(t: str, start: int) -> tuple[int, str | None, str | None]:
    """The approximator before ``start`` ("about", "more than", "between"): (start, word, p)."""
    if not (t.endswith("~", 0, start) or _last_word(t, start, 16) in _EN_APPROX_LAST):
        return start, None, None
    m = _EN_APPROX_BEFORE.search(t, max(0, start - 24), start)
    if not m:
        return start, None, None
    if m["tilde"]:
        return m.start(), "~", "approx"
    word = " ".join(m["w"].lower().split())
    return m.start(), word, _EN_PRECISION_OF.get(word, "approx")


class _UnitPatterns:
    """The patterns of a table of currencies and units (:class:`checks.units.UnitTable`)."""

    def __init__(self, units: UnitTable):
        self.units = units
        signs = units.currency_signs_en
        self.sign_code = {sign.replace(" ", ""): code for sign, code in signs.items()}
        #: The characters a sign before a number ends with (a code may be followed by a space).
        self.sign_ends = {sign[-1] for sign in signs} | {" "}
        symbols = "".join(sorted({c for sign in signs for c in sign if not c.isalnum()} - {" "}))
        alternation = "|".join(
            re.escape(sign).replace("\\ ", " ?") + (" ?" if sign[-1].isalnum() else "")
            for sign in sorted({s.replace(" ", "") for s in signs} | set(signs),
                               key=len, reverse=True))
        self.sign_before = re.compile(
            rf"(?<![\w{re.escape(symbols)}])(?P<sign>{alternation or '(?!)'})$")
        self.currency_after = re.compile(
            r"(?:\s+|-)(?:Soviet\s+)?(?P<cur>%s)\b" % (_alternation(units.currency_words_en)
                                                        or "(?!)"))
        self.per_code = {" ".join(w.split()): code for w, code in units.currency_per_en.items()}
        self.per_currency = re.compile(
            r"\s+(?:per|to\s+(?:the|one|a)|for\s+(?:each|one|every)|a)\s+(?P<per>%s)\b"
            % ("|".join(re.escape(w).replace("\\ ", r"\s+")
                        for w in sorted(self.per_code, key=len, reverse=True)) or "(?!)"))
        self.measure_words = {w.lower(): unit for w, unit in units.measure_words_en.items()}
        self.measure_after = re.compile(r"(?i)\s+(?P<unit>%s)\b" % (
            _alternation(w for w in units.measure_words_en if w[0].isalpha()) or "(?!)"))
        self.zh_unit = re.compile(
            "(?P<cur>%s)|(?P<time>个星期|個星期|%s)|(?P<measure>%s)|(?P<strong>%s)|(?P<weak>%s)" % (
                _alternation(units.currency_words_zh) or "(?!)",
                "|".join(["个月", "個月", "星期", "天", "周(?!年)", "週(?!年)",
                          "年(?![代级級度]|计划|計劃)"]),
                _alternation(units.measure_words_zh) or "(?!)",
                _alternation(units.strong_classifiers_zh) or "(?!)",
                _alternation(units.weak_classifiers_zh) or "(?!)",
            )
        )


@functools.lru_cache(maxsize=8)
def _patterns(units: UnitTable) -> _UnitPatterns:
    return _UnitPatterns(units)


def _en_unit(t: str, pos: int, p: _UnitPatterns, nouns: bool = True):
    """What follows a number at ``pos``: (end, currency, unit, class) or None.

    ``nouns=False``: only a currency, unit or rate (after "$300 million", "loan" is no unit).
    """
    if m := _EN_PERCENT.match(t, pos):
        return m.end(), None, "percent/year" if m["year"] else "percent", "measure"
    if m := p.currency_after.match(t, pos):
        currency = p.units.currency_words_en[m["cur"]]
        if per_match := p.per_currency.match(t, m.end()):
            per = p.per_code[" ".join(per_match["per"].split())]
            return per_match.end(), None, f"{currency}/{per}", "rate"
        return m.end(), currency, None, "currency"
    if m := _EN_TIME_AFTER.match(t, pos):
        return m.end(), None, TIME_WORDS_EN[m["unit"].lower()], "time"
    if m := p.measure_after.match(t, pos):
        return m.end(), None, p.measure_words[m["unit"].lower()], "measure"
    if nouns and (m := _EN_NOUN_AFTER.match(t, pos)):
        noun, end = m["noun"], m.end()
        if m["adj"] and (noun.lower() in _STOPWORDS or noun in MONTHS_EN):
            noun, end = m["adj"], m.end("adj")  # "1,390 Soviet." -> "Soviet"
        lower = noun.lower()
        if lower not in _STOPWORDS and noun not in MONTHS_EN and not (
                lower.endswith("ed") and len(lower) > 4):  # "20,000 arrived": a verb
            return end, None, singular(noun), "noun"
    return None


def _year_like(digits: str, scale: int | None) -> bool:
    """1949 written without a comma reads as a year in English prose."""
    return not scale and len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2099


def _figures_en(t: str, weak: bool, p: _UnitPatterns) -> Iterator[Finding]:
    for m in _EN_NUMBER.finditer(t):
        text_num = m["num"]
        value = Decimal(text_num.replace(",", ""))
        start = m.start()
        currency = None
        if start and t[start - 1] in p.sign_ends and (
                sign := p.sign_before.search(t, max(0, start - 8), start)):
            currency = p.sign_code[sign["sign"].replace(" ", "")]
            start = sign.start()
        scale = EN_SCALES[m["sfx"]] if m["sfx"] else None
        end = m.end()
        if scale is None and (s := _EN_SCALE_AFTER.match(t, end)):
            scale, end = EN_SCALES[s["scale"].lower()], s.end()
        approx_start, word, precision = _en_approx(t, start)
        high = high_num = None
        r = _EN_RANGE_AFTER.match(t, end)
        if r and (r["dash"] or r["word"] == "to" or word == "between"):
            high_num = r["num"]
            high = Decimal(high_num.replace(",", ""))
            end = r.end()
            scale2 = EN_SCALES[r["sfx"]] if r["sfx"] else None
            if scale2 is None and (s := _EN_SCALE_AFTER.match(t, end)):
                scale2, end = EN_SCALES[s["scale"].lower()], s.end()
            high *= scale2 or scale or 1
            scale = scale or scale2  # "US$10–20 million": one scale for both
            precision = "range"
            if word in ("between", "from"):
                start = approx_start
        elif precision == "range":  # "between"/"from" without a second number
            precision = None
        elif precision:
            start = approx_start
        if scale:
            value *= scale
        if precision is None and (plus := _EN_PLUS_AFTER.match(t, end)):
            precision, end = ("at-least" if plus["plus"] else "approx"), plus.end()
        unit = cls = None
        if u := _en_unit(t, end, p, nouns=currency is None):
            end, unit_currency, unit, cls = u
            currency = currency or unit_currency
        if _year_like(text_num, scale) and (high_num is None or _year_like(high_num, scale)):
            strong = bool(currency or cls in ("time", "measure", "rate")
                          or (cls == "noun" and unit in p.units.counted_nouns_en))
        elif _year_like(text_num, scale) and high_num and re.fullmatch(r"\d\d", high_num) \
                and not scale:
            continue  # 1959–61: a range of years
        else:
            strong = bool(currency or scale or cls or "," in text_num
                          or precision in ("approx", "at-least", "at-most"))
        if strong or (weak and (cls or precision or high is not None)):
            yield _figure(t, start, end, value, precision, currency, unit, high, p)


def _figures_en_words(t: str, weak: bool, p: _UnitPatterns) -> Iterator[Finding]:
    for m in _EN_WORDS.finditer(t):
        try:
            value = Decimal(parse_english_words(m.group()))
        except NotationError:
            continue  # "tight", "sine": a first letter and the rest of a number word
        end = m.end()
        start, _, precision = _en_approx(t, m.start())
        if precision == "range":
            start, precision = m.start(), None
        elif precision is None:
            start = m.start()
        has_scale = " " in m.group()  # only a scale word follows a space in the match
        currency = unit = cls = None
        if u := _en_unit(t, end, p):
            end, currency, unit, cls = u
        strong = bool(currency or cls in ("measure", "rate") or (cls == "time" and value >= 2)
                      or (has_scale and value >= 100))
        if strong or (weak and (cls or has_scale)):
            yield _figure(t, start, end, value, precision, currency, unit, None, p)


def _figure(t, start, end, value, precision, currency, unit, high, p: _UnitPatterns) -> Finding:
    precision = precision or "exact"
    if precision == "range" and high < value:
        return Finding(start, end, "", "count", None,
                       f"the range '{t[start:end]}' runs backwards")
    if value == value.to_integral_value():
        value = value.to_integral_value()
    figure = Figure(value, precision, currency, unit, high)
    return Finding(start, end, "", figure_kind(figure, p.units), figure)


# -- Chinese figures -------------------------------------------------------------------------

_ZH_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?[十百千万萬亿億]*|[{CN}]+"
#: A run of digits and numerals, not after a digit, numeral, 几/数 ("几十亿": vague), 第 (ordinal)
#: or 每 ("every"); :data:`_ZH_NUM_EXACT` then takes the number at its start.
_ZH_NUMBER = re.compile(rf"[\d{CN}](?<![\d.,{CN}几幾数數第每].)(?:[\d{CN}]|[.,](?=\d))*")
_ZH_NUM_EXACT = re.compile(_ZH_NUM)
_ZH_RANGE_AFTER = re.compile(rf"(?:至|到|~|～|-|–|—)(?P<num>{_ZH_NUM})")
_ZH_MORE = re.compile(r"多|余|餘|来|來")
#: Where a number may be followed by a unit, a 多/余, a range or a trailing word: the first
#: character after it is one of these (or any CJK character).
_ZH_FOLLOW = set("%-~–—")
_ZH_TIME = {**TIME_WORDS_ZH, "个星期": "week", "個星期": "week", "週": "week"}
_ZH_AFTER = re.compile(r"左右|上下|以上|以下|之多")
_ZH_BEFORE = re.compile(
    r"(?P<rate>年息|年利率|年利)?(?P<p>大约|约为|约|約|将近|將近|接近|几近|近|逾|超过|超過|多达|多達"
    r"|至少|不到|不足|不少于|不下|最多|不超过|上)?$"
)
_ZH_PRECISION = {"逾": "at-least", "超过": "at-least", "超過": "at-least", "多达": "at-least",
                 "多達": "at-least", "至少": "at-least", "不少于": "at-least", "不下": "at-least",
                 "不到": "at-most", "不足": "at-most", "最多": "at-most", "不超过": "at-most",
                 "以上": "at-least", "以下": "at-most"}
_ZH_RATE_LINK = re.compile(r"等于|等於|折合|兑换|兌換|兑|兌|合|=")


def _zh_unit(t: str, pos: int, p: _UnitPatterns):
    """The unit at ``pos``: (end, currency, unit, class) or None."""
    m = p.zh_unit.match(t, pos)
    if not m:
        return None
    group, word = m.lastgroup, m.group()
    if group == "cur":
        return m.end(), p.units.currency_words_zh[word], None, "currency"
    if group == "time":
        return m.end(), None, _ZH_TIME[word[0] if word[0] in "周週" else word], "time"
    if group == "measure":
        return m.end(), None, p.units.measure_words_zh[word], "measure"
    return m.end(), None, word, group


def _is_year(raw: str) -> bool:
    """1950 or 一九五〇 before 年: a year, not a duration."""
    return len(raw) == 4 and (raw.isdigit() or all(c in _CN_PLAIN_DIGITS for c in raw))


def _figures_zh(t: str, weak: bool, p: _UnitPatterns) -> Iterator[Finding]:
    for run in _ZH_NUMBER.finditer(t):
        m = _ZH_NUM_EXACT.match(t, run.start())
        assert m is not None  # every run of _ZH_NUMBER starts with a number
        raw, start, end = m.group(), m.start(), m.end()
        following = t[end] if end < len(t) else ""
        big = any(c in raw for c in "万萬亿億")
        if not (big or following in _ZH_FOLLOW or following > "\u2e7f"):
            continue  # English text: "300 million" is the English scanner's
        try:
            value = parse_chinese(raw)
        except NotationError:
            continue
        digits = raw[0].isdigit()
        high = precision = None
        if (r := _ZH_RANGE_AFTER.match(t, end)) and (
                _zh_unit(t, r.end(), p) or r["num"][-1] in "万萬亿億"):
            try:
                high = parse_chinese(r["num"])
            except NotationError:
                pass
            else:
                end, precision = r.end(), "range"
        if high is None and (more := _ZH_MORE.match(t, end)) and _zh_unit(t, more.end(), p):
            precision = "approx" if more.group() in "来來" else "at-least"
            if precision == "at-least":  # 200多人: 200 up to 300
                high = value + resolution(value)
            end = more.end()
        currency = unit = cls = None
        if unit_info := _zh_unit(t, end, p):
            end, currency, unit, cls = unit_info
            if unit == "year" and _is_year(raw):
                continue
        before = _ZH_BEFORE.search(t, max(0, start - 6), start)
        assert before is not None  # every group optional: it matches, if only the empty string
        per_year = bool(before["rate"])
        if before["p"] and precision is None and (before["p"] != "上" or raw[0] in "百千万萬"):
            precision = _ZH_PRECISION.get(before["p"], "approx")
            start = before.start()
        elif per_year:
            start = before.start()
        if precision is None and (after := _ZH_AFTER.match(t, end)):
            precision, end = _ZH_PRECISION.get(after.group(), "approx"), after.end()
        if unit == "percent" and per_year:
            unit, cls = "percent/year", "rate"
        if cls == "currency" and currency and value == 1 and \
                (link := _ZH_RATE_LINK.match(t, end)) and \
                (rate := _zh_rate(t, link.end(), currency, p)):
            (end, value, unit, approx), currency, cls = rate, None, "rate"  # 1新卢布等于4.45旧卢布
            precision = "approx" if approx else precision  # 1新卢布合约4.444卢布
        if digits:
            strong = bool(cls or big or precision)
        else:  # Chinese numerals: 一 and 两 are everywhere in prose; only clear figures count
            strong = bool(cls in ("currency", "measure", "rate")
                          or (cls in ("time", "strong") and value >= 2)
                          or (cls == "weak" and value >= 10) or (big and cls))
        if strong or (weak and (cls or big)):
            yield _figure(t, start, end, value, precision, currency, unit, high, p)


_ZH_RATE_ABOUT = re.compile(r"大约|约为|约|約")


def _zh_rate(t: str, pos: int, per: str, p: _UnitPatterns):
    """After the link word of ``1新卢布等于4.45旧卢布`` (or ``合约4.444卢布``): (end, value,
    unit, whether approximate) of the rate."""
    about = _ZH_RATE_ABOUT.match(t, pos)
    if about:
        pos = about.end()
    m = _ZH_NUM_EXACT.match(t, pos)
    if not m:
        return None
    try:
        value = parse_chinese(m.group())
    except NotationError:
        return None
    unit = _zh_unit(t, m.end(), p)
    if not unit or unit[3] != "currency":
        return None
    return unit[0], value, f"{unit[1]}/{per}", bool(about)


# -- putting it together ---------------------------------------------------------------------


def _select(candidates: Iterable[Finding], taken: list[tuple[int, int]]) -> list[Finding]:
    """The longest candidates that overlap neither each other nor the disjoint ``taken`` spans."""
    starts = [start for start, _ in taken]
    found: list[Finding] = []
    last_end = 0
    for c in sorted(candidates, key=lambda c: (c.start, c.start - c.end)):
        if c.start < last_end or c.start == c.end:
            continue
        k = bisect.bisect_right(starts, c.end - 1) - 1
        if k >= 0 and taken[k][1] > c.start:  # disjoint spans: ends sorted like starts
            continue
        found.append(c)
        last_end = c.end
    return found


#: The last word before a label number, or inside a list of them: a cheap test first.
_FREE_LAST = re.compile(r"(?:.*\.|§|and|to|,|[-–—]|\d+[a-z]?[-–—,]?|articles?|chapters?|sections?"
                        r"|figures?|tables?|notes?|items?|pages?|volumes?|parts?|paragraphs?"
                        r"|clauses?|lines?|documents?|no)", re.I)


def _free(t: str, finding: Finding) -> bool:
    """A page or label number ("p. 257", "Article 3"), or part of a URL."""
    start = finding.start
    if start and not t[start - 1].isspace() and t[start - 1] not in "§-–—," and \
            _URL_BEFORE.search(t, max(0, start - 200), start):
        return True
    last = _last_word(t, start, 16).lstrip("([{“‘'\"")  # "(document 2" as "document 2"
    return bool(last and _FREE_LAST.fullmatch(last)
                and _FREE_BEFORE.search(t, max(0, start - 40), start))


# Quick tests of which passes can find anything in a text: most blocks of a book hold no digit
# (so no English date, no figure in digits) and no Chinese. A pass is skipped only where it
# cannot find anything, so the findings are the same as when every pass runs.

_FULLWIDTH_CHARS = re.compile("[%s]" % re.escape("０１２３４５６７８９．％＄"))
_DIGIT = re.compile(r"\d")
#: Where :func:`_figures_zh` may yield something: a character beyond U+2E7F (Chinese, or
#: whatever follows a number there: its test ``following > "\u2e7f"``), or else a digit just
#: before one of :data:`_ZH_FOLLOW` ("50%-60%").
_BEYOND_2E7F = re.compile(r"[^\x00-\u2e7f]")
_ZH_FOLLOW_CHARS = "".join(sorted(_ZH_FOLLOW))
_DIGIT_ZH_FOLLOW = re.compile(r"\d[%s]" % re.escape(_ZH_FOLLOW_CHARS))


def _may_hold_zh_figure(t: str, ascii_only: bool, digits: bool) -> bool:
    if not ascii_only and _BEYOND_2E7F.search(t):
        return True
    return digits and any(c in t for c in _ZH_FOLLOW_CHARS) and \
        _DIGIT_ZH_FOLLOW.search(t) is not None


def scan_all(text: str, weak: bool = False, units: UnitTable | None = None) -> list[Finding]:
    """Every date and figure in ``text``, sorted, not overlapping; dates win over figures.

    ``weak=True`` also returns what strict mode lets pass as too vague to be a fact ("three
    loans", "1390 experts" without the comma that tells a count from a year);
    :func:`checks.notation.parse` reads a ``{fact}`` role's words with it. ``units``: the
    book's currencies and units (:mod:`checks.unitfile`); None: the built-in ones.
    """
    ascii_only = text.isascii()
    t = _halfwidth(text, ascii_only)
    digits = _DIGIT.search(t) is not None
    dates = [d for d in _dates(t, digits) if not _free(t, d)]
    candidates: list[Finding] = []
    p = _patterns(units or builtin_units())
    if digits:
        candidates.extend(_figures_en(t, weak, p))
    # (No quick test for number words: any costs about as much as their own pattern.)
    candidates.extend(_figures_en_words(t, weak, p))
    if _may_hold_zh_figure(t, ascii_only, digits):
        candidates.extend(_figures_zh(t, weak, p))
    if not dates and not candidates:
        return []
    if dates:
        dates = _select(dates, [])
    figures = _select((f for f in candidates if not _free(t, f)),
                      [(d.start, d.end) for d in dates])
    found = sorted(dates + figures, key=lambda f: f.start)
    return _finish(text, t, found)


def _halfwidth(text: str, ascii_only: bool) -> str:
    """``text`` with full-width digits and signs made ASCII (one character for one)."""
    if ascii_only or not _FULLWIDTH_CHARS.search(text):
        return text
    return text.translate(FULLWIDTH)


def scan_dates(text: str) -> list[Finding]:
    """The dates of :func:`scan_all` (with or without ``weak``), without looking for figures.

    Dates never depend on figures (where both overlap, the date wins), so these are exactly the
    date findings of :func:`scan_all`; :func:`checks.notation.parse` reads a date fact's words
    with it.
    """
    t = _halfwidth(text, text.isascii())
    dates = [d for d in _dates(t, _DIGIT.search(t) is not None) if not _free(t, d)]
    if not dates:
        return []
    return _finish(text, t, sorted(_select(dates, []), key=lambda f: f.start))


def _finish(text: str, t: str, found: list[Finding]) -> list[Finding]:
    """Each finding's text, and for a month–day the last year written before it."""
    years: list[tuple[int, int]] | None = None
    result = []
    for f in found:
        hint = None
        if isinstance(f.value, DateValue) and f.value.year is None:
            if years is None:
                years = [(m.start(), int(m.group())) for m in _YEAR.finditer(t)]
            k = bisect.bisect_left(years, (f.start, -1)) - 1
            hint = years[k][1] if k >= 0 else None
        result.append(Finding(f.start, f.end, text[f.start:f.end], f.kind, f.value, f.error,
                              hint))
    return result


def scan(text: str, units: UnitTable | None = None) -> list[Finding]:
    """Every date and figure strict mode flags in ``text`` (see the module docstring), with the
    book's currencies and units (None: the built-in ones)."""
    return scan_all(text, weak=False, units=units)
