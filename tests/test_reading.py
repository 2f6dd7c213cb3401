"""Every text a reader sees is read, at its own place; what a reader does not see is not.

tests/roots/test-checks-places puts an unbound date (and, where a role can stand, a bound one
that contradicts the registry) in each place a reader sees text, in any format: alt text and
titles, raw HTML and LaTeX, table cells, captions, glossary and admonition titles, cards, tabs,
footnotes, field and definition lists, substitutions, ``{only}``, a toctree's caption; and dates
in code, math, URLs, ``{nofact}``, comments and scripts, which it must not read. Each occurrence
of a date is its own warning, at its own line, and at its column where the line holds it twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.collect import collect
from checks.rawtext import shown_html, shown_latex
from checks.scan import scan
from checks_helpers import build, cli_warnings, parse_at

#: (line, column, subtype, words) of every warning test-checks-places gives, in order.
PLACES = [
    (3, None, "unbound", "1 January 1950"),  # a Markdown image's alt text
    (3, None, "unbound", "2 January 1950"),  # ... and its title
    (6, None, "unbound", "3 January 1950"),  # {image} :alt:
    (10, None, "unbound", "4 January 1950"),  # {figure} :alt:
    (12, None, "contradiction", "16 February 1950"),  # the figure's caption
    (12, None, "unbound", "5 January 1950"),
    (15, None, "unbound", "6 January 1950"),  # an HTML block
    (15, None, "unbound", "7 January 1950"),  # ... a title attribute in it
    (17, None, "unbound", "8 January 1950"),  # inline HTML: a title attribute
    (17, None, "unbound", "9 January 1950"),  # ... and the text between tags
    (20, None, "unbound", "10 January 1950"),  # {raw} html
    (20, None, "unbound", "11 January 1950"),  # ... an <img alt>
    (23, None, "unbound", "15 March 1950"),  # {raw} latex (not its comment)
    (27, None, "unbound", "12 January 1950"),  # a link's title
    (27, None, "unbound", "13 January 1950"),  # an abbreviation's expansion
    (31, None, "unbound", "14 January 1950"),  # a pipe table's cell
    (32, None, "contradiction", "16 February 1950"),
    (34, None, "unbound", "15 January 1950"),  # a list table's title
    (39, None, "unbound", "16 January 1950"),  # ... its cells
    (40, None, "contradiction", "16 February 1950"),
    (43, None, "unbound", "17 January 1950"),  # a CSV table's title
    (46, None, "unbound", "18 January 1950"),  # ... its cells
    (51, None, "unbound", "1 March 1950"),  # a CSV table's cells from :file: (at the directive)
    (54, None, "unbound", "19 January 1950"),  # a code block's caption (not its code)
    (59, None, "unbound", "21 January 1950"),  # a {table}'s caption
    (62, None, "unbound", "22 January 1950"),
    (66, None, "unbound", "23 January 1950"),  # a glossary term
    (67, None, "contradiction", "16 February 1950"),  # ... its definition
    (67, None, "unbound", "24 January 1950"),
    (70, None, "contradiction", "16 February 1950"),  # an admonition's title
    (70, None, "unbound", "25 January 1950"),
    (74, None, "unbound", "26 January 1950"),  # a topic's title
    (78, None, "unbound", "27 January 1950"),  # a sidebar's title
    (82, None, "unbound", "28 January 1950"),  # a rubric
    (85, None, "unbound", "29 January 1950"),  # a card's title
    (87, None, "unbound", "30 January 1950"),  # ... its image's alt text
    (89, None, "unbound", "31 January 1950"),  # ... its header
    (93, None, "unbound", "1 February 1950"),  # ... its footer
    (97, None, "unbound", "2 February 1950"),  # a tab's label
    (102, None, "unbound", "3 February 1950"),  # a dropdown's title
    (106, None, "contradiction", "16 February 1950"),  # a field list's body
    (106, None, "unbound", "4 February 1950"),
    (107, None, "unbound", "5 February 1950"),  # ... a field's name
    (109, None, "unbound", "6 February 1950"),  # a definition list's term
    (110, None, "unbound", "7 February 1950"),  # ... its definition
    (114, None, "unbound", "8 February 1950"),  # a footnote
    (116, None, "unbound", "14 February 1950"),  # a substitution, where it is used
    (119, None, "unbound", "9 February 1950"),  # {only} latex: only the PDF shows it
    (123, None, "unbound", "10 February 1950"),  # {only} html
    (127, None, "unbound", "11 February 1950"),  # {seealso}
    (130, None, "unbound", "12 February 1950"),  # {versionadded}'s words
    (134, None, "unbound", "13 February 1950"),  # {epigraph}
    (137, 20, "unbound", "6 December 1949"),  # twice on one line: told apart by column
    (137, 40, "unbound", "6 December 1949"),
    (141, None, "unbound", "6 December 1949"),  # on neighbouring table rows: two lines
    (142, None, "unbound", "6 December 1949"),
    (144, None, "unbound", "3 April 1950"),  # {centered}
    (148, None, "unbound", "5 April 1950"),  # a button's words (not its URL)
    (151, None, "unbound", "6 April 1950"),  # <details>: its summary and its text
    (151, None, "unbound", "7 April 1950"),
    (153, None, "unbound", "23 January 1950"),  # {term}`...`: a glossary term's words
    (153, None, "unbound", "8 April 1950"),  # {ref}`title <label>`: a link's words
    (177, None, "unbound", "2 April 1950"),  # a toctree's caption
]

#: Dates the root writes where a reader does not see them (code, math, a URL, {nofact}, an HTML
#: comment, a script, <code>, a LaTeX comment, a literal block): never in a warning. (A
#: {ref} without a title shows the target's own title, read where it stands.)
UNSEEN = ["20 January 1950", "21 February 1950", "February 1950", "24 February 1950",
          "25 February 1950", "26 February 1950", "27 February 1950", "28 February 1950",
          "March 1950", "16 March 1950", "1 April 1950", "4 April 1950"]


def located(lines: list[str]) -> list[tuple[int, int | None, str]]:
    found = []
    for line in lines:
        path, number, column, subtype = parse_at(line)
        assert path == "index.md", line
        found.append((number, column, subtype))
    return found


def test_every_text_a_reader_sees_is_read_at_its_place(copy_root) -> None:
    srcdir = copy_root("checks-places")
    _, warned = build(srcdir)
    assert located(warned) == [(line, column, sub) for line, column, sub, _ in PLACES], \
        "\n".join(warned)
    for line, (_, _, _, words) in zip(warned, PLACES, strict=True):
        assert f"'{words}'" in line, line
    for words in UNSEEN:
        assert not any(f"'{words}'" in line for line in warned), words


def test_the_cli_reads_every_place_as_the_build_does(copy_root) -> None:
    srcdir = copy_root("checks-places")
    status, printed = cli_warnings(srcdir)
    _, warned = build(srcdir)
    assert printed == warned
    assert status == 1


def test_a_single_occurrence_keeps_the_path_line_form(copy_root) -> None:
    """The column is added only where the line holds the same words twice."""
    srcdir = copy_root("checks-places")
    _, warned = build(srcdir)
    assert sum(":137:" in line for line in warned) == 2
    assert any(line.startswith("index.md:141: WARNING: unbound date") for line in warned)


# -- identical dates, each at its own place ------------------------------------------------


def _record(markdown: str, tmp_path: Path):
    """What the checks read in ``markdown`` (parsed as ``python -m checks`` parses it)."""
    from checks import cli

    (tmp_path / "conf.py").write_text('extensions = ["myst_parser"]\n', encoding="utf-8")
    (tmp_path / "index.md").write_text(markdown, encoding="utf-8")
    return cli.Book(tmp_path, {}).read()["index"]


def test_identical_dates_on_neighbouring_rows_are_two_warnings(tmp_path: Path) -> None:
    record = _record("# T\n\n| a | b |\n| - | - |\n| x | 6 December 1949 |\n"
                     "| y | 6 December 1949 |\n", tmp_path)
    assert [(u.line, u.column, u.text) for u in record.unbound] == [
        (5, None, "6 December 1949"), (6, None, "6 December 1949")]


def test_identical_roles_on_one_line_are_two_mentions(tmp_path: Path) -> None:
    record = _record("# T\n\n{fact}`6 May 1950 <a>` and {fact}`6 May 1950 <a>`, "
                     "{fact}`7 May 1950 <a>`.\n", tmp_path)
    assert [(m.line, m.column, m.words) for m in record.mentions] == [
        (3, 1, "6 May 1950"), (3, 28, "6 May 1950"), (3, None, "7 May 1950")]


@settings(max_examples=30, deadline=None)
@given(layout=st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=5),
       table=st.booleans())
def test_each_occurrence_is_its_own_place(tmp_path_factory, layout: list[int],
                                          table: bool) -> None:
    """However identical dates are spread over lines (``layout``: how many on each line, in a
    paragraph or a table's rows), each is found once, at its own line and column."""
    date = "6 December 1949"
    if table:
        rows = ["| " + " | ".join([date] * n) + " |" for n in layout]
        width = max(layout)
        rows = [row + " |" * (width - n) for row, n in zip(rows, layout, strict=True)]
        header = ["| " + " | ".join("h" * width) + " |", "|" + " - |" * width]
        body, first = header + rows, 5
    else:
        body, first = [" and ".join([date] * n) for n in layout], 3
    record = _record("# T\n\n" + "\n".join(body) + "\n", tmp_path_factory.mktemp("doc"))
    places = [(u.line, u.column) for u in record.unbound]
    expected_lines = [first + i for i, n in enumerate(layout) for _ in range(n)]
    assert [line for line, _ in places] == expected_lines
    assert len(set(places)) == len(places)  # every warning at a place of its own
    for (_, column), n in zip(places, [layout[line - first] for line, _ in places], strict=True):
        assert (column is None) == (n == 1)


# -- what a reader sees of raw output --------------------------------------------------------


def test_html_text_and_shown_attributes_not_code_scripts_or_comments() -> None:
    html = ('<div title="a tooltip">Left on <b>6</b> December\n1949<br/>'
            '<code>7 December 1949</code><!-- 8 December 1949 -->\n'
            '<script>"9 December 1949"</script><img alt="a photo" src="x.png"></div>')
    texts = shown_html(html)
    assert texts[1:] == [(1, "a tooltip"), (3, "a photo")]
    line, text = texts[0]
    assert line == 1 and text.count("\n") == 2  # lines kept, to place what is found
    assert [f.text for f in scan(text)] == ["6 December\n1949"]


def test_latex_text_without_commands_or_comments() -> None:
    [(_, text)] = shown_latex("\\textbf{6~December} 1949 % 7 December 1949\n"
                                 "\\vspace{2cm} costs \\$300 million")
    assert [f.text for f in scan(text)] == ["6 December 1949", "$300 million"]


@pytest.mark.parametrize("markup", ["<p></p>", "<!-- only a comment -->", "% a comment"])
def test_raw_output_without_text_gives_nothing(markup: str) -> None:
    assert shown_html(markup) == [] if markup.startswith("<") else shown_latex(markup) == []


def test_collect_reads_attributes_of_a_tree_built_by_hand() -> None:
    """Without MyST: an image's alt text and a reference's title, located in the source."""
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    document = new_document("x", get_default_settings(Parser()))
    paragraph = nodes.paragraph("", "See ", nodes.image(uri="x.png", alt="a map of 6 May 1950"),
                                nodes.reference("", "here", refuri="https://e.org",
                                                reftitle="from 7 May 1950"))
    paragraph.line = 1
    document += paragraph
    source = ['See ![a map of 6 May 1950](x.png) [here](https://e.org "from 7 May 1950")']
    record = collect(document, "x", source, scan)
    assert [(u.line, u.text) for u in record.unbound] == [(1, "6 May 1950"), (1, "7 May 1950")]
