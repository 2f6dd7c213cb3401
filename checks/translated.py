"""The build of a translation (``-D language=zh_CN``): its catalogues checked, its facts shown in
its notation.

- ``env-updated`` (every build, as the checks of the chapters): the catalogues of the build's
  language, ``<locale_dirs>/<language>/LC_MESSAGES/*.po``, are checked message by message
  (:mod:`checks.translation`), one warning per problem, at the catalogue's line. A build without
  catalogues for its language (the English one) checks nothing.
- :class:`TranslatedNotation`: a ``{fact}`id``` without words in a translated message shows its
  value in the notation of the build's language (``zh``: 1950年2月14日), whatever the chapter's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes as dn
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository

from . import nodes, priorities
from .checker import Report
from .domain import get_domain, reported
from .translation import check_catalogues, notation_of
from .warnings import WARNING_TYPE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def catalogues(srcdir: str | Path, config: Config) -> list[Path]:
    """The ``.po`` files of the build's language, as Sphinx finds them (its own repository)."""
    language = config.language
    if not language or language == "en":
        return []
    repository = CatalogRepository(srcdir, config.locale_dirs, language, config.source_encoding)
    return sorted(Path(catalogue.po_path) for catalogue in repository.catalogs)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Check every message of the build language's catalogues against its source."""
    paths = catalogues(app.srcdir, app.config)
    if not paths:
        return []
    reports: list[Report] = []
    with reported("checking the translations"):
        project = get_domain(env).project
        root = project.root
        problems = check_catalogues(
            ((path, project.relative(str(path))) for path in paths), project,
            release=bool(app.config.checks_translation_release),
            allow_fuzzy=bool(app.config.gettext_allow_fuzzy_translations))
        reports = sorted({Report.from_problem(p, root, str(paths[0])) for p in problems})
    for report in reports:
        logger.warning(report.message, type=WARNING_TYPE, subtype=report.subtype,
                       location=report.location)
    return []


def _in_translation(node: dn.Node) -> bool:
    """Whether ``node`` is in a message Sphinx translated (its block is marked ``translated``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, dn.Element) and "translated" in parent.attributes:
            return bool(parent["translated"])
        parent = parent.parent
    return False


class TranslatedNotation(SphinxTransform):
    """``{fact}`id``` in a translated message: the value in the translation's notation."""

    default_priority = priorities.TRANSLATED_NOTATION

    def apply(self, **kwargs: Any) -> None:
        notation = notation_of(self.config.language)
        if notation is None:
            return
        facts = get_domain(self.env).project.registry.facts
        for node in self.document.findall(nodes.fact):
            if not _in_translation(node):
                continue
            node["notation"] = notation
            fact = facts.get(node["fact_id"])
            if fact is not None and not node["words"]:
                # The value as its text now, not only when the page is written: a heading's
                # entry in the tables of contents is taken from the text as read.
                node.children = []
                node += dn.Text(get_domain(self.env).project.display(fact, notation))


def setup(app: Sphinx) -> None:
    app.add_transform(TranslatedNotation)
    app.connect("env-updated", on_env_updated)
