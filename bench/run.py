"""Benchmarks of the checks (``make bench``). Prints figures; asserts nothing about time.

1. The checks' share of a full HTML build, on the real book and on generated books of 100 and
   1,000 chapters. **The in-build share** (the figure issue 9 sets at 2% or less, printed with
   its target): the CPU time spent inside the checks' own code (their import, the read
   transform, their event handlers, the HTML visitor) over the CPU time of the whole build, both
   measured in the same ``sphinx-build -E`` process (``bench/inside.py``; the median of
   ``--repeat`` builds, one build for a book over ``--pair-limit`` chapters), a share that other
   work on the machine hardly moves. As a cross-check, the same sources built with and without
   the extension, alternately, in the same run (each a fresh ``sphinx-build -E`` process; CPU and
   wall time; a warm-up build of each first); skipped for a generated book over ``--pair-limit``
   chapters, whose builds take many minutes each. "Without" replaces ``checks`` by
   ``bench/noop_checks.py``: the same roles make the same nodes, written as their words, and
   nothing is collected, loaded for the checks, compared or rendered; it also stands in for
   ``checks`` when another extension sets it up (the book's registry pages do), so the real
   checks never run in the baseline. With ``--instructions``, also the ratio of the
   instructions the two builds execute (valgrind), which does not move at all.
   Every process writes and reuses compiled bytecode, as Python does by default.
2. ``python -m checks`` on the real book, next to the full build.
3. How checking grows: generated books of 10, 100 and 1,000 chapters (10 facts each, so 10,000
   facts at the top), CPU time in-process per phase (MyST parse + collect, compare) and as a
   ``python -m checks`` process; time per chapter and the fitted exponent of time ~ chapters^k
   (k = 1 is linear, 2 quadratic).

    python bench/run.py [--book DIR] [--sizes 10,100,1000] [--build-chapters 100,1000]
                        [--pair-limit 100] [--repeat 5] [--instructions]

``make bench`` takes about half an hour of CPU time, some 12 minutes of it the one build of the
1,000-chapter book (Sphinx's own work there grows faster than the chapters); ``--build-chapters
100`` leaves that book out.
"""

from __future__ import annotations

import argparse
import json
import math
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

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

import synthetic  # noqa: E402
from checks import checker, cli  # noqa: E402


