"""The EPUB's cover, drawn from the title page: title, subtitle and author, as a PNG.

Pure: :func:`title_page` reads the root document's doctree, :func:`draw_cover` returns the PNG's
bytes; the builder (:mod:`.package`) writes them into the EPUB and names the image in the OPF. The
title page is what the PDF's is (``_ext/sinosoviet/pdf/book.py``): the root document's title, its
first paragraph as the subtitle when it is all in italics, and ``epub_author``.

The drawing is deterministic, so that the EPUB stays byte-identical from build to build: the type
is DejaVu Serif, which matplotlib ships (never a font of the system), lines are broken by measuring
the words in that font, and the PNG carries no date and no software version. 1600 by 2560 pixels,
the proportions (1:1.6) and size the stores ask for. Chinese (the Chinese edition's title page)
is set in Noto Serif CJK SC where the system has it, upright, and broken between any two
characters.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from typing import Literal

from docutils import nodes

WIDTH, HEIGHT, DPI = 1600, 2560, 200
MARGIN = 0.12  # of the width, on each side
FONT = "DejaVu Serif"
#: The face of Chinese on the cover, after DejaVu Serif (which has no Chinese).
CJK_FONT = "Noto Serif CJK SC"
#: A character of Chinese text: Han, and the CJK and full-width punctuation set among it.
_CJK_CHARS = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
CJK = re.compile(f"[{_CJK_CHARS}]")
#: What a line may be broken between: a word of Latin text, or one character of Chinese.
TOKENS = re.compile(f"[{_CJK_CHARS}]|[^\\s{_CJK_CHARS}]+")
BACKGROUND = "#6f1d1b"  # a deep red
INK = "#f6efe0"  # ivory
ACCENT = "#d9b26f"  # the rules: a muted gold
#: A title that ends with its years ("…, 1917–1991").
DATES = re.compile(r"(.+), (\d{3,4}\s*[–-]\s*\d{3,4})$")
#: The same in Chinese: "中苏关系（1917—1991）".
DATES_ZH = re.compile(r"(.+)（(\d{3,4}\s*[–—-]\s*\d{3,4})）$")


@dataclass(frozen=True, slots=True)
class TitlePage:
    title: str
    subtitle: str
    author: str

    @property
    def text(self) -> str:
        """What the cover says, as one sentence: the image's text alternative."""
        if CJK.search(self.title):
            title = f"{self.title}：{self.subtitle}" if self.subtitle else self.title
            return f"封面：{title}。{self.author}。"
        title = f"{self.title}: {self.subtitle}" if self.subtitle else self.title
        return f"Cover: {title}. {self.author}."


def title_page(doctree: nodes.document, author: str) -> TitlePage:
    """The title (the first section's), and the subtitle: the first paragraph, when it is one
    piece of italics (``*Mao Zedong's journey …*`` under index.md's title)."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return TitlePage("", "", author)
    title = next(iter(section.findall(nodes.title)))
    first = next((node for node in section.children if isinstance(node, nodes.paragraph)), None)
    italic = (first is not None and len(first.children) == 1
              and isinstance(first[0], nodes.emphasis))
    return TitlePage(title.astext(), first.astext() if italic and first else "", author)


def draw_cover(page: TitlePage) -> bytes:
    """The cover as PNG bytes, the same for the same title page."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D

    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=BACKGROUND)
    canvas = FigureCanvasAgg(figure)  # this figure's own canvas: no global backend is changed
    renderer = canvas.get_renderer()
    usable = WIDTH * (1 - 2 * MARGIN)

    from matplotlib import font_manager

    chinese = CJK_FONT in {font.name for font in font_manager.fontManager.ttflist}
    families = [FONT, CJK_FONT] if chinese else [FONT]

    def lines(text: str, font: FontProperties) -> list[str]:
        """``text`` broken into lines no wider than the usable width, measured in ``font``:
        between words, and between any two characters of Chinese."""
        result: list[str] = []
        for word in TOKENS.findall(text):
            joined = not result or CJK.match(word) or CJK.search(result[-1][-1])
            trial = (result[-1] + ("" if joined else " ") + word) if result else word
            width, _, _ = renderer.get_text_width_height_descent(trial, font, ismath=False)
            if result and width <= usable:
                result[-1] = trial
            else:
                result.append(word)
        return result

    def block(text: str, top: float, size: float,
              style: Literal["normal", "italic"] = "normal", weight: str = "normal") -> float:
        """Draw ``text`` centred from ``top`` (a fraction of the height, from the top); return
        where the next block may start."""
        if CJK.search(text):
            style = "normal"  # Chinese has no italic
        font = FontProperties(family=families, size=size, style=style, weight=weight)
        step = size * 1.3 / 72 * DPI / HEIGHT  # the line height, as a fraction of the height
        for number, line in enumerate(lines(text, font)):
            figure.text(0.5, 1 - top - number * step, line, fontproperties=font, color=INK,
                        ha="center", va="top")
        return top + len(lines(text, font)) * step

    def rule(at: float) -> None:
        figure.add_artist(Line2D([MARGIN, 1 - MARGIN], [1 - at, 1 - at], color=ACCENT,
                                 linewidth=2.5))

    rule(0.14)
    # "Sino-Soviet Relations, 1917–1991", "中苏关系（1917—1991）": the years set apart
    dated = DATES.match(page.title) or DATES_ZH.match(page.title)
    title, dates = dated.groups() if dated else (page.title, "")
    below = block(title, 0.19, 44, weight="bold")
    if dates:
        below = block(dates, below + 0.015, 34)
    rule(below + 0.035)
    if page.subtitle:
        block(textwrap.shorten(page.subtitle, 200, placeholder=" …"), below + 0.075, 22,
              style="italic")
    block(page.author, 0.84, 17)
    rule(0.93)

    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, facecolor=BACKGROUND,
                   metadata={"Software": None})
    return out.getvalue()
