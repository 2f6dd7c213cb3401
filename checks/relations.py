"""Check the registry's relations: sums, equations, durations and chronological order.

Equations are read by a small tokenizer and recursive-descent parser into a tree of numbers, fact
ids and the four operations, and evaluated over the facts' values in Decimal. Nothing else is
allowed in an expression, and nothing is ever passed to ``eval``.

Grammar::

    relation   := expression comparison expression
    comparison := "=" | "==" | "<" | "<=" | ">" | ">="
    expression := term (("+" | "-") term)*
    term       := factor (("*" | "/") factor)*
    factor     := number | fact-id | "(" expression ")" | "-" factor

A fact id may contain hyphens, so a binary minus needs a space on each side: ``a - b``.

An expression nests at most :data:`MAX_DEPTH` levels (parentheses, signs and operations, counted
as the depth of its tree), so that no input reaches Python's recursion limit while it is parsed,
evaluated or shown; a deeper one is an :class:`ExpressionError` that names the limit.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import itertools
import re
from collections.abc import Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation

from .dates import span
from .model import DateValue, Figure, Problem, Relation, Subtype, resolution
from .notation import format_figure
from .numerals import group
from .registry import Registry

__all__ = ["MAX_DEPTH", "ExpressionError", "check_relations", "evaluate", "parse_expression"]

#: The deepest expression tree accepted: far more than any relation needs (the book's deepest is
#: 4), far less than Python's recursion limit (the parser takes three frames a level).
MAX_DEPTH = 100


class ExpressionError(ValueError):
    """An expression that does not parse or cannot be evaluated; the message says why."""


# -- the expression language -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Num:
    value: Decimal


@dataclasses.dataclass(frozen=True, slots=True)
class Ref:
    fact_id: str


@dataclasses.dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclasses.dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Node
    right: Node


Node = Num | Ref | Neg | BinOp


@dataclasses.dataclass(frozen=True, slots=True)
class Comparison:
    """``left op right``: the parsed relation."""

    op: str
    left: Node
    right: Node


_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d[\d_]*\.\d+(?:[eE][+-]?\d+)?|\d[\d_]*(?:[eE][+-]?\d+)?(?![\w-]))"
    r"|(?P<word>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"|(?P<op>==|<=|>=|=|<|>|\+|-|\*|/|\(|\)))"
)
_COMPARISONS = ("=", "==", "<", "<=", ">", ">=")


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(type, text, column) for each token; :class:`ExpressionError` on anything else."""
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos or m.lastgroup is None:
            bad = text[pos:].lstrip()[:1]
            column = len(text) - len(text[pos:].lstrip()) + 1
            raise ExpressionError(f"unexpected {bad!r} at column {column}: an expression holds "
                                  "only fact ids, numbers, + - * / ( ) and one comparison")
        kind = m.lastgroup
        word = m.group(kind)
        column = m.start(kind) + 1
        if kind == "word":
            if word.replace("_", "").isdigit():
                kind = "number"
            elif not re.search("[a-z]", word):
                raise ExpressionError(f"'{word}' at column {column} is neither a number nor a "
                                      "fact id: a binary minus needs spaces around it (a - b)")
            else:
                kind = "id"
        tokens.append((kind, word, column))
        pos = m.end()
    return tokens


