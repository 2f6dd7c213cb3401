"""The book without the checks: `{fact}`, `{variant}`, `{nofact}` and `{facts-index}` parse and
render their words; nothing is collected, loaded or compared. The benchmark's baseline ("without")."""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import Directive

_WORDS = re.compile(r"(.*?)\s*<[^<>]*>\s*", re.S)


def _fact(name, rawtext, text, lineno, inliner, options=None, content=None):
    words = _WORDS.fullmatch(text)
    return [nodes.inline(rawtext, words.group(1) if words and words.group(1) else text)], []


def _nofact(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [nodes.inline(rawtext, text)], []


class _FactsIndex(Directive):
    def run(self):
        return []


def setup(app):
    app.add_role("fact", _fact)
    app.add_role("variant", _fact)
    app.add_role("nofact", _nofact)
    app.add_directive("facts-index", _FactsIndex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
