"""What the book reproduces of each protected source, and the warnings that follow from it.

Shared by the build (``env-updated``, through :func:`checks.checker.check`) and by
``python -m checks`` and its ``--copies`` report, so all three count the same runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from .collect import DocRecord
from .copies import (
    COUNTED_RUN,
    Run,
    TokenText,
    combined_table,
    coverage,
    find_all_runs,
    line_tokens,
)
from .model import Location, Problem, Subtype
from .registry import Registry
from .sources import ProtectedSource

__all__ = ["Reproduced", "book_texts", "copy_problems", "registry_texts", "reproduced"]


@dataclasses.dataclass(frozen=True)
class Reproduced:
    """The runs the book shares with one source, and how much of the source they cover."""

    source: ProtectedSource
    runs: tuple[tuple[str, Run], ...]  # (document path, run), longest first
    covered_min: int  # tokens of the source certainly covered by runs of COUNTED_RUN or more
    covered_max: int  # ... possibly covered

    @property
    def length(self) -> int:
        return self.source.fingerprint.length if self.source.fingerprint else 0

    @property
    def share_min(self) -> float:
        return self.covered_min / self.length if self.length else 0.0

    @property
    def share_max(self) -> float:
        return self.covered_max / self.length if self.length else 0.0

    def counted_runs(self) -> list[tuple[str, Run]]:
        """The runs the share counts: COUNTED_RUN tokens or more."""
        return [(path, run) for path, run in self.runs if run.length_max >= COUNTED_RUN]


def book_texts(records: Mapping[str, DocRecord], doc2path: Callable[[str], str],
               registry: Sequence[tuple[str, TokenText]]) -> list[tuple[str, TokenText]]:
    """What the copy check reads: each document's prose, and the registry's own text (labels and
    notes, which the generated appendices show: :func:`registry_texts`), by the file where it is
    written."""
    texts = [(doc2path(docname), records[docname].text) for docname in sorted(records)]
    return [(path, text) for path, text in [*texts, *registry]
            if text is not None and len(text)]


def registry_texts(registry: Registry) -> list[tuple[str, TokenText]]:
    """The labels and notes of the facts and their variants, file by file, at their lines."""
    by_file: dict[str, tuple[list[str], list[int]]] = {}
    for fact in registry.facts.values():
        words, lines = by_file.setdefault(fact.location.path, ([], []))
        pieces = [(fact.label, fact.location.line), (fact.label_zh, fact.location.line),
                  (fact.note, fact.location.line), (fact.note_zh, fact.location.line)]
        pieces += [(note, variant.location.line) for variant in fact.variants
                   for note in (variant.note, variant.note_zh)]
        for text, line in pieces:
            if text:
                found = line_tokens(text)[0]
                words += found
                lines += [line or 1] * len(found)
    return [(path, TokenText.build(words, lines)) for path, (words, lines) in by_file.items()]


def reproduced(sources: Sequence[ProtectedSource], texts: Sequence[tuple[str, TokenText]],
               table: dict[int, list[tuple[int, int]]] | None = None) -> list[Reproduced]:
    """For every source with a fingerprint, what ``texts`` ((path, text) pairs) share with it;
    ``table``: the sources' :func:`~checks.copies.combined_table`, if already made."""
    printed = [source for source in sources if source.fingerprint is not None]
    prints = [source.fingerprint for source in printed if source.fingerprint is not None]
    runs: list[list[tuple[str, Run]]] = [[] for _ in printed]
    if table is None:
        table = combined_table(prints)
    for path, text in texts:
        for found, text_runs in zip(runs, find_all_runs(text, prints, table), strict=True):
            found.extend((path, run) for run in text_runs)
    result = []
    for source, print_, found in zip(printed, prints, runs, strict=True):
        found.sort(key=lambda pr: (-pr[1].length, pr[0], pr[1].line))
        low, high = coverage((run for _, run in found), print_.length)
        result.append(Reproduced(source, tuple(found), low, high))
    return result


def copy_problems(found: Sequence[Reproduced], limit: int, share: float) -> list[Problem]:
    """A warning at each run of ``limit`` tokens or more from a source that is not adaptable, and
    at the source's entry when the book certainly reproduces more than ``share`` of it."""
    problems = []
    for item in found:
        source = item.source
        if source.adaptable:
            continue
        for path, run in item.runs:
            if run.length >= limit:
                problems.append(Problem(
                    Subtype.COPIED,
                    f"reproduces {run.length} consecutive {source.unit} of {source.name} "
                    f"({source.key}), {source.licence}; runs of {limit} or more are not allowed: "
                    "tell it in the book's own words, or quote only the few words that matter",
                    Location(path, run.line),
                ))
        if item.share_min > share:
            places = ", ".join(f"{path}:{run.line} ({run.length})"
                               for path, run in item.counted_runs()[:3])
            problems.append(Problem(
                Subtype.COPY_SHARE,
                f"the book reproduces {item.share_min:.0%} of {source.name} ({source.key}) in "
                f"runs of {COUNTED_RUN} {source.unit} or more; at most {share:.0%} is allowed. "
                f"The longest runs: {places}",
                source.location,
            ))
    return problems
