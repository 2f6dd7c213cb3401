"""Keep sphinx-design's output well-formed XHTML, so the EPUB passes epubcheck.

The EPUB builder reuses the HTML translator to write XHTML, and two things sphinx-design writes
are HTML but not valid EPUB XHTML:

- each tab of a ``tab-set`` is an ``<input ...>``, a void element that XML rejects unclosed;
  ``<input ... />`` is valid in both, so it is written that way for every builder;
- its icons (the chevron of a dropdown, for instance) are inline ``<svg>`` without a namespace,
  which EPUB forbids there; they are decoration, so the EPUB leaves them out.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.tabs import depart_tab_input, sd_tab_input

from .. import priorities


def visit_tab_input(self, node: sd_tab_input) -> None:
    attributes = {"ids": [node["id"]], "type": node["type"], "name": node["set_id"]}
    if node["checked"]:
        attributes["checked"] = "checked"
    self.body.append(self.emptytag(node, "input", **attributes))


class DropInlineSvg(SphinxPostTransform):
    """Remove raw inline SVG icons from EPUB documents."""

    default_priority = priorities.EPUB_SVG
    builders = ("epub",)

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" in raw.get("format", "").split() and raw.astext().lstrip().startswith("<svg"):
                raw.parent.remove(raw)


def setup_xhtml(app: Sphinx) -> None:
    app.setup_extension("sphinx_design")
    app.add_node(sd_tab_input, override=True, html=(visit_tab_input, depart_tab_input))
    app.add_post_transform(DropInlineSvg)
