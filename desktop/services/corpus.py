"""The corpus: importing files, exporting, statistics, labels and taught rules."""

from __future__ import annotations

import os
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from desktop import formats, version
from desktop.domain import validation
from desktop.domain.errors import ActionRefused, InputError, InputWarning, NewsdeskError
from desktop.domain.ids import new_id
from desktop.domain.labels import default_labels, default_relation_labels
from desktop.domain.model import (
    SHARED,
    Article,
    ArticleSummary,
    Change,
    ChangeSet,
    Claim,
    Document,
    LabelDef,
    Link,
    Rule,
    Span,
    VersionState,
    utc_now,
)
from desktop.domain.ports import Progress, Store
from desktop.domain.revisions import RevisionResult, RevisionStore
from desktop.domain.search import ArticleQuery
from desktop.domain.team import analyst_view
from desktop.formats.base import MAX_FILE_BYTES
from desktop.formats.build import meta_from, new_article
from desktop.formats.plaintext import guess_title

from .history import History

RELATION_LABELS_KEY = "relation_labels"


@dataclass(slots=True)
class FileResult:
    path: str
    added: int = 0
    duplicates: int = 0
    error: str | None = None  # one line: "<file>[:line]: <reason>"
    revised: list[RevisionResult] = field(default_factory=list)  # new versions of stored articles
    # What the file's reader could not keep as it was, each with its file and line/task.
    skipped: list[formats.Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # read, but perhaps not as meant: "<file>: <what>"


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

    @property
    def revised(self) -> list[RevisionResult]:
        return [r for f in self.files for r in f.revised]

    @property
    def skipped(self) -> list[formats.Skipped]:
        """Everything the readers could not keep as it was, in file order (files that failed hold none)."""
        return [item for f in self.files if not f.error for item in f.skipped]

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    def summary(self) -> str:
        """One line: ``imported 3 articles, 1 file failed; 2 overlapping spans skipped; …``."""
        parts = [f"imported {self.added} article{'s' if self.added != 1 else ''}"]
        if self.revised:
            n = len(self.revised)
            parts.append(f"{n} new revision{'s' if n != 1 else ''} of stored articles")
        if self.duplicates:
            parts.append(f"{self.duplicates} already in the database")
        if self.failed:
            parts.append(f"{len(self.failed)} file{'s' if len(self.failed) != 1 else ''} failed")
        if n := len(self.warnings):
            parts.append(f"{n} warning{'s' if n != 1 else ''}")
        counts: dict[str, int] = {}
        for item in self.skipped:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        notes = formats.describe_counts(counts)
        return ", ".join(parts) + (f"; {notes}" if notes else "")


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
    def __init__(self, store: Store, history: History, revisions: RevisionStore | None = None,
                 version_for: Callable[[str], str] | None = None) -> None:  # fmt: skip
        self._store = store
        self._history = history
        self._revisions = revisions  # when set, a new version of a stored article becomes its next revision
        # the version the current user edits on an article (services.team.TeamDesk.version_for)
        self._version_for = version_for or (lambda _aid: SHARED)

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

    def document(self, article_id: str, version: str = SHARED) -> Document:
        """The article with its SHARED annotations; with an analyst's name, the article as that
        analyst sees it: the shared suggestions their version does not shadow, plus their version
        (see desktop.domain.team). A colleague's version is shown only once it is submitted."""
        if version == SHARED:
            return self._store.get_document(article_id)
        me = self._history.annotator()
        if version != me:
            states = {a.analyst: a.state for a in self._store.assignments(article_id=article_id)}
            if states.get(version) != VersionState.SUBMITTED:
                raise ActionRefused(f"{version} has not submitted their version of this article for review yet.")
        shared = self._store.get_document(article_id)
        return analyst_view(shared, self._store.get_document(article_id, version))

    def version_for(self, article_id: str) -> str:
        """The version the current user edits on this article (theirs when it is assigned to them)."""
        return self._version_for(article_id)

    def view(self, article_id: str) -> tuple[Document, str]:
        """The article as the current user edits it, and whose version that is (SHARED: the article's own)."""
        version = self._version_for(article_id)
        return (self.document(article_id) if version == SHARED else self.document(article_id, version)), version

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
        notes = formats.ReadNotes()
        try:
            reader = formats.detect(path)
            seen: set[str] = set()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", InputWarning)
                docs = _relation_labels_seen(_checked(reader.read(path, notes), path), seen)
                if self._revisions is not None:
                    done = self._revisions.import_documents(docs, annotator=annotator)
                    counts, result.revised = done.counts, done.revised
                else:
                    counts = self._store.add_documents(docs, annotator=annotator)
            result.warnings = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
        except InputError as exc:
            result.error = str(exc)
        except (NewsdeskError, ValueError, KeyError) as exc:
            result.error = str(InputError(str(path), _reason(exc)))
        except RecursionError:
            result.error = str(InputError(str(path), "nested too deeply to read"))
        except OSError as exc:
            result.error = str(InputError(str(path), f"cannot read: {exc.strerror or exc}"))
        else:
            result.added, result.duplicates = counts.added, counts.duplicates
            result.skipped = list(notes.items)
            report.added_ids.extend(counts.added_ids)
            self._add_relation_labels(seen)
        return result

    def _add_relation_labels(self, labels: set[str]) -> None:
        """Relation types an import brought (``works_for`` from brat, …) join the editable set."""
        known = self.relation_labels()
        new = sorted(labels - set(known))
        if new:
            self._store.set_setting(RELATION_LABELS_KEY, known + new)

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

        revised = self._revisions.with_history() if self._revisions is not None else set()
        earlier = 0  # articles whose earlier revisions a format other than the native one cannot hold

        def stream() -> Iterator[Document]:
            nonlocal earlier
            for done, doc in enumerate(self._store.iter_documents(ids), start=1):
                if doc.id in revised and self._revisions is not None:
                    if fmt == "jsonl":
                        doc.history = self._revisions.history(doc.id)
                    else:
                        earlier += 1
                yield doc
                progress.step(done, total, f"Exported {done} of {total}")

        progress.step(0, total, f"Exporting {total} articles as {fmt}")
        dest = Path(dest)
        started = time.time() - 1  # file systems with a coarse mtime
        _prepare_private(dest, folder=not writer.extension)
        report = writer.write(stream(), dest, accepted_only=accepted_only)
        report.leave_out("articles' earlier revisions (each article is exported at its latest revision)", earlier)
        _make_private(dest, since=started)
        return report

    # -- articles managed in the window ---------------------------------------------
    def add_text(self, text: str, *, title: str = "", source: str | None = None, published: str | None = None,
                 url: str | None = None, annotator: str | None = None) -> tuple[str, bool]:  # fmt: skip
        """Add one article from pasted text. Returns (article id, added); added False: the same text was there."""
        if not text.strip():
            raise InputError("pasted text", "there is no text to add")
        raw = {"title": title.strip(), "source": (source or "").strip() or None,
               "published": _published(published), "url": (url or "").strip() or None}  # fmt: skip
        doc = Document(new_article(text, meta_from(raw, text, fallback_title=guess_title(text))))
        return self._add_one(doc, annotator)

    def add_url(self, url: str, *, annotator: str | None = None, timeout: float = 20.0,
                fetch: Callable[[str, float], bytes] | None = None) -> tuple[str, bool]:  # fmt: skip
        """Fetch a web page and add its article text (cleaned by the HTML importer). Offline: NewsdeskError."""
        url = url.strip()
        if urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
            raise InputError(url or "URL", "not a web address (http:// or https://)")
        data = (fetch or _fetch)(url, timeout)
        with tempfile.TemporaryDirectory(prefix="newsdesk-url-") as tmp:
            page = Path(tmp) / "page.html"
            page.write_bytes(data)
            try:
                doc = next(iter(formats.READERS["html"].read(page)))
            except InputError as exc:
                raise InputError(url, exc.reason) from None
        meta = doc.article.meta
        if not meta.url:
            meta.url = url
        if meta.title == page.stem:  # the page had no title: the importer fell back to the file name
            meta.title = guess_title(doc.article.text)
        return self._add_one(doc, annotator)

    def _add_one(self, doc: Document, annotator: str | None) -> tuple[str, bool]:
        who = annotator if annotator is not None else self._history.annotator()
        counts = self._store.add_documents([doc], annotator=who)
        if counts.added:
            return counts.added_ids[0], True
        existing = self._store.article_id_for_sha256(doc.article.meta.sha256)
        return existing or doc.id, False

    def update_metadata(self, article_id: str, *, title: str, source: str | None, published: str | None,
                        url: str | None = None) -> Article:  # fmt: skip
        """Edit an article's title, source, date and URL: one undo step."""
        article = self._store.get_article(article_id)
        meta = replace(article.meta, title=title.strip(), source=(source or "").strip() or None,
                       published=_published(published),
                       url=(url or "").strip() or None if url is not None else article.meta.url)  # fmt: skip
        if meta == article.meta:
            return article
        new = replace(article, meta=meta)
        self._history.do(ChangeSet(f"Edit the details of '{_short(meta.title or article.meta.title)}'",
                                   (Change(article, new),), article.id))  # fmt: skip
        return new

    def delete_article(self, article_id: str) -> int:
        """Delete an article with its spans, claims and links (links from other articles to it too): one
        undo step, so Ctrl+Z brings it all back. Returns how many links to other articles went with it."""
        article = self._store.get_article(article_id)
        doc = next(iter(self._store.iter_documents([article_id], versions=True)))
        spans = [*doc.spans, *(s for v in doc.versions for s in v.spans)]  # every analyst's version goes too
        claims = [*doc.claims, *(c for v in doc.versions for c in v.claims)]
        links = self._store.links_touching([s.id for s in spans] + [c.id for c in claims])
        relations = self._store.relations_touching([s.id for s in spans])
        changes: list[Change] = [Change(link, None) for link in links]
        changes += [Change(rel, None) for rel in relations]
        changes += [Change(claim, None) for claim in claims]
        changes += [Change(span, None) for span in spans]
        changes.append(Change(article, None))
        self._history.do(ChangeSet(f"Delete the article '{_short(article.meta.title or article.id)}'",
                                   tuple(changes), article.id))  # fmt: skip
        return sum(1 for link in links if link.article_id != article_id)

    # -- labels and rules ---------------------------------------------------------
    def labels(self) -> list[LabelDef]:
        return self._store.labels() or default_labels()

    def save_labels(self, labels: Sequence[LabelDef]) -> None:
        names = [lab.name.strip() for lab in labels]
        if any(not n for n in names) or len(set(names)) != len(names):
            raise NewsdeskError("Every label needs a name, and names must differ.")
        for name in names:
            if reason := validation.label_problem(name):
                raise NewsdeskError(f"{reason[0].upper()}{reason[1:]}.")
        keys = [lab.key for lab in labels if lab.key]
        if len(set(keys)) != len(keys):
            raise NewsdeskError("Two labels cannot share a key.")
        self._store.save_labels(labels)

    def relation_labels(self) -> list[str]:
        """The relation set for entity relations (works_for, met_with, …), in the analyst's order."""
        stored = self._store.get_setting(RELATION_LABELS_KEY)
        if isinstance(stored, list) and all(isinstance(x, str) for x in stored):
            return list(stored)
        return default_relation_labels()

    def save_relation_labels(self, labels: Sequence[str]) -> None:
        names = [" ".join(name.split()) for name in labels]
        if any(not n for n in names) or len(set(names)) != len(names):
            raise NewsdeskError("Every relation needs a name, and names must differ.")
        if any(len(n) > 64 for n in names):
            raise NewsdeskError("A relation name has at most 64 characters.")
        self._store.set_setting(RELATION_LABELS_KEY, names)

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


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _published(value: str | None) -> str | None:
    """A publication date as the analyst typed it: an ISO date (2025-07-10), or nothing."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        date.fromisoformat(value[:10])  # a date, or a date and time (2025-07-10T08:00:00Z)
        return value
    except ValueError:
        raise InputError("date", f"'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2025-07-10") from None


def _fetch(url: str, timeout: float) -> bytes:
    """The page's bytes (at most the importer's file limit), or one line saying why not."""
    import urllib.error  # only when a page is fetched: urllib.request and http.client cost every command start-up
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": f"Newsdesk/{version()}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked above
            data: bytes = response.read(MAX_FILE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise NewsdeskError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NewsdeskError(f"{url}: could not fetch the page ({reason}); are you offline? "
                            "Save the page from the browser and import the .html file instead.") from None  # fmt: skip
    if len(data) > MAX_FILE_BYTES:
        raise NewsdeskError(f"{url}: the page is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


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


def _relation_labels_seen(docs: Iterator[Document], seen: set[str]) -> Iterator[Document]:
    for doc in docs:
        seen.update(r.label for r in doc.relations)
        yield doc
# Exports hold analysts' material: files 0600, folders 0700 (owner only), whatever the umask.
_PRIVATE_FILE, _PRIVATE_DIR = 0o600, 0o700


def _prepare_private(dest: Path, *, folder: bool) -> None:
    """Create ``dest`` private before the writer opens it (opening for writing keeps the mode)."""
    if folder:
        if not dest.exists():
            dest.mkdir(mode=_PRIVATE_DIR, parents=True)
    elif not dest.exists() and dest.parent.is_dir():
        os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _PRIVATE_FILE))


def _make_private(dest: Path, *, since: float) -> None:
    """What an export wrote (files modified since ``since``): readable by its owner only.
    Other files in a folder the user chose are left as they are."""
    if dest.is_dir():
        for root, _dirs, files in os.walk(dest):
            for name in files:
                path = os.path.join(root, name)
                if os.stat(path).st_mtime >= since:
                    os.chmod(path, _PRIVATE_FILE)
    elif dest.is_file():  # a regular file only: never a device such as /dev/stdout
        os.chmod(dest, _PRIVATE_FILE)


def _reason(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return msg

