"""The claim inspector (a dock): describe one claim, review it, and manage its links.

Every edit is one call to ``services.claims.update`` and so one undo step; the note
commits when the field loses focus or on Enter, never per keystroke.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Unpack

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ActionRefused
from desktop.domain.model import Attribution, Claim, ClaimKind, Origin, Review, Verdict
from desktop.domain.validation import url_problem, valid_url
from desktop.services import Committed, Services
from desktop.services.claims import ClaimFields
from desktop.services.links import Describer, LinkRow, one_line
from desktop.ui import plain

from .. import theme
from ..changes import CommittedChanges
from .link_picker import LinkPicker

CHECKWORTHY = ("0 \u2013 none", "1 \u2013 low", "2 \u2013 worth it", "3 \u2013 must check")
ORIGIN_TEXT = {Origin.MODEL: "the model", Origin.RULE: "a rule", Origin.ANALYST: "an analyst"}


def _combo(values: list[str]) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(value, value)
    _narrow(combo)
    return combo


def _narrow(combo: QComboBox) -> None:
    """Let the combo shrink with the dock instead of sizing to its longest item."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)


def _button(text: str, tip: str) -> QToolButton:
    """A compact text button (push buttons insist on a wide minimum in most styles)."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(plain.tip(tip))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


class ClaimInspector(QWidget):
    """Shows and edits the claim given to :meth:`show_claim`.

    Signals: ``changed()`` after every edit it made; ``followRequested(article_id, object_id)``
    when the user follows a link to its other end.
    """

    changed = Signal()
    followRequested = Signal(str, str)  # noqa: N815 - Qt naming

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._claim: Claim | None = None
        self._rows: list[LinkRow] = []
        self._filling = False
        self._shown_note = ""  # the note as last read from the store
        self._shown_id: str | None = None

        self.pages = QStackedWidget()
        self.empty = QLabel(
            "No claim selected.\n\nSelect text and press C to mark a claim,\nor click a claim to see it here."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        theme.mute(self.empty)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self._build_page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.changes = CommittedChanges(services, self)
        self.changes.committed.connect(self._on_committed)
        self.show_claim(None)

    # -- layout -----------------------------------------------------------------
    def _build_page(self) -> QWidget:
        page = QWidget()
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.text.font()
        font.setItalic(True)
        self.text.setFont(font)
        self.article = QLabel()
        self.article.setTextFormat(Qt.TextFormat.PlainText)
        self.article.setWordWrap(True)
        theme.mute(self.article)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.accept_button = _button("&Accept", "Keep this suggested claim")
        self.reject_button = _button("&Reject", "Drop this suggested claim (it stays hidden as negative evidence)")
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.accept_button)
        status_row.addWidget(self.reject_button)

        self.kind = _combo([str(k) for k in ClaimKind])
        self.attribution = _combo([str(a) for a in Attribution])
        self.checkworthy = QComboBox()
        for n, text in enumerate(CHECKWORTHY):
            self.checkworthy.addItem(text, n)
        self.checkworthy.setToolTip("How much this claim needs fact-checking: 0 (not at all) to 3 (must check)")
        _narrow(self.checkworthy)
        self.verdict = _combo([str(v) for v in Verdict])
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (Enter to save)")
        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        form.addRow("A&ttribution:", self.attribution)
        form.addRow("C&heck-worthy:", self.checkworthy)
        form.addRow("&Verdict:", self.verdict)
        form.addRow("&Note:", self.note)

        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(self.evidence.fontMetrics().height() * 3 + 8)  # 3 URLs; it scrolls
        self.evidence.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.evidence_input = QLineEdit()
        self.evidence_input.setPlaceholderText("https://\u2026 (Enter to add)")
        self.add_evidence = _button("Add", "Add this web address as evidence")
        self.remove_evidence = _button("Remove", "Remove the selected evidence URLs")
        ev_row = QHBoxLayout()
        ev_row.addWidget(self.evidence_input, 1)
        ev_row.addWidget(self.add_evidence)
        ev_row.addWidget(self.remove_evidence)
        ev_box = QGroupBox("&Evidence")
        ev_layout = QVBoxLayout(ev_box)
        ev_layout.addWidget(self.evidence)
        ev_layout.addLayout(ev_row)

        self.links = QTreeWidget()
        # Two columns so the text stays readable in a narrow dock: the other end's text on the
        # first line, its kind and article on the second.
        self.links.setColumnCount(2)
        self.links.setHeaderLabels(["Relation", "Other end · article"])
        self.links.setRootIsDecorated(False)
        self.links.setUniformRowHeights(True)
        self.links.setAllColumnsShowFocus(True)
        self.links.setWordWrap(False)
        self.links.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.links.header().setStretchLastSection(True)
        self.links.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.links.setMinimumHeight(self.links.fontMetrics().height() * 4 + 16)  # the buttons stay in view at 768 px
        self.follow_button = _button("&Follow", "Open the other end of the link (double-click or Enter on a row)")
        self.unlink_button = _button("Re&move", "Remove the selected link")
        self.link_button = _button("&Link\u2026", "Link this claim to its speaker, its subject or another claim (L)")
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_button)
        link_row.addStretch(1)
        link_row.addWidget(self.follow_button)
        link_row.addWidget(self.unlink_button)
        links_box = QGroupBox("Lin&ks")
        links_layout = QVBoxLayout(links_box)
        links_layout.addWidget(self.links)
        links_layout.addLayout(link_row)

        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.text)
        layout.addWidget(self.article)
        layout.addLayout(status_row)
        layout.addLayout(form)
        layout.addWidget(ev_box)
        layout.addWidget(links_box, 1)
        layout.addWidget(self.message)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fits a narrow dock
        scroll.setWidget(inner)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(scroll)

        self.kind.currentIndexChanged.connect(lambda _i: self._update(kind=self.kind.currentData()))
        self.attribution.currentIndexChanged.connect(
            lambda _i: self._update(attribution=self.attribution.currentData())
        )
        self.checkworthy.currentIndexChanged.connect(
            lambda _i: self._update(checkworthy=int(self.checkworthy.currentData()))
        )
        self.verdict.currentIndexChanged.connect(lambda _i: self._update(verdict=self.verdict.currentData()))
        self.note.editingFinished.connect(self._commit_note)
        self.evidence_input.returnPressed.connect(self._add_evidence)
        self.add_evidence.clicked.connect(self._add_evidence)
        self.remove_evidence.clicked.connect(self._remove_evidence)
        self.evidence.itemSelectionChanged.connect(self._enable_buttons)
        self.accept_button.clicked.connect(self._accept)
        self.reject_button.clicked.connect(self._reject)
        self.links.currentItemChanged.connect(lambda *_: self._enable_buttons())
        self.links.itemActivated.connect(lambda *_: self.follow_current())
        self.follow_button.clicked.connect(self.follow_current)
        self.unlink_button.clicked.connect(self.remove_current_link)
        self.link_button.clicked.connect(self.open_link_picker)
        return page

    # -- public -----------------------------------------------------------------
    @property
    def claim_id(self) -> str | None:
        return self._claim.id if self._claim is not None else None

    def show_claim(self, claim_id: str | None) -> None:
        """Show this claim (None, or an id that no longer exists, shows the empty page)."""
        self._claim = self._services.read.claim(claim_id)
        self.message.hide()
        self._fill()

    def refresh(self) -> None:
        """Re-read the claim on show (after an undo, or an edit elsewhere)."""
        if self._claim is not None:
            self._claim = self._services.read.claim(self._claim.id)
        self._fill()

    def _on_committed(self, _event: Committed) -> None:
        self.refresh()  # once per committed action, wherever it was made

    def link_rows(self) -> list[LinkRow]:
        """The links as listed, in order (outgoing first)."""
        return list(self._rows)

    def open_link_picker(self) -> bool:
        if self._claim is None:
            return False
        made = LinkPicker.pick(self, self._services, self._claim.id)
        if made:
            self.changed.emit()  # the commit refreshed this inspector already
        return made

    def follow_current(self) -> None:
        row = self._current_row()
        if row is not None and row.follow is not None:
            self.followRequested.emit(*row.follow)

    def remove_current_link(self) -> None:
        row = self._current_row()
        if row is None:
            return
        self._run(lambda: self._services.links.unlink(row.link.id))

    # -- filling ------------------------------------------------------------------
    def _fill(self) -> None:
        claim = self._claim
        if claim is None:
            self._rows = []
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        self._filling = True
        try:
            describer = self._services.read.describer()
            self.text.setText(one_line(describer.text_of(claim)))
            article = describer.article(claim.article_id)
            when = f" \u00b7 {article.meta.published}" if article is not None and article.meta.published else ""
            self.article.setText(f"{describer.title(claim.article_id)}{when}")
            self.status.setText(_status_text(claim))
            suggested = claim.status == Review.SUGGESTED
            self.accept_button.setVisible(claim.status != Review.ACCEPTED)
            self.reject_button.setVisible(suggested)
            self.kind.setCurrentIndex(self.kind.findData(str(claim.kind)))
            self.attribution.setCurrentIndex(self.attribution.findData(str(claim.attribution)))
            self.checkworthy.setCurrentIndex(max(0, min(3, claim.checkworthy)))
            self.verdict.setCurrentIndex(self.verdict.findData(str(claim.verdict)))
            # Keep what the user is typing in the note (not committed yet) unless the claim changed.
            typing = self.note.hasFocus() and self.note.text() != self._shown_note and claim.id == self._shown_id
            if not typing:
                self.note.setText(claim.note)
            self._shown_note, self._shown_id = claim.note, claim.id
            self.evidence.clear()
            for url in claim.evidence:
                self.evidence.addItem(url)
            self._fill_links(describer)
        finally:
            self._filling = False
        self._enable_buttons()

    def _fill_links(self, describer: Describer) -> None:
        assert self._claim is not None
        current = self._current_row()
        self._rows = self._services.read.link_rows(self._claim, describer)
        self.links.clear()
        for row in self._rows:
            other = row.other_text if row.other_kind != "claim" else f"\u201c{row.other_text}\u201d"
            where = " \u00b7 ".join(p for p in (row.other_detail, row.article_title) if p)
            item = QTreeWidgetItem([row.relation, f"{other}\n{where}" if where else other])
            tip = f"{row.other_text}\n\n{where}" if where else row.other_text
            item.setToolTip(0, plain.tip(tip))
            item.setToolTip(1, plain.tip(tip))
            item.setData(0, Qt.ItemDataRole.UserRole, row.link.id)
            self.links.addTopLevelItem(item)
            if current is not None and current.link.id == row.link.id:
                self.links.setCurrentItem(item)
        first = self.links.topLevelItem(0)
        if self.links.currentItem() is None and first is not None:
            self.links.setCurrentItem(first)

    def _current_row(self) -> LinkRow | None:
        item = self.links.currentItem()
        if item is None:
            return None
        link_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self._rows if r.link.id == link_id), None)

    def _enable_buttons(self) -> None:
        row = self._current_row()
        self.follow_button.setEnabled(row is not None and row.follow is not None)
        self.unlink_button.setEnabled(row is not None)
        self.remove_evidence.setEnabled(bool(self.evidence.selectedItems()))

    # -- edits --------------------------------------------------------------------
    def _run(self, action: Callable[[], object]) -> bool:
        """Run a service call; show a refusal instead of raising. True when it went through.

        What it committed refreshes this inspector (and every other view) through the
        committed-change event, once."""
        self.message.hide()
        try:
            action()
        except ActionRefused as exc:
            self.message.setText(str(exc))
            self.message.show()
            return False
        self.changed.emit()
        return True

    def _update(self, **fields: Unpack[ClaimFields]) -> None:
        if self._filling or self._claim is None:
            return
        claim = self._claim  # current: every commit anywhere refreshes it
        if all(getattr(claim, k) == v for k, v in fields.items()):
            return
        # ``claim`` is what the analyst edited: the update is refused if it changed elsewhere meanwhile.
        if not self._run(lambda: self._services.claims.update(claim.id, based_on=claim, **fields)):
            self.refresh()  # refused: show what is stored again

    def _commit_note(self) -> None:
        if self._claim is not None and self.note.text() != self._claim.note:
            self._update(note=self.note.text())

    def _add_evidence(self) -> None:
        if self._claim is None:
            return
        url = self.evidence_input.text().strip()
        if not url:
            return
        if not valid_url(url):
            self.message.setText(f"{url_problem(url)}.")
            self.message.show()
            return
        if url in self._claim.evidence:
            self.evidence_input.clear()
            return
        self.evidence_input.clear()
        self._update(evidence=[*self._claim.evidence, url])

    def _remove_evidence(self) -> None:
        if self._claim is None:
            return
        gone = {item.text() for item in self.evidence.selectedItems()}
        if gone:
            self._update(evidence=[u for u in self._claim.evidence if u not in gone])

    def _accept(self) -> None:
        if self._claim is not None:
            claim_id = self._claim.id
            self._run(lambda: self._services.claims.accept(claim_id))

    def _reject(self) -> None:
        if self._claim is not None and self._claim.status == Review.SUGGESTED:
            claim_id = self._claim.id
            self._run(lambda: self._services.claims.remove(claim_id, linked="keep"))


def _status_text(claim: Claim) -> str:
    who = ORIGIN_TEXT.get(claim.origin, str(claim.origin))
    if claim.status == Review.SUGGESTED:
        return f"Suggested by {who}"
    if claim.status == Review.REJECTED:
        return f"Rejected (suggested by {who})"
    return "Accepted" if claim.origin != Origin.ANALYST else "Marked by an analyst"
