"""Appendices and tables generated from the facts registry: ``{chronology}``,
``{discrepancies}``, ``{registry-table}``.

Each directive reads the registry when its document is read and writes what it holds as nodes:
values as generated facts (checked by the ``checks`` package, shown with their provenance, not
counted as "use"; see :mod:`registry_base`), labels and notes as registry text, sources as
sphinxcontrib-bibtex citations (``{cite:alp}``), so that they link to the bibliography. When the
registry changes, the pages are read again; the places where the chapters bind a fact are filled
in when the page is written (:mod:`registry_places`).

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

``{registry-table}``
    A numbered table (``:name:``, caption in the content) of registered figures, in one of three
    forms: ``:sum: relation-id`` (the parts of a sum relation and its total), ``:relations: id ...``
    (each relation's arithmetic written out with the values: "141 projects + 15 projects =
    156 projects"), ``:facts: id ...`` (label, value, sources, other readings). ``:scale: million``
    writes amounts of money in millions.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from checks.model import DateValue, Fact, Relation
from registry_base import (
    badge,
    code_version,
    date_key,
    generated_fact,
    get_domain,
    mention,
    parse_caption,
    project,
    text_node,
    value_node,
)
from registry_places import places

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class discrepancy_link(nodes.General, nodes.Inline, nodes.Element):  # noqa: N801
    """"sources differ": a link to the fact's entry among the discrepancies, filled when written."""


def _table(widths: list[int], header: list[str], classes: list[str]) -> tuple[nodes.table,
                                                                              nodes.tbody]:
    table = nodes.table(classes=["registry-table", "colwidths-given", *classes])
    group = nodes.tgroup(cols=len(widths))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for text in header:
        row += nodes.entry("", nodes.paragraph(text, text))
    head += row
    body = nodes.tbody()
    group += head
    group += body
    return table, body


def _row(*cells: list[nodes.Node] | nodes.Node) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        paragraph = nodes.paragraph()
        paragraph.extend(cell if isinstance(cell, list) else [cell])
        row += nodes.entry("", paragraph)
    return row


class RegistryDirective(SphinxDirective):
    """What the three directives share: the registry, generated values, citations."""

    kind = "table"

    def setup_registry(self) -> None:
        self.project = project(self.env.srcdir, self.config)
        self.facts = self.project.registry.facts
        self.generated: list[generated_fact] = []

    def value(self, fact: Fact, **kwargs: Any) -> generated_fact:
        node = value_node(fact, self.lineno, **kwargs)
        self.generated.append(node)
        return node

    def unknown(self, fact_id: str) -> generated_fact:
        """An id the registry lacks: the checks report it (with the nearest id) at this line."""
        node = generated_fact(fact_id, fact_id, fact_id=fact_id, words="", variant=False)
        self.generated.append(node)
        return node

    def cite(self, keys: tuple[str, ...] | list[str]) -> list[nodes.Node]:
        """``{cite:alp}`a,b```, parsed as a chapter's would be (links to the bibliography)."""
        if not keys:
            return []
        found, messages = self.state.inline_text("{cite:alp}`%s`" % ",".join(keys), self.lineno)
        return [*found, *messages]

    #: Show the Chinese label after the English one (not in tables of figures: there the Chinese
    #: labels, quotations of the sources, repeat the numbers).
    chinese = True

    def label(self, fact: Fact) -> list[nodes.Node]:
        out: list[nodes.Node] = [text_node(fact.label)]
        if fact.label_zh and self.chinese:
            out += [nodes.Text(" "), text_node(fact.label_zh, "registry-zh")]
        return out

    def done(self, result: list[nodes.Node]) -> list[nodes.Node]:
        docname = self.env.current_document.docname
        get_domain(self.env).note_generated(
            docname, self.kind, [mention(docname, self.lineno, n) for n in self.generated]
        )
        return result

    def caption(self, node: nodes.Element) -> None:
        """The directive's content as ``node``'s title (a table's caption), numbered if named."""
        first, _rest = parse_caption(self)
        if first is not None:
            title = nodes.title(first.rawsource, "", *first.children)
            title.source, title.line = first.source, first.line
            node.insert(0, title)
        self.add_name(node)


# -- {chronology} ----------------------------------------------------------------------------------


