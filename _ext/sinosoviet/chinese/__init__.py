"""Chinese text in an English book: marked with its language, quoted correctly, found by search.

List ``"sinosoviet.chinese"`` in conf.py's ``extensions``, and set
``html_search_language = "en_cjk"`` for the search. The parts:

- :mod:`.text`: where the runs of Chinese are and which script each is in (pure, no Sphinx);
- :mod:`.lang`: ``lang="zh-Hans"`` or ``"zh-Hant"`` on every run, in HTML and EPUB;
- :mod:`.genindex`: the same in the index page, which a template writes;
- :mod:`.quotes`: opening quotation marks after Chinese punctuation;
- :mod:`.search`: a search language that finds Chinese words inside longer runs;
- :mod:`.messages`: every table cell a message of the catalogues, for the Chinese edition.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .genindex import setup_genindex
from .lang import setup_lang
from .messages import setup_messages
from .quotes import setup_quotes
from .search import setup_search


def setup(app: Sphinx) -> dict[str, Any]:
    setup_lang(app)
    setup_genindex(app)
    setup_quotes(app)
    setup_search(app)
    setup_messages(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
