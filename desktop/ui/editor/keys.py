"""Which keys the editor owns, and the token maths behind the resize keys (no widget state)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from desktop.domain.model import LabelDef, Span

from .tokens import ParagraphTokens, TokenIndex

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right)
OWN_KEYS = {
    Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Return, Qt.Key.Key_Enter,
    Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_C, Qt.Key.Key_L, Qt.Key.Key_Escape,
}  # fmt: skip


def label_for_key(e: QKeyEvent, labels: list[LabelDef]) -> str | None:
    """The label whose key (LabelDef.key, e.g. "3") the event types, keypad digits included."""
    text = e.text()
    if not text:
        return None
    for ld in labels:
        if ld.key is not None and ld.key == text:
            return ld.name
    return None


def is_resize_key(e: QKeyEvent) -> bool:
    """Shift+Alt+Left/Right (move the end) or Ctrl+Alt+Left/Right (move the start)."""
    mods = e.modifiers()
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
    return e.key() in ARROWS and alt and shift != ctrl


def is_own_key(e: QKeyEvent, labels: list[LabelDef]) -> bool:
    """Keys the editor handles itself (and takes from window shortcuts while it has the focus)."""
    if is_resize_key(e):
        return True
    if e.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False
    return e.key() in OWN_KEYS or label_for_key(e, labels) is not None


def nudged(
    tokens: TokenIndex | ParagraphTokens, span: Span, *, move_end: bool, forward: bool
) -> tuple[int, int] | None:
    """``span`` with one edge moved by one token; None when it cannot move or would become empty."""
    start, end = span.start, span.end
    if move_end:
        new = tokens.next_end(end) if forward else tokens.prev_end(end)
        if new is None:
            return None
        end = new
    else:
        new = tokens.next_start(start) if forward else tokens.prev_start(start)
        if new is None:
            return None
        start = new
    return (start, end) if start < end else None
