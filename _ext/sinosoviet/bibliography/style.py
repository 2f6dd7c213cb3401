"""The book's bibliography style: author-date references as a printed history book sets them.

A pybtex formatting style (``history``) and a sphinxcontrib-bibtex referencing style
(``author_year_history``), after the author-date system of the *Chicago Manual of Style*::

    Wang, Taiping, ed. 1998. *中华人民共和国外交史 第二卷* [A Diplomatic History …]. Beijing: …
    Lewis, John Wilson, and Litai Xue. 1988. *China Builds the Bomb*. Stanford, CA: …
    Anonymous. n.d. “The Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance.” …

- entries sorted by author (the first author inverted, the others not), then year, then title;
- book titles in italics, the titles of articles, chapters, documents and web pages in quotation
  marks, descriptive titles (in square brackets) as they are; a title in Chinese or Russian keeps
  its bracketed English translation after it, in roman;
- "n.d." for an undated work, once, and never a doubled full stop;
- works by the same author in the same year told apart as 1948a, 1948b (n.d.-a, n.d.-b), in the
  bibliography and in the citations alike.

The citations read "Wang 1998", "Lewis and Xue 1988", "Chinese Wikipedia n.d.", with the pages
after a comma when the text gives them ("Westad 1998, 12"). Both are built from the entry's label,
``"<authors>\\N{NO-BREAK SPACE}<year>"``, computed once over the whole sorted bibliography, so
text and bibliography cannot disagree.

Pybtex and sphinxcontrib-bibtex's style classes only, no Sphinx application: the tests call it
directly (``entries.py`` and the package's ``setup()`` are the Sphinx side).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from string import ascii_lowercase

import pybtex.plugin
from pybtex.database import Entry, Person
from pybtex.richtext import HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import join, node
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

NBSP = "\N{NO-BREAK SPACE}"
NO_DATE = "n.d."

# -- From BibTeX field values to rich text ------------------------------------------------------

_ESCAPES = {"$": "$", "&": "&", "%": "%", "_": "_", "#": "#", "{": "{", "}": "}", " ": " "}
_STYLED = {"emph": "em", "textit": "em", "textbf": "strong"}
_TOKEN = re.compile(r"\\([A-Za-z]+)\s*\{|\\(.)|(---|--|``|''|[{}])")
_QUOTES = {"---": "—", "--": "–", "``": "“", "''": "”"}


def _parse(latex: str, pos: int = 0, depth: int = 0) -> tuple[list, int]:
    parts: list = []
    buffer = []
    while pos < len(latex):
        match = _TOKEN.search(latex, pos)
        if match is None:
            buffer.append(latex[pos:])
            pos = len(latex)
            break
        buffer.append(latex[pos:match.start()])
        pos = match.end()
        command, escaped, token = match.groups()
        if command is not None:
            inner, pos = _parse(latex, pos, depth + 1)
            parts.append(_text(buffer))
            buffer = []
            tag = _STYLED.get(command)
            parts.append(Tag(tag, *inner) if tag else Text(*inner))
        elif escaped is not None:
            buffer.append(_ESCAPES.get(escaped, escaped))
        elif token == "{":
            inner, pos = _parse(latex, pos, depth + 1)
            parts.append(_text(buffer))
            buffer = []
            parts.append(Text(*inner))
        elif token == "}":
            if depth:
                break
        else:
            buffer.append(_QUOTES[token])
    parts.append(_text(buffer))
    return [part for part in parts if part], pos


def _text(buffer: list[str]) -> Text:
    """Typographic quotation marks and apostrophes: Mao’s, Parties’, “The World and Japan”."""
    text = re.sub(r'"([^"]*)"', r"“\1”", "".join(buffer))
    text = re.sub(r"(?<=\w)'", "’", text)
    return Text(re.sub(r"'(?=\w)", "‘", text))


def rich(latex: str) -> Text:
    r"""Rich text from a BibTeX field value: braces dropped, ``\emph{}`` in italics, ``\$``,
    ``--`` and ````…''`` as the characters they stand for."""
    parts, _ = _parse(latex)
    return Text(*parts)


def plain(latex: str) -> str:
    """The text of a BibTeX field value, without markup."""
    return str(rich(latex))


# -- Titles: the original, and its bracketed translation -----------------------------------------

_NON_LATIN = re.compile(r"[\u0400-\u04FF\u3000-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]")


def split_translation(latex: str) -> tuple[str, str, str]:
    """Split ``"中苏关系 [{Sino-Soviet relations}]"`` into the original, the bracketed
    translation and what follows it. Only a title in a non-Latin script has a translation: in
    an English title ("Cable, Stalin [Kuznetsov] to Mao") brackets are the editor's insertions.
    """
    depth = 0
    for start, char in enumerate(latex):
        if char == "[" and depth == 0 and start and _NON_LATIN.search(latex[:start]):
            level = 0
            for end in range(start, len(latex)):
                level += {"[": 1, "]": -1}.get(latex[end], 0)
                if level == 0:
                    return latex[:start].rstrip(), latex[start:end + 1], latex[end + 1:].lstrip()
            break
        depth += {"{": 1, "}": -1}.get(char, 0)
    return latex, "", ""


def _is_descriptive(latex: str) -> bool:
    """A title supplied by the book, in square brackets: set as it is."""
    return plain(latex).strip().startswith("[")


def _ends_sentence(text: Text | str) -> bool:
    return str(text).rstrip("”’»)]").endswith((".", "?", "!"))


def _sentence(text: Text) -> Text:
    """*text* closed by a full stop, unless it already ends with one (``n.d.``, ``ed.``, ``?``)."""
    text = Text(text)
    return text if _ends_sentence(text) else text + "."


def _with_translation(latex: str, style) -> Text:
    """The original in *style* (a function), then the bracketed translation in roman."""
    original, translation, rest = split_translation(latex)
    parts = [style(rich(original))]
    if translation:
        parts += [" ", rich(translation)]
    if rest:
        parts += [" ", rich(rest)]
    return Text(*parts)


def italic_title(latex: str) -> Text:
    if _is_descriptive(latex):
        return rich(latex)
    return _with_translation(latex, lambda text: Tag("em", text))


def quoted_title(latex: str) -> Text:
    """“Title.” with the full stop inside the quotation marks, or “原文” [Translation]."""
    if _is_descriptive(latex):
        return _sentence(rich(latex))
    original, translation, rest = split_translation(latex)
    text = rich(original)
    if translation or rest:
        after = Text(*[part for part in (" ", rich(translation), " " if rest else "", rich(rest))
                       if part])
        return _sentence(Text("“", text, "”", after))
    return Text("“", text, "”" if _ends_sentence(text) else ".”")


# -- Names ----------------------------------------------------------------------------------------


def _name_part(parts: Iterable[str]) -> str:
    return " ".join(plain(part) for part in parts)


def is_others(person: Person) -> bool:
    return [plain(part) for part in person.last_names] == ["others"] and not person.first_names


def surname(person: Person) -> str:
    """``von Neumann``; a corporate author (``{{Chinese Wikipedia}}``) whole."""
    return _name_part([*person.prelast_names, *person.last_names])


def given(person: Person) -> str:
    return _name_part([*person.first_names, *person.middle_names])


def inverted(person: Person) -> str:
    """``Wang, Taiping``; ``Neumann, John von``; a corporate author as it is."""
    name = surname(person)
    if person.first_names or person.middle_names:
        name += ", " + given(person)
    if person.lineage_names:
        name += ", " + _name_part(person.lineage_names)
    return name


_CHARACTERS = re.compile(r"\s*(\[[^\]]*\])$")


def direct(person: Person) -> str:
    """``Litai Xue``, ``Litai Xue [薛理泰]``: the order for every author after the first (the
    characters, written after the given name in ``Xue, Litai [薛理泰]``, follow the whole name)."""
    first = given(person)
    characters = _CHARACTERS.search(first)
    if characters:
        first = first[:characters.start()]
    name = " ".join(part for part in (first, surname(person)) if part)
    if characters:
        name += " " + characters.group(1)
    if person.lineage_names:
        name += ", " + _name_part(person.lineage_names)
    return name


_HAN_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·]*")


def characters(person: Person) -> str:
    """The name in Chinese characters the entry gives after the given name (``Shen, Zhihua
    [沈志华]``: 沈志华), or of a body that names itself in both (``{Wenhua xianfeng 文化先锋}``:
    文化先锋), or ``""``."""
    found = _CHARACTERS.search(given(person))
    if found:
        return found.group(1)[1:-1]
    if not (person.first_names or person.middle_names):
        return "".join(_HAN_NAME.findall(surname(person)))
    return ""


def _chinese_first(person: Person, name: str) -> str:
    """``沈志华 (Shen, Zhihua)``: for the Chinese edition, the characters lead and the
    romanisation follows in brackets; a name without characters as it is."""
    chinese = characters(person)
    if not chinese:
        return name
    romanised = _HAN_NAME.sub("", _CHARACTERS.sub("", name)).strip()
    return f"{chinese} ({romanised})" if romanised else chinese


def _people(entry: Entry) -> tuple[list[Person], str]:
    """The persons an entry is listed under: its authors, else its editors."""
    for role in ("author", "editor"):
        if entry.persons.get(role):
            return list(entry.persons[role]), role
    return [], ""


def bibliography_names(persons: list[Person], chinese: bool = False) -> str:
    """``Lewis, John Wilson, and Litai Xue``; ``He, Chunchao, Zhi Zhang, et al.``; with
    ``chinese``, ``沈志华 (Shen, Zhihua)``."""
    others = any(is_others(person) for person in persons)
    named = [person for person in persons if not is_others(person)]
    if not named:
        return ""
    names = [inverted(named[0])] + [direct(person) for person in named[1:]]
    if chinese:
        names = [_chinese_first(person, name) for person, name in zip(named, names, strict=True)]
    if others:
        return ", ".join(names) + ", et al."
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", and " + names[-1]


def direct_names(persons: list[Person]) -> str:
    """``Odd Arne Westad``; ``Chunchao He, Zhi Zhang, et al.``: editors named inside an entry."""
    names = [direct(person) for person in persons if not is_others(person)]
    if any(is_others(person) for person in persons):
        return ", ".join(names) + ", et al."
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def citation_names(persons: list[Person], chinese: bool = False) -> str:
    """Surnames as a citation gives them: ``Wang``, ``Lewis and Xue``, ``Ryabushkin et al.``;
    with ``chinese``, a name with characters as its characters (``沈志华``)."""
    others = any(is_others(person) for person in persons)
    names = [(characters(person) if chinese else "") or surname(person)
             for person in persons if not is_others(person)]
    if chinese and names and all(characters(p) for p in persons if not is_others(p)):
        # Chinese names as Chinese citations join them: 沈志华、李丹慧; 沈志华等.
        return names[0] + "等" if others or len(names) > 3 else "、".join(names)
    if not names:
        return ""
    if others or len(names) > 3:
        return names[0] + " et al."
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


# -- Sorting and labels ----------------------------------------------------------------------------


def _sort_text(text: str) -> str:
    text = re.sub(r"\[[^\]]*\]", "", text)  # Shen, Zhihua [沈志华] is Shen, Zhihua
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)  # The Washington Post: W
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^\w\s,]", "", text).casefold()


def _sort_title(latex: str) -> str:
    """A title as it sorts: its original, a descriptive title's words without their brackets."""
    return _sort_text(plain(split_translation(latex)[0]).strip().strip("[]"))


