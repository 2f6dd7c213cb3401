"""Read one document's doctree into a :class:`DocRecord`: what the checks need from it.

The Sphinx build (a read transform, in each worker) and ``python -m checks`` (a plain docutils
parse) both call :func:`collect` on the doctree MyST-Parser produced, so both find the same
mentions and the same unbound dates and figures, at the same lines.

Prose is every text node that is not inside code, raw output, math, a citation or footnote
reference, a cross-reference (``{cite}``, ``{ref}``, ``{doc}``), a URL, a comment, front matter,
generated bibliography text or a ``{fact}``/``{variant}``/``{nofact}`` role. Text is scanned one
block (paragraph, title, caption, term, ...) at a time, so a date broken across two source lines
is still one date; its line is the block's line plus the line breaks before it, confirmed against
the source (MyST gives a table cell the table's first line; the search finds the row).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any

from docutils import nodes as dn

from . import nodes as cn
from .copies import TokenText, line_tokens

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
#: Roles and inline code in a source line: where an unbound date or figure cannot be.
_ROLE_OR_CODE = re.compile(r"(?:\{[^{}`\s]+\})?(`+)(?:(?!\1).)+?\1")
_URL = re.compile(r"(?:https?://|ftp://|mailto:|www\.)[^\s<>\"'\]\)]+", re.I)
#: How far below a block's first line the search for a match's line may look.
_SEARCH_LINES = 200


@dataclasses.dataclass(frozen=True, slots=True)
class Mention:
    """``{fact}`words <fact_id>``` (or ``{variant}`...```) at ``docname:line``."""

    docname: str
    line: int
    fact_id: str
    words: str
    variant: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Unbound:
    """A date or figure the scanner found in prose outside any ``{fact}``."""

    docname: str
    line: int
    text: str
    finding: Any  # the scanner's finding (kind, parsed value): the hint's key


@dataclasses.dataclass(frozen=True, slots=True)
class RoleError:
    """A ``{fact}`` role that could not be understood (no id, a malformed id)."""

    docname: str
    line: int
    rawtext: str
    message: str


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


def _excluded(node: dn.Node) -> bool:
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
    # pending_xref: a role's target ({cite}, {ref}, {doc}) is not prose; the words of a Markdown
    # link to a page or label ([the treaty](#ch-treaty), which MyST hands to Sphinx) are.
    return node.get("reftype") != "myst"


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
        for number in (line, line - 1, *range(line + 1, last + 1)):
            if 1 <= number <= len(lines) and needle in lines[number - 1]:
                return number
        return line

    # -- walking ----------------------------------------------------------------------------

    def walk(self, node: dn.Element, line: int) -> None:
        for child in node.children:
            if isinstance(child, dn.Text):
                # Text directly in a container (no paragraph): a block of its own.
                self.block(node, line, [child])
                continue
            if isinstance(child, cn.facts_index):
                self.has_index = True
                continue
            if child is self.skip or _excluded(child):
                self.errors_in(child, child.line or line)
                continue
            child_line = child.line or line
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
        self.inline(children, parts, facts, shown)
        text = "".join(parts)
        for offset, node in facts:
            self.fact(node, line, offset, text)
        if self.keep_text:
            self.keep_words("".join(shown), line)
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
            at = self.locate(line + text.count("\n", 0, start), first, self.prose_lines)
            self.unbound.append(Unbound(self.docname, at, " ".join(found.split()), finding))

    def inline(self, children: Sequence[dn.Node], parts: list[str],
               facts: list[tuple[int, cn.fact]], shown: list[str]) -> None:
        """Gather a block's prose into ``parts`` (for the scanner: facts and excluded nodes are
        blanks), its ``{fact}`` nodes into ``facts``, and what the reader sees of it into
        ``shown`` (for the copy check: the words of facts and of ``{nofact}`` included)."""
        for child in children:
            if isinstance(child, dn.Text):
                parts.append(str(child))
                shown.append(str(child))
            elif isinstance(child, cn.fact):
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
                self.inline(child.children, parts, facts, shown)

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

    def fact(self, node: cn.fact, line: int, offset: int, text: str) -> None:
        rawtext = node.get("rawtext", "")
        raw_first = rawtext.split("\n", 1)[0]
        # MyST's rawtext is ":fact:`...`"; the source reads "{fact}`...`".
        needle = raw_first.split("`", 1)[-1] if "`" in raw_first else raw_first
        at = self.locate(line + text.count("\n", 0, offset), "`" + needle if needle else "",
                         self.lines)
        if node.get("error"):
            self.errors.append(RoleError(self.docname, at, _source_form(rawtext), node["error"]))
        else:
            self.mentions.append(Mention(self.docname, at, node["fact_id"], node.get("words", ""),
                                         bool(node.get("variant"))))


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
        mentions=tuple(collector.mentions),
        unbound=tuple(collector.unbound),
        errors=tuple(collector.errors),
        has_facts_index=collector.has_index,
        text=TokenText.build(collector.words, collector.word_lines) if keep_text else None,
    )
