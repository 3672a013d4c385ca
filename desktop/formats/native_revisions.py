"""The revision keys of the native JSONL (``newsdesk/1``): ``revision``, ``revisions``, ``needs_a_look``.

A line without them is an article with one revision, as before. The top-level ``text``,
``spans``, ``claims`` and ``links`` are always the latest revision; ``revisions`` lists every
revision oldest first, the earlier ones with their own text and the annotations as they stood
on them, each with ``anchors``: what happened to each annotation on the way into it.
``needs_a_look`` lists the annotations that a revision had no confident place for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.domain.anchoring import Outcome
from desktop.domain.errors import InputError
from desktop.domain.model import Claim, Document, Span, Unplaced
from desktop.domain.revisions import Anchor, ArticleHistory, Revision, Snapshot

RESOLUTIONS = ("", "placed", "kept", "dropped")


def history_keys(doc: Document, span_dict: Any, claim_dict: Any, link_dict: Any) -> dict[str, Any]:
    """The keys to add to a line for an article with more than one revision (else nothing)."""
    h = doc.history
    if h is None or len(h.revisions) < 2:
        return {}
    anchors: dict[int, list[Anchor]] = {}
    for a in h.anchors:
        anchors.setdefault(a.revision, []).append(a)
    texts = {r.number: r.text for r in h.revisions}
    out = []
    for r in h.revisions:
        entry: dict[str, Any] = {
            "number": r.number,
            "created": r.created,
            "title": r.title,
            "published": r.published,
            "summary": r.summary,
            "reviewed": r.reviewed,
        }
        if r.number != h.current:
            snap = h.snapshots.get(r.number, Snapshot())
            entry["text"] = r.text
            entry["spans"] = [span_dict(s, r.text) for s in sorted(snap.spans, key=_key)]
            entry["claims"] = [claim_dict(c, r.text) for c in sorted(snap.claims, key=_key)]
            entry["links"] = [link_dict(lk) for lk in sorted(snap.links, key=lambda x: x.id)]
        entry["anchors"] = [_anchor_dict(a) for a in sorted(anchors.get(r.number, []), key=lambda a: a.object_id)]
        out.append(entry)
    look = []
    for u in sorted(h.unplaced, key=lambda u: u.id):
        old_text = texts.get(u.revision - 1, "")
        obj = u.annotation
        item: dict[str, Any] = {
            "id": u.id,
            "revision": u.revision,
            "resolution": u.resolution,
            "old_text": u.old_text,
            "suggestion": list(u.suggestion) if u.suggestion else None,
            "score": u.score,
        }
        if isinstance(obj, Span):
            item["span"] = span_dict(obj, old_text)
        else:
            item["claim"] = claim_dict(obj, old_text)
        item["links"] = [link_dict(lk) for lk in sorted(u.links, key=lambda x: x.id)]
        look.append(item)
    return {"revision": h.current, "revisions": out, "needs_a_look": look}


def _key(x: Span | Claim) -> tuple[int, int, str]:
    return (x.start, x.end, x.id)


def _anchor_dict(a: Anchor) -> dict[str, Any]:
    return {
        "id": a.object_id,
        "type": a.kind,
        "outcome": a.outcome.value,
        "old_start": a.old_start,
        "old_end": a.old_end,
        "old_text": a.old_text,
        "start": a.start,
        "end": a.end,
        "score": a.score,
        "claim_kind": a.claim_kind,
    }


def parse_history(obj: dict[str, Any], doc: Document, path: Path, line: int | None, parse_record: Any,
                  schema: str) -> ArticleHistory | None:  # fmt: skip
    """The history of a line, or None for a line without ``revisions``; InputError when it does not fit."""
    raw = obj.get("revisions")
    if raw is None:
        return None

    def fail(reason: str) -> InputError:
        return InputError(str(path), f"revisions: {reason}", line)

    if not isinstance(raw, list) or not raw:
        raise fail("must be a non-empty list")
    aid = doc.article.id
    revisions: list[Revision] = []
    snapshots: dict[int, Snapshot] = {}
    anchors: list[Anchor] = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise fail(f"[{i}] must be an object")
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number != i + 1:
            raise fail(f"[{i}]: 'number' must be {i + 1}")
        last = i == len(raw) - 1
        text = doc.text if last else entry.get("text")
        if not isinstance(text, str) or not text.strip():
            raise fail(f"[{i}]: an earlier revision needs its 'text'")
        if not last:
            part = {k: entry.get(k, []) for k in ("spans", "claims", "links")}
            old = parse_record({"schema": schema, "id": aid, "text": text, **part}, path, line)
            snapshots[number] = Snapshot(old.spans, old.claims, old.links)
        revisions.append(Revision(
            aid, number, text, _str(entry, "created", fail, i), _str(entry, "title", fail, i),
            entry.get("published") if isinstance(entry.get("published"), str) else None,
            _str(entry, "summary", fail, i), bool(entry.get("reviewed", True)),
        ))  # fmt: skip
        for k, a in enumerate(entry.get("anchors") or []):
            anchors.append(_parse_anchor(a, aid, number, lambda r, k=k, i=i: fail(f"[{i}].anchors[{k}]: {r}")))
    current = obj.get("revision", len(raw))
    if current != len(raw):
        raise fail(f"'revision' is {current!r} but there are {len(raw)} revisions")
    unplaced = []
    for k, item in enumerate(obj.get("needs_a_look") or []):
        unplaced.append(_parse_unplaced(item, aid, revisions, path, line, parse_record, schema, k))
    return ArticleHistory(revisions, snapshots, anchors, unplaced)


def _str(entry: dict[str, Any], key: str, fail: Any, i: int) -> str:
    value = entry.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise fail(f"[{i}]: {key!r} must be a string")
    return value


def _parse_anchor(a: Any, aid: str, number: int, fail: Any) -> Anchor:
    if not isinstance(a, dict):
        raise fail("must be an object")
    try:
        outcome = Outcome(a["outcome"])
        kind = a["type"]
        if kind not in ("span", "claim"):
            raise ValueError(kind)
        start, end = a.get("start"), a.get("end")
        return Anchor(aid, number, str(a["id"]), kind, outcome, int(a["old_start"]), int(a["old_end"]),
                      str(a.get("old_text", "")), None if start is None else int(start),
                      None if end is None else int(end), float(a.get("score", 0.0)), a.get("claim_kind"))  # fmt: skip
    except (KeyError, ValueError, TypeError) as exc:
        raise fail(f"not an anchor ({exc})") from None


def _parse_unplaced(item: Any, aid: str, revisions: list[Revision], path: Path, line: int | None,
                    parse_record: Any, schema: str, k: int) -> Unplaced:  # fmt: skip
    where = f"needs_a_look[{k}]"
    if not isinstance(item, dict):
        raise InputError(str(path), f"{where} must be an object", line)
    revision = item.get("revision")
    texts = {r.number: r.text for r in revisions}
    if not isinstance(revision, int) or revision - 1 not in texts:
        raise InputError(str(path), f"{where}: 'revision' must name a revision after the first", line)
    if item.get("resolution", "") not in RESOLUTIONS:
        raise InputError(str(path), f"{where}: 'resolution' must be one of {', '.join(map(repr, RESOLUTIONS))}", line)
    kind = "span" if "span" in item else "claim"
    raw = dict(item.get(kind) or {})
    raw.pop("text", None)
    rec = {"schema": schema, "id": aid, "text": texts[revision - 1], f"{kind}s": [raw], "links": item.get("links", [])}
    old = parse_record(rec, path, line)
    annotation: Span | Claim = old.spans[0] if kind == "span" else old.claims[0]
    suggestion = item.get("suggestion")
    return Unplaced(
        str(item.get("id", "")), aid, revision, annotation, old.links, str(item.get("old_text", "")),
        (int(suggestion[0]), int(suggestion[1])) if isinstance(suggestion, list) and len(suggestion) == 2 else None,
        float(item.get("score", 0.0)), str(item.get("resolution", "")),
    )  # fmt: skip
