"""``python -m checks``: the checks of the build, without the build.

Reads ``conf.py`` (as Sphinx does) for the settings, finds the documents as Sphinx does, parses
each Markdown file with MyST-Parser's docutils parser (the parser the build uses, without Sphinx's
environment), keeps what :func:`checks.collect.collect` finds, and prints what
:func:`checks.checker.check` reports: the lines a build prints, ``path:line: WARNING: message
[checks.subtype]``, in the same order. Exit status: 0 none, 1 warnings found, 2 could not run
(not a book's directory, an unreadable ``conf.py``, a usage error, a failure of the checks).

Sphinx-only roles (``{cite}``, ``{ref}``, ``{doc}``, ...) and directives (``{toctree}``,
``{bibliography}``, sphinx-design's cards and tabs, ...) are replaced by stand-ins that keep what
the build scans: a cross-reference is not prose, a card's title and body are.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes as dn
from docutils.parsers.rst import Directive, directives, roles

from . import checker, citations, copies, sources
from . import roles as fact_roles
from .collect import DocRecord, collect
from .config import ChecksConfig, config_problems, setting_location
from .copies import COUNTED_RUN
from .copying import book_texts, reproduced
from .directives import FactsIndex
from .model import Finding
from .scan import scan
from .translation import check_catalogues
from .warnings import Subtype, suppressed

#: Exit statuses: nothing found; warnings found; the checks could not run.
CLEAN, FOUND, FAILED = 0, 1, 2

#: Sphinx (and extension) directives whose content a build does not show as prose.
_NO_PROSE_DIRECTIVES = frozenset({
    "toctree", "bibliography", "footbibliography", "index", "highlight", "tabularcolumns",
    "literalinclude", "code-block", "sourcecode", "code-cell", "autosummary", "automodule",
    "autoclass", "autofunction", "graphviz", "mermaid", "tab-set-code", "todolist",
    "codeauthor", "sectionauthor", "moduleauthor", "default-role", "default-domain",
    "currentmodule", "program", "option", "envvar", "productionlist",
})
#: Directives whose argument is shown as a title (sphinx-design, the theme's margin) or as text
#: (``centered``), and so is prose.
_TITLED_DIRECTIVES = frozenset({"card", "grid-item-card", "dropdown", "tab-item", "centered",
                                "margin"})
#: Directives whose argument is a version, then prose ("New in version 1.0: ...").
_VERSIONED_DIRECTIVES = frozenset({"versionadded", "versionchanged", "deprecated",
                                   "versionremoved"})
#: Options of those stand-ins whose values a reader sees: a code block's caption, a card's image
#: alt text and (a link to a URL) the link's words, read aloud.
_SHOWN_OPTIONS = ("caption", "img-alt", "link-alt")
#: Sphinx roles whose words are prose (shown as written); every other unknown role is a
#: reference or code, which the checks do not read.
_PROSE_ROLES = frozenset({"abbr", "dfn", "guilabel", "menuselection"})


class opaque_role(dn.inline):  # noqa: N801 - the collector skips it by name
    """What the CLI puts where the build has a cross-reference or code (not prose)."""


def _opaque_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                 options: Any = None, content: Any = None) -> tuple[list[dn.Node], list]:
    return [opaque_role(rawtext, text)], []


def _prose_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                options: Any = None, content: Any = None) -> tuple[list[dn.Node], list]:
    if name == "abbr":  # "PRC (People's Republic of China)": "PRC", explained in a tooltip
        explained = re.fullmatch(r"(.+?)\s*\((.+)\)", text, re.S)
        if explained:
            return [dn.abbreviation(rawtext, explained.group(1),
                                    explanation=explained.group(2))], []
    return [dn.inline(rawtext, text)], []


#: Cross-reference roles whose words a reader sees: a title the author gives (``{ref}`the treaty
#: <ch-treaty>```), and a glossary term; as :mod:`checks.collect` reads the build's.
_TITLED_REFERENCE_ROLES = frozenset({"ref", "doc", "numref", "any", "std:ref", "std:doc",
                                     "std:numref"})
_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<([^<]*?)>$", re.S)  # Sphinx's


def _reference_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
                    options: Any = None, content: Any = None) -> tuple[list[dn.Node], list]:
    titled = _EXPLICIT_TITLE.match(text)
    if name in ("term", "std:term"):
        return [dn.inline(rawtext, titled.group(1) if titled else text)], []
    if titled:
        return [dn.inline(rawtext, titled.group(1))], []
    return _opaque_role(name, rawtext, text, lineno, inliner)


class _AnyOptions(dict):
    """Accept every option a Sphinx or sphinx-design directive may have, unchecked."""

    def __bool__(self) -> bool:  # MyST reads options only for a directive that has some
        return True

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


class toctree(dn.General, dn.Element):  # noqa: N801 - the collector reads it by name
    """What the CLI puts where the build has a toctree: its ``caption`` and ``entries``."""


def _shown_options(directive: Directive) -> list[dn.Node]:
    """A paragraph for each option of ``directive`` whose value a reader sees."""
    shown: list[dn.Node] = []
    for name in _SHOWN_OPTIONS:
        value = directive.options.get(name)
        if not isinstance(value, str) or not value.strip():
            continue
        if name == "link-alt" and directive.options.get("link-type", "url") != "url":
            continue  # a cross-reference's words: the build does not read them either
        inline, _ = directive.state.inline_text(value, directive.lineno)
        paragraph = dn.paragraph("", "", *inline)
        paragraph.line = directive.lineno
        shown.append(paragraph)
    return shown


class _NoProse(Directive):
    has_content = True
    optional_arguments = 100
    final_argument_whitespace = True
    option_spec = _AnyOptions()

    def run(self) -> list[dn.Node]:
        if self.name == "toctree":
            entries = [(m.group(1), m.group(2)) if (m := re.fullmatch(r"(.+?)\s*<(.+)>", e))
                       else (None, e) for e in map(str.strip, self.content) if e]
            node = toctree(caption=self.options.get("caption"), entries=entries)
            node.line = self.lineno
            return [node]
        return _shown_options(self)


class _Container(Directive):
    """A directive the build shows as a box of prose (cards, tabs, ``seealso``, ``only``, ...)."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOptions()
    titled = False

    def run(self) -> list[dn.Node]:
        node = dn.container()
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        title_text = self.arguments[0] if self.titled and self.arguments else ""
        if self.name in _VERSIONED_DIRECTIVES and self.arguments:
            title_text = "".join(self.arguments[0].split(None, 1)[1:])
        if title_text:
            title_nodes, _messages = self.state.inline_text(title_text, self.lineno)
            title = dn.paragraph("", "", *title_nodes)
            title.line = node.line
            node += title
        node.extend(_shown_options(self))
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class _Titled(_Container):
    titled = True


