"""Span correction: the analyst's edits to entity spans, each one undoable step.

Policy (shown to the user in messages and the README):
- Entity spans never overlap. A new or resized span that would overlap a *suggestion*
  replaces it (the suggestion is rejected in the same step); overlapping an accepted or
  analyst span is refused with the reason.
- Removing a suggestion, or an accepted model suggestion, marks it rejected: it stays in
  the database as negative evidence and is no longer drawn. Removing the analyst's own
  span deletes it.
- The first edit on an article moves it from "todo" to "in progress", in the same step.
- Team review: every edit goes into the version the current user edits on the article
  (their own on an article assigned to them, else SHARED); a shared suggestion edited from an
  analyst's version is copied into it first (see :mod:`desktop.services.team`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Literal, TypeVar

from desktop.domain.errors import ActionRefused
from desktop.domain.ids import new_id
from desktop.domain.model import (
    SHARED,
    Article,
    ArticleStatus,
    Change,
    ChangeSet,
    Claim,
    Link,
    Origin,
    Relation,
    Review,
    Span,
    utc_now,
)
from desktop.domain.ports import Store
from desktop.domain.spans import check_offsets, overlapping
from desktop.domain.team import shown_suggestions

from .history import History

_Stamped = TypeVar("_Stamped", Span, Claim, Link, Relation)  # what carries annotator and updated
_Reviewed = TypeVar("_Reviewed", Span, Claim)  # what can be suggested, accepted or rejected
# What removing an annotation that links point to does with them (see EditorBase._removal).
Linked = Literal["ask", "remove", "keep"]
LinkedChoice = Literal["remove", "keep"]  # what the user chose when asked


class LinkedObject(ActionRefused):
    """Removing this object would leave links pointing at nothing: the user must choose."""

    def __init__(self, object_id: str, links: Sequence[Link]) -> None:
        self.object_id = object_id
        self.links = list(links)
        n = len(self.links)
        super().__init__(f"{n} link{'s' if n != 1 else ''} point{'s' if n == 1 else ''} to this annotation.")


def describe(text: str, span: Span) -> str:
    snippet = text[span.start : span.end]
    if len(snippet) > 40:
        snippet = snippet[:37] + "..."
    return f"'{snippet}' ({span.label})"


class EditorBase:
    """What every editing use case shares: stamping, the todo -> in progress rule, commit."""

    def __init__(self, store: Store, history: History, annotator: Callable[[], str | None],
                 version_for: Callable[[str], str] | None = None) -> None:  # fmt: skip
        self._store = store
        self._history = history
        self._annotator = annotator
        self._version_for = version_for or (lambda _aid: SHARED)

    def _stamp(self, obj: _Stamped) -> _Stamped:
        return replace(obj, annotator=self._annotator(), updated=utc_now())

    # -- team review: which version an edit goes into (see desktop.services.team) -----
    def _writing(self, article_id: str) -> str:
        """The version the current user's edits on this article go into."""
        return self._version_for(article_id)

    def _mine(self, obj: _Stamped, version: str) -> bool:
        """True: ``obj`` is in ``version`` (edit it in place); False: it is a shared object
        seen from an analyst's version (copy it in first). Somebody else's version: refused."""
        if obj.version == version:
            return True
        if obj.version == SHARED:
            return False
        whose = "another analyst's version" if version else f"{obj.version}'s version"
        raise ActionRefused(f"That annotation is in {whose} of the article, not in the one you are editing.")

    def _copy(self, obj: _Stamped, version: str, **fields: object) -> _Stamped:
        """A copy of a shared object in ``version``: a new id, its origin kept, stamped."""
        kind = {Span: "span", Claim: "claim", Link: "link", Relation: "relation"}[type(obj)]
        return self._stamp(replace(obj, id=new_id(kind), version=version, **fields))  # type: ignore[arg-type]

    def _own(self, obj: _Stamped, version: str, changes: list[Change], **fields: object) -> _Stamped:
        """``obj`` as it is in ``version``: itself, or its copy (appended to ``changes``)."""
        if self._mine(obj, version):
            return obj
        copy = self._copy(obj, version, **fields)
        changes.append(Change(None, copy))
        return copy

    def _started(self, article: Article) -> list[Change]:
        """The article-status change that the first edit on a 'todo' article brings."""
        if article.status == ArticleStatus.TODO:
            return [Change(article, replace(article, status=ArticleStatus.IN_PROGRESS))]
        return []

    def _commit(self, action: str, article: Article, changes: list[Change]) -> ChangeSet:
        return self._history.do(ChangeSet(action, tuple(self._started(article) + changes), article.id))

    def _removal(self, obj: _Reviewed, linked: Linked) -> tuple[list[Change], _Reviewed | None]:
        """Reject a suggestion (kept as negative evidence) or delete the analyst's own object.

        ``linked`` says what to do with links pointing at an object that would be deleted:
        "ask" raises :class:`LinkedObject`, "remove" deletes them too, "keep" keeps the
        object (marked rejected) so the links stay valid. Never a dangling id.
        """
        links = self._store.links_touching([obj.id])
        delete = obj.origin == Origin.ANALYST
        changes: list[Change] = []
        if delete and links:
            if linked == "ask":
                raise LinkedObject(obj.id, links)
            if linked == "keep":
                delete = False
            else:
                changes += [Change(link, None) for link in links]
        elif links:
            # A rejected suggestion is hidden: links pointing at it (e.g. a quote's said_by) would point
            # at nothing the analyst sees. Ask, as for a removal: drop them too, or keep them.
            pointing = [link for link in links if link.child == obj.id]
            if pointing and linked == "ask":
                raise LinkedObject(obj.id, pointing)
            if linked == "remove":
                changes += [Change(link, None) for link in pointing]
        if delete:
            if isinstance(obj, Span):  # entity relations go with their span (and come back with it on undo)
                changes += [Change(r, None) for r in self._store.relations_touching([obj.id])]
            changes.append(Change(obj, None))
            return changes, None
        rejected = self._stamp(replace(obj, status=Review.REJECTED))
        changes.append(Change(obj, rejected))
        return changes, rejected

    def _remove(self, obj: _Reviewed, linked: Linked, name: Callable[[str], str]) -> _Reviewed | None:
        """One undo step that rejects or removes ``obj``; ``name(article text)`` describes it."""
        article = self._store.get_article(obj.article_id)
        version = self._writing(obj.article_id)
        if not self._mine(obj, version):  # a shared suggestion: a rejected copy in the analyst's version
            copy = self._copy(obj, version, status=Review.REJECTED)
            self._commit(f"Reject {name(article.text)}", article, [Change(None, copy)])
            return copy
        changes, result = self._removal(obj, linked)
        verb = "Remove" if result is None else "Reject"
        self._commit(f"{verb} {name(article.text)}", article, changes)
        return result


