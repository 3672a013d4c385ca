"""Text is text: the one place that makes sure nothing from data is read as markup by Qt.

Qt guesses rich text (``Qt.mightBeRichText``) for tooltips, labels and message boxes
whose text format is AutoText: a title holding ``<img src="/dev/zero">`` would load
that "image". Every widget that shows data goes through one of these:

- :func:`tip` for tooltips (``setToolTip``, ``ToolTipRole``, ``QToolTip.showText``):
  tooltips have no text-format setting, so the text is HTML-escaped inside an
  explicit rich-text paragraph; Qt then shows exactly the characters of the data.
- :func:`label` / :func:`plain_label` for QLabel: text format PlainText; :class:`ElidedLabel`
  for a plain line that may not fit (a path in the status bar): elided, the whole text in its tooltip.
- :func:`message_box` for QMessageBox: text format PlainText.
- :func:`action_text` for menu entries built from data (``&`` is a mnemonic there).

Item-view cells (DisplayRole), window titles and the status bar are always plain in
Qt and need nothing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

_OPEN = "<p style='white-space:pre-wrap'>"
_CLOSE = "</p>"


def tip(text: str | None) -> str:
    """A tooltip that shows ``text`` character for character, never as markup ("" stays "")."""
    if not text:
        return ""
    return _OPEN + html.escape(text, quote=False) + _CLOSE


def untip(shown: str) -> str:
    """The text a :func:`tip` shows (for tests and for reading a tooltip back)."""
    if shown.startswith(_OPEN) and shown.endswith(_CLOSE):
        return html.unescape(shown[len(_OPEN) : -len(_CLOSE)])
    return shown


def label(widget: QLabel) -> QLabel:
    """Make ``widget`` show its text as plain text; returns it."""
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows ``text`` as plain text."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    return widget


class ElidedLabel(QLabel):
    """A one-line plain-text label that shrinks with its layout: the text is elided in the middle
    (a path keeps its start and its file name) and the tooltip holds all of it."""

    MIN_CHARS = 12  # the least it shrinks to: a few characters and the ellipsis
    _SLACK = 8  # pixels: elidedText measures glyphs more exactly than horizontalAdvance's whole pixels

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(tip(text))
        self.updateGeometry()
        self._elide()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().sizeHint()
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + self._SLACK
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.fontMetrics().averageCharWidth() * self.MIN_CHARS, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - self._SLACK // 2
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, max(room, 0))
        if shown != self.text():
            self.setText(shown)


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A QMessageBox whose text is plain text (the caller adds buttons and calls exec())."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def action_text(text: str) -> str:
    """Menu text from data: a literal ``&`` stays an ampersand instead of becoming a mnemonic."""
    return text.replace("&", "&&")