def _needs_sphinx(found: Any) -> bool:
    """A role or directive a Sphinx application registered (in this process), which needs one."""
    from sphinx.util.docutils import SphinxDirective, SphinxRole

    return isinstance(found, SphinxRole) or (
        isinstance(found, type) and issubclass(found, SphinxDirective)
    )


def _citing_role(cited: set[str]) -> Any:
    """A stand-in for ``{cite}`` and ``{footcite}``: not prose; notes the keys in ``cited``."""

    def role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
             options: Any = None, content: Any = None) -> tuple[list[dn.Node], list]:
        cited.update(citations.role_keys(name, text))
        return _opaque_role(name, rawtext, text, lineno, inliner, options, content)

    return role


@contextlib.contextmanager
def _stand_ins(cited: set[str]) -> Iterator[None]:
    """Know the roles and directives of the build while parsing; restore docutils afterwards.
    The keys ``{cite}`` and ``{footcite}`` roles name are added to ``cited``."""
    original_role, original_directive = roles.role, directives.directive

    def role(role_name: str, language_module: Any, lineno: int, reporter: Any) -> tuple[Any, list]:
        if role_name == "fact":
            return fact_roles.fact_role, []
        if role_name == "variant":
            return fact_roles.variant_role, []
        if role_name == "nofact":
            return fact_roles.nofact_role, []
        if role_name.split(":")[0] in ("cite", "footcite"):
            return _citing_role(cited), []
        found, messages = original_role(role_name, language_module, lineno, reporter)
        if found is not None and not _needs_sphinx(found):
            return found, messages
        if role_name in _PROSE_ROLES:
            return _prose_role, []
        if role_name in _TITLED_REFERENCE_ROLES or role_name in ("term", "std:term"):
            return _reference_role, []
        return _opaque_role, []

    def directive(directive_name: str, language_module: Any, document: Any) -> tuple[Any, list]:
        if directive_name == "facts-index":
            return FactsIndex, []
        if directive_name in _NO_PROSE_DIRECTIVES:
            return _NoProse, []
        found, messages = original_directive(directive_name, language_module, document)
        if found is not None and not _needs_sphinx(found):
            return found, messages
        return (_Titled if directive_name in _TITLED_DIRECTIVES else _Container), []

    roles.role, directives.directive = role, directive
    try:
        yield
    finally:
        roles.role, directives.directive = original_role, original_directive


