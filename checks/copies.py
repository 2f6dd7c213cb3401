"""Copy detection: fingerprints of texts the book must not reproduce, and the runs it shares with
them.

Pure, no Sphinx. The method is winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: Local
Algorithms for Document Fingerprinting", SIGMOD 2003), the algorithm of the MOSS copy detector:

- A text is a sequence of **tokens**: each Chinese character is one token, each run of other
  letters and digits (an English word, a number) another. Case, width (NFKC), punctuation, spaces
  and markup do not count, so "Mao's" matches "MAO’S" and a word-segmented Chinese text matches the
  same text unsegmented.
- Every :data:`SHINGLE` consecutive tokens form a **shingle**, hashed to 32 bits.
- Of every :data:`WINDOW` consecutive shingle hashes, the smallest is kept (the rightmost, if
  several are equal): the **fingerprints** of the text, with their positions. About two hashes in
  five are kept. They hold no text: reading it back would mean guessing it, a few characters at a
  time between fingerprints, so the repository can hold the fingerprints of a text it may not
  redistribute.

Two texts that share a run of at least ``SHINGLE + WINDOW - 1`` (= 8) tokens share at least one
fingerprint (every window of the run is a window of both), so the book's shingles (all of them: the
book is ours) find every shared run of 8 tokens or more. A run's extent in the source is known
to within ``WINDOW - 1`` tokens at each end: :class:`Run` carries the bounds.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import json
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

__all__ = [
    "COUNTED_RUN", "SHINGLE", "WINDOW", "Fingerprint", "Run", "TokenText", "clean_markup",
    "combined_table", "coverage", "exact_coverage", "find_all_runs", "find_runs",
    "line_tokens", "material", "read_fingerprint", "shingle_hashes", "tokens", "winnow",
]

#: Tokens in a shingle (the noise threshold: shorter matches are never seen).
SHINGLE = 5
#: Shingles in a winnowing window.
WINDOW = 4
#: The guarantee threshold: every shared run this long (in tokens) is found; runs at least this
#: long are what the share of a source counts.
COUNTED_RUN = SHINGLE + WINDOW - 1
#: The hash of a shingle: BLAKE2b, 32 bits, personalised so that nothing else's hashes compare.
HASH_NAME = "blake2b-32"
_PERSON = b"sino-soviet-cc"

_CJK_RANGES = (
    "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0003134f"  # Extensions B to G
)
_TOKEN = re.compile(rf"[{_CJK_RANGES}]|(?:(?![{_CJK_RANGES}])[^\W_])+")
#: A Markdown link's target, "](target "title")", with parentheses nested one deep or escaped.
_LINK_TARGET = re.compile(r"\]\((?:[^()\\]|\\.|\([^()]*\))*\)")
_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+", re.I)
#: A footnote marker left by a wiki export: [12], \[12\].
_REF_MARKER = re.compile(r"\\?\[\d{1,3}\\?\]")


def _same_offsets(text: str, normal: str) -> bool:
    """Whether NFKC changed ``text`` into ``normal`` character for character, so that an offset in
    ``normal`` is the same offset in ``text``. Equal lengths are not enough: a composed accent
    (``Z`` and U+0301 become one character) can be made up for by a ligature (``ﬁ`` becomes two).
    """
    if len(normal) != len(text):
        return False
    if normal == text:
        return True
    table: dict[int, str] = {}
    for character in set(text):
        mapped = unicodedata.normalize("NFKC", character)
        if len(mapped) != 1:
            return False
        if mapped != character:
            table[ord(character)] = mapped
    return text.translate(table) == normal


def tokens(text: str) -> Iterator[tuple[str, int]]:
    """Each token of ``text`` with its offset in ``text``.

    >>> [t for t, _ in tokens("Mao’s train, 1949年12月")]
    ['mao', 's', 'train', '1949', '年', '12', '月']
    """
    normal = unicodedata.normalize("NFKC", text)
    if not _same_offsets(text, normal):  # offsets must index ``text``: normalise token by token
        for match in _TOKEN.finditer(text):
            for token in _TOKEN.findall(unicodedata.normalize("NFKC", match.group())):
                yield token.casefold(), match.start()
        return
    for match in _TOKEN.finditer(normal):
        yield match.group().casefold(), match.start()


def line_tokens(text: str) -> tuple[list[str], list[int]]:
    """The tokens of ``text`` (as :func:`tokens` gives them) and, for each, the number of line
    breaks before it: a block's tokens and their lines in one pass of the pattern per line."""
    normal = unicodedata.normalize("NFKC", text)
    words: list[str] = []
    breaks: list[int] = []
    if not _same_offsets(text, normal):
        last = newlines = 0
        for token, offset in tokens(text):
            newlines += text.count("\n", last, offset)
            last = offset
            words.append(token)
            breaks.append(newlines)
        return words, breaks
    # NFKC maps no character to a line break, nor a line break to anything else, so the lines
    # of ``normal`` are those of ``text``; no token holds NUL, and case folding maps character
    # by character, so one fold of the joined tokens folds each.
    for number, line in enumerate(normal.split("\n")):
        found = _TOKEN.findall(line)
        if found:
            words += "\0".join(found).casefold().split("\0")
            breaks += [number] * len(found)
    return words, breaks


