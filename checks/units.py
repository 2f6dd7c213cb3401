"""Currencies, units of time and measure, and counted nouns, in English and Chinese.

One table per concept, from the words a writer uses to the codes the registry uses; the scanner
builds its patterns from these tables and the formatter reads its names back from them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .model import TIME_UNITS

if TYPE_CHECKING:
    from .model import Figure

#: English currency words after a number ("1.2 billion roubles"), longest first where it matters.
CURRENCY_WORDS_EN = {
    "old roubles": "SUR", "old rubles": "SUR", "old rouble": "SUR", "old ruble": "SUR",
    "new roubles": "SUR61", "new rubles": "SUR61", "new rouble": "SUR61", "new ruble": "SUR61",
    "roubles": "SUR", "rubles": "SUR", "rouble": "SUR", "ruble": "SUR",
    "US dollars": "USD", "U.S. dollars": "USD", "American dollars": "USD",
    "dollars": "USD", "dollar": "USD", "USD": "USD",
    "yuan": "CNY", "renminbi": "CNY", "RMB": "CNY", "CNY": "CNY",
    "yen": "JPY", "JPY": "JPY",
    "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "GBP": "GBP",
}
#: English currency signs and codes before a number ("US$300 million").
CURRENCY_SIGNS_EN = {
    "US$": "USD", "US $": "USD", "$": "USD", "USD": "USD", "£": "GBP", "GBP": "GBP",
    "RMB": "CNY", "CNY": "CNY", "JPY": "JPY",
}
#: Chinese currency words after a number ("3亿美元", "3.296亿1961版新卢布").
CURRENCY_WORDS_ZH = {
    "美元": "USD", "美金": "USD",
    "1961版新卢布": "SUR61", "1961年版新卢布": "SUR61", "新卢布": "SUR61", "新盧布": "SUR61",
    "旧卢布": "SUR", "舊盧布": "SUR", "老卢布": "SUR", "卢布": "SUR", "盧布": "SUR",
    "元人民币": "CNY", "元人民幣": "CNY", "人民币": "CNY", "人民幣": "CNY", "元": "CNY",
    "日元": "JPY", "英镑": "GBP", "英鎊": "GBP",
}

#: Units of time: English word (singular or plural) or Chinese word -> unit.
TIME_WORDS_EN = {"day": "day", "days": "day", "week": "week", "weeks": "week",
                 "month": "month", "months": "month", "year": "year", "years": "year"}
TIME_WORDS_ZH = {"个月": "month", "個月": "month", "天": "day", "日": "day", "周": "week",
                 "週": "week", "星期": "week", "年": "year"}

#: Units of measure.
MEASURE_WORDS_EN = {
    "per cent": "percent", "percent": "percent", "%": "percent",
    "tonnes": "tonne", "tonne": "tonne", "tons": "tonne", "ton": "tonne",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km", "km": "km",
}
MEASURE_WORDS_ZH = {"%": "percent", "％": "percent", "吨": "tonne", "噸": "tonne",
                    "公里": "km", "千米": "km"}
MEASURE_UNITS = frozenset(MEASURE_WORDS_EN.values())

#: Chinese classifiers that make a number a count even when written in Chinese numerals
#: ("一千架"); others (人, 个, 国, ...) count only digits or numbers of ten and more.
STRONG_CLASSIFIERS_ZH = ("个师", "個師", "架", "名", "项", "項", "笔", "筆", "票", "艘", "辆",
                         "輛", "门", "門")
WEAK_CLASSIFIERS_ZH = ("个项目", "個項目", "个", "個", "人", "位", "国", "國", "次", "条", "條",
                       "家", "座", "所", "批", "件", "台", "臺", "部", "份", "师", "師", "倍")

#: How the registry's currencies are written (formatting).
CURRENCY_NAMES = {
    # code: (English sign before the number, English word after it, Chinese word after it)
    "USD": ("US$", "", "美元"),
    "SUR": ("", "roubles", "卢布"),
    "SUR61": ("", "new roubles", "新卢布"),
    "CNY": ("", "yuan", "元"),
    "JPY": ("", "yen", "日元"),
    "GBP": ("£", "", "英镑"),
}
#: A currency in the singular after "per" ("4 roubles per US dollar").
CURRENCY_SINGULAR_EN = {"USD": "US dollar", "SUR": "rouble", "SUR61": "new rouble",
                        "CNY": "yuan", "JPY": "yen", "GBP": "pound"}

_IRREGULAR_PLURALS = {"person": "people", "aircraft": "aircraft", "percent": "per cent",
                      "km": "km", "yuan": "yuan", "yen": "yen", "series": "series"}
_SINGULARS = {plural: singular for singular, plural in _IRREGULAR_PLURALS.items()}


#: Nouns that are counted, never the subject after a year: "1390 experts" is a count even without
#: the comma that usually tells a count ("1,390") from a year ("in 1949 the party ...").
COUNTED_NOUNS_EN = frozenset({
    "adviser", "advisor", "aircraft", "article", "casualty", "delegate", "division", "engineer",
    "enterprise", "expert", "factory", "loan", "person", "pilot", "plane", "plant", "project",
    "soldier", "specialist", "tank", "technician", "troop", "volunteer", "vote",
})


def plural(noun: str, count: object) -> str:
    """The English form of ``noun`` after the number ``count`` (1 month, 2 months, 3 aircraft)."""
    if noun == "percent":
        return "per cent"
    if str(count) == "1":
        return noun
    if noun in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[noun]
    if re.search(r"(?:s|x|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def singular(word: str) -> str:
    """The lemma of an English counted noun ("experts" -> "expert"); lenient, for messages."""
    word = word.lower()
    if word in _SINGULARS:
        return _SINGULARS[word]
    if re.search(r"[^aeiou]ies$", word):
        return word[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", word):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def unit_class(unit: str | None) -> str | None:
    """"time", "measure", "rate" or "noun" (a counted noun); None for no unit."""
    if unit is None:
        return None
    if "/" in unit:
        return "rate"
    if unit in TIME_UNITS:
        return "time"
    if unit in MEASURE_UNITS:
        return "measure"
    return "noun"


def figure_kind(figure: Figure) -> str:
    """The kind of fact a figure most likely states."""
    cls = unit_class(figure.unit)
    if cls == "rate":
        return "rate"
    if figure.currency:
        return "money"
    return {"time": "duration", "measure": "quantity"}.get(cls or "", "count")