class Chronology(RegistryDirective):
    has_content = False
    kind = "places"

    def run(self) -> list[nodes.Node]:
        self.setup_registry()
        dated = sorted(
            (f for f in self.facts.values()
             if isinstance(f.value, DateValue) and f.value.year is not None),
            key=lambda f: (date_key(f.value), f.label, f.id),
        )
        sections: list[nodes.Node] = []
        by_decade: dict[int, list[Fact]] = {}
        for fact in dated:
            by_decade.setdefault(fact.value.year // 10 * 10, []).append(fact)
        for decade, facts in by_decade.items():
            section = nodes.section(ids=[f"chronology-{decade}s"], names=[f"chronology-{decade}s"])
            section += nodes.title(f"The {decade}s", f"The {decade}s")
            self.state.document.note_implicit_target(section, section)
            table, body = _table([20, 55, 25], ["Date", "Event", "In the book"],
                                 ["registry-chronology"])
            for fact in facts:
                event = self.label(fact)
                if fact.disputed:
                    event += [nodes.Text(" "), badge("disputed", "disputed")]
                if fact.variants:
                    event += [nodes.Text(" "), discrepancy_link(fact_id=fact.id)]
                body += _row(self.value(fact), event, places(fact_id=fact.id))
            section += table
            sections.append(section)
        return self.done(sections)


# -- {discrepancies} ------------------------------------------------------------------------------

_GROUP_LINE = re.compile(r"\s*(?P<file>[\w.-]+\.toml)\s*:\s*(?P<title>.+?)\s*")


class Discrepancies(RegistryDirective):
    has_content = True
    kind = "places"

    def run(self) -> list[nodes.Node]:
        self.setup_registry()
        titles: dict[str, str] = {}
        for line in self.content:
            match = _GROUP_LINE.fullmatch(line)
            if match:
                titles[match["file"]] = match["title"]
            elif line.strip():
                logger.warning("{discrepancies}: cannot read %r; write 'file.toml: Title'", line,
                               location=self.get_location(), type="registry", subtype="syntax")
        groups: dict[str, list[tuple[int, Fact]]] = {}
        for order, fact in enumerate(self.facts.values()):
            if fact.variants or fact.disputed:
                groups.setdefault(Path(fact.location.path).name, []).append((order, fact))
        get_domain(self.env).note_generated(self.env.current_document.docname, "discrepancies")
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
            head += [nodes.Text(" "), badge("disputed", "disputed")]
        box += head
        readings = nodes.bullet_list(classes=["registry-readings"])
        held = nodes.paragraph()
        held += nodes.strong("The book holds", "The book holds")
        held += [nodes.Text(" "), self.value(fact, scale="million"), nodes.Text(" (")]
        held += self.cite(fact.sources)
        held += nodes.Text(").")
        if fact.disputed:
            held += nodes.Text(" The evidence does not settle it.")
        if fact.note:
            held += [nodes.Text(" "), text_node(fact.note)]
        readings += nodes.list_item("", held)
        for variant in fact.variants:
            said = nodes.paragraph()
            said += self.cite([variant.source])
            said += nodes.Text(" gives ")
            other = dataclasses.replace(fact, value=variant.value)
            said += self.value(other, scale="million", variant=True)
            said += nodes.Text(".")
            if variant.note:
                said += [nodes.Text(" "), text_node(variant.note)]
            readings += nodes.list_item("", said)
        box += readings
        where = nodes.paragraph(classes=["registry-places"])
        where += [nodes.Text("In the book: "), places(fact_id=fact.id)]
        box += where
        return box


def _discrepancy_order(item: tuple[int, Fact]) -> tuple[int, tuple[int, int, int], int]:
    order, fact = item
    if isinstance(fact.value, DateValue):
        return (0, date_key(fact.value), order)
    return (1, (0, 0, 0), order)


# -- {registry-table} -----------------------------------------------------------------------------


def _ids(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text or "") if part]


