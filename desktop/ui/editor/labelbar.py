"""LabelBar: one button per label (key, name, colour); a click is the same as the number key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget

from desktop.domain.model import LabelDef
from desktop.ui import plain

from .style import LabelStyle
from .view import AnnotatedTextView


def _button_css(style: LabelStyle) -> str:
    c = style.colour.name()
    t = style.text.name()
    o = style.outline.name()
    return (
        f"QToolButton {{ background: {c}; color: {t}; border: 1px solid {o}; border-radius: 3px;"
        " padding: 2px 6px; font-weight: bold; }"
        f"QToolButton:pressed {{ border: 2px solid {t}; }}"
    )


class LabelBar(QWidget):
    """A row of label buttons for ``view``; follows the view's label set."""

    def __init__(self, view: AnnotatedTextView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._layout.setSpacing(4)
        self._buttons: dict[str, QToolButton] = {}
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        view.annotationsChanged.connect(self._sync)
        self._shown: list[tuple[str, str, str | None]] = []
        self._sync()

    def button(self, label: str) -> QToolButton | None:
        return self._buttons.get(label)

    def _sync(self) -> None:
        labels = self._view.labels()
        key = [(ld.name, ld.colour, ld.key) for ld in labels]
        if key == self._shown:
            return
        self._shown = key
        self._rebuild(labels)

    def _rebuild(self, labels: list[LabelDef]) -> None:
        for b in self._buttons.values():
            self._layout.removeWidget(b)
            b.deleteLater()
        self._buttons = {}
        while self._layout.count():
            self._layout.takeAt(0)
        # Keyed labels first, in key order, then the rest.
        ordered = sorted(labels, key=lambda ld: (ld.key is None, ld.key or "", ld.name))
        for ld in ordered:
            b = QToolButton(self)
            b.setText(f"{ld.key} {ld.name}" if ld.key else ld.name)
            b.setToolTip(plain.tip(ld.description or f"Label the selection as {ld.name}"))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard (and selection) in the text
            b.setStyleSheet(_button_css(self._view.style_for(ld.name)))
            b.clicked.connect(lambda _=False, name=ld.name: self._view.apply_label(name))
            self._layout.addWidget(b)
            self._buttons[ld.name] = b
        self._layout.addStretch(1)
