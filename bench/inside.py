"""Time spent inside the checks during one HTML build, measured in the build's own process.

    python bench/inside.py SOURCE_DIR

Wraps every entry point of the extension (its import, the read transform, the event handlers, the
HTML visitors, and those of the pages, tables and figures generated from the registry,
``checks.views``) with a timer, builds ``SOURCE_DIR`` afresh, and prints one JSON line: the
seconds in each entry point and the whole build's. Both figures come from the same process at
the same time, so the share hardly moves when other work shares the machine (unlike two
separate builds).
"""

from __future__ import annotations

import functools
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import docutils.nodes  # noqa: E402, F401 - imported by any build before the checks
import myst_parser  # noqa: E402, F401
import sphinx.application  # noqa: E402, F401

spent: dict[str, float] = {}

start = time.process_time()
import checks.domain as domain  # noqa: E402
import checks.nodes as nodes  # noqa: E402
import checks.render as render  # noqa: E402
import checks.views.figures as figures  # noqa: E402
import checks.views.pages as pages  # noqa: E402
import checks.views.places as places  # noqa: E402
import checks.views.tables as tables  # noqa: E402

spent["import"] = time.process_time() - start


def timed(owner: object, name: str, label: str) -> None:
    function = getattr(owner, name)

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        begin = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - begin

    setattr(owner, name, wrapper)


timed(domain.CollectFacts, "apply", "read: collect and scan")
timed(domain, "on_env_get_outdated", "load registry")
timed(domain, "on_env_updated", "compare")
timed(render, "on_doctree_resolved", "render")
timed(nodes, "visit_fact_html", "html visitor")
timed(nodes, "depart_fact_html", "html visitor")
timed(domain, "on_env_get_updated", "pages to write again")
# The pages, tables and figures generated from the registry (checks.views).
for directive in (pages.Chronology, pages.Discrepancies, tables.RegistryTable,
                  figures.RegistryFigure):
    timed(directive, "run", "views: generate")
timed(places, "anchor_facts", "views: places")
timed(places, "fill", "views: places")
timed(figures, "visit_chart_html", "views: draw charts")


def main() -> None:
    from sphinx.cmd.build import build_main

    with tempfile.TemporaryDirectory(prefix="bench-inside-") as out:
        begin = time.process_time()
        status = build_main(["-q", "-E", "-b", "html", sys.argv[1], out])
        total = time.process_time() - begin + spent["import"]
    print(json.dumps({"status": status, "total": total, "spent": spent}))


if __name__ == "__main__":
    main()
