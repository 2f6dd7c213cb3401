"""The extension's settings, described once and registered from the description.

Each field of :class:`ChecksConfig` is the config value ``checks_<field>``: its default, the
types Sphinx accepts (from the field's annotation) and what a change reads again (the field's
``rebuild`` metadata) come from the field itself, and a field with ``choices`` is declared with
Sphinx's ``ENUM``, so Sphinx validates it. The same :class:`ChecksConfig` is built from a Sphinx
``Config`` (the build) and from the values a ``conf.py`` defines (``python -m checks``), so both
run the checks with the same settings.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .copies import COUNTED_RUN
from .warnings import WARNING_TYPE, Subtype

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["NOTATIONS", "WARNING_TYPE", "ChecksConfig", "check_config", "config_problems",
           "config_values", "from_sphinx"]

NOTATIONS = ("en", "zh")

#: What changing a setting reads again, in the terms of Sphinx's ``add_config_value``.
Rebuild = Literal["", "env", "html"]


def _setting(default: Any, rebuild: Rebuild, choices: tuple[str, ...] | None = None) -> Any:
    """A field of :class:`ChecksConfig`: ``rebuild`` is what changing it reads again ("env":
    every document; "": nothing, the value is read when the checks run, after the reading)."""
    return dataclasses.field(default=default, metadata={"rebuild": rebuild, "choices": choices})


@dataclasses.dataclass(frozen=True)
class ChecksConfig:
    """What ``conf.py`` can set: each field is the config value ``checks_<field>``."""

    #: The facts registry: a TOML file, or a directory of ``*.toml`` files read in sorted order,
    #: relative to the source directory.
    registry: str = _setting("facts", "env")
    #: BibTeX files whose keys a fact's ``sources`` may name, relative to the source directory;
    #: ``None``: sphinxcontrib-bibtex's ``bibtex_bibfiles``.
    bibfiles: tuple[str, ...] | None = _setting(None, "env")
    #: Strict mode: a date or figure in the text that no ``{fact}`` binds is a warning.
    strict: bool = _setting(True, "env")
    #: The notation in which ``{fact}`id``` (no words) shows its value: ``"en"`` or ``"zh"``.
    #: A chapter may choose its own in its front matter: ``checks_notation: zh``.
    notation: str = _setting("en", "env", choices=NOTATIONS)
    #: The sources the book must not reproduce: a directory holding ``sources.toml`` and their
    #: fingerprints, relative to the source directory (:mod:`checks.sources`). None there: no
    #: copy check.
    fingerprints: str = _setting("fingerprints", "")
    #: A run of this many tokens (Chinese characters or words) or more, shared with a source that
    #: is not adaptable, is a warning. 20 passes a quoted phrase and every name and title the
    #: book uses (the longest, 中华人民共和国中央人民政府, is 13), and stops a copied clause.
    copy_limit: int = _setting(20, "")
    #: The most of a source that is not adaptable the book may reproduce, as a share of its
    #: tokens covered by runs of 8 or more (the fewest a fingerprint match guarantees).
    copy_share: float = _setting(0.15, "")
    #: A release of a translation: a fuzzy or untranslated message of the build's language is a
    #: warning (``translation_incomplete``). Off while a translation is under way.
    translation_release: bool = _setting(False, "")

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> ChecksConfig:
        """Build from ``checks_*`` values (and ``bibtex_bibfiles``), as conf.py defines them;
        an unusable value is replaced by the one used instead (:func:`config_problems`)."""
        kwargs = {
            field.name: values[f"checks_{field.name}"]
            for field in dataclasses.fields(cls)
            if values.get(f"checks_{field.name}") is not None
        }
        bibfiles = kwargs.get("bibfiles")
        if bibfiles is None:
            bibfiles = values.get("bibtex_bibfiles") or ()
        kwargs["bibfiles"] = (bibfiles,) if isinstance(bibfiles, str) else tuple(bibfiles)
        for name, _problem, usable in config_problems(kwargs):
            kwargs[name] = usable
        return cls(**kwargs)


def _accepted(hint: Any) -> tuple[type, ...]:
    """The types a config value of this annotation may have in ``conf.py``: a list for a tuple
    (conf.py writes lists), an int for a float."""
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        return tuple(t for arg in typing.get_args(hint) for t in _accepted(arg))
    if hint is type(None):
        return (type(None),)
    origin = typing.get_origin(hint) or hint
    if origin is tuple:
        return (list, tuple)
    if origin is float:
        return (float, int)
    return (origin,)


def config_values() -> list[tuple[str, Any, Rebuild, Any]]:
    """``(name, default, rebuild, types)`` of each field, for ``app.add_config_value``; a field
    with choices gets Sphinx's ``ENUM`` of them as its types."""
    from sphinx.config import ENUM

    hints = typing.get_type_hints(ChecksConfig)
    found = []
    for field in dataclasses.fields(ChecksConfig):
        choices = field.metadata["choices"]
        accepted = ENUM(*choices) if choices else _accepted(hints[field.name])
        found.append((f"checks_{field.name}", field.default, field.metadata["rebuild"], accepted))
    return found


def config_problems(values: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """``(field, what is wrong, the value used instead)`` for each unusable setting."""
    found = []
    for field in dataclasses.fields(ChecksConfig):
        choices = field.metadata["choices"]
        value = values.get(field.name, field.default)
        if choices and value not in choices:
            found.append((field.name, f"checks_{field.name} = {value!r} is not one of "
                          f"{', '.join(choices)}; using {field.default!r}", field.default))
    limit = values.get("copy_limit", ChecksConfig.copy_limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < COUNTED_RUN:
        found.append(("copy_limit", f"checks_copy_limit = {limit!r} is not a whole number of at "
                      f"least {COUNTED_RUN} (the shortest run the fingerprints always find); "
                      f"using {COUNTED_RUN}", COUNTED_RUN))
    share = values.get("copy_share", ChecksConfig.copy_share)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        found.append(("copy_share", f"checks_copy_share = {share!r} is not a share between 0 and "
                      f"1 (0.15 is 15%); using {ChecksConfig.copy_share}", ChecksConfig.copy_share))
    return found


def setting_location(confdir: str | Path, name: str) -> str | None:
    """``conf.py:line`` where ``name`` is set, for a warning about its value."""
    conf = Path(confdir) / "conf.py"
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    found = [n for n, line in enumerate(lines, 1) if line.lstrip().startswith(name)]
    return f"{conf}:{found[-1]}" if found else str(conf)


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: one ``checks.config`` warning per unusable value, at its conf.py line.

    A value with choices (``checks_notation``) is Sphinx's to check (its ``ENUM``); the others
    are checked here, by the rule the CLI uses too."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    values = {field.name: getattr(config, f"checks_{field.name}")
              for field in dataclasses.fields(ChecksConfig)}
    for name, problem, _usable in config_problems(values):
        if _field(name).metadata["choices"]:
            continue
        logger.warning(problem, type=WARNING_TYPE, subtype=Subtype.CONFIG,
                       location=setting_location(app.confdir, f"checks_{name}"))


def _field(name: str) -> dataclasses.Field:
    return next(f for f in dataclasses.fields(ChecksConfig) if f.name == name)


def from_sphinx(config: Any) -> ChecksConfig:
    """The settings of a Sphinx build."""
    names = [f"checks_{field.name}" for field in dataclasses.fields(ChecksConfig)]
    return ChecksConfig.from_values(
        {name: getattr(config, name, None) for name in [*names, "bibtex_bibfiles"]})
