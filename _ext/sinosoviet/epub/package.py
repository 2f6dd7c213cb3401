"""The EPUB package: cover, metadata and index, by a subclass of Sphinx's EPUB 3 builder.

- **The cover**, drawn from the title page (:mod:`.cover`) unless ``epub_cover`` names one of the
  author's: written as ``_images/book-cover.png`` before Sphinx lists the package's files, shown
  by a cover page (``templates/book-cover.html``) first in the spine, its manifest item carrying
  ``properties="cover-image"`` (EPUB 3) beside the ``<meta name="cover">`` Sphinx writes (EPUB 2
  reading systems).
- **The metadata** a reading system or a store shows: ``epub_description`` and ``book_subjects``
  (``dc:description``, ``dc:subject``), and the accessibility metadata of EPUB Accessibility 1.1
  (``schema:accessMode``, ``accessModeSufficient``, ``accessibilityFeature``,
  ``accessibilityHazard``, ``accessibilitySummary`` from ``book_accessibility_summary``). The
  modes and features are read from the written pages, not asserted: "visual" when a page shows an
  image, "textual" sufficient and "alternativeText" only when every image has a text alternative,
  "index" only when the book has an index. ``templates/content.opf.jinja`` is Sphinx's template
  with these added; Sphinx reads its own from a fixed directory, so the builder renders this one
  over it with the same values.
- **The index last, never empty.** The general index is the last item of the spine, listed in the
  table of contents and the guide, when the book has index entries; when it has none, there is no
  index page at all (Sphinx would add an empty one).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders._epub_base import Guide, Spine
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config
from sphinx.locale import _
from sphinx.util.fileutil import copy_asset_file
from sphinx.util.osutil import ensuredir

from .cover import TitlePage, draw_cover, title_page
from .notes import EpubTranslator

TEMPLATES = Path(__file__).parent / "templates"
#: Where the drawn cover is written in the EPUB, and the page that shows it.
DRAWN_COVER = "_images/book-cover.png"
COVER_TEMPLATE = "book-cover.html"
BUILDINFO_BACKUP = ".buildinfo.bak"


class _ImageCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.shown = self.without_alt = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.shown += 1
            self.without_alt += not (dict(attrs).get("alt") or "").strip()


@dataclass(frozen=True, slots=True)
class Images:
    """What the content documents show besides text: how many images, how many without a text
    alternative."""

    shown: int
    without_alt: int

    @classmethod
    def of(cls, pages: Sequence[Path]) -> Images:
        counter = _ImageCounter()
        for page in pages:
            counter.feed(page.read_text(encoding="utf-8"))
            counter.close()
            counter.reset()
        return cls(counter.shown, counter.without_alt)


def accessibility(images: Images, has_index: bool) -> dict[str, list[str]]:
    """The schema.org accessibility properties of a reflowable book of text with ``images``."""
    described = images.without_alt == 0
    modes = ["textual", "visual"] if images.shown else ["textual"]
    sufficient = ["textual"] if described else []
    if images.shown:
        sufficient.append("textual,visual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability"]
    if images.shown and described:
        features.append("alternativeText")
    if has_index:
        features.append("index")
    return {"access_modes": modes, "access_modes_sufficient": sufficient,
            "accessibility_features": features, "accessibility_hazards": ["none"]}


def spine(items: list[Spine], index: str | None) -> list[Spine]:
    """The reading order with each document once, where it first comes (Sphinx lists again, as
    a document outside the reading order, a cover page left by an earlier build, and the index
    both as an entry of the contents and as the index), and the index, if any, last."""
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.idref not in seen and item.idref != index:
            seen.add(item.idref)
            kept.append(item)
    return [*kept, Spine(index, True)] if index else kept


class BookEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with a drawn cover, fuller metadata, and the index last, and
    the notes written as EPUB footnotes (:mod:`.notes`)."""

    default_translator_class = EpubTranslator

    #: The values content.opf is rendered with: Sphinx's, then the book's.
    package: dict[str, Any]

    def handle_page(self, pagename: str, addctx: dict[str, Any],
                    templatename: str = "page.html", **kwargs: Any) -> None:
        if pagename == "genindex" and "genindexentries" in addctx \
                and not addctx["genindexentries"]:
            self.use_index = False  # no entries: no index page, not an empty one
            return
        if templatename == COVER_TEMPLATE:
            addctx["cover_text"] = self.title_page().text
        super().handle_page(pagename, addctx, templatename, **kwargs)

    def title_page(self) -> TitlePage:
        doctree = self.env.get_doctree(self.config.root_doc)
        return title_page(doctree, self.config.epub_author)

    def handle_finish(self) -> None:
        if self.config.epub_cover and self.config.epub_cover[0] == DRAWN_COVER:
            ensuredir(self.outdir / Path(DRAWN_COVER).parent)
            (self.outdir / DRAWN_COVER).write_bytes(draw_cover(self.title_page()))
        # Sphinx writes the cover page after listing the files it finds; one left by the last
        # build would be listed among them, in another place, and every file would get another
        # id: without it, a rebuild gives the same package as a clean build.
        (self.outdir / self.coverpage_name).unlink(missing_ok=True)
        super().handle_finish()

    def toc_add_files(self, refnodes: list[dict[str, Any]]) -> None:
        super().toc_add_files(refnodes)
        if self.use_index:
            refnodes.append({"level": 1, "refuri": "genindex" + self.out_suffix,
                             "text": html.escape(_("Index"))})

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        self.package = metadata  # filled in by Sphinx's build_content, rendered again below
        return metadata

    def build_content(self) -> None:
        super().build_content()
        metadata = self.package
        index = html.escape(self.make_id("genindex" + self.out_suffix)) if self.use_index else None
        metadata["spines"] = spine(metadata["spines"], index)
        if self.use_index:
            metadata["guides"].append(Guide("index", html.escape(_("Index")),
                                            "genindex" + self.out_suffix))
        pages = [self.outdir / name for name in self.files
                 if name.endswith(self.out_suffix) and name != self.coverpage_name]
        metadata.update(accessibility(Images.of(pages), self.use_index))
        config = self.config
        metadata["subjects"] = [html.escape(subject) for subject in config.book_subjects]
        metadata["accessibility_summary"] = html.escape(config.book_accessibility_summary)
        if config.epub_contributor == "unknown":  # Sphinx's default: no contributor named
            metadata["contributor"] = ""
        copy_asset_file(TEMPLATES / "content.opf.jinja", self.outdir, context=metadata,
                        force=True)


