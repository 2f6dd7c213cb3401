"""The book without the checks: the benchmark's baseline ("without").

Same sources, same doctrees, none of the checks' work: ``{fact}``, ``{variant}`` and ``{nofact}``
parse into the same nodes as with the checks (so every other extension sees the same tree) and are
written as their words; ``{facts-index}`` writes nothing. Nothing is collected or scanned, no
registry is loaded for the checks, nothing is compared or rendered from the registry.

The pages, tables and figures generated from the registry (``checks.views``) are part of the
checks: here their directives (``{chronology}``, ``{discrepancies}``, ``{registry-table}``,
``{registry-figure}``) write nothing, so the baseline reads the same sources without an
"unknown directive" error and the share measured includes what generating those pages costs.
This module takes the extension's name, so a later ``app.setup_extension("checks")`` does not load
the real checks behind the baseline's back.
"""

from __future__ import annotations

import sys

from docutils import nodes as dn
from docutils.parsers.rst import Directive
from sphinx.extension import Extension

from checks import nodes
from checks.config import config_values
from checks.roles import fact_role, nofact_role, variant_role

_METADATA = {"parallel_read_safe": True, "parallel_write_safe": True}


class _AnyOptions(dict):
    """An option spec that takes any option, as text."""

    def __missing__(self, key: str):
        return str


class _Silent(Directive):
    """Any directive of the checks: its argument, options and content accepted, nothing written."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions(name=str)  # not empty: MyST reads options only when there are some

    def run(self):
        return []


def _visit_inline(self, node: dn.Element) -> None:
    self.body.append("<span>")


def _depart_inline(self, node: dn.Element) -> None:
    self.body.append("</span>")


def _drop(self, node: dn.Element) -> None:
    raise dn.SkipNode


def setup(app):
    for name, default, rebuild, types in config_values():
        app.add_config_value(name, default, rebuild, types=types)
    html = (_visit_inline, _depart_inline)
    app.add_node(nodes.fact, html=html)
    app.add_node(nodes.nofact, html=html)
    app.add_node(nodes.facts_index, html=(_drop, None))
    # The roles only parse (words and id); the nodes carry no registry data and are written as
    # their words.
    app.add_role("fact", fact_role)
    app.add_role("variant", variant_role)
    app.add_role("nofact", nofact_role)
    for directive in ("facts-index", "chronology", "discrepancies", "registry-table",
                      "registry-figure"):
        app.add_directive(directive, _Silent)
    # Stand in for the real extension: a later app.setup_extension("checks") is then a no-op.
    app.extensions["checks"] = Extension("checks", sys.modules[__name__], **_METADATA)
    return dict(_METADATA)
