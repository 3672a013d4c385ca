"""doccano relation-extraction JSONL: one article per line.

``{"id", "text", "entities": [{"id", "label", "start_offset", "end_offset"}],
"relations": [{"id", "from_id", "to_id", "type"}], "meta": {…}}``. Offsets are code
points (doccano's server is Python). Claims are entities labelled ``Claim_<kind>``
(enable overlapping spans in the doccano project, since claims contain entity
mentions). Entity and relation ids are integers, unique across the file. doccano
has no review status: statuses, claim fields other than the kind, notes and links
to other articles are not held (the summary counts each). Entity relations
(``works_for``, …) are relations of their own type between two entities.

Reading keeps the Newsdesk article id that an export put in the metadata
(``article_id``); other records get the id of their text's SHA-256.
Reading: doccano annotations are an analyst's work, so spans/claims are read as
accepted, origin analyst. The older sequence-labelling form ``"label": [[start,
end, label], …]`` is read too. Relations become claim links or entity relations (see
``Marks``); what fits neither is noted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError
from desktop.domain.model import Claim, Document, Origin, Review, Span
from desktop.domain.ports import Progress

from .base import MAX_LINE_BYTES, ExportReport, ReadNotes, tick
from .build import Marks, check_document, claim_label, export_meta, meta_from, native_id, new_article
from .loss import CLAIMS, LINKS, METADATA, RELATIONS, count_unheld
from .minimal import loose_meta, text_of
from .select import local_link_ends, select
from .textio import dump_line, iter_json_lines

HOLDS = frozenset({CLAIMS, LINKS, RELATIONS, METADATA})


class DoccanoWriter:
    name = "doccano"
    extension = ".jsonl"
    description = "doccano relation JSONL: entities and relations"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name, reason="what doccano records have no place for")
        next_id = 1
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            for doc in docs:
                sel = select(doc, accepted_only=accepted_only)
                ids: dict[str, int] = {}
                entities = []
                marks: list[Span | Claim] = [*sel.spans, *sel.claims]
                for mark in sorted(marks, key=lambda m: (m.start, m.end)):
                    ids[mark.id] = next_id
                    label = mark.label if isinstance(mark, Span) else claim_label(mark.kind)
                    entities.append({"id": next_id, "label": label, "start_offset": mark.start, "end_offset": mark.end})
                    next_id += 1
                relations = []
                for link in sel.links:
                    ends = local_link_ends(doc, sel, link)
                    if ends is None:
                        report.leave_out("links outside one article")
                        continue
                    relations.append(
                        {"id": next_id, "from_id": ids[ends[0].id], "to_id": ids[ends[1].id], "type": link.label.value}
                    )
                    next_id += 1
                    report.n_links += 1
                for rel in sel.relations:
                    relations.append({"id": next_id, "from_id": ids[rel.head], "to_id": ids[rel.child],
                                      "type": rel.label})  # fmt: skip
                    next_id += 1
                    report.n_relations += 1
                count_unheld(report, doc, sel, HOLDS, accepted_only=accepted_only)
                rec = {
                    "id": doc.article.id,
                    "text": doc.article.text,
                    "entities": entities,
                    "relations": relations,
                    "meta": export_meta(doc),
                }
                f.write(dump_line(rec))
                f.write("\n")
                report.n_documents += 1
                report.n_spans += len(sel.spans)
                report.n_claims += len(sel.claims)
                tick(progress, report.n_documents, doc.article.meta.title)
        return report


def _offsets(item: Any, i: int, path: Path, line: int) -> tuple[int, int, str]:
    if isinstance(item, dict):
        start, end, label = item.get("start_offset"), item.get("end_offset"), item.get("label")
    elif isinstance(item, list) and len(item) == 3:
        start, end, label = item
    else:
        raise InputError(str(path), f"entity {i} must be an object or [start, end, label]", line)
    for v in (start, end):
        if not isinstance(v, int) or isinstance(v, bool):
            raise InputError(str(path), f"entity {i}: offsets must be integers, got {v!r:.40}", line)
    if not isinstance(label, str) or not label:
        raise InputError(str(path), f"entity {i} has no label", line)
    return int(start), int(end), label  # type: ignore[arg-type]  # checked above


def parse_record(obj: dict[str, Any], path: Path, line: int, notes: ReadNotes | None = None) -> Document:
    text = text_of(obj, path, line)
    raw_meta = loose_meta(obj)
    article = new_article(text, meta_from(raw_meta, text), native_id(raw_meta))
    marks = Marks(article.id, notes, f"{path}:{line}")
    items = obj.get("entities")
    if items is None:
        label = obj.get("label")
        items = [x for x in label if isinstance(x, list)] if isinstance(label, list) else []
    if not isinstance(items, list):
        raise InputError(str(path), "'entities' must be a list", line)
    for i, item in enumerate(items):
        start, end, label = _offsets(item, i, path, line)
        key = item.get("id", i) if isinstance(item, dict) else i
        marks.add(key, start, end, label, Origin.ANALYST, Review.ACCEPTED)
    for rel in obj.get("relations") or []:
        if isinstance(rel, dict):
            marks.link(rel.get("from_id"), rel.get("to_id"), str(rel.get("type")))
        else:
            marks.note("relations that are not objects skipped", f"{rel!r:.60}")
    return check_document(marks.document(article), path, line)


class DoccanoReader:
    name = "doccano"
    extensions = (".jsonl",)

    def __init__(self, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.max_line_bytes = max_line_bytes

    @staticmethod
    def matches(obj: dict[str, Any]) -> bool:
        return "text" in obj and ("entities" in obj or isinstance(obj.get("label"), list))

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        path = Path(path)
        for line, obj in iter_json_lines(path, max_line_bytes=self.max_line_bytes):
            yield parse_record(obj, path, line, notes)
