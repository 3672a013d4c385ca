"""Helpers for the editor tests: build annotations by text, aim the mouse at code points."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from desktop.domain.model import Claim, Review, Span
from desktop.ui.editor import AnnotatedTextView


def span(sid: str, text: str, needle: str, label: str, status: Review = Review.ACCEPTED, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(id=sid, article_id="a1", start=start, end=start + len(needle), label=label, status=status)


def claim(cid: str, text: str, needle: str, status: Review = Review.ACCEPTED) -> Claim:
    start = text.index(needle)
    return Claim(id=cid, article_id="a1", start=start, end=start + len(needle), status=status)


def char_point(view: AnnotatedTextView, cp: int) -> QPoint:
    """Viewport point in the middle of the character at code point ``cp``."""
    qs = view.edge.to_qt(cp)
    qe = view.edge.to_qt(cp + 1)
    c = QTextCursor(view.document())
    c.setPosition(qs)
    r1 = view.cursorRect(c)
    c.setPosition(qe)
    r2 = view.cursorRect(c)
    x = (r1.center().x() + r2.center().x()) // 2 if abs(r2.center().y() - r1.center().y()) < 2 else r1.x() + 2
    return QPoint(x, r1.center().y())


def settle(qtbot, view: AnnotatedTextView) -> None:  # type: ignore[no-untyped-def]
    """Wait until the view has painted its first visible block (formats are applied lazily on paint)."""
    view.viewport().update()
    qtbot.waitUntil(lambda: view.is_block_formatted(view.firstVisibleBlock().blockNumber()), timeout=2000)


def boundary_point(view: AnnotatedTextView, cp: int) -> QPoint:
    """Viewport point exactly on the caret position before code point ``cp``."""
    c = QTextCursor(view.document())
    c.setPosition(view.edge.to_qt(cp))
    r = view.cursorRect(c)
    return QPoint(r.x(), r.center().y())
