"""Figures drawn from the facts registry at build time, with matplotlib: ``{registry-figure}``.

::

    :::{registry-figure} itinerary
    ---
    name: fig-itinerary
    alt: Time axis of Mao Zedong's journey to Moscow.
    events: |
      mao-leaves-beijing | Leaves Beijing
      mao-arrives-moscow | Arrives in Moscow
    spans: |
      mao-arrives-moscow | mao-leaves-moscow | In Moscow
    ---
    The caption, in the chapter's words (its dates bound with {fact}, as anywhere else).
    :::

Two kinds of chart, the directive's argument:

``itinerary``
    Events on a time axis: ``events`` (one per line: ``date-fact-id | short label``; the Chinese
    label of the fact is added under it, ``chinese: false`` leaves it out) and, optionally,
    ``spans`` shaded along the axis (``start-id | end-id | label``; the length in days is computed
    from the dates).
``bars``
    Amounts as horizontal bars, top to bottom in the order given: ``bars`` (one per line:
    ``date-fact-id | amount-fact-id | short label | group``; ``-`` for no date; bars are coloured
    by group, hatched when the amount is disputed, marked "≈" when approximate). ``unit`` names
    the axis (``million roubles``: amounts are divided by a million).

The values are read from the registry when the document is read (the document is read again when
the registry changes, see :mod:`registry_base`) and kept on the node with the alt text, which is
generated from the same data (the option ``alt`` is its first sentence). The chart is drawn when
the page is written: SVG for HTML and EPUB (``_images/``), PDF for LaTeX (vector both), named by a
hash of what is drawn, so that an unchanged figure is not drawn again and a changed one gets a new
file. The output is deterministic: SVG ids from a fixed salt, no dates in the metadata (the PDF's
from ``SOURCE_DATE_EPOCH``), glyphs drawn as paths in DejaVu Sans (shipped with matplotlib) and,
for Chinese, Noto Sans CJK SC when the system has it (without it the Chinese labels are left out
rather than drawn as boxes).

The short labels are the author's and are drawn into the image, where the checks cannot read them:
they must name events, not state dates or figures; a label in which the checks' scanner finds one
is a warning (``registry.label``).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import posixpath
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from checks.model import DateValue, Figure
from checks.scan import scan
from registry_base import (
    code_version,
    date_key,
    generated_fact,
    get_domain,
    mention,
    parse_caption,
    project,
    words,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

LATIN_FONT = "DejaVu Sans"
CJK_FONT = "Noto Sans CJK SC"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
GROUP_COLOURS = {"military": "#8e3b2f", "economic": "#2f5f8e"}
OTHER_COLOURS = ("#6b6b6b", "#9a7d2e", "#4f7a4a")


class registry_chart(nodes.General, nodes.Element):  # noqa: N801
    """A chart to draw: ``chart`` (kind), ``data`` (JSON), ``alt``."""


# -- Reading: the directive ----------------------------------------------------------------------


def _lines(text: str | None) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")]
            for line in (text or "").splitlines() if line.strip()]


def _short_date(value: DateValue) -> str:
    if value.day is not None:
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    if value.month is not None:
        return f"{MONTHS[value.month - 1]} {value.year}"
    return str(value.year)


class RegistryFigure(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {
        "name": directives.unchanged,
        "class": directives.class_option,
        "alt": directives.unchanged,
        "width": directives.unchanged,
        "events": directives.unchanged,
        "spans": directives.unchanged,
        "bars": directives.unchanged,
        "unit": directives.unchanged,
        "chinese": lambda value: directives.choice(value or "true", ("true", "false")),
    }

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        self.project = project(self.env.srcdir, self.config)
        self.facts = self.project.registry.facts
        self.generated: list[generated_fact] = []
        if kind == "itinerary":
            data, alt = self.itinerary()
        elif kind == "bars":
            data, alt = self.bars()
        else:
            logger.warning("{registry-figure}: unknown chart %r (itinerary or bars)", kind,
                           location=self.get_location(), type="registry", subtype="unknown")
            return []
        intro = self.options.get("alt", "").strip()
        data_json = json.dumps(data, sort_keys=True, ensure_ascii=False)
        chart = registry_chart(chart=kind, data=data_json, alt=f"{intro} {alt}".strip())
        if "width" in self.options:
            chart["width"] = self.options["width"]
        figure = nodes.figure(classes=["registry-figure", *self.options.get("class", [])])
        figure["align"] = "center"
        figure += chart
        first, rest = parse_caption(self)
        if first is not None:
            caption = nodes.caption(first.rawsource, "", *first.children)
            caption.source, caption.line = first.source, first.line
            figure += caption
        if rest:
            figure += nodes.legend("", *rest)
        self.add_name(figure)
        docname = self.env.current_document.docname
        get_domain(self.env).note_chart(docname, kind, chart["data"])
        get_domain(self.env).note_generated(
            docname, "figure", [mention(docname, self.lineno, n) for n in self.generated])
        return [figure]

    # Each item read from the registry is also a generated mention, so the checks report an
    # unknown id (with the nearest one) at this line.

    def fact(self, fact_id: str, kind: str) -> Any:
        fact = self.facts.get(fact_id)
        shown = words(fact) if fact is not None else ""
        self.generated.append(generated_fact(shown, shown, fact_id=fact_id, words=shown))
        if fact is None:
            return None
        if kind == "date" and not isinstance(fact.value, DateValue):
            logger.warning("{registry-figure}: %r is not a date", fact_id,
                           location=self.get_location(), type="registry", subtype="kind")
            return None
        if kind == "number" and not isinstance(fact.value, Figure):
            logger.warning("{registry-figure}: %r is not a figure", fact_id,
                           location=self.get_location(), type="registry", subtype="kind")
            return None
        return fact

    def check_label(self, label: str) -> str:
        if scan(label):
            logger.warning("{registry-figure}: the label %r states a date or figure; the chart "
                           "takes those from the registry", label,
                           location=self.get_location(), type="registry", subtype="label")
        return label

    def itinerary(self) -> tuple[dict[str, Any], str]:
        chinese = self.options.get("chinese", "true") == "true"
        events, spans, described = [], [], []
        for cells in _lines(self.options.get("events")):
            fact = self.fact(cells[0], "date")
            if fact is None:
                continue
            label = self.check_label(cells[1] if len(cells) > 1 else fact.label)
            value = fact.value
            events.append({"date": value.iso(), "precision": value.precision, "label": label,
                           "zh": (fact.label_zh or "") if chinese else "",
                           "shown": _short_date(value)})
            described.append(f"{label}, {words(fact)}")
        for cells in _lines(self.options.get("spans")):
            start, end = (self.fact(i, "date") for i in cells[:2])
            if start is None or end is None:
                continue
            label = self.check_label(cells[2] if len(cells) > 2 else "")
            spans.append({"start": start.value.iso(), "end": end.value.iso(), "label": label})
            days = (_date(end.value.iso()) - _date(start.value.iso())).days
            described.append(f"{label}: {words(start)} to {words(end)}, {days} days")
        events.sort(key=lambda e: e["date"])
        alt = "Events on a time axis: " + "; ".join(described) + "." if described else ""
        return {"events": events, "spans": spans}, alt

    def bars(self) -> tuple[dict[str, Any], str]:
        unit = self.options.get("unit", "").strip()
        divisor = Decimal(1_000_000) if unit.startswith("million") else Decimal(1)
        bars, described = [], []
        for cells in _lines(self.options.get("bars")):
            cells += [""] * (4 - len(cells))
            date_id, amount_id, label, group = cells[:4]
            date = self.fact(date_id, "date") if date_id not in ("", "-") else None
            amount = self.fact(amount_id, "number")
            if amount is None:
                continue
            label = self.check_label(label or amount.label)
            value = amount.value.value / divisor
            bars.append({"label": label, "group": group,
                         "date": _short_date(date.value) if date is not None else "",
                         "value": float(value), "approx": amount.precision != "exact",
                         "disputed": amount.disputed})
            when = f", {words(date)}" if date is not None else ""
            described.append(f"{label}{when}: {words(amount)}")
        alt = ("Bar chart, in the order of the list: " + "; ".join(described) + "."
               if described else "")
        return {"bars": bars, "unit": unit}, alt


def _date(iso: str) -> datetime.date:
    parts = [int(p) for p in iso.split("-")]
    parts += [1] * (3 - len(parts))
    return datetime.date(*parts)


# -- Drawing ---------------------------------------------------------------------------------------


def _fonts() -> tuple[list[str], bool]:
    """The font families to draw with, and whether Chinese can be drawn."""
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    if CJK_FONT in names:
        return [LATIN_FONT, CJK_FONT], True
    return [LATIN_FONT], False


def _rc(families: list[str]) -> dict[str, Any]:
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
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)


def _draw_itinerary(figure: Any, data: dict[str, Any], chinese: bool) -> None:
    import matplotlib.dates as mdates

    events, spans = data["events"], data["spans"]
    figure.set_size_inches(6.3, 3.3)
    axes = figure.add_subplot()
    if not events:
        axes.set_axis_off()
        return
    dates = [_date(e["date"]) for e in events]
    first, last = min(dates), max(dates)
    pad = datetime.timedelta(days=max(4, (last - first).days // 12))
    axes.set_xlim(first - pad, last + pad)
    axes.axhline(0, color="#444444", linewidth=0.8, zorder=1)
    shades = ("#cfdced", "#f0ddb8", "#d5e6cc")
    from matplotlib.patches import Patch

    handles = []
    for i, span in enumerate(spans):
        start, end = _date(span["start"]), _date(span["end"])
        colour = shades[i % len(shades)]
        axes.fill_between([start, end], -0.16, 0.16, color=colour, zorder=0, linewidth=0)
        days = (end - start).days
        label = f"{span['label']}: {days} days" if span["label"] else f"{days} days"
        handles.append(Patch(facecolor=colour, edgecolor="none", label=label))
    if handles:
        figure.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False,
                      fontsize=7.5, bbox_to_anchor=(0.5, -0.06), handlelength=2.2)
    renderer = figure.canvas.get_renderer()
    levels = (1.0, -1.0, 2.0, -2.0, 3.0, -3.0)
    axes.set_ylim(-3.9, 3.9)  # while placing the labels; narrowed to the levels used below
    placed: list[Any] = []
    used = [1.0, -1.0]
    for event, date in zip(events, dates):
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
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%B %Y"))
    axes.xaxis.set_minor_locator(mdates.DayLocator(bymonthday=(8, 15, 22)))
    # The text may reach past the axis: let the tight bounding box include it.
    figure.subplots_adjust(left=0.02, right=0.98, top=0.98, bottom=0.1)


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
    for y, bar in zip(positions, bars):
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

    handles = [Patch(facecolor=colours[g], edgecolor=colours[g], label=g) for g in groups]
    if any(b["disputed"] for b in bars):
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="////",
                             label="disputed (derived)"))
    if handles:
        axes.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                    ncol=len(handles), frameon=False, fontsize=7.5, borderaxespad=0.2)


def chart_name(chart: str, data: str, fmt: str) -> str:
    """The file a chart is drawn into: a hash of all that decides its bytes."""
    import matplotlib

    families, _ = _fonts()
    key = json.dumps([chart, data, fmt, matplotlib.__version__, families, code_version(),
                      os.environ.get("SOURCE_DATE_EPOCH", "") if fmt == "pdf" else ""])
    return f"registry-{chart}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.{fmt}"


def render(node: registry_chart, directory: Path, fmt: str) -> str:
    """Draw ``node`` into ``directory`` (once: the name is a hash of what is drawn)."""
    name = chart_name(node["chart"], node["data"], fmt)
    path = directory / name
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        content = draw(node["chart"], json.loads(node["data"]), fmt)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(content)
        temporary.replace(path)
    return name


def refresh(app: Sphinx, env: Any) -> list[str]:
    """Pages whose charts this builder has not drawn are written again; charts of earlier builds
    that no page shows any more are removed (an EPUB packs every file it finds).

    Sphinx writes a page again when its source changed, not when the shared environment was
    updated by another builder (``make html`` then ``make epub`` in one build directory): without
    this, the EPUB's page would point at a chart of an older registry.
    """
    builder = app.builder
    if builder.format == "html":
        directory, fmt = Path(builder.outdir, builder.imagedir), "svg"
    elif builder.format == "latex":
        directory, fmt = Path(builder.outdir), "pdf"
    else:
        return []
    charts = get_domain(env).data.get("charts", {})
    names = {docname: {chart_name(chart, data, fmt) for chart, data in shown}
             for docname, shown in charts.items()}
    current = set().union(*names.values()) if names else set()
    if directory.is_dir():
        for path in directory.glob(f"registry-*.{fmt}"):
            if path.name not in current:
                path.unlink()
    return sorted(d for d, wanted in names.items()
                  if any(not (directory / name).exists() for name in wanted))


# -- Writing ---------------------------------------------------------------------------------------


def visit_chart_html(self: Any, node: registry_chart) -> None:
    builder = self.builder
    name = render(node, Path(builder.outdir, builder.imagedir), "svg")
    style = f' style="width: {self.attval(node["width"])}"' if node.get("width") else ""
    self.body.append(f'<img src="{posixpath.join(builder.imgpath, name)}" '
                     f'alt="{self.attval(node["alt"])}" class="registry-chart"{style} />')
    raise nodes.SkipNode


def visit_chart_latex(self: Any, node: registry_chart) -> None:
    name = render(node, Path(self.builder.outdir), "pdf")
    stem, suffix = name.rsplit(".", 1)
    width = r"\linewidth"
    if node.get("width", "").endswith("%"):
        width = f"{float(node['width'][:-1]) / 100:.2f}\\linewidth"
    self.body.append(f"\n\\noindent\\sphinxincludegraphics[width={width}]{{{{{stem}}}.{suffix}}}\n")
    raise nodes.SkipNode


def visit_chart_text(self: Any, node: registry_chart) -> None:
    self.add_text(f"[{node['alt']}]")
    raise nodes.SkipNode


def visit_chart_body(self: Any, node: registry_chart) -> None:
    self.body.append(f"[{node['alt']}]")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("registry_base")
    app.add_node(registry_chart,
                 html=(visit_chart_html, None),
                 latex=(visit_chart_latex, None),
                 text=(visit_chart_text, None),
                 man=(visit_chart_body, None),
                 texinfo=(visit_chart_body, None))
    app.add_directive("registry-figure", RegistryFigure)
    app.connect("env-updated", refresh)
    return {"version": "1.0", "env_version": code_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}
