"""``SqlStore``: the ``Store`` port on SQLAlchemy (SQLite or PostgreSQL).

Every public method is one transaction. Writers start with ``BEGIN IMMEDIATE`` on
SQLite so that two processes on one file (the CLI and the window) queue for the
write lock instead of failing. Database errors leave as ``StoreError``.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from desktop.domain.errors import StoreError
from desktop.domain.ids import kind_of
from desktop.domain.model import (
    SHARED,
    Annotation,
    AnnotationVersion,
    Article,
    ArticleSummary,
    Assignment,
    ChangeSet,
    Claim,
    ClaimRef,
    Document,
    EditLogEntry,
    Entity,
    LabelDef,
    Link,
    Relation,
    Rule,
    Span,
)
from desktop.domain.ports import ImportCounts, SharedModel
from desktop.domain.search import ArticleQuery, SearchHit, SearchQuery

from . import convert, dialect, listing, migrate, reading, search, writes
from .revisions import SqlRevisionStore
from .schema import ArticleRow, ClaimRow, EditLogRow, EntityRow, RuleRow, SettingRow, SharedModelRow, SpanRow
from .workqueue import SqlAnnotateQueue

LABELS_KEY = "labels"


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()

_GETTERS: dict[str, tuple[Any, Any]] = {convert.OBJECT_TYPES[t]: how for t, how in convert.READ_BACK.items()}


class SqlStore:
    """Open with :func:`desktop.db.open_store`, which also migrates the schema."""

    def __init__(self, engine: Engine, url: str, *, read_only: bool = False) -> None:
        self._engine = engine
        self._url = url
        self.read_only = read_only  # an SQLite file opened with mode=ro: every write fails with a clear line

    # -- plumbing ---------------------------------------------------------------------------
    @contextmanager
    def _tx(self, *, write: bool = False, relaxed: bool = False) -> Iterator[Session]:
        try:
            with self._engine.connect() as conn:
                if write:
                    conn.execution_options(**{dialect.WRITE_OPTION: True, dialect.RELAXED_OPTION: relaxed})
                with Session(bind=conn, autoflush=False, expire_on_commit=False) as session, session.begin():
                    yield session
        except IntegrityError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
            raise StoreError(f"{self.url}: the change breaks a database rule ({reason})") from exc
        except DBAPIError as exc:
            raise dialect.explain(exc, self.url) from exc

    @property
    def url(self) -> str:
        return dialect.display(self._url) + (" (read-only)" if self.read_only else "")

    def close(self) -> None:
        self._engine.dispose()

    @property
    def revisions(self) -> SqlRevisionStore:
        """Article revisions (desktop.db.revisions), in transactions of this store."""
        return SqlRevisionStore(self._tx, self.add_documents)

    @property
    def annotate_queue(self) -> SqlAnnotateQueue:
        """The work queue of ``newsdesk annotate --worker`` (desktop.db.workqueue), in transactions of this store."""
        return SqlAnnotateQueue(self._tx)

    def schema_version(self) -> str:
        with self._tx() as s:
            return migrate.current_revision(s.connection()) or ""

    # -- articles ---------------------------------------------------------------------------
    def add_documents(self, docs: Iterable[Document], *, annotator: str | None = None) -> ImportCounts:
        """All or nothing, in bulk. PostgreSQL: one transaction. SQLite: one short
        transaction per chunk (another writer waits for one chunk at most, never for the
        whole file), undone together if anything fails, and by the next open if the
        process dies in between (see :meth:`recover_imports`)."""
        imp = writes.Import(annotator, secrets.token_hex(8))
        if not self._chunked:
            with self._tx(write=True) as s:
                for chunk in imp.chunked(docs):
                    imp.write(s, chunk)
                imp.finish(s)
            return imp.counts
        try:
            for chunk in imp.chunked(docs):  # reading and parsing the input happen outside any transaction
                # synchronous=NORMAL: a chunk need not be on disk before the import's last commit (FULL)
                with self._tx(write=True, relaxed=True) as s:
                    known = len(imp.entities_new)
                    imp.write(s, chunk)
                    if not imp.marked or len(imp.entities_new) != known:
                        imp.mark(s)  # in the same transaction as the rows it accounts for
            with self._tx(write=True) as s:
                imp.finish(s)
        except BaseException:
            if imp.marked:
                with self._tx(write=True) as s:
                    imp.undo(s)
            raise
        return imp.counts

    @property
    def _chunked(self) -> bool:
        return dialect.is_sqlite(self._url)

    def recover_imports(self) -> int:
        """Undo the imports whose process died before they finished (SQLite's chunked
        imports leave a marker until their last chunk). Returns how many were undone."""
        with self._tx() as s:
            if not writes.any_pending_import_sqlite(s):
                return 0
        undone = 0
        with self._tx(write=True) as s:
            for batch, info in writes.pending_imports(s):
                if info.get("host") == socket.gethostname() and _alive(info.get("pid")):
                    continue  # still running in another process
                writes.undo_import(s, batch, writes.batch_articles(s, batch), list(info.get("entities") or []))
                undone += 1
        return undone

    def article_id_for_sha256(self, sha256: str) -> str | None:
        with self._tx() as s:
            return s.scalar(select(ArticleRow.id).where(ArticleRow.sha256 == sha256))

    def list_articles(self) -> list[ArticleSummary]:
        with self._tx() as s:
            return reading.list_articles(s)

    def article_page(self, query: ArticleQuery, offset: int, limit: int) -> list[ArticleSummary]:
        with self._tx() as s:
            return listing.page(s, query, offset, limit)

    def count_articles(self, query: ArticleQuery) -> int:
        with self._tx() as s:
            return listing.count(s, query)

    def article_position(self, query: ArticleQuery, article_id: str) -> int:
        with self._tx() as s:
            return listing.position(s, query, article_id)

    def article_status_counts(self) -> dict[str, int]:
        with self._tx() as s:
            return listing.status_counts(s)

    def search(self, query: SearchQuery) -> list[SearchHit]:
        with self._tx() as s:
            return search.search(s, query)

    def search_index_ok(self) -> bool:
        with self._tx() as s:
            return search.integrity_ok(s)

    def article_ids(self) -> list[str]:
        with self._tx() as s:
            q = select(ArticleRow.id).order_by(
                reading.UNDATED_LAST, ArticleRow.published, ArticleRow.title, ArticleRow.id
            )
            return list(s.scalars(q))

    def get_article(self, article_id: str) -> Article:
        with self._tx() as s:
            row = s.execute(select(*convert.ARTICLE_COLS).where(ArticleRow.id == article_id)).first()
        if row is None:
            raise KeyError(article_id)
        return convert.to_article(row)

    def get_document(self, article_id: str, version: str = SHARED) -> Document:
        with self._tx() as s:
            return reading.load_documents(s, [article_id], version=version)[0]

    def iter_documents(self, article_ids: Sequence[str] | None = None, *, batch_size: int = 100,
                       versions: bool = False) -> Iterator[Document]:  # fmt: skip
        """Given ids: in that order. Otherwise all articles ordered by id. One short
        transaction per batch, so the caller may write between batches. ``versions``: fill
        ``Document.versions`` (the analysts' own versions) too."""
        size = max(1, batch_size)
        if article_ids is not None:
            for part in writes.chunks(list(article_ids), size):
                with self._tx() as s:
                    batch = reading.load_documents(s, part, versions=versions)
                yield from batch
            return
        last: str | None = None
        while True:
            with self._tx() as s:
                q = select(ArticleRow.id).order_by(ArticleRow.id).limit(size)
                if last is not None:
                    q = q.where(ArticleRow.id > last)
                ids = list(s.scalars(q))
                batch = reading.load_documents(s, ids, versions=versions)
            if not ids:
                return
            last = ids[-1]
            yield from batch

    # -- annotations ------------------------------------------------------------------------
    def get(self, object_id: str) -> Annotation | None:
        hint = kind_of(object_id)
        order = sorted(_GETTERS, key=lambda k: k != hint)
        with self._tx() as s:
            for kind in order:
                columns, to_domain = _GETTERS[kind]
                row = s.execute(select(*columns).where(columns[0] == object_id)).first()
                if row is not None:
                    return cast(Annotation, to_domain(row))
        return None

    def spans(self, article_id: str, version: str = SHARED) -> list[Span]:
        with self._tx() as s:
            q = select(*convert.SPAN_COLS).where(SpanRow.article_id == article_id, SpanRow.version == version)
            rows = s.execute(q.order_by(SpanRow.start, SpanRow.end, SpanRow.id))
            return [convert.to_span(r) for r in rows]

    def spans_overlapping(self, article_id: str, start: int, end: int, version: str = SHARED) -> list[Span]:
        """Spans (any status) of one version of an article that overlap [start, end), sorted:
        an index range read, cheap even on an article with thousands of spans."""
        with self._tx() as s:
            q = select(*convert.SPAN_COLS).where(
                SpanRow.article_id == article_id, SpanRow.version == version, SpanRow.start < end, SpanRow.end > start
            )
            rows = s.execute(q.order_by(SpanRow.start, SpanRow.end, SpanRow.id))
            return [convert.to_span(r) for r in rows]

    def claims(self, article_id: str, version: str = SHARED) -> list[Claim]:
        with self._tx() as s:
            q = select(*convert.CLAIM_COLS).where(ClaimRow.article_id == article_id, ClaimRow.version == version)
            rows = s.execute(q.order_by(ClaimRow.start, ClaimRow.end, ClaimRow.id))
            return [convert.to_claim(r) for r in rows]

    def links_touching(self, object_ids: Collection[str]) -> list[Link]:
        with self._tx() as s:
            return reading.links_touching(s, list(object_ids))

    def links_of_article(self, article_id: str, version: str = SHARED) -> list[Link]:
        with self._tx() as s:
            return reading.links_of_article(s, article_id, version)

    def relations_touching(self, span_ids: Collection[str]) -> list[Relation]:
        with self._tx() as s:
            return reading.relations_touching(s, list(span_ids))

    def apply(self, changes: ChangeSet, *, annotator: str | None, compact_log: bool = False) -> None:
        if changes.empty:
            return
        with self._tx(write=True) as s:
            writes.apply_changes(s, changes, annotator, compact_log=compact_log)

    # -- corpus-wide ------------------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, int]]:
        with self._tx() as s:
            return reading.stats(s)

    def list_entities(self) -> list[Entity]:
        with self._tx() as s:
            rows = s.execute(select(*convert.ENTITY_COLS).order_by(EntityRow.name, EntityRow.id))
            return [convert.to_entity(r) for r in rows]

    def entity_mentions(self, entity_id: str, version: str | None = SHARED) -> list[Span]:
        with self._tx() as s:
            q = select(*convert.SPAN_COLS).where(SpanRow.entity_id == entity_id)
            if version is not None:
                q = q.where(SpanRow.version == version)
            rows = s.execute(q.order_by(SpanRow.article_id, SpanRow.start, SpanRow.id))
            return [convert.to_span(r) for r in rows]

    def labelled_mentions(self, labels: Sequence[str]) -> list[tuple[Span, str]]:
        with self._tx() as s:
            return reading.labelled_mentions(s, labels)

    def list_claims(self, query: str = "", *, limit: int | None = None) -> list[ClaimRef]:
        with self._tx() as s:
            return reading.list_claims(s, query, limit)

    def rules(self) -> list[Rule]:
        with self._tx() as s:
            rows = s.execute(select(*convert.RULE_COLS).order_by(RuleRow.created, RuleRow.id))
            return [convert.to_rule(r) for r in rows]

    def labels(self) -> list[LabelDef] | None:
        value = self.get_setting(LABELS_KEY)
        if not isinstance(value, list):
            return None
        return [LabelDef(**item) for item in value]

    def save_labels(self, labels: Sequence[LabelDef]) -> None:
        self.set_setting(LABELS_KEY, [dataclasses.asdict(label) for label in labels])

    def get_setting(self, key: str) -> object | None:
        with self._tx() as s:
            return s.scalar(select(SettingRow.value).where(SettingRow.key == key))

    def set_setting(self, key: str, value: object) -> None:
        with self._tx(write=True) as s:
            result = s.execute(update(SettingRow).where(SettingRow.key == key).values(value=value))
            if cast(Any, result).rowcount == 0:
                s.execute(insert(SettingRow).values(key=key, value=value))

    def delete_setting(self, key: str) -> None:
        with self._tx(write=True) as s:
            s.execute(delete(SettingRow).where(SettingRow.key == key))

    # -- trained models shared with the team ----------------------------------------------------
    def share_model(self, model: SharedModel, archive: bytes) -> None:
        with self._tx(write=True) as s:
            s.execute(delete(SharedModelRow).where(SharedModelRow.version == model.version))
            s.execute(insert(SharedModelRow).values(version=model.version, name=model.name, created=model.created,
                                                    shared_by=model.shared_by, meta=model.meta, archive=archive))

    def shared_models(self) -> list[SharedModel]:
        cols = (SharedModelRow.version, SharedModelRow.name, SharedModelRow.created, SharedModelRow.shared_by,
                SharedModelRow.meta)
        with self._tx() as s:
            return [SharedModel(*row) for row in s.execute(select(*cols).order_by(SharedModelRow.version))]

    def shared_model_archive(self, version: str) -> bytes | None:
        with self._tx() as s:
            return s.scalar(select(SharedModelRow.archive).where(SharedModelRow.version == version))

    # -- team review ------------------------------------------------------------------------
    def assignments(self, *, article_id: str | None = None, analyst: str | None = None) -> list[Assignment]:
        with self._tx() as s:
            return reading.assignments(s, article_ids=[article_id] if article_id is not None else None,
                                       analyst=analyst)  # fmt: skip

    def versions(self, article_id: str) -> list[AnnotationVersion]:
        with self._tx() as s:
            return reading.versions(s, article_id)

    def write_assignments(self, changes: Sequence[tuple[Assignment | None, Assignment | None]], *, action: str,
                          annotator: str | None) -> None:  # fmt: skip
        if not changes:
            return
        with self._tx(write=True) as s:
            writes.write_assignments(s, changes, action, annotator, lock=not self._chunked)

    def edit_log(self, *, article_id: str | None = None, limit: int = 100) -> list[EditLogEntry]:
        with self._tx() as s:
            q = select(*EditLogRow.__table__.c)
            if article_id is not None:
                q = q.where(EditLogRow.article_id == article_id)
            rows = s.execute(q.order_by(EditLogRow.id.desc()).limit(limit))
            return [
                EditLogEntry(
                    id=r.id,
                    at=r.at,
                    annotator=r.annotator,
                    action=r.action,
                    article_id=r.article_id,
                    object_id=r.object_id,
                    before=r.before,
                    after=r.after,
                )
                for r in rows
            ]
