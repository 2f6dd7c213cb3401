"""Chinese text in an English book: where its runs are, which script each is in, how search
splits it.

A pure module (no Sphinx), shared by two parts of this package: :mod:`.lang` marks every run of
Chinese with ``lang="zh-Hans"`` or ``lang="zh-Hant"``, and :mod:`.search` indexes and searches
Chinese by characters. Run it to regenerate its character tables (``scripts.py``), with ICU's
``uconv`` (Debian: icu-devtools)::

    python _ext/sinosoviet/chinese/text.py > _ext/sinosoviet/chinese/scripts.py

What counts as a run. A run starts and ends with a *core* character: a Han ideograph, CJK
punctuation (、。《》「」（）…) or a full-width form; between two core characters it may hold
*joiners*: digits and the punctuation Chinese text borrows from ASCII and general punctuation
(, . : ; ! ? % / - · — … “ ” ‘ ’ " '). A number written against a run's first character belongs to
it (``1950年``, ``56.76亿卢布``, ``1,049架``). Latin letters, spaces and ASCII brackets end a run,
so in ``Zhou Enlai 周恩来 (周恩來)`` or a list ``红旗, 紅旗`` the simplified and the traditional
form are two runs, each with its own script, and the brackets, commas and spaces stay English.

Which script. A run is ``zh-Hant`` when it holds more characters that only traditional script uses
(國 關 係 條 約 與 蘇 聯 戰 …) than characters that only simplified script uses
(国 关 条 约 与 苏 联 战 …), and ``zh-Hans`` otherwise: the book quotes mostly simplified sources,
so a run with neither kind (中文 and 莫斯科 are written alike in both) or as many of each is
simplified. The two tables come from ICU's character transliterators (``Traditional-Simplified``
and ``Simplified-Traditional``, ICU 72): a traditional-only character is one the first rewrites, a
simplified-only one is one the second rewrites; characters that both scripts write the same way in
common words (著, 乾; 后, 干, 里, 系, 面, 云, 只 …, where a merged simplified form is also an
ordinary traditional character) are left out of both, so they never tip a run.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

#: Han ideographs: radicals, 々 〇 and the Hangzhou numerals, extension A, the unified block, the
#: compatibility block and extensions B to H. The same ranges are used by the search's JavaScript.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
)
#: CJK punctuation and full-width forms: core characters of a run, but not words for the search.
CJK_PUNCTUATION_RANGES: tuple[tuple[int, int], ...] = (
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF60),  # full-width ASCII forms and brackets
    (0xFFE0, 0xFFE6),  # full-width signs
)
#: What may stand between two core characters of a run (see the module's docstring).
JOINERS = "0-9,.:;!?%/\\-·\u2014\u2013\u2026\u201c\u201d\u2018\u2019\"'"


def char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The body of a regular-expression character class matching ``ranges`` (Python syntax)."""
    return "".join(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)


def js_char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """The same for a JavaScript regular expression with the ``u`` flag."""
    return "".join(f"\\u{{{lo:X}}}" + ("" if lo == hi else f"-\\u{{{hi:X}}}") for lo, hi in ranges)


HAN = char_class(HAN_RANGES)
_CORE = HAN + char_class(CJK_PUNCTUATION_RANGES)
#: One run of Chinese text.
RUN = re.compile(f"(?:[0-9]+(?:[.,][0-9]+)*)?[{_CORE}](?:[{JOINERS}]*[{_CORE}])*")
#: The same run as the source of a JavaScript regular expression (``u`` flag), for the search page.
RUN_JS = (f"(?:[0-9]+(?:[.,][0-9]+)*)?[{js_char_class(HAN_RANGES + CJK_PUNCTUATION_RANGES)}]"
          f"(?:[{JOINERS}]*[{js_char_class(HAN_RANGES + CJK_PUNCTUATION_RANGES)}])*")
#: A run of Han characters only (what the search splits into characters).
HAN_RUN = re.compile(f"[{HAN}]+")

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"


def runs(text: str) -> Iterator[re.Match[str]]:
    """Every run of Chinese text in ``text``, in order."""
    return RUN.finditer(text)


def has_han(text: str) -> bool:
    return HAN_RUN.search(text) is not None


