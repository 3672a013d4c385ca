"""spaCy's binary training format (``.spacy`` DocBin), written by ``desktop.nlp.docbin``.

Entity spans become ``doc.ents``; claims go to ``doc.spans["claims"]`` labelled
with their kind. A span whose ends are not on token boundaries is widened to the
tokens around it (counted as left out: "spans off token boundaries"). Links have no place in a
DocBin and are left out. With ``accepted_only`` an article that still holds suggested
spans or claims is left out whole (its unreviewed entities would be taught as
non-entities) and counted. Note: a DocBin is built in memory and written at the end,
so unlike the other writers this one holds all documents' token data at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from desktop.domain.model import Document
from desktop.domain.ports import Progress

from .base import ExportReport, tick
from .loss import CLAIMS, LINKS, count_unheld
from .select import UNREVIEWED, select, unreviewed

HOLDS = frozenset({CLAIMS})

Record = tuple[str, list[tuple[int, int, str]], list[tuple[int, int, str]]]


class SpacyWriter:
    name = "spacy"
    extension = ".spacy"
    description = "spaCy DocBin (.spacy) for training: entities and claims"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        from desktop.nlp.docbin import write_docbin  # spaCy: loaded only when this format is used

        report = ExportReport(self.name, reason="a DocBin holds labelled spans only, on tokens")

        def records() -> Iterator[Record]:
            for doc in docs:
                if accepted_only and unreviewed(doc):
                    report.leave_out(UNREVIEWED)
                    continue
                sel = select(doc, accepted_only=accepted_only)
                count_unheld(report, doc, sel, HOLDS, accepted_only=accepted_only)
                report.n_documents += 1
                report.n_spans += len(sel.spans)
                report.n_claims += len(sel.claims)
                report.leave_out(LINKS, len(sel.links))
                tick(progress, report.n_documents, doc.article.meta.title)
                yield (
                    doc.article.text,
                    [(s.start, s.end, s.label) for s in sel.spans],
                    [(c.start, c.end, c.kind.value) for c in sel.claims],
                )

        _, misaligned = write_docbin(records(), Path(dest))
        report.leave_out("spans off token boundaries (widened or dropped)", misaligned)
        return report
