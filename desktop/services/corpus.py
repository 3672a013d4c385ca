"""The corpus: importing files, exporting, statistics, labels and taught rules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop import formats
from desktop.domain.errors import InputError, NewsdeskError
from desktop.domain.ids import new_id
from desktop.domain.labels import default_labels
from desktop.domain.model import (
    ArticleSummary,
    Change,
    ChangeSet,
    Claim,
    Document,
    LabelDef,
    Link,
    Rule,
    Span,
    utc_now,
)
from desktop.domain.ports import Progress, Store
from desktop.domain.search import ArticleQuery

from .history import History


@dataclass(slots=True)
class FileResult:
    path: str
    added: int = 0
    duplicates: int = 0
    error: str | None = None  # one line: "<file>[:line]: <reason>"


@dataclass(slots=True)
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    def summary(self) -> str:
        parts = [f"imported {self.added} article{'s' if self.added != 1 else ''}"]
        if self.duplicates:
            parts.append(f"{self.duplicates} already in the database")
        if self.failed:
            parts.append(f"{len(self.failed)} file{'s' if len(self.failed) != 1 else ''} failed")
        return ", ".join(parts)


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path | InputError]:
    """Files to import, folders walked recursively in name order; missing paths as errors."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from formats.input_files(path)
        elif path.is_file():
            yield path
        elif path.exists():
            yield InputError(str(path), "not a regular file")
        else:
            yield InputError(str(path), "no such file or folder")


class Corpus:
    def __init__(self, store: Store, history: History) -> None:
        self._store = store
        self._history = history

    # -- reading ------------------------------------------------------------------
    def articles(self) -> list[ArticleSummary]:
        return self._store.list_articles()

    def article_page(self, query: ArticleQuery, offset: int, limit: int) -> list[ArticleSummary]:
        """Rows ``offset`` .. ``offset + limit`` of the article list ``query`` describes."""
        return self._store.article_page(query, offset, limit)

    def article_count(self, query: ArticleQuery) -> int:
        return self._store.count_articles(query)

    def article_row(self, query: ArticleQuery, article_id: str) -> int:
        """Where an article is in that list (-1: not in it)."""
        return self._store.article_position(query, article_id)

    def progress(self) -> tuple[int, int]:
        """(articles done, articles) over the whole corpus."""
        counts = self._store.article_status_counts()
        return counts.get("done", 0), sum(counts.values())

    def document(self, article_id: str) -> Document:
        return self._store.get_document(article_id)

    def stats(self) -> dict[str, dict[str, int]]:
        return self._store.stats()

    def is_empty(self) -> bool:
        return not self._store.article_ids()

    @property
    def location(self) -> str:
        return self._store.url

    # -- import ---------------------------------------------------------------------
    def import_paths(self, paths: Sequence[str | Path], *, annotator: str | None = None,
                     progress: Progress | None = None) -> ImportReport:  # fmt: skip
        """Import files and folders. One file is one transaction: a bad file leaves no trace."""
        report = ImportReport()
        annotator = annotator if annotator is not None else self._history.annotator()
        items = list(expand_paths(paths))
        progress = progress or Progress()
        for done, item in enumerate(items, start=1):
            if isinstance(item, InputError):
                report.files.append(FileResult(item.path, error=str(item)))
            else:
                report.files.append(self._import_file(item, annotator, report))
            progress.step(done, len(items), f"Imported {done} of {len(items)} files")
        return report

    def _import_file(self, path: Path, annotator: str | None, report: ImportReport) -> FileResult:
        result = FileResult(str(path))
        try:
            reader = formats.detect(path)
            counts = self._store.add_documents(_checked(reader.read(path), path), annotator=annotator)
        except InputError as exc:
            result.error = str(exc)
        except (NewsdeskError, ValueError, KeyError) as exc:
            result.error = str(InputError(str(path), _reason(exc)))
        else:
            result.added, result.duplicates = counts.added, counts.duplicates
            report.added_ids.extend(counts.added_ids)
        return result

    # -- export ---------------------------------------------------------------------
    def export(self, dest: str | Path, fmt: str = "jsonl", *, article_ids: Sequence[str] | None = None,
               accepted_only: bool = False, progress: Progress | None = None) -> formats.ExportReport:  # fmt: skip
        writer = formats.WRITERS.get(fmt)
        if writer is None:
            raise NewsdeskError(f"unknown export format '{fmt}' (known: {', '.join(formats.WRITERS)})")
        ids = list(article_ids) if article_ids else self._store.article_ids()
        missing = set(ids) - set(self._store.article_ids())
        if missing:
            raise NewsdeskError(f"no such article: {', '.join(sorted(missing))}")
        progress = progress or Progress()
        total = len(ids)

        def stream() -> Iterator[Document]:
            for done, doc in enumerate(self._store.iter_documents(ids), start=1):
                yield doc
                progress.step(done, total, f"Exported {done} of {total}")

        progress.step(0, total, f"Exporting {total} articles as {fmt}")
        return writer.write(stream(), Path(dest), accepted_only=accepted_only)

    # -- labels and rules ---------------------------------------------------------
    def labels(self) -> list[LabelDef]:
        return self._store.labels() or default_labels()

    def save_labels(self, labels: Sequence[LabelDef]) -> None:
        names = [lab.name.strip() for lab in labels]
        if any(not n for n in names) or len(set(names)) != len(names):
            raise NewsdeskError("Every label needs a name, and names must differ.")
        keys = [lab.key for lab in labels if lab.key]
        if len(set(keys)) != len(keys):
            raise NewsdeskError("Two labels cannot share a key.")
        self._store.save_labels(labels)

    def rules(self) -> list[Rule]:
        return self._store.rules()

    def add_rule(self, pattern: str, label: str, *, annotator: str | None = None) -> Rule:
        """'Always label PATTERN as LABEL': used by every pre-annotation from now on (undoable)."""
        pattern = " ".join(pattern.split())
        if not pattern:
            raise NewsdeskError("A rule needs some text to match.")
        for rule in self._store.rules():
            if rule.pattern == pattern and rule.label == label:
                return rule
        rule = Rule(id=new_id("rule"), pattern=pattern, label=label, created=utc_now(), annotator=annotator)
        self._history.do(ChangeSet(f"Always label '{pattern}' as {label}", (Change(None, rule),)))
        return rule

    def remove_rule(self, rule_id: str) -> None:
        rule = self._store.get(rule_id)
        if isinstance(rule, Rule):
            self._history.do(ChangeSet(f"Remove rule '{rule.pattern}' -> {rule.label}", (Change(rule, None),)))

    def links(self, article_id: str) -> list[Link]:
        return self._store.links_of_article(article_id)


def _checked(docs: Iterator[Document], path: Path) -> Iterator[Document]:
    """Validate every record before the store sees it; errors name the file and record."""
    for n, doc in enumerate(docs, start=1):
        text = doc.article.text
        if not text.strip():
            raise InputError(str(path), f"record {n}: the article text is empty")
        parts: list[Span | Claim] = [*doc.spans, *doc.claims]
        for obj in parts:
            if not 0 <= obj.start < obj.end <= len(text):
                raise InputError(str(path), f"record {n}: {obj.id}: offsets {obj.start}..{obj.end} are outside "
                                            f"the text of {len(text)} characters")  # fmt: skip
        yield doc


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return msg

