"""Readable colours: secondary text with at least 4.5:1 contrast (WCAG AA), and a dark palette that follows the
system's colour scheme (or NEWSDESK_THEME=dark|light where the desktop does not report one)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from .editor.style import luminance, mix

MIN_CONTRAST = 4.5
_MUTED = "newsdeskMuted"  # a widget property: secondary text, re-coloured when the palette changes


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def muted_colour(text: QColor, background: QColor, target: float = MIN_CONTRAST + 0.3) -> QColor:
    """``text`` faded towards ``background`` as far as it can go while keeping ``target`` contrast."""
    best = text
    for step in range(1, 20):
        candidate = mix(text, background, step / 20)
        if contrast(candidate, background) < target:
            break
        best = candidate
    return best


def mute(widget: QWidget) -> None:
    """Show secondary text (metadata, hints) lighter than body text but still readable (instead of the
    disabled look, whose grey on grey is about 1.6:1)."""
    widget.setProperty(_MUTED, True)
    _apply_muted(widget)


def _apply_muted(widget: QWidget) -> None:
    pal = widget.palette()
    app_pal = QApplication.palette()
    colour = muted_colour(app_pal.color(QPalette.ColorRole.WindowText), app_pal.color(QPalette.ColorRole.Window))
    pal.setColor(QPalette.ColorRole.WindowText, colour)
    pal.setColor(QPalette.ColorRole.Text, colour)
    widget.setPalette(pal)


def dark_palette() -> QPalette:
    pal = QPalette()
    window, base, text = QColor("#202124"), QColor("#17181A"), QColor("#E8EAED")
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor("#26272B")),
                         (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, QColor("#2D2E31")),
                         (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.ToolTipBase, QColor("#303134")),
                         (QPalette.ColorRole.ToolTipText, text), (QPalette.ColorRole.Highlight, QColor("#8AB4F8")),
                         (QPalette.ColorRole.HighlightedText, QColor("#000000")),
                         (QPalette.ColorRole.PlaceholderText, QColor("#9AA0A6")),
                         (QPalette.ColorRole.Link, QColor("#8AB4F8")),
                         (QPalette.ColorRole.BrightText, QColor("#FFFFFF"))):  # fmt: skip
        pal.setColor(role, colour)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9AA0A6"))  # 6.6:1 on the window colour
    return pal


def wants_dark() -> bool:
    chosen = os.environ.get("NEWSDESK_THEME", "").strip().lower()
    if chosen in ("dark", "light"):
        return chosen == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication) -> None:
    """Light or dark as the system says; follows a change of the system's scheme while running."""
    if wants_dark():
        app.setStyle("Fusion")  # draws every widget from the palette (native styles may ignore a dark one)
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
    for widget in app.allWidgets():
        if widget.property(_MUTED):
            _apply_muted(widget)


def follow_system_theme(app: QApplication) -> None:
    apply_theme(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