def clean_markup(text: str) -> str:
    """A source document's text without what an export adds: link targets, URLs, note markers."""
    text = _LINK_TARGET.sub("]", text)
    text = _URL.sub(" ", text)
    return _REF_MARKER.sub(" ", text)


#: The state every shingle's hash starts from (BLAKE2b's parameters and personalisation).
_BASE = hashlib.blake2b(digest_size=4, person=_PERSON)


def _hash(shingle: Sequence[str]) -> int:
    digest = hashlib.blake2b("\x1f".join(shingle).encode(), digest_size=4, person=_PERSON)
    return int.from_bytes(digest.digest(), "big")


def shingle_hashes(words: Sequence[str], size: int = SHINGLE) -> list[int]:
    """The hash of every shingle of ``size`` tokens, in order (none if there are fewer tokens).

    What :func:`_hash` gives for each shingle: the tokens are encoded and joined once, each
    shingle is a slice of that, and each hash starts from a copy of one personalised state."""
    if len(words) < size:
        return []
    encoded = [word.encode() for word in words]
    joined = b"\x1f".join(encoded)
    starts = [0]
    for word in encoded:  # the start of each token in ``joined``, and one past the end
        starts.append(starts[-1] + len(word) + 1)
    copy, from_bytes = _BASE.copy, int.from_bytes
    hashes = []
    for first, after in zip(starts, starts[size:], strict=False):
        digest = copy()
        digest.update(joined[first:after - 1])
        hashes.append(from_bytes(digest.digest(), "big"))
    return hashes


def winnow(hashes: Sequence[int], window: int = WINDOW) -> list[tuple[int, int]]:
    """``(position, hash)`` of the smallest hash of every window, rightmost on ties, each once.

    A text shorter than one window keeps its smallest hash.
    """
    if not hashes:
        return []
    if len(hashes) < window:
        position = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        return [(position, hashes[position])]
    chosen: list[tuple[int, int]] = []
    last = -1
    for start in range(len(hashes) - window + 1):
        # Rightmost minimum of hashes[start:start + window].
        best = start + window - 1
        for i in range(start + window - 2, start - 1, -1):
            if hashes[i] < hashes[best]:
                best = i
        if best != last:
            chosen.append((best, hashes[best]))
            last = best
    return chosen


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    """The fingerprints of one source: what the repository keeps of a text it may not copy."""

    source: str  # its references.bib key
    length: int  # the number of tokens in the source
    positions: tuple[int, ...]  # of each fingerprint's shingle, ascending
    hashes: tuple[int, ...]
    shingle: int = SHINGLE
    window: int = WINDOW

    @classmethod
    def of_text(cls, source: str, text: str) -> Fingerprint:
        words = [token for token, _ in tokens(text)]
        chosen = winnow(shingle_hashes(words))
        return cls(source, len(words), tuple(p for p, _ in chosen), tuple(h for _, h in chosen))

    @functools.cached_property
    def by_hash(self) -> dict[int, list[int]]:
        """hash -> the positions where it was chosen."""
        table: dict[int, list[int]] = {}
        for position, value in zip(self.positions, self.hashes, strict=True):
            table.setdefault(value, []).append(position)
        return table

    def to_json(self) -> str:
        return json.dumps({
            "source": self.source, "tokens": self.length, "hash": HASH_NAME,
            "shingle": self.shingle, "window": self.window,
            "positions": list(self.positions), "hashes": list(self.hashes),
        }, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Fingerprint:
        """Read :meth:`to_json`'s output; ValueError says what is wrong with anything else."""
        try:
            data = json.loads(text)
            source, length = str(data["source"]), int(data["tokens"])
            positions = tuple(int(p) for p in data["positions"])
            hashes = tuple(int(h) for h in data["hashes"])
            shingle, window, name = int(data["shingle"]), int(data["window"]), data["hash"]
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"not a fingerprint file ({type(error).__name__}: {error})") from None
        if (shingle, window, name) != (SHINGLE, WINDOW, HASH_NAME):
            raise ValueError(
                f"made with shingle {shingle}, window {window}, {name}; this version of the checks "
                f"uses shingle {SHINGLE}, window {WINDOW}, {HASH_NAME}: make the fingerprints again"
            )
        if len(positions) != len(hashes) or list(positions) != sorted(set(positions)):
            raise ValueError("its positions and hashes do not match")
        return cls(source, length, positions, hashes)


