"""checks: a registry of facts, and cross-chapter date and figure consistency in every build.

A Sphinx extension (list ``"checks"`` in ``conf.py``'s ``extensions``) and a command,
``python -m checks``, that runs the same checks without a full build. This module holds only
:func:`setup`; it imports Sphinx inside it, so the pure core (``checks.notation`` and the rest)
imports without Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__version__ = "0.1.0"

#: The shape of what a build keeps about each document (the ``checks`` domain's records, the
#: doctrees' fact nodes). Raise it by one whenever that shape, or what the scanner finds, changes:
#: Sphinx then reads every document again rather than misread a pickled environment or report
#: what an older scanner found. 2: mentions carry ``generated``; the generated pages' views.
ENV_VERSION = 2


def _where(app: Sphinx, name: str) -> str | None:
    """``conf.py:line`` where ``name`` is set, for a warning about its value."""
    conf = Path(app.confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    found = [n for n, line in enumerate(lines, 1) if line.lstrip().startswith(name)]
    return f"{conf}:{found[-1]}" if found else str(conf)


def _check_config(app: Sphinx, config: Config) -> None:
    from sphinx.util import logging

    from .config import NOTATIONS, WARNING_TYPE, config_problems

    logger = logging.getLogger(__name__)
    if config.checks_notation not in NOTATIONS:
        logger.warning(
            "checks_notation = %r is not one of %s; using 'en'",
            config.checks_notation, ", ".join(NOTATIONS),
            type=WARNING_TYPE, subtype="config", location=_where(app, "checks_notation"),
        )
    values = {"copy_limit": config.checks_copy_limit, "copy_share": config.checks_copy_share}
    for name, problem, _usable in config_problems(values):
        logger.warning(problem, type=WARNING_TYPE, subtype="config",
                       location=_where(app, f"checks_{name}"))


def setup(app: Sphinx) -> dict[str, Any]:
    from . import domain, nodes, render, roles, views
    from .config import CONFIG_VALUES
    from .directives import FactsIndex

    for name, default, rebuild, types in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("config-inited", _check_config)

    app.add_node(nodes.fact, html=(nodes.visit_fact_html, nodes.depart_fact_html))
    app.add_node(nodes.nofact)
    app.add_node(nodes.facts_index)
    app.add_role("fact", roles.fact_role)
    app.add_role("variant", roles.variant_role)
    app.add_role("nofact", roles.nofact_role)
    app.add_directive("facts-index", FactsIndex)

    app.add_domain(domain.ChecksDomain)
    app.add_transform(domain.CollectFacts)
    app.connect("env-get-outdated", domain.on_env_get_outdated)
    app.connect("env-updated", domain.on_env_updated)
    app.connect("env-get-updated", domain.on_env_get_updated)
    app.connect("doctree-resolved", render.on_doctree_resolved)
    # The pages, tables and figures generated from the registry.
    views.setup(app)
    app.setup_extension("checks.rerun")  # a failed build fails again

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
