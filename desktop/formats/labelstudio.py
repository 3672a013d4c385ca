"""Label Studio tasks (JSON list), for a ``<Labels name="label" toName="text">`` + ``<Relations>`` config.

Each article is a task ``{"id", "data": {"text", …meta}, "annotations": [{"result": […]}],
"predictions": [{"model_version": "newsdesk", "result": […]}]}``. Accepted spans and
claims go to the annotation, suggested ones to the prediction (so Label Studio shows
them as pre-annotations). Result items are ``labels`` regions (``value``: start, end,
text, labels) and ``relation`` items (from_id, to_id, direction "right", labels).
Claims are regions labelled ``Claim_<kind>``. Offsets are code points: Label Studio's
text regions store code point offsets since its emoji fix (label-studio PR #1559 /
label-studio-frontend PR #308).

A relation can only join regions of one result, so a link between an accepted and a
suggested annotation, or to another article, is left out.

Reading keeps the Newsdesk article id that an export put in the metadata
(``article_id``); other records get the id of their text's SHA-256.
Reading: the most recent annotation that was not cancelled gives accepted analyst
spans; a task without one takes its first prediction as suggestions (origin model).
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

from .base import MAX_FILE_BYTES, ExportReport, tick
from .build import Marks, check_document, claim_label, export_meta, meta_from, native_id, new_article
from .select import local_link_ends, select
from .textio import dump_line, read_text_file

FROM_NAME = "label"
TO_NAME = "text"


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
        where[mark.id] = mark.status
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
        report = ExportReport(self.name, reason="Label Studio relations join regions of one result")
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


def parse_task(obj: Any, path: Path, where: str, line: int | None) -> Document:
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), dict):
        raise InputError(str(path), f"{where}: a Label Studio task needs a 'data' object", line)
    data: dict[str, Any] = obj["data"]
    text = _text(data, path, where)
    meta_raw = {k: v for k, v in data.items() if k != "text" and not isinstance(v, dict | list)}
    article = new_article(text, meta_from(meta_raw, text), native_id(meta_raw))
    annotations = [a for a in obj.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if annotations:
        result, origin, status = annotations[-1].get("result") or [], Origin.ANALYST, Review.ACCEPTED
    else:
        preds = [p for p in obj.get("predictions") or [] if isinstance(p, dict)]
        result, origin, status = (preds[0].get("result") or [] if preds else []), Origin.MODEL, Review.SUGGESTED
    marks = Marks(article.id)
    relations = []
    for item in result:
        if not isinstance(item, dict):
            continue
        value = item.get("value")
        if item.get("type") == "relation":
            relations.append(item)
        elif isinstance(value, dict) and "start" in value and value.get("labels"):
            start, end = value.get("start"), value.get("end")
            if not (_is_int(start) and _is_int(end)):
                raise InputError(str(path), f"{where}: region offsets must be integers", line)
            marks.add(item.get("id"), start, end, value["labels"][0], origin, status)
    for rel in relations:
        labels = rel.get("labels") or []
        head, child = rel.get("from_id"), rel.get("to_id")
        if rel.get("direction") == "left":
            head, child = child, head
        if labels:
            marks.link(head, child, str(labels[0]), origin)
    return check_document(marks.document(article), path, line)


class LabelStudioReader:
    name = "labelstudio"
    extensions = (".json",)

    def __init__(self, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes

    @staticmethod
    def matches(obj: dict[str, Any]) -> bool:
        return isinstance(obj.get("data"), dict)

    def read(self, path: Path) -> Iterator[Document]:
        path = Path(path)
        raw = read_text_file(path, max_bytes=self.max_bytes)
        stripped = raw.lstrip()
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError as err:
            if stripped.startswith("{"):  # one task per line
                for number, line in enumerate(raw.split("\n"), 1):
                    if line.strip():
                        yield parse_task(_loads(line, path, number), path, "task", number)
                return
            raise InputError(str(path), f"not JSON ({err.msg})", err.lineno) from None
        tasks = parsed if isinstance(parsed, list) else [parsed]
        if not tasks:
            raise InputError(str(path), "no tasks in the file")
        for i, obj in enumerate(tasks):
            yield parse_task(obj, path, f"task {i + 1}", None)


def _loads(line: str, path: Path, number: int) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"not JSON ({err.msg} at column {err.colno})", number) from None
