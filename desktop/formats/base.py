"""The reader/writer interface every format implements, and the report an export returns.

A :class:`Writer` streams documents to one file (or, for multi-file formats such
as brat, into one folder) and holds one document at a time. A :class:`Reader`
streams documents out of a file and raises :class:`InputError` on the first
record it cannot use, so that the caller can abort that file's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from desktop.domain.model import Document
from desktop.domain.ports import Progress

# A single JSONL line (one article) larger than this is refused: no real article is that long,
# and reading it would need that much memory at once.
MAX_LINE_BYTES = 50 * 1024 * 1024
# Whole-file formats (one .txt/.html article, a Label Studio JSON list) are read at once.
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(slots=True)
class ExportReport:
    """What an export wrote and what the format could not hold."""

    format: str
    n_documents: int = 0
    n_spans: int = 0
    n_claims: int = 0
    n_links: int = 0
    n_relations: int = 0  # entity relations (works_for, …)
    left_out: dict[str, int] = field(default_factory=dict)
    reason: str = ""  # why things were left out, e.g. "CoNLL holds entity spans only"

    def leave_out(self, what: str, n: int = 1) -> None:
        if n:
            self.left_out[what] = self.left_out.get(what, 0) + n

    def summary(self) -> str:
        """One line, e.g. ``conll: 3 articles; left out 12 claims, 7 links (CoNLL holds entity spans only)``."""
        wrote = (
            f"{self.format}: {_count(self.n_documents, 'article')}, {_count(self.n_spans, 'span')}, "
            f"{_count(self.n_claims, 'claim')}, {_count(self.n_links, 'link')}"
        )
        if self.n_relations:
            wrote += f", {_count(self.n_relations, 'entity relation')}"
        if not any(self.left_out.values()):
            return wrote
        parts = ", ".join(f"{n} {what}" for what, n in self.left_out.items() if n)
        why = f" ({self.reason})" if self.reason else ""
        return f"{wrote}; left out {parts}{why}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True, slots=True)
class Skipped:
    """One thing an import could not keep as it was, e.g. kind "second annotations skipped",
    where "tasks.json: task 17", detail "annotation 2 of 2 (by ana)"."""

    kind: str
    where: str
    detail: str = ""

    def line(self) -> str:
        return f"{self.where}: {self.kind}" + (f": {self.detail}" if self.detail else "")


@dataclass(slots=True)
class ReadNotes:
    """What a reader could not keep (or kept differently), item by item, with file and line/task."""

    items: list[Skipped] = field(default_factory=list)

    def note(self, kind: str, where: str, detail: str = "") -> None:
        self.items.append(Skipped(kind, where, detail))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.items:
            out[item.kind] = out.get(item.kind, 0) + 1
        return out


def describe_counts(counts: dict[str, int]) -> str:
    """``{"overlapping spans skipped": 2}`` -> ``"2 overlapping spans skipped"`` (joined with "; ")."""
    return "; ".join(f"{n} {kind}" for kind, n in counts.items() if n)


class Writer(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def extension(self) -> str:
        """ ".jsonl"; "" for formats that write a folder."""
        ...

    @property
    def description(self) -> str: ...

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport: ...


class Reader(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        """Documents of ``path``; what could not be kept goes to ``notes`` (one item each)."""
        ...


def tick(progress: Progress | None, done: int, message: str = "") -> None:
    """Report one more document written; total is unknown (0) while streaming."""
    if progress is not None:
        progress.step(done, 0, message)
