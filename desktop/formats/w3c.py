"""W3C Web Annotation Data Model, as JSON-LD: one ``AnnotationCollection`` for the export.

The collection's first (and only) ``AnnotationPage`` (id ``urn:newsdesk:export:page:1``,
``partOf`` the collection) lists every annotation, streamed, rejected suggestions
included (with ``newsdesk:status`` "rejected"):

- an entity span: motivation ``tagging``, body a ``TextualBody`` (purpose tagging,
  value = label) and, when it names a canonical entity, a ``SpecificResource``
  body (purpose identifying) whose source is the entity's IRI;
- a claim: motivation ``assessing``; bodies for the kind (tagging ``Claim_<kind>``),
  the verdict (assessing), attribution and check-worthiness (classifying), the
  note (commenting) and each evidence URL (a ``SpecificResource``, purpose describing);
- a link (``newsdesk:kind`` "claim-link") or an entity relation ("entity-relation"):
  motivation ``linking``, body its label (tagging), targets the IRIs of the head and the
  child (a link's child may be an annotation in another article, or an entity).

``creator`` is an Agent object (``{"id": "urn:newsdesk:annotator:<name>", "type":
"Person", "name": …}``), as the model requires. Article metadata other than the URL
(the targets' source) has no place and is counted in the summary.

Targets of spans and claims have the article as source (its URL, else
``urn:newsdesk:article:<id>``) and two selectors: ``TextQuoteSelector`` (exact, and
up to 32 characters of prefix/suffix) and ``TextPositionSelector`` (start/end in
code points, as the model's spec requires). Annotation ids are ``urn:newsdesk:<id>``.
Review status and origin are kept as ``newsdesk:status`` / ``newsdesk:origin``
(terms of the ``newsdesk`` prefix declared in the context).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from desktop.domain.model import Claim, Document, Link, Relation, Span
from desktop.domain.ports import Progress

from .base import ExportReport, tick
from .build import claim_label
from .loss import ALL, METADATA, count_unheld
from .select import select
from .textio import dump_line

CONTEXT: list[Any] = ["http://www.w3.org/ns/anno.jsonld", {"newsdesk": "urn:newsdesk:vocab#"}]
COLLECTION = "urn:newsdesk:export"
PAGE = "urn:newsdesk:export:page:1"
WIKIDATA = "http://www.wikidata.org/entity/"
HOLDS = frozenset(ALL - {METADATA})
AFFIX = 32


def iri(object_id: str) -> str:
    return f"urn:newsdesk:{object_id}"


def source_of(doc: Document) -> str:
    return doc.article.meta.url or f"urn:newsdesk:article:{doc.article.id}"


def target(doc: Document, start: int, end: int) -> dict[str, Any]:
    text = doc.article.text
    return {
        "source": source_of(doc),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - AFFIX) : start],
                "suffix": text[end : end + AFFIX],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def _tag(value: str, purpose: str = "tagging") -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value}


def agent(name: str) -> dict[str, Any]:
    """The model's Agent: an IRI of its own (creator has type @id), a type and a name."""
    return {"id": f"urn:newsdesk:annotator:{quote(name, safe='')}", "type": "Person", "name": name}


def _base(mark: Span | Claim | Link | Relation, motivation: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": iri(mark.id), "type": "Annotation", "motivation": motivation}
    if mark.annotator:
        out["creator"] = agent(mark.annotator)
    if mark.updated:
        out["modified"] = mark.updated
    return out


def span_annotation(doc: Document, span: Span) -> dict[str, Any]:
    out = _base(span, "tagging")
    body: list[dict[str, Any]] = [_tag(span.label)]
    entity = next((e for e in doc.entities if e.id == span.entity_id), None)
    if span.entity_id:
        body.append({"type": "SpecificResource", "purpose": "identifying", "source": iri(span.entity_id)})
    if entity is not None:
        body.append(_tag(entity.name, "identifying"))
        if entity.kb_id:
            kb = entity.kb_id
            source = f"{WIKIDATA}{kb}" if re.fullmatch(r"Q\d+", kb) else f"urn:newsdesk:kb:{quote(kb, safe=':')}"
            body.append({"type": "SpecificResource", "purpose": "identifying", "source": source})
    if span.note:
        body.append(_tag(span.note, "commenting"))
    out["body"] = body
    out["target"] = target(doc, span.start, span.end)
    out["newsdesk:status"] = span.status.value
    out["newsdesk:origin"] = span.origin.value
    return out


def claim_annotation(doc: Document, claim: Claim) -> dict[str, Any]:
    out = _base(claim, "assessing")
    body = [
        _tag(claim_label(claim.kind)),
        _tag(claim.verdict.value, "assessing"),
        _tag(f"attribution:{claim.attribution.value}", "classifying"),
        _tag(f"checkworthy:{claim.checkworthy}", "classifying"),
    ]
    if claim.note:
        body.append(_tag(claim.note, "commenting"))
    body += [{"type": "SpecificResource", "purpose": "describing", "source": url} for url in claim.evidence]
    out["body"] = body
    out["target"] = target(doc, claim.start, claim.end)
    out["newsdesk:status"] = claim.status.value
    out["newsdesk:origin"] = claim.origin.value
    return out


def _connection(obj: Link | Relation, label: str, kind: str) -> dict[str, Any]:
    out = _base(obj, "linking")
    out["body"] = [_tag(label)] + ([_tag(obj.note, "commenting")] if obj.note else [])
    out["target"] = [iri(obj.head), iri(obj.child)]
    out["newsdesk:kind"] = kind
    return out


class W3CWriter:
    name = "w3c"
    extension = ".jsonld"
    description = "W3C Web Annotation (JSON-LD AnnotationCollection)"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name, reason="a Web Annotation targets the text, not the article's metadata")
        head = {
            "@context": CONTEXT,
            "id": COLLECTION,
            "type": "AnnotationCollection",
            "label": "Newsdesk annotations",
        }
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(head, ensure_ascii=False)[:-1])
            f.write(f', "first": {{"id": "{PAGE}", "type": "AnnotationPage", "partOf": "{COLLECTION}", '
                    '"startIndex": 0, "items": [')  # fmt: skip
            first = True
            for doc in docs:
                # rejected suggestions go out too, with their status: the model's negative evidence
                sel = select(doc, accepted_only=accepted_only, keep_rejected=True)
                items = [span_annotation(doc, s) for s in sel.spans] + [claim_annotation(doc, c) for c in sel.claims]
                for link in sel.links:
                    items.append(_connection(link, link.label.value, "claim-link"))
                for rel in sel.relations:
                    items.append(_connection(rel, rel.label, "entity-relation"))
                count_unheld(report, doc, sel, HOLDS, accepted_only=accepted_only)
                for item in items:
                    f.write("\n" if first else ",\n")
                    f.write(dump_line(item))
                    first = False
                report.n_documents += 1
                report.n_spans += len(sel.spans)
                report.n_claims += len(sel.claims)
                report.n_links += len(sel.links)
                report.n_relations += len(sel.relations)
                tick(progress, report.n_documents, doc.article.meta.title)
            f.write("\n]}}\n")
        return report
