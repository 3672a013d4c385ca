"""CoNLL-2003 style NER columns, 4-column form: ``TOKEN _ _ TAG``.

Each article starts with ``-DOCSTART- -X- O O`` and a blank line (the exact line
``spacy convert`` splits documents on, so no marker word enters the text); then one token
per line with tags in IOB2 (``B-PERSON``, ``I-PERSON``, ``O``). The two middle
columns (POS and chunk tags in CoNLL-2003) are ``_``: Newsdesk has neither. A blank
line ends each sentence. Tokens and sentences come from ``desktop.nlp.text`` (spaCy's
tokenizer); whitespace tokens are skipped, and whitespace inside a token (rare) is
written as ``_`` so the columns stay intact.

CoNLL holds entity spans only: claims and links are left out (and counted), and so
are spans whose ends do not fall on token boundaries. With ``accepted_only`` an
article that still holds suggested spans is left out whole (every unreviewed entity
would be taught as O) and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from desktop.domain.model import Document
from desktop.domain.ports import Progress

from .base import ExportReport, tick
from .loss import count_unheld
from .select import UNREVIEWED, select, unreviewed
from .tokens import TokenIndex

# The document line spaCy's ``spacy convert`` (conll_ner_to_docs) splits on; CoNLL-2003 readers
# skip any line that starts with -DOCSTART-, so both take it.
DOCSTART = "-DOCSTART- -X- O O"
HOLDS: frozenset[str] = frozenset()


def _col(value: str) -> str:
    return re.sub(r"\s", "_", value)


def conll_lines(doc: Document, *, accepted_only: bool, report: ExportReport) -> list[str]:
    from desktop.nlp.text import sentences, tokenize  # spaCy: loaded only when this format is used

    text = doc.article.text
    sel = select(doc, accepted_only=accepted_only)
    tokens = tokenize(text)
    index = TokenIndex(tokens)
    tags = ["O"] * len(tokens)
    for span in sel.spans:
        bounds = index.span(span.start, span.end)
        if bounds is None:
            report.leave_out("spans off token boundaries")
            continue
        label = _col(span.label)
        tags[bounds[0]] = f"B-{label}"
        for i in range(bounds[0] + 1, bounds[1] + 1):
            tags[i] = f"I-{label}"
        report.n_spans += 1
    report.leave_out("claims", len(sel.claims))
    report.leave_out("links", len(sel.links))
    count_unheld(report, doc, sel, HOLDS, accepted_only=accepted_only)
    lines = [DOCSTART, ""]
    bounds_list = sentences(text)
    s = 0
    open_sentence = False
    for tok, tag in zip(tokens, tags, strict=True):
        while s < len(bounds_list) and tok.start >= bounds_list[s][1]:
            s += 1
            if open_sentence:
                lines.append("")
                open_sentence = False
        lines.append(f"{_col(text[tok.start : tok.end])} _ _ {tag}")
        open_sentence = True
    if open_sentence:
        lines.append("")
    return lines


class ConllWriter:
    name = "conll"
    extension = ".conll"
    description = "CoNLL-2003 style BIO columns (entity spans only)"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        report = ExportReport(self.name, reason="CoNLL holds entity spans on token boundaries only")
        with Path(dest).open("w", encoding="utf-8", newline="\n") as f:
            for doc in docs:
                if accepted_only and unreviewed(doc, claims=False):
                    report.leave_out(UNREVIEWED)
                    continue
                for line in conll_lines(doc, accepted_only=accepted_only, report=report):
                    f.write(line)
                    f.write("\n")
                report.n_documents += 1
                tick(progress, report.n_documents, doc.article.meta.title)
        return report
