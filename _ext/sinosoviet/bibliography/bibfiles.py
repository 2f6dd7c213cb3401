"""A .bib file with a syntax error fails the build with a message, not a traceback, every time.

sphinxcontrib-bibtex parses the .bib files when the builder starts, with pybtex, which stops at
the first syntax error: the build ended there with a traceback and pybtex's line, often the line
after the mistake. Here the files are parsed just before it (when its cache of them is out of date),
the same way but with pybtex's errors captured; sphinxcontrib-bibtex takes what was parsed, as
its cache, and does not parse again. A file that had errors is then marked out of date in that
cache (as sphinxcontrib-bibtex marks a file it could not open), so the next build parses it again,
and fails again, until it is fixed.

The syntax errors are reported by ``checks``, which reads the same files for the sources of facts
(``checks.bibfile``): at the line and column to fix, in the build and in ``python -m checks``
alike. Without ``checks`` among the extensions, pybtex's own message is reported here. Other
errors pybtex finds (a field given twice) are reported as sphinxcontrib-bibtex reports them.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from typing import cast

import pybtex.errors
from pybtex.scanner import PybtexSyntaxError
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData, is_bibdata_outdated, parse_bibdata
from sphinxcontrib.bibtex.domain import BibtexDomain

from .. import priorities

logger = logging.getLogger(__name__)


def _domain(app: Sphinx) -> BibtexDomain:
    return cast(BibtexDomain, app.env.get_domain("cite"))


def _paths(app: Sphinx) -> list[Path]:
    """The .bib files as sphinxcontrib-bibtex names them (resolved, relative to conf.py)."""
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]


_ENTRY_START = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^\s,})]+)")


def _entry_key(error: PybtexSyntaxError) -> str | None:
    """The key of the entry in which pybtex found ``error``."""
    start = error.error_context_info[0]
    found = _ENTRY_START.match(error.parser.text, start or 0)
    return found[1] if found else None


def _drop(bibdata: BibData, key: str | None) -> None:
    """Leave out the entry ``key``: a citation of it is then unknown, after the syntax error."""
    if key is None or key not in bibdata.data.entries:
        return
    del bibdata.data.entries[key]
    for bibfile in bibdata.bibfiles.values():
        bibfile.keys.pop(key, None)


@dataclasses.dataclass
class BibfileGuard:
    """The two handlers around sphinxcontrib-bibtex's, and the files that failed in between."""

    failed: set[Path] = dataclasses.field(default_factory=set)

    def parse(self, app: Sphinx) -> None:
        """Before sphinxcontrib-bibtex: parse what is out of date, errors captured."""
        self.failed = set()
        if app.config.bibtex_bibfiles is None:
            return  # sphinxcontrib-bibtex reports it
        paths, encoding = _paths(app), app.config.bibtex_encoding
        domain = _domain(app)
        if not is_bibdata_outdated(domain.bibdata, paths, encoding):
            return
        with pybtex.errors.capture() as errors:
            bibdata = parse_bibdata(paths, encoding)
        domain.data["bibdata"] = bibdata
        for key, entry in bibdata.data.entries.items():
            if entry.type.startswith("@"):  # "@\n@book{key, ...": pybtex reads the type "@book"
                self.failed |= {path for path, bibfile in bibdata.bibfiles.items()
                                if key in bibfile.keys}
                if "checks" not in app.extensions:  # else checks reports the stray "@"
                    logger.warning("a stray '@' before the entry '%s'", key, type="bibtex",
                                   subtype="bibfile_syntax_error")
                entry.type = entry.type.lstrip("@")  # and reads on, as BibTeX does
        for error in errors:
            filename = error.filename
            self.failed |= {Path(filename).resolve()} if filename else set(paths)
            if isinstance(error, PybtexSyntaxError):
                _drop(bibdata, _entry_key(error))  # what was read of it is not the entry
                if "checks" not in app.extensions:  # else checks reports it, where to fix it
                    logger.warning("BibTeX syntax error: %s", error, type="bibtex",
                                   subtype="bibfile_syntax_error",
                                   location=f"{filename}:{error.lineno}" if filename else None)
            else:
                logger.warning("bibliography data error in %s: %s", filename, error,
                               type="bibtex", subtype="bibfile_data_error")

    def keep_failed_outdated(self, app: Sphinx) -> None:
        """After sphinxcontrib-bibtex: a file with errors stays out of date in its cache."""
        if not self.failed or app.config.bibtex_bibfiles is None:
            return
        domain = _domain(app)
        bibdata: BibData = domain.bibdata
        bibfiles = {path: bibfile._replace(mtime=-math.inf) if path in self.failed else bibfile
                    for path, bibfile in bibdata.bibfiles.items()}
        domain.data["bibdata"] = bibdata._replace(bibfiles=bibfiles)
        self.failed = set()


def setup_bibfiles(app: Sphinx) -> None:
    guard = BibfileGuard()
    app.connect("builder-inited", guard.parse, priority=priorities.BIB_PARSE)
    app.connect("builder-inited", guard.keep_failed_outdated, priority=priorities.BIB_FAILED)
