"""The few questions the window asks the user. One function each, so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.services import LinkedObject, Services
from desktop.services.editing import LinkedChoice

from .claims import confirm_removal


def linked_removal(parent: QWidget | None, refusal: LinkedObject, services: Services) -> LinkedChoice | None:
    """Removing an annotation that links point to: "remove" (links too), "keep" (mark rejected) or None."""
    return confirm_removal(parent, refusal.links, services)


def reannotate_after_rule(parent: QWidget | None, rule_text: str) -> bool:
    """After teaching a rule: re-annotate the articles nobody reviewed yet?"""
    answer = QMessageBox.question(
        parent,
        "Rule added",
        f"{rule_text}\n\nRe-annotate unreviewed articles now, so that the rule applies to them too?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    if details:
        box.setDetailedText(details)
    box.exec()
