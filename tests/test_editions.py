"""The link in each page's header to the same page in the other edition
(_ext/sinosoviet/theme/editions.py): where the other edition is, locally and on Read the Docs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from sinosoviet.theme.editions import other_edition  # _ext/ is on sys.path (tests/conftest.py)

EDITIONS = {"en": "English", "zh_CN": "中文"}


def config(language: str, editions: dict[str, str] | None = None) -> Any:
    return SimpleNamespace(language=language, book_editions=EDITIONS if editions is None
                           else editions)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ("zh_CN", "中文", "../zh/html/")),  # make html beside make html-zh
    ("zh_CN", ("en", "English", "../../html/")),
])
def test_locally_the_editions_link_each_other_across_the_build_directory(
        language: str, expected: tuple[str, str, str]) -> None:
    assert other_edition(config(language), environ={}) == expected


@pytest.mark.parametrize(("language", "served", "canonical", "root"), [
    ("en", "en", "https://sino-soviet.readthedocs.io/en/latest/",
     "https://sino-soviet.readthedocs.io/zh-cn/latest/"),
    ("zh-cn", "zh-cn", "https://sino-soviet.readthedocs.io/zh-cn/stable/",
     "https://sino-soviet.readthedocs.io/en/stable/"),
])
def test_on_read_the_docs_the_translation_project_is_the_same_address_in_its_language(
        language: str, served: str, canonical: str, root: str) -> None:
    environ = {"READTHEDOCS_CANONICAL_URL": canonical, "READTHEDOCS_LANGUAGE": served}
    found = other_edition(config(language), environ=environ)
    assert found is not None and found[2] == root


def test_a_book_of_one_edition_links_nowhere() -> None:
    assert other_edition(config("en", {"en": "English"}), environ={}) is None
    assert other_edition(config("en", {}), environ={}) is None
