"""Numbers written in digits, English words or Chinese numerals, read into and out of Decimal.

Decimal keeps written amounts exact: 56.76亿 is 5,676,000,000, not 5675999999.999999.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .model import NotationError

#: Full-width digits and signs to ASCII, one character for one so offsets stay valid.
FULLWIDTH = str.maketrans("０１２３４５６７８９．％＄", "0123456789.%$")

EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
           "eighty": 80, "ninety": 90}
EN_SCALES = {"hundred": 10**2, "thousand": 10**3, "million": 10**6, "billion": 10**9,
             "m": 10**6, "bn": 10**9}

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
             "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
             "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
#: Every character of a Chinese numeral.
CN_NUMERAL_CHARS = "".join([*CN_DIGITS, *CN_SMALL_UNITS, *CN_BIG_UNITS])


def parse_decimal(text: str) -> Decimal:
    """``"1,390"`` -> 1390, ``"4.45"`` -> 4.45 (commas group thousands)."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise NotationError(f"'{text}' is not a number") from None


def parse_english_words(text: str) -> int:
    """``"thirty"``, ``"twenty-five"``, ``"two hundred"``, ``"a thousand"`` -> int."""
    total = current = 0
    seen = False
    for word in text.lower().replace("-", " ").split():
        if word == "a" and not seen:
            current, seen = 1, True
        elif word == "and":
            continue
        elif word in EN_UNITS:
            current += EN_UNITS[word]
            seen = True
        elif word in EN_TENS:
            current += EN_TENS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in EN_SCALES:
            total += (current or 1) * EN_SCALES[word]
            current = 0
        else:
            raise NotationError(f"'{word}' is not an English number word")
    return total + current


def parse_chinese(text: str) -> Decimal:
    """A Chinese number: numerals, digits, or both, with 十百千 and 万/亿 multipliers.

    ``"一千零四十九"`` -> 1049, ``"两"`` -> 2, ``"千"`` -> 1000, ``"56.76亿"`` -> 5676000000,
    ``"46974万"`` -> 469740000, ``"一九四九"`` -> 1949 (digit by digit).
    """
    text = text.replace(",", "")
    if not text:
        raise NotationError("no number")
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:
        return Decimal("".join(str(CN_DIGITS[ch]) for ch in text))
    total = section = Decimal(0)
    number: Decimal | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit() and ch.isascii():
            j = i
            while j < len(text) and (text[j].isascii() and (text[j].isdigit() or text[j] == ".")):
                j += 1
            number = parse_decimal(text[i:j])
            i = j
            continue
        if ch in CN_DIGITS:
            number = Decimal(CN_DIGITS[ch])
        elif ch in CN_SMALL_UNITS:
            section += (Decimal(1) if number is None else number) * CN_SMALL_UNITS[ch]
            number = None
        elif ch in CN_BIG_UNITS:
            amount = section + (number or 0)
            if not amount:
                amount = Decimal(1)
            if CN_BIG_UNITS[ch] == 10**8:
                total = (total + amount) * CN_BIG_UNITS[ch]
            else:
                total += amount * CN_BIG_UNITS[ch]
            section, number = Decimal(0), None
        else:
            raise NotationError(f"'{ch}' is not part of a Chinese number")
        i += 1
    return total + section + (number or 0)


def plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 300, 4.45, 5.676."""
    text = format(value.normalize(), "f")
    return text


def group(value: Decimal) -> str:
    """Digits grouped by thousands: 1,390; 20,000; 4.45."""
    text = plain(value)
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return sign + whole + ("." + fraction if fraction else "")


def scaled_english(value: Decimal) -> str:
    """``1.2 billion``, ``300 million``, ``1,390``: the way English prose writes amounts."""
    for word, size in (("billion", 10**9), ("million", 10**6)):
        if abs(value) >= size:
            return f"{plain(value / size)} {word}"
    return group(value)


def scaled_chinese(value: Decimal) -> str:
    """``3亿``, ``56.76亿``, ``2万``, ``1390``: the way Chinese prose writes amounts."""
    for word, size in (("亿", 10**8), ("万", 10**4)):
        if abs(value) >= size:
            return f"{plain(value / size)}{word}"
    return plain(value)


_EN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def english_word(n: int) -> str:
    """``2`` -> ``"two"`` for 0–10; digits above."""
    return _EN_WORDS[n] if 0 <= n <= 10 else f"{n:,}"


def chinese_small(n: int) -> str:
    """``2`` -> ``"两"``, ``12`` -> ``"十二"``, ``30`` -> ``"三十"`` for 1–99; digits above."""
    digits = "零一二三四五六七八九"
    if n == 2:
        return "两"
    if 0 <= n < 10:
        return digits[n]
    if 10 <= n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")
    return str(n)
