"""The centre of the window: the open article's heading, a notice line, the label bar and the editor."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.domain.model import Document, LabelDef
from desktop.domain.ports import Token

from . import theme
from .editor import AnnotatedTextView, LabelBar

NOTICE_MS = 6000


class NoticeBar(QLabel):
    """A non-blocking, self-hiding line above the text (e.g. why an action was refused)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet("QLabel { background: #FFF3CD; color: #5C4400; border: 1px solid #E0C36A;"
                           " border-radius: 3px; padding: 4px 8px; }")  # fmt: skip
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def notify(self, message: str) -> None:
        """Float over the bottom of the text (never inserted above it: the text does not move)."""
        self.setText(message)
        self.place()
        self.show()
        self.raise_()
        self._timer.start(NOTICE_MS)

    def place(self) -> None:
        over = self.parentWidget()
        if over is None:
            return
        width = max(200, over.width() - 24)
        height = self.heightForWidth(width) if self.hasHeightForWidth() else self.sizeHint().height()
        self.setGeometry(12, max(0, over.height() - height - 12), width, height)


class ArticlePane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article_id: str | None = None
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25 if font.pointSizeF() > 0 else 12)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        theme.mute(self.meta)
        self.view = AnnotatedTextView(self)
        self.notice = NoticeBar(self.view)  # a child of the text view, on top of it, outside the layout
        self.view.setObjectName("articleText")
        # Many labels do not fit in one row: the bar wraps to more rows (every label in view, none scrolled away).
        self.label_bar = LabelBar(self.view, self)
        self.placeholder = QLabel("No article open. Import articles with File > Import…", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.mute(self.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.label_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.placeholder, 1)
        self._show_placeholder(True)

    def _show_placeholder(self, empty: bool) -> None:
        self.placeholder.setVisible(empty)
        for w in (self.title, self.meta, self.label_bar, self.view):
            w.setVisible(not empty)

    def show_document(self, doc: Document, labels: list[LabelDef],
                      tokens: Callable[[str], Sequence[Token]] | Sequence[Token]) -> None:  # fmt: skip
        self.article_id = doc.id
        self._heading(doc)
        self.view.set_document(doc.text, doc.spans, doc.claims, labels, tokens)
        self.view.set_relations(doc.relations)
        self._show_placeholder(False)

    def update_document(self, doc: Document) -> None:
        """New annotations for the open article (the text is the same)."""
        self._heading(doc)
        self.view.update_annotations(doc.spans, doc.claims)
        self.view.set_relations(doc.relations)

    def _heading(self, doc: Document) -> None:
        meta = doc.article.meta
        self.title.setText(meta.title or "(untitled)")
        parts = [p for p in (meta.source, meta.published) if p]
        parts.append(str(doc.article.status).replace("_", " "))
        if doc.article.annotated_by:
            parts.append(f"suggestions by {doc.article.annotated_by}")
        else:
            parts.append("not pre-annotated yet")
        self.meta.setText(" · ".join(parts))

    def clear(self) -> None:
        self.article_id = None
        self._show_placeholder(True)
