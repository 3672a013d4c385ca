"""The command line: ``newsdesk [--db PATH_OR_URL] [COMMAND ...]`` (see the contract, section 2).

It talks to the services only. The composition root (:mod:`desktop.app`) hands it a
factory for the services and a launcher for the window.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from desktop import __version__
from desktop.domain.errors import NewsdeskError
from desktop.domain.model import ArticleStatus
from desktop.domain.ports import Cancelled, Progress
from desktop.domain.search import FILTERS, SearchHit
from desktop.domain.sidecar import SIDECAR_KEYS
from desktop.services import Services

EXPORT_FORMATS = ("jsonl", "prodigy", "doccano", "spacy", "conll", "brat", "w3c", "labelstudio", "csv")

OK, SOME_FAILED, USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"newsdesk: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


# Commands that only read: a --db that names no existing database is refused, never created.
READ_ONLY = frozenset({"stats", "list", "export", "search"})

DB_HELP = "database file or SQLAlchemy URL (default: $NEWSDESK_DB, else the user data folder); also after the command"


def _command(sub: argparse._SubParsersAction, name: str, summary: str, example: str,  # type: ignore[type-arg]
             common: argparse.ArgumentParser, description: str = "") -> argparse.ArgumentParser:
    return sub.add_parser(name, help=summary, parents=[common], description=description or summary[:1].upper()
                          + summary[1:] + ".", epilog=f"example:\n  {example}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the command: each command's parser knows it too (SUPPRESS keeps
    # the top-level value when the command's own copy is not given).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=DB_HELP)
    p = _Parser(prog="newsdesk", description="Annotate news articles: entities, claims and links.",
                epilog="examples:\n  newsdesk                          open the window\n"
                       "  newsdesk import --db corpus.sqlite3 articles/\n"
                       "  newsdesk list --db corpus.sqlite3\n"
                       "Each command's options: newsdesk COMMAND --help",
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", metavar="PATH_OR_URL", help=DB_HELP)
    p.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _command(sub, "gui", "open the window (the default)", "newsdesk gui --db corpus.sqlite3", common,
             "Open the window. On an empty database the first start imports the demo corpus (seeds/).")
    imp = _command(sub, "import", "import .txt .md .jsonl .json .html files and folders",
                   "newsdesk import --db corpus.sqlite3 articles/ more.jsonl", common,
                   "Import articles. Folders are read recursively. Formats are recognised by content: Newsdesk\n"
                   "JSONL, {\"text\", \"meta\"} lines, Prodigy, doccano, Label Studio, brat, .txt, .md (as plain\n"
                   "text, the first heading as the title) and saved HTML pages. A .txt/.md file may have a\n"
                   "<name>.meta.json sidecar with the keys: " + ", ".join(SIDECAR_KEYS) + ".\n"
                   "The same text imported twice is kept once; a file that fails leaves no trace.")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    ann = _command(sub, "annotate", "pre-annotate entities and claim suggestions",
                   "newsdesk annotate --db corpus.sqlite3 --processes 2", common,
                   "Pre-annotate articles not annotated yet (or the ARTICLE_IDs given) with spaCy: entity\n"
                   "suggestions, quotes with their speaker, statistics. The analyst's own work is kept.")
    ann.add_argument("--model", help="spaCy model package or path (default: en_core_web_sm)")
    ann.add_argument("--processes", type=int, default=1, metavar="N", help="worker processes for nlp.pipe")
    ann.add_argument("--force", action="store_true", help="annotate again articles that were annotated before")
    ann.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID", help="only these articles (see: newsdesk list)")
    exp = _command(sub, "export", "export articles and annotations",
                   "newsdesk export --db corpus.sqlite3 --format prodigy -o tasks.jsonl", common,
                   "Export articles and their annotations. The summary line counts what the format cannot hold.")
    exp.add_argument("-o", "--output", required=True, metavar="PATH", help="the file (a folder for brat) to write")
    exp.add_argument("--format", default="jsonl", choices=EXPORT_FORMATS, metavar="FMT",
                     help=f"one of: {' '.join(EXPORT_FORMATS)} (default jsonl)")
    exp.add_argument("--accepted-only", action="store_true", help="only annotations an analyst accepted or made")
    exp.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID", help="only these articles (default: all)")
    st = _command(sub, "stats", "counts of articles, spans, claims, links by status",
                  "newsdesk stats --db corpus.sqlite3 --json", common)
    st.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    ls = _command(sub, "list", "list articles: id, status, counts, title",
                  "newsdesk list --db corpus.sqlite3 --status todo", common,
                  "List the articles: id, status, entities, suggestions still to review, claims, date and title.")
    ls.add_argument("--json", action="store_true", help="one JSON object per line instead of a table")
    ls.add_argument("--status", choices=[s.value for s in ArticleStatus], help="only articles with this status")
    se = _command(sub, "search", "search titles, texts and claims (words match as prefixes)",
                  'newsdesk search --db corpus.sqlite3 hostages "prime minister" --json', common,
                  "Words match every word they begin; \"a phrase\" matches exactly; "
                  "field:value filters (" + ", ".join(FILTERS) + ").")
    se.add_argument("query", nargs="+", metavar="QUERY", help="words, \"phrases\" and field:value filters")
    se.add_argument("--json", action="store_true", help="one JSON object per line")
    se.add_argument("--limit", type=int, default=50, metavar="N", help="at most N results (default 50)")
    for name, what in FILTERS.items():
        flag = {"claim": "claim-status", "kind": "claim-kind"}.get(name, name)
        se.add_argument(f"--{flag}", dest=f"f_{name}", metavar="VALUE", help=what)
    _command(sub, "selftest", "headless self-check; exit 0 when the install works", "newsdesk selftest", common)
    return p  # fmt: skip


class TerminalProgress:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self._tty:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done != total:
            return
        self._last = now
        width = 30
        filled = int(width * done / total) if total else 0
        self._stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total or '?'} {message[:40]:<40}")
        self._stream.flush()

    def finish(self) -> None:
        if self._tty:
            self._stream.write("\r" + " " * 90 + "\r")
            self._stream.flush()


def run(argv: Sequence[str] | None, make_services: Callable[..., Services],
        launch_gui: Callable[[Services | None, str | None], int], selftest: Callable[[], int],
        check_display: Callable[[], str | None] | None = None) -> int:  # fmt: skip
    """Parse ``argv`` and run one command. Returns the exit status of the contract."""
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command == "selftest":
        return selftest()
    if command == "gui" and check_display is not None and (problem := check_display()):
        print(f"newsdesk: {problem}", file=sys.stderr)  # before any database is opened or created
        return SOME_FAILED
    try:
        kwargs: dict[str, object] = {}
        if command == "annotate":
            kwargs = {"model": args.model, "processes": args.processes}
        if command in READ_ONLY:
            kwargs["must_exist"] = True
        services = make_services(args.db, **kwargs)
    except NewsdeskError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        if command == "gui":  # started from a desktop icon there is no terminal: say it in a window too
            launch_gui(None, str(exc))
        return SOME_FAILED
    try:
        if command == "gui":
            return launch_gui(services, None)
        handler = {"import": _import, "annotate": _annotate, "export": _export, "stats": _stats,
                   "list": _list, "search": _search}[command]
        return handler(services, args)
    except KeyboardInterrupt:
        print("newsdesk: interrupted; what was committed stays in the database", file=sys.stderr)
        return SOME_FAILED
    finally:
        services.close()


def _progress() -> tuple[Progress, TerminalProgress]:
    bar = TerminalProgress()
    return Progress(callback=bar), bar


def _import(services: Services, args: argparse.Namespace) -> int:
    progress, bar = _progress()
    report = services.corpus.import_paths(args.paths, annotator=services.annotator_name,
                                          progress=progress)  # fmt: skip
    bar.finish()
    for failed in report.failed:
        print(failed.error, file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    return SOME_FAILED if report.failed else OK


def _annotate(services: Services, args: argparse.Namespace) -> int:
    annotator = services.annotator
    try:
        ids = annotator.pending(args.article_ids or None, force=args.force)
    except KeyError as exc:
        print(f"newsdesk: {exc.args[0]}", file=sys.stderr)
        return SOME_FAILED
    info = services.model_info()
    if info.name is None:
        print(f"newsdesk: {info.message}", file=sys.stderr)
    if not ids:
        print("nothing to annotate (use --force to annotate again)")
        return OK
    progress, bar = _progress()
    try:
        report = annotator.run(ids, progress=progress)
    except Cancelled:
        return SOME_FAILED
    finally:
        bar.finish()
    print(report.summary())
    return OK


def _export(services: Services, args: argparse.Namespace) -> int:
    progress, bar = _progress()
    try:
        report = services.corpus.export(args.output, args.format, article_ids=args.article_ids or None,
                                        accepted_only=args.accepted_only, progress=progress)  # fmt: skip
    except (NewsdeskError, OSError) as exc:
        bar.finish()
        print(f"{args.output}: {exc}" if isinstance(exc, OSError) else f"newsdesk: {exc}", file=sys.stderr)
        return SOME_FAILED
    bar.finish()
    print(report.summary())
    return OK


def _stats(services: Services, args: argparse.Namespace) -> int:
    stats = services.corpus.stats()
    if args.json:
        print(json.dumps(stats, indent=2, sort_keys=True))
        return OK
    for group in ("articles", "spans", "claims", "links"):
        counts = stats.get(group, {})
        total = sum(counts.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{group:<9} {total:>7}" + (f"  ({detail})" if detail else ""))
    return OK


def _list(services: Services, args: argparse.Namespace) -> int:
    rows = [a for a in services.corpus.articles() if args.status is None or a.status.value == args.status]
    if args.json:
        for a in rows:
            print(json.dumps({"id": a.id, "title": a.title, "status": a.status.value, "source": a.source,
                              "published": a.published, "entities": a.n_entities,
                              "suggestions": a.n_suggestions, "claims": a.n_claims}, ensure_ascii=False))
        return OK
    width = max((len(a.id) for a in rows), default=2)
    print(f"{'id':<{width}}  {'status':<11} {'ents':>5} {'sugg':>5} {'claims':>6}  {'date':<10}  title")
    for a in rows:
        print(f"{a.id:<{width}}  {a.status.value:<11} {a.n_entities:>5} {a.n_suggestions:>5} {a.n_claims:>6}  "
              f"{(a.published or '')[:10]:<10}  {a.title}")
    return OK


def _search(services: Services, args: argparse.Namespace) -> int:
    filters = {name: getattr(args, f"f_{name}") for name in FILTERS}
    try:
        query = services.search.parse(" ".join(args.query), limit=max(1, args.limit), filters=filters)
    except NewsdeskError as exc:
        print(f"newsdesk: search: {exc}", file=sys.stderr)
        return SOME_FAILED
    hits = services.search.run(query)
    for hit in hits:
        print(json.dumps(_hit_json(hit), ensure_ascii=False) if args.json else _hit_line(hit))
    if not args.json:
        print(f"{len(hits)} match{'es' if len(hits) != 1 else ''}", file=sys.stderr)
    return OK


def _hit_json(hit: SearchHit) -> dict[str, object]:
    return {
        "article_id": hit.article_id,
        "object_id": hit.object_id,
        "kind": hit.kind,
        "title": hit.title,
        "published": hit.published,
        "source": hit.source,
        "snippet": hit.snippet,
        "marks": [list(m) for m in hit.marks],
        "claim_kind": hit.claim_kind,
        "verdict": hit.verdict,
        "claim_status": hit.claim_status,
    }


def _hit_line(hit: SearchHit) -> str:
    """``article  kind  snippet`` with the matched terms in [brackets] (plain text on every terminal)."""
    snippet, pos, parts = hit.snippet, 0, []
    for start, end in hit.marks:
        parts += [snippet[pos:start], "[", snippet[start:end], "]"]
        pos = end
    parts.append(snippet[pos:])
    where = hit.object_id or hit.article_id
    return f"{where}\t{hit.kind}\t{hit.title}\t{' '.join(''.join(parts).split())}"
