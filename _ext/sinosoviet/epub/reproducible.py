"""Make the EPUB file reproducible, as the website is: the same sources, the same bytes.

Sphinx writes the files of an EPUB reproducibly (its dates come from ``SOURCE_DATE_EPOCH``), but
zips them with each file's modification time and mode, so two builds of the same commit give two
different ``.epub`` files. When the EPUB is written, this rewrites its archive with the same
entries, in the same order and with the same compression (``mimetype`` first and stored, as EPUB
requires), each dated ``SOURCE_DATE_EPOCH`` (or 1 January 1980, the earliest date a zip can hold,
when it is not set) and with the mode of an ordinary file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from zipfile import ZipFile, ZipInfo

from sphinx.application import Sphinx

EARLIEST = (1980, 1, 1, 0, 0, 0)


def date_time() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return EARLIEST
    t = time.gmtime(int(epoch))
    return max(EARLIEST, (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec))


def normalise(path: Path) -> None:
    """Rewrite the zip at ``path`` with fixed dates and modes."""
    stamp = date_time()
    with ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    rewritten = path.with_name(path.name + ".tmp")
    with ZipFile(rewritten, "w") as new:
        for info, data in entries:
            entry = ZipInfo(info.filename, stamp)
            entry.compress_type = info.compress_type
            entry.create_system = 3  # Unix, on every system
            entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            new.writestr(entry, data)
    rewritten.replace(path)


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not app.builder.name.startswith("epub"):
        return
    path = Path(app.outdir) / f"{app.config.epub_basename}.epub"
    if path.is_file():
        normalise(path)


def setup_reproducible(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)
