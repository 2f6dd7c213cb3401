"""The words the checks write for readers, in the language of the build (checks/wording.py):
every phrase the code says has its Chinese, with the same fields."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from babel.messages.pofile import read_po

from checks.wording import LOCALE, fill, wording

CHECKS = Path(__file__).resolve().parents[1] / "checks"
CHINESE = LOCALE / "zh_CN" / "LC_MESSAGES" / "checks.po"
SAYING = {"say", "phrase"}
#: Fields a template is given beyond those its English shows (a month also has its number).
OFFERED = {"{month_name} {year}": {"month"}, "The {decade}s": {"century", "years"}}


def said_phrases() -> dict[str, str]:
    """Every literal phrase the checks' code says (``say("Date")``, ``self.phrase(...)``,
    ``wording(lang)("...")``), with where it is said."""
    found: dict[str, str] = {}
    for path in sorted(CHECKS.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            func = call.func
            name = (func.id if isinstance(func, ast.Name) else
                    func.attr if isinstance(func, ast.Attribute) else "")
            said_now = isinstance(func, ast.Call) and getattr(func.func, "id", "") == "wording"
            if name not in SAYING and not said_now:
                continue
            for arg in ast.walk(call.args[0]):  # "A" if x else "B": both
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.name}:{call.lineno}")
    return found


def fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_the_code_says_its_phrases_through_the_catalogue() -> None:
    said = said_phrases()
    # The scan finds what the pages, popovers and charts say: a scan that found nothing would
    # make the next test pass for nothing.
    assert {"Date", "sources differ", "{source} gives {value}.", "Other readings",
            "{label}: {days} days", "Bar chart, in the order of the list: {items}."} <= set(said)


def test_every_phrase_has_its_chinese_with_the_same_fields() -> None:
    with CHINESE.open("rb") as handle:
        catalogue = {m.id: m for m in read_po(handle) if m.id}
    for phrase, where in said_phrases().items():
        message = catalogue.get(phrase)
        assert message is not None and message.string and not message.fuzzy, \
            f"{where}: {phrase!r} has no Chinese in {CHINESE.name}"
        translated, offered = fields(str(message.string)), OFFERED.get(phrase)
        if offered is None:  # the same fields: no value lost, none asked for that is not given
            assert translated == fields(phrase), (where, phrase, translated)
        else:  # the month's name or its number; a decade's century
            assert translated <= fields(phrase) | offered, (where, phrase, translated)


def test_a_build_language_says_its_words_and_english_its_own() -> None:
    assert wording("en")("The {decade}s", decade=1950) == "The 1950s"
    assert wording(None)("sources differ") == "sources differ"
    assert wording("zh_CN")("The {decade}s", decade=1950, century=20, years="50") == \
        "20世纪50年代"
    assert wording("fr")("sources differ") == "sources differ"  # no catalogue: English


def test_a_template_fills_with_nodes_in_the_languages_order() -> None:
    from docutils import nodes

    out = fill(wording("zh_CN")("{source} gives {value}."), source=[nodes.strong("", "A")],
               value=[nodes.Text("1950年")])
    assert "".join(node.astext() for node in out) == "A作1950年。"
    assert isinstance(out[0], nodes.strong)
