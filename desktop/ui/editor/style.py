"""Colours and fonts of the annotation layers, derived from the label set and the palette."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette

from desktop.domain.labels import fallback_colour
from desktop.domain.model import LabelDef


def luminance(c: QColor) -> float:
    """WCAG relative luminance."""

    def chan(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * chan(c.redF()) + 0.7152 * chan(c.greenF()) + 0.0722 * chan(c.blueF())


def contrast_text(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    lum = luminance(fill)
    on_black = (lum + 0.05) / 0.05
    on_white = 1.05 / (lum + 0.05)
    return QColor("#000000") if on_black >= on_white else QColor("#FFFFFF")


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` blended towards ``b`` by ``t`` (0 = a, 1 = b)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Base)) < 0.25


@dataclass(frozen=True, slots=True)
class LabelStyle:
    name: str
    colour: QColor  # the label's own colour: accepted fill, outlines, tag chip
    suggested_fill: QColor  # lighter (or, on dark bases, dimmer) fill for suggestions
    text: QColor  # text colour on the accepted fill
    suggested_text: QColor  # text colour on the suggested fill
    outline: QColor
    tag_text: QColor
    tag_width: float  # room reserved after the span for the tag chip, in pixels


TAG_PAD = 3.0  # pixels of padding inside the chip
TAG_GAP = 3.0  # pixels between span text and chip, and after the chip


def tag_font(base: QFont) -> QFont:
    f = QFont(base)
    size = base.pointSizeF()
    if size > 0:
        f.setPointSizeF(max(6.0, size * 0.68))
    else:
        f.setPixelSize(max(8, round(base.pixelSize() * 0.68)))
    f.setBold(True)
    return f


def build_styles(labels: list[LabelDef], palette: QPalette, font: QFont) -> dict[str, LabelStyle]:
    base = palette.color(QPalette.ColorRole.Base)
    fm = QFontMetricsF(tag_font(font))
    styles: dict[str, LabelStyle] = {}
    for ld in labels:
        styles[ld.name] = make_style(ld.name, ld.colour, base, fm)
    return styles


def make_style(name: str, colour: str, base: QColor, fm: QFontMetricsF) -> LabelStyle:
    c = QColor(colour)
    if not c.isValid():
        c = QColor(fallback_colour(name))
    dark = luminance(base) < 0.25
    sfill = mix(c, base, 0.55 if dark else 0.6)
    outline = c.lighter(130) if dark else c.darker(150)
    width = fm.horizontalAdvance(name) + 2 * TAG_PAD + 2 * TAG_GAP
    return LabelStyle(
        name=name,
        colour=c,
        suggested_fill=sfill,
        text=contrast_text(c),
        suggested_text=contrast_text(sfill),
        outline=outline,
        tag_text=contrast_text(c),
        tag_width=width,
    )


def claim_colour(palette: QPalette, suggested: bool) -> QColor:
    """Claims are drawn in a purple that is not in the label palette."""
    c = QColor("#D291FF") if is_dark(palette) else QColor("#6A1B9A")
    if suggested:
        c.setAlphaF(0.75)
    return c


def selection_colour(palette: QPalette) -> QColor:
    return QColor("#FFFFFF") if is_dark(palette) else QColor("#000000")
