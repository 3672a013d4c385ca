"""The editor's context menus. Every action calls back into the view's request emitters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QMenu, QWidget

from desktop.domain.model import Claim, LabelDef, Review, Span


class Requests(Protocol):
    """The request emitters of :class:`AnnotatedTextView` the menus use."""

    def request_label(self, start: int, end: int, label: str) -> None: ...
    def request_relabel(self, span_id: str, label: str) -> None: ...
    def request_accept(self, object_id: str) -> None: ...
    def request_remove(self, object_id: str) -> None: ...
    def request_claim(self, start: int, end: int) -> None: ...
    def request_link(self, claim_id: str) -> None: ...
    def request_relate(self, span_id: str) -> None: ...
    def request_rule(self, text: str, label: str) -> None: ...


def _short(text: str, limit: int = 30) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _label_menu(parent: QMenu, title: str, labels: list[LabelDef], act: Callable[[str], None]) -> None:
    sub = parent.addMenu(title)
    for ld in labels:
        text = f"{ld.name}\t{ld.key}" if ld.key else ld.name
        action = sub.addAction(text)
        action.triggered.connect(lambda _=False, name=ld.name: act(name))


def selection_menu(owner: QWidget, req: Requests, labels: list[LabelDef], start: int, end: int, text: str) -> QMenu:
    menu = QMenu(owner)
    _label_menu(menu, "Label as", labels, lambda name: req.request_label(start, end, name))
    menu.addAction("Mark as claim\tC").triggered.connect(lambda: req.request_claim(start, end))
    menu.addSeparator()
    _label_menu(menu, f"Always label '{_short(text)}' as", labels, lambda name: req.request_rule(text, name))
    return menu


def span_menu(owner: QWidget, req: Requests, labels: list[LabelDef], span: Span, text: str) -> QMenu:
    menu = QMenu(owner)
    _label_menu(menu, "Label as", labels, lambda name: req.request_relabel(span.id, name))
    if span.status == Review.SUGGESTED:
        menu.addAction("Accept\tEnter").triggered.connect(lambda: req.request_accept(span.id))
        menu.addAction("Reject\tDel").triggered.connect(lambda: req.request_remove(span.id))
    else:
        menu.addAction("Remove\tDel").triggered.connect(lambda: req.request_remove(span.id))
    menu.addAction("Mark as claim\tC").triggered.connect(lambda: req.request_claim(span.start, span.end))
    menu.addAction("Relate to another entity\u2026\tR").triggered.connect(lambda: req.request_relate(span.id))
    menu.addSeparator()
    menu.addAction(f"Always label '{_short(text)}' as {span.label}").triggered.connect(
        lambda: req.request_rule(text, span.label)
    )
    return menu


def claim_menu(owner: QWidget, req: Requests, claim: Claim) -> QMenu:
    menu = QMenu(owner)
    menu.addAction("Link…\tL").triggered.connect(lambda: req.request_link(claim.id))
    if claim.status == Review.SUGGESTED:
        menu.addAction("Accept\tEnter").triggered.connect(lambda: req.request_accept(claim.id))
        menu.addAction("Reject\tDel").triggered.connect(lambda: req.request_remove(claim.id))
    else:
        menu.addAction("Remove\tDel").triggered.connect(lambda: req.request_remove(claim.id))
    return menu
