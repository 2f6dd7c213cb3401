"""Print non-ASCII URLs in the PDF exactly as written, and link them correctly.

MyST percent-encodes link targets (``中苏关系`` becomes ``%E4%B8%AD…``), so LaTeX footnotes made by
``latex_show_urls`` print the encoded form; and ``\\url`` typesets its argument in math mode,
where XeLaTeX's CJK font switching does not reach, so a Chinese URL prints as missing glyphs.
This post-transform, run after Sphinx's ``ShowUrlsTransform``, gives every external reference
whose URL has non-ASCII characters an ASCII (percent-encoded) link target and, as its visible
text, the URL as written, typeset as ordinary text (``\\sphinxhref``) so the CJK font applies.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import priorities

#: Characters left as they are when percent-encoding a URL (RFC 3986 reserved and unreserved).
URI_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


class ReadableIRIs(SphinxPostTransform):
    """Decode the visible text of non-ASCII URLs, and ASCII-encode their link targets."""

    default_priority = priorities.PDF_LINKS
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if "://" not in uri:
                continue
            written = unquote(uri)
            if written.isascii():
                continue
            if ref.astext() in {uri, written}:
                ref.children = [nodes.Text(written)]
                ref["nolinkurl"] = False
            ref["refuri"] = quote(written, safe=URI_SAFE)


def setup_links(app: Sphinx) -> None:
    app.add_post_transform(ReadableIRIs)
