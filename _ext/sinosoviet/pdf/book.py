"""The PDF as a book: front matter, parts and appendices, notes numbered per chapter.

Sphinx typesets the root document as the opening of chapter 1's part, the contents before it, and
numbers every footnote of the book in one sequence. In print this extension makes of the root
document (index.md) the front matter, and of its toctrees the parts of the book:

- the title page: title, the subtitle (the root document's first paragraph, when it is all in
  italics, as index.md's is), authors, release and date;
- on its back, the root document's closing paragraphs (after the last toctree: the licence) and
  the copyright;
- an unnumbered front chapter, titled by the root document's first rubric ("How to read this
  book"), holding what precedes the toctrees; then the table of contents;
- one part per captioned toctree, in order ("Chapters", "Appendices"), and before the toctree whose
  caption is ``book_appendices_caption`` (default "Appendices") LaTeX's ``\\appendix``: its
  documents are numbered A, B, C. Nothing is listed twice: index.md's toctrees stay as they are
  for HTML and EPUB, and ``latex_appendices`` stays empty.

The notes: Sphinx renumbers all footnotes of the PDF in one sequence when it adds the notes of
``latex_show_urls = "footnote"``; they are numbered again here from 1 in each document (each
chapter and appendix), in the order in which the text refers to them.

Also, for sphinx-design: a dropdown's container gets the class ``sd-dropdown``, so that the print
style (``sinosoviet.sty``) can show it open, its title as a label, between rules.

The LaTeX macros used (``\\booktitlepage`` …) are defined in ``sinosoviet.sty``, beside this module.
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape

from .. import priorities


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _command(name: str, text: str) -> nodes.raw:
    """``\\name{text}``, the text escaped for LaTeX."""
    return _raw(f"\\{name}{{{escape(text, latex_engine='xelatex')}}}")


class BookStructure(SphinxPostTransform):
    """Front matter from the root document, and a part per captioned toctree."""

    default_priority = priorities.PDF_BOOK
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            return
        body = [child for child in section.children if not isinstance(child, nodes.title)]
        wrappers = [child for child in body if isinstance(child, nodes.compound)
                    and "toctree-wrapper" in child["classes"]]
        if not wrappers:
            return
        first, last = body.index(wrappers[0]), body.index(wrappers[-1])
        front, back = body[:first], body[last + 1:]

        subtitle = self.pop_subtitle(front)
        rubric = next((node for node in front if isinstance(node, nodes.rubric)), None)
        if rubric is not None:
            front.remove(rubric)
            rubric.parent.remove(rubric)
        title = rubric.astext() if rubric is not None else "Preface"

        matter: list[nodes.Node] = [_command("booktitlepage", subtitle)]
        matter += [_raw("\\begin{bookimprint}"),
                   *[node for node in back if not isinstance(node, nodes.transition)],
                   nodes.paragraph("", "© " + self.config.copyright),
                   _raw("\\end{bookimprint}")]
        matter += [_command("bookfrontchapter", title), *front]
        matter += [_raw("\\booktableofcontents\n\\bookmainmatter")]

        appendices = self.config.book_appendices_caption
        for wrapper, caption in zip(wrappers, self.captions(), strict=True):
            if caption:
                before = [_command("bookpart", caption)]
                if caption == appendices:
                    before.append(_raw("\\appendix"))
                wrapper.children[0:0] = before
                for command in before:
                    command.parent = wrapper

        for node in front + back:
            if node.parent is section:
                section.remove(node)
        title_node = section.children.index(next(iter(section.findall(nodes.title))))
        section.children[title_node + 1:title_node + 1] = matter
        for node in matter:
            node.parent = section

    @staticmethod
    def pop_subtitle(front: list[nodes.Node]) -> str:
        """The text of the first paragraph, taken out, if it is one piece of italics."""
        paragraphs = [node for node in front if isinstance(node, nodes.paragraph)]
        if not paragraphs:
            return ""
        first = paragraphs[0]
        if len(first.children) == 1 and isinstance(first[0], nodes.emphasis):
            front.remove(first)
            first.parent.remove(first)
            return first.astext()
        return ""

    def captions(self) -> list[str | None]:
        """The captions of the root document's toctrees, in order (read from its doctree, since
        the LaTeX builder has replaced the toctrees by the documents they list)."""
        doctree = self.env.get_doctree(self.config.root_doc)
        return [toctree.get("caption") for toctree in doctree.findall(addnodes.toctree)]


class ChapterFootnotes(SphinxPostTransform):
    """Number the footnotes from 1 in each document, in the order the text refers to them."""

    default_priority = priorities.PDF_FOOTNOTES
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        footnotes = {(note.get("docname"), note["ids"][0]): note
                     for note in self.document.findall(nodes.footnote)
                     if note.get("auto") and note["ids"]}
        numbers: dict[tuple[str | None, str], int] = {}
        counters: defaultdict[str | None, int] = defaultdict(int)
        references = list(self.document.findall(nodes.footnote_reference))
        for reference in references:
            key = (reference.get("docname"), reference.get("refid"))
            if key in footnotes and key not in numbers:
                counters[key[0]] += 1
                numbers[key] = counters[key[0]]
        for key in footnotes:  # notes no text refers to, after the others
            if key not in numbers:
                counters[key[0]] += 1
                numbers[key] = counters[key[0]]
        for key, note in footnotes.items():
            label = next(iter(note.findall(nodes.label)), None)
            if label is not None:
                label.replace_self(nodes.label("", str(numbers[key])))
        for reference in references:
            key = (reference.get("docname"), reference.get("refid"))
            if key in numbers:
                reference.children = []
                reference += nodes.Text(str(numbers[key]))


class OpenDropdowns(SphinxPostTransform):
    """Mark sphinx-design's dropdowns for the print style (they have no class of their own)."""

    default_priority = priorities.PDF_DROPDOWNS
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.container):
            if node.get("design_component") == "dropdown" and "sd-dropdown" not in node["classes"]:
                node["classes"].append("sd-dropdown")


def setup_book(app: Sphinx) -> None:
    app.add_config_value("book_appendices_caption", "Appendices", "env", types=[str])
    app.add_post_transform(BookStructure)
    app.add_post_transform(ChapterFootnotes)
    app.add_post_transform(OpenDropdowns)