def sort_key(entry: Entry) -> tuple:
    """Author (surname, then given names), or what leads an unsigned work (its periodical or its
    title), then year, undated works last, then title."""
    persons, _ = _people(entry)
    names = [(_sort_text(surname(p)), _sort_text(given(p))) for p in persons if not is_others(p)]
    if not names:
        journal = _field(entry, "journal") if entry.type.lower() == "article" else ""
        lead = _sort_title(journal) if journal else _sort_title(entry.fields.get("title", ""))
        names = [(lead, "")]
    year = plain(entry.fields.get("year", "")) or "9999"
    return (names, year, _sort_title(entry.fields.get("title", "")))


class HistorySorting(BaseSortingStyle):
    def sorting_key(self, entry: Entry) -> tuple:
        return sort_key(entry)


def short_title(latex: str) -> str:
    """A title as a citation gives it in place of an author: its original (no translation, no
    brackets), cut to four words, or to twelve characters of Chinese at a natural break."""
    original = split_translation(latex)[0]
    text = plain(original).strip().strip("[]").strip()
    if _NON_LATIN.search(text[:1] or " "):
        cut = re.split(r"[，。：；？！、（(]", text, maxsplit=1)[0]
        return cut if len(cut) <= 12 else cut[:12] + "…"
    words = text.split()
    return " ".join(words[:4]).rstrip(",:;.") + ("…" if len(words) > 4 else "")


