"""Turns the editor's requests into service calls: one request, one committed, undoable action.

The service commits before anything changes on screen; then ``changed`` tells the
window to redraw the article from the database. A refused action (overlap, stale id)
becomes ``refused(message)``, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.errors import ActionRefused, ConflictError, NewsdeskError
from desktop.services import LinkedObject, Services

from . import prompts
from .claims import LinkPicker
from .editor import AnnotatedTextView
from .relation_picker import RelationPicker

T = TypeVar("T")


class AnnotationActions(QObject):
    """Connects an :class:`AnnotatedTextView` to the services for the article it shows."""

    changed = Signal(str)  # article id whose annotations were committed
    stale = Signal(str)  # article id changed elsewhere (a refused, conflicting edit): show it again
    refused = Signal(str)  # a one-line reason
    done = Signal(str)  # a one-line confirmation for the status bar
    reannotateRequested = Signal()  # re-annotate unreviewed articles (after a new rule)

    def __init__(self, services: Services, view: AnnotatedTextView, article_id: Callable[[], str | None],
                 parent: QWidget) -> None:  # fmt: skip
        super().__init__(parent)
        self._services = services
        self._view = view
        self._article_id = article_id
        self._parent = parent
        view.labelRequested.connect(self.label)
        view.relabelRequested.connect(self.relabel)
        view.removeRequested.connect(self.remove)
        view.acceptRequested.connect(self.accept)
        view.resizeRequested.connect(self.resize)
        view.claimRequested.connect(self.claim)
        view.ruleRequested.connect(self.rule)
        view.linkRequested.connect(self.link)
        view.relateRequested.connect(self.relate)

    # -- plumbing -----------------------------------------------------------------------
    def _run(self, fn: Callable[[], T]) -> T | None:
        """Call a service; refusals go to ``refused``; on success ``changed`` fires for the article.

        The views redraw from the committed-change event; the history's version tells
        whether the call committed anything at all."""
        aid = self._article_id()
        if aid is None:
            return None
        before = self._services.history.version
        try:
            result = fn()
        except ConflictError as exc:
            self.refused.emit(str(exc))
            self.stale.emit(aid)  # someone else changed it: show what is there now
            return None
        except ActionRefused as exc:
            self.refused.emit(str(exc))
            return None
        except (NewsdeskError, ValueError) as exc:
            self.refused.emit(str(exc) or type(exc).__name__)
            return None
        self._committed(aid, before)
        return result

    def _committed(self, aid: str, before: int) -> None:
        if self._services.history.version == before:
            return  # nothing to do (e.g. accepting what was accepted already)
        self.changed.emit(aid)
        text = self._services.history.undo_text
        if text:
            self.done.emit(text)

    # -- span requests --------------------------------------------------------------------
    def label(self, start: int, end: int, label: str) -> None:
        aid = self._article_id()
        if aid is None:
            return
        span = self._run(lambda: self._services.spans.add(aid, start, end, label))
        if span is not None:
            self._view.select_object(span.id)

    def relabel(self, span_id: str, label: str) -> None:
        self._run(lambda: self._services.spans.relabel(span_id, label))

    def resize(self, span_id: str, start: int, end: int) -> None:
        self._run(lambda: self._services.spans.resize(span_id, start, end))

    def accept(self, object_id: str) -> None:
        done: object
        if object_id.startswith("c-"):
            done = self._run(lambda: self._services.claims.accept(object_id))
        else:
            done = self._run(lambda: self._services.spans.accept(object_id))
        if done is not None and self._view.selected_object() is not None:
            self._view.select_neighbour(forward=True)  # on to the next one, as a reviewer works down the text

    def remove(self, object_id: str) -> None:
        editor = self._services.claims if object_id.startswith("c-") else self._services.spans
        aid = self._article_id()
        if aid is None:
            return
        before = self._services.history.version
        try:
            editor.remove(object_id)
        except LinkedObject as exc:
            choice = prompts.linked_removal(self._parent, exc, self._services)
            if choice is None:
                self.refused.emit("Nothing removed.")
                return
            self._run(lambda: editor.remove(object_id, linked=choice))
            return
        except ActionRefused as exc:
            self.refused.emit(str(exc))
            return
        self._committed(aid, before)

    def accept_all(self) -> None:
        aid = self._article_id()
        if aid is None:
            return
        n = self._run(lambda: self._services.claims.accept_all(aid))  # entity spans and claims
        if n == 0:
            self.done.emit("No suggestions left to accept in this article.")

    # -- claims, links, rules ---------------------------------------------------------------
    def claim(self, start: int, end: int) -> None:
        aid = self._article_id()
        if aid is None:
            return
        claim = self._run(lambda: self._services.claims.mark(aid, start, end))
        if claim is not None:
            self._view.select_object(claim.id)

    def link(self, claim_id: str) -> None:
        aid = self._article_id()
        if aid is None:
            return
        try:
            made = LinkPicker.pick(self._parent, self._services, claim_id)
        except ActionRefused as exc:
            self.refused.emit(str(exc))
            return
        if made:
            self.changed.emit(aid)

    def relate(self, span_id: str) -> None:
        """R: relate the selected entity span to another one of the article (works_for, …)."""
        aid = self._article_id()
        head = next((s for s in self._view.visible_spans() if s.id == span_id), None)
        if aid is None or head is None:
            self.refused.emit("Select an entity span first (Tab), then press R to relate it.")
            return
        if RelationPicker.pick(self._parent, self._services, head, self._view.visible_spans(), self._view.edge.text):
            self.changed.emit(aid)
            text = self._services.history.undo_text
            if text:
                self.done.emit(text)

    def remove_relation(self, relation_id: str) -> None:
        self._run(lambda: self._services.relations.remove(relation_id))

    def rule(self, text: str, label: str) -> None:
        rule = self._run(lambda: self._services.corpus.add_rule(text, label,
                                                                annotator=self._services.annotator_name))  # fmt: skip
        if rule is None:
            return
        if prompts.reannotate_after_rule(self._parent, f"Always label '{rule.pattern}' as {rule.label}."):
            self.reannotateRequested.emit()
