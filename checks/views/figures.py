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
a fact it draws changes, see :mod:`checks.domain`) and kept on the node with the alt text, which
is generated from the same data (the option ``alt`` is its first sentence). The chart is drawn
when the page is written (:mod:`checks.views.drawing`): SVG for HTML and EPUB (``_images/``),
PDF for LaTeX.

The short labels are the author's and are drawn into the image, where the checks cannot read them:
they must name events, not state dates or figures; a label in which the checks' scanner finds one
is a warning (``checks.figure_label``).
"""

from __future__ import annotations

import json
import posixpath
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging

from ..model import DateValue, Fact, Figure
from ..notation import SCALES, format_date_short, format_value
from ..scan import scan
from ..warnings import WARNING_TYPE, Subtype
from ..wording import wording
from .drawing import draw_into, parse_date
from .nodes import registry_chart
from .record import Chart
from .values import GeneratingDirective, parse_caption

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec

logger = logging.getLogger(__name__)


def _lines(text: str | None) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")]
            for line in (text or "").splitlines() if line.strip()]


class RegistryFigure(GeneratingDirective):
    required_arguments = 1

    def words(self, fact: Fact) -> str:
        """The fact's value as the book writes it, with the book's currencies and units."""
        return format_value(fact, "en", self.project.units)

    def shown(self, fact: Fact) -> str:
        """The fact's value as the chart's reader reads it, in the notation of the build."""
        return format_value(fact, self.notation, self.project.units)

    def fact_label(self, fact: Fact) -> str:
        """The registry's label of a fact the author gave no label (a Chinese edition's own)."""
        self.registry_labels.append(fact.id)
        return fact.label_zh if self.notation == "zh" and fact.label_zh else fact.label

    has_content = True
    kind = "figure"
    option_spec: ClassVar[OptionSpec] = {
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
        #: The facts whose label the chart draws (no short label given): read again when one
        #: changes (see :func:`checks.domain.on_env_get_outdated`).
        self.registry_labels: list[str] = []
        #: The words the author gave the chart (its catalogue's messages in a translation).
        self.texts: list[str] = []
        kind = self.arguments[0].strip()
        if kind == "itinerary":
            data = self.itinerary()
        elif kind == "bars":
            data = self.bars()
        else:
            logger.warning("{registry-figure}: unknown chart %r (itinerary or bars)", kind,
                           location=self.get_location(), type=WARNING_TYPE,
                           subtype=Subtype.PAGE_UNKNOWN)
            return []
        intro = self.options.get("alt", "").strip()
        data_json = json.dumps(data, sort_keys=True, ensure_ascii=False)
        texts = [intro, *self.texts] if intro else self.texts
        chart = registry_chart(chart=kind, data=data_json, intro=intro,
                               texts=list(dict.fromkeys(texts)))
        chart.source, chart.line = self.get_source_info()
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
        self.note_view(chart=Chart(kind, data_json), labels=self.registry_labels)
        return [figure]

    def fact(self, fact_id: str, kind: str) -> Any:
        """The registered fact ``fact_id``, if of ``kind``; drawn from the registry, so a
        generated mention too (the checks report an unknown id, with the nearest, here)."""
        fact = self.facts.get(fact_id)
        self.mention(fact_id, self.words(fact) if fact is not None else "")
        if fact is None:
            return None
        if kind == "date" and not isinstance(fact.value, DateValue):
            logger.warning("{registry-figure}: %r is not a date", fact_id,
                           location=self.get_location(), type=WARNING_TYPE,
                           subtype=Subtype.FIGURE_KIND)
            return None
        if kind == "number" and not isinstance(fact.value, Figure):
            logger.warning("{registry-figure}: %r is not a figure", fact_id,
                           location=self.get_location(), type=WARNING_TYPE,
                           subtype=Subtype.FIGURE_KIND)
            return None
        return fact

    def check_label(self, label: str) -> str:
        if scan(label):
            logger.warning("{registry-figure}: the label %r states a date or figure; the chart "
                           "takes those from the registry", label,
                           location=self.get_location(), type=WARNING_TYPE,
                           subtype=Subtype.FIGURE_LABEL)
        return label

    def authored(self, text: str) -> str:
        """A label the author wrote: checked, and a message of the document's catalogue."""
        if text:
            self.texts.append(text)
        return self.check_label(text)

    def itinerary(self) -> dict[str, Any]:
        # The Chinese label as a third line, in an edition whose labels are not Chinese already.
        chinese = self.options.get("chinese", "true") == "true" and self.notation != "zh"
        events, spans = [], []
        for cells in _lines(self.options.get("events")):
            fact = self.fact(cells[0], "date")
            if fact is None:
                continue
            label = self.authored(cells[1]) if len(cells) > 1 else self.fact_label(fact)
            value = fact.value
            events.append({"date": value.iso(), "precision": value.precision, "label": label,
                           "zh": (fact.label_zh or "") if chinese else "",
                           "shown": format_date_short(value, self.notation),
                           "words": self.shown(fact)})
        for cells in _lines(self.options.get("spans")):
            start, end = (self.fact(i, "date") for i in cells[:2])
            if start is None or end is None:
                continue
            label = self.authored(cells[2] if len(cells) > 2 else "")
            spans.append({"start": start.value.iso(), "end": end.value.iso(), "label": label,
                          "from": self.shown(start), "to": self.shown(end)})
        events.sort(key=lambda e: e["date"])
        say = self.say
        return {"events": events, "spans": spans,
                "say": {"span": say("{label}: {days} days"), "days": say("{days} days"),
                        "month": say("{month_name} {year}")}}

    def bars(self) -> dict[str, Any]:
        unit = self.options.get("unit", "").strip()
        scale = unit.split(" ", 1)[0]
        divisor = SCALES.get(scale, Decimal(1))
        bars, groups = [], {}
        for cells in _lines(self.options.get("bars")):
            cells += [""] * (4 - len(cells))
            date_id, amount_id, label, group = cells[:4]
            date = self.fact(date_id, "date") if date_id not in ("", "-") else None
            amount = self.fact(amount_id, "number")
            if amount is None:
                continue
            label = self.authored(label) if label else self.fact_label(amount)
            if group:
                groups[group] = self.authored(group)
            value = amount.value.value / divisor
            bars.append({"label": label, "group": group,
                         "date": (format_date_short(date.value, self.notation)
                                  if date is not None else ""),
                         "value": float(value), "approx": amount.precision != "exact",
                         "disputed": amount.disputed, "words": self.shown(amount),
                         "when": self.shown(date) if date is not None else ""})
        if unit:
            self.authored(unit)
        return {"bars": bars, "unit": unit, "groups": groups,
                "say": {"disputed": self.say("disputed (derived)")}}


