"""Charts drawn from the registry's values with matplotlib, deterministically.

Pure: no Sphinx, and matplotlib is imported only when a chart is drawn. SVG for HTML and EPUB, PDF
for LaTeX (vector both), named by a hash of what decides the bytes, so an unchanged chart is not
drawn again and a changed one gets a new file. A drawn chart is also kept in a cache between builds
and output directories (:func:`cache_directory`), keyed by matplotlib's font list. The
output is deterministic: SVG ids from a fixed salt, no dates in the metadata (the PDF's from
``SOURCE_DATE_EPOCH``), glyphs drawn as paths in DejaVu Sans (shipped with matplotlib) and, for
Chinese, Noto Sans CJK SC when the system has it (without it the Chinese labels are left out rather
than drawn as boxes).
"""

from __future__ import annotations

import calendar
import datetime
import functools
import hashlib
import io
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

#: Bump when a change of the drawing code changes what a chart looks like: every chart is then
#: drawn again, into a file of a new name.
FIGURE_STYLE_VERSION = 1

LATIN_FONT = "DejaVu Sans"
CJK_FONT = "Noto Sans CJK SC"
GROUP_COLOURS = {"military": "#8e3b2f", "economic": "#2f5f8e"}
OTHER_COLOURS = ("#6b6b6b", "#9a7d2e", "#4f7a4a")


def parse_date(iso: str) -> datetime.date:
    """``1949-12-06``, ``1949-12``, ``1949`` as a day (the first of a month or year)."""
    parts = [int(p) for p in iso.split("-")]
    parts += [1] * (3 - len(parts))
    return datetime.date(*parts)


@functools.cache
def _fonts() -> tuple[list[str], bool]:
    """The font families to draw with, and whether Chinese can be drawn (the system's fonts,
    asked once per process)."""
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    if CJK_FONT in names:
        return [LATIN_FONT, CJK_FONT], True
    return [LATIN_FONT], False


def _rc(families: list[str]) -> dict[RcKeyType, Any]:
    return {
        "font.family": families,
        "font.size": 8,
        "svg.fonttype": "path",
        "svg.hashsalt": "registry-figures",
        "axes.edgecolor": "#444444",
        "axes.linewidth": 0.6,
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
    }