class _Parser:
    """Recursive descent; each method returns a node and the depth of its tree, and refuses a
    tree deeper than :data:`MAX_DEPTH` before it recurses further."""

    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ExpressionError("the expression ends too early")
        self.i += 1
        return token

    @staticmethod
    def deeper(depth: int, column: int) -> int:
        """``depth + 1``, or :class:`ExpressionError` past the limit."""
        if depth >= MAX_DEPTH:
            raise ExpressionError(f"the expression nests more than {MAX_DEPTH} levels deep "
                                  f"(parentheses, signs and operations) at column {column}; "
                                  "split it into simpler relations")
        return depth + 1

    def relation(self) -> Comparison:
        left, _ = self.expression(0)
        token = self.peek()
        if token is None or token[1] not in _COMPARISONS:
            raise ExpressionError("an expression needs one comparison: =, ==, <, <=, > or >=")
        self.i += 1
        right, _ = self.expression(0)
        if (extra := self.peek()) is not None:
            raise ExpressionError(f"unexpected {extra[1]!r} at column {extra[2]}")
        return Comparison("=" if token[1] == "==" else token[1], left, right)

    def expression(self, level: int) -> tuple[Node, int]:
        """``level``: how deep the enclosing tree is already."""
        node, depth = self.term(level)
        while (token := self.peek()) and token[1] in "+-" and token[0] == "op":
            self.i += 1
            right, right_depth = self.term(level)
            depth = self.deeper(max(depth, right_depth), token[2])
            node = BinOp(token[1], node, right)
        return node, depth

    def term(self, level: int) -> tuple[Node, int]:
        node, depth = self.factor(level)
        while (token := self.peek()) and token[1] in "*/" and token[0] == "op":
            self.i += 1
            right, right_depth = self.factor(level)
            depth = self.deeper(max(depth, right_depth), token[2])
            node = BinOp(token[1], node, right)
        return node, depth

    def factor(self, level: int) -> tuple[Node, int]:
        kind, text, column = self.take()
        if kind == "number":
            try:
                return Num(Decimal(text.replace("_", ""))), level + 1
            except InvalidOperation:
                raise ExpressionError(f"'{text}' at column {column} is not a number") from None
        if kind == "id":
            return Ref(text), level + 1
        if text == "-":
            operand, depth = self.factor(self.deeper(level, column))
            return Neg(operand), depth
        if text == "(":
            node, depth = self.expression(self.deeper(level, column))
            kind, close, column = self.take()
            if close != ")":
                raise ExpressionError(f"expected ')' at column {column}, found {close!r}")
            return node, depth
        raise ExpressionError(f"unexpected {text!r} at column {column}")


def parse_expression(text: str) -> Comparison:
    """Parse a relation expression; :class:`ExpressionError` when it is not one."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the expression is empty")
    return _Parser(text).relation()


def references(node: Node | Comparison) -> list[str]:
    """The fact ids an expression names, in order of first appearance."""
    found: list[str] = []

    def walk(n) -> None:
        if isinstance(n, Ref):
            if n.fact_id not in found:
                found.append(n.fact_id)
        elif isinstance(n, Neg):
            walk(n.operand)
        elif isinstance(n, (BinOp, Comparison)):
            walk(n.left)
            walk(n.right)

    walk(node)
    return found


def evaluate(node: Node, values: Mapping[str, Decimal]) -> Decimal:
    """The value of an expression tree over ``values`` (fact id -> number)."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        return values[node.fact_id]
    if isinstance(node, Neg):
        return -evaluate(node.operand, values)
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if not right:
        raise ExpressionError("division by zero")
    try:
        return left / right
    except (DivisionByZero, InvalidOperation):
        raise ExpressionError("division by zero") from None


def _shorten(expr: str, most: int = 60) -> str:
    """``expr`` quoted for a message, cut to its first ``most`` characters."""
    return repr(expr) if len(expr) <= most else f"{expr[:most]!r}… ({len(expr)} characters)"


def holds(op: str, left: Decimal, right: Decimal, tolerance: Decimal) -> bool:
    """``left op right``; equality within ``tolerance`` relative to the larger side."""
    if op == "=":
        return abs(left - right) <= tolerance * max(abs(left), abs(right))
    return {"<": left < right, "<=": left <= right, ">": left > right,
            ">=": left >= right}[op]


def show(node: Node | Comparison) -> str:
    """An expression tree written back as text."""
    if isinstance(node, Num):
        return group(node.value)
    if isinstance(node, Ref):
        return node.fact_id
    if isinstance(node, Neg):
        return f"-{show(node.operand)}"
    if isinstance(node, Comparison):
        return f"{show(node.left)} {node.op} {show(node.right)}"
    text = f"{show(node.left)} {node.op} {show(node.right)}"
    return f"({text})" if node.op in "+-" else text


# -- checking --------------------------------------------------------------------------------


