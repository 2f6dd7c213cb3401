"""Page weight: the bytes a reader downloads to read one chapter, and who they are for.

Reads a built HTML page and follows everything it makes the browser fetch, resolved from the built
files: stylesheets (and their ``@import``), scripts, preloads, images, and what the stylesheets
point at with ``url()`` (fonts, background images). Prints one row per file, with its size as
built and gzipped (what a server that compresses sends; fonts are compressed already), and where it
comes from: the book (the article, ``book.css``, images, the search index), the theme
(sphinx-book-theme and the pydata-sphinx-theme it is built on, with their vendored Bootstrap and
Font Awesome, and the theme's own markup around the article: header, navigation, sidebars),
Sphinx, or a Sphinx extension. A first visit with an empty cache; the next page costs its HTML only.

Fonts and images named by a stylesheet are fetched only when the page uses them: they are counted
(an upper bound) and marked ``*``. ``--chromium`` loads the page in headless Chromium and keeps
only what it really fetched.

    python bench/page_weight.py                       # builds the book into a temporary directory
    python bench/page_weight.py --html _build/html    # an existing build
    python bench/page_weight.py --page chapters/01-introduction.html --chromium
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PAGE = "chapters/05-mao-in-moscow.html"
THEME = ("sphinx-book-theme", "pydata-sphinx-theme")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FONT_SUFFIXES = {".woff2", ".woff", ".ttf", ".otf", ".eot"}
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)"""
                     r"""|url\(\s*["']?([^"')]+?)["']?\s*\)""")


@dataclass
class Asset:
    path: str  # relative to the build directory
    kind: str  # html, css, js, font, image
    origin: str
    size: int
    gzipped: int
    if_used: bool = False  # named by a stylesheet: fetched only if the page uses it


class _Page(HTMLParser):
    """The URLs a page makes the browser fetch (in document order), and where its article is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "link":
            rel = a.get("rel", "").split()
            if "stylesheet" in rel:
                self.urls.append(("css", a.get("href", "")))
            elif "preload" in rel or "modulepreload" in rel:
                kind = {"style": "css", "script": "js",
                        "font": "font"}.get(a.get("as", ""), "image")
                self.urls.append((kind, a.get("href", "")))
            elif "icon" in rel:
                self.urls.append(("image", a.get("href", "")))
        elif tag == "script" and a.get("src"):
            self.urls.append(("js", a["src"]))
        elif tag in {"img", "source"} and (a.get("src") or a.get("srcset")):
            self.urls.append(("image", a.get("src") or a["srcset"].split()[0]))


def _local(url: str, base: PurePosixPath) -> str | None:
    """A page-relative URL as a path inside the build directory; None if it is not local."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    joined = (base / unquote(parts.path)).as_posix()
    stack: list[str] = []
    for segment in joined.split("/"):
        if segment == "..":
            if stack:
                stack.pop()
        elif segment not in {"", "."}:
            stack.append(segment)
    return "/".join(stack)


def _package_files(module: str, *subdirs: str) -> set[str]:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return set()
    root = Path(next(iter(spec.submodule_search_locations)))
    names: set[str] = set()
    for subdir in subdirs:
        for path in (root / subdir).rglob("*"):
            if path.is_file():
                names.add(path.name.removesuffix(".jinja").removesuffix("_t"))
    return names


def _origins() -> list[tuple[str, set[str]]]:
    """Which package ships which static file (by name), most specific first."""
    return [
        # the book's static files, and those of its local extensions (_ext/*/)
        ("book", {p.name for d in ("_static", "_ext") for p in (REPO / d).rglob("*")
                  if p.is_file()}),
        ("sphinx-book-theme",
         _package_files("sphinx_book_theme", "theme/sphinx_book_theme/static")),
        ("pydata-sphinx-theme",
         _package_files("pydata_sphinx_theme", "theme/pydata_sphinx_theme/static")),
        ("sphinx-design", _package_files("sphinx_design", "static")),
        ("Sphinx", _package_files("sphinx", "themes/basic/static", "search/non-minified-js")
         | {"pygments.css"}),
    ]


def _origin(path: str, origins: list[tuple[str, set[str]]]) -> str:
    name = PurePosixPath(path).name
    if name == "searchindex.js":
        return "book"  # the book's words; the theme loads it on every page (see the report)
    if path.startswith("_images/"):
        return "book"
    for origin, names in origins:
        if name in names:
            return origin
    return "unknown"


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _article_span(html: bytes) -> tuple[int, int]:
    """Byte offsets of the page's ``<article>`` (the book's text), or (0, 0)."""
    start = html.find(b"<article")
    end = html.rfind(b"</article>")
    if start < 0 or end < 0:
        return 0, 0
    return start, end + len(b"</article>")


