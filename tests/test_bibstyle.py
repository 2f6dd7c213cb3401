"""The bibliography style, the column widths of long tables and the LaTeX log check, without
building anything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.richtext import Text

from sinosoviet.bibliography import style as bibstyle  # _ext/ is on sys.path (tests/conftest.py)
from sinosoviet.pdf import logcheck as latexlog
from sinosoviet.pdf import tables as latex_tables

if TYPE_CHECKING:
    from sphinx.builders import Builder as SphinxBuilder

ROOT = Path(__file__).resolve().parent.parent

NBSP = "\N{NO-BREAK SPACE}"


def entry(kind: str, persons: dict[str, list[str]] | None = None, **fields: str) -> Entry:
    return Entry(kind, fields=fields, persons={role: [Person(name) for name in names]
                                                for role, names in (persons or {}).items()})


def formatted(entries: dict[str, Entry], chinese: bool = False) -> dict[str, tuple[str, str]]:
    """key -> (label, the entry as plain text), formatted as sphinxcontrib-bibtex does (with
    ``chinese``, in the Chinese edition's style)."""
    style = bibstyle.ChineseHistoryStyle() if chinese else bibstyle.HistoryStyle()
    ordered = style.sort(entries.values())
    labels = list(style.format_labels(ordered))
    keys = {id(value): key for key, value in entries.items()}
    return {keys[id(e)]: (label.replace(NBSP, " "),
                          style.format_entry(label, e).text.render_as("text").replace(NBSP, " "))
            for label, e in zip(labels, ordered, strict=True)}


def test_first_author_inverted_the_others_not() -> None:
    out = formatted({"lx": entry("book", {"author": ["Lewis, John Wilson", "Xue, Litai"]},
                                 title="China Builds the Bomb",
                                 publisher="Stanford University Press", address="Stanford, CA",
                                 year="1988")})
    assert out["lx"][1] == ("Lewis, John Wilson, and Litai Xue. 1988. China Builds the Bomb. "
                            "Stanford, CA: Stanford University Press.")
    assert out["lx"][0] == "Lewis and Xue 1988"


def test_the_chinese_edition_names_chinese_authors_by_their_characters() -> None:
    entries = {
        "shen": entry("article", {"author": ["Shen, Zhihua [沈志华]", "Li, Danhui [李丹慧]"]},
                      title="战后中苏关系若干问题研究", journal="历史研究", year="2002"),
        "lx": entry("book", {"author": ["Lewis, John Wilson", "Xue, Litai [薛理泰]"]},
                    title="China Builds the Bomb", year="1988"),
        "west": entry("book", {"author": ["Westad, Odd Arne"]}, title="Brothers in Arms",
                      year="1998"),
        "site": entry("misc", {"author": ["{Wenhua xianfeng 文化先锋}"]}, title="毛泽东访苏"),
    }
    chinese, english = formatted(entries, chinese=True), formatted(entries)
    assert chinese["shen"][0] == "沈志华、李丹慧 2002" and english["shen"][0] == "Shen and Li 2002"
    assert chinese["shen"][1].startswith("沈志华 (Shen, Zhihua), and 李丹慧 (Danhui Li). 2002.")
    assert chinese["lx"] == ("Lewis and 薛理泰 1988", "Lewis, John Wilson, and 薛理泰 (Litai Xue). "
                             "1988. China Builds the Bomb.")
    assert chinese["west"] == english["west"]  # no characters: as in English
    assert chinese["site"][0] == "文化先锋 n.d."
    assert english["site"][0] == "Wenhua xianfeng 文化先锋 n.d."
    assert chinese["site"][1].startswith("文化先锋 (Wenhua xianfeng). n.d.")
    # The same order in both editions: by the romanised name.
    assert list(formatted(entries, chinese=True)) == list(english)


def test_editor_chinese_title_with_translation_in_italics_then_roman() -> None:
    e = entry("book", {"editor": ["Wang, Taiping"]},
              title="中华人民共和国外交史 第二卷 "
                    "[{A Diplomatic History of the People's Republic of China, vol. 2}]",
              publisher="世界知识出版社 [World Affairs Press]", address="Beijing", year="1998")
    style = bibstyle.HistoryStyle()
    text = style.format_entry(f"Wang{NBSP}1998", e).text
    html = text.render_as("html")
    assert text.render_as("text").startswith(
        "Wang, Taiping, ed. 1998. 中华人民共和国外交史 第二卷 [A Diplomatic")
    assert ("<em>中华人民共和国外交史 第二卷</em> [A Diplomatic History of the People’s Republic"
            in html)


def test_article_title_in_quotes_journal_in_italics() -> None:
    e = entry("article", {"author": ["Zhang, Yi"]}, title="The Cold War and the UN Membership",
              journal="East Asia", volume="32", number="2", pages="207--221", year="2015")
    text = bibstyle.HistoryStyle().format_entry(f"Zhang{NBSP}2015", e).text
    assert text.render_as("text") == ("Zhang, Yi. 2015. “The Cold War and the UN Membership.” "
                                      "East Asia 32 (2): 207–221.")
    assert "<em>East Asia</em>" in text.render_as("html")


@pytest.mark.parametrize("note", ["Author unknown.", "Author unknown"])
def test_undated_work_says_nd_once_and_never_two_full_stops(note: str) -> None:
    out = formatted({"anon": entry("misc", {"author": ["{Anonymous}"]}, title="{An overview}",
                                   howpublished="Web page", note=note)})
    label, text = out["anon"]
    assert label == "Anonymous n.d."
    assert text == "Anonymous. n.d. “An overview.” Web page. Author unknown."
    assert ".." not in text and text.count("n.d.") == 1


def test_same_author_and_year_told_apart_in_bibliography_order() -> None:
    out = formatted({
        "b": entry("misc", {"author": ["Mao, Zedong"]}, title="{Cable, Mao to Stalin}",
                   year="1948"),
        "a": entry("misc", {"author": ["Mao, Zedong"]}, title="{Birthday speech}", year="1948"),
        "c": entry("misc", {"author": ["Mao, Zedong"]}, title="{Undated}"),
        "d": entry("misc", {"author": ["Mao, Zedong"]}, title="{Also undated}"),
    })
    assert [out[k][0] for k in "abcd"] == ["Mao 1948a", "Mao 1948b", "Mao n.d.-b", "Mao n.d.-a"]
    assert out["a"][1].startswith("Mao, Zedong. 1948a. “Birthday speech.”")


def test_sorted_by_author_with_corporate_names_and_brackets_ignored() -> None:
    entries = {
        "wapo": entry("misc", {"author": ["{The Washington Post}"]}, title="{X}", year="1979"),
        "shen-zh": entry("misc", {"author": ["Shen, Zhihua [沈志华]"]}, title="{Y}", year="2011"),
        "shen": entry("misc", {"author": ["Shen, Zhihua"]}, title="{Z}", year="2002"),
        "luthi": entry("misc", {"author": ["Lüthi, Lorenz M."]}, title="{W}", year="2008"),
        "an": entry("misc", {"author": ["An, Yingxin"]}, title="{V}", year="2010"),
    }
    style = bibstyle.HistoryStyle()
    order = [next(k for k, v in entries.items() if v is e) for e in style.sort(entries.values())]
    assert order == ["an", "luthi", "shen", "shen-zh", "wapo"]


def test_titles_keep_their_brackets_and_markup() -> None:
    assert bibstyle.split_translation("中苏关系 [{Sino-Soviet relations}]") == (
        "中苏关系", "[{Sino-Soviet relations}]", "")
    assert bibstyle.split_translation("Cable, Stalin [Kuznetsov] to Mao") == (
        "Cable, Stalin [Kuznetsov] to Mao", "", "")
    rich = bibstyle.rich(r"from \emph{Mao Zedong wenji}, 321--335, US\$250, ``Moscow'', Mao's")
    assert rich.render_as("html") == (
        "from <em>Mao Zedong wenji</em>, 321–335, US$250, “Moscow”, Mao’s")


def test_references_bib_formats_without_doubled_full_stops() -> None:
    bib: BibliographyData = parse_file(str(ROOT / "references.bib"))
    out = formatted(dict(bib.entries))
    assert len({label for label, _ in out.values()}) == len(out), "two entries share a citation"
    for key, (label, text) in out.items():
        assert ".." not in text.replace("...", "…"), f"{key}: {text}"
        # The entry opens with what its citation names (a title's opening quote aside).
        lead = label.split(" ")[0].rstrip(",…")
        assert text.lstrip("“[").startswith(lead.lstrip("“[")), key
    assert out["wang-taiping-1998-waijiaoshi-2"][1].startswith("Wang, Taiping [王泰平], ed. 1998.")


def test_an_unsigned_work_is_cited_by_its_periodical_or_its_title() -> None:
    """A periodical is never an author: an unsigned article is led and cited by the periodical,
    as Chicago sets it; a web page without an author by its title, shortened in the citation."""
    article = entry("article", {}, title="{The Mao Who Came to Dinner}", journal="Time",
                    year="1950", volume="55", number="4", pages="30")
    label, text = formatted({"time": article})["time"]
    assert label == "Time 1950"
    assert text == "Time. 1950. “The Mao Who Came to Dinner.” 55 (4): 30."
    page = entry("misc", {}, title="{Karakhan Manifesto: The Soviet Offer to China}",
                 howpublished="Encyclopaedia Britannica online")
    label, text = formatted({"page": page})["page"]
    assert label == "Karakhan Manifesto: The Soviet… n.d."
    assert text.startswith("“Karakhan Manifesto: The Soviet Offer to China.” n.d. Encyclopaedia")


def test_the_characters_of_a_second_author_follow_the_whole_name() -> None:
    book = entry("book", {"author": ["Lewis, John Wilson", "Xue, Litai [薛理泰]"]},
                 title="China Builds the Bomb", year="1988")
    assert formatted({"b": book})["b"][1].startswith(
        "Lewis, John Wilson, and Litai Xue [薛理泰]. 1988.")


def test_citations_read_author_year_with_pages_after_a_comma() -> None:
    from sphinxcontrib.bibtex.style.referencing import format_references
    from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

    e = entry("book", {"author": ["Westad, Odd Arne"]}, title="Brothers in Arms", year="1998")
    fe = bibstyle.HistoryStyle().format_entry(f"Westad{NBSP}1998", e)
    style = bibstyle.HistoryReferenceStyle()

    class Builder:  # a stand-in: the referencing style reads only the builder's name
        name = "text"

    def cite(role: str, post: str = "") -> str:
        info = SphinxReferenceInfo(builder=cast("SphinxBuilder", Builder()), fromdocname="a",
                                   todocname="b", citation_id="id1", title=None, pre_text="",
                                   post_text=post)
        text: Text = format_references(style, role, [(e, fe, info)])
        return str(text).replace(NBSP, " ")

    assert cite("alp") == "Westad 1998"
    assert cite("p", "12") == "(Westad 1998, 12)"
    assert cite("t") == "Westad (1998)"


def test_long_table_columns_fit_their_content() -> None:
    rows = [["Date", "Event", "Sources"]] + [
        ["11 January 1947", "Nanjing talks on the Changchun railway: China limits it to the former "
         "Chinese Eastern Railway", "Wikipedia; FRUS"]] * 20
    date, event, sources = latex_tables.column_widths(rows)
    assert date >= len("11 January 1947") and sources >= len("Wikipedia; FRUS")
    assert event > date and event > sources
    chinese = latex_tables.column_widths([["中华人民共和国外交史" * 3, "x"]])
    assert chinese[0] > chinese[1]


def test_latex_log_check_flags_lines_far_into_the_margin(tmp_path: Path) -> None:
    log = tmp_path / "book.log"
    log.write_text("Overfull \\hbox (3.5pt too wide) in paragraph at lines 1--2\n"
                   "Overfull \\hbox (31.25pt too wide) in paragraph at lines 7--9\n"
                   "Missing character: There is no 中 in font FreeSerif\n", encoding="utf-8")
    messages = latexlog.scan_log(log)
    assert len(messages) == 2
    assert sorted(message.rsplit(" ", 1)[-1] for message in messages) == [
        "[latex.missing_character]", "[latex.overfull_hbox]"]
    assert len(latexlog.scan_log(log, overfull=2)) == 3
    assert latexlog.overfull_boxes(log) == [3.5, 31.25]
    assert latexlog.main([str(tmp_path)]) == 1


def test_latex_log_check_is_a_command(tmp_path: Path) -> None:
    """``python -m sinosoviet.pdf DIR``, as ``make latexpdf`` runs it: the problems, exit status
    1."""
    (tmp_path / "book.log").write_text("Missing character: There is no 中 in font FreeSerif\n",
                                       encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "sinosoviet.pdf", str(tmp_path)], cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")},
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert f"{tmp_path / 'book.log'}:1: error: Missing character" in run.stderr
    assert "[latex.missing_character]" in run.stderr and "Traceback" not in run.stderr