def script(run: str) -> str:
    """``zh-Hant`` if ``run`` is written in traditional script, else ``zh-Hans``."""
    from .scripts import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

    traditional = sum(char in TRADITIONAL_ONLY for char in run)
    simplified = sum(char in SIMPLIFIED_ONLY for char in run)
    return TRADITIONAL if traditional > simplified else SIMPLIFIED


_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")
#: Elements whose text is not marked in raw HTML: code, scripts, styles.
_VERBATIM = frozenset({"script", "style", "code", "pre", "kbd", "samp", "textarea"})


def mark_html(html: str, xml: bool = False) -> str:
    """``html`` with each run of Chinese in its text (never in a tag, an attribute, code, a script
    or a style) wrapped in ``<span lang="zh-Hans">`` (or ``zh-Hant``; with ``xml``, ``xml:lang``
    too). HTML that marks languages itself (``lang=``) is returned as it is."""
    if "lang=" in html or not has_han(html):
        return html
    parts, verbatim = [], 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() in _VERBATIM and not part.endswith("/>"):
                verbatim += -1 if tag.group(1) else 1
            parts.append(part)
        elif verbatim > 0:
            parts.append(part)
        else:
            parts.append(RUN.sub(lambda run: _span(run.group(), xml), part))
    return "".join(parts)


def _span(run: str, xml: bool) -> str:
    lang = script(run)
    attributes = f'lang="{lang}" xml:lang="{lang}"' if xml else f'lang="{lang}"'
    return f"<span {attributes}>{run}</span>"


def han_terms(run: str) -> list[str]:
    """A run of Han characters as search terms: each character, and each pair of neighbours.

    Chinese is written without spaces, so a name is found inside any longer run that holds it:
    ``周恩来前往莫斯科`` gives 周恩 and 恩来 among its pairs, which a query for 周恩来 asks for.
    """
    if len(run) < 2:
        return [run]
    return list(run) + [run[i : i + 2] for i in range(len(run) - 1)]


def query_terms(run: str) -> list[str]:
    """What a query's run of Han characters asks for: its pairs (or the single character)."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


# -- The tables ------------------------------------------------------------------------------------

#: Written the same way in both scripts in common words (see the module's docstring).
SHARED_TRADITIONAL = "著乾藉瞭"
SHARED_SIMPLIFIED = (
    "后干里台系面云只范谷松表制几才冲征向丑卜斗了划回伙借胡姜卷朴仆涂咽舍同吁御郁折致注准余沈游于"
    "佣占蒙刮困栗秋千扎出合"
)


def generate_tables() -> str:
    """The source of ``scripts.py``, from ICU's transliterators (``uconv``)."""
    import subprocess
    import textwrap

    blocks = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
    chars = [chr(c) for lo, hi in blocks for c in range(lo, hi + 1)]

    def rewritten(transliterator: str, shared: str) -> set[str]:
        out = subprocess.run(["uconv", "-x", transliterator], input="\n".join(chars),
                             capture_output=True, text=True, check=True).stdout.split("\n")
        return {c for c, to in zip(chars, out, strict=True)
                if len(to) == 1 and to != c and c not in shared}

    traditional = rewritten("Traditional-Simplified", SHARED_TRADITIONAL)
    simplified = rewritten("Simplified-Traditional", SHARED_SIMPLIFIED)
    both = traditional & simplified  # a variant each way round (苎 苧): no signal
    version = subprocess.run(["uconv", "--version"], capture_output=True, text=True).stdout.strip()

    def table(name: str, chars: set[str]) -> str:
        lines = textwrap.wrap("".join(sorted(chars - both)), 40)
        return f"{name} = frozenset(\n" + "".join(f'    "{line}"\n' for line in lines) + ")\n"

    return (
        '"""Characters only one Chinese script uses (see text.py). Generated by\n'
        f"``python _ext/sinosoviet/chinese/text.py > _ext/sinosoviet/chinese/scripts.py``\n"
        f"with {version}: do not edit.\"\"\"\n\n"
        + table("TRADITIONAL_ONLY", traditional) + "\n" + table("SIMPLIFIED_ONLY", simplified)
    )


if __name__ == "__main__":
    sys.stdout.write(generate_tables())
