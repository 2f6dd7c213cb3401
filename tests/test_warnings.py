"""Warnings and settings declared as data: one enum of subtypes, config values from the dataclass,
``suppress_warnings`` read by one rule in the build and the CLI."""

from __future__ import annotations

import ast
import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sphinx.config import ENUM
from sphinx.util.logging import is_suppressed_warning

from checks.config import ChecksConfig, config_values
from checks.warnings import WARNING_TYPE, Subtype, suppressed
from checks_helpers import REPO, build, cli_warnings

#: Where warnings are emitted: the checks package (with its generated pages) and _ext/.
CODE = sorted([*REPO.glob("checks/**/*.py"), *REPO.glob("_ext/**/*.py")])


def _subtype_of(line: str) -> str:
    """The subtype a warning line ends with (``[checks.<subtype>]``)."""
    found = re.search(r"\[checks\.(\w+)\]$", line)
    assert found, line
    return found[1]


def _checks_call(node: ast.Call) -> str | None:
    """The literal subtype of a warning of type ``checks`` (``type=WARNING_TYPE``), if any."""
    keywords = {k.arg: k.value for k in node.keywords}
    kind, subtype = keywords.get("type"), keywords.get("subtype")
    ours = (isinstance(kind, ast.Name) and kind.id == "WARNING_TYPE") or (
        isinstance(kind, ast.Constant) and kind.value == WARNING_TYPE)
    return str(subtype.value) if ours and isinstance(subtype, ast.Constant) else None


def _emitted_subtypes() -> dict[str, list[str]]:
    """Every subtype the code names: ``subtype="x"`` in a call with ``type=WARNING_TYPE``, and
    ``Subtype.X``; with where."""
    found: dict[str, list[str]] = {}
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            value = None
            if isinstance(node, ast.Call):
                value = _checks_call(node)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                    node.value.id == "Subtype":
                value = getattr(Subtype, node.attr, f"Subtype.{node.attr}")
            if value is not None and isinstance(node, ast.expr):  # a call or an attribute
                found.setdefault(str(value), []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_every_subtype_the_code_emits_is_a_member() -> None:
    emitted = _emitted_subtypes()
    unknown = {name: where for name, where in emitted.items()
               if name not in {member.value for member in Subtype}}
    assert not unknown, f"subtypes missing from checks.warnings.Subtype: {unknown}"
    assert {"internal", "config", "copied", "unused_fact", "no_registry"} <= emitted.keys()


def test_every_member_has_a_meaning_and_a_fix() -> None:
    for member in Subtype:
        assert re.fullmatch(r"[a-z_]+", member.value)
        assert member.meaning.strip() and member.fix.strip(), member


def _table() -> dict[str, tuple[str, str]]:
    """CONTRIBUTING.md's warning table: subtype -> (meaning, fix)."""
    rows = {}
    for line in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\| `checks\.(\w+)` \| (.+?) \| (.+) \|", line)
        if m:
            rows[m[1]] = (m[2], m[3])
    return rows


def test_contributing_lists_every_subtype_with_its_meaning_and_fix() -> None:
    table = _table()
    assert list(table) == [member.value for member in Subtype], \
        "CONTRIBUTING.md's warning table and checks.warnings.Subtype list different subtypes"
    for member in Subtype:
        assert table[member.value] == (member.meaning, member.fix), member


def test_every_warning_of_the_test_roots_is_a_member(copy_root) -> None:
    members = {member.value for member in Subtype}
    for root in ("checks-chapters", "checks-registry", "checks-syntax", "checks-design",
                 "checks-copies"):
        _, warnings = build(copy_root(root))
        found = {_subtype_of(line) for line in warnings}
        assert found and found <= members, (root, found - members)


# -- config values from the dataclass --------------------------------------------------------


def test_every_field_is_a_config_value_with_its_default_types_and_rebuild() -> None:
    values = {name: (default, rebuild, types) for name, default, rebuild, types in config_values()}
    fields = dataclasses.fields(ChecksConfig)
    assert list(values) == [f"checks_{field.name}" for field in fields]
    for field in fields:
        default, rebuild, types = values[f"checks_{field.name}"]
        assert default == field.default and rebuild == field.metadata["rebuild"]
        assert isinstance(types, ENUM) == bool(field.metadata["choices"])
    assert values["checks_notation"][2].match("zh") and not values["checks_notation"][2].match("fr")
    assert values["checks_copy_share"][2] == (float, int)
    assert values["checks_bibfiles"][2] == (list, tuple, type(None))


def test_sphinx_itself_refuses_a_notation_not_in_the_choices(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nchecks_notation = "fr"\n')
    app, _ = build(srcdir)
    output = app.warning.getvalue()
    assert "The config value `checks_notation` has to be a one of" in output
    assert "`fr` is given" in output
    assert "Traceback" not in output


def test_sphinx_checks_the_types_of_the_other_values(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nchecks_strict = "yes"\n')
    app, _ = build(srcdir)
    assert "The config value `checks_strict' has type `str'; expected `bool'" in \
        app.warning.getvalue()


def test_the_cli_warns_about_an_unusable_setting_as_the_build_does(copy_root) -> None:
    srcdir = copy_root("checks-copies")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nchecks_copy_limit = 3\n")
    _, warned = build(srcdir)
    status, printed = cli_warnings(srcdir)
    config = [line for line in printed if line.endswith("[checks.config]")]
    assert config and config == [line for line in warned if line.endswith("[checks.config]")]
    assert status == 1


# -- suppress_warnings: one rule -------------------------------------------------------------


@given(st.lists(st.sampled_from(["checks", "checks.*", "checks.copied", "checks.unbound",
                                 "registry", "ref.citation", "checks.copied.x", "checksx"]),
                max_size=4),
       st.sampled_from(list(Subtype)))
def test_suppressed_is_sphinxs_rule(entries: list[str], subtype: Subtype) -> None:
    assert suppressed(subtype, entries) == is_suppressed_warning(WARNING_TYPE, subtype, entries)


@pytest.mark.parametrize(("entries", "silenced"), [
    (["checks"], {"unused_fact", "unbound", "contradiction"}),
    (["checks.*"], {"unused_fact", "unbound", "contradiction"}),
    (["checks.contradiction"], {"contradiction"}),
    (["checks.unbound", "ref.citation"], {"unbound"}),
])
def test_the_cli_suppresses_what_the_build_suppresses(copy_root, entries, silenced) -> None:
    srcdir = copy_root("checks-chapters")
    _, everything = cli_warnings(srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\nsuppress_warnings = {entries!r}\n")
    status, printed = cli_warnings(srcdir)
    _, warned = build(srcdir)
    assert printed == warned
    kept = [line for line in everything if _subtype_of(line) not in silenced]
    if entries[0] in ("checks", "checks.*"):
        assert printed == []
    else:
        assert printed == kept and len(kept) < len(everything)
    assert status == (1 if printed else 0)