# -- the project ----------------------------------------------------------------------------


def _conf_error(conf: Path, error: Exception) -> str:
    """``conf.py:line: what went wrong``, without the traceback Sphinx's message holds."""
    cause = error.__cause__ or error
    if isinstance(cause, SyntaxError):
        return f"{conf}:{cause.lineno}: {cause.msg}"
    frames = [f for f in traceback.extract_tb(cause.__traceback__) if f.filename == str(conf)]
    line = f":{frames[-1].lineno}" if frames else ""
    what = f"{type(cause).__name__}: {cause}" if cause is not error else str(error).split("\n")[0]
    return f"{conf}{line}: {what}"


class CannotRun(Exception):
    """The checks cannot run here (no book, an unreadable conf.py); the message says why."""


class Book:
    """A source directory as a build sees it: its settings and its Markdown documents."""

    def __init__(self, srcdir: Path, overrides: dict[str, Any]) -> None:
        self.srcdir = srcdir.resolve()
        self.values = self.read_conf() | overrides
        self.config = ChecksConfig.from_values(self.values)
        self.docs = self.find_docs()
        #: The keys the documents' {cite} and {footcite} roles name (filled by :meth:`read`).
        self.cited: set[str] = set()

    def read_conf(self) -> dict[str, Any]:
        """The values conf.py defines, as Sphinx reads them; :class:`CannotRun` without one."""
        conf = self.srcdir / "conf.py"
        if not conf.is_file():
            raise CannotRun(
                f"{self.srcdir} holds no conf.py, so it is not a book's source directory; run "
                "the checks in the directory that holds conf.py, or name it: "
                "python -m checks path/to/book")
        from sphinx.config import eval_config_file
        from sphinx.errors import ConfigError
        from sphinx.util.tags import Tags

        try:
            return eval_config_file(conf, Tags())
        except ConfigError as error:
            raise CannotRun(f"{_conf_error(conf, error)}: conf.py cannot be read; fix it (the "
                            "build stops there too)") from None

    def find_docs(self) -> dict[str, Path]:
        """docname -> path of every Markdown document the build reads."""
        from sphinx.project import EXCLUDE_PATHS, Project

        suffixes = self.values.get("source_suffix") or {".md": "markdown"}
        if isinstance(suffixes, str):
            suffixes = [suffixes]
        markdown = [s for s in suffixes if s in (".md", ".markdown", ".myst")] or [".md"]
        excluded = [
            *self.values.get("exclude_patterns", []),
            *self.values.get("templates_path", []),
            *self.values.get("html_static_path", []),
            *self.values.get("html_extra_path", []),
            *EXCLUDE_PATHS,
        ]
        project = Project(self.srcdir, markdown)
        found = project.discover(excluded, self.values.get("include_patterns", ["**"]))
        return {name: Path(project.doc2path(name, absolute=True)) for name in sorted(found)}

    def settings(self) -> Any:
        from docutils.frontend import get_default_settings
        from myst_parser.config.main import MdParserConfig
        from myst_parser.parsers.docutils_ import Parser

        settings = get_default_settings(Parser())  # docutils takes components, not classes
        settings.report_level = 5
        settings.halt_level = 5
        settings.warning_stream = io.StringIO()
        settings.doctitle_xform = False
        settings.sectsubtitle_xform = False
        settings.file_insertion_enabled = True
        fields = {f.name for f in MdParserConfig.get_fields()}
        for name, value in self.values.items():
            if name.startswith("myst_") and name[5:] in fields:
                setattr(settings, name, value)
        return settings

    def read(self, scanner: Callable[[str], list[Finding]] = scan) -> dict[str, DocRecord]:
        """Parse every document and collect what it says (``scanner``: the project's, which
        knows the book's currencies and units)."""
        from docutils.utils import new_document
        from myst_parser.parsers.docutils_ import Parser

        parser, settings = Parser(), self.settings()
        keep_text = sources.has_list(self.srcdir / self.config.fingerprints)
        records = {}
        with _stand_ins(self.cited):
            for docname, path in self.docs.items():
                text = path.read_text(encoding="utf-8-sig")
                document = new_document(str(path), settings)
                parser.parse(text, document)
                records[docname] = collect(document, docname, text.splitlines(), scanner,
                                           keep_text=keep_text)
        return records

    def suppressed(self, subtype: str) -> bool:
        """Whether conf.py's ``suppress_warnings`` silences ``checks.<subtype>``, as in a build."""
        return suppressed(subtype, self.values.get("suppress_warnings", []))

    def config_reports(self) -> list[checker.Report]:
        """What the build warns about conf.py's ``checks_*`` values (``checks.config``)."""
        values = {name[len("checks_"):]: value for name, value in self.values.items()
                  if name.startswith("checks_")}
        reports = []
        for name, problem, _usable in config_problems(values):
            where = setting_location(self.srcdir, f"checks_{name}") or str(self.srcdir)
            path, _, line = where.partition(":")
            reports.append(checker.Report(path, int(line or 1), Subtype.CONFIG, problem))
        return reports


