"""A translation's facts checked against its source: warnings at the catalogue's lines.

tests/roots/test-translation is a tiny English book with a Chinese catalogue written by hand
(locales/zh_CN/LC_MESSAGES/index.po), one message per case; built with ``language = "zh_CN"``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.translation import (
    CatalogueMessage,
    bound_facts,
    notation_of,
    parity_problems,
    read_catalogue,
)
from checks.warnings import Subtype
from checks_helpers import all_warnings, build, cli_warnings, parse, run_cli

PO = "locales/zh_CN/LC_MESSAGES/index.po"
ZH = {"language": "zh_CN"}


def _found(warnings: list[str]) -> set[tuple[str, int, str, str]]:
    """(path, line, subtype, the fact named or the first quoted words) of each warning."""
    found = set()
    for line in warnings:
        path, number, subtype = parse(line)
        named = re.search(r"the fact '([a-z0-9-]+)'|fact '([a-z0-9-]+)'|'([^']+)'", line)
        assert named, line
        found.add((path, number, subtype, next(g for g in named.groups() if g)))
    return found


#: What the hand-written catalogue holds, by its msgstr's line (see the comments in index.po).
EXPECTED = {
    (PO, 19, "translation_facts", "treaty-signed"),  # a fact missing
    (PO, 23, "translation_facts", "experts-recalled"),  # one fact for another: missing...
    (PO, 23, "translation_facts", "mao-arrives"),  # ...and extra
    (PO, 27, "translation_facts", "treaty-signed"),  # a fact too many
    (PO, 31, "translation_facts", "loan"),  # twice where the source binds it once
    (PO, 44, "contradiction", "1950年2月15日"),  # Chinese words, a wrong day
    (PO, 50, "unbound", "1960年8月23日"),  # a date no role binds, on the msgstr's 2nd line
}


def test_parity_warnings_at_the_catalogue_line(copy_root) -> None:
    app, warnings = build(copy_root("translation"), confoverrides=ZH)
    assert _found(warnings) == EXPECTED, warnings
    # Each names the message by its first words; the harmless rephrasing (line 15), the
    # untranslated message (35) and the fuzzy one (40, not used by the build) pass.
    assert all('"' in line for line in warnings if "translation_facts" in line)
    assert 'of "Mao Zedong arrived on 16 December 1949, well…"' in warnings[0]
    # Nothing is reported twice at the chapter's line: the translated paragraphs' words and
    # figures are checked in the catalogue only.
    assert not [line for line in warnings if line.startswith("index.md")]
    assert "Traceback" not in all_warnings(app)


def test_release_build_warns_of_fuzzy_and_untranslated_messages(copy_root) -> None:
    _, warnings = build(copy_root("translation"),
                        confoverrides={**ZH, "checks_translation_release": True})
    incomplete = {(path, line) for path, line, subtype in map(parse, warnings)
                  if subtype == "translation_incomplete"}
    assert incomplete == {(PO, 35), (PO, 40)}
    assert any("is fuzzy" in line and ":40:" in line for line in warnings)
    assert any("is not translated" in line and ":35:" in line for line in warnings)


def test_english_build_reads_no_catalogue(copy_root) -> None:
    _, warnings = build(copy_root("translation"))
    assert warnings == []


def test_translated_facts_without_words_render_in_chinese_notation(copy_root) -> None:
    srcdir = copy_root("translation")
    build(srcdir, confoverrides=ZH)
    soup = BeautifulSoup((srcdir / "_build" / "html" / "index.html").read_text("utf-8"),
                         "html.parser")
    paragraphs = [p.get_text() for p in soup.select("section p")]
    assert "1950年2月14日，条约在莫斯科签订。" in paragraphs
    assert any("1390名" in text for text in paragraphs)
    assert any("3亿美元" in text for text in paragraphs)
    # The paragraph left untranslated keeps the chapter's English notation.
    assert "The treaty of 14 February 1950 was a treaty of alliance." in paragraphs


def test_a_catalogue_that_cannot_be_read_is_one_warning_at_its_line(copy_root) -> None:
    srcdir = copy_root("translation")
    po = srcdir / PO
    lines = po.read_text("utf-8").splitlines()
    lines[14] = lines[14].replace("msgstr", "msgtsr")  # a misspelt keyword
    po.write_text("\n".join(lines) + "\n", "utf-8")
    messages, problems = read_catalogue(po, PO)
    assert messages == []
    assert [(p.subtype, p.location.line if p.location else None) for p in problems] == \
        [(Subtype.TRANSLATION_SYNTAX, 15)]
    app, warnings = build(srcdir, confoverrides=ZH)
    assert [parse(line) for line in warnings] == [(PO, 15, "translation_syntax")]
    assert "Traceback" not in all_warnings(app)


def test_notation_of_a_language() -> None:
    assert [notation_of(x) for x in ("zh_CN", "zh-Hans", "zh", "en", "fr", None)] == \
        ["zh", "zh", "zh", None, None, None]


# -- the parity rule, for any facts in any order ----------------------------------------------

_IDS = st.sampled_from(["treaty-signed", "loan", "mao-arrives", "experts-recalled", "prc"])


def _message(source_ids: list[str], translated_ids: list[str]) -> CatalogueMessage:
    msgid = " and ".join(f"{{fact}}`words <{fact_id}>`" for fact_id in source_ids) or "Words."
    msgstr = "，".join(f"{{fact}}`{fact_id}`" for fact_id in translated_ids) or "译文。"
    return CatalogueMessage(msgid, msgstr, False, "x.po", 7)


#: No deadline or speed check: a loaded CI machine is slow, not wrong.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(st.lists(_IDS, max_size=6), st.randoms())
def test_any_order_of_the_same_facts_passes(ids: list[str], random) -> None:
    shuffled = list(ids)
    random.shuffle(shuffled)
    assert parity_problems(_message(ids, shuffled)) == []


@RELAXED
@given(st.lists(_IDS, min_size=1, max_size=6), st.data())
def test_dropping_or_adding_any_one_fact_fails_naming_it(ids: list[str], data) -> None:
    dropped = data.draw(st.integers(0, len(ids) - 1))
    fewer = ids[:dropped] + ids[dropped + 1:]
    problems = parity_problems(_message(ids, fewer))
    assert [(p.subtype, p.fact_id, p.location.line if p.location else None)
            for p in problems] == [(Subtype.TRANSLATION_FACTS, ids[dropped], 7)]
    extra = data.draw(_IDS)
    problems = parity_problems(_message(ids, [*ids, extra]))
    assert [p.fact_id for p in problems] == [extra]


def test_bound_facts_counts_fact_and_variant_roles_apart() -> None:
    text = "{fact}`a-1` {fact}`x <a-1>` {variant}`y <a-1>` {nofact}`1950` {fact}`Bad Id`"
    assert bound_facts(text) == {("fact", "a-1"): 2, ("variant", "a-1"): 1}


def test_msgstr_over_several_lines_places_each_offset_on_its_line(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid "A"\nmsgstr ""\n"第一行，"\n"第二行。"\n', "utf-8")
    [message], problems = read_catalogue(po, "x.po")
    assert problems == [] and message.msgstr == "第一行，第二行。"
    assert message.line == 2
    assert [message.line_of(i) for i in (0, 3, 4, 7)] == [3, 3, 4, 4]


# -- the pages generated from the registry, in a Chinese edition --------------------------------


def test_generated_pages_of_a_chinese_edition_show_chinese_labels_and_notation(copy_root) -> None:
    from registry_helpers import ROOT, page
    from registry_helpers import build as build_pages

    srcdir = copy_root(ROOT)
    shutil.copytree(srcdir, srcdir.with_name("zh"))
    english, warnings = build_pages(srcdir)
    assert "WARNING" not in warnings, warnings
    app, warnings = build_pages(srcdir.with_name("zh"), confoverrides=ZH)
    assert "WARNING" not in warnings, warnings
    rows = [row.get_text(" ", strip=True)
            for row in page(app, "appendices/chronology").select("tbody tr")]
    leaves = next(row for row in rows if "毛泽东离开北京" in row)
    assert "1949年12月6日" in leaves and "leaves Beijing" not in leaves
    # A fact without a Chinese label keeps its English one.
    assert any("Mao Zedong arrives in Moscow" in row for row in rows)
    english_rows = [row.get_text(" ", strip=True)
                    for row in page(english, "appendices/chronology").select("tbody tr")]
    assert any("6 December 1949" in row and "leaves Beijing" in row for row in english_rows)


def test_the_command_checks_a_language_as_the_build_does(copy_root) -> None:
    srcdir = copy_root("translation")
    status, warnings = cli_warnings(srcdir, "--language", "zh_CN")
    assert status == 1 and _found(warnings) == EXPECTED
    status, warnings = cli_warnings(srcdir, "--language", "zh_CN", "--release")
    assert {(path, line) for path, line, subtype in map(parse, warnings)
            if subtype == "translation_incomplete"} == {(PO, 35), (PO, 40)}
    assert cli_warnings(srcdir) == (0, [])  # the English book alone is clean
    run = run_cli(srcdir, "--language", "fr")
    assert run.returncode == 2 and "no catalogues for the language 'fr'" in run.stderr
    assert "Traceback" not in run.stderr


def test_a_translators_edit_fails_the_next_build_and_the_one_after(copy_root) -> None:
    srcdir = copy_root("translation")
    po = srcdir / PO
    text = po.read_text("utf-8")
    start = text.index("msgid \"Mao Zedong arrived")
    clean = text[:start]  # the catalogue down to the first wrong message: clean
    po.write_text(clean, "utf-8")
    _, warnings = build(srcdir, confoverrides=ZH)
    assert warnings == []
    # A translator writes the wrong day into the first message, with words.
    wrong = clean.replace("{fact}`treaty-signed`，", "{fact}`1950年2月15日 <treaty-signed>`，")
    po.write_text(wrong, "utf-8")
    for _ in range(2):  # the next build, then one with nothing changed
        _, warnings = build(srcdir, confoverrides=ZH)
        assert [parse(line) for line in warnings] == [(PO, 15, "contradiction")]
    po.write_text(clean, "utf-8")
    _, warnings = build(srcdir, confoverrides=ZH)
    assert warnings == []
    rendered = (srcdir / "_build" / "html" / "index.html").read_text("utf-8")
    assert "1950年2月14日" in rendered and "1950年2月15日" not in rendered


_CHART_PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Time axis of the journey."
msgstr "行程时间轴。"

msgid "Leaves Beijing"
msgstr "离开北京"

msgid "In Moscow"
msgstr "在莫斯科"
'''


def test_a_chinese_edition_draws_its_charts_in_the_catalogues_words(copy_root) -> None:
    """A chart's words (labels, spans, alt text) are messages of its document's catalogue; the
    Chinese edition draws them translated, with its dates and its text equivalent in Chinese."""
    from registry_helpers import ROOT, page
    from registry_helpers import build as build_pages

    srcdir = copy_root(ROOT)
    separate = {"gettext_compact": False}
    gettext, _ = build_pages(srcdir, "gettext", confoverrides=separate)
    pot = (Path(gettext.outdir) / "chapters" / "one.pot").read_text("utf-8")
    for words in ("Time axis of the journey.", "Leaves Beijing", "In Moscow", "Treaty signed"):
        assert f'msgid "{words}"' in pot
    shutil.rmtree(srcdir / "_build" / "doctrees")  # the gettext builder's, not for HTML
    english, _ = build_pages(srcdir, confoverrides=separate)
    english_chart = page(english, "chapters/one").select_one("img.registry-chart")
    catalogue = srcdir / "locales" / "zh_CN" / "LC_MESSAGES" / "chapters" / "one.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(_CHART_PO, "utf-8")
    shutil.rmtree(srcdir / "_build" / "doctrees")
    chinese, warnings = build_pages(srcdir, confoverrides={**ZH, **separate})
    assert "WARNING" not in warnings, warnings
    chart = page(chinese, "chapters/one").select_one("img.registry-chart")
    assert chart is not None
    alt = str(chart["alt"])
    assert alt.startswith("行程时间轴。时间轴上的事件：离开北京，1949年12月6日；")
    assert "在莫斯科：1949年12月16日至1950年2月17日，共63天" in alt
    assert "Arrives in Moscow，1949年12月16日" in alt  # not in the catalogue: as written
    assert english_chart is not None and english_chart["src"] != chart["src"]  # drawn anew
    assert str(english_chart["alt"]).startswith(
        "Time axis of the journey. Events on a time axis: Leaves Beijing, 6 December 1949;")
    heads = [th.get_text(strip=True)
             for th in page(chinese, "appendices/chronology").select("thead th")]
    assert heads[:3] == ["日期", "事件", "见于"]
