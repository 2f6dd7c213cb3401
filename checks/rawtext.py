"""What a reader sees of raw output: HTML (a Markdown HTML block, inline tags, ``{raw} html``)
in the web pages and the EPUB, LaTeX (``{raw} latex``) in the PDF.

:func:`shown_html` returns the text of the elements and the attribute values a browser shows
(``title`` as a tooltip, ``alt`` in place of an image, ``aria-label`` read aloud); comments,
scripts, styles and code (``<code>``, ``<pre>``, ...) are not prose, as in Markdown.
:func:`shown_latex` returns the text of LaTeX without its commands and comments. Each text comes
with the line of the raw output it starts on, so the checks read it like prose.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Attributes whose values a reader sees or hears.
SHOWN_ATTRIBUTES = frozenset({"title", "alt", "aria-label"})
#: Elements whose content is not prose (code, as in Markdown) or never shown.
_HIDDEN = frozenset({"script", "style", "template", "code", "pre", "kbd", "samp", "var",
                     "math", "svg", "textarea"})
#: Elements inside a run of text: their tags do not break a word ("<b>6</b> December").
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i",
                     "ins", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time",
                     "u", "font"})


class _ShownText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []  # the elements' text, line breaks kept
        self.attributes: list[tuple[int, str]] = []  # (line, value)
        self.hidden = 0  # depth inside elements that are not prose

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, self.get_starttag_text() or "")
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value and value.strip():
                self.attributes.append((self.getpos()[0], value))
        if tag in _HIDDEN:
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = self.hidden
        self.handle_starttag(tag, attrs)
        self.hidden = hidden  # <br/>, <img/>: nothing inside

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        self._tag(tag, "")

    def _tag(self, tag: str, raw: str) -> None:
        """A tag leaves its line breaks, and a word break unless it sits inside a run of text."""
        self.parts.append(("" if tag in _INLINE else " ") + "\n" * raw.count("\n"))

    def handle_data(self, data: str) -> None:
        self.parts.append("\n" * data.count("\n") if self.hidden else data)

    def handle_comment(self, data: str) -> None:
        self.parts.append("\n" * data.count("\n"))


def shown_html(html: str) -> list[tuple[int, str]]:
    """The texts a reader sees in ``html``, each with its line (1-based, within ``html``): the
    elements' text first, as one block, then each shown attribute's value."""
    parser = _ShownText()
    parser.feed(html)
    parser.close()
    texts = [(1, "".join(parser.parts))] if any(p.strip() for p in parser.parts) else []
    return texts + parser.attributes


_LATEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
#: A control word (``\textbf``, ``\begin``) or symbol (``\%``, ``\,``), or a brace.
_LATEX_MARKUP = re.compile(r"\\(?:[A-Za-z@]+\*?|.)|[{}]", re.S)
#: Control symbols that print their character.
_LATEX_LITERAL = frozenset("%$&#_{}")


def shown_latex(latex: str) -> list[tuple[int, str]]:
    """The text a reader sees of ``latex``: commands and comments taken out, ``~`` a space,
    ``\\%`` a percent sign; one block, from line 1, line breaks kept."""
    text = _LATEX_COMMENT.sub("", latex)
    text = _LATEX_MARKUP.sub(lambda m: _latex_markup(m.group()), text).replace("~", " ")
    return [(1, text)] if text.strip() else []


def _latex_markup(markup: str) -> str:
    if markup in "{}":
        return ""  # "\textbf{6} December": one run of text
    symbol = markup[1:]
    if len(symbol) == 1 and symbol in _LATEX_LITERAL:
        return symbol
    return "\n" if symbol == "\n" else " "
