"""Read one document's doctree into a :class:`DocRecord`: what the checks need from it.

The Sphinx build (a read transform, in each worker) and ``python -m checks`` (a plain docutils
parse) both call :func:`collect` on the doctree MyST-Parser produced, so both find the same
mentions and the same unbound dates and figures, at the same lines.

Prose is every text node that is not inside code, raw output, math, a citation or footnote
reference, a cross-reference (``{cite}``, ``{ref}``, ``{doc}``), a URL, a comment, front matter,
generated bibliography text or a ``{fact}``/``{variant}``/``{nofact}`` role. Text is scanned one
block (paragraph, title, caption, term, ...) at a time, so a date broken across two source lines
is still one date; its line is the block's line plus the line breaks before it, confirmed against
the source (MyST gives a table cell the table's first line; the search finds the row). Each
occurrence in the source is claimed by one finding, so identical dates on neighbouring rows or on
one line are found at their own places (with a column where the line holds them twice).

Besides the text, what a reader sees of some nodes is read as blocks of its own: alt text and
titles, a link's title, an abbreviation's expansion, a toctree's caption and titles, and the text
and shown attributes of raw HTML and LaTeX (:mod:`checks.rawtext`).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from docutils import nodes as dn

from . import nodes as cn
from .copies import TokenText, line_tokens
from .rawtext import shown_html, shown_latex

#: Nodes whose text is not prose.
_EXCLUDED_TYPES: tuple[type[dn.Node], ...] = (
    dn.literal,
    dn.literal_block,
    dn.doctest_block,
    dn.raw,
    dn.comment,
    dn.math,
    dn.math_block,
    dn.citation_reference,
    dn.footnote_reference,
    dn.substitution_definition,
    dn.substitution_reference,
    dn.target,
    dn.label,
    dn.system_message,
    dn.problematic,
    dn.docinfo,
    dn.image,
    dn.citation,
    cn.fact,
    cn.nofact,
    cn.facts_index,
)
#: The same for nodes that only exist in a Sphinx build (or stand in for them in the CLI), by name,
#: so the CLI need not import Sphinx.
_EXCLUDED_TAGNAMES = frozenset({
    "number_reference",
    "download_reference",
    "literal_emphasis",
    "literal_strong",
    "toctree",
    "index",
    "desc_signature",
    "opaque_role",  # the CLI's stand-in for a role only Sphinx knows
    "bibliography",  # sphinxcontrib-bibtex: generated from references.bib, not prose
    "footbibliography",
})
#: Attributes whose values a reader sees, by node name: alt text and a Markdown image's title
#: (``![alt](src "title")``, ``:alt:``, a card's ``:img-alt:``), a link's title (a tooltip), an
#: abbreviation's expansion (a tooltip, and spelled out in the PDF), a toctree's caption (the
#: sidebar's and the PDF's part titles). Raw HTML and a toctree's entries are read apart.
_SHOWN_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "image": ("alt", "title"),
    "reference": ("reftitle",),
    "pending_xref": ("reftitle",),
    "abbreviation": ("explanation",),
    "toctree": ("caption",),
    "raw": (),
}
#: Cross-reference roles whose title, when the author writes one, is shown as the link's words.
_TITLED_REFTYPES = frozenset({"ref", "doc", "numref", "any"})
#: Roles and inline code in a source line: where an unbound date or figure cannot be.
_ROLE_OR_CODE = re.compile(r"(?:\{[^{}`\s]+\})?(`+)(?:(?!\1).)+?\1")
_URL = re.compile(r"(?:https?://|ftp://|mailto:|www\.)[^\s<>\"'\]\)]+", re.I)
#: How much text on each side of a role its record keeps (for a weekday beside it).
_BESIDE = 16
#: How far below a block's first line the search for a match's line may look.
_SEARCH_LINES = 200


@dataclasses.dataclass(frozen=True, slots=True)
class Mention:
    """``{fact}`words <fact_id>``` (or ``{variant}`...```) at ``docname:line``.

    ``generated``: a value a page generated from the registry shows (:mod:`checks.views`):
    checked like the author's, but no "use" of the fact.
    """

    docname: str
    line: int
    fact_id: str
    words: str
    variant: bool = False
    generated: bool = False
    #: The text just before and just after the role in its block (a weekday there is checked).
    beside: tuple[str, str] = ("", "")
    column: int | None = None  # 1-based; only where the line holds the same role twice


@dataclasses.dataclass(frozen=True, slots=True)
class Unbound:
    """A date or figure the scanner found in prose outside any ``{fact}``."""

    docname: str
    line: int
    text: str
    finding: Any  # the scanner's finding (kind, parsed value): the hint's key
    column: int | None = None  # 1-based; only where the line holds the same words twice


@dataclasses.dataclass(frozen=True, slots=True)
class RoleError:
    """A ``{fact}`` role that could not be understood (no id, a malformed id)."""

    docname: str
    line: int
    rawtext: str
    message: str
    column: int | None = None  # 1-based; only where the line holds the same role twice


@dataclasses.dataclass(frozen=True, slots=True)
class DocRecord:
    """Everything the checks keep about one document."""

    docname: str
    notation: str | None  # front matter ``checks_notation``; None: the project's
    mentions: tuple[Mention, ...] = ()
    unbound: tuple[Unbound, ...] = ()
    errors: tuple[RoleError, ...] = ()
    has_facts_index: bool = False
    #: The prose as the reader sees it, fact words included, for the copy check.
    text: TokenText | None = None


#: Per node class: True (never prose), False (may be prose), None (depends on the node).
_EXCLUSION: dict[type, bool | None] = {}


def _excluded(node: dn.Element) -> bool:
    cls = type(node)
    verdict = _EXCLUSION[cls] if cls in _EXCLUSION else _classify(cls)
    if verdict is not None:
        return verdict
    if isinstance(node, dn.footnote):
        # sphinxcontrib-bibtex's {footcite} notes hold a formatted references.bib entry.
        return any(name.startswith("footcite-") for name in node["names"])
    if isinstance(node, dn.reference):
        uri = node.get("refuri", "")
        # A URL shown as itself (autolink) is not prose; a link's own words are.
        return bool(uri) and node.astext().strip() in (uri, uri.removeprefix("mailto:"))
    # pending_xref: a role's target ({cite}, {ref}, {doc}) is not prose; the words a reader sees
    # as the link are: of a Markdown link to a page or label ([the treaty](#ch-treaty), which
    # MyST hands to Sphinx), of a cross-reference with a title ({ref}`the treaty <ch-treaty>`),
    # of a glossary term ({term}`Treaty`).
    reftype = node.get("reftype")
    return not (reftype == "myst" or reftype == "term"
                or (reftype in _TITLED_REFTYPES and node.get("refexplicit")))


def _classify(cls: type) -> bool | None:
    if cls.__name__ == "pending_xref" or issubclass(cls, (dn.footnote, dn.reference)):
        verdict = None
    else:
        verdict = issubclass(cls, _EXCLUDED_TYPES) or cls.__name__ in _EXCLUDED_TAGNAMES
    _EXCLUSION[cls] = verdict
    return verdict


def _front_matter(document: dn.document) -> dn.Element | None:
    """MyST's front matter: a field list at the very start (docinfo once transformed)."""
    for child in document.children:
        if isinstance(child, (dn.comment, dn.target)):
            continue
        if isinstance(child, (dn.field_list, dn.docinfo)):
            return child
        return None
    return None


