"""The Link dialog: pick a relation and a target for a claim, with the keyboard alone.

Type to filter, Up/Down to choose, Enter to link, Esc to cancel, Alt+1..6 for the relation.
``said by`` / ``about`` list the entity spans of the claim's article and the canonical
entities; ``supports`` / ``contradicts`` / ``repeats`` / ``updates`` list claims in any article.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ActionRefused
from desktop.domain.model import Claim, LinkLabel, Span
from desktop.services import Services
from desktop.ui import plain

from .describe import LABEL_TEXT, Describer, one_line

LABEL_HINT = {
    LinkLabel.SAID_BY: "who made the claim",
    LinkLabel.ABOUT: "what or whom it is about",
    LinkLabel.SUPPORTS: "backs up another claim",
    LinkLabel.CONTRADICTS: "disagrees with another claim",
    LinkLabel.REPEATS: "says the same as another claim",
    LinkLabel.UPDATES: "newer figure or version of another claim",
}
CLAIM_LIMIT = 200
ID_ROLE = Qt.ItemDataRole.UserRole
_NAV_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


@dataclass(frozen=True, slots=True)
class Target:
    object_id: str
    text: str  # what the list shows
    haystack: str  # what the filter matches, lower case
    tooltip: str


def _entity_targets(services: Services) -> list[Target]:
    out = []
    for entity in sorted(services.entities.list(), key=lambda e: e.name.lower()):
        extra = f", also {', '.join(entity.aliases)}" if entity.aliases else ""
        kb = f" \u00b7 {entity.kb_id}" if entity.kb_id else ""
        text = f"{entity.name}  \u2014  {entity.label} entity{kb}{extra}"
        hay = " ".join([entity.name, *entity.aliases, entity.label, entity.kb_id or ""]).lower()
        out.append(Target(entity.id, text, hay, text))
    return out


def _span_targets(services: Services, claim: Claim, describer: Describer) -> list[Target]:
    article = describer.article(claim.article_id)
    if article is None:
        return []
    spans = [s for s in services.read.spans(claim.article_id) if s.visible]

    def distance(s: Span) -> int:
        if s.end <= claim.start:
            return claim.start - s.end
        if s.start >= claim.end:
            return s.start - claim.end
        return 0

    out = []
    for span in sorted(spans, key=lambda s: (distance(s), s.start)):
        mention = one_line(article.text[span.start : span.end])
        where = "inside the claim" if distance(span) == 0 else "this article"
        a, b = max(0, span.start - 25), min(len(article.text), span.end + 25)
        context = one_line(f"{article.text[a : span.start]}\u2039{mention}\u203a{article.text[span.end : b]}")
        context = f"\u2026{context}\u2026"
        text = f"{mention}  \u2014  {span.label} \u00b7 {where}:  {context}"
        out.append(Target(span.id, text, f"{mention} {span.label}".lower(), text))
    return out


def _claim_target(claim_id: str, ref_text: str, title: str, published: str | None, kind: str) -> Target:
    date = f", {published}" if published else ""
    text = f"\u201c{one_line(ref_text, 80)}\u201d  \u2014  {kind} \u00b7 {title}{date}"
    return Target(claim_id, text, ref_text.lower(), f"{one_line(ref_text)}\n\n{title}{date}")


class _ArrowsToList(QObject):
    """Up/Down typed in the search box move the list's current row."""

    def __init__(self, target: QListWidget, parent: QObject) -> None:
        super().__init__(parent)
        self._list = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in _NAV_KEYS:
            forwarded = QKeyEvent(event.type(), event.key(), event.modifiers())
            self._list.keyPressEvent(forwarded)
            return True
        return False


