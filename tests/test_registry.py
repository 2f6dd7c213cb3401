"""Loading the facts registry: values, positions, and one clean problem per bad input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checks.model import DateValue, Figure, Location, Subtype
from checks.registry import load_registry, read_bib_keys
from core_facts import registry_from, write_registry

GOOD = '''
[[fact]]
id = "treaty-signed"
kind = "date"
value = 1950-02-14
label = "Treaty signed"
label_zh = "条约签订"
sources = ["src"]
note = "Held by every source."

[[fact.variants]]
value = 1950-02-15
source = "other-src"
note = "A misprint."

[[fact]]
id = "mao-in-moscow"
kind = "date"
value = "1949-12"
label = "Mao in Moscow"
sources = ["src"]

[[fact]]
id = "loan-1950-usd"
kind = "money"
value = 300_000_000
currency = "USD"
label = "The 1950 loan"
sources = ["src", "other-src"]
disputed = true

[[fact]]
id = "experts-recalled"
kind = "count"
value = 1390
unit = "expert"
unit_zh = "名"
label = "Experts recalled"
sources = ["src"]

[[fact]]
id = "workers"
kind = "count"
precision = "range"
value = [10_000, 20_000]
unit = "worker"
label = "Workers"
sources = ["src"]

[[fact]]
id = "rate"
kind = "rate"
value = 4.45
unit = "SUR/SUR61"
label = "Rate"
sources = ["src"]

[[relation]]
id = "order"
kind = "order"
chain = ["mao-in-moscow", "treaty-signed"]
'''


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The line (1-based) of the nth line of ``text`` that starts with ``needle``."""
    lines = [n for n, line in enumerate(text.lstrip("\n").splitlines(), 1)
             if line.startswith(needle)]
    return lines[nth - 1]


def problems_of(tmp_path: Path, text: str, bibkeys=("src", "other-src")):
    registry, problems = registry_from(tmp_path, text, bibkeys)
    return registry, [(p.subtype, p.location.line if p.location else None) for p in problems], \
        problems


def test_loads_values_and_positions(tmp_path: Path) -> None:
    registry, problems = registry_from(tmp_path, GOOD)
    assert problems == []
    facts = registry.facts
    assert list(facts) == ["treaty-signed", "mao-in-moscow", "loan-1950-usd",
                           "experts-recalled", "workers", "rate"]
    treaty = facts["treaty-signed"]
    assert treaty.value == DateValue(1950, 2, 14) and treaty.precision == "day"
    assert treaty.location == Location(str(tmp_path / "test.toml"), 1)
    assert treaty.label_zh == "条约签订" and treaty.note == "Held by every source."
    assert treaty.variants[0].value == DateValue(1950, 2, 15)
    assert treaty.variants[0].source == "other-src"
    assert treaty.variants[0].location.line == line_of(GOOD, "[[fact.variants]]")
    assert facts["mao-in-moscow"].value == DateValue(1949, 12)
    assert facts["mao-in-moscow"].location.line == line_of(GOOD, "[[fact]]", 2)
    loan = facts["loan-1950-usd"]
    assert loan.value == Figure(Decimal(300_000_000), currency="USD")
    assert loan.disputed and loan.currency == "USD" and loan.sources == ("src", "other-src")
    assert facts["experts-recalled"].unit == "expert"
    assert facts["experts-recalled"].unit_zh == "名"
    assert facts["workers"].value == Figure(Decimal(10000), "range", None, "worker",
                                            Decimal(20000))
    assert isinstance(rate := facts["rate"].value, Figure) and rate.value == Decimal("4.45")
    assert registry.relations[0].id == "order"
    assert registry.relations[0].location.line == line_of(GOOD, "[[relation]]")


def test_directory_is_read_in_sorted_order_and_merged(tmp_path: Path) -> None:
    write_registry(tmp_path, '[[fact]]\nid = "b"\nkind = "date"\nvalue = "1950"\nlabel = "B"\n'
                   'sources = ["src"]\n', "02-b.toml")
    write_registry(tmp_path, '[[fact]]\nid = "a"\nkind = "date"\nvalue = "1949"\nlabel = "A"\n'
                   'sources = ["src"]\n', "01-a.toml")
    (tmp_path / "notes.txt").write_text("not a registry")
    registry, problems = load_registry(tmp_path, {"src"})
    assert problems == []
    assert list(registry.facts) == ["a", "b"]
    assert [Path(f).name for f in registry.files] == ["01-a.toml", "02-b.toml"]


