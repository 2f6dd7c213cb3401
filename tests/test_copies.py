"""The copy detector's core (checks.copies): tokens, winnowing, runs and their bounds, coverage."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checks import copies
from checks.copies import (
    COUNTED_RUN,
    SHINGLE,
    WINDOW,
    Fingerprint,
    TokenText,
    coverage,
    exact_coverage,
    find_runs,
    winnow,
)


def words(text: str) -> list[str]:
    return [token for token, _ in copies.tokens(text)]


def text_of(tokens: list[str]) -> TokenText:
    return TokenText.build(tokens, list(range(1, len(tokens) + 1)))


# -- tokens -------------------------------------------------------------------------------------


def test_a_chinese_character_and_a_word_are_one_token_each() -> None:
    assert words("Mao’s train, 1949年12月 到达") == ["mao", "s", "train", "1949", "年", "12", "月",
                                                  "到", "达"]


def test_case_width_punctuation_and_spacing_do_not_count() -> None:
    assert words("ＴＡＳＳ， “中苏 友好”") == words("tass中苏友好") == \
        ["tass", "中", "苏", "友", "好"]
    # A word-segmented Chinese text (spaces between words) is the same text.
    assert words("毛泽东 这次 访苏 ， 涉及 的 内容") == words("毛泽东这次访苏，涉及的内容")


def test_offsets_point_into_the_text_as_written() -> None:
    text = "Ｍａｏ met Stalin"
    assert [(t, text[o]) for t, o in copies.tokens(text)] == [("mao", "Ｍ"), ("met", "m"),
                                                               ("stalin", "S")]


def test_export_markup_is_not_part_of_a_source() -> None:
    raw = ('[苏联](../Page/苏联.md "wikilink")'
           '的[援助](https://zh.wikipedia.org/wiki/援助_\\(x\\) "w")\\[12\\]')
    assert words(copies.clean_markup(raw)) == ["苏", "联", "的", "援", "助"]


def test_material_lies_between_the_markers() -> None:
    text = "navigation home\nThe text itself.\nRelated articles more"
    assert words(copies.material(text, starts_after="home", ends_before="Related")) == \
        ["the", "text", "itself"]


#: Text with what tokenising can trip on: line breaks, CJK, width and case forms, ligatures and
#: letters that fold to two ("ﬁ", "ß", "İ"), combining marks, NUL and the shingle separator.
_AWKWARD = st.text(st.sampled_from(list("ab Z9_\n\t,.’'中国１２ＡﬁßİŉÅ\u0301\u0307\x00\x1f年")),
                   max_size=60)


@settings(max_examples=300, deadline=None)
@given(_AWKWARD)
@example("Z\u0301\nﬁ")  # a composed accent made up for by a ligature: same length, other offsets
def test_line_tokens_gives_the_tokens_and_their_lines(text: str) -> None:
    """The fast path of the copy check's reading: the tokens of :func:`copies.tokens`, each with
    the line breaks before it in the text as written."""
    expected = [(token, text.count("\n", 0, offset)) for token, offset in copies.tokens(text)]
    found, breaks = copies.line_tokens(text)
    assert list(zip(found, breaks, strict=True)) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("ab中é\x1fİ")), min_size=1, max_size=4),
                max_size=12), st.integers(1, 6))
def test_shingle_hashes_hash_each_shingle_as_the_fingerprints_do(tokens: list[str],
                                                                 size: int) -> None:
    """Fingerprints on file were made shingle by shingle (``_hash``); the book's shingles, hashed
    in one pass, must compare with them."""
    expected = [copies._hash(tokens[i:i + size]) for i in range(len(tokens) - size + 1)]
    assert copies.shingle_hashes(tokens, size) == expected


# -- winnowing ----------------------------------------------------------------------------------


@given(st.lists(st.integers(0, 50), min_size=WINDOW, max_size=200))
def test_every_window_keeps_its_smallest_hash(hashes: list[int]) -> None:
    chosen = dict(winnow(hashes))
    for start in range(len(hashes) - WINDOW + 1):
        window = hashes[start:start + WINDOW]
        rightmost_min = start + max(i for i, h in enumerate(window) if h == min(window))
        assert rightmost_min in chosen


def test_a_text_shorter_than_a_window_keeps_one_hash() -> None:
    assert winnow([5, 3]) == [(1, 3)]
    assert winnow([]) == []


# -- runs ---------------------------------------------------------------------------------------


def distinct(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


@settings(max_examples=150, deadline=None)
@given(before_s=st.integers(0, 40), before_d=st.integers(0, 40),
       length=st.integers(COUNTED_RUN, 60), after_s=st.integers(0, 40), after_d=st.integers(0, 40))
def test_a_shared_run_is_found_and_bounded(before_s: int, before_d: int, length: int,
                                           after_s: int, after_d: int) -> None:
    """Any run of COUNTED_RUN tokens or more is found; its true extent lies within the bounds."""
    shared = distinct("x", length)
    source = distinct("s", before_s) + shared + distinct("t", after_s)
    document = distinct("d", before_d) + shared + distinct("e", after_d)
    print_ = Fingerprint.of_text("src", " ".join(source))
    runs = find_runs(text_of(document), print_)
    assert len(runs) == 1
    run = runs[0]
    true_start, true_end = before_s, before_s + length
    assert true_start <= run.start < run.end <= true_end  # certainly shared: inside the truth
    assert run.start_max <= true_start and true_end <= run.end_max  # possibly: around it
    assert run.length_max - run.length <= 2 * (WINDOW - 1)
    assert run.line == before_d + 1 + (run.start - true_start)  # the document's line of its start


def test_runs_shorter_than_a_shingle_are_never_seen() -> None:
    source = [*distinct("s", 20), "a", "b", "c", "d", *distinct("t", 20)]
    document = [*distinct("d", 20), "a", "b", "c", "d", *distinct("e", 20)]
    assert find_runs(text_of(document), Fingerprint.of_text("src", " ".join(source))) == []


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.integers(1, 30)), min_size=1, max_size=6))
def test_the_coverage_bounds_hold_the_exact_coverage(pieces: list[tuple[int, int]]) -> None:
    """Source and document share several runs, long and short; the bounds from the fingerprints
    always contain the count made from the full text."""
    source: list[str] = []
    document: list[str] = []
    for n, (gap, length) in enumerate(pieces):
        shared = distinct(f"r{n}x", length)
        source += distinct(f"s{n}y", gap) + shared
        document += shared + distinct(f"d{n}z", gap + 1)
    print_ = Fingerprint.of_text("src", " ".join(source))
    text = text_of(document)
    low, high = coverage(find_runs(text, print_), print_.length)
    exact = exact_coverage(" ".join(source), [text])
    assert low <= exact <= high
    assert exact == sum(length for _, length in pieces if length >= COUNTED_RUN)


def test_exact_coverage_needs_runs_at_least_a_shingle_long() -> None:
    with pytest.raises(ValueError, match="shingle"):
        exact_coverage("a b c", [], minimum=SHINGLE - 1)


# -- fingerprint files --------------------------------------------------------------------------


def test_a_fingerprint_file_round_trips_and_holds_no_text() -> None:
    text = "毛泽东于1949年12月6日启程，乘专列离开北京，前往莫斯科。" * 3
    print_ = Fingerprint.of_text("some-key", text)
    stored = print_.to_json()
    assert Fingerprint.from_json(stored) == print_
    assert "毛" not in stored and "1949" not in stored.replace('"tokens"', "")
    assert len(print_.positions) < print_.length  # a selection, not every shingle


@pytest.mark.parametrize(("change", "message"), [
    ({"shingle": 6}, "make the fingerprints again"),
    ({"hash": "md5"}, "make the fingerprints again"),
    ({"positions": [3, 1]}, "do not match"),
    ({"tokens": "many"}, "not a fingerprint file"),
])
def test_a_fingerprint_made_otherwise_is_refused_with_the_reason(change: dict,
                                                                 message: str) -> None:
    data = json.loads(Fingerprint.of_text("k", "one two three four five six seven eight").to_json())
    data.update(change)
    with pytest.raises(ValueError, match=message):
        Fingerprint.from_json(json.dumps(data))


def test_a_token_after_a_composed_accent_and_a_ligature_is_on_its_own_line() -> None:
    """NFKC leaves "Z\u0301\nﬁ" as long as it was, but not character for character: "fi" is on
    the second line, and its offset says so."""
    assert [(token, "Z\u0301\nﬁ".count("\n", 0, offset))
            for token, offset in copies.tokens("Z\u0301\nﬁ")] == [("z", 0), ("fi", 1)]
    assert copies.line_tokens("Z\u0301\nﬁ") == (["z", "fi"], [0, 1])
