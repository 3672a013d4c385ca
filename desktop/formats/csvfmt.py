"""Claims as a spreadsheet: one CSV row per claim, UTF-8 with BOM (so Excel reads the accents).

Columns: article_id, title, published, claim_id, text, kind, attribution,
checkworthy, verdict, status, claimant (the text of the ``said_by`` target: a span's
text, an entity's name, else its id), links (``label -> target`` joined by ``; ``),
note, evidence (URLs joined by a space).

Against formula injection, a cell that starts with ``= + - @``, a tab or a carriage
return gets a leading single quote, so spreadsheets show it as text. Entity spans
have no rows of their own and are counted as left out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from desktop.domain.model import Document, LinkLabel, Review
from desktop.domain.ports import Progress

from .base import ExportReport, tick
from .loss import REJECTED, RELATIONS
from .select import select

COLUMNS = [
    "article_id", "title", "published", "claim_id", "text", "kind", "attribution", "checkworthy",
    "verdict", "status", "claimant", "links", "note", "evidence",
]  # fmt: skip

_RISKY = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_RISKY) else text


class CsvWriter:
    name = "csv"
    extension = ".csv"
    description = "Claims as CSV (one row per claim) for spreadsheets"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name, reason="the CSV has one row per claim")
        with Path(dest).open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(COLUMNS)
            for doc in docs:
                sel = select(doc, accepted_only=accepted_only)
                text = doc.article.text
                names = {s.id: text[s.start : s.end] for s in doc.spans}
                names.update({c.id: text[c.start : c.end] for c in doc.claims})
                names.update({e.id: e.name for e in doc.entities})
                for claim in sel.claims:
                    links = [lk for lk in sel.links if lk.head == claim.id]
                    claimant = next(
                        (names.get(lk.child, lk.child) for lk in links if lk.label == LinkLabel.SAID_BY), ""
                    )
                    summary = "; ".join(f"{lk.label.value} -> {names.get(lk.child, lk.child)}" for lk in links)
                    row = [
                        doc.article.id, doc.article.meta.title, doc.article.meta.published or "", claim.id,
                        text[claim.start : claim.end], claim.kind.value, claim.attribution.value, claim.checkworthy,
                        claim.verdict.value, claim.status.value, claimant, summary, claim.note,
                        " ".join(claim.evidence),
                    ]  # fmt: skip
                    out.writerow([safe_cell(v) for v in row])
                    report.n_links += len(links)
                report.n_claims += len(sel.claims)
                report.leave_out("entity spans", len(sel.spans))
                report.leave_out(RELATIONS, len(sel.relations))
                report.leave_out(REJECTED, sum(c.status == Review.REJECTED for c in doc.claims))
                report.n_documents += 1
                tick(progress, report.n_documents, doc.article.meta.title)
        return report