def _configure(app: Sphinx, config: Config) -> None:
    """Draw the cover unless the author names one; find the cover page's template; leave
    Sphinx's backup of an outdated ``.buildinfo`` out of the package, as Sphinx leaves out the
    ``.buildinfo`` itself (it would warn "unknown mimetype" at every build after a change of
    the configuration, and fail a strict build)."""
    if not config.epub_cover:
        config.epub_cover = (DRAWN_COVER, COVER_TEMPLATE)
    if BUILDINFO_BACKUP not in config.epub_exclude_files:
        config.epub_exclude_files = [*config.epub_exclude_files, BUILDINFO_BACKUP]
    # Relative to the configuration directory, so that the configuration (and .buildinfo) is the
    # same wherever the book is built; a new list, not Sphinx's default one changed.
    templates = os.path.relpath(TEMPLATES, app.confdir)
    if templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]


def setup_package(app: Sphinx) -> None:
    app.add_builder(BookEpubBuilder, override=True)
    app.add_config_value("book_subjects", [], "epub", types=[list, tuple])
    app.add_config_value(
        "book_accessibility_summary",
        "A reflowable book of text with a navigable table of contents and headings in reading "
        "order; notes are linked to and from their references.", "epub", types=[str])
    app.connect("config-inited", _configure)
