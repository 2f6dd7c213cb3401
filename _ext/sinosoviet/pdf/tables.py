"""Long tables in the PDF: break across pages, with column widths that fit their content.

Sphinx sets a table of up to 30 rows with ``tabulary``, which sizes the columns well but cannot
break across a page, and a longer one (or one with the ``longtable`` class) with ``longtable``,
whose columns, unless widths are given, are all equally wide. In print, every table of more than
``LONG_TABLE_ROWS`` rows becomes a ``longtable`` here, and gets column widths computed from its
content when its source gave none: a column of short entries (dates, numbers) as wide as its
longest entry, the others sharing the rest in proportion to how much text they hold. The cells
are set ragged right (``sinosoviet.sty``), so Chinese text and long identifiers wrap.

Runs on ``doctree-resolved``, after the extensions that make tables then (the ``{facts-index}``
table of the checks package is one).
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from sphinx.application import Sphinx

from .. import priorities

#: Tables with more body rows than this may break across pages.
LONG_TABLE_ROWS = 12
#: The width of the text block, in average characters of the table font (A4, 11pt, small type).
LINE = 95
#: Every column has room for this many characters on a line (a date, a number, a short name).
ROOM = 12
#: The space between two columns, in characters.
PADDING = 3


def text_width(text: str) -> int:
    """Width in average Latin characters: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _longest_word(text: str) -> int:
    # Words break at spaces and after hyphens; Chinese between any two characters.
    pieces = re.split(r"[\s\u3000-\u9fff\uff00-\uffef]+|(?<=-)", text)
    return max((text_width(piece) for piece in pieces), default=0)


def column_widths(rows: list[list[str]]) -> list[int]:
    """Widths, in characters, for a table's columns (their sum is about :data:`LINE`).

    Each column gets room for its longest word and for :data:`ROOM` characters on a line (or
    its longest entry, if shorter); what is left goes to the columns in proportion to the
    average length of their entries, no column getting more than its longest entry needs.
    """
    columns = list(zip(*rows, strict=True))
    longest = [max((text_width(cell) for cell in column), default=0) for column in columns]
    average = [sum(text_width(cell) for cell in column) / max(len(column), 1) for column in columns]
    words = [max((_longest_word(cell) for cell in column), default=0) for column in columns]
    widths = [max(word, min(long, ROOM)) + PADDING
              for word, long in zip(words, longest, strict=True)]
    for _ in range(len(columns)):  # hand out the rest; columns that are full drop out
        growing = [i for i in range(len(columns)) if widths[i] < longest[i] + PADDING]
        spare = LINE - sum(widths)
        weight = sum(average[i] for i in growing)
        if spare <= 0 or not growing or not weight:
            break
        for i in growing:
            share = max(1, round(spare * average[i] / weight))
            widths[i] = min(longest[i] + PADDING, widths[i] + share)
    return widths


def _rows(table: nodes.table) -> tuple[nodes.tgroup | None, list[list[str]], int]:
    tgroup = next(iter(table.findall(nodes.tgroup)), None)
    if tgroup is None:
        return None, [], 0
    rows = [[entry.astext() for entry in row.findall(nodes.entry)]
            for row in tgroup.findall(nodes.row)]
    body = sum(len(tbody.children) for tbody in tgroup.findall(nodes.tbody))
    return tgroup, rows, body


def _in_box(table: nodes.table) -> bool:
    """Inside another table, or a grid of cards (columns, boxes): no longtable there."""
    parent = table.parent
    while parent is not None:
        if isinstance(parent, nodes.table):
            return True
        if any(cls.startswith(("sd-row", "sd-card")) for cls in parent.get("classes", [])):
            return True
        parent = parent.parent
    return False


def break_long_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex":
        return
    for table in list(doctree.findall(nodes.table)):
        tgroup, rows, body = _rows(table)
        if tgroup is None or body <= LONG_TABLE_ROWS or _in_box(table):
            continue
        if "longtable" not in table["classes"]:
            table["classes"].append("longtable")
        if "colwidths-given" in table["classes"]:
            continue
        colspecs = list(tgroup.findall(nodes.colspec))
        widths = column_widths([row for row in rows if len(row) == len(colspecs)])
        if len(widths) != len(colspecs):
            continue
        for colspec, width in zip(colspecs, widths, strict=True):
            colspec["colwidth"] = width
        table["classes"].append("colwidths-given")


def setup_tables(app: Sphinx) -> None:
    app.connect("doctree-resolved", break_long_tables, priority=priorities.PDF_LONG_TABLES)
