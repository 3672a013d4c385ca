"""LabelBar: one button per label (key, name, colour); a click is the same as the number key."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QMenu, QSizePolicy, QToolButton, QWidget

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


class FlowLayout(QLayout):
    """Left to right, wrapping to a new row when the width runs out (every button stays in view)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt override)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt override)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt override)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt override)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        left, top, right = rect.x() + m.left(), rect.y() + m.top(), rect.right() - m.right()
        x, y, row = left, top, 0
        gap = self.spacing()
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > right + 1 and x > left:
                x, y, row = left, y + row + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            row = max(row, hint.height())
        return y + row - rect.y() + m.bottom()


class LabelBar(QWidget):
    """A row of label buttons for ``view``; follows the view's label set."""

    def __init__(self, view: AnnotatedTextView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._buttons: dict[str, QToolButton] = {}
        self._more: QToolButton | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # as many rows as the width needs: no label hides behind a scroll bar
        self.setSizePolicy(policy)
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
        # Keyed labels as buttons, in key order; the others in one "More labels" menu, so the bar stays short.
        ordered = sorted(labels, key=lambda ld: (ld.key is None, ld.key or "", ld.name))
        keyed = [ld for ld in ordered if ld.key]
        others = [ld for ld in ordered if not ld.key] if len(keyed) >= 3 else []
        for ld in ordered:
            if ld in others:
                continue
            b = QToolButton(self)
            b.setText(f"{ld.key} {ld.name}" if ld.key else ld.name)
            b.setToolTip(plain.tip(ld.description or f"Label the selection as {ld.name}"))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the keyboard (and selection) in the text
            b.setStyleSheet(_button_css(self._view.style_for(ld.name)))
            b.clicked.connect(lambda _=False, name=ld.name: self._view.apply_label(name))
            self._layout.addWidget(b)
            self._buttons[ld.name] = b
        if self._more is not None:
            self._layout.removeWidget(self._more)
            self._more.deleteLater()
            self._more = None
        if others:
            more = QToolButton(self)
            more.setText(f"More labels ({len(others)})")
            more.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(more)
            for ld in others:
                action = menu.addAction(ld.name)
                action.setToolTip(ld.description or f"Label the selection as {ld.name}")
                action.triggered.connect(lambda _=False, name=ld.name: self._view.apply_label(name))
            more.setMenu(menu)
            self._layout.addWidget(more)
            self._more = more
        self.updateGeometry()
