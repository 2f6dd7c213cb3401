"""Tables of registered figures: ``{registry-table}``.

A numbered table (``:name:``, caption in the content) in one of three forms: ``:sum: relation-id``
(the parts of a sum relation and its total), ``:relations: id ...`` (each relation's arithmetic
written out with the values: "141 projects + 15 projects = 156 projects"; an equation is read by
the registry's own parser, :func:`checks.relations.parse_expression`), ``:facts: id ...`` (label,
value, sources, other readings). ``:scale: million`` writes amounts of money in millions.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging

from ..model import Relation
from ..notation import SCALES
from ..numerals import group
from ..relations import BinOp, Comparison, ExpressionError, Neg, Node, Num, Ref, parse_expression
from ..warnings import WARNING_TYPE, Subtype
from .values import GeneratingDirective, badge, row, table

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

logger = logging.getLogger(__name__)

#: How the arithmetic writes each operator.
_SYMBOLS = {"-": " − ", "+": " + ", "*": " × ", "/": " ÷ ", "=": " = ", "<": " < ", ">": " > ",
            "<=": " ≤ ", ">=": " ≥ "}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def _ids(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text or "") if part]


class RegistryTable(GeneratingDirective):
    has_content = True
    chinese = False  # the Chinese labels, quotations of the sources, repeat the numbers
    option_spec: ClassVar[OptionSpec] = {
        "name": directives.unchanged,
        "class": directives.class_option,
        "sum": directives.unchanged,
        "relations": directives.unchanged,
        "facts": directives.unchanged,
        "scale": lambda value: directives.choice(value, tuple(SCALES)),
    }

    def run(self) -> list[nodes.Node]:
        self.scale = self.options.get("scale")
        relations = {r.id: r for r in self.project.registry.relations}
        if "sum" in self.options:
            wanted = [self.options["sum"].strip()]
            node = self.sum_table(relations.get(wanted[0]))
        elif "relations" in self.options:
            wanted = _ids(self.options["relations"])
            node = self.relations_table([relations.get(i) or i for i in wanted])
        else:
            wanted = []
            node = self.facts_table(_ids(self.options.get("facts", "")))
        node["classes"] += self.options.get("class", [])
        self.caption(node)
        self.note_view(relations=tuple(wanted))
        return self.done([node])

    def fact_value(self, fact_id: str, bare: bool = False) -> nodes.Node:
        return self.value(fact_id, scale=self.scale, bare=bare)

    def fact_label(self, fact_id: str) -> list[nodes.Node]:
        fact = self.facts.get(fact_id)
        return self.label(fact) if fact else [nodes.Text(fact_id)]

    def missing(self, what: str) -> nodes.table:
        logger.warning("{registry-table}: no relation %r in the registry", what,
                       location=self.get_location(), type=WARNING_TYPE,
                       subtype=Subtype.PAGE_UNKNOWN)
        return table([1], ["—"], [])[0]

    def sum_table(self, relation: Relation | None) -> nodes.table:
        if relation is None or relation.kind != "sum":
            return self.missing(self.options["sum"])
        node, body = table([70, 30], [self.say("Item"),
                                      self.say("Amount" if self.scale else "Value")],
                           ["registry-sum"])
        for part in relation.data.get("parts", []):
            body += row(self.fact_label(part), self.fact_value(part))
        total = relation.data.get("total", "")
        last = row([nodes.strong("", "", *self.fact_label(total))],
                   [nodes.strong("", "", self.fact_value(total))])
        last["classes"].append("registry-total")
        body += last
        return node

    def relations_table(self, relations: list[Relation | str]) -> nodes.table:
        node, body = table([45, 55], [self.say("Figure"), self.say("The arithmetic")],
                           ["registry-relations"])
        for relation in relations:
            if isinstance(relation, str):
                return self.missing(relation)
            result, arithmetic = self.arithmetic(relation)
            what: list[nodes.Node] = (self.fact_label(result) if result
                                      else [nodes.Text(relation.id)])
            body += row(what, arithmetic)
        return node

    def arithmetic(self, relation: Relation) -> tuple[str | None, list[nodes.Node]]:
        """The relation written out with the values: the id of its result, and the nodes."""
        data = relation.data
        out: list[nodes.Node] = []
        if relation.kind == "sum":
            for i, part in enumerate(data.get("parts", [])):
                out += [nodes.Text(" + ")] if i else []
                out.append(self.fact_value(part, bare=True))
            out += [nodes.Text(" = "), self.fact_value(data.get("total", ""))]
            return data.get("total") or None, out
        if relation.kind == "order":
            chain = data.get("chain", [])
            for i, fact_id in enumerate(chain):
                out += [nodes.Text(" < ")] if i else []
                out.append(self.fact_value(fact_id))
            return (chain[-1] if chain else None), out
        if relation.kind == "duration":
            out = [self.fact_value(data.get("end", "")), nodes.Text(" − "),
                   self.fact_value(data.get("start", "")), nodes.Text(" = "),
                   self.fact_value(data.get("duration", ""))]
            return data.get("duration") or None, out
        return self.equation(str(data.get("expr", "")))

    def equation(self, expr: str) -> tuple[str | None, list[nodes.Node]]:
        """An equation's terms with their values, as written (the registry's checks report an
        expression that does not parse; here it is shown as it stands)."""
        try:
            comparison = parse_expression(expr)
        except ExpressionError:
            return None, [nodes.Text(expr)]
        refs = _refs(comparison)
        out: list[nodes.Node] = []
        written: list[str] = []

        def write(node: Node, outer: int = 0, right: bool = False) -> None:
            if isinstance(node, Num):
                out.append(nodes.Text(group(node.value)))
            elif isinstance(node, Ref):
                written.append(node.fact_id)
                # The last amount names its currency ("1,200 + 38 = 1,238 million roubles").
                full = len(written) == len(refs) and node.fact_id in self.facts
                out.append(self.fact_value(node.fact_id, bare=not full))
            elif isinstance(node, Neg):
                out.append(nodes.Text("−"))
                write(node.operand, 3)
            elif isinstance(node, BinOp):
                level = _PRECEDENCE[node.op]
                # Brackets only where the order of operations needs them.
                brackets = level < outer or (right and level == outer)
                out.extend([nodes.Text("(")] if brackets else [])
                write(node.left, level)
                out.append(nodes.Text(_SYMBOLS[node.op]))
                write(node.right, level, right=True)
                out.extend([nodes.Text(")")] if brackets else [])

        write(comparison.left)
        out.append(nodes.Text(_SYMBOLS[comparison.op]))
        write(comparison.right)
        # The result: the side of an equality that is one fact, else the first fact named.
        sides = [s.fact_id for s in (comparison.left, comparison.right)
                 if isinstance(s, Ref) and s.fact_id in self.facts]
        single = sides[-1:] if "=" in comparison.op else []
        return next(iter(single or refs[:1]), None), out

    def facts_table(self, fact_ids: list[str]) -> nodes.table:
        node, body = table([34, 18, 26, 22],
                           [self.say("Fact"), self.say("The book holds"), self.say("Sources"),
                            self.say("Other readings")],
                           ["registry-facts"])
        for fact_id in fact_ids:
            fact = self.facts.get(fact_id)
            if fact is None:
                body += row([nodes.Text(fact_id)], self.value(fact_id), [], [])
                continue
            others: list[nodes.Node] = []
            for variant in fact.variants:
                if others:
                    others.append(nodes.Text(self.say("; ")))
                other = dataclasses.replace(fact, value=variant.value)
                others += self.phrase(
                    "{value} ({source})", source=self.cite([variant.source]),
                    value=[self.value(fact_id, fact=other, scale=self.scale, variant=True)])
            label = self.label(fact)
            if fact.disputed:
                label += [nodes.Text(" "), badge(self.say("disputed"), "disputed")]
            body += row(label, self.fact_value(fact_id), self.cite(fact.sources),
                        others or [nodes.Text("—")])
        return node


def _refs(node: Node | Comparison) -> list[str]:
    """Every fact id of an expression, in order, repeats included."""
    if isinstance(node, Ref):
        return [node.fact_id]
    if isinstance(node, Neg):
        return _refs(node.operand)
    if isinstance(node, (BinOp, Comparison)):
        return _refs(node.left) + _refs(node.right)
    return []
