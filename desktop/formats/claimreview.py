"""schema.org ``ClaimReview`` JSON-LD, as fact-checking sites publish their verdicts.

One JSON-LD document: ``{"@context": "https://schema.org", "@graph": [ClaimReview, …]}``
with one ``ClaimReview`` per claim that has a verdict (not "unverified"):

- ``claimReviewed``: the claim's text; ``reviewRating``: a ``Rating`` whose
  ``alternateName`` is the verdict in words and ``ratingValue`` its place on a 1-5 scale
  (false 1, misleading 2, disputed 3, true 5; ``worstRating`` 1, ``bestRating`` 5);
- ``itemReviewed``: a ``Claim`` with ``author`` (the claimant: the ``said_by`` target,
  a ``Person`` or ``Organization`` by its label), ``datePublished`` (the article's date)
  and ``appearance`` (the source article as a ``NewsArticle``: headline, url,
  publisher, datePublished);
- ``author``: the analyst who reviewed it (a ``Person``), ``datePublished``: the day
  of the last change to the claim; ``url``: the article's URL with the claim's id as
  fragment, and ``@id`` ``urn:newsdesk:<claim id>``.

Claims without a verdict, rejected claims (and with ``accepted_only`` suggested
ones) are counted as left out; so are the fields ClaimReview has no property for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop.domain.model import Claim, Document, LinkLabel, Review, Verdict
from desktop.domain.ports import Progress

from .base import ExportReport, tick
from .select import select

CONTEXT = "https://schema.org"
RATINGS = {Verdict.FALSE: (1, "False"), Verdict.MISLEADING: (2, "Misleading"), Verdict.DISPUTED: (3, "Disputed"),
           Verdict.TRUE: (5, "True")}  # fmt: skip
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC"}


def _claimant(doc: Document, claim: Claim) -> dict[str, Any] | None:
    text = doc.article.text
    spans = {s.id: s for s in doc.spans}
    entities = {e.id: e for e in doc.entities}
    for link in sorted(doc.links, key=lambda lk: lk.id):
        if link.head != claim.id or link.label != LinkLabel.SAID_BY:
            continue
        span = spans.get(link.child)
        entity = entities.get(link.child) or (entities.get(span.entity_id or "") if span is not None else None)
        label = entity.label if entity is not None else span.label if span is not None else "PERSON"
        if entity is not None:
            name = entity.name
        elif span is not None:
            name = text[span.start : span.end]
        else:
            continue  # a said_by to an entity not named in this article: no name to give
        out: dict[str, Any] = {"@type": "Organization" if label in ORG_LABELS else "Person", "name": name}
        if entity is not None and entity.kb_id:
            out["sameAs"] = f"https://www.wikidata.org/wiki/{entity.kb_id}"
        return out
    return None


def review(doc: Document, claim: Claim) -> dict[str, Any]:
    m = doc.article.meta
    value, words = RATINGS[claim.verdict]
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": m.title}
    if m.url:
        appearance["url"] = m.url
    if m.published:
        appearance["datePublished"] = m.published
    if m.source:
        appearance["publisher"] = {"@type": "Organization", "name": m.source}
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if m.published:
        item["datePublished"] = m.published
    claimant = _claimant(doc, claim)
    if claimant is not None:
        item["author"] = claimant
    out: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"urn:newsdesk:{claim.id}",
        "claimReviewed": doc.article.text[claim.start : claim.end],
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": words},  # fmt: skip
    }
    if m.url:
        out["url"] = f"{m.url}#{claim.id}"
    if claim.updated:
        out["datePublished"] = claim.updated[:10]
    if claim.annotator:
        out["author"] = {"@type": "Person", "name": claim.annotator}
    if claim.note:
        out["reviewBody"] = claim.note
    if claim.evidence:
        out["citation"] = [{"@type": "CreativeWork", "url": url} for url in claim.evidence]
    return out


class ClaimReviewWriter:
    name = "claimreview"
    extension = ".jsonld"
    description = "schema.org ClaimReview JSON-LD: every claim with a verdict"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name, reason="a ClaimReview is a verdict on one claim")
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            f.write('{"@context": "https://schema.org", "@graph": [')
            first = True
            for doc in docs:
                sel = select(doc, accepted_only=accepted_only)
                report.leave_out("entity spans", len(sel.spans))
                report.leave_out("entity relations", len(sel.relations))
                report.leave_out("rejected claims", sum(c.status == Review.REJECTED for c in doc.claims))
                for claim in sel.claims:
                    if claim.verdict == Verdict.UNVERIFIED:
                        report.leave_out("claims without a verdict")
                        continue
                    report.leave_out("check-worthiness scores", int(claim.checkworthy > 0))
                    f.write("\n" if first else ",\n")
                    f.write(json.dumps(review(doc, claim), ensure_ascii=False))
                    first = False
                    report.n_claims += 1
                report.n_documents += 1
                tick(progress, report.n_documents, doc.article.meta.title)
            f.write("\n]}\n")
        return report