def _notation(front: dn.Element | None) -> str | None:
    if front is None:
        return None
    for field in front.findall(dn.field):
        name, body = field.children[0], field.children[-1]
        if name.astext().strip() == "checks_notation":
            return body.astext().strip()
    return None


class _Collector:
    def __init__(self, docname: str, source_lines: Sequence[str], scan: Callable[[str], Any]):
        self.docname = docname
        self.lines = source_lines
        self._prose_lines: list[str] | None = None
        self.scan = scan
        self.mentions: list[Mention] = []
        self.unbound: list[Unbound] = []
        self.errors: list[RoleError] = []
        self.has_index = False
        self.skip: dn.Node | None = None
        self.claimed: set[tuple[int, int]] = set()  # (line, 0-based column) of found text
        self.keep_text = True  # gather the prose's tokens for the copy check
        self.words: list[str] = []  # the prose's tokens (checks.copies), in order
        self.word_lines: list[int] = []  # the line of each

    # -- lines ------------------------------------------------------------------------------

    @property
    def prose_lines(self) -> list[str]:
        """The source lines with roles and inline code blanked out."""
        if self._prose_lines is None:
            self._prose_lines = [
                _ROLE_OR_CODE.sub(lambda m: " " * len(m.group()), line) for line in self.lines
            ]
        return self._prose_lines

    def locate(self, line: int, needle: str, lines: Sequence[str]) -> int:
        """The source line of ``needle``, which the doctree puts at about ``line``.

        MyST numbers a table cell with the table's first line (the row is further down), and the
        content of a directive that has an argument (a card, a tab, a dropdown) one line too low;
        so: ``line``, then the line above, then downwards. Not found: ``line``.
        """
        needle = needle.strip()
        if not needle or not lines:
            return line
        last = min(len(lines), line + _SEARCH_LINES)
        for number in itertools.chain((line, line - 1), range(line + 1, last + 1)):
            if 1 <= number <= len(lines) and needle in lines[number - 1]:
                return number
        return line

    def claim(self, line: int, needle: str, lines: Sequence[str]) -> tuple[int, int | None]:
        """The line and 1-based column of the first occurrence of ``needle`` at about ``line``
        (searched as :meth:`locate` does) that no earlier finding or role has claimed; claimed
        now. So two identical dates on neighbouring rows, or on one line, are two places.
        Not found: ``(line, None)``."""
        needle = needle.strip()
        if not needle or not lines:
            return line, None
        last = min(len(lines), line + _SEARCH_LINES)
        for number in itertools.chain((line, line - 1), range(line + 1, last + 1)):
            if not 1 <= number <= len(lines):
                continue
            text = lines[number - 1]
            start = text.find(needle)
            while start >= 0:
                if (number, start) not in self.claimed:
                    self.claimed.add((number, start))
                    return number, start + 1
                start = text.find(needle, start + 1)
        return line, None

    # -- walking ----------------------------------------------------------------------------

    def walk(self, node: dn.Element, line: int) -> None:
        for child in node.children:
            if not isinstance(child, dn.Element):
                # Text directly in a container (no paragraph): a block of its own.
                self.block(node, line, [child])
                continue
            if isinstance(child, cn.facts_index):
                self.has_index = True
                continue
            child_line = child.line or line
            if child is self.skip:
                self.errors_in(child, child_line)
                continue
            if child.tagname in _SHOWN_ATTRIBUTES:
                self.attributes(child, child_line)
            if _excluded(child):
                self.errors_in(child, child_line)
                continue
            if isinstance(child, dn.TextElement) and not isinstance(child, dn.Inline):
                self.block(child, child_line, child.children)
            else:
                self.walk(child, child_line)

    def errors_in(self, node: dn.Node, line: int) -> None:
        """Excluded subtrees may still hold ``{fact}`` roles (a role inside a link's words)."""
        if isinstance(node, cn.fact):
            self.fact(node, line, 0, "")
            return
        for fact_node in _facts_within(node):
            self.fact(fact_node, line, 0, "")

    def block(self, block: dn.Element, line: int, children: Sequence[dn.Node]) -> None:
        """Scan one block of text: its inline content joined into one string."""
        parts: list[str] = []
        facts: list[tuple[int, cn.fact]] = []
        shown: list[str] = []
        shown_attributes: list[tuple[dn.Element, int]] = []
        self.inline(children, parts, facts, shown, shown_attributes, line)
        text = "".join(parts)
        # A message Sphinx translated (-D language=zh_CN): its roles' words and its figures are
        # checked in its catalogue, at the catalogue's line (checks.translation); here, only
        # which facts it binds.
        translated = bool(block.get("translated"))
        for offset, node in facts:
            self.fact(node, line, offset, text, translated)
        if self.keep_text:
            self.keep_words("".join(shown), line)
        if not translated:
            self.scan_text(text, line)
        for element, at in shown_attributes:
            self.attributes(element, at)

    def scan_text(self, text: str, line: int) -> None:
        """Record the unbound dates and figures of ``text``, which starts at about ``line``."""
        if not text.strip():
            return
        if "://" in text or "www." in text or "mailto:" in text:
            text_to_scan = _URL.sub(lambda m: " " * len(m.group()), text)
        else:
            text_to_scan = text
        for finding in self.scan(text_to_scan):
            start, end = finding.start, finding.end
            found = text[start:end]
            first = found.split("\n", 1)[0]
            at, column = self.claim(line + text.count("\n", 0, start), first, self.prose_lines)
            self.unbound.append(Unbound(self.docname, at, " ".join(found.split()), finding,
                                        column))

    def attributes(self, node: dn.Element, line: int) -> None:
        """Read what a reader sees of a node besides its text: alt text, a tooltip, an
        abbreviation's expansion, a toctree's caption and titles, raw HTML."""
        texts: list[tuple[int, str]] = []
        for name in _SHOWN_ATTRIBUTES[node.tagname]:
            value = node.get(name)
            if isinstance(value, str):
                texts.append((line, value))
        if node.tagname == "toctree":
            entries: list[tuple[str | None, str]] = node.get("entries", [])  # (title, document)
            texts.extend((line, title) for title, _ in entries if title)
        elif node.tagname == "raw":
            formats = node.get("format", "").split()
            raw = node.astext()
            shown = shown_html(raw) if "html" in formats else []
            shown += shown_latex(raw) if "latex" in formats else []
            texts.extend((line + offset - 1, text) for offset, text in shown)
        for at, text in texts:
            if self.keep_text:
                self.keep_words(text, at)
            self.scan_text(text, at)

    def inline(self, children: Sequence[dn.Node], parts: list[str],
               facts: list[tuple[int, cn.fact]], shown: list[str],
               shown_attributes: list[tuple[dn.Element, int]], line: int) -> None:
        """Gather a block's prose into ``parts`` (for the scanner: facts and excluded nodes are
        blanks), its ``{fact}`` nodes into ``facts``, what the reader sees of it into ``shown``
        (for the copy check: the words of facts and of ``{nofact}`` included), and the nodes
        whose attributes a reader sees (an image's alt text, ...) into ``shown_attributes``."""
        for child in children:
            if not isinstance(child, dn.Element):  # Text, the one other kind of node
                parts.append(str(child))
                shown.append(str(child))
                continue
            if child.tagname in _SHOWN_ATTRIBUTES:
                shown_attributes.append((child, child.line or line))
            if isinstance(child, cn.fact):
                facts.append((sum(map(len, parts)), child))
                parts.append(self.placeholder(child))
                raw = child.get("rawtext", "")
                shown.append(" " + child.get("words", "") + " " + "\n" * raw.count("\n"))
            elif isinstance(child, cn.facts_index):
                self.has_index = True
            elif _excluded(child):
                for fact_node in _facts_within(child):
                    facts.append((sum(map(len, parts)), fact_node))
                parts.append(self.placeholder(child))
                # {nofact} words are the author's; text generated from the registry (its
                # subclasses) is checked where it is written, in the registry.
                shown.append(child.astext() if type(child) is cn.nofact
                             else self.placeholder(child))
            else:
                self.inline(child.children, parts, facts, shown, shown_attributes, line)

    def keep_words(self, text: str, line: int) -> None:
        """Add a block's tokens, each with its line, to the document's prose."""
        start = text.lstrip()
        if start:  # the line MyST gives a table cell or a tab's title is the table's or the set's
            line = self.locate(line, start.split("\n", 1)[0][:24], self.lines)
        words, breaks = line_tokens(text)
        self.words += words
        self.word_lines += [line + newlines for newlines in breaks]

    @staticmethod
    def placeholder(node: dn.Node) -> str:
        """What an excluded node leaves in the scanned text: a word break, and its line breaks."""
        return " " + "\n" * node.astext().count("\n")

    def fact(self, node: cn.fact, line: int, offset: int, text: str,
             translated: bool = False) -> None:
        if node.get("generated"):  # recorded by the directive that wrote it, at its line
            return
        rawtext = node.get("rawtext", "")
        raw_first = rawtext.split("\n", 1)[0]
        # MyST's rawtext is ":fact:`...`"; the source reads "{fact}`...`".
        needle = raw_first.split("`", 1)[-1] if "`" in raw_first else raw_first
        at, column = self.claim(line + text.count("\n", 0, offset),
                                "`" + needle if needle else "", self.lines)
        if column is not None and "`" in raw_first:  # the role's start: "{fact}", as long
            column = max(1, column - len(raw_first.split("`", 1)[0]))  # as ":fact:"
        if node.get("error"):
            self.errors.append(RoleError(self.docname, at, _source_form(rawtext), node["error"],
                                         column))
        else:
            beside = (text[max(0, offset - _BESIDE):offset], text[offset + 1:offset + 1 + _BESIDE])
            if translated:  # the binding alone: the words are checked in the catalogue
                self.mentions.append(Mention(self.docname, at, node["fact_id"], "", False,
                                             column=column))
                return
            self.mentions.append(Mention(self.docname, at, node["fact_id"], node.get("words", ""),
                                         bool(node.get("variant")), column=column, beside=beside))


