"""Writing: change sets (with the edit log) and bulk import of documents.

Each function runs inside a transaction that the caller opened; nothing here commits.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import JSON, bindparam, delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.domain.errors import ConflictError, StoreError
from desktop.domain.model import (
    SHARED,
    Annotation,
    Article,
    Assignment,
    Change,
    ChangeSet,
    Claim,
    Document,
    Entity,
    Link,
    LinkLabel,
    Relation,
    Rule,
    Span,
    Unplaced,
    VersionState,
    text_sha256,
    utc_now,
)
from desktop.domain.ports import ImportCounts
from desktop.domain.spans import check_offsets

from . import convert
from .schema import (
    ArticleRow,
    AssignmentRow,
    ClaimRow,
    EditLogRow,
    EntityRow,
    LinkRow,
    RelationRow,
    SettingRow,
    SpanRow,
)

CHUNK = 400  # ids per IN (...) clause: far below every backend's parameter limit


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# -- change sets -------------------------------------------------------------------------------
#
# A change set is written in one transaction, in bulk: one locking read per table for the
# stale-state check, one executemany per table and kind of write, one overlap check, and
# the edit log. Nothing is read before the transaction and trusted inside it:
# - SQLite: writers begin with BEGIN IMMEDIATE (desktop.db.dialect), so the check, the
#   invariants and the write see the one latest state and nobody writes in between.
# - PostgreSQL (READ COMMITTED): the articles the change set touches are locked first
#   (SELECT ... FOR UPDATE, in id order so two writers never deadlock), then the objects
#   it changes; the check reads the latest committed state under those locks. Two writers
#   on one article queue; the second one sees the first one's change and is refused.

SPANS_NO_OVERLAP = "ex_spans_visible_no_overlap"  # PostgreSQL's exclusion constraint (migration 0004)
_UPSERT_ORDER = (Article, Entity, Rule, Span, Claim, Link, Relation, Unplaced)  # foreign keys are deferred anyway
_DELETE_ORDER = (Unplaced, Relation, Link, Claim, Span, Entity, Rule, Article)  # ON DELETE RESTRICT acts at once


def bulk_insert(s: Session, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """One executemany of ``rows`` (dicts with the same keys) straight on the driver's cursor.

    Every bulk write of imports and pre-annotation goes through here: SQLAlchemy's
    per-row parameter processing costs more than SQLite's own insert, so the rows are
    handed to the DB-API as tuples (JSON columns serialised here, as SQLAlchemy would)."""
    if not rows:
        return
    t = table.__table__ if hasattr(table, "__table__") else table
    cols = list(rows[0])
    conn = s.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"  # sqlite3 / psycopg
    json_cols = {c for c in cols if isinstance(t.c[c].type, JSON)}
    sql = (f"INSERT INTO {t.name} ({', '.join(conn.dialect.identifier_preparer.quote(c) for c in cols)}) "
           f"VALUES ({', '.join([mark] * len(cols))})")  # fmt: skip
    if json_cols:
        data = [tuple(json.dumps(r[c], ensure_ascii=False) if c in json_cols and r[c] is not None else r[c]
                      for c in cols) for r in rows]  # fmt: skip
    else:
        data = [tuple(r.values()) for r in rows]
    if mark == "?":
        conn.exec_driver_sql(sql, data)  # SQLite: executemany is a loop in C, no round trips
        return
    # PostgreSQL: COPY, in the same transaction (a round trip per row would dominate)
    names = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in cols)
    raw = cast(Any, conn.connection.dbapi_connection)
    statement = f"COPY {t.name} ({names}) FROM STDIN"
    error = conn.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cur, cur.copy(statement) as copy:
            for row in data:
                copy.write_row(row)
    except error as exc:  # as SQLAlchemy would have raised it (IntegrityError for a broken rule)
        raise DBAPIError.instance(statement, None, exc, error) from exc


def apply_changes(s: Session, changes: ChangeSet, annotator: str | None, *, compact_log: bool = False) -> None:
    """Check that every object is still what ``change.before`` says, keep the article
    invariants, write. ``compact_log``: one edit-log row for the whole set (pre-annotation)
    instead of one per change."""
    now = utc_now()
    for change in changes.changes:
        if type(change.object) not in convert.OBJECT_TYPES:
            raise TypeError(f"cannot store a {type(change.object).__name__}: not an annotation type")
    ids = [c.object.id for c in changes.changes]
    if len(set(ids)) != len(ids):  # one object changed twice in a set: write them in order
        for change in changes.changes:
            apply_changes(s, ChangeSet(changes.action, (change,), changes.article_id), annotator)
        return
    postgres = s.get_bind().dialect.name == "postgresql"
    if postgres:  # the order of the writes below is not the order of the changes
        s.execute(text(f"SET CONSTRAINTS {SPANS_NO_OVERLAP} DEFERRED"))
    touched = _articles_of(changes)
    if postgres and touched:
        list(s.scalars(select(ArticleRow.id).where(ArticleRow.id.in_(sorted(touched))).order_by(ArticleRow.id)
                       .with_for_update()))  # fmt: skip
    _check_all(s, changes, lock=postgres)
    _check_versions_open(s, changes, annotator, now, lock=postgres)
    pending: dict[str, type] = {c.object.id: type(c.object) for c in changes.changes if c.after is not None}
    write_rows(s, changes, pending, now)
    _check_no_overlap(s, [c.after for c in changes.changes if isinstance(c.after, Span) and _shows_anew(c)])
    moved = sorted(touched - {c.object.id for c in changes.changes if isinstance(c.object, Article)})
    if moved:
        s.execute(update(ArticleRow).where(ArticleRow.id.in_(moved)).values(updated=now))
    if compact_log:
        log = [_summary_row(now, annotator, changes)]
    else:
        log = [_log_row(now, annotator, changes.action, changes.article_id or _article_of(c.object),
                        convert.OBJECT_TYPES[type(c.object)], c) for c in changes.changes]  # fmt: skip
    bulk_insert(s, EditLogRow, log)


def _shows_anew(c: Change) -> bool:
    """A span that is now drawn where it was not before (a relabel or a rejection cannot overlap)."""
    a, b = c.after, c.before
    if not isinstance(a, Span) or not a.visible:
        return False
    return not (isinstance(b, Span) and b.visible and (b.start, b.end) == (a.start, a.end))


def _article_of(obj: Annotation) -> str | None:
    return obj.id if isinstance(obj, Article) else getattr(obj, "article_id", None)


def _articles_of(changes: ChangeSet) -> set[str]:
    """Articles whose annotations the set changes (their "updated" moves; on PostgreSQL, locked)."""
    out: set[str] = set()
    for c in changes.changes:
        for obj in (c.before, c.after):
            if obj is not None and not isinstance(obj, Article | Entity | Rule):
                out.add(cast(Any, obj).article_id)
    return out


def _check_all(s: Session, changes: ChangeSet, *, lock: bool) -> None:
    """Optimistic concurrency: every stored object must still be what the action saw.

    Another window, the command line or a background pre-annotation may have changed it
    since; then the whole change set is refused (rolled back) instead of overwriting.
    One read per table; on PostgreSQL it locks the rows it reads until the commit.
    """
    by_type: dict[type, list[Change]] = {}
    for change in changes.changes:
        by_type.setdefault(type(change.object), []).append(change)
    current: dict[str, Any] = {}
    taken: set[str] = set()  # ids of objects the set creates that exist already
    for t in sorted(by_type, key=_UPSERT_ORDER.index):
        columns, to_domain = convert.READ_BACK[t]
        wanted = sorted(c.object.id for c in by_type[t] if c.before is not None)
        for part in chunks(wanted):
            q = select(*columns).where(columns[0].in_(part)).order_by(columns[0])
            for row in s.execute(q.with_for_update() if lock else q):
                current[row[0]] = to_domain(row)
        new = sorted(c.object.id for c in by_type[t] if c.before is None)
        for part in chunks(new):  # a creation only needs the id to be free (the primary key guards it too)
            taken.update(s.scalars(select(columns[0]).where(columns[0].in_(part))))
    for change in changes.changes:
        obj = change.object
        now = current.get(obj.id) if change.before is not None else (True if obj.id in taken else None)
        if now != change.before:
            what = convert.OBJECT_TYPES[type(obj)]
            state = "is gone" if now is None else ("exists already" if change.before is None else "was changed")
            raise ConflictError(
                f"'{changes.action}' not applied: {what} {obj.id} {state} (changed elsewhere in the meantime)"
            )


def _versions_of(changes: ChangeSet) -> set[tuple[str, str]]:
    """(article, analyst) of every analyst version the set writes into (SHARED is not one)."""
    out: set[tuple[str, str]] = set()
    for c in changes.changes:
        for obj in (c.before, c.after):
            version = getattr(obj, "version", SHARED) if isinstance(obj, Span | Claim | Link | Relation) else SHARED
            if version != SHARED:
                out.add((cast(Any, obj).article_id, version))
    return out


def _check_versions_open(s: Session, changes: ChangeSet, annotator: str | None, now: str, *, lock: bool) -> None:
    """An analyst's own edits go into their version until they submit it for review (then:
    reopen it first); their first edit in an assigned version moves it to "in progress". Same
    transaction as the write. (Corpus-wide edits by others, such as merging two entities that
    an analyst's spans name, are not held up by a submitted version.)"""
    wanted = [(aid, analyst) for aid, analyst in _versions_of(changes) if analyst == annotator]
    if not wanted:
        return
    t = AssignmentRow
    for aid, analyst in sorted(wanted):
        q = select(t.state).where(t.article_id == aid, t.analyst == analyst)
        state = s.scalar(q.with_for_update() if lock else q)
        if state == VersionState.SUBMITTED.value:
            raise ConflictError(f"'{changes.action}' not applied: {analyst}'s version of article {aid} was submitted "
                                "for review (reopen it to edit)")  # fmt: skip
        if state == VersionState.ASSIGNED.value:
            s.execute(update(t).where(t.article_id == aid, t.analyst == analyst)
                      .values(state=VersionState.IN_PROGRESS.value, updated=now))  # fmt: skip


def write_rows(s: Session, changes: ChangeSet, pending: dict[str, type], now: str) -> None:
    """The writes of a checked change set, in bulk: inserts, updates, then deletes.

    The one place where a change set reaches the tables (an index kept in the same
    transaction, such as full-text search, hooks in here)."""
    inserts: dict[type, list[dict[str, Any]]] = {}
    updates: dict[type, list[dict[str, Any]]] = {}
    deletes: dict[type, list[str]] = {}
    links = [c.after for c in changes.changes if isinstance(c.after, Link)]
    kinds = _link_child_kinds(s, links, pending) if links else {}
    for change in changes.changes:
        t = type(change.object)
        if change.after is None:
            deletes.setdefault(t, []).append(change.object.id)
            continue
        row = _row(change.after, kinds, now)
        (inserts if change.before is None else updates).setdefault(t, []).append(row)
    for t in _UPSERT_ORDER:
        table = cast(Any, convert.TABLES[t]).__table__
        if t in inserts:
            bulk_insert(s, table, inserts[t])
        if t in updates:
            rows = [{("_id" if k == "id" else k): v for k, v in r.items() if k != "created"} for r in updates[t]]
            cols = [k for k in rows[0] if k != "_id"]
            stmt = table.update().where(table.c.id == bindparam("_id")).values({k: bindparam(k) for k in cols})
            s.execute(stmt, rows)
    for t in _DELETE_ORDER:
        if t in deletes:
            table = cast(Any, convert.TABLES[t]).__table__
            for part in chunks(deletes[t]):
                result = s.execute(table.delete().where(table.c.id.in_(part)))
                if cast(Any, result).rowcount != len(part):
                    raise StoreError(f"cannot delete {convert.OBJECT_TYPES[t]}s {', '.join(part[:3])}...: "
                                     "not all of them are in the database")  # fmt: skip


def _check_no_overlap(s: Session, spans: Sequence[Span]) -> None:
    """Entity spans never overlap: checked on the written rows, inside the transaction.

    The services refuse an overlapping span before they build the change set; this is the
    guard against the writer that got in between (on PostgreSQL the database enforces it
    as well, with an exclusion constraint). Reads only each span's neighbours (index)."""
    if not spans:
        return
    if len(spans) > 20:  # a bulk write (pre-annotation): read the articles' visible spans once
        _check_no_overlap_in_bulk(s, spans)
        return
    other = SpanRow.__table__.alias("other")
    mine = SpanRow.__table__
    for part in chunks([sp.id for sp in spans]):
        q = (
            select(mine.c.id, other.c.id, other.c.start, other.c.end)
            .join(other, (other.c.article_id == mine.c.article_id) & (other.c.version == mine.c.version)
                  & (other.c.id != mine.c.id) & (other.c.start < mine.c.end) & (other.c.end > mine.c.start))
            .where(mine.c.id.in_(part), other.c.status != "rejected")
            .limit(1)
        )  # fmt: skip
        hit = s.execute(q).first()
        if hit is not None:
            raise ConflictError(
                f"span {hit[0]} would overlap span {hit[1]} ({hit[2]}..{hit[3]}), which was added elsewhere "
                "in the meantime: entity spans cannot overlap"
            )


def _check_no_overlap_in_bulk(s: Session, spans: Sequence[Span]) -> None:
    articles = sorted({sp.article_id for sp in spans})
    versions = sorted({sp.version for sp in spans})
    mine = {sp.id for sp in spans}
    q = (select(SpanRow.article_id, SpanRow.version, SpanRow.start, SpanRow.end, SpanRow.id)
         .where(SpanRow.article_id.in_(articles), SpanRow.version.in_(versions), SpanRow.status != "rejected")
         .order_by(SpanRow.article_id, SpanRow.version, SpanRow.start, SpanRow.end))  # fmt: skip
    last: tuple[tuple[str, str], int, int, str] | None = None  # the visible span reaching furthest so far
    for row in s.execute(q):
        aid, version, start, end, sid = row
        where = (aid, version)  # spans never overlap within one version of an article
        if last is not None and last[0] == where and start < last[2] and (sid in mine or last[3] in mine):
            ours, theirs = (sid, last) if sid in mine else (last[3], (where, start, end, sid))
            raise ConflictError(
                f"span {ours} would overlap span {theirs[3]} ({theirs[1]}..{theirs[2]}), which was added "
                "elsewhere in the meantime: entity spans cannot overlap"
            )
        if last is None or last[0] != where or end > last[2]:
            last = (where, start, end, sid)


def _summary_row(now: str, annotator: str | None, changes: ChangeSet) -> dict[str, Any]:
    """One edit-log row for a whole bulk change set (pre-annotation): what was added and
    removed, compactly ([id, start, end, label] for a span), and who or which model did it."""
    added: dict[str, list[Any]] = {}
    removed: dict[str, list[str]] = {}
    changed: dict[str, list[str]] = {}
    for c in changes.changes:
        kind = convert.OBJECT_TYPES[type(c.object)]
        if c.before is None:
            added.setdefault(kind, []).append(_brief(c.object))
        elif c.after is None:
            removed.setdefault(kind, []).append(c.object.id)
        else:
            changed.setdefault(kind, []).append(c.object.id)
    return {
        "at": now, "annotator": annotator, "action": changes.action, "article_id": changes.article_id,
        "object_type": "article", "object_id": changes.article_id, "before": None,
        "after": {"summary": True, "added": added, "removed": removed, "changed": changed},
    }  # fmt: skip


def _brief(obj: Annotation) -> Any:
    if isinstance(obj, Span):
        return [obj.id, obj.start, obj.end, obj.label]
    if isinstance(obj, Claim):
        return [obj.id, obj.start, obj.end, str(getattr(obj.kind, "value", obj.kind))]
    if isinstance(obj, Link):
        return [obj.id, str(getattr(obj.label, "value", obj.label)), obj.head, obj.child]
    return obj.id


def _log_row(
    now: str, annotator: str | None, action: str, article_id: str | None, kind: str, change: Any
) -> dict[str, Any]:
    before = convert.as_json(change.before) if change.before is not None else None
    after = convert.as_json(change.after) if change.after is not None else None
    if kind == "article" and before is not None and after is not None and before["text"] == after["text"]:
        before.pop("text")  # an article's text never changes in an edit; do not copy it twice per action
        after.pop("text")
    return {
        "at": now,
        "annotator": annotator,
        "action": action,
        "article_id": article_id,
        "object_type": kind,
        "object_id": change.object.id,
        "before": before,
        "after": after,
    }


def _row(obj: Annotation, kinds: dict[str, str], now: str) -> dict[str, Any]:
    if isinstance(obj, Article):
        return convert.article_row(obj, now=now)
    if isinstance(obj, Span):
        return convert.span_row(obj)
    if isinstance(obj, Claim):
        return convert.claim_row(obj)
    if isinstance(obj, Link):
        return convert.link_row(obj, kinds[obj.id])
    if isinstance(obj, Relation):
        return convert.relation_row(obj)
    if isinstance(obj, Entity):
        return convert.entity_row(obj)
    if isinstance(obj, Rule):
        return convert.rule_row(obj)
    if isinstance(obj, Unplaced):  # "needs a look" after a new revision (desktop.db.revisions)
        return convert.unplaced_row(obj)
    raise TypeError(f"cannot store a {type(obj).__name__}")


def _link_child_kinds(s: Session, links: list[Link], pending: dict[str, type]) -> dict[str, str]:
    """Which column holds each link's child: claims for claim->claim labels, else span or
    entity (what the change set itself writes, then one read per table for the rest)."""
    kinds: dict[str, str] = {}
    unknown: list[str] = []
    for lk in links:
        t = pending.get(lk.child)
        if LinkLabel(lk.label).targets_claim:
            kinds[lk.id] = "claim"
        elif t is Span:
            kinds[lk.id] = "span"
        elif t is Entity:
            kinds[lk.id] = "entity"
        elif t is None:
            unknown.append(lk.child)
    spans: set[str] = set()
    entities: set[str] = set()
    for part in chunks(sorted(set(unknown))):
        spans.update(s.scalars(select(SpanRow.id).where(SpanRow.id.in_(part))))
        entities.update(s.scalars(select(EntityRow.id).where(EntityRow.id.in_(part))))
    for lk in links:
        if lk.id in kinds:
            continue
        if lk.child in spans:
            kinds[lk.id] = "span"
        elif lk.child in entities:
            kinds[lk.id] = "entity"
        else:
            raise StoreError(
                f"link {lk.id}: a {lk.label} link must point to a span or an entity, and {lk.child} is neither"
            )
    return kinds


# -- assignments (team review) ----------------------------------------------------------------


def _assignment_json(a: Assignment | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"article_id": a.article_id, "analyst": a.analyst, "state": VersionState(a.state).value,
            "assigned_by": a.assigned_by, "updated": a.updated}  # fmt: skip


def write_assignments(s: Session, changes: Sequence[tuple[Assignment | None, Assignment | None]], action: str,
                      annotator: str | None, *, lock: bool) -> None:  # fmt: skip
    """Assign, unassign, submit, reopen: each ``before`` must still be what is stored (the
    stale-state check, locking the rows on PostgreSQL), then the writes and one edit-log row each."""
    t = AssignmentRow
    now = utc_now()
    log: list[dict[str, Any]] = []
    for before, after in changes:
        key = before or after
        assert key is not None, "an assignment change needs a before or an after state"
        if before is not None and after is not None and (before.article_id, before.analyst) != (
                after.article_id, after.analyst):  # fmt: skip
            raise ValueError("an assignment change keeps its article and analyst")
        where = (t.article_id == key.article_id, t.analyst == key.analyst)
        q = select(t.article_id, t.analyst, t.state, t.assigned_by, t.updated).where(*where)
        row = s.execute(q.with_for_update() if lock else q).first()
        current = Assignment(row[0], row[1], VersionState(row[2]), row[3], row[4]) if row is not None else None
        if current != before:
            state = "is gone" if current is None else ("exists already" if before is None else "was changed")
            raise ConflictError(f"'{action}' not applied: the assignment of article {key.article_id} to "
                                f"{key.analyst} {state} (changed elsewhere in the meantime)")  # fmt: skip
        if after is None:
            s.execute(delete(t).where(*where))
        else:
            values = _assignment_json(after)
            assert values is not None
            if before is None:
                if s.scalar(select(ArticleRow.id).where(ArticleRow.id == after.article_id)) is None:
                    raise StoreError(f"there is no article {after.article_id} to assign")
                s.execute(insert(t).values(**values))
            else:
                s.execute(update(t).where(*where).values(**values))
        log.append({"at": now, "annotator": annotator, "action": action, "article_id": key.article_id,
                    "object_type": "assignment", "object_id": key.analyst, "before": _assignment_json(before),
                    "after": _assignment_json(after)})  # fmt: skip
    bulk_insert(s, EditLogRow, log)


# -- import ------------------------------------------------------------------------------------
#
# An import is written in bulk, a chunk of documents at a time (one executemany per table
# and chunk). On SQLite each chunk is its own short transaction, so a long import never
# holds the write lock for long and another writer only ever waits for one chunk; a file
# that fails is undone as a whole (``Import.undo``), and a pending-import marker in the
# settings lets the next open undo an import whose process died (``pending_imports``).
# On PostgreSQL the whole file is one transaction: nobody waits on it there.

PENDING = "import-pending:"  # settings key prefix of an import in progress (chunked)
CHUNK_ROWS = 4_000  # rows (articles + spans + claims + links, 500 characters of text count as one)
# per chunk: some 50-100 ms of writing, a few MB of memory


class Import:
    """The state of one import across its chunks; memory holds only ids, never documents."""

    def __init__(self, annotator: str | None, batch: str) -> None:
        self.annotator = annotator
        self.batch = batch
        self.counts = ImportCounts()
        self.now = utc_now()
        self.entities_known: set[str] = set()
        self.entities_new: list[str] = []  # entities this import created (undone with it)
        self.waiting: list[Link] = []  # links to something later in the input
        self.marked = False

    @staticmethod
    def chunked(docs: Iterable[Document], rows: int | None = None) -> Iterator[list[Document]]:
        rows = rows or CHUNK_ROWS
        chunk: list[Document] = []
        size = 0
        for doc in docs:
            chunk.append(doc)
            size += 1 + len(doc.spans) + len(doc.claims) + len(doc.links) + len(doc.text) // 500
            size += sum(len(v.spans) + len(v.claims) + len(v.links) for v in doc.versions)
            if size >= rows:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    def mark(self, s: Session) -> None:
        """Record that this import is under way (chunked imports only), with what it created."""
        value = {"pid": os.getpid(), "host": socket.gethostname(), "started": self.now,
                 "entities": self.entities_new}  # fmt: skip
        key = PENDING + self.batch
        if self.marked:
            s.execute(update(SettingRow).where(SettingRow.key == key).values(value=value))
        else:
            s.execute(insert(SettingRow).values(key=key, value=value))
            self.marked = True

    def write(self, s: Session, docs: list[Document]) -> None:
        """Insert a chunk of documents (in the caller's transaction), skipping known texts."""
        shas = [text_sha256(d.text) for d in docs]
        stored: set[str] = set()
        for part in chunks(sorted(set(shas))):
            stored.update(s.scalars(select(ArticleRow.sha256).where(ArticleRow.sha256.in_(part))))
        fresh: list[tuple[Document, str]] = []
        for doc, sha in zip(docs, shas, strict=True):
            if sha in stored:  # stored before, or earlier in this input
                self.counts.duplicates += 1
                continue
            stored.add(sha)
            _check_document(doc)
            fresh.append((doc, sha))
        if not fresh:
            return
        entities = {e.id: e for doc, _ in fresh for e in doc.entities if e.id not in self.entities_known}
        if entities:
            ids = sorted(entities)
            there: set[str] = set()
            for part in chunks(ids):
                there.update(s.scalars(select(EntityRow.id).where(EntityRow.id.in_(part))))
            new = [i for i in ids if i not in there]
            if new:
                bulk_insert(s, EntityRow, [convert.entity_row(entities[i]) for i in new])
                self.entities_new.extend(new)
            self.entities_known.update(ids)
        named = {sp.entity_id: f"article {doc.id}: span {sp.id}" for doc, _ in fresh for sp in _all_spans(doc)
                 if sp.entity_id}  # fmt: skip
        _check_entities_exist(s, named, self.entities_known)
        insert_rows(s, fresh, self)

    def finish(self, s: Session) -> None:
        """The links that pointed forward, now that everything is in; the marker goes."""
        if self.waiting:
            kinds, _ = _child_kinds(s, self.waiting)
            bulk_insert(s, LinkRow, [convert.link_row(lk, kinds[lk.id]) for lk in self.waiting])
        if self.marked:
            s.execute(delete(SettingRow).where(SettingRow.key == PENDING + self.batch))

    def undo(self, s: Session) -> None:
        undo_import(s, self.batch, self.counts.added_ids, self.entities_new)


def insert_rows(s: Session, fresh: list[tuple[Document, str]], imp: Import) -> None:
    """The bulk inserts of one chunk of new documents: the one place an import reaches the
    tables (an index kept in the same transaction, such as full-text search, hooks in here)."""
    now = imp.now
    bulk_insert(s, ArticleRow, [convert.article_row(doc.article, now=now, sha256=sha) for doc, sha in fresh])
    bulk_insert(s, SpanRow, [convert.span_row(x) for doc, _ in fresh for x in _all_spans(doc)])
    bulk_insert(s, ClaimRow, [convert.claim_row(x) for doc, _ in fresh for x in doc.claims]
                + [convert.claim_row(x) for doc, _ in fresh for v in doc.versions for x in v.claims])  # fmt: skip
    bulk_insert(s, AssignmentRow, [{
        "article_id": doc.id, "analyst": v.annotator, "state": VersionState(v.state).value, "assigned_by": None,
        "updated": v.updated or now,
    } for doc, _ in fresh for v in doc.versions])  # fmt: skip
    links = [lk for doc, _ in fresh for lk in doc.links] + [lk for doc, _ in fresh for v in doc.versions
                                                           for lk in v.links]  # fmt: skip
    if links:
        kinds, later = _child_kinds(s, links, strict=False)
        bulk_insert(s, LinkRow, [convert.link_row(lk, kinds[lk.id]) for lk in links if lk.id in kinds])
        imp.waiting.extend(later)
    bulk_insert(s, RelationRow, [convert.relation_row(r) for doc, _ in fresh for r in doc.relations]
                + [convert.relation_row(r) for doc, _ in fresh for v in doc.versions for r in v.relations])  # fmt: skip
    bulk_insert(s, EditLogRow, [{
        "at": now, "annotator": imp.annotator, "action": "import", "article_id": doc.id,
        "object_type": "article", "object_id": doc.id, "before": None,
        "after": {"id": doc.id, "title": doc.article.meta.title, "sha256": sha, "batch": imp.batch},
    } for doc, sha in fresh])  # fmt: skip
    for doc, _ in fresh:
        imp.counts.added += 1
        imp.counts.added_ids.append(doc.id)


def undo_import(s: Session, batch: str, article_ids: Sequence[str], entity_ids: Sequence[str]) -> None:
    """Remove every trace of an import: its articles with whatever hangs on them (links from
    elsewhere included), the entities it created that nothing names any more, its log rows."""
    ids = list(article_ids)
    for part in chunks(ids):
        claims = select(ClaimRow.id).where(ClaimRow.article_id.in_(part))
        spans = select(SpanRow.id).where(SpanRow.article_id.in_(part))
        s.execute(delete(LinkRow).where(
            LinkRow.article_id.in_(part) | LinkRow.head.in_(claims) | LinkRow.child_claim_id.in_(claims)
            | LinkRow.child_span_id.in_(spans)
        ))  # fmt: skip
        s.execute(delete(RelationRow).where(RelationRow.article_id.in_(part)))
        s.execute(delete(ClaimRow).where(ClaimRow.article_id.in_(part)))
        s.execute(delete(SpanRow).where(SpanRow.article_id.in_(part)))
        s.execute(delete(AssignmentRow).where(AssignmentRow.article_id.in_(part)))
        s.execute(delete(ArticleRow).where(ArticleRow.id.in_(part)))
        s.execute(delete(EditLogRow).where(EditLogRow.article_id.in_(part), EditLogRow.action == "import"))
    for part in chunks(list(entity_ids)):
        named = select(SpanRow.entity_id).where(SpanRow.entity_id.in_(part), SpanRow.entity_id.is_not(None))
        linked = select(LinkRow.child_entity_id).where(LinkRow.child_entity_id.in_(part),
                                                       LinkRow.child_entity_id.is_not(None))  # fmt: skip
        s.execute(delete(EntityRow).where(EntityRow.id.in_(part), EntityRow.id.not_in(named),
                                          EntityRow.id.not_in(linked)))  # fmt: skip
    s.execute(delete(SettingRow).where(SettingRow.key == PENDING + batch))


def any_pending_import_sqlite(s: Session) -> bool:
    """Whether an import marker exists, in one plain SQLite statement (every start asks this: no
    statement compilation for a database that, almost always, has none)."""
    row = s.connection().exec_driver_sql(
        "SELECT 1 FROM settings WHERE substr(key, 1, ?) = ? LIMIT 1", (len(PENDING), PENDING)
    ).first()
    return row is not None


def pending_imports(s: Session) -> list[tuple[str, dict[str, Any]]]:
    rows = s.execute(select(SettingRow.key, SettingRow.value).where(SettingRow.key.startswith(PENDING)))
    return [(k[len(PENDING) :], v if isinstance(v, dict) else {}) for k, v in rows]


def batch_articles(s: Session, batch: str) -> list[str]:
    """The articles an import batch added (from its edit-log rows)."""
    q = select(EditLogRow.article_id, EditLogRow.after).where(EditLogRow.action == "import")
    return [aid for aid, after in s.execute(q) if isinstance(after, dict) and after.get("batch") == batch and aid]


def _all_spans(doc: Document) -> Iterator[Span]:
    yield from doc.spans
    for v in doc.versions:
        yield from v.spans


def _check_document(doc: Document) -> None:
    aid = doc.article.id
    seen: set[str] = set()
    groups = [(SHARED, doc.spans, doc.claims, doc.links, doc.relations)]
    groups += [(v.annotator, v.spans, v.claims, v.links, v.relations) for v in doc.versions]
    for version, spans_of, claims_of, links_of, relations_of in groups:
        if version != SHARED:
            if not version or version != version.strip() or len(version) > 64:
                raise StoreError(f"article {aid}: {version!r} is not an analyst's name (1-64 characters)")
            if version in seen:
                raise StoreError(f"article {aid}: two versions by {version}")
            seen.add(version)
        parts: list[Span | Claim | Link | Relation] = [*spans_of, *claims_of, *links_of, *relations_of]
        for obj in parts:
            what = f"article {aid}: {convert.OBJECT_TYPES[type(obj)]} {obj.id}"
            if obj.article_id != aid:
                raise StoreError(f"{what} says it belongs to article {obj.article_id}")
            if obj.version != version:
                raise StoreError(f"{what} is in version {obj.version!r}, not in {version!r}")
            if isinstance(obj, Span | Claim):
                check_offsets(doc.text, obj.start, obj.end, what)
        spans = {sp.id for sp in spans_of}
        for rel in relations_of:
            if rel.head not in spans or rel.child not in spans or rel.head == rel.child:
                raise StoreError(f"article {aid}: relation {rel.id} must join two different spans of this article"
                                 + (f" in {version}'s version" if version else ""))  # fmt: skip


def _check_entities_exist(s: Session, named: dict[str, str], inserted: set[str]) -> None:
    wanted = sorted(set(named) - inserted)
    stored: set[str] = set()
    for part in chunks(wanted):
        stored.update(s.scalars(select(EntityRow.id).where(EntityRow.id.in_(part))))
    for entity_id in wanted:
        if entity_id not in stored:
            raise StoreError(f"{named[entity_id]} names entity {entity_id}, which is not in the database")


def _child_kinds(s: Session, links: list[Link], *, strict: bool = True) -> tuple[dict[str, str], list[Link]]:
    """Which column holds each link's child. With ``strict``, a clear StoreError for an end that
    does not exist; without, such links are returned apart, to be tried again later."""
    wanted = sorted({lk.child for lk in links} | {lk.head for lk in links})
    found: dict[str, set[str]] = {"span": set(), "claim": set(), "entity": set()}
    for part in chunks(wanted):
        found["span"].update(s.scalars(select(SpanRow.id).where(SpanRow.id.in_(part))))
        found["claim"].update(s.scalars(select(ClaimRow.id).where(ClaimRow.id.in_(part))))
        found["entity"].update(s.scalars(select(EntityRow.id).where(EntityRow.id.in_(part))))
    kinds: dict[str, str] = {}
    unresolved: list[Link] = []
    for lk in links:
        where = f"article {lk.article_id}: link {lk.id} ({LinkLabel(lk.label).value})"
        problem = None
        if lk.head not in found["claim"]:
            problem = f"{where} starts at {lk.head}, which is not a claim in the database"
        elif LinkLabel(lk.label).targets_claim:
            if lk.child in found["claim"]:
                kinds[lk.id] = "claim"
            else:
                problem = f"{where} points to {lk.child}, which is not a claim in the database"
        elif lk.child in found["span"]:
            kinds[lk.id] = "span"
        elif lk.child in found["entity"]:
            kinds[lk.id] = "entity"
        else:
            problem = f"{where} points to {lk.child}, which is not a span or an entity in the database"
        if problem is not None:
            if strict:
                raise StoreError(problem)
            unresolved.append(lk)
    return kinds, unresolved
