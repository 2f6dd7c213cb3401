"""checks: a registry of facts, and cross-chapter date and figure consistency in every build.

A Sphinx extension (list ``"checks"`` in ``conf.py``'s ``extensions``) and a command,
``python -m checks``, that runs the same checks without a full build. This module holds only
:func:`setup`; it imports Sphinx inside it, so the pure core (``checks.notation`` and the rest)
imports without Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: The shape of what a build keeps about each document (the ``checks`` domain's records, the
#: doctrees' fact nodes). Raise it by one whenever that shape, or what the scanner finds, changes:
#: Sphinx then reads every document again rather than misread a pickled environment or report
#: what an older scanner found. History: 2, mentions carry ``generated``, and the generated
#: pages' views; 3, mentions carry ``beside``, and the citation keys of each document; 4, the
#: columns of findings; 5, a page's view names the facts whose label its charts draw, and the
#: registry files are kept parsed; 6, a chart's data carries what its text equivalent and its
#: words in the build's language need (charts are translatable); 7, generated pages hold a
#: placeholder for each fact's label, filled in when written.
ENV_VERSION = 7


def setup(app: Sphinx) -> dict[str, Any]:
    from . import citations, domain, nodes, priorities, provenance, render, roles, translated, views
    from .config import check_config, config_values
    from .directives import FactsIndex

    for name, default, rebuild, types in config_values():
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("config-inited", check_config)

    app.add_node(nodes.fact, html=(nodes.visit_fact_html, nodes.depart_fact_html))
    app.add_node(nodes.nofact)
    app.add_node(nodes.facts_index)
    app.add_node(nodes.fact_popovers, html=(nodes.visit_fact_popovers_html, nodes.depart_div_html))
    app.add_role("fact", roles.fact_role)
    app.add_role("variant", roles.variant_role)
    app.add_role("nofact", roles.nofact_role)
    app.add_directive("facts-index", FactsIndex)

    app.add_domain(domain.ChecksDomain)
    app.add_env_collector(citations.CitedKeys)
    app.add_transform(domain.CollectFacts)
    app.connect("env-get-outdated", domain.on_env_get_outdated)
    app.connect("env-updated", domain.on_env_updated)
    app.connect("env-updated", provenance.forget)
    app.connect("env-get-updated", domain.on_env_get_updated)
    app.connect("doctree-resolved", render.on_doctree_resolved, priority=priorities.RENDER)
    # The pages, tables and figures generated from the registry.
    views.setup(app)
    # A translation's catalogues, checked against their sources (-D language=zh_CN).
    translated.setup(app)
    app.setup_extension("checks.rerun")  # a failed build fails again

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