def lead_name(entry: Entry, chinese: bool = False) -> str:
    """Who or what a citation names: the authors (or editors), else the periodical of an unsigned
    article (Chicago: "Time 1950"), else the title, shortened."""
    persons, _ = _people(entry)
    names = citation_names(persons, chinese)
    if names:
        return names
    if entry.type.lower() == "article" and _field(entry, "journal"):
        return plain(split_translation(_field(entry, "journal"))[0]).strip()
    return short_title(entry.fields.get("title", ""))


def label_parts(entry: Entry, chinese: bool = False) -> tuple[str, str]:
    """(authors as cited, year or "n.d.") before any a/b suffix."""
    return lead_name(entry, chinese), plain(entry.fields.get("year", "")) or NO_DATE


def _suffix(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters


class HistoryLabels(BaseLabelStyle):
    """``Wang 1998``; ``Mao 1948a``, ``Mao 1948b`` … in bibliography order; ``Mao n.d.-a``
    (the Chinese edition's, with ``chinese``: ``沈志华 2002``)."""

    def __init__(self, chinese: bool = False) -> None:
        self.chinese = chinese

    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        parts = [label_parts(entry, self.chinese) for entry in sorted_entries]
        count = Counter(parts)
        seen: defaultdict[tuple[str, str], int] = defaultdict(int)
        for authors, year in parts:
            if count[authors, year] > 1:
                letter = _suffix(seen[authors, year])
                seen[authors, year] += 1
                year = f"{year}-{letter}" if year == NO_DATE else year + letter
            yield f"{authors}{NBSP}{year}"


def split_label(label: str) -> tuple[str, str]:
    """The authors and the year (with its suffix) of a label made by :class:`HistoryLabels`."""
    authors, _, year = label.rpartition(NBSP)
    return authors, year


# -- The entries -----------------------------------------------------------------------------------


def _field(entry: Entry, name: str) -> str:
    return entry.fields.get(name, "").strip()


def _place_publisher(entry: Entry, publisher: str = "publisher") -> Text | None:
    place, who = _field(entry, "address"), _field(entry, publisher)
    if place and who:
        return Text(rich(place), ": ", rich(who))
    if place or who:
        return rich(place or who)
    return None


def _edition(entry: Entry) -> Text | None:
    edition = plain(_field(entry, "edition"))
    if not edition or edition.lower() in {"1", "1st", "first"}:
        return None
    return Text(edition if edition.lower().endswith("ed.") else edition + " ed.")


def _container(entry: Entry, name: str, named: bool = True) -> Text | None:
    """*Journal* 12 (3): 45–67, or *Journal*, no. 7, from journal, volume, number and pages;
    ``named=False``: without the journal's name (it leads the entry), None if nothing is left."""
    title = _field(entry, name)
    if not title:
        return None
    text = italic_title(title) if named else Text()
    volume, number, pages = (_field(entry, key) for key in ("volume", "number", "pages"))
    if volume:
        text += Text(" " if named else "", rich(volume))
        if number:
            text += Text(" (", rich(number), ")")
    elif number:
        text += Text(", no. " if named else "No. ", rich(number))
    if pages:
        text += Text((": " if volume else ", ") if (named or volume or number) else "", rich(pages))
    return text if str(text) else None


class HistoryStyle(BaseStyle):
    """The pybtex formatting style ``history`` (see the module's documentation)."""

    default_name_style = "plain"
    default_label_style = "number"
    default_sorting_style = "none"

    #: The Chinese edition's style (``history_zh``): Chinese authors by their characters.
    chinese = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.label_style = HistoryLabels(self.chinese)
        self.sorting_style = HistorySorting()
        self.format_labels = self.label_style.format_labels
        self.sort = self.sorting_style.sort

    def format_entry(self, label: str, entry: Entry, bib_data=None) -> FormattedEntry:
        return FormattedEntry(entry.key, self.format_text(entry, label), label)

    def format_text(self, entry: Entry, label: str | None = None) -> Text:
        author = self.author_block(entry)
        body = self.body_blocks(entry)
        if author is None and body and body[0] is not None:
            # No author: what a citation names leads, as Chicago sets an unsigned work: the
            # periodical of an article ("Time. 1950. “The Mao Who Came to Dinner.”"), else the
            # title ("“Karakhan Manifesto.” n.d. Encyclopaedia Britannica online.").
            journal = _field(entry, "journal")
            if entry.type.lower() == "article" and journal:
                author = italic_title(journal)
                body = [body[0], _container(entry, "journal", named=False), *body[2:]]
            else:
                author, body = body[0], body[1:]
        blocks = [author, self.year_block(entry, label)]
        blocks += body
        note = _field(entry, "note")
        if note:
            blocks.append(rich(note))
        blocks = [_sentence(block) for block in blocks if block]
        doi = _field(entry, "doi")
        url = _field(entry, "url") or (f"https://doi.org/{doi}" if doi else "")
        if url:
            blocks.append(Text(HRef(url, url), "."))
        return Text(*_spaced(blocks))

    def author_block(self, entry: Entry) -> Text | None:
        persons, role = _people(entry)
        names = bibliography_names(persons, self.chinese)
        if not names:
            return None
        if role == "editor":
            real = [p for p in persons if not is_others(p)]
            names += ", eds." if len(real) > 1 or len(real) < len(persons) else ", ed."
        return Text(names)

    def year_block(self, entry: Entry, label: str | None) -> Text:
        if label and NBSP in label:
            return Text(split_label(label)[1])
        return Text(label_parts(entry)[1])


    def body_blocks(self, entry: Entry) -> list[Text | None]:
        kind = entry.type.lower()
        title = _field(entry, "title")
        edited = ""
        if entry.persons.get("author") and entry.persons.get("editor"):
            edited = "Edited by " + direct_names(entry.persons["editor"])
        if kind in {"book", "booklet", "proceedings", "manual", "collection", "mvbook"}:
            series = _field(entry, "series")
            return [
                italic_title(title) if title else None,
                Text(edited) if edited else None,
                _edition(entry),
                Text(rich(series), " ", rich(_field(entry, "number")))
                if series and _field(entry, "number") else (rich(series) if series else None),
                _field(entry, "howpublished") and rich(_field(entry, "howpublished")),
                _place_publisher(entry),
            ]
        if kind in {"incollection", "inbook", "inproceedings", "conference"}:
            book = _field(entry, "booktitle")
            inside = Text("In ", italic_title(book)) if book else None
            if inside is not None and edited:
                inside += Text(", ", edited[0].lower() + edited[1:])
            if inside is not None and _field(entry, "pages"):
                inside += Text(", ", rich(_field(entry, "pages")))
            return [quoted_title(title) if title else None, inside, _place_publisher(entry)]
        if kind == "article":
            return [quoted_title(title) if title else None, _container(entry, "journal"),
                    _field(entry, "howpublished") and rich(_field(entry, "howpublished"))]
        if kind in {"phdthesis", "mastersthesis", "thesis"}:
            degree = {"phdthesis": "PhD diss.",
                      "mastersthesis": "Master’s thesis"}.get(kind, "Thesis")
            school = _field(entry, "school")
            return [quoted_title(title) if title else None,
                    Text(degree, ", ", rich(school)) if school else Text(degree)]
        if kind == "techreport":
            report_type, number = _field(entry, "type"), _field(entry, "number")
            report = Text(*[part for part in (rich(report_type) if report_type else "",
                                              " " if report_type and number else "",
                                              rich(number)) if part])
            return [quoted_title(title) if title else None, report or None,
                    _place_publisher(entry, "institution")]
        # misc, online, unpublished and anything else: a document or a web page.
        return [quoted_title(title) if title else None,
                _field(entry, "howpublished") and rich(_field(entry, "howpublished")),
                _container(entry, "journal"), _place_publisher(entry)]


class ChineseHistoryStyle(HistoryStyle):
    """``history_zh``: the Chinese edition's bibliography. The same entries in the same order
    (by romanised name, as Chinese bibliographies of foreign and Chinese works alike are ordered),
    but a Chinese author is named by the characters the entry gives, in the list (``沈志华 (Shen,
    Zhihua)``) and in citations (``沈志华 2002``)."""

    chinese = True


def _spaced(blocks: list[Text]) -> Iterator[Text | str]:
    for index, block in enumerate(blocks):
        if index:
            yield " "
        yield block


# -- Citations (sphinxcontrib-bibtex's referencing styles) -----------------------------------------



@node
def cited_authors(children, data) -> Text:
    """The authors of the citation, as the entry's label has them."""
    assert not children
    return Text(split_label(data["formatted_entry"].label)[0])


@node
def cited_year(children, data) -> Text:
    """The year of the citation with its a/b suffix, as the entry's label has it."""
    assert not children
    return Text(split_label(data["formatted_entry"].label)[1])


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class _Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name: str):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[join(sep=self.author_year_sep)[cited_authors, cited_year]],
            post_text,
        ]