class _Checker:
    def __init__(self, registry: Registry):
        self.facts = registry.facts
        self.relation_ids = {r.id for r in registry.relations}
        self.problems: list[Problem] = []

    def problem(self, subtype: Subtype, relation: Relation, message: str,
                field: str | None = None) -> None:
        line = relation.lines.get(field, relation.location.line) if field else \
            relation.location.line
        location = dataclasses.replace(relation.location, line=line)
        self.problems.append(Problem(subtype, f"relation '{relation.id}' ({relation.kind}): "
                                     f"{message}", location, relation.id))

    def known(self, relation: Relation, ids: list[str], field: str) -> bool:
        """Every id names a fact; else one problem per unknown id."""
        ok = True
        for fact_id in ids:
            if fact_id == relation.id:
                self.problem(Subtype.RELATION_CYCLE, relation, "it refers to itself; a relation "
                             "names facts, not relations", field)
                ok = False
            elif fact_id not in self.facts:
                hint = (" (that is a relation, not a fact)" if fact_id in self.relation_ids
                        else "")
                self.problem(Subtype.RELATION_UNKNOWN_FACT, relation, f"'{fact_id}' is not a "
                             f"registered fact{hint}", field)
                ok = False
        return ok

    def numbers(self, relation: Relation, ids: list[str], field: str) -> dict[str, Decimal] | None:
        """The values of number facts; a problem for a date or a range."""
        values = {}
        for fact_id in ids:
            fact = self.facts[fact_id]
            if not isinstance(fact.value, Figure):
                self.problem(Subtype.RELATION_KIND, relation, f"'{fact_id}' is a {fact.kind} "
                             "fact; arithmetic needs numbers", field)
                return None
            if fact.value.precision == "range":
                self.problem(Subtype.RELATION_KIND, relation, f"'{fact_id}' is a range; "
                             "arithmetic needs one number", field)
                return None
            values[fact_id] = fact.value.value
        return values

    def dates(self, relation: Relation, ids: list[str], field: str) -> bool:
        for fact_id in ids:
            if self.facts[fact_id].kind != "date":
                self.problem(Subtype.RELATION_KIND, relation, f"'{fact_id}' is a "
                             f"{self.facts[fact_id].kind} fact, not a date", field)
                return False
        return True

    def date(self, fact_id: str) -> DateValue:
        """The value of a fact that :meth:`dates` has found to be a date."""
        value = self.facts[fact_id].value
        assert isinstance(value, DateValue), fact_id
        return value

    def describe(self, fact_id: str) -> str:
        value = self.facts[fact_id].value
        if isinstance(value, DateValue):
            return f"{fact_id} ({value.iso()})"
        return f"{fact_id} ({format_figure(value)})"

    # -- kinds -------------------------------------------------------------------------------

    def sum(self, relation: Relation) -> None:
        total, parts = relation.data["total"], relation.data["parts"]
        if total in parts:
            self.problem(Subtype.RELATION_CYCLE, relation, f"the total '{total}' is also one of "
                         "its parts", "parts")
            return
        if not (self.known(relation, [total], "total") & self.known(relation, parts, "parts")):
            return
        values = self.numbers(relation, [total, *parts], "parts")
        if values is None:
            return
        first = self.facts[total]
        for part in parts:
            fact = self.facts[part]
            if fact.kind != first.kind or fact.currency != first.currency or (
                    first.kind not in ("count",) and fact.unit != first.unit):
                what = (fact.currency or fact.unit or fact.kind)
                expected = first.currency or first.unit or first.kind
                self.problem(Subtype.RELATION_KIND, relation, f"part '{part}' is in {what}, the "
                             f"total '{total}' in {expected}", "parts")
                return
        added = sum((values[p] for p in parts), Decimal(0))
        tolerance = Decimal(repr(relation.data.get("tolerance", 0)))
        if not holds("=", values[total], added, tolerance):
            listed = " + ".join(f"{p} {group(values[p])}" for p in parts)
            self.problem(Subtype.RELATION_FAILED, relation, f"the parts add up to {group(added)} "
                         f"({listed}), but the total '{total}' is {group(values[total])} "
                         f"(difference {group(added - values[total])}, tolerance "
                         f"{relation.data.get('tolerance', 0)})")

    def equation(self, relation: Relation) -> None:
        expr = relation.data["expr"]
        try:
            tree = parse_expression(expr)
        except ExpressionError as error:
            self.problem(Subtype.RELATION_SYNTAX, relation, f"expr {_shorten(expr)} does not "
                         f"parse: {error}", "expr")
            return
        ids = references(tree)
        if not self.known(relation, ids, "expr"):
            return
        if isinstance(tree.left, Ref) and tree.left.fact_id in references(tree.right):
            self.problem(Subtype.RELATION_CYCLE, relation, f"'{tree.left.fact_id}' is defined "
                         "in terms of itself", "expr")
            return
        values = self.numbers(relation, ids, "expr")
        if values is None:
            return
        try:
            left, right = evaluate(tree.left, values), evaluate(tree.right, values)
        except ExpressionError as error:
            self.problem(Subtype.RELATION_FAILED, relation, f"cannot evaluate {expr!r}: {error}",
                         "expr")
            return
        tolerance = Decimal(repr(relation.data.get("tolerance", 0)))
        if not holds(tree.op, left, right, tolerance):
            given = ", ".join(f"{i} = {group(values[i])}" for i in ids)
            self.problem(Subtype.RELATION_FAILED, relation, f"{show(tree.left)} = {group(left)} "
                         f"but {show(tree.right)} = {group(_round(right))}, so {expr!r} does not "
                         f"hold (tolerance {relation.data.get('tolerance', 0)}; {given})", "expr")

    def duration(self, relation: Relation) -> None:
        start, end, length = (relation.data[k] for k in ("start", "end", "duration"))
        ok = self.known(relation, [start], "start") & self.known(relation, [end], "end") & \
            self.known(relation, [length], "duration")
        if not ok or not self.dates(relation, [start, end], "start"):
            return
        fact = self.facts[length]
        if fact.kind != "duration" or not isinstance(fact.value, Figure):
            self.problem(Subtype.RELATION_KIND, relation, f"'{length}' is a {fact.kind} fact, "
                         "not a duration", "duration")
            return
        counting = relation.data.get("counting", "exclusive")
        unit = fact.unit
        s_first, s_last = span(self.date(start))
        e_first, e_last = span(self.date(end))
        if e_last < s_first:
            self.problem(Subtype.RELATION_FAILED, relation, f"the end {self.describe(end)} is "
                         f"before the start {self.describe(start)}, so no length, let alone "
                         f"{self.describe(length)}, fits", "end")
            return
        low, high = measure(s_first, s_last, e_first, e_last, counting, unit)
        allowed = _allowed(fact.value, counting, unit)
        if allowed is None:
            self.problem(Subtype.RELATION_KIND, relation, f"counting = \"{counting}\" cannot be "
                         f"compared with a duration in {unit}s", "counting")
            return
        a_low, a_high = allowed
        if (a_high is not None and low > a_high) or (a_low is not None and high < a_low):
            measured = _show_measure(low, high, unit if counting in ("exclusive", "inclusive")
                                     else counting[:-1])
            self.problem(Subtype.RELATION_FAILED, relation, f"from {self.describe(start)} to "
                         f"{self.describe(end)} is {measured} (counting {counting}), but "
                         f"{self.describe(length)} says otherwise")

    def order(self, relation: Relation) -> None:
        chain = relation.data["chain"]
        if not self.known(relation, chain, "chain") or not self.dates(relation, chain, "chain"):
            return
        for before, after in itertools.pairwise(chain):
            b_first, _ = span(self.date(before))
            _, a_last = span(self.date(after))
            if b_first > a_last:
                self.problem(Subtype.RELATION_FAILED, relation, f"{self.describe(before)} is "
                             f"listed before {self.describe(after)} but is later", "chain")


