"""The index through xindy with every latexmk call, not only with Sphinx's Makefile.

Sphinx sorts the index of an XeLaTeX build with xindy (``latex_use_xindy``, on by default for
XeLaTeX): its generated ``latexmkrc`` calls ``xindy $XINDYOPTS``, and only its generated
``Makefile`` sets ``XINDYOPTS`` (the language, ``-C utf8`` and the ``sphinx.xdy`` style).
Read the Docs runs ``latexmk -r latexmkrc`` itself, without the Makefile, so xindy would run
without Sphinx's style and the index would be lost. After a LaTeX build this module writes the
Makefile's options into ``latexmkrc`` as the default, for when the environment sets none, and
adds the book's own xindy module, ``sinosoviet.xdy`` (copied beside ``sinosoviet.sty``: page
ranges with their dash, one entry for a name marked in a note and in the text) to whichever
options xindy gets.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

#: "export XINDYOPTS = -L english -C utf8 -M sphinx.xdy" and "XINDYOPTS += -M LatinRules.xdy".
MAKEFILE_OPTION = re.compile(r"^(?:export\s+)?XINDYOPTS\s*(\+?=)\s*(.*?)\s*$")
#: The first line this module writes, so that a second run of the builder writes no other.
MARK = "# sinosoviet.pdf: xindy's options"
#: The book's xindy module, beside this file; latex_additional_files copies it into the build.
MODULE = Path(__file__).parent / "sinosoviet.xdy"


def makefile_xindy_options(makefile: str) -> str | None:
    """The value the Makefile gives ``XINDYOPTS``, or None when it sets none (makeindex)."""
    options: list[str] | None = None
    for line in makefile.splitlines():
        match = MAKEFILE_OPTION.match(line)
        if not match:
            continue
        operator, value = match.groups()
        options = [value] if operator == "=" or options is None else [*options, value]
    return None if options is None else " ".join(filter(None, options))


def with_default_options(latexmkrc: str, options: str) -> str:
    """*latexmkrc* setting ``XINDYOPTS`` to *options* first, unless the environment sets it, and
    adding the book's module to them."""
    if MARK in latexmkrc:
        return latexmkrc
    quoted = options.replace("\\", "\\\\").replace("'", "\\'")
    module = f" -M {MODULE.name}"
    default = (
        f"{MARK}: the Makefile's, when latexmk runs without it (as on Read the Docs),\n"
        f"# and the book's module\n"
        f"$ENV{{'XINDYOPTS'}} = '{quoted}' unless defined $ENV{{'XINDYOPTS'}};\n"
        f"$ENV{{'XINDYOPTS'}} .= '{module}' unless $ENV{{'XINDYOPTS'}} =~ /{MODULE.name}/;\n"
    )
    return default + latexmkrc


def _write_default(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "latex":
        return
    outdir = Path(app.outdir)
    makefile, latexmkrc = outdir / "Makefile", outdir / "latexmkrc"
    if not (makefile.is_file() and latexmkrc.is_file()):
        return
    options = makefile_xindy_options(makefile.read_text(encoding="utf-8"))
    if options is None:
        return
    text = latexmkrc.read_text(encoding="utf-8")
    latexmkrc.write_text(with_default_options(text, options), encoding="utf-8")


def setup_xindy(app: Sphinx) -> None:
    app.connect("build-finished", _write_default)
