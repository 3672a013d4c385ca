"""Prodigy task JSONL (``ner.manual`` / ``rel.manual`` style): one task per article.

Writing: ``text``, ``_input_hash``, ``_task_hash``, ``tokens`` (every spaCy token,
whitespace tokens included, with ``text/start/end/id/ws``), ``spans`` (entity spans,
and claims as spans labelled ``Claim_<kind>``; each with ``start/end/token_start/
token_end/label``), ``relations`` (links whose two ends are spans/claims of the same
article; ``head``/``child`` are the token index of the last token of each end, after
Prodigy's relation UI, plus ``head_span``/``child_span``), ``meta`` and, when every
exported annotation is accepted (always with ``accepted_only``), ``"answer": "accept"``;
a task with suggestions has no answer, so it opens for review. Spans that do not
start and end on token boundaries cannot be expressed in tokens and are left out.

Hashes: Prodigy's ``set_hashes`` is documented (support forum) as a MurmurHash of
the values of the input keys (text, image, html, input) and, for the task hash, of
the input hash plus the task keys (spans, label, options, arcs). The exact
serialisation it hashes is not documented, so the values here are computed the same
way (32-bit MurmurHash3 of sorted-key JSON) but are not promised to equal what
Prodigy itself would compute; they are consistent: the same text gives the same
``_input_hash``, and the same text with the same spans the same ``_task_hash``.

Reading keeps the Newsdesk article id that an export put in the metadata
(``article_id``); other records get the id of their text's SHA-256.
Reading: ``answer: accept`` makes the spans accepted analyst annotations, ``reject``
makes them rejected suggestions, no answer (or ``ignore``) makes them suggestions
from a model. Relations become links when the model can hold them (see ``Marks``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from murmurhash.mrmr import hash as murmur

from desktop.domain.errors import InputError
from desktop.domain.model import Claim, Document, Origin, Review, Span
from desktop.domain.ports import Progress

from .base import MAX_LINE_BYTES, ExportReport, tick
from .build import Marks, check_document, claim_label, export_meta, meta_from, native_id, new_article
from .minimal import loose_meta, text_of
from .select import local_link_ends, select
from .textio import dump_line, iter_json_lines
from .tokens import TokenIndex, spacy_tokens

INPUT_KEYS = ("text", "image", "html", "input")
TASK_KEYS = ("spans", "label", "options", "arcs")


def _hash_json(value: object) -> int:
    return int(murmur(json.dumps(value, sort_keys=True, ensure_ascii=False)))


def set_hashes(task: dict[str, Any]) -> tuple[int, int]:
    """(input hash, task hash) of a task, after Prodigy's scheme (see the module docstring)."""
    input_hash = _hash_json({k: task[k] for k in INPUT_KEYS if k in task})
    task_part = {k: task[k] for k in TASK_KEYS if k in task}
    task_hash = int(murmur(f"{input_hash}:{json.dumps(task_part, sort_keys=True, ensure_ascii=False)}"))
    return input_hash, task_hash


def task(doc: Document, *, accepted_only: bool, report: ExportReport) -> dict[str, Any]:
    text = doc.article.text
    sel = select(doc, accepted_only=accepted_only)
    toks = spacy_tokens(text)
    index = TokenIndex(toks)
    span_dicts: dict[str, dict[str, Any]] = {}
    marks: list[Span | Claim] = [*sel.spans, *sel.claims]
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        bounds = index.span(mark.start, mark.end)
        if bounds is None:
            report.leave_out("spans off token boundaries" if isinstance(mark, Span) else "claims off token boundaries")
            continue
        label = mark.label if isinstance(mark, Span) else claim_label(mark.kind)
        span_dicts[mark.id] = {
            "start": mark.start,
            "end": mark.end,
            "token_start": bounds[0],
            "token_end": bounds[1],
            "label": label,
        }
        if isinstance(mark, Span):
            report.n_spans += 1
        else:
            report.n_claims += 1
    relations = []
    for link in sel.links:
        ends = local_link_ends(doc, sel, link)
        if ends is None or ends[0].id not in span_dicts or ends[1].id not in span_dicts:
            report.leave_out("links outside one article's spans")
            continue
        head, child = span_dicts[ends[0].id], span_dicts[ends[1].id]
        relations.append(
            {"head": head["token_end"], "child": child["token_end"], "head_span": head, "child_span": child,
             "label": link.label.value}
        )  # fmt: skip
        report.n_links += 1
    out: dict[str, Any] = {
        "text": text,
        "_input_hash": 0,
        "_task_hash": 0,
        "tokens": [
            {"text": text[t.start : t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
            for i, t in enumerate(toks)
        ],
        "spans": list(span_dicts.values()),
        "relations": relations,
        "meta": export_meta(doc),
    }
    if accepted_only or all(m.status == Review.ACCEPTED for m in marks):
        out["answer"] = "accept"
    out["_input_hash"], out["_task_hash"] = set_hashes(out)
    return out


class ProdigyWriter:
    name = "prodigy"
    extension = ".jsonl"
    description = "Prodigy tasks (JSONL): tokens, spans, relations"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name, reason="Prodigy spans must fall on token boundaries")
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            for doc in docs:
                f.write(dump_line(task(doc, accepted_only=accepted_only, report=report)))
                f.write("\n")
                report.n_documents += 1
                tick(progress, report.n_documents, doc.article.meta.title)
        return report


_ANSWERS = {
    "accept": (Origin.ANALYST, Review.ACCEPTED),
    "reject": (Origin.MODEL, Review.REJECTED),
}


def _int(value: object, what: str, path: Path, line: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(str(path), f"{what} must be an integer, got {value!r:.40}", line)
    return value


def parse_task(obj: dict[str, Any], path: Path, line: int) -> Document:
    text = text_of(obj, path, line)
    raw_meta = loose_meta(obj)
    article = new_article(text, meta_from(raw_meta, text), native_id(raw_meta))
    origin, status = _ANSWERS.get(str(obj.get("answer")), (Origin.MODEL, Review.SUGGESTED))
    marks = Marks(article.id)
    spans = obj.get("spans") or []
    if not isinstance(spans, list):
        raise InputError(str(path), "'spans' must be a list", line)
    for i, sp in enumerate(spans):
        if not isinstance(sp, dict) or "label" not in sp:
            raise InputError(str(path), f"spans[{i}] needs start, end and label", line)
        start = _int(sp.get("start"), f"spans[{i}].start", path, line)
        end = _int(sp.get("end"), f"spans[{i}].end", path, line)
        label = sp["label"]  # not coerced: a null label is refused by check_document
        marks.add((start, end, str(label)), start, end, label, origin, status)
    for rel in obj.get("relations") or []:
        if isinstance(rel, dict) and isinstance(rel.get("head_span"), dict) and isinstance(rel.get("child_span"), dict):
            h, c = rel["head_span"], rel["child_span"]
            marks.link(
                (h.get("start"), h.get("end"), str(h.get("label"))),
                (c.get("start"), c.get("end"), str(c.get("label"))),
                str(rel.get("label")),
            )
    return check_document(marks.document(article), path, line)


class ProdigyReader:
    name = "prodigy"
    extensions = (".jsonl",)

    def __init__(self, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.max_line_bytes = max_line_bytes

    @staticmethod
    def matches(obj: dict[str, Any]) -> bool:
        return "text" in obj and any(k in obj for k in ("tokens", "spans", "_input_hash", "answer", "relations"))

    def read(self, path: Path) -> Iterator[Document]:
        path = Path(path)
        for line, obj in iter_json_lines(path, max_line_bytes=self.max_line_bytes):
            yield parse_task(obj, path, line)
