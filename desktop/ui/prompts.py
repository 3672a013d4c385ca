"""The few questions the window asks the user. One function each, so tests can answer them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.services import LinkedObject, Services
from desktop.services.editing import LinkedChoice
from desktop.ui import plain

from .claims import confirm_removal


def linked_removal(parent: QWidget | None, refusal: LinkedObject, services: Services) -> LinkedChoice | None:
    """Removing an annotation that links point to: "remove" (links too), "keep" (mark rejected) or None."""
    return confirm_removal(parent, refusal.links, services)


def done_with_suggestions(parent: QWidget | None, spans: int, claims: int) -> bool:
    """Ctrl+Enter on an article with suggestions nobody reviewed: mark it done anyway?"""
    what = " and ".join(part for part in (f"{spans} entity suggestion{'s' if spans != 1 else ''}" if spans else "",
                                          f"{claims} claim suggestion{'s' if claims != 1 else ''}" if claims else "")
                        if part)  # fmt: skip
    text = (f"This article still has {what} nobody reviewed.\n\n"
            "Mark it done anyway? (Ctrl+Shift+A accepts them all; Delete rejects one.)")  # fmt: skip
    box = QMessageBox(QMessageBox.Icon.Question, "Mark done?", text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    done = box.addButton("Mark done", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Keep reviewing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(done)
    box.exec()
    return box.clickedButton() is done


def reannotate_after_rule(parent: QWidget | None, rule_text: str) -> bool:
    """After teaching a rule: re-annotate the articles nobody reviewed yet?"""
    question = f"{rule_text}\n\nRe-annotate unreviewed articles now, so that the rule applies to them too?"
    box = plain.message_box(parent, QMessageBox.Icon.Question, "Rule added", question)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> None:
    box = plain.message_box(parent, QMessageBox.Icon.Warning, title, message)
    if details:
        box.setDetailedText(details)
    box.exec()
