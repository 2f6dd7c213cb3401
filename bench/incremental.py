"""Incremental rebuilds of the book (``make bench``): an edit's rebuild against a no-op rebuild.

    python bench/incremental.py [--book DIR] [--repeat 5]

Copies the book to a temporary directory, builds it once (strict, as ``make html``), then, in the
same run, alternates no-op rebuilds with rebuilds after (a) an edit of one prose sentence of a
chapter and (b) an edit of one fact's label in ``facts/*.toml``, ``--repeat`` times each, every
edit undone by the next one of its kind. Each rebuild is a fresh ``sphinx-build`` process, as
``make html`` runs it. Prints the median CPU time (user + system of the build process: unlike
wall time it hardly moves when other work shares the machine) and wall time of each kind, and
the ratios to the no-op rebuild's; asserts nothing about time. Every rebuild must succeed without
a warning.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: What the copy of the book leaves out.
IGNORED = shutil.ignore_patterns("_build", ".venv", ".git", "__pycache__", ".pytest_cache",
                                 "tests", "bench", ".hypothesis")
#: The chapter whose sentence is edited, and the fact whose label is.
CHAPTER = "chapters/05-mao-in-moscow.md"
FACT_ID = "mao-arrives-moscow"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The copy has no git history: every build dates itself as the book's last commit does.
    if "SOURCE_DATE_EPOCH" not in env:
        out = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True).stdout.strip()
        env["SOURCE_DATE_EPOCH"] = out or "1767225600"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(srcdir: Path) -> tuple[float, float]:
    """CPU and wall seconds of ``make html``'s command on ``srcdir``; exits if it warns or
    fails."""
    command = [str(Path(sys.executable).parent / "sphinx-build"), "-M", "html", str(srcdir),
               str(srcdir / "_build"), "-n", "-W", "--keep-going", "-q"]
    cpu, start = _child_cpu(), time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=_env(), cwd=srcdir)
    elapsed, cpu = time.perf_counter() - start, _child_cpu() - cpu
    if run.returncode != 0 or "WARNING" in run.stderr:
        sys.exit(f"the build failed:\n{run.stderr[-3000:]}")
    return cpu, elapsed


def prose_edit(srcdir: Path, n: int) -> None:
    """Change one word of a prose sentence in a chapter (the n-th edit; even n restore it)."""
    path = srcdir / CHAPTER
    text = path.read_text(encoding="utf-8")
    old, new = (" was ", " had been ") if n % 2 == 0 else (" had been ", " was ")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line[:1].isalpha() and "`" not in line and (old in line):
            lines[i] = line.replace(old, new, 1)
            break
    else:
        sys.exit(f"no prose line of {CHAPTER} holds {old!r}")
    path.write_text("\n".join(lines), encoding="utf-8")


def label_edit(srcdir: Path, n: int) -> None:
    """Change the label of one fact (the n-th edit; even n restore it)."""
    for path in sorted((srcdir / "facts").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        entry = re.search(rf'id = "{re.escape(FACT_ID)}"\n(?:(?!\[\[).*\n)*?label = "(.*)"', text)
        if entry:
            label = entry[1]
            changed = label + " (edited)" if n % 2 == 0 else label.removesuffix(" (edited)")
            path.write_text(text[:entry.start(1)] + changed + text[entry.end(1):],
                            encoding="utf-8")
            return
    sys.exit(f"no fact {FACT_ID!r} with a label in facts/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", type=Path, default=REPO)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times: dict[str, list[tuple[float, float]]] = {"no-op": [], "prose": [], "label": []}
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        srcdir = Path(tmp) / "book"
        shutil.copytree(args.book, srcdir, ignore=IGNORED)
        cpu, wall = build(srcdir)
        print(f"first build: {cpu:.2f} s CPU, {wall:.2f} s wall", flush=True)
        build(srcdir)  # untimed: a second build settles what the first left (bytecode, caches)
        for n in range(args.repeat):
            times["no-op"].append(build(srcdir))
            prose_edit(srcdir, n)
            times["prose"].append(build(srcdir))
            times["no-op"].append(build(srcdir))
            label_edit(srcdir, n)
            times["label"].append(build(srcdir))
    noop_cpu = statistics.median(t[0] for t in times["no-op"])
    noop_wall = statistics.median(t[1] for t in times["no-op"])
    print(f"incremental rebuilds, medians of {args.repeat} (no-op: {len(times['no-op'])}), "
          "CPU and wall seconds:")
    print(f"  {'no-op rebuild':<20} {noop_cpu:6.2f} s CPU {noop_wall:6.2f} s wall")
    for kind, what, target in (("prose", "one prose sentence", 1.3),
                               ("label", "one fact's label", 1.5)):
        cpu = statistics.median(t[0] for t in times[kind])
        wall = statistics.median(t[1] for t in times[kind])
        print(f"  {what:<20} {cpu:6.2f} s CPU {wall:6.2f} s wall  = {cpu / noop_cpu:4.2f} x "
              f"no-op (CPU), {wall / noop_wall:4.2f} x (wall); target: at most {target} x")


if __name__ == "__main__":
    main()
