"""Entity relations: a labelled arrow from one entity span to another in the same article.

Labels come from the editable relation set (Corpus.relation_labels); a label typed in
the picker that is not in the set joins it. Each action is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from desktop.domain.errors import ActionRefused
from desktop.domain.ids import new_id
from desktop.domain.model import Change, Origin, Relation, Span
from desktop.domain.ports import Store

from .corpus import Corpus
from .editing import EditorBase, describe
from .history import History


class RelationEditor(EditorBase):
    def __init__(self, corpus: Corpus, store: Store, history: History, annotator: Callable[[], str | None],
                 version_for: Callable[[str], str] | None = None) -> None:  # fmt: skip
        super().__init__(store, history, annotator, version_for)
        self._corpus = corpus

    def labels(self) -> list[str]:
        return self._corpus.relation_labels()

    def _span(self, span_id: str) -> Span:
        obj = self._store.get(span_id)
        if not isinstance(obj, Span):
            raise ActionRefused(f"There is no entity span {span_id} any more.")
        return obj

    def _relation(self, relation_id: str) -> Relation:
        obj = self._store.get(relation_id)
        if not isinstance(obj, Relation):
            raise ActionRefused(f"There is no relation {relation_id} any more.")
        return obj

    def _label(self, label: str) -> str:
        name = " ".join(label.split())
        if not name:
            raise ActionRefused("A relation needs a label, e.g. works_for.")
        known = self.labels()
        if name not in known:
            self._corpus.save_relation_labels([*known, name])
        return name

    def add(self, head_id: str, child_id: str, label: str) -> Relation:
        """Relate two entity spans of one article: ``head --label--> child``."""
        head, child = self._span(head_id), self._span(child_id)
        if head.id == child.id:
            raise ActionRefused("A relation joins two different entity spans.")
        if head.article_id != child.article_id:
            raise ActionRefused("Entity relations join spans of the same article (link claims across articles).")
        name = self._label(label)
        version = self._writing(head.article_id)
        changes: list[Change] = []  # shared spans related from an analyst's version are copied into it
        head, child = self._own(head, version, changes), self._own(child, version, changes)
        for existing in self._store.relations_touching([head.id]):
            if (existing.head, existing.child, existing.label) == (head.id, child.id, name):
                return existing
        article = self._store.get_article(head.article_id)
        rel = self._stamp(Relation(new_id("relation"), article.id, name, head.id, child.id, origin=Origin.ANALYST,
                                   version=version))  # fmt: skip
        what = f"{describe(article.text, head)} {name} {describe(article.text, child)}"
        self._commit(f"Relate {what}", article, [*changes, Change(None, rel)])
        return rel

    def relabel(self, relation_id: str, label: str) -> Relation:
        rel = self._relation(relation_id)
        self._check_mine(rel)
        name = self._label(label)
        if name == rel.label:
            return rel
        article = self._store.get_article(rel.article_id)
        new = self._stamp(replace(rel, label=name))
        self._commit(f"Relabel relation {rel.label} as {name}", article, [Change(rel, new)])
        return new

    def remove(self, relation_id: str) -> None:
        rel = self._relation(relation_id)
        self._check_mine(rel)
        article = self._store.get_article(rel.article_id)
        self._commit(f"Remove relation {rel.label}", article, [Change(rel, None)])

    def _check_mine(self, rel: Relation) -> None:
        if not self._mine(rel, self._writing(rel.article_id)):
            raise ActionRefused("That relation is shared: relate the spans in your own version instead.")

    def of_spans(self, span_ids: list[str]) -> list[Relation]:
        return self._store.relations_touching(span_ids)
