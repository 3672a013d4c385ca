"""W3C Web Annotation Data Model, as JSON-LD: one ``AnnotationCollection`` for the export.

The collection's first (and only) ``AnnotationPage`` lists every annotation, streamed:

- an entity span: motivation ``tagging``, body a ``TextualBody`` (purpose tagging,
  value = label) and, when it names a canonical entity, a ``SpecificResource``
  body (purpose identifying) whose source is the entity's IRI;
- a claim: motivation ``assessing``; bodies for the kind (tagging ``Claim_<kind>``),
  the verdict (assessing), attribution and check-worthiness (classifying), the
  note (commenting) and each evidence URL (a ``SpecificResource``, purpose describing);
- a link: motivation ``linking``, body its label (tagging), targets the IRIs of the
  head and the child (which may be an annotation in another article, or an entity).

Targets of spans and claims have the article as source (its URL, else
``urn:newsdesk:article:<id>``) and two selectors: ``TextQuoteSelector`` (exact, and
up to 32 characters of prefix/suffix) and ``TextPositionSelector`` (start/end in
code points, as the model's spec requires). Annotation ids are ``urn:newsdesk:<id>``.
Review status and origin are kept as ``newsdesk:status`` / ``newsdesk:origin``
(terms of the ``newsdesk`` prefix declared in the context).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop.domain.model import Claim, Document, Span
from desktop.domain.ports import Progress

from .base import ExportReport, tick
from .build import claim_label
from .select import select
from .textio import dump_line

CONTEXT: list[Any] = ["http://www.w3.org/ns/anno.jsonld", {"newsdesk": "urn:newsdesk:vocab#"}]
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


def _base(mark: Span | Claim, motivation: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": iri(mark.id), "type": "Annotation", "motivation": motivation}
    if mark.annotator:
        out["creator"] = mark.annotator
    if mark.updated:
        out["modified"] = mark.updated
    return out


def span_annotation(doc: Document, span: Span) -> dict[str, Any]:
    out = _base(span, "tagging")
    body: list[dict[str, Any]] = [_tag(span.label)]
    if span.entity_id:
        body.append({"type": "SpecificResource", "purpose": "identifying", "source": iri(span.entity_id)})
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
        report = ExportReport(self.name)
        head = {
            "@context": CONTEXT,
            "id": "urn:newsdesk:export",
            "type": "AnnotationCollection",
            "label": "Newsdesk annotations",
        }
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(head, ensure_ascii=False)[:-1])
            f.write(', "first": {"type": "AnnotationPage", "startIndex": 0, "items": [')
            first = True
            for doc in docs:
                sel = select(doc, accepted_only=accepted_only)
                items = [span_annotation(doc, s) for s in sel.spans] + [claim_annotation(doc, c) for c in sel.claims]
                for link in sel.links:
                    items.append(
                        {"id": iri(link.id), "type": "Annotation", "motivation": "linking",
                         "body": [_tag(link.label.value)] + ([_tag(link.note, "commenting")] if link.note else []),
                         "target": [iri(link.head), iri(link.child)]}
                    )  # fmt: skip
                for item in items:
                    f.write("\n" if first else ",\n")
                    f.write(dump_line(item))
                    first = False
                report.n_documents += 1
                report.n_spans += len(sel.spans)
                report.n_claims += len(sel.claims)
                report.n_links += len(sel.links)
                tick(progress, report.n_documents, doc.article.meta.title)
            f.write("\n]}}\n")
        return report
