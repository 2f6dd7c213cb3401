"""checks: a registry of facts, and cross-chapter date and figure consistency in every build.

A Sphinx extension (list ``"checks"`` in ``conf.py``'s ``extensions``) and a command,
``python -m checks``, that runs the same checks without a full build. This module holds only
:func:`setup`; it imports Sphinx inside it, so the pure core (``checks.notation`` and the rest)
imports without Sphinx.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def _env_version() -> int:
    """A number that changes with the code of this package.

    What a build keeps about each document (its mentions, the dates and figures the scanner found)
    depends on the scanner and on the shape of the records; when either changes, the pickled
    environment is stale, and Sphinx reads every document again rather than misread it or report
    what an older scanner found.
    """
    digest = hashlib.blake2b(digest_size=4)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return int.from_bytes(digest.digest(), "big")


def setup(app: Sphinx) -> dict[str, Any]:
    from . import citations, domain, nodes, render, roles
    from .config import check_config, config_values
    from .directives import FactsIndex

    for name, default, rebuild, types in config_values():
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("config-inited", check_config)

    app.add_node(nodes.fact, html=(nodes.visit_fact_html, nodes.depart_fact_html))
    app.add_node(nodes.nofact)
    app.add_node(nodes.facts_index)
    app.add_role("fact", roles.fact_role)
    app.add_role("variant", roles.variant_role)
    app.add_role("nofact", roles.nofact_role)
    app.add_directive("facts-index", FactsIndex)

    app.add_domain(domain.ChecksDomain)
    app.add_env_collector(citations.CitedKeys)
    app.add_transform(domain.CollectFacts)
    app.connect("env-get-outdated", domain.on_env_get_outdated)
    app.connect("env-updated", domain.on_env_updated)
    app.connect("doctree-resolved", render.on_doctree_resolved)

    return {
        "version": __version__,
        "env_version": _env_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
