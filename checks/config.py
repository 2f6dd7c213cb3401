"""The extension's settings, described once and registered from the description.

The same :class:`ChecksConfig` is built from a Sphinx ``Config`` (the build) and from the values a
``conf.py`` defines (``python -m checks``), so both run the checks with the same settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .copies import COUNTED_RUN
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
    #: The sources the book must not reproduce: a directory holding ``sources.toml`` and their
    #: fingerprints, relative to the source directory (:mod:`checks.sources`). None there: no
    #: copy check.
    fingerprints: str = "fingerprints"
    #: A run of this many tokens (Chinese characters or words) or more, shared with a source that
    #: is not adaptable, is a warning. 20 passes a quoted phrase and every name and title the
    #: book uses (the longest, 中华人民共和国中央人民政府, is 13), and stops a copied clause.
    copy_limit: int = 20
    #: The most of a source that is not adaptable the book may reproduce, as a share of its
    #: tokens covered by runs of 8 or more (the fewest a fingerprint match guarantees).
    copy_share: float = 0.15

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
        for name, problem, usable in config_problems(kwargs):  # setup() warns about them
            kwargs[name] = usable
        return cls(**kwargs)


def config_problems(values: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """``(field, what is wrong, the value used instead)`` for each unusable copy setting."""
    found = []
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


#: ``(name, default, rebuild, types)`` for ``app.add_config_value``. Changing any of them reads
#: every document again ("env").
CONFIG_VALUES: list[tuple[str, Any, str, tuple[type, ...]]] = [
    ("checks_registry", ChecksConfig.registry, "env", (str,)),
    ("checks_bibfiles", ChecksConfig.bibfiles, "env", (list, tuple, type(None))),
    ("checks_strict", ChecksConfig.strict, "env", (bool,)),
    ("checks_notation", ChecksConfig.notation, "env", (str,)),
    # Read when the checks run, after every build's reading: no document need be read again.
    ("checks_fingerprints", ChecksConfig.fingerprints, "", (str,)),
    ("checks_copy_limit", ChecksConfig.copy_limit, "", (int,)),
    ("checks_copy_share", ChecksConfig.copy_share, "", (float, int)),
]


def from_sphinx(config: Any) -> ChecksConfig:
    """The settings of a Sphinx build."""
    names = [name for name, *_ in CONFIG_VALUES] + ["bibtex_bibfiles"]
    return ChecksConfig.from_values({name: getattr(config, name, None) for name in names})