def test_root_makes_locations_relative(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    write_registry(facts, '[[fact]]\nid = "a"\nkind = "date"\nvalue = "1949"\nlabel = "A"\n'
                   'sources = ["nope"]\n')
    registry, problems = load_registry(facts, {"src"}, root=tmp_path)
    assert registry.facts["a"].location == Location("facts/test.toml", 1)
    assert problems[0].location == Location("facts/test.toml", 6)


def test_toml_syntax_error_is_one_problem_with_its_line(tmp_path: Path) -> None:
    text = '[[fact]]\nid = "a"\nkind = "date"\nvalue = 1950-02-14\nlabel = "A\nsources = ["src"]\n'
    registry, found, problems = problems_of(tmp_path, text)
    assert found == [(Subtype.REGISTRY_SYNTAX, 5)]
    assert "TOML syntax error" in problems[0].message
    assert registry.facts == {}
    assert registry.rejected == {"a": Location(str(tmp_path / "test.toml"), 2)}


def test_missing_registry_is_a_problem(tmp_path: Path) -> None:
    _registry, problems = load_registry(tmp_path / "nowhere")
    assert [p.subtype for p in problems] == [Subtype.NO_REGISTRY]


def test_duplicate_id_names_the_first_definition(tmp_path: Path) -> None:
    text = GOOD + '''
[[fact]]
id = "treaty-signed"
kind = "date"
value = 1950-02-14
label = "Again"
sources = ["src"]
'''
    registry, found, problems = problems_of(tmp_path, text)
    assert found == [(Subtype.DUPLICATE_ID, line_of(text, "id = ", 8))]
    assert f"{tmp_path / 'test.toml'}:1" in problems[0].message
    assert registry.facts["treaty-signed"].label == "Treaty signed"


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    for name in ("01.toml", "02.toml"):
        write_registry(tmp_path, '[[fact]]\nid = "a"\nkind = "date"\nvalue = "1949"\n'
                       'label = "A"\nsources = ["src"]\n', name)
    _, problems = load_registry(tmp_path, {"src"})
    assert [(p.subtype, p.location) for p in problems] == \
        [(Subtype.DUPLICATE_ID, Location(str(tmp_path / "02.toml"), 2))]


def test_unknown_kind(tmp_path: Path) -> None:
    registry, found, problems = problems_of(
        tmp_path, '[[fact]]\nid = "a"\nkind = "datum"\nvalue = 1\nlabel = "A"\nsources = ["src"]\n')
    assert found == [(Subtype.UNKNOWN_KIND, 3)]
    assert "datum" in problems[0].message
    assert "a" in registry.rejected


@pytest.mark.parametrize(("value", "reason"), [
    ("1950-02-30", "impossible date 1950-02-30"),
    ('"1950-02-30"', "impossible date 1950-02-30"),
    ("02/03/1950", "ambiguous"),
    ('"02/03/1950"', "ambiguous"),
    ('"1950-13"', "no month 13"),
    ('"14 February 1950"', "not a registry date"),
    ("1950-02-14T10:00:00", "time of day"),
    ("true", "not a date"),
])
def test_bad_dates(tmp_path: Path, value: str, reason: str) -> None:
    text = (f'[[fact]]\nid = "a"\nkind = "date"\nvalue = {value}\nlabel = "A"\n'
            'sources = ["src"]\n\n[[fact]]\nid = "b"\nkind = "date"\nvalue = "1950"\n'
            'label = "B"\nsources = ["src"]\n')
    registry, found, problems = problems_of(tmp_path, text)
    assert found == [(Subtype.BAD_VALUE, 4)]
    assert reason in problems[0].message
    assert list(registry.facts) == ["b"]  # the rest of the file still loads
    assert "a" in registry.rejected


@pytest.mark.parametrize(("fields", "subtype", "line", "reason"), [
    # line 1 is [[fact]], line 2 the id, the fields start on line 3
    ('kind = "money"\nvalue = "300 million"\ncurrency = "USD"', Subtype.BAD_VALUE, 4,
     "300_000_000"),
    ('kind = "money"\nvalue = 300\ncurrency = "RUB"', Subtype.BAD_FIELD, 5, "RUB"),
    ('kind = "money"\nvalue = 300', Subtype.BAD_FIELD, 1, "needs currency"),
    ('kind = "count"\nvalue = 300', Subtype.BAD_FIELD, 1, "needs a unit"),
    ('kind = "count"\nvalue = 1.5\nunit = "expert"', Subtype.BAD_VALUE, 4, "whole number"),
    ('kind = "duration"\nvalue = 2\nunit = "fortnight"', Subtype.BAD_FIELD, 5, "fortnight"),
    ('kind = "count"\nvalue = 3\nunit = "x"\nprecision = "roughly"', Subtype.BAD_FIELD, 6,
     "roughly"),
    ('kind = "count"\nvalue = [3, 1]\nunit = "x"\nprecision = "range"', Subtype.BAD_VALUE, 4,
     "backwards"),
    ('kind = "count"\nvalue = [1, 3]\nunit = "x"', Subtype.BAD_VALUE, 4, "range"),
    ('kind = "date"\nvalue = 1950-02-14\nprecision = "day"', Subtype.BAD_FIELD, 5,
     "no precision"),
    ('kind = "date"\nvalue = 1950-02-14\nsouces = ["x"]', Subtype.BAD_FIELD, 5, "souces"),
])
def test_bad_fields_and_values(tmp_path: Path, fields: str, subtype, line: int,
                               reason: str) -> None:
    text = f'[[fact]]\nid = "a"\n{fields}\nlabel = "A"\nsources = ["src"]\n'
    _, found, problems = problems_of(tmp_path, text)
    assert (subtype, line) in found
    assert any(reason in p.message for p in problems)


@pytest.mark.parametrize(("fact_id", "reason"), [('"Treaty_Signed"', "malformed"),
                                                  ('"a--b"', "malformed"), (None, "no id")])
def test_bad_ids(tmp_path: Path, fact_id, reason: str) -> None:
    id_line = f"id = {fact_id}\n" if fact_id else ""
    text = f'[[fact]]\n{id_line}kind = "date"\nvalue = "1950"\nlabel = "A"\nsources = ["src"]\n'
    _, found, problems = problems_of(tmp_path, text)
    assert [s for s, _ in found] == [Subtype.BAD_FIELD]
    assert reason in problems[0].message


def test_missing_and_unknown_sources(tmp_path: Path) -> None:
    text = '''
[[fact]]
id = "a"
kind = "date"
value = "1950"
label = "A"
sources = []

[[fact]]
id = "b"
kind = "date"
value = "1950"
label = "B"
sources = ["src", "no-such-key"]

[[fact.variants]]
value = "1951"
source = "nor-this"

[[fact.variants]]
value = "1952"
'''
    registry, found, problems = problems_of(tmp_path, text)
    assert found == [(Subtype.MISSING_SOURCE, 6), (Subtype.UNKNOWN_SOURCE, 13),
                     (Subtype.UNKNOWN_SOURCE, 17), (Subtype.MISSING_SOURCE, 19)]
    assert "no-such-key" in problems[1].message
    assert set(registry.facts) == {"a", "b"}  # still bound by chapters: no cascade of warnings


def test_sources_unchecked_without_a_bibliography(tmp_path: Path) -> None:
    _, problems = registry_from(tmp_path, GOOD.replace('"other-src"', '"unknown"'), None)
    assert problems == []


@pytest.mark.parametrize(("fields", "subtype", "reason"), [
    ('kind = "sum"\ntotal = "a"', Subtype.BAD_FIELD, "lacks the field 'parts'"),
    ('kind = "sum"\ntotal = "a"\nparts = "b"', Subtype.BAD_FIELD, "parts must be a list"),
    ('kind = "ratio"\nexpr = "a = b"', Subtype.UNKNOWN_KIND, "ratio"),
    ('kind = "equation"\nexpr = "a = b"\ntolerance = -1', Subtype.BAD_FIELD, "tolerance"),
    ('kind = "duration"\nstart = "a"\nend = "b"\nduration = "c"\ncounting = "weeks"',
     Subtype.BAD_FIELD, "counting"),
    ('kind = "order"\nchain = ["a"]', Subtype.BAD_FIELD, "at least two"),
    ('kind = "order"\nchain = ["a", "b"]\nstrict = true', Subtype.BAD_FIELD, "strict"),
])
def test_bad_relations(tmp_path: Path, fields: str, subtype, reason: str) -> None:
    _registry, found, problems = problems_of(tmp_path, f'[[relation]]\nid = "r"\n{fields}\n')
    assert [s for s, _ in found] == [subtype]
    assert reason in problems[0].message


def test_duplicate_relation_id(tmp_path: Path) -> None:
    text = '[[relation]]\nid = "r"\nkind = "order"\nchain = ["a", "b"]\n' * 2
    _, found, _ = problems_of(tmp_path, text)
    assert found == [(Subtype.DUPLICATE_ID, 6)]


def test_unknown_top_level_key(tmp_path: Path) -> None:
    _, found, _ = problems_of(tmp_path, 'title = "x"\n' + GOOD)
    assert found == [(Subtype.BAD_FIELD, 1)]


def test_bib_keys(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@comment{x,\n}\n@string{jr = {J}}\n@book{wang-1998,\n title={x}}\n"
                   "@Article{ key2 ,\n}\n@misc(paren-key,\n)\n", encoding="utf-8")
    keys, problems = read_bib_keys(bib)
    assert keys == {"wang-1998", "key2", "paren-key"} and problems == []
    keys, problems = read_bib_keys([bib, tmp_path / "missing.bib"], root=tmp_path)
    assert [p.location for p in problems] == [Location("missing.bib")]


def test_the_real_registry_loads_clean() -> None:
    root = Path(__file__).resolve().parent.parent
    keys, bib_problems = read_bib_keys(root / "references.bib")
    registry, problems = load_registry(root / "facts", keys, root=root)
    assert bib_problems == [] and [p.format() for p in problems] == []
    assert registry.facts


def test_never_writes(tmp_path: Path) -> None:
    path = write_registry(tmp_path, GOOD + "\nvalue = 1950-02-30\n")
    before = path.read_bytes(), path.stat().st_mtime_ns
    load_registry(tmp_path, {"src"})
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
