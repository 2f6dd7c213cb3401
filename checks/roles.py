"""The ``{fact}``, ``{variant}`` and ``{nofact}`` roles.

Plain docutils role functions: the build registers them with Sphinx and ``python -m checks`` with
docutils, so both read the same nodes. A role never fails the parse: a role that cannot be
understood still renders its text, and carries an ``error`` that the checks report at its line.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes as docutils_nodes

from . import nodes
from .model import ID_RE

#: ``words <id>``: the author's words, then the id in angle brackets at the end.
_EXPLICIT = re.compile(r"(?P<words>.*?)\s*<(?P<id>[^<>]*)>\s*", re.S)
_SPACES = re.compile(r"\s+")

def _how(role: str) -> str:
    if role == "variant":
        return "write {variant}`the source's words <fact-id>`"
    return "write {fact}`your words <fact-id>` or {fact}`fact-id`"


def parse_fact_role(text: str, role: str = "fact") -> tuple[str, str, str | None]:
    """Split a ``{fact}`` role's text into ``(words, fact_id, error)``.

    >>> parse_fact_role("14 February 1950 <treaty-signed>")
    ('14 February 1950', 'treaty-signed', None)
    >>> parse_fact_role("treaty-signed")
    ('', 'treaty-signed', None)
    """
    text = text.strip()
    explicit = _EXPLICIT.fullmatch(text)
    if explicit:
        words = _SPACES.sub(" ", explicit["words"]).strip()
        fact_id = explicit["id"].strip()
        if not fact_id:
            return words, "", f"the role names no fact id between < and >; {_how(role)}"
        if not ID_RE.fullmatch(fact_id):
            return words, "", (
                f"'{fact_id}' is not a fact id (lowercase letters, digits and hyphens); "
                + _how(role)
            )
        return words, fact_id, None
    if not text:
        return "", "", f"the role is empty; {_how(role)}"
    if ID_RE.fullmatch(text) and re.search("[a-z]", text):
        return "", text, None
    return _SPACES.sub(" ", text), "", f"the role names no fact id; {_how(role)}"


def fact_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[docutils_nodes.Node], list[docutils_nodes.system_message]]:
    """``{fact}`words <id>``` and ``{fact}`id```."""
    words, fact_id, error = parse_fact_role(text)
    node = nodes.fact(rawtext, words or fact_id or text, fact_id=fact_id, words=words,
                      rawtext=rawtext)
    if error:
        node["error"] = error
    return [node], []


def variant_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[docutils_nodes.Node], list[docutils_nodes.system_message]]:
    """``{variant}`words <id>```: what a source says instead of the fact, which the book rejects."""
    words, fact_id, error = parse_fact_role(text, "variant")
    if not error and not words:
        error = f"a {{variant}} names the words a source uses instead of the fact; {_how(name)}"
    node = nodes.fact(rawtext, words or fact_id or text, fact_id=fact_id, words=words,
                      rawtext=rawtext, variant=True)
    if error:
        node["error"] = error
    return [node], []


def nofact_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[docutils_nodes.Node], list[docutils_nodes.system_message]]:
    """``{nofact}`text```: the text, unchanged and unchecked."""
    return [nodes.nofact(rawtext, text)], []