@dataclasses.dataclass(frozen=True)
class TokenText:
    """What the copy check keeps of a document: its shingle hashes and the line of each."""

    hashes: array  # array("I"): the hash of each shingle of the document's prose, in order
    lines: array  # array("I"): the source line of each shingle's first token

    @classmethod
    def build(cls, words: Sequence[str], lines: Sequence[int]) -> TokenText:
        hashes = shingle_hashes(words)
        return cls(array("I", hashes), array("I", lines[:len(hashes)]))

    def __len__(self) -> int:
        return len(self.hashes)


@dataclasses.dataclass(frozen=True, slots=True)
class Run:
    """A run of tokens that a document shares with a source.

    In the source it covers at least ``[start, end)`` and at most ``[start_max, end_max)``
    (token positions); in the document it begins at shingle ``at``, on ``line``.
    """

    start: int
    end: int
    start_max: int
    end_max: int
    at: int
    line: int

    @property
    def length(self) -> int:
        """Tokens certainly shared."""
        return self.end - self.start

    @property
    def length_max(self) -> int:
        """Tokens possibly shared."""
        return self.end_max - self.start_max


def find_runs(text: TokenText, print_: Fingerprint) -> list[Run]:
    """The runs ``text`` shares with the source of ``print_``, longest first then by place."""
    return find_all_runs(text, [print_])[0]


def combined_table(prints: Sequence[Fingerprint]) -> dict[int, list[tuple[int, int]]]:
    """hash -> (index of the source in ``prints``, position) for every fingerprint of them all."""
    table: dict[int, list[tuple[int, int]]] = {}
    for index, print_ in enumerate(prints):
        for value, positions in print_.by_hash.items():
            table.setdefault(value, []).extend((index, p) for p in positions)
    return table


def find_all_runs(text: TokenText, prints: Sequence[Fingerprint],
                  table: dict[int, list[tuple[int, int]]] | None = None) -> list[list[Run]]:
    """:func:`find_runs` for several sources at once, in one pass over ``text``; ``table``:
    their :func:`combined_table`, if already made."""
    if table is None:
        table = combined_table(prints)
    hits: list[list[tuple[int, int, int]]] = [[] for _ in prints]
    for at, value in enumerate(text.hashes):
        found = table.get(value)
        if found:
            for index, p in found:
                hits[index].append((at - p, p, at))
    return [_runs(text, print_, found) for print_, found in zip(prints, hits, strict=True)]


