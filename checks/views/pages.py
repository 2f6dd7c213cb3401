"""Appendices generated from the facts registry: ``{chronology}`` and ``{discrepancies}``.

Each directive reads the registry when its document is read and writes what it holds as nodes:
values as generated facts (checked with the chapters, shown with their provenance, not counted
as "use"; see :mod:`checks.views.values`), labels and notes as registry text, sources as
sphinxcontrib-bibtex citations (``{cite:alp}``), so that they link to the bibliography. When a
fact they list changes, the pages are read again; the places where the chapters bind a fact are
filled in when the page is written (:mod:`checks.views.places`).

``{chronology}``
    Every dated fact, in order of date (a month-precision date sorts at the start of its month:
    "December 1949" before "6 December 1949"), in one table per decade: the date, what happened
    (label, Chinese label, "disputed", "sources differ" linking to the discrepancy), and links to
    the sections of the book that bind it.

``{discrepancies}``
    Every fact with variants, or marked disputed: what the book holds, with its sources and note,
    and what each other source says, with its note; one section per registry file (period), in
    file order, the dated facts first, by date, then the others in registry order. The content
    names the sections: one line per registry file, ``03-visit.toml: Mao in Moscow``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from ..model import DateValue, Fact
from ..warnings import WARNING_TYPE, Subtype
from .nodes import discrepancy_link, places
from .record import chronological, date_key, is_discrepant
from .values import GeneratingDirective, badge, row, table, text_node

logger = logging.getLogger(__name__)


class Chronology(GeneratingDirective):
    has_content = False
    kind = "places"

    def run(self) -> list[nodes.Node]:
        dated = chronological(self.facts.values())
        sections: list[nodes.Node] = []
        by_decade: dict[int, list[Fact]] = {}
        for fact in dated:
            year = date_key(fact.value)[0]  # is_dated: every one has a year
            by_decade.setdefault(year // 10 * 10, []).append(fact)
        for decade, facts in by_decade.items():
            section = nodes.section(ids=[f"chronology-{decade}s"], names=[f"chronology-{decade}s"])
            heading = self.say("The {decade}s", decade=decade, century=decade // 100 + 1,
                               years=f"{decade % 100:02d}")
            section += nodes.title(heading, heading)
            self.state.document.note_implicit_target(section, section)
            node, body = table([20, 55, 25],
                               [self.say("Date"), self.say("Event"), self.say("In the book")],
                               ["registry-chronology"])
            for fact in facts:
                event = self.label(fact)
                if fact.disputed:
                    event += [nodes.Text(" "), badge(self.say("disputed"), "disputed")]
                if fact.variants:
                    event += [nodes.Text(" "), discrepancy_link(fact_id=fact.id)]
                body += row(self.value(fact.id), event, places(fact_id=fact.id))
            section += node
            sections.append(section)
        self.note_view(listing="dated")
        return self.done(sections)


_GROUP_LINE = re.compile(r"\s*(?P<file>[\w.-]+\.toml)\s*:\s*(?P<title>.+?)\s*")


class Discrepancies(GeneratingDirective):
    has_content = True
    kind = "places"

    def run(self) -> list[nodes.Node]:
        titles: dict[str, str] = {}
        for line in self.content:
            match = _GROUP_LINE.fullmatch(line)
            if match:
                titles[match["file"]] = match["title"]
            elif line.strip():
                logger.warning("{discrepancies}: cannot read %r; write 'file.toml: Title'", line,
                               location=self.get_location(), type=WARNING_TYPE,
                               subtype=Subtype.PAGE_SYNTAX)
        groups: dict[str, list[tuple[int, Fact]]] = {}
        for order, fact in enumerate(self.facts.values()):
            if is_discrepant(fact):
                groups.setdefault(Path(fact.location.path).name, []).append((order, fact))
        self.note_view(kind="discrepancies", listing="discrepant")
        sections: list[nodes.Node] = []
        for file in sorted(groups):
            facts = [f for _, f in sorted(groups[file], key=_discrepancy_order)]
            title = titles.get(file, Path(file).stem)
            stem = re.sub(r"[^a-z0-9]+", "-", Path(file).stem.lower()).strip("-")
            section = nodes.section(ids=[f"discrepancies-{stem}"],
                                    names=[f"discrepancies-{stem}"])
            section += nodes.title(title, title)
            self.state.document.note_implicit_target(section, section)
            for fact in facts:
                section += self.entry(fact)
            sections.append(section)
        return self.done(sections)

    def entry(self, fact: Fact) -> nodes.container:
        classes = ["registry-discrepancy"] + (["registry-disputed"] if fact.disputed else [])
        box = nodes.container(classes=classes)
        head = nodes.paragraph(classes=["registry-discrepancy-title"])
        anchor = f"discrepancy-{fact.id}"
        if anchor not in self.state.document.ids:
            target = nodes.target("", "", ids=[anchor])
            self.state.document.ids[anchor] = target
            head += target
        head += nodes.strong("", "", *self.label(fact))
        if fact.disputed:
            head += [nodes.Text(" "), badge(self.say("disputed"), "disputed")]
        box += head
        readings = nodes.bullet_list(classes=["registry-readings"])
        held = nodes.paragraph()
        holds = self.say("The book holds")
        held += self.phrase("{holds} {value} ({sources}).", holds=[nodes.strong(holds, holds)],
                            value=[self.value(fact.id, scale="million")],
                            sources=self.cite(fact.sources))
        if fact.disputed:
            held += nodes.Text(self.say(" The evidence does not settle it."))
        if note := self.note_of(fact):
            held += self.phrase(" {note}", note=[text_node(note)])
        readings += nodes.list_item("", held)
        for variant in fact.variants:
            said = nodes.paragraph()
            other = dataclasses.replace(fact, value=variant.value)
            said += self.phrase("{source} gives {value}.", source=self.cite([variant.source]),
                                value=[self.value(fact.id, fact=other, scale="million",
                                                  variant=True)])
            if note := self.note_of(variant):
                said += self.phrase(" {note}", note=[text_node(note)])
            readings += nodes.list_item("", said)
        box += readings
        where = nodes.paragraph(classes=["registry-places"])
        where += self.phrase("In the book: {places}", places=[places(fact_id=fact.id)])
        box += where
        return box


def _discrepancy_order(item: tuple[int, Fact]) -> tuple[int, tuple[int, int, int], int]:
    order, fact = item
    if isinstance(fact.value, DateValue):
        return (0, date_key(fact.value), order)
    return (1, (0, 0, 0), order)