def run(srcdir: Path, overrides: dict[str, Any], language: str | None = None
        ) -> list[checker.Report]:
    """The reports a build of ``srcdir`` would print (suppressed ones left out); with
    ``language``, also those of its catalogues (``locales/<language>/LC_MESSAGES/*.po``)."""
    book = Book(srcdir, overrides)
    project = checker.Project.load(book.srcdir, book.config)
    records = book.read(project.scan)
    reports = checker.check(project, records, lambda docname: str(book.docs[docname]),
                            cited=book.cited)
    if language:
        reports += _catalogue_reports(book, project, language)
    reports = [*book.config_reports(), *reports]  # the build warns about conf.py first
    return [r for r in reports if not book.suppressed(r.subtype)]


def _catalogue_reports(book: Book, project: checker.Project, language: str
                       ) -> list[checker.Report]:
    """The checks of a translation's catalogues, as a build with ``-D language=`` runs them."""
    paths = sorted(path for directory in book.values.get("locale_dirs", ["locales"])
                   for path in (book.srcdir / directory / language / "LC_MESSAGES").rglob("*.po"))
    if not paths:
        raise CannotRun(f"no catalogues for the language {language!r}: no .po file in "
                        f"locales/{language}/LC_MESSAGES (make update-po makes them)")
    problems = check_catalogues(
        ((path, project.relative(str(path))) for path in paths), project,
        release=bool(book.values.get("checks_translation_release")),
        allow_fuzzy=bool(book.values.get("gettext_allow_fuzzy_translations")))
    return sorted({checker.Report.from_problem(p, project.root, str(paths[0]))
                   for p in problems})


def copies_report(srcdir: Path, overrides: dict[str, Any], texts_dir: Path | None) -> str:
    """What the book reproduces of each protected source, as a table; exact counts from the
    documents in ``texts_dir`` when given, else bounds from the fingerprints."""
    book = Book(srcdir, overrides)
    records = book.read()
    project = checker.Project.load(book.srcdir, book.config)
    if not project.sources:
        listed = project.relative(str(project.root / book.config.fingerprints))
        return f"no protected sources: {listed}/{sources.LIST_NAME} lists none"
    texts = book_texts(records, lambda docname: project.relative(str(book.docs[docname])),
                       project.registry_texts)
    found = reproduced(project.sources, texts, project.copy_table)
    lines = [
        f"What the book reproduces of each source: the share of the source's tokens (Chinese "
        f"characters or words) in runs of {COUNTED_RUN} or more that the book shares with it.",
        "From the fingerprints, the share lies between the two figures given"
        + ("; 'exact' counts from the documents themselves." if texts_dir else "."),
        "",
    ]
    header = f"{'source':32} {'licence':9} {'tokens':>6} {'from fingerprints':>17}"
    header += f" {'exact':>11}" if texts_dir else ""
    lines += [header + "  longest runs", "-" * (len(header) + 40)]
    for item in found:
        source = item.source
        share = f"{item.share_min:6.1%} – {item.share_max:6.1%}"
        row = f"{source.key:32} {'free' if source.adaptable else 'not free':9} {item.length:6d} " \
              f"{share:>17}"
        if texts_dir:
            row += f" {_exact_share(source, texts_dir, texts):>11}"
        longest = ", ".join(f"{path}:{run.line} ({run.length})"
                            for path, run in item.counted_runs()[:3])
        lines.append(f"{row}  {longest or '-'}")
    limit = book.config.copy_share
    lines += ["", f"The build allows at most {limit:.0%} of a source that is not free, and no run "
              f"of {book.config.copy_limit} tokens or more from one."]
    return "\n".join(lines)