class RegistryTable(RegistryDirective):
    has_content = True
    chinese = False
    option_spec = {
        "name": directives.unchanged,
        "class": directives.class_option,
        "sum": directives.unchanged,
        "relations": directives.unchanged,
        "facts": directives.unchanged,
        "scale": lambda value: directives.choice(value, ("million",)),
    }

    def run(self) -> list[nodes.Node]:
        self.setup_registry()
        self.scale = self.options.get("scale")
        relations = {r.id: r for r in self.project.registry.relations}
        if "sum" in self.options:
            table = self.sum_table(relations.get(self.options["sum"].strip()))
        elif "relations" in self.options:
            table = self.relations_table([relations.get(i) or i
                                          for i in _ids(self.options["relations"])])
        else:
            table = self.facts_table(_ids(self.options.get("facts", "")))
        table["classes"] += self.options.get("class", [])
        self.caption(table)
        return self.done([table])

    def fact_value(self, fact_id: str, bare: bool = False) -> nodes.Node:
        fact = self.facts.get(fact_id)
        if fact is None:
            return self.unknown(fact_id)
        return self.value(fact, scale=self.scale, bare=bare)

    def fact_label(self, fact_id: str) -> list[nodes.Node]:
        fact = self.facts.get(fact_id)
        return self.label(fact) if fact else [nodes.Text(fact_id)]

    def missing(self, what: str) -> nodes.table:
        logger.warning("{registry-table}: no relation %r in the registry", what,
                       location=self.get_location(), type="registry", subtype="unknown")
        return _table([1], ["—"], [])[0]

    def sum_table(self, relation: Relation | None) -> nodes.table:
        if relation is None or relation.kind != "sum":
            return self.missing(self.options["sum"])
        table, body = _table([70, 30], ["", "Amount" if self.scale else "Value"],
                             ["registry-sum"])
        for part in relation.data.get("parts", []):
            body += _row(self.fact_label(part), self.fact_value(part))
        total = relation.data.get("total", "")
        row = _row([nodes.strong("", "", *self.fact_label(total))],
                   [nodes.strong("", "", self.fact_value(total))])
        row["classes"].append("registry-total")
        body += row
        return table

    def relations_table(self, relations: list[Relation | str]) -> nodes.table:
        table, body = _table([45, 55], ["", "The arithmetic"], ["registry-relations"])
        for relation in relations:
            if isinstance(relation, str):
                return self.missing(relation)
            ids, arithmetic = self.arithmetic(relation)
            what = self.fact_label(ids[0]) if ids else [nodes.Text(relation.id)]
            body += _row(what, arithmetic)
        return table

    def arithmetic(self, relation: Relation) -> tuple[list[str], list[nodes.Node]]:
        """The relation written out with the values: the result's id first, then the nodes."""
        data = relation.data
        out: list[nodes.Node] = []
        if relation.kind == "sum":
            for i, part in enumerate(data.get("parts", [])):
                out += [nodes.Text(" + ")] if i else []
                out.append(self.fact_value(part, bare=True))
            out += [nodes.Text(" = "), self.fact_value(data.get("total", ""))]
            return [data.get("total", "")], out
        if relation.kind == "order":
            chain = data.get("chain", [])
            for i, fact_id in enumerate(chain):
                out += [nodes.Text(" < ")] if i else []
                out.append(self.fact_value(fact_id))
            return chain[-1:], out
        if relation.kind == "duration":
            out = [self.fact_value(data.get("end", "")), nodes.Text(" − "),
                   self.fact_value(data.get("start", "")), nodes.Text(" = "),
                   self.fact_value(data.get("duration", ""))]
            return [data.get("duration", "")], out
        expr = str(data.get("expr", ""))
        ids: list[str] = []
        symbols = {"-": " − ", "+": " + ", "*": " × ", "/": " ÷ ", "=": " = ", "==": " = ",
                   "<": " < ", ">": " > ", "<=": " ≤ ", ">=": " ≥ ", "(": "(", ")": ")"}
        for token in re.findall(r"[a-z0-9]+(?:[-.][a-z0-9]+)*|[<>=!]=?|[-+*/()]", expr):
            if token in self.facts or (re.search("[a-z]", token) and token not in symbols):
                ids.append(token)
                out.append(self.fact_value(token, bare=True))
            else:
                out.append(nodes.Text(symbols.get(token, token)))
        # The last amount names its currency ("1,200 + 38 = 1,238 million roubles").
        last = next((n for n in reversed(out) if isinstance(n, generated_fact)), None)
        if last is not None and last["fact_id"] in self.facts:
            full = self.fact_value(last["fact_id"])
            self.generated.remove(last)
            out[out.index(last)] = full
        # The result: the side of "=" that is one fact, else the first fact named.
        lhs, _, rhs = expr.partition("=")
        single = [s.strip("<> ") for s in (lhs, rhs) if s.strip("<> ") in self.facts]
        return (single[-1:] or ids[:1]) + ids, out

    def facts_table(self, fact_ids: list[str]) -> nodes.table:
        table, body = _table([34, 18, 26, 22], ["", "The book holds", "Sources", "Other readings"],
                             ["registry-facts"])
        for fact_id in fact_ids:
            fact = self.facts.get(fact_id)
            if fact is None:
                body += _row([nodes.Text(fact_id)], self.unknown(fact_id), [], [])
                continue
            others: list[nodes.Node] = []
            for variant in fact.variants:
                if others:
                    others.append(nodes.Text("; "))
                other = dataclasses.replace(fact, value=variant.value)
                others += [self.value(other, scale=self.scale, variant=True), nodes.Text(" (")]
                others += self.cite([variant.source]) + [nodes.Text(")")]
            label = self.label(fact)
            if fact.disputed:
                label += [nodes.Text(" "), badge("disputed", "disputed")]
            body += _row(label, self.value(fact, scale=self.scale), self.cite(fact.sources),
                         others or [nodes.Text("—")])
        return table


# -- Writing -------------------------------------------------------------------------------------


def fill_links(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """"sources differ" links to the discrepancies page, when the book has one."""
    found = list(doctree.findall(discrepancy_link))
    if not found:
        return
    target = next(iter(get_domain(app.env).pages("discrepancies")), None)
    for node in found:
        label = badge("sources differ", "variants")
        if target is None:
            node.replace_self(label)
        else:
            node.replace_self(make_refnode(app.builder, fromdocname, target,
                                           f"discrepancy-{node['fact_id']}", label,
                                           "What the sources say"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("registry_base")
    app.setup_extension("registry_places")
    app.add_node(discrepancy_link)
    app.add_directive("chronology", Chronology)
    app.add_directive("discrepancies", Discrepancies)
    app.add_directive("registry-table", RegistryTable)
    app.connect("doctree-resolved", fill_links, priority=400)
    return {"version": "1.0", "env_version": code_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}