def measure(outdir: Path, page: str) -> list[Asset]:
    """Every file the page at ``outdir/page`` makes a browser fetch, once each, in order."""
    origins = _origins()
    html = (outdir / page).read_bytes()
    start, end = _article_span(html)
    article, chrome = html[start:end], html[:start] + html[end:]
    assets = [
        Asset(f"{page} (article)", "html", "book", len(article), _gzipped(article)),
        Asset(f"{page} (header, navigation, sidebars)", "html", "theme markup", len(chrome),
              _gzipped(html) - _gzipped(article)),
    ]
    parser = _Page()
    parser.feed(html.decode("utf-8"))
    seen: set[str] = set()
    queue = [(kind, _local(url, PurePosixPath(page).parent), False) for kind, url in parser.urls]
    while queue:
        kind, path, if_used = queue.pop(0)
        if path is None or path in seen or not (outdir / path).is_file():
            continue
        seen.add(path)
        data = (outdir / path).read_bytes()
        suffix = PurePosixPath(path).suffix
        if suffix in FONT_SUFFIXES:
            kind = "font"
        assets.append(Asset(path, kind, _origin(path, origins), len(data), _gzipped(data), if_used))
        if kind == "css":
            base = PurePosixPath(path).parent
            for imported, url in CSS_URL.findall(data.decode("utf-8", "replace")):
                if imported:
                    queue.append(("css", _local(imported, base), if_used))
                elif not url.startswith("data:"):
                    target = _local(url, base)
                    sub = "font" if PurePosixPath(target or "").suffix in FONT_SUFFIXES else "image"
                    queue.append((sub, target, True))
    return assets


def fetched_by_chromium(outdir: Path, page: str) -> set[str]:
    """The build-relative paths headless Chromium requests to show ``page`` at 1400 px wide."""
    chromium = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if chromium is None:
        sys.exit("--chromium: no chromium on PATH (Debian: apt-get install chromium)")
    handler = partial(_QuietHandler, directory=str(outdir))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server, \
            tempfile.TemporaryDirectory() as profile:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        netlog = Path(profile) / "netlog.json"
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}/user", "--virtual-time-budget=10000",
             "--window-size=1400,900", f"--log-net-log={netlog}", "--dump-dom", base + page],
            capture_output=True, timeout=120, check=False,
            env={**os.environ, "XDG_CACHE_HOME": profile, "XDG_CONFIG_HOME": profile},
        )
        server.shutdown()
        events = json.loads(netlog.read_text(encoding="utf-8")).get("events", [])
    urls = {e.get("params", {}).get("url", "") for e in events}
    return {unquote(urlsplit(u).path).lstrip("/") for u in urls if u.startswith(base)}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def report(assets: list[Asset], page: str, fetched: set[str] | None = None) -> str:
    if fetched is not None:
        assets = [a for a in assets if a.kind == "html" or a.path in fetched]
    width = max(len(a.path) for a in assets) + 2
    lines = [f"Page weight of {page}: a first visit, empty cache", ""]
    lines.append(f"{'file':<{width}}{'kind':<6}{'from':<22}{'bytes':>11}{'gzip':>11}")
    for a in assets:
        mark = "*" if a.if_used and fetched is None else " "
        lines.append(f"{a.path + mark:<{width}}{a.kind:<6}{a.origin:<22}"
                     f"{a.size:>11,}{a.gzipped:>11,}")
    total, total_gz = sum(a.size for a in assets), sum(a.gzipped for a in assets)
    lines.append(f"{'total':<{width + 28}}{total:>11,}{total_gz:>11,}")
    lines += ["", "by origin:"]
    groups = {
        "the book (article, book.css, images, search index)": lambda a: a.origin == "book",
        "the theme (sphinx-book-theme, pydata-sphinx-theme, its markup)":
            lambda a: a.origin in THEME or a.origin == "theme markup",
        "Sphinx": lambda a: a.origin == "Sphinx",
        "Sphinx extensions (sphinx-design)": lambda a: a.origin == "sphinx-design",
        "unknown": lambda a: a.origin == "unknown",
    }
    for label, test in groups.items():
        chosen = [a for a in assets if test(a)]
        if chosen or label != "unknown":
            size, gz = sum(a.size for a in chosen), sum(a.gzipped for a in chosen)
            share = f"{100 * gz / total_gz:5.1f} %" if total_gz else ""
            lines.append(f"  {label:<{width + 24}}{size:>11,}{gz:>11,}  {share} of gzip")
    if fetched is None and any(a.if_used for a in assets):
        lines += ["", "* named by a stylesheet: fetched only if the page uses it (counted; "
                  "--chromium keeps only what Chromium fetched)"]
    if fetched is not None:
        missed = sorted(p for p in fetched if p and p not in {a.path for a in assets} and p != page)
        lines += ["", "rows: what Chromium fetched"
                  + (f"; it also asked for {', '.join(missed)} (not in the build)"
                     if missed else "")]
    return "\n".join(lines)


def build(outdir: Path) -> None:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(REPO), str(outdir),
               "-d", str(outdir.parent / "doctrees")]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"the build failed:\n{run.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path,
                        help="a built site (default: build the book into a temporary directory)")
    parser.add_argument("--page", default=DEFAULT_PAGE,
                        help=f"the page, relative to the site (default: {DEFAULT_PAGE})")
    parser.add_argument("--chromium", action="store_true",
                        help="count only what headless Chromium fetches")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.html
        if outdir is None:
            outdir = Path(tmp) / "html"
            build(outdir)
        if not (outdir / args.page).is_file():
            sys.exit(f"{outdir / args.page} does not exist")
        fetched = fetched_by_chromium(outdir, args.page) if args.chromium else None
        print(report(measure(outdir, args.page), args.page, fetched))


if __name__ == "__main__":
    main()
