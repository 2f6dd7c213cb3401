"""Fail a PDF build whose LaTeX log reports lost characters, unresolved references or lines that
run into the margin.

XeLaTeX only *logs* a glyph missing from the font ("Missing character: There is no 中 in font
...") and finishes with a PDF in which the character is silently absent; Read the Docs reports
such a build as a success. Likewise a line too long for the text block ("Overfull \\hbox (31.2pt
too wide)") is only logged, and prints into the margin. ``make latexpdf`` runs it after XeLaTeX;
by hand, with ``_ext`` on the path::

    PYTHONPATH=_ext python -m sinosoviet.pdf _build/latex
    PYTHONPATH=_ext python -m sinosoviet.pdf --overfull 10 _build/latex  # stricter on long lines

A line that sticks out by up to ``OVERFULL_TOLERANCE`` points (default 20pt, about two
characters) is tolerated: at that size it does not reach the edge of the page.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

#: Log lines that mean the PDF is not what the sources say.
PROBLEMS = {
    "missing_character": re.compile(r"^Missing character: There is no "),
    "undefined_reference": re.compile(r"LaTeX Warning: Reference `(.+?)' on page .* undefined"),
    "undefined_citation": re.compile(r"LaTeX Warning: Citation `(.+?)' on page .* undefined"),
    "rerun_needed": re.compile(r"LaTeX Warning: There were undefined references"),
}
#: "Overfull \hbox (12.3pt too wide) in paragraph at lines 10--12" (or "in alignment", "detected").
OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)")
#: How far (in points) a line may stick out into the margin before the build fails.
OVERFULL_TOLERANCE = 20.0


def scan_log(path: Path, overfull: float = OVERFULL_TOLERANCE) -> list[str]:
    """Return one message per problem line in the LaTeX log at *path*."""
    messages = []
    text = path.read_text(encoding="utf-8", errors="replace")
    for lineno, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in PROBLEMS.items():
            if pattern.search(line):
                messages.append(f"{path}:{lineno}: error: {line.strip()} [latex.{kind}]")
        match = OVERFULL.match(line)
        if match and float(match.group(1)) > overfull:
            messages.append(f"{path}:{lineno}: error: {line.strip()}: a line runs more than "
                            f"{overfull:g}pt into the margin [latex.overfull_hbox]")
    return messages


def overfull_boxes(path: Path) -> list[float]:
    """How far (in points) each overfull line of the log at *path* sticks out, tolerated or not."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return [float(match.group(1)) for match in map(OVERFULL.match, text.splitlines()) if match]


def main(argv: list[str] | None = None) -> int:
    """Check every ``*.log`` of the LaTeX build directories given (default ``_build/latex``)."""
    parser = argparse.ArgumentParser(prog="python -m sinosoviet.pdf",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[Path("_build/latex")],
                        help="LaTeX build directories (default: _build/latex)")
    parser.add_argument("--overfull", type=float, default=OVERFULL_TOLERANCE, metavar="PT",
                        help="fail on lines more than PT points too wide "
                             f"(default {OVERFULL_TOLERANCE:g})")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    logs = [log for d in args.dirs for log in sorted(d.glob("*.log"))]
    if not logs:
        print(f"error: no LaTeX log in {', '.join(map(str, args.dirs))}; build the PDF first",
              file=sys.stderr)
        return 2
    messages = [m for log in logs for m in scan_log(log, args.overfull)]
    for message in messages:
        print(message, file=sys.stderr)
    if messages:
        print(f"{len(messages)} problem(s) in the LaTeX log: the PDF is incomplete.",
              file=sys.stderr)
        return 1
    pdfs = [p.name for d in args.dirs for p in sorted(d.glob("*.pdf"))]
    tolerated = [width for log in logs for width in overfull_boxes(log)]
    note = f" ({len(tolerated)} line(s) up to {max(tolerated):g}pt too wide)" if tolerated else ""
    print(f"LaTeX log clean: {', '.join(pdfs) or 'no PDF'}{note}")
    return 0

