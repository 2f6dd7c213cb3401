"""The bibliography's entries and its citations as a printed history book sets them, in every
format.

- The bibliography is a list sorted by author with hanging indents, without the "[1]" labels that
  sphinxcontrib-bibtex gives every citation: in HTML and EPUB the labels are dropped (the entries
  keep their ids, which the citations link to); in LaTeX the entries stay where the bibliography
  directive puts them, in the Bibliography appendix, instead of being gathered by Sphinx into a
  ``thebibliography`` chapter of their own at the end of the book.
- One full stop, not two, where a citation that ends with one ("Anonymous n.d.", "He et al.")
  closes a sentence: "Anonymous n.d.." becomes "Anonymous n.d.".
- In LaTeX, a citation inside a caption or a title is protected (``\\protect\\hyperlink``): a
  caption is a moving argument, and an unprotected link there stops XeLaTeX.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.nodes import raw_latex

from .. import priorities

#: The class given to the container of a bibliography's entries (HTML: ``div.bibliography``).
CLASS = "bibliography"


def _bibliographies(document: nodes.document) -> list[nodes.container]:
    """The containers sphinxcontrib-bibtex fills with a bibliography's citations."""
    return [
        node for node in document.findall(nodes.container)
        if node.children and all(isinstance(child, nodes.citation) and "docname" in child
                                  for child in node.children)
    ]


class BibliographyEntries(SphinxPostTransform):
    """Entries without numeric labels, in a container of class ``bibliography``."""

    default_priority = priorities.BIBLIOGRAPHY_ENTRIES

    def run(self, **kwargs) -> None:
        for container in _bibliographies(self.document):
            for citation in container.children:
                for label in list(citation.findall(nodes.label)):
                    label.parent.remove(label)
            container["classes"].append(CLASS)


class LatexBibliography(SphinxPostTransform):
    """In LaTeX, a hanging-indent list where the bibliography directive is (not Sphinx's
    ``thebibliography`` chapter at the end of the book)."""

    default_priority = priorities.BIBLIOGRAPHY_LATEX
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for container in _bibliographies(self.document):
            container.replace_self(self.latex_list(container))

    @staticmethod
    def latex_list(container: nodes.container) -> list[nodes.Node]:
        # \bookbibitem and the bookbibliography environment: the book's sinosoviet.sty. The anchor
        # is the one sphinxcontrib-bibtex's citations link to, and \bibitem would have made.
        items: list[nodes.Node] = [nodes.raw("", "\\begin{bookbibliography}", format="latex")]
        for citation in container.children:
            assert isinstance(citation, nodes.Element)  # sphinxcontrib-bibtex's citation nodes
            anchor = f"cite.{citation['docname']}:{citation['ids'][0]}"
            items.append(nodes.raw("", f"\\bookbibitem{{{anchor}}}", format="latex"))
            items.extend(citation.children)
        items.append(nodes.raw("", "\\end{bookbibliography}", format="latex"))
        return items


def _visible_text(node: nodes.Element) -> str:
    return "".join(text.astext() for text in node.findall(nodes.Text)
                   if not isinstance(text.parent, (nodes.raw, raw_latex)))


def _next_text(node: nodes.Node) -> tuple[nodes.Element, int] | None:
    """Where the text right after *node* is (its parent, its index), climbing out of the inline
    parents that *node* ends. The parent is the one reached from *node*, not ``text.parent``: a
    node shared by two trees (a footnote shown as a sidenote, say) has only one ``parent``."""
    while node.parent is not None:
        parent: nodes.Element = node.parent
        index = parent.index(node)
        if index + 1 < len(parent.children):
            following = parent.children[index + 1]
            return (parent, index + 1) if isinstance(following, nodes.Text) else None
        if not isinstance(parent, nodes.Inline):
            return None
        node = parent
    return None


class SingleFullStop(SphinxPostTransform):
    """Drop the full stop after a citation that already ends with one."""

    default_priority = priorities.CITATION_FULL_STOP

    def run(self, **kwargs) -> None:
        for citation in list(self.document.findall(nodes.inline)):
            if "bibtex-citation" not in citation["classes"]:
                continue
            if not _visible_text(citation).endswith("."):
                continue
            where = _next_text(citation)
            if where is None:
                continue
            parent, index = where
            text = parent.children[index].astext()
            if text.startswith("."):
                parent.children[index] = nodes.Text(text[1:])
                parent.children[index].parent = parent


class ProtectCitationLinks(SphinxPostTransform):
    """``\\protect`` the links of citations in captions and titles (moving arguments)."""

    default_priority = priorities.CITATION_PROTECT
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(raw_latex)):
            if not node.rawsource.startswith("\\hyperlink{"):
                continue
            if any(isinstance(parent, (nodes.caption, nodes.title, nodes.rubric))
                   for parent in _ancestors(node)):
                protected = raw_latex("\\protect" + node.rawsource)
                node.replace_self(protected)


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def setup_entries(app: Sphinx) -> None:
    app.add_post_transform(BibliographyEntries)
    app.add_post_transform(LatexBibliography)
    app.add_post_transform(SingleFullStop)
    app.add_post_transform(ProtectCitationLinks)