def _runs(text: TokenText, print_: Fingerprint, hits: list[tuple[int, int, int]]) -> list[Run]:
    """The runs made of ``hits``: (diagonal, source position, document shingle), unsorted."""
    hits.sort()
    runs: list[Run] = []
    chosen, k, w = print_.positions, print_.shingle, print_.window
    chosen_set = set(chosen)
    i = 0
    while i < len(hits):
        diagonal, first, at = hits[i]
        last = first
        j = i + 1
        while j < len(hits) and hits[j][0] == diagonal and hits[j][1] - last <= w:
            last = hits[j][1]
            j += 1
        # The run cannot hold the fingerprint chosen before its first or after its last, and
        # reaches no further than a window beyond them (a window inside it would add one).
        index = bisect.bisect_left(chosen, first)
        before = chosen[index - 1] if index else -1
        index = bisect.bisect_right(chosen, last)
        after = chosen[index] if index < len(chosen) else print_.length - k + 1
        lowest = max(before + 1, first - (w - 1), 0, first - at)
        highest = min(after - 1, last + w - 1, print_.length - k,
                      last + (len(text.hashes) - 1 - (at + last - first)))
        start_max = _reach(text.hashes, at - first, first, last, lowest, -1, chosen_set, w)
        end_max = _reach(text.hashes, at - first, first, last, highest, 1, chosen_set, w) + k
        runs.append(Run(first, last + k, start_max, end_max, at, text.lines[at]))
        i = j
    runs.sort(key=lambda r: (-r.length, r.at))
    return runs


def _reach(hashes: Sequence[int], diagonal: int, first: int, last: int, limit: int, step: int,
           chosen: set[int], window: int) -> int:
    """How far a run found at source shingles ``first``..``last`` may extend (``step`` -1: to the
    left, 1: to the right), up to ``limit``: as long as the source, were its shingles there the
    document's (``hashes[p + diagonal]``), would have chosen exactly the fingerprints it did.

    Every window that lies wholly inside the supposed run and holds a supposed shingle must have
    its rightmost smallest hash at a chosen position; a supposed shingle itself is not chosen (else
    it would have matched). The first window that fails stops the run. Returns the furthest
    source shingle position the run may reach.
    """
    reach = first if step < 0 else last
    position = reach + step
    while (position >= limit) if step < 0 else (position <= limit):
        start = position if step < 0 else position - window + 1
        lo, hi = (position, last) if step < 0 else (first, position)
        if start >= lo and start + window - 1 <= hi:
            values = [hashes[p + diagonal] for p in range(start, start + window)]
            smallest = min(values)
            pick = start + max(i for i, v in enumerate(values) if v == smallest)
            if pick not in chosen or not first <= pick <= last:
                break
        reach = position
        position += step
    return reach


def coverage(runs: Iterable[Run], length: int, minimum: int = COUNTED_RUN) -> tuple[int, int]:
    """Tokens of a source covered by runs of at least ``minimum`` tokens: (at least, at most)."""
    low = bytearray(length)
    high = bytearray(length)
    for run in runs:
        if run.length >= minimum:
            low[run.start:run.end] = b"\1" * (run.end - run.start)
        if run.length_max >= minimum:
            high[run.start_max:run.end_max] = b"\1" * (run.end_max - run.start_max)
    return sum(low), sum(high)


def exact_coverage(source_text: str, texts: Iterable[TokenText],
                   minimum: int = COUNTED_RUN) -> int:
    """Tokens of the source (its full text) covered by runs of ``minimum`` tokens or more that
    also occur in ``texts``: the exact figure, which :func:`coverage` bounds from fingerprints."""
    if minimum < SHINGLE:
        raise ValueError(f"runs shorter than a shingle ({SHINGLE}) cannot be counted")
    span = minimum - SHINGLE + 1  # a run of `minimum` tokens is `span` consecutive shingles
    seen: set[tuple[int, ...]] = set()
    for text in texts:
        hashes = text.hashes
        seen.update(tuple(hashes[i:i + span]) for i in range(len(hashes) - span + 1))
    words = [token for token, _ in tokens(source_text)]
    hashes_s = shingle_hashes(words)
    covered = bytearray(len(words))
    for i in range(len(hashes_s) - span + 1):
        if tuple(hashes_s[i:i + span]) in seen:
            covered[i:i + minimum] = b"\1" * minimum
    return sum(covered)


def material(text: str, *, ends_before: str | None = None, starts_after: str | None = None) -> str:
    """The part of a source document that is its material, without export markup."""
    if starts_after and starts_after in text:
        text = text[text.index(starts_after) + len(starts_after):]
    if ends_before and ends_before in text:
        text = text[:text.index(ends_before)]
    return clean_markup(text)


def read_fingerprint(path: Path) -> Fingerprint:
    """A fingerprint file; OSError or ValueError (with the reason) if it cannot be used."""
    return Fingerprint.from_json(path.read_text(encoding="utf-8"))
