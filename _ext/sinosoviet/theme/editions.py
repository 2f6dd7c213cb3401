"""A link in every page's header to the same page in the book's other edition: 中文 in the
English edition, English in the Chinese one (and ``<link rel="alternate" hreflang>`` for both).

``book_editions`` (conf.py) names each edition by its language: ``{"en": "English", "zh_CN":
"中文"}``. Where each one lives:

- **On Read the Docs** the Chinese edition is a translation project of the English one, served at
  the same address with its own language (``…/en/latest/`` and ``…/zh-cn/latest/``): the other
  edition's root is this build's ``READTHEDOCS_CANONICAL_URL`` with the language segment
  (``READTHEDOCS_LANGUAGE``) swapped. Read the Docs' own flyout menu switches language too.
- **Elsewhere** (``make html`` and ``make html-zh``) the editions stand in ``_build/html`` and
  ``_build/zh/html``, and the link is relative between the two.
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

EDITION_LINK = "edition-link.html"
#: sphinx-book-theme's header buttons, which the link precedes.
HEADER_BUTTONS = "article-header-buttons.html"
#: Each edition's HTML root from the other's, as the Makefile builds them.
LOCAL_ROOTS = {"en": "../zh/html/", "zh_CN": "../../html/"}
#: Read the Docs' name of a language in a project's address.
RTD_LANGUAGES = {"en": "en", "zh_CN": "zh-cn"}


def _key(language: str | None) -> str:
    return "zh_CN" if str(language or "en").startswith("zh") else "en"


def other_edition(config: Config, environ: os._Environ[str] | dict[str, str] = os.environ
                  ) -> tuple[str, str, str] | None:
    """(language, name, root URL) of the edition this build links to; None with one edition."""
    editions: dict[str, str] = config.book_editions or {}
    here = _key(config.language)
    others = [language for language in editions if language != here]
    if here not in editions or not others:
        return None
    there = others[0]
    canonical, served = environ.get("READTHEDOCS_CANONICAL_URL"), environ.get(
        "READTHEDOCS_LANGUAGE")
    if canonical and served and f"/{served}/" in canonical:
        root = canonical.replace(f"/{served}/", f"/{RTD_LANGUAGES[there]}/", 1)
    else:
        root = LOCAL_ROOTS[here]
    return there, editions[there], root


def _add_edition_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    if app.builder.name != "html":
        return
    other = other_edition(app.config)
    if other is None:
        return
    language, name, root = other
    page = f"{pagename}{getattr(app.builder, 'out_suffix', '.html')}"
    absolute = "://" in root
    context["book_edition"] = {
        "name": name,
        "lang": "zh-Hans" if language.startswith("zh") else "en",
        "hreflang": language.replace("_", "-"),
        "href": root + page if absolute else context["pathto"](root + page, 1),
    }
    items = context.get("theme_article_header_end") or []
    items = [i.strip() for i in items.split(",")] if isinstance(items, str) else list(items)
    if EDITION_LINK not in items:
        at = items.index(HEADER_BUTTONS) if HEADER_BUTTONS in items else len(items)
        context["theme_article_header_end"] = [*items[:at], EDITION_LINK, *items[at:]]
    link = context["book_edition"]
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{link["hreflang"]}" href="{link["href"]}" />')


def setup_editions(app: Sphinx) -> None:
    app.add_config_value("book_editions", {}, "html", types=[dict])
    app.connect("html-page-context", _add_edition_link)
