"""What the checks remember within a build gives what working it out again gives, also after the
registry changes between two builds of one process (``make live``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from checks import checker, cli, notation, registry
from checks.model import Subtype
from checks.registry import load_registry
from checks_helpers import build

REPO = Path(__file__).resolve().parent.parent


def test_a_fact_is_displayed_as_the_notation_writes_it() -> None:
    book = cli.Book(REPO, {})
    project = checker.Project.load(book.srcdir, book.config)
    for fact in project.facts_in_order():
        for name in ("en", "zh"):
            once = project.display(fact, name)
            assert project.display(fact, name) == once == notation.format_value(fact, name)


def _index_row(page: Path, fact_id: str) -> str:
    html = page.read_text(encoding="utf-8")
    row = re.search(rf'<tr id="facts-{fact_id}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {fact_id} in {page}"
    return row[1]


def test_a_rebuild_after_a_registry_change_displays_the_new_value(copy_root) -> None:
    srcdir = copy_root("checks-clean")
    app, _ = build(srcdir)
    assert "US$300 million" in _index_row(Path(app.outdir, "chapters/facts.html"),
                                          "loan-1950-usd")
    facts = srcdir / "facts/02-treaty.toml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "value = 300_000_000", "value = 400_000_000"), encoding="utf-8")
    app, _ = build(srcdir)
    row = _index_row(Path(app.outdir, "chapters/facts.html"), "loan-1950-usd")
    assert "US$400 million" in row and "300" not in row


def _registry_loads(directory: Path, parsed: dict,
                    monkeypatch) -> tuple[list[registry.Problem], list[str]]:
    """The problems of the registry at ``directory`` loaded with the parse cache ``parsed``,
    checked against a load without it (the same facts, relations, files and problems, in the same
    order), and the files the load with the cache parsed."""
    reads: list[str] = []
    read_toml = registry._read_toml
    def counted(name: str, text: str) -> tuple:
        reads.append(name)
        return read_toml(name, text)

    with monkeypatch.context() as patch:
        patch.setattr(registry, "_read_toml", counted)
        kept = load_registry(directory, root=directory.parent, parsed=parsed)
    fresh = load_registry(directory, root=directory.parent)
    assert kept == fresh
    assert set(parsed) == set(fresh[0].files)
    return kept[1], reads


def test_a_registry_reloaded_with_its_parse_cache_is_the_registry_loaded_afresh(
        tmp_path: Path, monkeypatch) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(REPO / "facts", facts)
    files = registry.registry_files(facts)
    parsed: dict = {}
    problems, reads = _registry_loads(facts, parsed, monkeypatch)
    assert not problems and len(reads) == len(files) > 3
    # Nothing changed: no file is parsed again.
    assert _registry_loads(facts, parsed, monkeypatch) == ([], [])
    # One label edited, a syntax error and an impossible date written into others, a file
    # removed and a new one added: each load gives what a load without the cache gives.
    first, second, third = files[:3]
    text = first.read_text(encoding="utf-8")
    first.write_text(re.sub(r'label = "', 'label = "Edited: ', text, count=1), encoding="utf-8")
    second.write_text(second.read_text(encoding="utf-8") + "\n[[fact]\n", encoding="utf-8")
    problems, reads = _registry_loads(facts, parsed, monkeypatch)
    assert [p.subtype for p in problems] == [Subtype.REGISTRY_SYNTAX]
    assert reads == [f"facts/{first.name}", f"facts/{second.name}"]
    assert _registry_loads(facts, parsed, monkeypatch) == (problems, [])
    new = third.rename(facts / "zz-new.toml")
    new.write_text(new.read_text(encoding="utf-8").replace(
        "value = 19", "value = 1949-02-30\nnote = 19", 1), encoding="utf-8")
    problems, reads = _registry_loads(facts, parsed, monkeypatch)
    assert reads == ["facts/zz-new.toml"] and Subtype.BAD_VALUE in {p.subtype for p in problems}
    first.write_text(text, encoding="utf-8")
    assert _registry_loads(facts, parsed, monkeypatch)[1] == [f"facts/{first.name}"]