def chart_alt(node: registry_chart, language: str | None) -> str:
    """The chart's text equivalent, in the build's language: the author's words (translated
    where the catalogue has them), then every value it draws."""
    say = wording(language)
    data = json.loads(node["data"])
    items = [say("{label}, {words}", label=e["label"], words=e["words"])
             for e in data.get("events", [])]
    for span in data.get("spans", []):
        days = (parse_date(span["end"]) - parse_date(span["start"])).days
        items.append(say("{label}: {start} to {end}, {days} days", label=span["label"],
                         start=span["from"], end=span["to"], days=days))
    for bar in data.get("bars", []):
        when = say(", {date}", date=bar["when"]) if bar["when"] else ""
        items.append(say("{label}{when}: {words}", label=bar["label"], when=when,
                         words=bar["words"]))
    if not items:
        return str(node.get("intro", ""))
    listed = say("; ").join(items)
    if node["chart"] == "itinerary":
        described = say("Events on a time axis: {items}.", items=listed)
    else:
        described = say("Bar chart, in the order of the list: {items}.", items=listed)
    intro = node.get("intro", "")
    return say("{intro} {description}", intro=intro, description=described) if intro else described


# -- Writing ---------------------------------------------------------------------------------------


def visit_chart_html(self: Any, node: registry_chart) -> None:
    builder = self.builder
    name = draw_into(Path(builder.outdir, builder.imagedir), node["chart"], node["data"], "svg")
    style = f' style="width: {self.attval(node["width"])}"' if node.get("width") else ""
    self.body.append(f'<img src="{posixpath.join(builder.imgpath, name)}" '
                     f'alt="{self.attval(chart_alt(node, builder.config.language))}" '
                     f'class="registry-chart"{style} />')
    raise nodes.SkipNode


def visit_chart_latex(self: Any, node: registry_chart) -> None:
    name = draw_into(Path(self.builder.outdir), node["chart"], node["data"], "pdf")
    stem, suffix = name.rsplit(".", 1)
    width = r"\linewidth"
    if node.get("width", "").endswith("%"):
        width = f"{float(node['width'][:-1]) / 100:.2f}\\linewidth"
    self.body.append(f"\n\\noindent\\sphinxincludegraphics[width={width}]{{{{{stem}}}.{suffix}}}\n")
    raise nodes.SkipNode


def visit_chart_text(self: Any, node: registry_chart) -> None:
    self.add_text(f"[{chart_alt(node, self.builder.config.language)}]")
    raise nodes.SkipNode


def visit_chart_body(self: Any, node: registry_chart) -> None:
    self.body.append(f"[{chart_alt(node, self.builder.config.language)}]")
    raise nodes.SkipNode


def setup_figures(app: Sphinx) -> None:
    app.add_node(registry_chart,
                 html=(visit_chart_html, None),
                 latex=(visit_chart_latex, None),
                 text=(visit_chart_text, None),
                 man=(visit_chart_body, None),
                 texinfo=(visit_chart_body, None))
    app.add_directive("registry-figure", RegistryFigure)