def _exact_share(source: sources.ProtectedSource, documents: Path,
                 texts: list[tuple[str, copies.TokenText]]) -> str:
    """The exact share, or why there is none ("no document" when it cannot be read)."""
    try:
        material = source.material(documents)
    except (OSError, UnicodeDecodeError):
        return "no document"
    length = sum(1 for _ in copies.tokens(material))
    covered = copies.exact_coverage(material, (text for _, text in texts))
    return f"{covered / length:.1%}" if length else "-"


_EPILOG = """\
exit status:
  0  no warnings
  1  warnings found (printed as the build prints them)
  2  the checks could not run: SOURCE_DIR is not a book's source directory (no conf.py),
     conf.py cannot be read, a usage error, or a failure of the checks themselves
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m checks",
        description="Check the book's dates and figures against the facts registry, "
        "without a full build. Prints what the build would warn about.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("srcdir", nargs="?", default=".", metavar="SOURCE_DIR",
                        help="the book's source directory, holding conf.py (default: .)")
    parser.add_argument("--registry", help="facts registry, file or directory "
                        "(default: checks_registry in conf.py, else 'facts')")
    parser.add_argument("--bib", action="append", metavar="FILE",
                        help="BibTeX file the sources must be in; repeatable "
                        "(default: checks_bibfiles, else bibtex_bibfiles in conf.py)")
    parser.add_argument("--no-strict", action="store_true",
                        help="do not report dates and figures no {fact} binds")
    parser.add_argument("--language", metavar="LANG",
                        help="also check the translation into LANG (zh_CN): each message of "
                        "locales/LANG/LC_MESSAGES/*.po binds the facts of its source")
    parser.add_argument("--release", action="store_true",
                        help="with --language: a fuzzy or untranslated message is a warning")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    parser.add_argument("--copies", action="store_true",
                        help="report how much of each protected source (checks_fingerprints) "
                        "the book reproduces, instead of the warnings")
    parser.add_argument("--texts", metavar="DIR", type=Path,
                        help="with --copies: the source documents, to count exactly")
    parser.add_argument("--fingerprint", metavar="DIR", type=Path,
                        help="make the fingerprints of the protected sources from their "
                        "documents in DIR, then stop")
    args = parser.parse_args(argv)  # a usage error exits with 2
    if args.texts and not args.copies:
        parser.error("--texts goes with --copies")
    if args.texts and not args.texts.is_dir():
        parser.error(f"--texts {args.texts}: not a directory (it should hold the source documents)")

    srcdir = Path(args.srcdir)
    if not srcdir.is_dir():
        parser.error(f"{srcdir} is not a directory")
    overrides: dict[str, Any] = {}
    if args.registry:
        overrides["checks_registry"] = str(Path(args.registry).resolve())
    if args.bib:
        overrides["checks_bibfiles"] = [str(Path(b).resolve()) for b in args.bib]
    if args.no_strict:
        overrides["checks_strict"] = False
    if args.release and not args.language:
        parser.error("--release goes with --language")
    if args.release:
        overrides["checks_translation_release"] = True

    try:
        if args.fingerprint:
            return _fingerprint(srcdir, overrides, args.fingerprint)
        if args.copies:
            print(copies_report(srcdir, overrides, args.texts))
            return CLEAN
        start = time.perf_counter()
        reports = run(srcdir, overrides, args.language)
    except CannotRun as error:
        print(f"error: {error}", file=sys.stderr)
        return FAILED
    except Exception as error:  # noqa: BLE001 - one line, as the build reports it; no traceback
        print(f"error: the checks failed ({type(error).__name__}: {error}); this is a bug in "
              f"the checks package, please report it with this message "
              f"[checks.{Subtype.INTERNAL}]", file=sys.stderr)
        return FAILED
    for report in reports:
        print(report.format())
    if not args.quiet:
        print(f"checks: {len(reports)} warning(s) in {time.perf_counter() - start:.2f} s",
              file=sys.stderr)
    return FOUND if reports else CLEAN


def _fingerprint(srcdir: Path, overrides: dict[str, Any], documents: Path) -> int:
    """``--fingerprint DIR``: write the fingerprint of every listed source found in DIR."""
    book = Book(srcdir, overrides)
    directory = book.srcdir / book.config.fingerprints
    if not documents.is_dir():
        print(f"error: {documents} is not a directory (it should hold the source documents "
              f"named in {directory / sources.LIST_NAME})", file=sys.stderr)
        return FAILED
    try:
        done = sources.make_fingerprints(directory, documents)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return FAILED
    failed = 0
    for key, what in done:
        print(f"{key}: {what}")
        failed += what.startswith("not made")
    return FOUND if failed else CLEAN