def _facts_within(node: dn.Node) -> list[cn.fact]:
    """``list(node.findall(cn.fact, include_self=False))``, without a generator per node: most
    excluded nodes (a reference, a literal) hold one Text and no fact."""
    found: list[cn.fact] = []
    stack = list(reversed(node.children))
    while stack:
        child = stack.pop()
        if isinstance(child, cn.fact):
            found.append(child)
        if child.children:
            stack.extend(reversed(child.children))
    return found


def _source_form(rawtext: str) -> str:
    """``:fact:`x``` (docutils' form) as the author wrote it: ``{fact}`x```."""
    match = re.match(r":(\w[\w:-]*):(`.*)", rawtext, re.S)
    return "{%s}%s" % match.groups() if match else rawtext


_Located = TypeVar("_Located", Mention, Unbound, RoleError)


def _columns_where_needed(found: list[_Located], key: Callable[[_Located], Hashable]
                          ) -> tuple[_Located, ...]:
    """``found`` in the order of the source, with a column only where its line holds the same
    thing twice: a warning names its column (``path:line:column``) only where its line alone
    cannot tell it from another."""
    counts = Counter(key(item) for item in found)
    in_order = sorted(found, key=lambda item: (item.line, item.column or 0))  # the source's
    return tuple(item if item.column is None or counts[key(item)] > 1
                 else dataclasses.replace(item, column=None) for item in in_order)


def collect(
    document: dn.document,
    docname: str,
    source_lines: Sequence[str],
    scan: Callable[[str], Any],
    keep_text: bool = True,
) -> DocRecord:
    """What ``document`` says: its ``{fact}`` mentions, unbound findings and role errors.

    ``source_lines``: the document's source, for the lines MyST does not give exactly;
    ``scan``: the scanner (``text -> findings`` with ``start``/``end`` offsets);
    ``keep_text``: keep the prose's shingles for the copy check (a book with no protected sources
    need not pay for them).
    """
    collector = _Collector(docname, source_lines, scan)
    collector.keep_text = keep_text
    front = _front_matter(document)
    collector.skip = front
    collector.walk(document, 1)
    return DocRecord(
        docname=docname,
        notation=_notation(front),
        mentions=_columns_where_needed(
            collector.mentions, lambda m: (m.line, m.fact_id, m.words, m.variant)),
        unbound=_columns_where_needed(collector.unbound, lambda u: (u.line, u.text)),
        errors=_columns_where_needed(collector.errors, lambda e: (e.line, e.rawtext)),
        has_facts_index=collector.has_index,
        text=TokenText.build(collector.words, collector.word_lines) if keep_text else None,
    )
