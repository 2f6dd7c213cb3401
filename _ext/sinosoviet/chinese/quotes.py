"""Opening quotation marks after Chinese punctuation.

The chapters quote their Chinese sources as ``原文："此行旨在……"``, with straight quotes that
docutils' smart quotes turn into curly ones. It decides between opening and closing by the
character before the quote, and it only knows Western punctuation: after a full-width colon (：)
it writes a closing mark, so every format printed ``原文：”此行旨在……”``. This transform, run
right after smart quotes, turns a closing double or single mark that follows opening Chinese
punctuation (：，、（《「；) and precedes a character into the opening one.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .. import priorities

#: Chinese punctuation after which a quotation mark opens a quotation.
OPENERS = "：，、（《「『；"
_WRONG = re.compile(f"(?<=[{OPENERS}])([”’])(?=[^\\s{OPENERS}.,;:!?)\\]”’]|$)")
_OPENING = {"”": "“", "’": "‘"}


def fix(text: str) -> str:
    return _WRONG.sub(lambda match: _OPENING[match.group(1)], text)


class OpenQuotesAfterChinesePunctuation(SphinxTransform):
    default_priority = priorities.CHINESE_QUOTES

    def apply(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, (nodes.literal, nodes.literal_block,
                                                     nodes.raw, nodes.comment)):
                continue
            fixed = fix(text.astext())
            if fixed != text.astext():
                parent.replace(text, nodes.Text(fixed))


def setup_quotes(app: Sphinx) -> None:
    app.add_transform(OpenQuotesAfterChinesePunctuation)