def _env() -> dict[str, str]:
    """The environment of every process the benchmark starts.

    Bytecode is written and reused, as Python does by default, even where the environment sets
    PYTHONDONTWRITEBYTECODE (some sandboxes do): otherwise every process would compile the
    checks, ``_ext`` and ``conf.py`` from source again, a cost a developer's second build does
    not pay, and one that falls unevenly on the two builds compared."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(REPO), env.get("PYTHONPATH", "")])
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _extensions(srcdir: Path) -> list[str]:
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return list(eval_config_file(srcdir / "conf.py", Tags()).get("extensions", []))


class BuildFailed(Exception):
    pass


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _build_command(srcdir: Path, outdir: Path, with_checks: bool) -> list[str]:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", str(srcdir), str(outdir)]
    if not with_checks:
        extensions = ["noop_checks" if e == "checks" else e for e in _extensions(srcdir)]
        command += ["-D", "extensions=" + ",".join(extensions)]
    return command


def sphinx_build(srcdir: Path, outdir: Path, with_checks: bool) -> tuple[float, float, int]:
    """Wall and CPU seconds of a fresh HTML build, and the number of warnings it printed.

    CPU time (user + system of the build process) is what the comparison uses first: unlike wall
    time it hardly moves when other work shares the machine."""
    command = _build_command(srcdir, outdir, with_checks)
    start, cpu = time.perf_counter(), _child_cpu()
    run = subprocess.run(command, capture_output=True, text=True, env=_env())
    elapsed, cpu = time.perf_counter() - start, _child_cpu() - cpu
    if run.returncode != 0:
        last = [line for line in run.stderr.splitlines() if line.strip()][-1:]
        raise BuildFailed(f"{'with' if with_checks else 'without'} the checks: "
                          f"{last[0] if last else 'exit status ' + str(run.returncode)}")
    return elapsed, cpu, run.stderr.count("WARNING:")


def build_share(name: str, srcdir: Path, repeat: int) -> None:
    """Print the with/without ratio of full HTML builds of ``srcdir``.

    One untimed build of each first (compiled bytecode, the file cache: what the first build of
    a run pays, whichever it is); then ``repeat`` pairs, the order alternating (without-with,
    with-without, ...), so a drift in the machine's load touches both sides alike. The ratio is
    given three ways: of the median CPU times, the median of each pair's ratio (the two builds
    of a pair ran back to back), and of the minimum times."""
    times: dict[bool, list[float]] = {True: [], False: []}
    cpus: dict[bool, list[float]] = {True: [], False: []}
    warnings = {True: 0, False: 0}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for i in range(-1, repeat):
            for with_checks in ((False, True) if i % 2 == 0 else (True, False)):
                try:
                    elapsed, cpu, count = sphinx_build(srcdir, Path(tmp) / f"{with_checks}-{i}",
                                                       with_checks)
                except BuildFailed as failure:
                    print(f"  {name}: the build failed ({failure}); no figure")
                    return
                if i < 0:
                    continue  # the warm-up
                times[with_checks].append(elapsed)
                cpus[with_checks].append(cpu)
                warnings[with_checks] = count
    cpu_with, cpu_without = statistics.median(cpus[True]), statistics.median(cpus[False])
    wall_with, wall_without = statistics.median(times[True]), statistics.median(times[False])
    pairs = statistics.median(w / wo for w, wo in zip(cpus[True], cpus[False], strict=True))
    wall_pairs = statistics.median(w / wo for w, wo in zip(times[True], times[False], strict=True))
    print(f"  {name} ({repeat} builds each after a warm-up, alternating; warnings printed with "
          f"checks: {warnings[True]}, without: {warnings[False]})")
    print(f"    CPU time:  with {cpu_with:.2f} s, without {cpu_without:.2f} s (medians) -> "
          f"ratio {cpu_with / cpu_without:.3f} (median of pairs {pairs:.3f}, min/min "
          f"{min(cpus[True]) / min(cpus[False]):.3f}); the checks' share of the build's CPU "
          f"time, cross-checking the in-build share: {100 * (1 - cpu_without / cpu_with):.1f}%")
    print(f"    wall time: with {wall_with:.2f} s, without {wall_without:.2f} s (medians) -> "
          f"ratio {wall_with / wall_without:.3f} (median of pairs {wall_pairs:.3f}, min/min "
          f"{min(times[True]) / min(times[False]):.3f})")
    print("    CPU s of each pair, with/without: " + ", ".join(
        f"{w:.2f}/{wo:.2f}" for w, wo in zip(cpus[True], cpus[False], strict=True)))


def instructions(name: str, srcdir: Path) -> None:
    """Print the with/without ratio of the instructions the two builds execute (valgrind's
    cachegrind): the same on every run, however busy the machine; about 15 times slower."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print(f"  {name}: valgrind not found, no instruction counts")
        return
    counts = {}
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as tmp:
        for with_checks in (False, True):
            # Bytecode first (the warm-up of build_share does the same for the timed builds).
            sphinx_build(srcdir, Path(tmp) / f"warm-{with_checks}", with_checks)
            command = [valgrind, "--tool=cachegrind", "--cache-sim=no",
                       f"--cachegrind-out-file={Path(tmp) / 'cachegrind.out'}",
                       *_build_command(srcdir, Path(tmp) / str(with_checks), with_checks)]
            # One hash seed for both: set and dict orders, hence the work, then repeat exactly.
            run = subprocess.run(command, capture_output=True, text=True,
                                 env={**_env(), "PYTHONHASHSEED": "0"})
            found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
            if run.returncode != 0 or not found:
                print(f"  {name}: the build under valgrind failed; no instruction counts")
                return
            counts[with_checks] = int(found.group(1).replace(",", ""))
    print(f"    instructions (cachegrind, one build each): with {counts[True] / 1e9:.2f} G, "
          f"without {counts[False] / 1e9:.2f} G -> ratio {counts[True] / counts[False]:.3f}")


#: The in-build share issue 9 asks for, at most (on the real book and generated books of 100
#: and 1,000 chapters).
SHARE_TARGET = 0.02


def inside(name: str, srcdir: Path, repeat: int) -> float | None:
    """Print the CPU time spent inside the checks' own code during a build (bench/inside.py),
    and return its share of the build's: the in-build share (the median of ``repeat`` builds)."""
    runs = []
    for _ in range(repeat):
        run = subprocess.run([sys.executable, str(BENCH / "inside.py"), str(srcdir)],
                             capture_output=True, text=True, env=_env())
        lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
        if run.returncode != 0 or not lines:
            print(f"  {name}: could not measure inside the build ({run.stderr.strip()[-200:]})")
            return None
        runs.append(json.loads(lines[-1]))
    runs.sort(key=lambda r: sum(r["spent"].values()) / r["total"])
    shares = [sum(r["spent"].values()) / r["total"] for r in runs]
    median = runs[len(runs) // 2]
    share = shares[len(shares) // 2]
    parts = ", ".join(f"{k} {1000 * v:.0f} ms" for k, v in median["spent"].items())
    print(f"    in-build share: {100 * share:.1f}% (target <= {100 * SHARE_TARGET:.0f}%) = CPU "
          f"time inside the checks' own code, {1000 * sum(median['spent'].values()):.0f} ms of the "
          f"build's {median['total']:.2f} s, same process (median of {repeat} build"
          f"{'s' if repeat > 1 else ''}, range {100 * shares[0]:.1f}-{100 * shares[-1]:.1f}%): "
          f"{parts}")
    return share


def cli_time(srcdir: Path, repeat: int) -> tuple[float, int]:
    """Least CPU time (user + system) of ``python -m checks SRCDIR`` as a process, and its exit
    status: CPU time, which other work on the machine hardly moves."""
    best, status = math.inf, 0
    for _ in range(repeat):
        cpu = _child_cpu()
        run = subprocess.run([sys.executable, "-m", "checks", "-q", str(srcdir)],
                             capture_output=True, text=True, cwd=REPO, env=_env())
        best = min(best, _child_cpu() - cpu)
        status = run.returncode
        if run.returncode not in (0, 1):
            raise SystemExit(f"python -m checks failed:\n{run.stderr[-3000:]}")
    return best, status


def phases(srcdir: Path) -> tuple[float, float, float, int, int, int]:
    """In-process CPU seconds to read the documents (MyST parse + collect), to load the registry
    (TOML, validation, relations) and to compare; documents, facts, reports."""
    start = time.process_time()
    book = cli.Book(srcdir, {})
    records = book.read()
    read = time.process_time() - start
    start = time.process_time()
    project = checker.Project.load(book.srcdir, book.config)
    load = time.process_time() - start
    start = time.process_time()
    reports = checker.check(project, records, lambda d: str(book.docs[d]))
    check = time.process_time() - start
    return read, load, check, len(records), len(project.registry.facts), len(reports)


def exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-9)) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            / sum((x - mx) ** 2 for x in xs))