class LinkPicker(QDialog):
    """Modal dialog; use :meth:`pick`. Emits ``linked(link_id)`` when it made a link."""

    linked = Signal(str)

    def __init__(self, services: Services, claim_id: str, parent: QWidget | None = None,
                 label: LinkLabel | str | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._services = services
        self._describer = services.read.describer()
        claim = services.read.claim(claim_id)
        if claim is None:
            raise ActionRefused(f"There is no claim {claim_id} any more.")
        self._claim = claim
        self._local: list[Target] = []  # spans + entities, filtered here
        self.link_id: str | None = None
        self.setWindowTitle("Link claim")
        self.setMinimumSize(640, 420)

        claim_text = one_line(self._describer.text_of(claim))
        self.claim_label = QLabel(f"\u201c{one_line(claim_text, 160)}\u201d")
        self.claim_label.setTextFormat(Qt.TextFormat.PlainText)
        self.claim_label.setWordWrap(True)
        self.claim_label.setToolTip(plain.tip(claim_text))

        self.label_combo = QComboBox()
        for n, lab in enumerate(LinkLabel, start=1):
            self.label_combo.addItem(f"{LABEL_TEXT[lab]} \u2014 {LABEL_HINT[lab]}   (Alt+{n})", str(lab))
            shortcut = QShortcut(QKeySequence(f"Alt+{n}"), self)
            shortcut.activated.connect(lambda i=n - 1: self.label_combo.setCurrentIndex(i))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type to search\u2026")
        self.search.setClearButtonEnabled(True)
        self.targets = QListWidget()
        self.targets.setUniformItemSizes(True)
        self.targets.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.search.installEventFilter(_ArrowsToList(self.targets, self))
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.count = plain.label(QLabel())

        buttons = QDialogButtonBox()
        self.link_button = QPushButton("Link")
        self.link_button.setDefault(True)
        buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # The Link button handles Enter (the dialog's default button) and clicks.
        self.link_button.clicked.connect(self._link)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Claim:", self.claim_label)
        form.addRow("&Relation:", self.label_combo)
        form.addRow("&Search:", self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.targets, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.label_combo.currentIndexChanged.connect(self._label_changed)
        self.search.textChanged.connect(self._refilter)
        self.targets.itemDoubleClicked.connect(lambda _item: self._link())
        self.targets.currentRowChanged.connect(lambda _row: self.message.hide())
        if label is not None:
            self.label_combo.setCurrentIndex(list(LinkLabel).index(LinkLabel(label)))
        self._label_changed()
        QWidget.setTabOrder(self.search, self.targets)
        QWidget.setTabOrder(self.targets, self.label_combo)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.search.setFocus()  # typing filters right away

    # -- public -----------------------------------------------------------------
    @classmethod
    def pick(cls, parent: QWidget | None, services: Services, claim_id: str,
             label: LinkLabel | str | None = None) -> bool:  # fmt: skip
        """Ask for a target and link the claim to it; True when a link was made."""
        dialog = cls(services, claim_id, parent, label)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and dialog.link_id is not None
        finally:
            dialog.deleteLater()

    @property
    def label(self) -> LinkLabel:
        return LinkLabel(self.label_combo.currentData())

    def current_target(self) -> str | None:
        item = self.targets.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    # -- behaviour --------------------------------------------------------------
    def _label_changed(self) -> None:
        if self.label.targets_claim:
            self._local = []
            self.search.setPlaceholderText("Type to search the claims of every article\u2026")
        else:
            self._local = _span_targets(self._services, self._claim, self._describer) + _entity_targets(self._services)
            self.search.setPlaceholderText("Type to search the entity spans of this article and the entities\u2026")
        self._refilter()

    def _claim_targets(self, query: str) -> list[Target]:
        out = []
        for ref in self._services.claims.list(query, limit=CLAIM_LIMIT + 1):
            if ref.claim.id == self._claim.id:
                continue
            here = " (this article)" if ref.article_id == self._claim.article_id else ""
            out.append(_claim_target(ref.claim.id, ref.text, (ref.article_title or ref.article_id) + here,
                                     ref.published, str(ref.claim.kind)))  # fmt: skip
        return out

    def _refilter(self) -> None:
        query = self.search.text().strip()
        if self.label.targets_claim:
            shown = self._claim_targets(query)
        else:
            words = query.lower().split()
            shown = [t for t in self._local if all(w in t.haystack for w in words)]
        more = len(shown) > CLAIM_LIMIT
        shown = shown[:CLAIM_LIMIT]
        self.targets.clear()
        for target in shown:
            item = QListWidgetItem(target.text)
            item.setData(ID_ROLE, target.object_id)
            item.setToolTip(plain.tip(target.tooltip))
            self.targets.addItem(item)
        if shown:
            self.targets.setCurrentRow(0)
        what = "claims" if self.label.targets_claim else "spans and entities"
        self.count.setText(
            f"No {what} match." if not shown else f"{len(shown)}{'+' if more else ''} {what}" + (
                " (type to narrow)" if more else "")
        )  # fmt: skip
        self.link_button.setEnabled(bool(shown))
        self.message.hide()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _link(self) -> None:
        target = self.current_target()
        if target is None:
            self._show_message("Choose what to link to first.")
            return
        try:
            link = self._services.links.link(self._claim.id, target, self.label)
        except ActionRefused as exc:
            self._show_message(str(exc))
            return
        self.link_id = link.id
        self.linked.emit(link.id)
        self.accept()
