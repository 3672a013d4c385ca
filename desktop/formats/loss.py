"""What a foreign format cannot hold, counted field by field for the export summary.

Each writer names the fields it carries (``holds``); :func:`count_unheld` counts, for
one document and its selection, every object whose value in another field would be
lost (only values that say something: a verdict other than unverified, a non-empty
note, …). The names below are what the summary line prints.
"""

from __future__ import annotations

from desktop.domain.model import Attribution, Claim, Document, Review, Span, Verdict

from .base import ExportReport
from .select import Selection

VERDICTS = "claim verdicts"
CHECKWORTHY = "check-worthiness scores"
ATTRIBUTION = "claim attributions"
CLAIM_NOTES = "claim notes"
EVIDENCE = "claim evidence lists"
SPAN_NOTES = "span notes"
LINK_NOTES = "link notes"
RELATION_NOTES = "relation notes"
CANONICAL = "canonical entity names"
KB_IDS = "knowledge-base ids"
STATUS = "review statuses (suggested or accepted)"
ORIGIN = "origins (model, rule or analyst)"
ANNOTATORS = "annotator names and times"
METADATA = "article metadata (title, source, url, date)"
REJECTED = "rejected spans and claims"
CLAIMS = "claims"
LINKS = "links"
RELATIONS = "entity relations"

ALL = frozenset({
    VERDICTS, CHECKWORTHY, ATTRIBUTION, CLAIM_NOTES, EVIDENCE, SPAN_NOTES, LINK_NOTES, RELATION_NOTES,
    CANONICAL, KB_IDS, STATUS, ORIGIN, ANNOTATORS, METADATA, REJECTED, CLAIMS, LINKS, RELATIONS,
})  # fmt: skip


def count_unheld(report: ExportReport, doc: Document, sel: Selection, holds: frozenset[str], *,
                 accepted_only: bool) -> None:  # fmt: skip
    """Add to ``report.left_out`` what ``doc`` (as selected) has in fields the format does not hold."""

    def lose(field: str, n: int) -> None:
        if field not in holds:
            report.leave_out(field, n)

    claims = sel.claims if CLAIMS in holds else []
    lose(VERDICTS, sum(c.verdict != Verdict.UNVERIFIED for c in claims))
    lose(CHECKWORTHY, sum(c.checkworthy > 0 for c in claims))
    lose(ATTRIBUTION, sum(c.attribution != Attribution.UNATTRIBUTED for c in claims))
    lose(CLAIM_NOTES, sum(bool(c.note) for c in claims))
    lose(EVIDENCE, sum(bool(c.evidence) for c in claims))
    lose(SPAN_NOTES, sum(bool(s.note) for s in sel.spans))
    if LINKS in holds:
        lose(LINK_NOTES, sum(bool(lk.note) for lk in sel.links))
    if RELATIONS in holds:
        lose(RELATION_NOTES, sum(bool(r.note) for r in sel.relations))
    else:
        report.leave_out(RELATIONS, len(sel.relations))
    named = {s.entity_id for s in sel.spans if s.entity_id}
    lose(CANONICAL, sum(1 for s in sel.spans if s.entity_id))
    lose(KB_IDS, sum(1 for e in doc.entities if e.id in named and e.kb_id))
    marks: list[Span | Claim] = [*sel.spans, *claims]
    if not accepted_only:
        lose(STATUS, sum(m.status == Review.SUGGESTED for m in marks))
        lose(REJECTED, sum(s.status == Review.REJECTED for s in doc.spans)
             + (sum(c.status == Review.REJECTED for c in doc.claims) if CLAIMS in holds else 0))  # fmt: skip
    lose(ORIGIN, sum(m.origin.value != "analyst" for m in marks))
    lose(ANNOTATORS, sum(bool(m.annotator) for m in marks))
    m = doc.article.meta
    lose(METADATA, int(any((m.title, m.source, m.url, m.published))))