def scaling(sizes: list[int], repeat: int) -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-books-") as tmp:
        for size in sizes:
            srcdir = synthetic.generate(Path(tmp) / f"book-{size}", size)
            read, load, check, _docs, facts, reports = phases(srcdir)
            process, _ = cli_time(srcdir, 1 if size >= 1000 else repeat)
            rows.append((size, facts, reports, read, load, check, process))
    names = ("parse+collect", "load registry", "compare", "python -m checks")
    print(f"  {'chapters':>8} {'facts':>6} {'warnings':>8}" + "".join(f" {n:>22}" for n in names))
    for size, facts, reports, *times in rows:
        print(f"  {size:>8} {facts:>6} {reports:>8}" + "".join(
            f" {t:>7.3f} s ({1000 * t / size:5.2f} ms/ch)" for t in times))
    if len(rows) >= 2:
        sizes_ = [r[0] for r in rows]
        print("  fitted exponent k (time ~ chapters^k; 1 = linear, 2 = quadratic): " + ", ".join(
            f"{n} {exponent(sizes_, [r[3 + i] for r in rows]):.2f}" for i, n in enumerate(names)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", type=Path, default=REPO,
                        help="the real book (default: the repository)")
    parser.add_argument("--sizes", default="10,100,1000", help="chapters of the generated books")
    parser.add_argument("--build-chapters", default="100,1000",
                        help="chapters of the generated books whose builds are measured")
    parser.add_argument("--pair-limit", type=int, default=100,
                        help="generated books of more chapters are measured in one build only, "
                             "not also built with and without the checks")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of one build with and one without the "
                             "checks under valgrind (a ratio that load does not move; slow)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    build_chapters = [int(s) for s in args.build_chapters.split(",") if s]

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
    print("1. The checks' share of a full HTML build (sphinx-build -E, serial)")
    shares: list[tuple[str, float | None]] = []
    build_share(f"the book ({args.book})", args.book, args.repeat)
    if args.instructions:
        instructions("the book", args.book)
    shares.append(("the book", inside("the book", args.book, args.repeat)))
    for chapters in build_chapters:
        name = f"a generated book of {chapters:,} chapters"
        with tempfile.TemporaryDirectory(prefix="bench-synthetic-") as tmp:
            srcdir = synthetic.generate(Path(tmp) / "book", chapters)
            if chapters <= args.pair_limit:
                build_share(name, srcdir, args.repeat)
                if args.instructions:
                    instructions(name, srcdir)
                shares.append((name, inside(name, srcdir, args.repeat)))
            else:
                print(f"  {name} (one build, measured inside; no builds with and without the "
                      f"checks over {args.pair_limit} chapters: --pair-limit)")
                shares.append((name, inside(name, srcdir, 1)))
    print(f"  The in-build share, target <= {100 * SHARE_TARGET:.0f}%: " + "; ".join(
        f"{name} {'-' if share is None else f'{100 * share:.1f}%'}"
        + ("" if share is None else " (met)" if share <= SHARE_TARGET else " (NOT met)")
        for name, share in shares))

    print("\n2. python -m checks on the book")
    seconds, status = cli_time(args.book, args.repeat)
    read, load, check, docs, facts, reports = phases(args.book)
    print(f"  {seconds:.2f} s CPU as a process (best of {args.repeat}; exit status {status}): "
          f"{docs} documents, {facts} facts, {reports} warnings; in-process: parse+collect "
          f"{read:.3f} s, load registry {load:.3f} s, compare {check:.3f} s")

    print("\n3. Checking time (CPU) on generated books (10 facts per chapter)")
    scaling(sizes, args.repeat)


if __name__ == "__main__":
    main()