@dataclass
class _Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name: str):
        return join(sep=self.text_reference_sep)[
            cited_authors,
            join[self.bracket.left,
                 join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
                     pre_text, reference[cited_year], post_text],
                 self.bracket.right],
        ]


@dataclass
class _Year(ExtraYearReferenceStyle):
    def inner(self, role_name: str):
        return reference[cited_year]


@dataclass
class HistoryReferenceStyle(AuthorYearReferenceStyle):
    """``{cite:alp}`` → Wang 1998; ``{cite:p}`` → (Wang 1998, 12); ``{cite:t}`` → Wang (1998);
    several keys separated by semicolons."""

    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=lambda: PersonStyle(other=" et al."))
    author_year_sep: str = NBSP

    def __post_init__(self) -> None:
        super().__post_init__()
        replacements = {
            BasicAuthorYearParentheticalReferenceStyle: _Parenthetical(
                bracket=self.bracket_parenthetical, person=self.person,
                author_year_sep=self.author_year_sep, pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep),
            BasicAuthorYearTextualReferenceStyle: _Textual(
                bracket=self.bracket_textual, person=self.person,
                text_reference_sep=self.text_reference_sep, pre_text_sep=self.pre_text_sep,
                post_text_sep=self.post_text_sep),
            ExtraYearReferenceStyle: _Year(bracket=self.bracket_year),
        }
        self.styles = [replacements.get(type(style), style) for style in self.styles]
        self.role_style.clear()
        self.role_style.update(
            (role, style) for style in self.styles for role in style.role_names())


FORMATTING_STYLE = "history"
CHINESE_FORMATTING_STYLE = "history_zh"
REFERENCING_STYLE = "author_year_history"


def register() -> None:
    """Make the styles known to pybtex and sphinxcontrib-bibtex under their names."""
    import sphinxcontrib.bibtex.plugin

    pybtex.plugin.register_plugin(
        "pybtex.style.formatting", FORMATTING_STYLE, HistoryStyle, force=True)
    pybtex.plugin.register_plugin(
        "pybtex.style.formatting", CHINESE_FORMATTING_STYLE, ChineseHistoryStyle, force=True)
    # sphinxcontrib-bibtex asks pybtex for its plaintext backend once per citation it resolves;
    # found among the installed entry points each time (about 10 ms), registered it is at hand.
    from pybtex.backends.plaintext import Backend as PlaintextBackend

    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", PlaintextBackend, force=True)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", REFERENCING_STYLE, HistoryReferenceStyle,
        force=True)
