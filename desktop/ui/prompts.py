"""The few questions the window asks the user. One function each, so tests can answer them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def linked_removal(parent: QWidget | None, message: str) -> str | None:
    """Removing an annotation that links point to: "remove" (links too), "keep" (mark rejected) or None."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Remove a linked annotation")
    box.setText(message)
    box.setInformativeText(
        "Remove the links too, or keep the annotation (marked rejected) so the links stay valid?"
    )
    remove = box.addButton("Remove the links too", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it, marked rejected", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is remove:
        return "remove"
    if clicked is keep:
        return "keep"
    return None


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