def draw(kind: str, data: dict[str, Any], fmt: str) -> bytes:
    """The chart as SVG or PDF bytes; the same data always gives the same bytes."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    families, chinese = _fonts()
    with matplotlib.rc_context(_rc(families)):
        figure = MplFigure()
        FigureCanvasAgg(figure)
        if kind == "itinerary":
            _draw_itinerary(figure, data, chinese)
        else:
            _draw_bars(figure, data)
        out = io.BytesIO()
        metadata = ({"Date": None} if fmt == "svg"
                    else {"CreationDate": _epoch(), "ModDate": None})
        figure.savefig(out, format=fmt, metadata=metadata, bbox_inches="tight", pad_inches=0.04)
    return _epub_safe(out.getvalue()) if fmt == "svg" else out.getvalue()


def _epub_safe(svg: bytes) -> bytes:
    """SVG as EPUB 3 accepts it (epubcheck): no DOCTYPE naming the external SVG 1.1 DTD, and a
    ``d`` on every ``path`` (matplotlib writes the glyph of a space as a path without one)."""
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg.decode("utf-8"), count=1)
    text = re.sub(r"<path(?![^>]*\sd=)([^>]*?)(/?)>", r'<path d=""\1\2>', text)
    return text.encode("utf-8")


def _epoch() -> datetime.datetime | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)


def _draw_itinerary(figure: Any, data: dict[str, Any], chinese: bool) -> None:
    import matplotlib.dates as mdates

    events, spans = data["events"], data["spans"]
    say = {"span": "{label}: {days} days", "days": "{days} days", "month": "{month_name} {year}",
           **data.get("say", {})}
    figure.set_size_inches(6.3, 3.3)
    axes = figure.add_subplot()
    if not events:
        axes.set_axis_off()
        return
    dates = [parse_date(e["date"]) for e in events]
    first, last = min(dates), max(dates)
    pad = datetime.timedelta(days=max(4, (last - first).days // 12))
    axes.set_xlim(first - pad, last + pad)
    axes.axhline(0, color="#444444", linewidth=0.8, zorder=1)
    shades = ("#cfdced", "#f0ddb8", "#d5e6cc")
    from matplotlib.patches import Patch

    handles = []
    for i, span in enumerate(spans):
        start, end = parse_date(span["start"]), parse_date(span["end"])
        colour = shades[i % len(shades)]
        axes.fill_between([start, end], -0.16, 0.16, color=colour, zorder=0, linewidth=0)
        days = (end - start).days
        label = (say["span"].format(label=span["label"], days=days) if span["label"]
                 else say["days"].format(days=days))
        handles.append(Patch(facecolor=colour, edgecolor="none", label=label))
    if handles:
        figure.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False,
                      fontsize=7.5, bbox_to_anchor=(0.5, -0.06), handlelength=2.2)
    renderer = figure.canvas.get_renderer()
    levels = (1.0, -1.0, 2.0, -2.0, 3.0, -3.0)
    axes.set_ylim(-3.9, 3.9)  # while placing the labels; narrowed to the levels used below
    placed: list[Any] = []
    used = [1.0, -1.0]
    for event, date in zip(events, dates, strict=True):
        lines = [event["shown"], event["label"]]
        if chinese and event["zh"]:
            lines.append(event["zh"])
        for level in levels:
            text = axes.text(date, level, "\n".join(lines), ha="center",
                             va="bottom" if level > 0 else "top", fontsize=7.5,
                             linespacing=1.25, zorder=3)
            box = text.get_window_extent(renderer).expanded(1.06, 1.02)
            if not any(box.overlaps(other) for other in placed) or level == levels[-1]:
                placed.append(box)
                used.append(level)
                break
            text.remove()
        tip = level - 0.12 if level > 0 else level + 0.12
        axes.plot([date, date], [0, tip], color="#777777", linewidth=0.6, zorder=1)
        axes.plot([date], [0], marker="o", markersize=4, color="#8e3b2f", zorder=4)
    top = max(used) + 0.9
    bottom = min(used) - 0.9
    axes.set_ylim(bottom, top)
    axes.yaxis.set_visible(False)
    for side in ("left", "right", "top"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_position(("data", bottom))
    axes.xaxis.set_major_locator(mdates.MonthLocator())
    axes.xaxis.set_major_formatter(
        lambda value, _: _month(mdates.num2date(value), say["month"]))
    axes.xaxis.set_minor_locator(mdates.DayLocator(bymonthday=(8, 15, 22)))
    # The text may reach past the axis: let the tight bounding box include it.
    figure.subplots_adjust(left=0.02, right=0.98, top=0.98, bottom=0.1)


def _month(date: datetime.date, template: str) -> str:
    """An axis's month: "December 1949", or as the template of the build's language has it."""
    return template.format(month_name=calendar.month_name[date.month], month=date.month,
                           year=date.year)


def _draw_bars(figure: Any, data: dict[str, Any]) -> None:
    bars, unit = data["bars"], data["unit"]
    figure.set_size_inches(6.3, 0.9 + 0.3 * max(1, len(bars)))
    axes = figure.add_subplot()
    groups = list(dict.fromkeys(b["group"] for b in bars if b["group"]))
    colours = {}
    others = iter(OTHER_COLOURS * 3)
    for group in groups:
        colours[group] = GROUP_COLOURS.get(group) or next(others)
    positions = list(range(len(bars)))[::-1]
    peak = max((b["value"] for b in bars), default=1) or 1
    for y, bar in zip(positions, bars, strict=True):
        colour = colours.get(bar["group"], "#6b6b6b")
        axes.barh(y, bar["value"], height=0.62, color=colour if not bar["disputed"] else "white",
                  edgecolor=colour, hatch="////" if bar["disputed"] else None, linewidth=0.8)
        shown = f"{bar['value']:,.1f}".removesuffix(".0")
        axes.text(bar["value"] + peak * 0.01, y, ("≈ " if bar["approx"] else "") + shown,
                  va="center", ha="left", fontsize=7.5, color="#222222")
    axes.set_yticks(positions)
    axes.set_yticklabels([f"{b['label']}" + (f"  ({b['date']})" if b["date"] else "")
                          for b in bars])
    axes.tick_params(axis="y", length=0)
    axes.set_xlim(0, peak * 1.13)
    axes.xaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.set_xlabel(unit)
    axes.grid(axis="x", color="#dddddd", linewidth=0.5)
    axes.set_axisbelow(True)
    for side in ("right", "top"):
        axes.spines[side].set_visible(False)
    from matplotlib.patches import Patch

    shown = data.get("groups", {})
    handles = [Patch(facecolor=colours[g], edgecolor=colours[g], label=shown.get(g, g))
               for g in groups]
    if any(b["disputed"] for b in bars):
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="////",
                             label=data.get("say", {}).get("disputed", "disputed (derived)")))
    if handles:
        axes.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                    ncol=len(handles), frameon=False, fontsize=7.5, borderaxespad=0.2)


def chart_name(chart: str, data: str, fmt: str) -> str:
    """The file a chart is drawn into: a hash of what decides its bytes (the data, the drawing's
    style, matplotlib's version, and for a PDF its date), found without importing matplotlib."""
    key = json.dumps([chart, data, fmt, FIGURE_STYLE_VERSION, _matplotlib_version(),
                      os.environ.get("SOURCE_DATE_EPOCH", "") if fmt == "pdf" else ""])
    return f"registry-{chart}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.{fmt}"


@functools.cache
def _matplotlib_version() -> str:
    from importlib.metadata import version

    return version("matplotlib")


def draw_into(directory: Path, chart: str, data: str, fmt: str) -> str:
    """Draw a chart into ``directory`` (once: the name is a hash of what is drawn); its name.

    A chart drawn before, into any output directory of any build on this machine, is copied from
    the chart cache (:func:`cache_directory`) instead of being drawn again."""
    name = chart_name(chart, data, fmt)
    path = directory / name
    if path.exists():
        return name
    cached = _cached_path(name)
    if cached is not None and cached.exists():
        content = cached.read_bytes()
    else:
        content = draw(chart, json.loads(data), fmt)
        if cached is not None:
            _write(cached, content)
    _write(path, content)
    return name


def _write(path: Path, content: bytes) -> None:
    """Write ``content`` whole or not at all (parallel builds may write the same chart)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(content)
    temporary.replace(path)


def cache_directory() -> Path:
    """Where drawn charts are kept between builds: ``$XDG_CACHE_HOME/sino-soviet-relations/charts``
    (``~/.cache/…`` by default), as matplotlib keeps its font list in ``~/.cache/matplotlib``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "sino-soviet-relations", "charts")


def _cached_path(name: str) -> Path | None:
    """The cache file of the chart ``name``, or None when the cache cannot be trusted.

    A chart's bytes also depend on the fonts matplotlib knows (Chinese labels are drawn only with a
    CJK font), which matplotlib reads from its font list file: the cache is keyed by that file, so
    a chart drawn before a font was installed (and the list rebuilt) is not reused after. Without
    the file (matplotlib has not run yet) there is nothing to key by, and the chart is drawn."""
    font_lists = sorted(_matplotlib_cache().glob("fontlist-v*.json"))
    if not font_lists:
        return None
    fonts = hashlib.sha256(b"".join(path.read_bytes() for path in font_lists)).hexdigest()[:16]
    return cache_directory() / fonts / name


def _matplotlib_cache() -> Path:
    """matplotlib's cache directory, found as ``matplotlib.get_cachedir()`` finds it, without
    importing matplotlib."""
    if configured := os.environ.get("MPLCONFIGDIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base, "matplotlib")
