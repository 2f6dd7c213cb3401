"""Currencies and units as data: the registry's units.toml, read with located problems; a
currency or unit a book adds without touching code; and the wrong unit, currency, kind or
weekday in a build, at its file and line."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.match import match
from checks.model import Figure, Subtype
from checks.notation import format_figure
from checks.notation import parse as parse_words
from checks.scan import scan
from checks.unitfile import BUILTIN_PATH, UNITS_NAME, load_units, units_path
from checks.units import builtin_units
from checks_helpers import build, cli_warnings, parse
from core_facts import number_fact, registry_from

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"

#: (file, line, subtype, words the message must contain) for test-checks-units.
UNITS_ROOT = [
    ("chapters/one.md", 5, "wrong_weekday", ["'Wednesday'", "was a Tuesday"]),
    ("chapters/one.md", 7, "wrong_weekday", ["'星期三'", "1950年2月14日 was a 星期二"]),
    ("chapters/one.md", 9, "wrong_unit", ["'eight experts'", "'karakhan-delay'",
                                          "duration in months", "facts/01-facts.toml:8"]),
    ("chapters/one.md", 11, "wrong_unit", ["'捌笔'", "八个月"]),
    ("chapters/one.md", 13, "wrong_unit", ["'US$1.2 billion'", "roubles (SUR)"]),
    ("chapters/one.md", 15, "wrong_unit", ["'eight years'", "count of projects"]),
    ("chapters/one.md", 22, "unbound", ["'200 million marks'", "register it"]),
    ("chapters/one.md", 24, "unbound", ["'2亿马克'"]),
]


def _check(lines: list[str], expected) -> None:
    located = [parse(line) for line in lines]
    assert located == [(path, line, subtype) for path, line, subtype, _ in expected], lines
    for line, (_, _, _, words) in zip(lines, expected, strict=True):
        for word in words:
            assert word in line, (word, line)


@pytest.fixture
def units_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "units"
    shutil.copytree(ROOTS / "test-checks-units", srcdir)
    return srcdir


def test_build_reports_each_wrong_binding_at_its_line(units_root: Path) -> None:
    _app, lines = build(units_root)
    _check(lines, UNITS_ROOT)
    html = (units_root / "_build" / "html" / "chapters" / "one.html").read_text("utf-8")
    assert "500 million marks" in html  # {fact}`credit-dem` in the book's own currency
    assert "1.2 billion roubles" in html


def test_cli_reports_the_same(units_root: Path) -> None:
    status, lines = cli_warnings(units_root)
    assert status != 0
    _check(lines, UNITS_ROOT)


def test_a_currency_added_in_the_file_is_read_written_and_checked() -> None:
    table, problems = load_units(ROOTS / "test-checks-units" / "facts")
    assert problems == [] and table is not None
    assert [f.text for f in scan("a credit of DM 200 million, and 3亿马克", table)] == \
        ["DM 200 million", "3亿马克"]
    # The built-in table has no marks: a bare amount, with no currency.
    assert [f.value.currency for f in scan("a credit of DM 200 million")] == [None]
    figure = parse_words("500 million marks", "money", table)
    assert figure == Figure(Decimal(500_000_000), currency="DEM")
    assert format_figure(figure, "en", units=table) == "500 million marks"
    assert format_figure(figure, "zh", units=table) == "5亿马克"
    credit = number_fact("credit-dem", "money", 500_000_000, currency="DEM")
    assert match("5亿马克", credit, units=table) is None
    wrong = match("US$500 million", credit, units=table)
    assert wrong.subtype == Subtype.WRONG_UNIT and "marks (DEM)" in wrong.message
    area = number_fact("farm-area", "quantity", 3000, unit="hectare")
    assert match("3,000 hectares", area, units=table) is None
    assert match("3000公顷", area, units=table) is None
    assert match("3,000 experts", area, units=table).subtype == Subtype.WRONG_UNIT


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**12).map(Decimal), st.sampled_from(["DEM", "SUR", "USD"]),
       st.sampled_from(["exact", "approx", "at-least", "at-most"]),
       st.sampled_from(["en", "zh"]))
def test_the_book_s_currencies_round_trip(amount: Decimal, code: str, precision: str,
                                          notation: str) -> None:
    table, _ = load_units(ROOTS / "test-checks-units" / "facts")
    figure = Figure(amount, precision, code)
    written = format_figure(figure, notation, units=table)
    fact = number_fact("x", "money", amount, currency=code, precision=precision)
    assert match(written, fact, units=table) is None, written
    assert parse_words(written, "money", table).currency == code


def test_the_built_in_and_the_book_s_files_have_no_problems() -> None:
    for directory in (BUILTIN_PATH.parent, REPO / "facts"):
        table, problems = load_units(directory)
        assert problems == [] and table is not None
    book, _ = load_units(REPO / "facts")
    assert book.codes == builtin_units().codes == ("USD", "SUR", "SUR61", "CNY", "JPY", "GBP")


def test_a_registry_without_the_file_uses_the_built_in_one(tmp_path: Path) -> None:
    assert load_units(tmp_path) == (None, [])
    assert units_path(tmp_path / "facts.toml") == tmp_path / UNITS_NAME


BAD = '''\
[[currency]]
code = "USD"
en = ["dollars"]
zh = ["美元"]

[[currency]]
code = "USD"
en = ["bucks"]
zh = ["美刀"]

[[currency]]
code = "DEM"
zh = ["马克"]

[[currency]]
code = "FRF"
en = ["francs"]
zh = ["法郎"]
write_en = "{} livres"
colour = "blue"

[[currency]]
code = "ITL"
en = ["dollars", "lire"]
zh = ["里拉"]

[[currency]]
code = "usd"
en = ["x"]
zh = ["y"]

[[unit]]
id = "month"
en = ["moons"]
zh = ["月亮"]

[[unit]]
id = "hectare"
en = "hectares"
zh = ["公顷"]

[currencies]
code = "X"
'''

#: (line, subtype, words) of each problem in BAD.
BAD_PROBLEMS = [
    (7, "duplicate_id", ["currency USD is already listed at facts/units.toml:1"]),
    (11, "bad_field", ["currency DEM has no en = [...]"]),
    (20, "bad_field", ["currency FRF has an unknown field 'colour'"]),
    (19, "bad_field", ["currency FRF: write_en must be one of its words", "\"{} francs\""]),
    (23, "duplicate_id", ["'dollars' of currency ITL already names currency USD at "
                          "facts/units.toml:2"]),
    (28, "bad_field", ["a currency has the code 'usd'", "capital letters"]),
    (33, "bad_field", ["a unit has the id 'month'", "units of time"]),
    (39, "bad_field", ["unit hectare: en must be a list of words"]),
    (42, "bad_field", ["unknown key 'currencies'", "[[currency]]"]),
]


def test_bad_data_gets_one_located_problem_each(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / UNITS_NAME).write_text(BAD, encoding="utf-8")
    table, problems = load_units(facts, root=tmp_path)
    found = sorted((p.location.line, p.subtype.value) for p in problems)
    assert found == sorted((line, subtype) for line, subtype, _ in BAD_PROBLEMS), problems
    for line, subtype, words in BAD_PROBLEMS:
        problem = next(p for p in problems if (p.location.line, p.subtype.value) == (line,
                                                                                     subtype))
        assert problem.location.path == "facts/units.toml"
        for word in words:
            assert word in problem.message, (word, problem.message)
    assert table is not None and table.codes == ("USD",)  # what is valid still loads
    assert "hectare" not in table.measure


def test_a_syntax_error_falls_back_to_the_built_in_table(units_root: Path) -> None:
    path = units_root / "facts" / UNITS_NAME
    path.write_text(path.read_text("utf-8").replace('code = "SUR"', 'code = "SUR'), "utf-8")
    _, lines = build(units_root)
    located = [parse(line) for line in lines]
    syntax = [line for line in lines if "registry_syntax" in line]
    assert [parse(line) for line in syntax] == [("facts/units.toml", 12, "registry_syntax")]
    assert "built-in currencies and units" in syntax[0]
    # Roubles still read (built in); marks and hectares, which only the file adds, do not.
    assert ("facts/01-facts.toml", 37, "bad_field") in located  # currency = "DEM"
    assert ("facts/01-facts.toml", 45, "bad_field") in located  # unit = "hectare"
    assert not any("loan-sur" in line for line in lines if "bad_field" in line)


def test_the_registry_names_the_file_for_an_unknown_currency_or_unit(tmp_path: Path) -> None:
    _, problems = registry_from(tmp_path, '''
        [[fact]]
        id = "credit"
        kind = "money"
        value = 5
        currency = "DEM"
        label = "A credit"
        sources = ["src"]

        [[fact]]
        id = "area"
        kind = "quantity"
        value = 5
        unit = "hectare"
        label = "An area"
        sources = ["src"]
    ''')
    messages = {(p.location.line, p.subtype): p.message for p in problems}
    assert "currency 'DEM' is not one of USD, SUR, SUR61, CNY, JPY, GBP" in \
        messages[(5, Subtype.BAD_FIELD)]
    assert UNITS_NAME in messages[(5, Subtype.BAD_FIELD)]
    assert "unit 'hectare' is not a unit of measure" in messages[(13, Subtype.BAD_FIELD)]


def test_the_units_file_is_not_read_as_facts(units_root: Path) -> None:
    from checks.registry import load_registry, registry_files

    facts = units_root / "facts"
    assert [p.name for p in registry_files(facts)] == ["01-facts.toml"]
    table, _ = load_units(facts)
    registry, problems = load_registry(facts, units=table)
    assert problems == [] and "credit-dem" in registry.facts


def test_changing_the_units_file_reads_the_chapters_again(units_root: Path) -> None:
    _, first = build(units_root)
    assert any("'2亿马克'" in line for line in first)
    path = units_root / "facts" / UNITS_NAME
    path.write_text(path.read_text("utf-8").replace('zh = ["马克"]', 'zh = ["德国马克"]'), "utf-8")
    _, second = build(units_root)
    # 马克 is no currency any more: the scanner, reading the chapter again, finds only 2亿.
    assert not any("'2亿马克'" in line for line in second)
    assert any("chapters/one.md:24:" in line and "'2亿'" in line for line in second)
    # {fact}`5亿马克 <credit-dem>` now reads as 5亿 with no currency, which a bare number may say.
    assert not any("chapters/one.md:17:" in line for line in second)


def test_contributing_documents_every_precision_and_the_units_file() -> None:
    from checks.model import NUMBER_PRECISIONS

    guide = (REPO / "CONTRIBUTING.md").read_text("utf-8")
    table = guide.split("### Precision", 1)[1].split("###", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith('| `"')]
    assert [row.split("`")[1].strip('"') for row in rows] == list(NUMBER_PRECISIONS)
    section = guide.split("### Currencies and units", 1)[1].split("\n### ", 1)[0]
    from checks.unitfile import COUNT_FIELDS, CURRENCY_FIELDS, UNIT_FIELDS

    for field in [*CURRENCY_FIELDS, *UNIT_FIELDS, *COUNT_FIELDS]:
        assert f"\n{field} = " in section, field
    for subtype in ("wrong_unit", "wrong_weekday"):
        assert f"`checks.{subtype}`" in guide
