"""Label Studio tasks (JSON list), for a ``<Labels name="label" toName="text">`` + ``<Relations>`` config.

Each article is a task ``{"id", "data": {"text", …meta}, "annotations": [{"result": […]}],
"predictions": [{"model_version": "newsdesk", "result": […]}]}``. Accepted spans and
claims go to the annotation, suggested ones to the prediction (so Label Studio shows
them as pre-annotations). Result items are ``labels`` regions (``value``: start, end,
text, labels) and ``relation`` items (from_id, to_id, direction "right", labels).
Claims are regions labelled ``Claim_<kind>``; notes are per-region ``textarea``
results (``from_name`` "note", the region's id); entity relations are ``relation``
items labelled with their relation type. Offsets are code points: Label Studio's
text regions store code point offsets since its emoji fix (label-studio PR #1559 /
label-studio-frontend PR #308).

A relation can only join regions of one result, so a link or entity relation between an
accepted and a suggested annotation, or to another article, is left out (and counted).

Reading keeps the Newsdesk article id that an export put in the metadata
(``article_id``); other records get the id of their text's SHA-256.
Reading: the first annotation that was not cancelled gives accepted analyst spans and the
first prediction suggestions (origin model), in the same article; a prediction region
identical to an annotation region is the same item. Everything else is noted with the
task number (a second annotation, further predictions, cancelled annotations with a
result, other result types, extra labels, overlapping spans).
Tasks may come as a JSON list, a single task object, or one task per line (JSONL).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeGuard

from desktop.domain.errors import InputError
from desktop.domain.model import Claim, Document, Origin, Review, Span
from desktop.domain.ports import Progress

from .base import MAX_FILE_BYTES, ExportReport, ReadNotes, tick
from .build import Marks, check_document, claim_label, export_meta, meta_from, native_id, new_article
from .loss import CLAIM_NOTES, CLAIMS, LINKS, METADATA, RELATIONS, SPAN_NOTES, STATUS, count_unheld
from .select import local_link_ends, select
from .textio import dump_line, read_text_file

FROM_NAME = "label"
TO_NAME = "text"
HOLDS = frozenset({CLAIMS, LINKS, RELATIONS, METADATA, STATUS, CLAIM_NOTES, SPAN_NOTES})
NOTE_NAME = "note"  # <TextArea name="note" toName="text" perRegion="true"/>


def _note(mark: Span | Claim, text: str) -> dict[str, Any]:
    return {
        "id": mark.id,
        "from_name": NOTE_NAME,
        "to_name": TO_NAME,
        "type": "textarea",
        "value": {"start": mark.start, "end": mark.end, "text": [mark.note]},
    }


def _region(mark: Span | Claim, text: str) -> dict[str, Any]:
    label = mark.label if isinstance(mark, Span) else claim_label(mark.kind)
    return {
        "id": mark.id,
        "from_name": FROM_NAME,
        "to_name": TO_NAME,
        "type": "labels",
        "value": {"start": mark.start, "end": mark.end, "text": text[mark.start : mark.end], "labels": [label]},
    }


def task(doc: Document, number: int, *, accepted_only: bool, report: ExportReport) -> dict[str, Any]:
    sel = select(doc, accepted_only=accepted_only)
    text = doc.article.text
    groups: dict[Review, list[dict[str, Any]]] = {Review.ACCEPTED: [], Review.SUGGESTED: []}
    where: dict[str, Review] = {}
    marks: list[Span | Claim] = [*sel.spans, *sel.claims]
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        groups[mark.status].append(_region(mark, text))
        if mark.note:
            groups[mark.status].append(_note(mark, text))
        where[mark.id] = mark.status
    for rel in sel.relations:
        if where.get(rel.head) != where.get(rel.child) or rel.head not in where:
            report.leave_out("entity relations between accepted and suggested spans")
            continue
        groups[where[rel.head]].append(
            {"from_id": rel.head, "to_id": rel.child, "type": "relation", "direction": "right", "labels": [rel.label]}
        )
        report.n_relations += 1
    for link in sel.links:
        ends = local_link_ends(doc, sel, link)
        if ends is None or where[ends[0].id] != where[ends[1].id]:
            report.leave_out("links across articles or between accepted and suggested")
            continue
        groups[where[ends[0].id]].append(
            {"from_id": ends[0].id, "to_id": ends[1].id, "type": "relation", "direction": "right",
             "labels": [link.label.value]}
        )  # fmt: skip
        report.n_links += 1
    report.n_spans += len(sel.spans)
    report.n_claims += len(sel.claims)
    count_unheld(report, doc, sel, HOLDS, accepted_only=accepted_only)
    meta = {k: v for k, v in export_meta(doc).items() if v is not None}
    out: dict[str, Any] = {"id": number, "data": {"text": text, **meta}, "annotations": [], "predictions": []}
    if groups[Review.ACCEPTED]:
        out["annotations"].append({"result": groups[Review.ACCEPTED]})
    if groups[Review.SUGGESTED]:
        out["predictions"].append({"model_version": "newsdesk", "result": groups[Review.SUGGESTED]})
    return out


class LabelStudioWriter:
    name = "labelstudio"
    extension = ".json"
    description = "Label Studio tasks (JSON): labels and relations"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name, reason="what Label Studio tasks have no place for")
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            f.write("[")
            for doc in docs:
                if report.n_documents:
                    f.write(",")
                f.write("\n")
                f.write(dump_line(task(doc, report.n_documents + 1, accepted_only=accepted_only, report=report)))
                report.n_documents += 1
                tick(progress, report.n_documents, doc.article.meta.title)
            f.write("\n]\n")
        return report


def _text(data: dict[str, Any], path: Path, where: str) -> str:
    text = data.get("text")
    if not isinstance(text, str):
        strings = [v for v in data.values() if isinstance(v, str)]
        if not strings:
            raise InputError(str(path), f"{where}: no text in 'data'")
        text = max(strings, key=len)
    return text


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _task_number(obj: dict[str, Any], index: int) -> object:
    value = obj.get("id")
    return value if _is_int(value) or isinstance(value, str) else index


def _read_result(marks: Marks, result: object, group: str, origin: Origin, status: Review, path: Path,
                 where: str, line: int | None, skip: set[tuple[int, int, str]]) -> None:  # fmt: skip
    """Regions, per-region notes and relations of one annotation or prediction."""
    items = [x for x in result if isinstance(x, dict)] if isinstance(result, list) else []
    relations, notes = [], []
    for item in items:
        value = item.get("value")
        typ = item.get("type")
        if typ == "relation":
            relations.append(item)
        elif typ == "textarea":
            notes.append(item)
        elif isinstance(value, dict) and "start" in value and value.get("labels"):
            start, end = value.get("start"), value.get("end")
            if not (_is_int(start) and _is_int(end)):
                raise InputError(str(path), f"{where}: region offsets must be integers", line)
            labels = [str(x) for x in value["labels"]]
            if (start, end, labels[0]) in skip:
                continue  # the annotation already has this very region (an accepted pre-annotation)
            if len(labels) > 1:
                marks.note("extra labels on a region skipped", f"{', '.join(labels[1:])} on {labels[0]}")
            marks.add((group, item.get("id")), start, end, labels[0], origin, status)
        else:
            marks.note(f"'{typ}' results skipped", f"{group} item {item.get('id')!r}")
    for item in notes:
        value = item.get("value") if isinstance(item.get("value"), dict) else {}
        texts = value.get("text") if isinstance(value, dict) else None
        note = "\n".join(str(t) for t in texts) if isinstance(texts, list) else str(texts or "")
        mark = marks.get((group, item.get("id")))
        if mark is None:
            marks.note("text answers not on a region skipped", f"{note!r:.60}")
        else:
            mark.note = note
    for rel in relations:
        labels = rel.get("labels") or []
        head, child = rel.get("from_id"), rel.get("to_id")
        if rel.get("direction") == "left":
            head, child = child, head
        marks.link((group, head), (group, child), str(labels[0]) if labels else "related_to", origin)


def parse_task(obj: Any, path: Path, where: str, line: int | None, notes: ReadNotes | None = None,
               index: int = 1) -> Document:  # fmt: skip
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), dict):
        raise InputError(str(path), f"{where}: a Label Studio task needs a 'data' object", line)
    data: dict[str, Any] = obj["data"]
    text = _text(data, path, where)
    meta_raw = {k: v for k, v in data.items() if k != "text" and not isinstance(v, dict | list)}
    article = new_article(text, meta_from(meta_raw, text), native_id(meta_raw))
    number = _task_number(obj, index)
    where = f"task {number}"  # errors name the task as Label Studio numbers it
    task_where = f"{path}: task {number}" + (f" (line {line})" if line is not None else "")
    marks = Marks(article.id, notes, task_where)
    annotations = [a for a in obj.get("annotations") or [] if isinstance(a, dict)]
    cancelled = [a for a in annotations if a.get("was_cancelled")]
    annotations = [a for a in annotations if not a.get("was_cancelled")]
    for a in cancelled:
        if a.get("result"):
            marks.note("cancelled annotations skipped", f"annotation {a.get('id')!r}")
    for a in annotations[1:]:
        who = a.get("completed_by")
        marks.note("second annotations skipped (one analyst's version per article)",
                   f"annotation {a.get('id')!r}" + (f" by {who!r}" if who is not None else ""))  # fmt: skip
    accepted: set[tuple[int, int, str]] = set()
    if annotations:
        result = annotations[0].get("result") or []
        _read_result(marks, result, "annotation", Origin.ANALYST, Review.ACCEPTED, path, where, line, set())
        accepted = {(s.start, s.end, s.label) for s in marks.spans} | {
            (c.start, c.end, claim_label(c.kind)) for c in marks.claims
        }
    preds = [p for p in obj.get("predictions") or [] if isinstance(p, dict)]
    for p in preds[1:]:
        marks.note("further predictions skipped", f"model_version {p.get('model_version')!r}")
    if preds:
        result = preds[0].get("result") or []
        _read_result(marks, result, "prediction", Origin.MODEL, Review.SUGGESTED, path, where, line, accepted)
    return check_document(marks.document(article), path, line)


class LabelStudioReader:
    name = "labelstudio"
    extensions = (".json",)

    def __init__(self, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes

    @staticmethod
    def matches(obj: dict[str, Any]) -> bool:
        return isinstance(obj.get("data"), dict)

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        path = Path(path)
        raw = read_text_file(path, max_bytes=self.max_bytes)
        stripped = raw.lstrip()
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError as err:
            if stripped.startswith("{"):  # one task per line
                for number, line in enumerate(raw.split("\n"), 1):
                    if line.strip():
                        yield parse_task(_loads(line, path, number), path, "task", number, notes, number)
                return
            raise InputError(str(path), f"not JSON ({err.msg})", err.lineno) from None
        tasks = parsed if isinstance(parsed, list) else [parsed]
        if not tasks:
            raise InputError(str(path), "no tasks in the file")
        for i, obj in enumerate(tasks):
            yield parse_task(obj, path, f"task {i + 1}", None, notes, i + 1)


def _loads(line: str, path: Path, number: int) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"not JSON ({err.msg} at column {err.colno})", number) from None