class SpanEditor(EditorBase):
    """Use cases for entity spans. Each public method is one user action."""

    def _span(self, span_id: str) -> Span:
        obj = self._store.get(span_id)
        if not isinstance(obj, Span):
            raise ActionRefused(f"There is no span {span_id} any more.")
        return obj

    def _make_room(self, article: Article, start: int, end: int, *, ignore: str | None = None,
                   version: str = SHARED) -> list[Change]:  # fmt: skip
        """Reject suggestions in the way; refuse if an accepted or analyst span is in the way (within
        one version: in an analyst's version, the shared suggestions a new span covers are shadowed)."""
        changes: list[Change] = []
        spans = self._store.spans_overlapping(article.id, start, end, version)
        for other in overlapping(spans, start, end, ignore=ignore):
            if other.status == Review.SUGGESTED:
                changes.append(Change(other, self._stamp(replace(other, status=Review.REJECTED))))
            else:
                raise ActionRefused(
                    f"That would overlap {describe(article.text, other)}. "
                    "Entity spans cannot overlap: remove or resize that span first."
                )
        return changes

    # -- actions ------------------------------------------------------------------
    def add(self, article_id: str, start: int, end: int, label: str) -> Span:
        article = self._store.get_article(article_id)
        check_offsets(article.text, start, end)
        start, end = _trim(article.text, start, end)
        version = self._writing(article_id)
        changes = self._make_room(article, start, end, version=version)
        span = self._stamp(
            Span(id=new_id("span"), article_id=article_id, start=start, end=end, label=label,
                 origin=Origin.ANALYST, status=Review.ACCEPTED, version=version)
        )  # fmt: skip
        changes.append(Change(None, span))
        self._commit(f"Label {describe(article.text, span)}", article, changes)
        return span

    def relabel(self, span_id: str, label: str) -> Span:
        span = self._span(span_id)
        version = self._writing(span.article_id)
        if not self._mine(span, version):
            return self._copy_in(span, version, f"Relabel {{}} as {label}", label=label)
        if span.label == label and span.status == Review.ACCEPTED:
            return span
        article = self._store.get_article(span.article_id)
        new = self._stamp(replace(span, label=label, status=Review.ACCEPTED))
        self._commit(f"Relabel {describe(article.text, span)} as {label}", article,
                     [Change(span, new)])  # fmt: skip
        return new

    def accept(self, span_id: str) -> Span:
        span = self._span(span_id)
        version = self._writing(span.article_id)
        if not self._mine(span, version):
            return self._copy_in(span, version, "Accept {}")
        if span.status == Review.ACCEPTED:
            return span
        article = self._store.get_article(span.article_id)
        changes = (self._make_room(article, span.start, span.end, ignore=span.id, version=version)
                   if not span.visible else [])  # fmt: skip
        new = self._stamp(replace(span, status=Review.ACCEPTED))
        self._commit(f"Accept {describe(article.text, span)}", article,
                     changes + [Change(span, new)])  # fmt: skip
        return new

    def accept_all(self, article_id: str) -> int:
        """Accept every remaining suggestion of the article (one undo step). Returns how many."""
        article = self._store.get_article(article_id)
        version = self._writing(article_id)
        todo = [s for s in self._store.spans(article_id, version) if s.status == Review.SUGGESTED]
        changes = [Change(s, self._stamp(replace(s, status=Review.ACCEPTED))) for s in todo]
        if version != SHARED:  # the shared suggestions still shown: accepted copies in the analyst's version
            shown, _ = shown_suggestions(self._store.get_document(article_id),
                                         self._store.get_document(article_id, version))  # fmt: skip
            changes += [Change(None, self._copy(s, version, status=Review.ACCEPTED)) for s in shown]
        if not changes:
            return 0
        self._commit(f"Accept {len(changes)} suggestions", article, changes)
        return len(changes)

    def resize(self, span_id: str, start: int, end: int) -> Span:
        span = self._span(span_id)
        article = self._store.get_article(span.article_id)
        check_offsets(article.text, start, end)
        start, end = _trim(article.text, start, end)
        version = self._writing(span.article_id)
        if not self._mine(span, version):
            return self._copy_in(span, version, f"Resize {{}} to '{article.text[start:end]}'", start=start, end=end)
        if (start, end) == (span.start, span.end):
            return span
        changes = self._make_room(article, start, end, ignore=span.id, version=version)
        new = self._stamp(replace(span, start=start, end=end, status=Review.ACCEPTED))
        self._commit(f"Resize {describe(article.text, span)} to '{article.text[start:end]}'", article,
                     changes + [Change(span, new)])  # fmt: skip
        return new

    def _copy_in(self, span: Span, version: str, action: str, **fields: object) -> Span:
        """A shared span edited from an analyst's version: an accepted, changed copy in it."""
        article = self._store.get_article(span.article_id)
        copy = self._copy(span, version, status=Review.ACCEPTED, **fields)
        changes = self._make_room(article, copy.start, copy.end, version=version)
        self._commit(action.format(describe(article.text, span)), article, [*changes, Change(None, copy)])
        return copy

    def remove(self, span_id: str, *, linked: Linked = "ask") -> Span | None:
        """Reject a suggestion or delete the analyst's own span (see EditorBase._removal)."""
        span = self._span(span_id)
        return self._remove(span, linked, lambda text: describe(text, span))

    def set_status(self, article_id: str, status: ArticleStatus) -> Article:
        article = self._store.get_article(article_id)
        if article.status == status:
            return article
        new = replace(article, status=status)
        label = {ArticleStatus.DONE: "done", ArticleStatus.IN_PROGRESS: "in progress", ArticleStatus.TODO: "to do"}
        action = f"Mark '{article.meta.title or article.id}' {label[status]}"
        self._history.do(ChangeSet(action, (Change(article, new),), article.id))
        return new


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace at either end: spans never start or end on a space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ActionRefused("The selection is only whitespace.")
    return start, end