def _round(value: Decimal) -> Decimal:
    exponent = value.as_tuple().exponent  # an int: the registry holds only finite numbers
    return value.quantize(Decimal("0.000001")).normalize() \
        if isinstance(exponent, int) and exponent < -6 else value


# -- durations -------------------------------------------------------------------------------


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _months_between(start: datetime.date, end: datetime.date) -> Decimal:
    """Whole calendar months from start to end, plus the rest as a fraction of the next month."""
    whole = (end.year - start.year) * 12 + end.month - start.month
    if _add_months(start, whole) > end:
        whole -= 1
    base, following = _add_months(start, whole), _add_months(start, whole + 1)
    return whole + Decimal((end - base).days) / Decimal((following - base).days)


def measure(s_first: datetime.date, s_last: datetime.date, e_first: datetime.date,
            e_last: datetime.date, counting: str, unit: str | None) -> tuple[Decimal, Decimal]:
    """The least and greatest length from a start to an end date (each known to a span), in
    ``unit`` for "exclusive"/"inclusive" counting, else in whole calendar months or years."""
    if counting == "months":
        return (Decimal((e_first.year - s_last.year) * 12 + e_first.month - s_last.month),
                Decimal((e_last.year - s_first.year) * 12 + e_last.month - s_first.month))
    if counting == "years":
        return Decimal(e_first.year - s_last.year), Decimal(e_last.year - s_first.year)
    extra = 1 if counting == "inclusive" else 0
    if unit in ("day", "week"):
        per = 7 if unit == "week" else 1
        return (Decimal(max(0, (e_first - s_last).days) + extra) / per,
                Decimal((e_last - s_first).days + extra) / per)
    one = datetime.timedelta(days=extra)
    low = _months_between(s_last, max(s_last, e_first + one))
    high = _months_between(s_first, e_last + one)
    if unit == "year":
        return low / 12, high / 12
    return low, high


