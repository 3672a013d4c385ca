"""Pre-annotation: run the NLP engine over articles and store its suggestions.

Suggestions are stored once, so opening an article never runs NER again. Re-running
replaces the old *suggestions* only: the analyst's spans, accepted suggestions and
rejected ones (negative evidence) are kept, and a new suggestion that overlaps a kept
span or repeats a rejected one is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from desktop.domain.errors import ConflictError
from desktop.domain.model import (
    Article,
    ArticleStatus,
    Change,
    ChangeSet,
    Claim,
    Link,
    Origin,
    Review,
    Span,
)
from desktop.domain.ports import NlpEngine, Progress, Store, Suggestions
from desktop.domain.spans import overlaps

MACHINE = (Origin.MODEL, Origin.RULE)


@dataclass(slots=True)
class AnnotateReport:
    articles: int = 0
    spans: int = 0
    claims: int = 0
    model: str = ""

    def summary(self) -> str:
        return (f"annotated {self.articles} article{'s' if self.articles != 1 else ''} with {self.model}: "
                f"{self.spans} entity suggestions, {self.claims} claim suggestions")  # fmt: skip


class Annotator:
    def __init__(self, store: Store, engine: NlpEngine) -> None:
        self._store = store
        self._engine = engine

    def pending(self, article_ids: Sequence[str] | None = None, *, force: bool = False,
                unreviewed_only: bool = False) -> list[str]:  # fmt: skip
        """Articles to pre-annotate: never annotated ones, or all given ones with ``force``."""
        wanted = set(article_ids) if article_ids else None
        summaries = self._store.list_articles()
        out = []
        for summary in summaries:
            if wanted is not None and summary.id not in wanted:
                continue
            if unreviewed_only and summary.status != ArticleStatus.TODO:
                continue
            if force or summary.annotated_by is None:
                out.append(summary.id)
        if wanted is not None:
            missing = wanted - {s.id for s in summaries}
            if missing:
                raise KeyError(f"no such article: {', '.join(sorted(missing))}")
        return out

    def run(self, article_ids: Sequence[str], *, progress: Progress | None = None,
            batch_size: int = 16) -> AnnotateReport:  # fmt: skip
        """Pre-annotate the given articles; each article is committed on its own.

        Cancelling stops after the article in hand: what was committed stays.
        """
        info = self._engine.load()
        report = AnnotateReport(model=info.label)
        total = len(article_ids)
        progress = progress or Progress()
        progress.step(0, total, f"Loading {info.label}")

        def texts() -> Iterator[tuple[str, str]]:
            for aid in article_ids:
                yield aid, self._store.get_article(aid).text

        rules = self._store.rules()
        for done, suggestions in enumerate(self._engine.suggest(texts(), rules, batch_size=batch_size), start=1):
            changes = self._merge(suggestions, info.label)
            try:
                self._store.apply(changes, annotator=f"model:{info.label}", compact_log=True)
            except ConflictError:  # the analyst edited this article meanwhile: merge again on top
                changes = self._merge(suggestions, info.label)
                self._store.apply(changes, annotator=f"model:{info.label}", compact_log=True)
            report.articles += 1
            report.spans += sum(1 for c in changes.changes if c.before is None and isinstance(c.after, Span))
            report.claims += sum(1 for c in changes.changes if c.before is None and isinstance(c.after, Claim))
            progress.step(done, total, f"Annotated {done} of {total}")
        return report

    def _merge(self, new: Suggestions, model: str) -> ChangeSet:
        stored = self._store.get_document(new.article_id)  # one read: the article, its spans and claims
        article, spans, claims = stored.article, stored.spans, stored.claims
        old_links = self._store.links_of_article(article.id)  # links from other articles included
        analyst_linked = {lk.child for lk in old_links if lk.origin == Origin.ANALYST} | {
            lk.head for lk in old_links if lk.origin == Origin.ANALYST
        }

        def replaceable(obj: Span | Claim) -> bool:
            return obj.status == Review.SUGGESTED and obj.origin in MACHINE and obj.id not in analyst_linked

        drop_spans = [s for s in spans if replaceable(s)]
        drop_claims = [c for c in claims if replaceable(c)]
        dropped = {s.id for s in drop_spans} | {c.id for c in drop_claims}
        drop_links = [lk for lk in old_links if lk.head in dropped or lk.child in dropped]

        kept_spans = [s for s in spans if s.id not in dropped]
        rejected = {(s.start, s.end, s.label) for s in kept_spans if s.status == Review.REJECTED}
        visible = [s for s in kept_spans if s.visible]
        same_place = {(s.start, s.end): s for s in visible}

        added_spans: list[Span] = []
        span_for: dict[str, str] = {}  # suggested span id -> id it is stored under
        for s in new.spans:
            if (s.start, s.end, s.label) in rejected:
                continue
            twin = same_place.get((s.start, s.end))
            if twin is not None:
                span_for[s.id] = twin.id
                continue
            if any(overlaps(s.start, s.end, v.start, v.end) for v in visible):
                continue
            added_spans.append(s)
            span_for[s.id] = s.id

        kept_claims = {(c.start, c.end) for c in claims if c.id not in dropped}
        added_claims = [c for c in new.claims if (c.start, c.end) not in kept_claims]
        claim_ids = {c.id for c in added_claims}
        added_links: list[Link] = []
        for link in new.links:
            child = span_for.get(link.child, link.child if link.child in claim_ids else None)
            if link.head in claim_ids and child is not None:
                added_links.append(replace(link, child=child))

        changes: list[Change] = [Change(lk, None) for lk in drop_links]
        changes += [Change(r, None) for r in self._store.relations_touching([s.id for s in drop_spans])]
        changes += [Change(c, None) for c in drop_claims]
        changes += [Change(s, None) for s in drop_spans]
        changes += [Change(None, s) for s in added_spans]
        changes += [Change(None, c) for c in added_claims]
        changes += [Change(None, lk) for lk in added_links]
        changes.append(Change(article, _annotated(article, model)))
        return ChangeSet(f"Pre-annotate with {model}", tuple(changes), article.id)


def _annotated(article: Article, model: str) -> Article:
    return replace(article, annotated_by=model)
