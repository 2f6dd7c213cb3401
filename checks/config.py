"""The extension's settings, described once and registered from the description.

The same :class:`ChecksConfig` is built from a Sphinx ``Config`` (the build) and from the values a
``conf.py`` defines (``python -m checks``), so both run the checks with the same settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .model import WARNING_TYPE

__all__ = ["CONFIG_VALUES", "NOTATIONS", "WARNING_TYPE", "ChecksConfig", "from_sphinx"]

NOTATIONS = ("en", "zh")


@dataclasses.dataclass(frozen=True)
class ChecksConfig:
    """What ``conf.py`` can set: each field is the config value ``checks_<field>``."""

    #: The facts registry: a TOML file, or a directory of ``*.toml`` files read in sorted order,
    #: relative to the source directory.
    registry: str = "facts"
    #: BibTeX files whose keys a fact's ``sources`` may name, relative to the source directory;
    #: ``None``: sphinxcontrib-bibtex's ``bibtex_bibfiles``.
    bibfiles: tuple[str, ...] | None = None
    #: Strict mode: a date or figure in the text that no ``{fact}`` binds is a warning.
    strict: bool = True
    #: The notation in which ``{fact}`id``` (no words) shows its value: ``"en"`` or ``"zh"``.
    #: A chapter may choose its own in its front matter: ``checks_notation: zh``.
    notation: str = "en"

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> ChecksConfig:
        """Build from ``checks_*`` values (and ``bibtex_bibfiles``), as conf.py defines them."""
        kwargs = {
            field.name: values[f"checks_{field.name}"]
            for field in dataclasses.fields(cls)
            if values.get(f"checks_{field.name}") is not None
        }
        bibfiles = kwargs.get("bibfiles")
        if bibfiles is None:
            bibfiles = values.get("bibtex_bibfiles") or ()
        kwargs["bibfiles"] = (bibfiles,) if isinstance(bibfiles, str) else tuple(bibfiles)
        if kwargs.get("notation", "en") not in NOTATIONS:
            kwargs["notation"] = "en"  # setup() warns about it
        return cls(**kwargs)


#: ``(name, default, rebuild, types)`` for ``app.add_config_value``. Changing any of them reads
#: every document again ("env").
CONFIG_VALUES: list[tuple[str, Any, str, tuple[type, ...]]] = [
    ("checks_registry", ChecksConfig.registry, "env", (str,)),
    ("checks_bibfiles", ChecksConfig.bibfiles, "env", (list, tuple, type(None))),
    ("checks_strict", ChecksConfig.strict, "env", (bool,)),
    ("checks_notation", ChecksConfig.notation, "env", (str,)),
]


def from_sphinx(config: Any) -> ChecksConfig:
    """The settings of a Sphinx build."""
    names = [name for name, *_ in CONFIG_VALUES] + ["bibtex_bibfiles"]
    return ChecksConfig.from_values({name: getattr(config, name, None) for name in names})
