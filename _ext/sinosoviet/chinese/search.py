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

import json
import re

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

from . import text as cjk
from .scripts import SIMPLIFIED_ONLY, TRADITIONAL_ONLY

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

#: The search page's Chinese, after Sphinx's searchtools.js has defined ``Search``:
#:
#: - **A query's run is highlighted whole.** Sphinx highlights each query term in turn and never
#:   inside a match already made, so the pairs 周恩 and 恩来 of 周恩来 highlight 周恩 and leave 来.
#:   The highlight terms (in the results and, through ``sphinx_highlight_terms``, on the page a
#:   result opens) start with each whole run of two or more Han characters; the pairs follow, for
#:   pages that hold them apart.
#: - **Snippets carry their language.** Each run of Chinese in a result (its title and the text
#:   around the match) is put in a ``<span lang="zh-Hans">`` (``zh-Hant`` for traditional script,
#:   decided as :func:`.text.script` does), as on the book's pages: screen readers read it as
#:   Chinese, and the browser picks a Chinese font.
SEARCH_PAGE_JS = """
(() => {
  if (typeof Search === "undefined") return;  // language_data.js alone: the splitter only
  const HAN_RUN = /[%(han)s]{2,}/gu;
  const RUN = %(run)s;  // a regular expression's source (flags "u"; "gu" to find them all)
  const TRADITIONAL = new Set(%(traditional)s);
  const SIMPLIFIED = new Set(%(simplified)s);
  const script = (run) => {
    let traditional = 0, simplified = 0;
    for (const char of run) {
      if (TRADITIONAL.has(char)) traditional++;
      else if (SIMPLIFIED.has(char)) simplified++;
    }
    return traditional > simplified ? "zh-Hant" : "zh-Hans";
  };

  const parseQuery = Search._parseQuery;
  Search._parseQuery = (query) => {
    const parsed = parseQuery(query);
    const runs = query.toLowerCase().match(HAN_RUN) || [];
    parsed[3] = new Set([...runs, ...parsed[3]]);
    if (runs.length && typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
      localStorage.setItem("sphinx_highlight_terms", [...parsed[3]].join(" "));
    return parsed;
  };

  const markLanguage = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    const hasRun = new RegExp(RUN, "u");
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (hasRun.test(text.nodeValue) && !text.parentElement.closest("[lang^='zh']")) {
        texts.push(text);
      }
    }
    for (const text of texts) {
      // Every run is wrapped (a fresh "g" expression starts at 0), so what is written here is
      // never found again: the observer that called this sees only marked text next time.
      const parts = document.createDocumentFragment();
      let last = 0;
      for (const match of text.nodeValue.matchAll(new RegExp(RUN, "gu"))) {
        parts.append(text.nodeValue.slice(last, match.index));
        const span = document.createElement("span");
        span.lang = script(match[0]);
        span.textContent = match[0];
        parts.append(span);
        last = match.index + match[0].length;
      }
      parts.append(text.nodeValue.slice(last));
      text.replaceWith(parts);
    }
  };
  const watch = () => {
    const results = document.getElementById("search-results");
    if (!results) return;
    markLanguage(results);
    new MutationObserver(() => markLanguage(results))
      .observe(results, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
""" % {
    "han": cjk.js_char_class(cjk.HAN_RANGES),
    "run": json.dumps(cjk.RUN_JS),
    "traditional": json.dumps("".join(sorted(TRADITIONAL_ONLY)), ensure_ascii=False),
    "simplified": json.dumps("".join(sorted(SIMPLIFIED_ONLY)), ensure_ascii=False),
}

_HAN_PARTS = re.compile(f"([{cjk.HAN}]+)")


class SearchEnglishCJK(SearchEnglish):
    """English, with runs of Han characters indexed as characters and pairs of characters."""

    lang = "en_cjk"
    js_splitter_code = SPLIT_QUERY_JS + SEARCH_PAGE_JS

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
