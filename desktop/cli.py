"""The command line: ``newsdesk [--db PATH_OR_URL] [COMMAND ...]`` (see the contract, section 2).

It talks to the services only. The composition root (:mod:`desktop.app`) hands it a
factory for the services and a launcher for the window.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from desktop import version
from desktop.domain.errors import NewsdeskError
from desktop.domain.model import ArticleStatus
from desktop.domain.ports import Cancelled, Progress
from desktop.domain.search import FILTERS, SearchHit
from desktop.domain.sidecar import SIDECAR_KEYS
from desktop.services import Services
from desktop.services.catalog import export_format_names, import_extensions
from desktop.services.worker import default_worker_name

EXPORT_FORMATS = export_format_names()  # the writers' own list

OK, SOME_FAILED, USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"newsdesk: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


# Commands that only read: a --db that names no existing database is refused, never created.
READ_ONLY = frozenset({"stats", "list", "export", "search", "revisions"})

DB_HELP = "database file or SQLAlchemy URL (default: $NEWSDESK_DB, else the user data folder); also after the command"



class _Version(argparse.Action):
    """``--version``: the version is read from the package metadata only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:  # fmt: skip
        print(f"newsdesk {version()}")
        parser.exit()

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
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _command(sub, "gui", "open the window (the default)", "newsdesk gui --db corpus.sqlite3", common,
             "Open the window. On an empty database the first start imports the demo corpus (seeds/).")
    imp = _command(sub, "import", f"import {' '.join(import_extensions())} files and folders",
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
    ann.add_argument("--worker", action="store_true",
                     help="share the work with other `annotate --worker` processes on the same database (team\n"
                          "server): take a few articles at a time under a lease until none is left")
    ann.add_argument("--batch", type=int, default=8, metavar="N", help="with --worker: articles taken at a time (8)")
    ann.add_argument("--lease", type=float, default=120.0, metavar="SECONDS",
                     help="with --worker: how long a taken article stays this worker's without a sign of life\n"
                          "(renewed while it works; default 120)")
    ann.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID", help="only these articles (see: newsdesk list)")
    exp = _command(sub, "export", "export articles and annotations",
                   "newsdesk export --db corpus.sqlite3 --format prodigy -o tasks.jsonl", common,
                   "Export articles and their annotations. The summary line counts what the format cannot hold.")
    exp.add_argument("-o", "--output", required=True, metavar="PATH", help="the file (a folder for brat) to write")
    exp.add_argument("--format", default="jsonl", choices=EXPORT_FORMATS, metavar="FMT",
                     help=f"one of: {' '.join(EXPORT_FORMATS)} (default jsonl)")
    exp.add_argument("--accepted-only", action="store_true", help="only annotations an analyst accepted or made")
    rev = _command(sub, "revisions", "an article's revisions; --diff A B shows what changed between two",
                   "newsdesk revisions --db corpus.sqlite3 a-1f2e3d4c5b6a7980 --diff 1 2", common)
    rev.add_argument("article_id", metavar="ARTICLE_ID")
    rev.add_argument("--diff", nargs=2, type=int, metavar=("A", "B"),
                     help="print revision B against revision A: [-removed-] {+added+}")
    exp.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID", help="only these articles (default: all)")
    st = _command(sub, "stats", "counts of articles, spans, claims, links, relations",
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
    tr = _command(sub, "train", "train the entity recogniser from the reviewed (done) articles",
                  "newsdesk train --db corpus.sqlite3 --eval-split 0.2 --json", common)
    tr.add_argument("--base", metavar="MODEL", help="spaCy model to start from (default: the installed en_core_web_sm)")
    tr.add_argument("--labels", nargs="+", metavar="LABEL",
                    help="labels to learn (default: new labels and those the analysts added or rejected)")
    tr.add_argument("--eval-split", type=float, default=0.2, metavar="FRACTION",
                    help="part of the reviewed articles held out to score the models (default 0.2)")
    tr.add_argument("--epochs", type=int, default=10, metavar="N", help="at most N epochs (default 10)")
    tr.add_argument("--use", action="store_true", help="pre-annotate with the new model from now on")
    tr.add_argument("--json", action="store_true")
    mo = _command(sub, "models", "list the trained models; choose the one that pre-annotates",
                  "newsdesk models --db corpus.sqlite3 --use nd-0002", common)
    mo.add_argument("--use", metavar="VERSION", help="a version (e.g. nd-0002), or 'base' for the installed model")
    mo.add_argument("--share", metavar="VERSION",
                    help="store VERSION in the database: every analyst's pre-annotation uses it (team server)")
    mo.add_argument("--stop-sharing", action="store_true", help="no team model: each analyst's own choice again")
    mo.add_argument("--reannotate", action="store_true", help="then pre-annotate the unreviewed articles again")
    mo.add_argument("--json", action="store_true")
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
                   "list": _list, "search": _search, "train": _train, "models": _models,
                   "revisions": _revisions}[command]  # fmt: skip
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
    for revised in report.revised:
        print(revised.line())
    for item in report.skipped:  # kept differently or not kept: one line each, with file and line/task
        print(f"newsdesk: note: {item.line()}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(report.summary())
    return SOME_FAILED if report.failed else OK


def _revisions(services: Services, args: argparse.Namespace) -> int:
    desk = services.revisions
    try:
        revisions = desk.revisions(args.article_id)
        if args.diff:
            diff = desk.diff(args.article_id, args.diff[0], args.diff[1])
    except KeyError:
        print(f"newsdesk: no such article: {args.article_id}", file=sys.stderr)
        return SOME_FAILED
    except NewsdeskError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return SOME_FAILED
    if args.diff:
        out = []
        for op, text in diff.pieces:
            out.append(text if op == "=" else (f"[-{text}-]" if op == "-" else f"{{+{text}+}}"))
        sys.stdout.write("".join(out))
        if not out or not out[-1].endswith("\n"):
            sys.stdout.write("\n")
        print(f"revision {diff.old} -> {diff.new}: {diff.summary}")
        return OK
    latest = revisions[-1].number
    for r in revisions:
        when = r.created or "first import"
        mark = " (current)" if r.number == latest else " (read-only)"
        what = f": {r.summary}" if r.summary else ""
        print(f"{r.number}{mark}  {when}  {r.title}{what}")
    look = desk.needs_a_look(args.article_id)
    if look:
        print(f"{len(look)} annotation{'s' if len(look) != 1 else ''} need a look:")
        for u in look:
            kind = "claim" if hasattr(u.annotation, "kind") else "span"
            print(f"  {u.id}  {kind}  {u.old_text!r}  (not placed in revision {u.revision})")
    return OK


def _annotate(services: Services, args: argparse.Namespace) -> int:
    if args.worker:
        return _annotate_worker(services, args)
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


class WorkerProgress(TerminalProgress):
    """The progress bar on a terminal; elsewhere (a log, a service) one line every few seconds."""

    def __init__(self, name: str, stream: TextIO = sys.stderr, every: float = 5.0) -> None:
        super().__init__(stream)
        self._name, self._every, self._line_at = name, every, 0.0

    def __call__(self, done: int, total: int, message: str) -> None:
        if self._tty:
            super().__call__(done, total, message)
            return
        now = time.monotonic()
        if now - self._line_at >= self._every:
            self._line_at = now
            print(f"newsdesk: worker {self._name}: {done}/{total} done; {message}", file=self._stream, flush=True)


def _annotate_worker(services: Services, args: argparse.Namespace) -> int:
    if args.force or args.article_ids:
        print("newsdesk annotate: --worker takes every article not annotated yet; it cannot be combined with "
              "--force or ARTICLE_IDs", file=sys.stderr)  # fmt: skip
        return USAGE
    if args.batch < 1 or args.lease < 3:
        print("newsdesk annotate: --batch must be at least 1 and --lease at least 3 seconds", file=sys.stderr)
        return USAGE
    info = services.model_info()
    if info.name is None:
        print(f"newsdesk: {info.message}", file=sys.stderr)
    name = default_worker_name()
    bar = WorkerProgress(name)
    print(f"newsdesk: worker {name} started (batch {args.batch}, lease {args.lease:g} s)", file=sys.stderr, flush=True)

    def stop(_signum: int, _frame: object) -> None:  # a service manager's stop: hand the leases back too
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        report = services.worker.work(worker=name, batch=args.batch, lease_seconds=args.lease,
                                      progress=Progress(callback=bar))  # fmt: skip
    except Cancelled:
        return SOME_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)
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
    for group in ("articles", "spans", "claims", "links", "relations"):
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


def _train(services: Services, args: argparse.Namespace) -> int:
    progress, bar = _progress()
    trainer = services.trainer
    try:
        report = trainer.train(base=args.base, labels=args.labels, eval_split=args.eval_split,
                               max_epochs=args.epochs, progress=progress)  # fmt: skip
    except Cancelled:
        return SOME_FAILED
    except NewsdeskError as exc:
        bar.finish()
        print(f"newsdesk: {exc}", file=sys.stderr)
        return SOME_FAILED
    finally:
        bar.finish()
    if args.use:
        trainer.choose(report.model.version)
    if args.json:
        print(json.dumps({"version": report.model.version, "name": report.model.name, "path": str(report.model.path),
                          "labels": report.model.labels, "data": report.summary.to_json(), "epochs": report.epochs,
                          "evaluation": report.evaluation.to_json(), "claims": report.claims,
                          "in_use": args.use}, indent=2))  # fmt: skip
        return OK
    s = report.summary
    print(f"trained {report.model.version} ({report.model.name}) on {s.train_articles} reviewed articles, "
          f"{s.heldout_articles} held out, {s.unreviewed_left_out} unreviewed left out; learned "
          f"{', '.join(report.model.labels)}")  # fmt: skip
    print(report.evaluation.table())
    print(report.claims_table())
    print(f"in use for pre-annotation: {report.model.version}" if args.use else
          f"not in use yet: newsdesk models --use {report.model.version}")  # fmt: skip
    return OK


def _models(services: Services, args: argparse.Namespace) -> int:
    trainer = services.trainer
    if args.use:
        try:
            trainer.choose(args.use)
        except NewsdeskError as exc:
            print(f"newsdesk: {exc}", file=sys.stderr)
            return SOME_FAILED
    try:
        if args.share:
            trainer.share(args.share, shared_by=services.annotator_name)
        if args.stop_sharing:
            trainer.stop_sharing()
    except NewsdeskError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return SOME_FAILED
    if args.use or args.share or args.stop_sharing:
        trainer.apply_preferred()
    versions = trainer.versions()
    active = trainer.active()
    team = trainer.team_model()
    if args.json:
        print(json.dumps({"active": active, "team": None if team is None else {
            "version": team.version, "name": team.name, "shared_by": team.shared_by, "created": team.created},
            "models": [
            {"version": v.version, "name": v.name, "path": str(v.path), "created": v.created, "base": v.base,
             "labels": v.labels, "data": v.data, "evaluation": v.evaluation} for v in versions]}, indent=2))
    else:
        if team is not None:
            print(f"team model (pre-annotates for everybody on this database): {team.version} {team.name}, "
                  f"shared by {team.shared_by or 'unknown'}")  # fmt: skip
        print(f"{'*' if active == 'base' else ' '} base      the installed model")
        for v in versions:
            ev = v.evaluation
            figures = (f"learned F {100 * ev['learned_f']['base']:.1f} -> {100 * ev['learned_f']['new']:.1f}, "
                       f"others {100 * ev['others_f']['base']:.1f} -> {100 * ev['others_f']['new']:.1f}"
                       if ev.get("learned_f") else "")  # fmt: skip
            print(f"{'*' if v.version == active else ' '} {v.version}  {v.name}  {v.created}  "
                  f"{', '.join(v.labels)}  {figures}")  # fmt: skip
    if args.reannotate:
        ids = services.annotator.pending(force=True, unreviewed_only=True)
        if not ids:
            print("no unreviewed articles to annotate again", file=sys.stderr)
            return OK
        progress, bar = _progress()
        try:
            report = services.annotator.run(ids, progress=progress)
        except Cancelled:
            return SOME_FAILED
        finally:
            bar.finish()
        print(report.summary(), file=sys.stderr if args.json else sys.stdout)
    return OK
