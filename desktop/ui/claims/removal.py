"""The question asked before removing a span or claim that links point to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from desktop.domain.model import Link
from desktop.services import Services
from desktop.services.editing import LinkedChoice

from .describe import LABEL_TEXT, one_line

REMOVE: Final = "remove"
KEEP: Final = "keep"
_SHOWN = 8  # links listed by name; the rest are counted


def _details(links: Sequence[Link], services: Services | None) -> str:
    if services is None:
        counts = Counter(LABEL_TEXT[link.label] for link in links)
        return ", ".join(f"{label} ({n})" for label, n in sorted(counts.items()))
    describer = services.read.describer()
    lines = []
    for link in links[:_SHOWN]:
        head = one_line(describer.text_of(describer.get(link.head)), 50)
        child = one_line(describer.text_of(describer.get(link.child)), 50)
        lines.append(f"\u2022 \u201c{head}\u201d {LABEL_TEXT[link.label]} \u201c{child}\u201d")
    if len(links) > _SHOWN:
        lines.append(f"\u2026 and {len(links) - _SHOWN} more")
    return "\n".join(lines)


def removal_box(parent: QWidget | None, links: Sequence[Link],
                services: Services | None = None
                ) -> tuple[QMessageBox, dict[QAbstractButton, LinkedChoice]]:  # fmt: skip
    """The message box and what each of its buttons means (None for Cancel)."""
    n = len(links)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Remove linked annotation")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{n} link{'s' if n != 1 else ''} point{'s' if n == 1 else ''} to this annotation.")
    box.setInformativeText(
        "Remove the links too, or keep the annotation (marked rejected, hidden) so the links stay valid?\n\n"
        + _details(links, services)
    )
    remove = box.addButton("Remove links too", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep, mark rejected", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.setEscapeButton(cancel)
    return box, {remove: REMOVE, keep: KEEP}


def confirm_removal(parent: QWidget | None, links: Sequence[Link],
                    services: Services | None = None) -> LinkedChoice | None:  # fmt: skip
    """Ask what to do with the links: "remove" (the links too), "keep" (annotation kept as
    rejected, links stay) or None (cancel). Pass ``services`` to list the links by their text.

    Typical use::

        try:
            services.claims.remove(claim_id)
        except LinkedObject as exc:
            choice = confirm_removal(window, exc.links, services)
            if choice is not None:
                services.claims.remove(claim_id, linked=choice)
    """
    box, meaning = removal_box(parent, links, services)
    box.exec()
    return meaning.get(box.clickedButton()) if box.clickedButton() is not None else None