def _allowed(value: Figure, counting: str,
             unit: str | None) -> tuple[Decimal | None, Decimal | None] | None:
    """The lengths a duration fact allows, in the unit :func:`measure` uses; None: no match."""
    if counting in ("months", "years"):
        factors: dict[tuple[str, str | None], int | Decimal] = {
            ("months", "month"): 1, ("months", "year"): 12, ("years", "year"): 1,
            ("years", "month"): Decimal(1) / 12}
        factor = factors.get((counting, unit))
        if factor is None:
            return None
        low, high = value.interval()
        return (None if low is None else low * factor, None if high is None else high * factor)
    if unit in ("day", "week"):
        return value.interval()
    # Whole months or years, as a person counts them: 2 months is 2 up to (not quite) 3.
    v = value.value
    if value.precision == "approx":
        half = max(resolution(v), Decimal(1)) / 2
        return v - half, v + half
    if value.precision == "at-least":
        return v, None
    if value.precision == "at-most":
        return None, v + 1
    if value.precision == "range" and value.high is not None:
        return v, value.high + 1
    return v, v + 1


def _show_measure(low: Decimal, high: Decimal, unit: str | None) -> str:
    def one(x: Decimal) -> str:
        x = x.quantize(Decimal("0.01")).normalize()
        return f"{group(x)} {unit}{'' if x == 1 else 's'}"

    return one(low) if low == high else f"between {one(low)} and {one(high)}"


# -- cycles ----------------------------------------------------------------------------------


def _cycles(registry: Registry) -> list[Problem]:
    """Relations that together define a fact through itself, or order dates in a circle."""
    problems = []
    definitions: dict[str, list[tuple[str, Relation]]] = {}
    order: dict[str, list[tuple[str, Relation]]] = {}
    for relation in registry.relations:
        if relation.kind == "sum" and isinstance(relation.data.get("total"), str):
            for part in relation.data.get("parts", []):
                definitions.setdefault(relation.data["total"], []).append((part, relation))
        elif relation.kind == "equation":
            try:
                tree = parse_expression(relation.data.get("expr", ""))
            except ExpressionError:
                continue
            if isinstance(tree.left, Ref) and tree.op == "=":
                for ref in references(tree.right):
                    definitions.setdefault(tree.left.fact_id, []).append((ref, relation))
        elif relation.kind == "order":
            chain = relation.data.get("chain", [])
            for before, after in itertools.pairwise(chain):
                if before != after:
                    order.setdefault(before, []).append((after, relation))
    for graph, what in ((definitions, "define each other"), (order, "order dates in a circle")):
        for cycle in _find_cycles(graph):
            nodes = [node for node, _ in cycle]
            relations = list(dict.fromkeys(rel.id for _, rel in cycle))
            last = max((rel for _, rel in cycle),
                       key=lambda r: (r.location.path, r.location.line or 0))
            path = " → ".join([*nodes, nodes[0]])
            problems.append(Problem(
                Subtype.RELATION_CYCLE,
                f"relation{'s' if len(relations) > 1 else ''} "
                f"{', '.join(repr(r) for r in relations)} {what}: {path}",
                last.location, last.id))
    return problems


def _find_cycles(graph: dict[str, list[tuple[str, Relation]]]):
    """One cycle (as [(node, relation of the edge leaving it)]) per strongly connected group."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    counter = 0
    for root in list(graph):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph.get(node, [])
            if i < len(edges):
                work.append((node, i + 1))
                target = edges[i][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group_nodes = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group_nodes.add(member)
                    if member == node:
                        break
                if len(group_nodes) > 1:
                    groups.append(group_nodes)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    for members in groups:
        start = min(members)
        path, seen, node = [], set(), start
        while node not in seen:
            seen.add(node)
            target, relation = next((t, r) for t, r in graph[node] if t in members)
            path.append((node, relation))
            node = target
        cut = next(i for i, (n, _) in enumerate(path) if n == node)
        yield path[cut:]


def check_relations(registry: Registry) -> list[Problem]:
    """Every problem with the registry's relations, each at its relation's file and line."""
    checker = _Checker(registry)
    for relation in registry.relations:
        getattr(checker, relation.kind)(relation)
    return checker.problems + _cycles(registry)
