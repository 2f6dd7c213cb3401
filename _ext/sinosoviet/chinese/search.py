"""Let the HTML search find Chinese words anywhere in the text: 周恩来 as well as Zhou Enlai.

Sphinx's English search index splits text into words at spaces and punctuation, so a run of
Chinese, written without spaces, becomes one long "word": 周恩来前往莫斯科 is a single term, and a
query finds it only when it is long enough (three characters or more) for the search page's
substring fallback; a two-character name or word inside a run (高岗, 前往) is never found.
Sphinx's own Chinese support (``language = "zh"``) needs jieba, a word segmenter with a large
dictionary, and without it indexes no Chinese at all.

This module registers a search language, ``en_cjk`` (set ``html_search_language = "en_cjk"``),
that is Sphinx's English (stemmer, stop words) for everything but runs of Han characters, which it
indexes as single characters and pairs of neighbouring characters: the usual way to index Chinese
without a dictionary. The search page splits a query the same way (:data:`SPLIT_QUERY_JS`), so
周恩来 asks for the pairs 周恩 and 恩来, and matches every page that holds both, wherever they
stand.
Without the package, ``en_cjk`` falls back to plain English (Sphinx drops what follows ``_``).
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

from . import text as cjk

#: The search page's query splitter: Sphinx's own (searchtools.js), then runs of Han characters
#: into pairs of neighbours, as :func:`.text.query_terms` does. language_data.js, which holds it, is
#: loaded after searchtools.js and so replaces its default ``splitQuery``.
SPLIT_QUERY_JS = """
var splitQuery = (query) => {
  const han = /^[%(han)s]+$/u;
  const terms = [];
  query
    .split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)
    .filter((word) => word)
    .forEach((word) => {
      word.split(/([%(han)s]+)/u).forEach((part) => {
        if (!part) return;
        if (!han.test(part)) return terms.push(part);
        const chars = [...part];
        if (chars.length < 2) return terms.push(part);
        for (let i = 0; i + 1 < chars.length; i++) terms.push(chars[i] + chars[i + 1]);
      });
    });
  return terms;
};
""" % {"han": cjk.js_char_class(cjk.HAN_RANGES)}

_HAN_PARTS = re.compile(f"([{cjk.HAN}]+)")


class SearchEnglishCJK(SearchEnglish):
    """English, with runs of Han characters indexed as characters and pairs of characters."""

    lang = "en_cjk"
    js_splitter_code = SPLIT_QUERY_JS

    def split(self, input: str) -> list[str]:
        words: list[str] = []
        for word in super().split(input):
            if not cjk.has_han(word):
                words.append(word)
                continue
            for part in _HAN_PARTS.split(word):
                if not part:
                    continue
                words += cjk.han_terms(part) if cjk.HAN_RUN.fullmatch(part) else [part]
        return words

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        #: word -> its stem: a book repeats its words, and the stemmer is slow pure Python.
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stemmed = self._stems.get(word)
        if stemmed is None:
            stemmed = self._stems[word] = (word if cjk.has_han(word)
                                           else super().stem(word))
        return stemmed


def setup_search(app: Sphinx) -> None:
    app.add_search_language(SearchEnglishCJK)
