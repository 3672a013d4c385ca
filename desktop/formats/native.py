"""The native JSONL format ``newsdesk/1``: one article per line, lossless.

Keys and their order are the contract in the interfaces spec, section 3; the JSON
Schema is ``resources/schema/newsdesk-1.schema.json``. Lines are compact JSON,
UTF-8 without BOM, characters unescaped (except the few that some tools take for
line breaks). Spans and claims are written sorted by (start, end, id), links and
entities by id, so the same data always gives the same bytes: export -> import ->
export is byte-identical.

Additions that keep older lines valid (and older readers' lines unchanged): a span
has ``note`` only when it has one, and a line has ``relations`` (entity relations
between two of its spans: id, label, head, child, note, annotator, updated) only when
the article has some. Lines without them import as before.

Meta keys beyond the six standard ones come from ``ArticleMeta.extra`` and follow
them in their original order. Not in ``newsdesk/1`` and therefore not kept:
``Span.model`` (read back as None) and ``Link.origin`` (read back as analyst).
On reading, ``meta.sha256`` is recomputed from the text, and the article id of the
line is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError
from desktop.domain.ids import kind_of
from desktop.domain.model import (
    Article,
    ArticleMeta,
    ArticleStatus,
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Entity,
    Link,
    LinkLabel,
    Origin,
    Relation,
    Review,
    Span,
    Verdict,
)
from desktop.domain.ports import Progress

from .base import MAX_LINE_BYTES, ExportReport, ReadNotes, tick
from .build import check_document, meta_from
from .native_revisions import history_keys, parse_history
from .select import select
from .textio import dump_line, iter_json_lines

SCHEMA = "newsdesk/1"


# -- writing ---------------------------------------------------------------------------


def meta_dict(meta: ArticleMeta) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": meta.title,
        "source": meta.source,
        "url": meta.url,
        "published": meta.published,
        "language": meta.language,
        "sha256": meta.sha256,
    }
    for key, value in meta.extra.items():
        out.setdefault(key, value)
    return out


def span_dict(span: Span, text: str) -> dict[str, Any]:
    return {
        "id": span.id,
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end],
        "label": span.label,
        "origin": span.origin.value,
        "status": span.status.value,
        "entity": span.entity_id,
        "annotator": span.annotator,
        "updated": span.updated,
    } | ({"note": span.note} if span.note else {})


def relation_dict(rel: Relation) -> dict[str, Any]:
    return {
        "id": rel.id,
        "label": rel.label,
        "head": rel.head,
        "child": rel.child,
        "note": rel.note,
        "annotator": rel.annotator,
        "updated": rel.updated,
    }


def claim_dict(claim: Claim, text: str) -> dict[str, Any]:
    return {
        "id": claim.id,
        "start": claim.start,
        "end": claim.end,
        "text": text[claim.start : claim.end],
        "kind": claim.kind.value,
        "attribution": claim.attribution.value,
        "checkworthy": claim.checkworthy,
        "verdict": claim.verdict.value,
        "origin": claim.origin.value,
        "status": claim.status.value,
        "note": claim.note,
        "evidence": list(claim.evidence),
        "annotator": claim.annotator,
        "updated": claim.updated,
    }


def link_dict(link: Link) -> dict[str, Any]:
    return {
        "id": link.id,
        "label": link.label.value,
        "head": link.head,
        "child": link.child,
        "note": link.note,
        "annotator": link.annotator,
        "updated": link.updated,
    }


def entity_dict(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "kb_id": entity.kb_id,
    }


def record(doc: Document, *, accepted_only: bool = False) -> dict[str, Any]:
    """The ``newsdesk/1`` object of one document."""
    sel = select(doc, accepted_only=accepted_only, keep_rejected=True)
    text = doc.article.text
    named = {s.entity_id for s in sel.spans if s.entity_id} | {link.child for link in sel.links}
    entities = sorted((e for e in doc.entities if e.id in named), key=lambda e: e.id)
    return {
        "schema": SCHEMA,
        "id": doc.article.id,
        "text": text,
        "meta": meta_dict(doc.article.meta),
        "status": doc.article.status.value,
        "spans": [span_dict(s, text) for s in sel.spans],
        "claims": [claim_dict(c, text) for c in sel.claims],
        "links": [link_dict(link) for link in sel.links],
        "entities": [entity_dict(e) for e in entities],
        **history_keys(doc, span_dict, claim_dict, link_dict),  # only for an article with revisions
    } | ({"relations": [relation_dict(r) for r in sel.relations]} if sel.relations else {})


class NativeWriter:
    name = "jsonl"
    extension = ".jsonl"
    description = "Newsdesk JSONL (newsdesk/1): everything, lossless"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name)
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            for doc in docs:
                rec = record(doc, accepted_only=accepted_only)
                f.write(dump_line(rec))
                f.write("\n")
                report.n_documents += 1
                report.n_spans += len(rec["spans"])
                report.n_claims += len(rec["claims"])
                report.n_links += len(rec["links"])
                report.n_relations += len(rec.get("relations", ()))
                tick(progress, report.n_documents, doc.article.meta.title)
        return report


# -- reading ---------------------------------------------------------------------------


class _Fields:
    """Typed access to one JSON object with messages that say where the problem is."""

    def __init__(self, obj: object, where: str, path: Path, line: int | None) -> None:
        if not isinstance(obj, dict):
            raise InputError(str(path), f"{where} must be an object", line)
        self.obj: dict[str, Any] = obj
        self.where = where
        self.path = path
        self.line = line

    def fail(self, reason: str) -> InputError:
        return InputError(str(self.path), f"{self.where}: {reason}", self.line)

    def _get(self, key: str, types: tuple[type, ...], optional: bool) -> Any:
        if key not in self.obj:
            if optional:
                return None
            raise self.fail(f"no {key!r}")
        value = self.obj[key]
        if value is None and optional:
            return None
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise self.fail(f"{key!r} must be {' or '.join(t.__name__ for t in types)}, got {value!r:.40}")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, (str,), default is not None)
        if value is None:
            return default if default is not None else ""
        return str(value)

    def opt_text(self, key: str) -> str | None:
        return self._get(key, (str,), True)

    def integer(self, key: str) -> int:
        return self._get(key, (int,), False)

    def array(self, key: str) -> list[Any]:
        value = self._get(key, (list,), True)
        return [] if value is None else value

    def enum(self, key: str, enum: type[Any], default: Any = None) -> Any:
        value = self._get(key, (str,), default is not None)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = " | ".join(m.value for m in enum)
            raise self.fail(f"{key!r} is {value!r}, expected one of {allowed}") from None


def _check_text(f: _Fields, text: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(text):
        raise f.fail(f"offsets {start}..{end} are out of range for a text of {len(text)} characters")
    given = f.opt_text("text")
    if given is not None and text[start:end] != given:
        raise f.fail(f"text[{start}:{end}] is {text[start:end]!r:.60}, not {given!r:.60}")


def parse_record(obj: dict[str, Any], path: Path, line: int | None) -> Document:
    """A ``newsdesk/1`` object -> Document (InputError on anything that does not fit)."""
    top = _Fields(obj, "record", path, line)
    schema = top.text("schema")
    if schema != SCHEMA:
        raise InputError(str(path), f"unsupported schema version {schema!r} (this Newsdesk reads {SCHEMA!r})", line)
    article_id = top.text("id")
    text = top.text("text")
    raw_meta = _Fields(obj.get("meta") or {}, "meta", path, line).obj
    meta = meta_from(raw_meta, text)
    article = Article(article_id, text, meta, top.enum("status", ArticleStatus, ArticleStatus.TODO))

    spans: list[Span] = []
    for i, raw in enumerate(top.array("spans")):
        f = _Fields(raw, f"spans[{i}]", path, line)
        start, end = f.integer("start"), f.integer("end")
        _check_text(f, text, start, end)
        spans.append(
            Span(
                id=f.text("id"),
                article_id=article_id,
                start=start,
                end=end,
                label=f.text("label"),
                origin=f.enum("origin", Origin, Origin.ANALYST),
                status=f.enum("status", Review, Review.ACCEPTED),
                entity_id=f.opt_text("entity"),
                annotator=f.opt_text("annotator"),
                updated=f.text("updated", ""),
                note=f.text("note", ""),
            )
        )
    claims: list[Claim] = []
    for i, raw in enumerate(top.array("claims")):
        f = _Fields(raw, f"claims[{i}]", path, line)
        start, end = f.integer("start"), f.integer("end")
        _check_text(f, text, start, end)
        checkworthy = f.integer("checkworthy") if "checkworthy" in f.obj else 0
        if not 0 <= checkworthy <= 3:
            raise f.fail(f"'checkworthy' must be 0..3, got {checkworthy}")
        evidence = f.array("evidence")
        if not all(isinstance(e, str) for e in evidence):
            raise f.fail("'evidence' must be a list of strings")
        claims.append(
            Claim(
                id=f.text("id"),
                article_id=article_id,
                start=start,
                end=end,
                kind=f.enum("kind", ClaimKind, ClaimKind.OTHER),
                attribution=f.enum("attribution", Attribution, Attribution.UNATTRIBUTED),
                checkworthy=checkworthy,
                verdict=f.enum("verdict", Verdict, Verdict.UNVERIFIED),
                origin=f.enum("origin", Origin, Origin.ANALYST),
                status=f.enum("status", Review, Review.ACCEPTED),
                note=f.text("note", ""),
                evidence=list(evidence),
                annotator=f.opt_text("annotator"),
                updated=f.text("updated", ""),
            )
        )
    links: list[Link] = []
    for i, raw in enumerate(top.array("links")):
        f = _Fields(raw, f"links[{i}]", path, line)
        label: LinkLabel = f.enum("label", LinkLabel)
        child = f.text("child")
        child_kind = kind_of(child)
        if child_kind is not None and (child_kind == "claim") != label.targets_claim:
            want = "a claim" if label.targets_claim else "a span or an entity"
            raise f.fail(f"a {label.value!r} link must point to {want}, not {child!r}")
        links.append(
            Link(
                id=f.text("id"),
                article_id=article_id,
                label=label,
                head=f.text("head"),
                child=child,
                note=f.text("note", ""),
                annotator=f.opt_text("annotator"),
                updated=f.text("updated", ""),
            )
        )
    entities: list[Entity] = []
    for i, raw in enumerate(top.array("entities")):
        f = _Fields(raw, f"entities[{i}]", path, line)
        aliases = f.array("aliases")
        if not all(isinstance(a, str) for a in aliases):
            raise f.fail("'aliases' must be a list of strings")
        entities.append(Entity(f.text("id"), f.text("name"), f.text("label"), list(aliases), f.opt_text("kb_id")))
    relations: list[Relation] = []
    span_ids = {sp.id for sp in spans}
    for i, raw in enumerate(top.array("relations")):
        f = _Fields(raw, f"relations[{i}]", path, line)
        head, child, name = f.text("head"), f.text("child"), f.text("label")
        if head not in span_ids or child not in span_ids or head == child:
            raise f.fail(f"an entity relation joins two different spans of this article, not {head!r} and {child!r}")
        if not name.strip():
            raise f.fail("'label' is empty")
        relations.append(Relation(f.text("id"), article_id, name, head, child, note=f.text("note", ""),
                                  annotator=f.opt_text("annotator"), updated=f.text("updated", "")))  # fmt: skip
    doc = Document(article, spans, claims, links, entities, relations)
    doc.history = parse_history(obj, doc, path, line, parse_record, SCHEMA)
    return check_document(doc, path, line)


class NativeReader:
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")

    def __init__(self, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.max_line_bytes = max_line_bytes

    @staticmethod
    def matches(obj: dict[str, Any]) -> bool:
        return "schema" in obj

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        for line, obj in iter_json_lines(Path(path), max_line_bytes=self.max_line_bytes):
            yield parse_record(obj, Path(path), line)
