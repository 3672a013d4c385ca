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
from desktop.domain.ports import Cancelled, Progress
from desktop.domain.search import FILTERS, SearchHit
from desktop.services import Services
from desktop.services.catalog import export_format_names, import_extensions

EXPORT_FORMATS = export_format_names()  # the writers' own list

OK, SOME_FAILED, USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"newsdesk: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newsdesk", description="Annotate news articles: entities, claims and links.")
    p.add_argument("--db", metavar="PATH_OR_URL",
                   help="database file or SQLAlchemy URL (default: $NEWSDESK_DB, else the user data folder)")
    p.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("gui", help="open the window (the default)")
    imp = sub.add_parser("import", help=f"import {' '.join(import_extensions())} files and folders")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    ann = sub.add_parser("annotate", help="pre-annotate entities and claim suggestions")
    ann.add_argument("--model", help="spaCy model package or path (default: en_core_web_sm)")
    ann.add_argument("--processes", type=int, default=1, metavar="N", help="worker processes for nlp.pipe")
    ann.add_argument("--force", action="store_true", help="annotate again articles that were annotated before")
    ann.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID")
    exp = sub.add_parser("export", help="export articles and annotations")
    exp.add_argument("-o", "--output", required=True, metavar="PATH")
    exp.add_argument("--format", default="jsonl", choices=EXPORT_FORMATS, metavar="FMT",
                     help=f"one of: {' '.join(EXPORT_FORMATS)} (default jsonl)")
    exp.add_argument("--accepted-only", action="store_true", help="only annotations an analyst accepted or made")
    exp.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID")
    st = sub.add_parser("stats", help="counts of articles, spans, claims, links by status")
    st.add_argument("--json", action="store_true")
    se = sub.add_parser("search", help="search titles, texts and claims (words match as prefixes)",
                        description="Words match every word they begin; \"a phrase\" matches exactly; "
                                    "field:value filters (" + ", ".join(FILTERS) + ").")
    se.add_argument("query", nargs="+", metavar="QUERY")
    se.add_argument("--json", action="store_true", help="one JSON object per line")
    se.add_argument("--limit", type=int, default=50, metavar="N", help="at most N results (default 50)")
    for name, what in FILTERS.items():
        flag = {"claim": "claim-status", "kind": "claim-kind"}.get(name, name)
        se.add_argument(f"--{flag}", dest=f"f_{name}", metavar="VALUE", help=what)
    tr = sub.add_parser("train", help="train the entity recogniser from the reviewed (done) articles")
    tr.add_argument("--base", metavar="MODEL", help="spaCy model to start from (default: the installed en_core_web_sm)")
    tr.add_argument("--labels", nargs="+", metavar="LABEL",
                    help="labels to learn (default: new labels and those the analysts added or rejected)")
    tr.add_argument("--eval-split", type=float, default=0.2, metavar="FRACTION",
                    help="part of the reviewed articles held out to score the models (default 0.2)")
    tr.add_argument("--epochs", type=int, default=10, metavar="N", help="at most N epochs (default 10)")
    tr.add_argument("--use", action="store_true", help="pre-annotate with the new model from now on")
    tr.add_argument("--json", action="store_true")
    mo = sub.add_parser("models", help="list the trained models; choose the one that pre-annotates")
    mo.add_argument("--use", metavar="VERSION", help="a version (e.g. nd-0002), or 'base' for the installed model")
    mo.add_argument("--share", metavar="VERSION",
                    help="store VERSION in the database: every analyst's pre-annotation uses it (team server)")
    mo.add_argument("--stop-sharing", action="store_true", help="no team model: each analyst's own choice again")
    mo.add_argument("--reannotate", action="store_true", help="then pre-annotate the unreviewed articles again")
    mo.add_argument("--json", action="store_true")
    sub.add_parser("selftest", help="headless self-check; exit 0 when the install works")
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
        launch_gui: Callable[[Services | None, str | None], int], selftest: Callable[[], int]) -> int:  # fmt: skip
    """Parse ``argv`` and run one command. Returns the exit status of the contract."""
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command == "selftest":
        return selftest()
    try:
        kwargs: dict[str, object] = {}
        if command == "annotate":
            kwargs = {"model": args.model, "processes": args.processes}
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
                   "search": _search, "train": _train, "models": _models}[command]  # fmt: skip
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
