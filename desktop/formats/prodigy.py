"""Prodigy task JSONL (``ner.manual`` / ``rel.manual`` style): one task per article.

Writing: ``text``, ``_input_hash``, ``_task_hash``, ``tokens`` (every spaCy token,
whitespace tokens included, with ``text/start/end/id/ws``), ``spans`` (entity spans
only, each with ``start/end/token_start/token_end/label``, so ``doc.ents = spans``
works on every task), ``relations`` (entity relations such as ``works_for`` between
two spans; ``head``/``child`` are the token index of the last token of each end, after
Prodigy's relation UI, plus ``head_span``/``child_span``), ``claims`` (claims, apart
from the entity spans because they contain them: the same span keys with label
``Claim_<kind>`` plus verdict, attribution, checkworthy, note, evidence) and
``claim_links`` (said_by, about, supports, … in the shape of ``relations``), ``meta`` and, when every
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
Reading also takes older files with claims among the ``spans`` (label ``Claim_<kind>``).
Overlapping spans (spancat data) keep the first, longest one; each skipped span is noted.
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
from desktop.domain.model import Attribution, Claim, ClaimKind, Document, Origin, Review, Span, Verdict
from desktop.domain.ports import Progress

from .base import MAX_LINE_BYTES, ExportReport, ReadNotes, tick
from .build import Marks, check_document, claim_kind, claim_label, export_meta, meta_from, native_id, new_article
from .loss import (
    ALL,
    ANNOTATORS,
    CANONICAL,
    KB_IDS,
    LINK_NOTES,
    ORIGIN,
    REJECTED,
    RELATION_NOTES,
    SPAN_NOTES,
    STATUS,
    count_unheld,
)
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


HOLDS = frozenset(ALL - {STATUS, ORIGIN, ANNOTATORS, REJECTED, CANONICAL, KB_IDS, SPAN_NOTES, LINK_NOTES,
                          RELATION_NOTES})  # fmt: skip


def task(doc: Document, *, accepted_only: bool, report: ExportReport) -> dict[str, Any]:
    text = doc.article.text
    sel = select(doc, accepted_only=accepted_only)
    toks = spacy_tokens(text)
    index = TokenIndex(toks)
    marks_out: dict[str, dict[str, Any]] = {}
    claims_out: list[dict[str, Any]] = []
    spans_out: list[dict[str, Any]] = []
    marks: list[Span | Claim] = [*sel.spans, *sel.claims]
    for mark in sorted(marks, key=lambda m: (m.start, m.end)):
        bounds = index.span(mark.start, mark.end)
        if bounds is None:
            report.leave_out("spans off token boundaries" if isinstance(mark, Span) else "claims off token boundaries")
            continue
        label = mark.label if isinstance(mark, Span) else claim_label(mark.kind)
        bare = {"start": mark.start, "end": mark.end, "token_start": bounds[0], "token_end": bounds[1], "label": label}
        marks_out[mark.id] = bare
        if isinstance(mark, Span):
            spans_out.append(bare)
            report.n_spans += 1
        else:
            fields = {"verdict": mark.verdict.value, "attribution": mark.attribution.value,
                      "checkworthy": mark.checkworthy, "note": mark.note, "evidence": list(mark.evidence)}  # fmt: skip
            claims_out.append({**bare, **fields})
            report.n_claims += 1

    def arc(head: dict[str, Any], child: dict[str, Any], label: str) -> dict[str, Any]:
        return {"head": head["token_end"], "child": child["token_end"], "head_span": head, "child_span": child,
                "label": label}  # fmt: skip

    claim_links = []
    for link in sel.links:
        ends = local_link_ends(doc, sel, link)
        if ends is None or ends[0].id not in marks_out or ends[1].id not in marks_out:
            report.leave_out("links outside one article's spans")
            continue
        claim_links.append(arc(marks_out[ends[0].id], marks_out[ends[1].id], link.label.value))
        report.n_links += 1
    relations = []
    for rel in sel.relations:
        if rel.head not in marks_out or rel.child not in marks_out:
            report.leave_out("entity relations to spans off token boundaries")
            continue
        relations.append(arc(marks_out[rel.head], marks_out[rel.child], rel.label))
        report.n_relations += 1
    count_unheld(report, doc, sel, HOLDS, accepted_only=accepted_only)
    out: dict[str, Any] = {
        "text": text,
        "_input_hash": 0,
        "_task_hash": 0,
        "tokens": [
            {"text": text[t.start : t.end], "start": t.start, "end": t.end, "id": i, "ws": t.ws}
            for i, t in enumerate(toks)
        ],
        "spans": spans_out,
        "relations": relations,
        "claims": claims_out,
        "claim_links": claim_links,
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
        report = ExportReport(self.name, reason="what Prodigy tasks have no place for; spans must fit tokens")
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


def _key(sp: dict[str, Any]) -> tuple[object, object, str]:
    return (sp.get("start"), sp.get("end"), str(sp.get("label")))


def _marks_of(obj: dict[str, Any], key: str, marks: Marks, origin: Origin, status: Review, path: Path,
              line: int) -> None:  # fmt: skip
    items = obj.get(key) or []
    if not isinstance(items, list):
        raise InputError(str(path), f"'{key}' must be a list", line)
    for i, sp in enumerate(items):
        if not isinstance(sp, dict) or "label" not in sp:
            raise InputError(str(path), f"{key}[{i}] needs start, end and label", line)
        start = _int(sp.get("start"), f"{key}[{i}].start", path, line)
        end = _int(sp.get("end"), f"{key}[{i}].end", path, line)
        label = sp["label"]  # not coerced: a label that is not text is refused by check_document
        if key == "claims" and claim_kind(label) is None:
            label = claim_label(ClaimKind.OTHER)
        marks.add(_key(sp), start, end, label, origin, status, note=str(sp.get("note") or ""))
        mark = marks.get(_key(sp))
        if isinstance(mark, Claim):
            _claim_fields(mark, sp, marks)


def _claim_fields(claim: Claim, raw: dict[str, Any], marks: Marks) -> None:
    """verdict, attribution, checkworthy and evidence as a Newsdesk export writes them in ``claims``."""
    try:
        if "verdict" in raw:
            claim.verdict = Verdict(raw["verdict"])
        if "attribution" in raw:
            claim.attribution = Attribution(raw["attribution"])
    except ValueError as err:
        marks.note("claim fields with unknown values skipped", str(err))
    cw = raw.get("checkworthy")
    if isinstance(cw, int) and not isinstance(cw, bool) and 0 <= cw <= 3:
        claim.checkworthy = cw
    evidence = raw.get("evidence")
    if isinstance(evidence, list):
        claim.evidence = [str(e) for e in evidence]


def parse_task(obj: dict[str, Any], path: Path, line: int, notes: ReadNotes | None = None) -> Document:
    text = text_of(obj, path, line)
    raw_meta = loose_meta(obj)
    article = new_article(text, meta_from(raw_meta, text), native_id(raw_meta))
    origin, status = _ANSWERS.get(str(obj.get("answer")), (Origin.MODEL, Review.SUGGESTED))
    marks = Marks(article.id, notes, f"{path}:{line}")
    _marks_of(obj, "spans", marks, origin, status, path, line)
    _marks_of(obj, "claims", marks, origin, status, path, line)
    for key in ("relations", "claim_links"):
        for rel in obj.get(key) or []:
            if isinstance(rel, dict) and isinstance(rel.get("head_span"), dict) and isinstance(
                rel.get("child_span"), dict
            ):
                marks.link(_key(rel["head_span"]), _key(rel["child_span"]), str(rel.get("label")))
            else:
                marks.note("relations without head_span/child_span skipped", f"{key}: {rel!r:.60}")
    return check_document(marks.document(article), path, line)


class ProdigyReader:
    name = "prodigy"
    extensions = (".jsonl",)

    def __init__(self, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.max_line_bytes = max_line_bytes

    @staticmethod
    def matches(obj: dict[str, Any]) -> bool:
        return "text" in obj and any(k in obj for k in ("tokens", "spans", "_input_hash", "answer", "relations"))

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        path = Path(path)
        for line, obj in iter_json_lines(path, max_line_bytes=self.max_line_bytes):
            yield parse_task(obj, path, line, notes)
