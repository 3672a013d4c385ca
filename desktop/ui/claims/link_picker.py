"""The Link dialog: pick a relation and a target for a claim, with the keyboard alone.

Type to filter, Up/Down to choose, Enter to link, Esc to cancel, Alt+1..6 for the relation.
``said by`` / ``about`` list the entity spans of the claim's article and the canonical
entities; ``supports`` / ``contradicts`` / ``repeats`` / ``updates`` list claims in any article.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from desktop.domain.errors import ActionRefused
from desktop.domain.model import Claim, LinkLabel, Span
from desktop.services import Services
from desktop.ui import plain
from desktop.ui.pickers import SearchPicker

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


class LinkPicker(SearchPicker):
    """Modal dialog; use :meth:`pick`. Emits ``linked(link_id)`` when it made a link."""

    linked = Signal(str)

    def __init__(self, services: Services, claim_id: str, parent: QWidget | None = None,
                 label: LinkLabel | str | None = None) -> None:  # fmt: skip
        super().__init__("Link claim", "Link", parent)
        self._services = services
        self._describer = services.read.describer()
        claim = services.read.claim(claim_id)
        if claim is None:
            raise ActionRefused(f"There is no claim {claim_id} any more.")
        self._claim = claim
        self._local: list[Target] = []  # spans + entities, filtered here
        self.link_id: str | None = None
        self.setMinimumSize(640, 420)
        self.link_button = self.action_button

        claim_text = one_line(self._describer.text_of(claim))
        self.claim_label = plain.label(QLabel(f"\u201c{one_line(claim_text, 160)}\u201d"))
        self.claim_label.setWordWrap(True)
        self.claim_label.setToolTip(plain.tip(claim_text))

        self.label_combo = QComboBox()
        for n, lab in enumerate(LinkLabel, start=1):
            self.label_combo.addItem(f"{LABEL_TEXT[lab]} \u2014 {LABEL_HINT[lab]}   (Alt+{n})", str(lab))
            shortcut = QShortcut(QKeySequence(f"Alt+{n}"), self)
            shortcut.activated.connect(lambda i=n - 1: self.label_combo.setCurrentIndex(i))
        self.search.setPlaceholderText("Type to search\u2026")

        form = QFormLayout()
        form.addRow("Claim:", self.claim_label)
        form.addRow("&Relation:", self.label_combo)
        form.addRow("&Search:", self.search)
        self.build(form)

        self.label_combo.currentIndexChanged.connect(self._label_changed)
        self.search.textChanged.connect(self._refilter)
        if label is not None:
            self.label_combo.setCurrentIndex(list(LinkLabel).index(LinkLabel(label)))
        self._label_changed()
        QWidget.setTabOrder(self.targets, self.label_combo)

    # -- public -----------------------------------------------------------------
    @classmethod
    def pick(cls, parent: QWidget | None, services: Services, claim_id: str,
             label: LinkLabel | str | None = None) -> bool:  # fmt: skip
        """Ask for a target and link the claim to it; True when a link was made."""
        dialog = cls(services, claim_id, parent, label)
        return dialog.run() and dialog.link_id is not None

    @property
    def label(self) -> LinkLabel:
        return LinkLabel(self.label_combo.currentData())

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
        self.fill((t.text, t.object_id, t.tooltip) for t in shown)
        what = "claims" if self.label.targets_claim else "spans and entities"
        self.count.setText(
            f"No {what} match." if not shown else f"{len(shown)}{'+' if more else ''} {what}" + (
                " (type to narrow)" if more else "")
        )  # fmt: skip

    def act(self) -> None:
        target = self.current_target()
        if target is None:
            self.show_message("Choose what to link to first.")
            return
        try:
            link = self._services.links.link(self._claim.id, target, self.label)
        except ActionRefused as exc:
            self.show_message(str(exc))
            return
        self.link_id = link.id
        self.linked.emit(link.id)
        self.accept()
