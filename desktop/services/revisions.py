"""Article revisions: history, diffs, and the analyst's answers to "needs a look".

Placing, keeping on the old revision only, and dropping an unplaced annotation are each one
change set: one transaction, one undo step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop import formats
from desktop.domain.anchoring import diff_counts, diff_text, summary
from desktop.domain.errors import InputError, NewsdeskError
from desktop.domain.model import Change, ChangeSet, Claim, ClaimRef, Document, Link, Span, Unplaced
from desktop.domain.ports import Store
from desktop.domain.revisions import Anchor, Revision, RevisionResult, RevisionStore, Snapshot
from desktop.domain.spans import overlaps

from .history import History


@dataclass(slots=True)
class RevisionDiff:
    old: int
    new: int
    pieces: list[tuple[str, str]]  # ("=" | "-" | "+", text)
    summary: str


class RevisionDesk:
    def __init__(self, store: Store, revisions: RevisionStore | None, history: History,
                 who: Callable[[], str | None]) -> None:  # fmt: skip
        self._store = store
        self._revisions = revisions
        self._history = history
        self._who = who

    @property
    def available(self) -> bool:
        return self._revisions is not None

    def _rev(self) -> RevisionStore:
        if self._revisions is None:
            raise NewsdeskError("this database does not keep article revisions")
        return self._revisions

    # -- reading ------------------------------------------------------------------------------
    def revisions(self, article_id: str) -> list[Revision]:
        """All revisions, oldest first; an article never revised has one (its text)."""
        stored = self._rev().revisions(article_id)
        if stored:
            return stored
        article = self._store.get_article(article_id)
        return [Revision(article_id, 1, article.text, "", article.meta.title, article.meta.published, "", True)]

    def revision(self, article_id: str, number: int) -> Revision:
        for r in self.revisions(article_id):
            if r.number == number:
                return r
        raise NewsdeskError(f"article {article_id} has no revision {number}")

    def diff(self, article_id: str, a: int, b: int) -> RevisionDiff:
        old, new = self.revision(article_id, a).text, self.revision(article_id, b).text
        ops = diff_counts(old, new)
        return RevisionDiff(a, b, diff_text(old, new), summary(old, new, ops))

    def snapshot(self, article_id: str, number: int) -> Snapshot:
        """The annotations of an earlier revision (read-only); of the current one: the live ones."""
        revs = self.revisions(article_id)
        if number == revs[-1].number:
            doc = self._store.get_document(article_id)
            return Snapshot(doc.spans, doc.claims, doc.links)
        return self._rev().snapshot(article_id, number)

    def anchors(self, article_id: str) -> list[Anchor]:
        return self._rev().anchors(article_id) if self._revisions is not None else []

    def flags(self, article_id: str) -> dict[str, str]:
        """Live annotations whose text changed in a revision: id -> 'changed in revision 3'."""
        return {a.object_id: a.event for a in self.anchors(article_id) if a.outcome.value == "changed"}

    def claim_events(self, claim_ids: Sequence[str]) -> list[Anchor]:
        """Revision events of claims for the claims timeline: changed or removed in revision N."""
        return self._rev().claim_anchors(claim_ids) if self._revisions is not None and claim_ids else []

    def claim_event_lines(self, claim_ids: Sequence[str]) -> dict[str, list[str]]:
        """claim id -> ['changed in revision 2', ...] for the claims timeline."""
        out: dict[str, list[str]] = {}
        for a in self.claim_events(claim_ids):
            if a.outcome.value == "changed":
                out.setdefault(a.object_id, []).append(a.event)
        return out

    def removed_claims(self) -> list[tuple[ClaimRef, str]]:
        """Claims that a revision removed, each with its event ('removed in revision 2'): a finding of its own."""
        if self._revisions is None:
            return []
        articles: dict[str, tuple[str, str | None]] = {}
        out = []
        for u in self._revisions.unplaced_claims():
            if not isinstance(u.annotation, Claim):
                continue
            if u.article_id not in articles:
                meta = self._store.get_article(u.article_id).meta
                articles[u.article_id] = (meta.title, meta.published)
            title, published = articles[u.article_id]
            ref = ClaimRef(u.annotation, u.article_id, title, published, u.old_text, None)
            out.append((ref, f"removed in revision {u.revision}"))
        return out

    def needs_a_look(self, article_id: str) -> list[Unplaced]:
        return self._rev().unplaced(article_id) if self._revisions is not None else []

    def unreviewed(self) -> dict[str, int]:
        """Articles changed since they were reviewed: id -> latest revision number."""
        return self._rev().unreviewed() if self._revisions is not None else {}

    def mark_reviewed(self, article_id: str) -> None:
        self._rev().mark_reviewed(article_id)

    # -- a new version ------------------------------------------------------------------------
    def import_new_version(self, article_id: str, path: str | Path) -> RevisionResult:
        """"This is a new version of ...": the file's one article becomes the next revision."""
        path = Path(path)
        reader = formats.detect(path)
        docs = list(reader.read(path))
        if len(docs) != 1:
            raise InputError(str(path), f"holds {len(docs)} articles; a new version is one article")
        return self.new_version(article_id, docs[0])

    def new_version(self, article_id: str, doc: Document) -> RevisionResult:
        if not doc.text.strip():
            raise NewsdeskError("the new version's text is empty")
        return self._rev().add_revision(article_id, doc, annotator=self._who())

    # -- needs a look: each answer one undoable action ------------------------------------------
    def _item(self, item_id: str) -> Unplaced:
        item = self._store.get(item_id)
        if not isinstance(item, Unplaced):
            raise NewsdeskError(f"no annotation {item_id} waits to be placed")
        if not item.open:
            raise NewsdeskError(f"'{item.old_text}' was {item.resolution} already")
        return item

    def place(self, item_id: str, start: int, end: int) -> ChangeSet:
        """Put an unplaced span or claim at [start, end) of the current text, with its links."""
        item = self._item(item_id)
        text = self._store.get_article(item.article_id).text
        if not 0 <= start < end <= len(text):
            raise NewsdeskError(f"{start}..{end} is outside the article's {len(text)} characters")
        obj = item.annotation
        if isinstance(obj, Span) and obj.visible:
            for other in self._store.spans_overlapping(item.article_id, start, end):
                if other.visible and overlaps(other.start, other.end, start, end):
                    raise NewsdeskError(f"'{text[start:end]}' overlaps the span '{text[other.start:other.end]}'")
        placed: Span | Claim = dataclasses.replace(obj, start=start, end=end)
        changes: list[Change] = [Change(item, dataclasses.replace(item, resolution="placed")), Change(None, placed)]
        changes += [Change(None, lk) for lk in self._restorable(item, placed.id)]
        return self._history.do(ChangeSet(f"Place '{_short(item.old_text)}'", tuple(changes), item.article_id))

    def keep_on_old_revision(self, item_id: str) -> ChangeSet:
        item = self._item(item_id)
        change = Change(item, dataclasses.replace(item, resolution="kept"))
        label = f"Keep '{_short(item.old_text)}' on revision {item.revision - 1} only"
        return self._history.do(ChangeSet(label, (change,), item.article_id))

    def drop(self, item_id: str) -> ChangeSet:
        item = self._item(item_id)
        change = Change(item, dataclasses.replace(item, resolution="dropped"))
        return self._history.do(ChangeSet(f"Drop '{_short(item.old_text)}'", (change,), item.article_id))

    def _restorable(self, item: Unplaced, placed_id: str) -> list[Link]:
        """The item's links whose other end exists now (and that are not back already)."""
        out = []
        for link in item.links:
            other = link.child if link.head == placed_id else link.head
            if self._store.get(link.id) is None and self._store.get(other) is not None:
                out.append(link)
        return out


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
