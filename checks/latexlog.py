"""Fail a PDF build whose LaTeX log reports lost characters or unresolved references.

XeLaTeX only *logs* a glyph missing from the font ("Missing character: There is no 中 in font
...") and finishes with a PDF in which the character is silently absent; Read the Docs reports
such a build as a success. Run after ``make latexpdf``::

    python -m checks.latexlog _build/latex
"""

from __future__ import annotations

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


def scan_log(path: Path) -> list[str]:
    """Return one message per problem line in the LaTeX log at *path*."""
    messages = []
    text = path.read_text(encoding="utf-8", errors="replace")
    for lineno, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in PROBLEMS.items():
            if pattern.search(line):
                messages.append(f"{path}:{lineno}: error: {line.strip()} [latex.{kind}]")
    return messages


def main(argv: list[str] | None = None) -> int:
    """Check every ``*.log`` of the LaTeX build directories given (default ``_build/latex``)."""
    dirs = [Path(arg) for arg in (argv if argv is not None else sys.argv[1:])] or [Path("_build/latex")]
    logs = [log for d in dirs for log in sorted(d.glob("*.log"))]
    if not logs:
        print(f"error: no LaTeX log in {', '.join(map(str, dirs))}; build the PDF first", file=sys.stderr)
        return 2
    messages = [m for log in logs for m in scan_log(log)]
    for message in messages:
        print(message, file=sys.stderr)
    if messages:
        print(f"{len(messages)} problem(s) in the LaTeX log: the PDF is incomplete.", file=sys.stderr)
        return 1
    pdfs = [p.name for d in dirs for p in sorted(d.glob("*.pdf"))]
    print(f"LaTeX log clean: {', '.join(pdfs) or 'no PDF'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
