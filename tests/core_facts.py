"""Facts and registries for the unit tests of the pure core (no Sphinx needed)."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

from checks.model import DateValue, Fact, Figure, Location, Variant
from checks.registry import Registry, load_registry

HERE = Location("facts/test.toml", 1)


def date_fact(fact_id: str, year: int | None, month: int | None = None, day: int | None = None,
              variants: tuple[DateValue, ...] = ()) -> Fact:
    return Fact(
        id=fact_id, kind="date", value=DateValue(year, month, day), label=f"label of {fact_id}",
        sources=("src",), location=HERE,
        variants=tuple(Variant(v, "other-src", "why not", HERE) for v in variants),
    )


def number_fact(fact_id: str, kind: str, value, *, currency: str | None = None,
                unit: str | None = None, precision: str = "exact", high=None,
                unit_zh: str | None = None, variants: tuple = ()) -> Fact:
    figure = Figure(Decimal(str(value)), precision, currency, unit,
                    None if high is None else Decimal(str(high)))
    return Fact(
        id=fact_id, kind=kind, value=figure, label=f"label of {fact_id}", sources=("src",),
        location=HERE, unit_zh=unit_zh,
        variants=tuple(Variant(Figure(Decimal(str(v)), "exact", currency, unit), "other-src",
                               "why not", HERE) for v in variants),
    )


def write_registry(directory: Path, text: str, name: str = "test.toml") -> Path:
    """Write one registry file (dedented) and return its path."""
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def registry_from(directory: Path, text: str,
                  bibkeys=("src", "other-src")) -> tuple[Registry, list]:
    path = write_registry(directory, text)
    return load_registry(path, bibkeys)
