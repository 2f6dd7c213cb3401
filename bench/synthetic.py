"""Generate a consistent synthetic book of N chapters with 10 facts each (the benchmark's input).

Every chapter binds its facts in English prose, again in Chinese in a footnote, and once without
words; its registry entries carry an order, a sum and a duration relation. The words come from the
core's own formatter, so the book is consistent by construction: a build must print no warning.
"""

from __future__ import annotations

import datetime
import random
import sys
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from checks.model import DateValue, Fact, Figure, Location  # noqa: E402
from checks.notation import format_value  # noqa: E402

FACTS_PER_CHAPTER = 10
CHAPTERS_PER_FACTS_FILE = 100

CONF = '''\
import os, sys
sys.path.insert(0, {repo!r})
extensions = ["myst_parser", "sphinxcontrib.bibtex", "checks"]
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
myst_footnote_transition = False
bibtex_bibfiles = ["references.bib"]
checks_registry = "facts"
'''

BIB = """@book{bench-source,
  title     = {A Source for the Benchmark},
  author    = {Writer, A.},
  year      = {1990},
  publisher = {Bench Press},
}
"""

FILLER = (
    "The delegations met again in the afternoon and the talks turned to the railway, the ports "
    "and the terms of the credit, as they had in the 1940s and would again in 1950. Each side "
    "kept its own record of what was said, and the records do not always agree; the historian "
    "reads them side by side, weighs the later memoirs against the documents of the time, and "
    "says where the evidence stops. "
)


def _date(rng: random.Random) -> datetime.date:
    return datetime.date(1917, 1, 1) + datetime.timedelta(days=rng.randrange(0, 74 * 365))


#: The labels of a chapter's ten facts, in order (no digits: labels are shown in the prose).
LABELS = ("the first event", "the second event", "the third event", "the fourth event",
          "loan A", "loan B", "the total credit", "the first mission", "the second mission",
          "the stay")


def _fact(fact_id: str, kind: str, value, **extra) -> Fact:
    return Fact(id=fact_id, kind=kind, value=value, label="", sources=("bench-source",),
                location=Location("facts.toml", 1), **extra)


def chapter_facts(number: int, rng: random.Random) -> tuple[list[tuple[Fact, str]], list[str]]:
    """Ten facts of chapter ``number`` (with their TOML) and its relations (TOML)."""
    prefix = f"c{number:04d}"
    facts: list[tuple[Fact, str]] = []
    dates = [_date(rng)]
    for _ in range(3):  # a few days to a few months apart, in order
        dates.append(dates[-1] + datetime.timedelta(days=rng.randrange(1, 120)))
    for i, day in enumerate(dates):
        fid = f"{prefix}-event-{i}"
        fact = _fact(fid, "date", DateValue(day.year, day.month, day.day))
        facts.append((fact, f'value = {day.isoformat()}'))
    parts = [rng.randrange(1, 900) * 1_000_000 for _ in range(2)]
    for i, amount in enumerate([*parts, sum(parts)]):
        fid = f"{prefix}-loan-{'ab'[i] if i < 2 else 'total'}"
        fact = _fact(fid, "money", Figure(Decimal(amount), currency="USD"))
        facts.append((fact, f'value = {amount}\ncurrency = "USD"'))
    for i in range(2):
        fid = f"{prefix}-experts-{i}"
        count = rng.randrange(20, 5000)
        fact = _fact(fid, "count", Figure(Decimal(count), unit="expert"), unit_zh="名")
        facts.append((fact, f'value = {count}\nunit = "expert"\nunit_zh = "名"'))
    days = (dates[1] - dates[0]).days
    fid = f"{prefix}-stay"
    facts.append((_fact(fid, "duration", Figure(Decimal(days), unit="day")),
                  f'value = {days}\nunit = "day"'))
    relations = [
        f'[[relation]]\nid = "{prefix}-order"\nkind = "order"\n'
        f'chain = [{", ".join(repr(f.id).replace(chr(39), chr(34)) for f, _ in facts[:4])}]\n',
        f'[[relation]]\nid = "{prefix}-loans"\nkind = "sum"\ntotal = "{prefix}-loan-total"\n'
        f'parts = ["{prefix}-loan-a", "{prefix}-loan-b"]\n',
        f'[[relation]]\nid = "{prefix}-stay-length"\nkind = "duration"\n'
        f'start = "{prefix}-event-0"\nend = "{prefix}-event-1"\nduration = "{prefix}-stay"\n'
        f'counting = "exclusive"\n',
    ]
    return facts, relations


def chapter_text(number: int, facts: list[tuple[Fact, str]]) -> str:
    lines = [f"(ch-{number:04d})=", f"# Chapter {number}", ""]
    for i, (fact, _) in enumerate(facts):
        en = format_value(fact, "en")
        lines += [
            FILLER + f"The record gives {{fact}}`{en} <{fact.id}>` for {LABELS[i]}, and the "
            f"registry holds {{fact}}`{fact.id}`.[^n{i}] " + FILLER,
            "",
        ]
    lines += ["| What | Figure |", "|---|---|"]
    lines += [f"| {LABELS[i]} | {{fact}}`{format_value(fact, 'en')} <{fact.id}>` |"
              for i, (fact, _) in enumerate(facts[:3])]
    lines.append("")
    for i, (fact, _) in enumerate(facts):
        lines.append(f"[^n{i}]: 中文：{{fact}}`{format_value(fact, 'zh')} <{fact.id}>`。"
                     f"{{cite:p}}`bench-source`")
    return "\n".join(lines) + "\n"


def generate(dest: Path, chapters: int, seed: int = 1949) -> Path:
    """Write a book of ``chapters`` chapters (10 facts each) into ``dest``; return ``dest``."""
    rng = random.Random(seed)
    (dest / "chapters").mkdir(parents=True, exist_ok=True)
    (dest / "facts").mkdir(exist_ok=True)
    (dest / "conf.py").write_text(CONF.format(repo=str(REPO)), encoding="utf-8")
    (dest / "references.bib").write_text(BIB, encoding="utf-8")
    (dest / "index.md").write_text(
        "# Synthetic book\n\n```{toctree}\n:glob:\nchapters/*\n```\n\n"
        "## Facts\n\n```{facts-index}\n```\n\n## Bibliography\n\n```{bibliography}\n```\n",
        encoding="utf-8",
    )
    toml: list[str] = []
    for number in range(1, chapters + 1):
        facts, relations = chapter_facts(number, rng)
        (dest / "chapters" / f"{number:04d}.md").write_text(chapter_text(number, facts),
                                                            encoding="utf-8")
        for i, (fact, value) in enumerate(facts):
            toml.append(f'[[fact]]\nid = "{fact.id}"\nkind = "{fact.kind}"\n{value}\n'
                        f'label = "{LABELS[i]}"\nsources = ["bench-source"]\n')
        toml += relations
        if number % CHAPTERS_PER_FACTS_FILE == 0 or number == chapters:
            name = f"{(number - 1) // CHAPTERS_PER_FACTS_FILE:03d}.toml"
            (dest / "facts" / name).write_text("\n".join(toml), encoding="utf-8")
            toml = []
    return dest


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10)
