"""The command line as a user runs it: ``python -m desktop`` in a subprocess."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def newsdesk(*args: str | Path, db: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "desktop"]
    if db is not None:
        cmd += ["--db", str(db)]
    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_DB"}
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env=env)  # fmt: skip


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("articles", "spans", "claims")}


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory, seeds_dir_module: Path) -> Path:
    db = tmp_path_factory.mktemp("cli") / "corpus.sqlite3"
    r = newsdesk("import", seeds_dir_module, db=db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "imported 2 articles"
    r = newsdesk("annotate", db=db)
    assert r.returncode == 0, r.stderr
    assert "annotated 2 articles with en_core_web_sm 3.8.0" in r.stdout
    return db


@pytest.fixture(scope="module")
def seeds_dir_module() -> Path:
    return ROOT / "seeds"


def test_import_twice_does_not_duplicate(annotated: Path, seeds_dir_module: Path) -> None:
    r = newsdesk("import", seeds_dir_module, db=annotated)
    assert r.returncode == 0
    assert "imported 0 articles, 2 already in the database" in r.stdout
    assert counts(annotated)["articles"] == 2


def test_annotate_again_is_a_no_op_unless_forced(annotated: Path) -> None:
    before = counts(annotated)
    r = newsdesk("annotate", db=annotated)
    assert r.returncode == 0 and "nothing to annotate" in r.stdout
    assert counts(annotated) == before


def test_export_jsonl_has_entities_with_exact_code_point_offsets(annotated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    r = newsdesk("export", "-o", out, db=annotated)
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and all(rec["schema"] == "newsdesk/1" for rec in records)
    texts = {(s["text"], s["label"]) for rec in records for s in rec["spans"]}
    assert ("Benjamin Netanyahu", "PERSON") in texts
    for rec in records:
        for item in rec["spans"] + rec["claims"]:
            assert rec["text"][item["start"]:item["end"]] == item["text"]


def test_stats_json(annotated: Path) -> None:
    r = newsdesk("stats", "--json", db=annotated)
    stats = json.loads(r.stdout)
    assert stats["articles"]["todo"] == 2
    assert stats["spans"]["suggested"] == counts(annotated)["spans"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    r = newsdesk("export", db=tmp_path / "x.sqlite3")  # -o is required
    assert r.returncode == 2 and "-o" in r.stderr
    r = newsdesk("frobnicate", db=tmp_path / "x.sqlite3")
    assert r.returncode == 2


def test_bad_inputs_each_get_one_line_and_leave_no_trace(tmp_path: Path) -> None:
    db = tmp_path / "bad.sqlite3"
    files = {
        "empty.txt": b"",
        "latin1.txt": "Caf\xe9 au lait".encode("latin-1"),
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "broken.jsonl": b'{"text": "fine"}\n{"text": "also fine"}\n{oops\n',
        "notext.jsonl": b'{"title": "no text here"}\n',
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("Doha hosted the talks on Tuesday.", encoding="utf-8")
    r = newsdesk("import", *(tmp_path / n for n in files), good, tmp_path / "missing.md", db=db)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == len(files) + 1, r.stderr
    for name in [*files, "missing.md"]:
        assert sum(str(tmp_path / name) in line for line in lines) == 1, (name, r.stderr)
    assert any(f"{tmp_path / 'broken.jsonl'}:3:" in line for line in lines)
    assert "imported 1 article" in r.stdout
    assert counts(db)["articles"] == 1  # only good.txt; broken.jsonl's first lines left no trace


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    db.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    before = db.read_bytes()
    r = newsdesk("stats", db=db)
    assert r.returncode == 1
    assert str(db) in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    assert list(tmp_path.iterdir()) == [db]  # no backup, no journal


def test_a_locked_database_is_reported(tmp_path: Path, seeds_dir_module: Path) -> None:
    db = tmp_path / "locked.sqlite3"
    assert newsdesk("import", tmp_path / "none", db=db).returncode == 1  # creates it (the path is missing)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        r = newsdesk("import", seeds_dir_module, db=db, timeout=120)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert r.returncode == 1
    assert "locked" in r.stderr.lower() and str(db) in r.stderr
    assert counts(db)["articles"] == 0


def test_an_edit_survives_kill_9_right_after_it_returns(tmp_path: Path, seeds_dir_module: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    assert newsdesk("import", seeds_dir_module, db=db).returncode == 0
    script = textwrap.dedent(f"""
        import os, signal
        from desktop.app import make_services
        s = make_services({str(db)!r})
        aid = s.corpus.articles()[0].id
        span = s.spans.add(aid, 0, 3, "ORG")
        print(span.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == -signal.SIGKILL
    span_id = r.stdout.strip()
    with sqlite3.connect(db) as con:
        row = con.execute("select label from spans where id = ?", (span_id,)).fetchone()
    assert row == ("ORG",)


def test_newsdesk_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "newsdesk"
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("newsdesk ")


def test_export_import_export_through_the_database_gives_identical_lines(annotated: Path, tmp_path: Path) -> None:
    """The lossless round trip of the contract, end to end, with analyst work and a cross-article link."""
    work = tmp_path / "work.sqlite3"
    work.write_bytes(annotated.read_bytes())
    script = textwrap.dedent(f"""
        from desktop.app import make_services
        s = make_services({str(work)!r})
        a, b = [x.id for x in s.corpus.articles()]
        ca = next(c for c in s.read.claims(a) if c.kind == "statistic")
        cb = next(c for c in s.read.claims(b) if c.kind == "statistic")
        s.claims.update(cb.id, verdict="disputed", note="Fifty or 120?", evidence=["https://example.org/x"])
        s.links.link(cb.id, ca.id, "updates")
        first = s.read.spans(a)[0]
        s.spans.remove(first.id)
        s.spans.accept(s.read.spans(b)[0].id)
        e = s.entities.create_from_span(s.read.spans(b)[1].id, "Canonical name", kb_id="Q1")
        s.close()
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    first, second, fresh = tmp_path / "1.jsonl", tmp_path / "2.jsonl", tmp_path / "fresh.sqlite3"
    assert newsdesk("export", "-o", first, db=work).returncode == 0
    r = newsdesk("import", first, db=fresh)
    assert r.returncode == 0 and "imported 2 articles" in r.stdout, r.stderr
    assert newsdesk("export", "-o", second, db=fresh).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    links = [lk for rec in records for lk in rec["links"] if lk["label"] == "updates"]
    claim_articles = {c["id"]: rec["id"] for rec in records for c in rec["claims"]}
    assert len(links) == 1 and claim_articles[links[0]["head"]] != claim_articles[links[0]["child"]]
    assert any(rec["entities"] and rec["entities"][0]["kb_id"] == "Q1" for rec in records)
    assert any(s["status"] == "rejected" for rec in records for s in rec["spans"])


def test_progress_bar_on_a_terminal_and_silence_otherwise() -> None:
    import io

    from desktop.cli import TerminalProgress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Tty(), io.StringIO()
    for stream in (tty, pipe):
        bar = TerminalProgress(stream)
        bar(0, 4, "Annotating")
        bar(4, 4, "Annotated 4 of 4")
        bar.finish()
    assert "[" + "#" * 30 + "] 4/4 Annotated 4 of 4" in tty.getvalue()
    assert pipe.getvalue() == ""


def test_a_piped_import_prints_no_progress(tmp_path: Path, seeds_dir_module: Path) -> None:
    r = newsdesk("import", seeds_dir_module, db=tmp_path / "quiet.sqlite3")
    assert r.returncode == 0 and r.stderr == "" and r.stdout == "imported 2 articles\n"


def test_export_accepted_only_and_selected_articles(annotated: Path, tmp_path: Path) -> None:
    work = tmp_path / "work.sqlite3"
    work.write_bytes(annotated.read_bytes())
    script = textwrap.dedent(f"""
        from desktop.app import make_services
        s = make_services({str(work)!r})
        a = s.corpus.articles()[0].id
        s.spans.accept(s.read.spans(a)[3].id)
        print(a, s.read.spans(a)[3].id)
        s.close()
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    aid, span_id = r.stdout.split()
    out = tmp_path / "accepted.jsonl"
    r = newsdesk("export", "-o", out, "--accepted-only", aid, db=work)
    assert r.returncode == 0, r.stderr
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == aid and [s["id"] for s in record["spans"]] == [span_id]
    assert record["claims"] == []  # none accepted yet
    r = newsdesk("export", "-o", out, "a-doesnotexist", db=work)
    assert r.returncode == 1 and "a-doesnotexist" in r.stderr


def test_import_names_each_item_it_could_not_keep_and_counts_them(tmp_path: Path) -> None:
    text = "Gantz met Netanyahu of Likud in Jerusalem."

    def region(rid: str, start: int, end: int, label: str) -> dict[str, object]:
        value = {"start": start, "end": end, "text": text[start:end], "labels": [label]}
        return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels", "value": value}

    task = {"id": 17, "data": {"text": text},
            "annotations": [{"id": 1, "result": [region("g", 0, 5, "PERSON")]},
                            {"id": 2, "result": [region("n", 10, 19, "PERSON")]}],
            "predictions": [{"result": [region("p", 23, 28, "ORG"), region("q", 0, 9, "ORG")]}]}  # fmt: skip
    src = tmp_path / "tasks.json"
    src.write_text(json.dumps([task]), encoding="utf-8")
    db = tmp_path / "n.sqlite3"
    r = newsdesk("import", src, db=db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (
        "imported 1 article; 1 second annotations skipped (one analyst's version per article); "
        "1 overlapping spans skipped"
    )
    lines = r.stderr.strip().splitlines()
    assert f"newsdesk: note: {src}: task 17: second annotations skipped (one analyst's version per article): " \
           "annotation 2" in lines  # fmt: skip
    assert any(line.startswith(f"newsdesk: note: {src}: task 17: overlapping spans skipped: ORG 'Gantz met'")
               for line in lines)  # fmt: skip
    assert counts(db)["spans"] == 2  # Gantz (accepted) and Likud (a suggestion)
    out = tmp_path / "cr.jsonld"
    r = newsdesk("export", "-o", out, "--format", "claimreview", db=db)
    assert r.returncode == 0 and r.stdout.startswith("claimreview: 1 article, 0 spans, 0 claims")
    assert json.loads(out.read_text(encoding="utf-8"))["@graph"] == []


def test_db_is_accepted_after_the_command_too(tmp_path: Path, seeds_dir_module: Path) -> None:
    db = tmp_path / "after.sqlite3"
    r = newsdesk("import", "--db", db, seeds_dir_module)
    assert r.returncode == 0, r.stderr
    assert counts(db)["articles"] == 2


def test_commands_that_only_read_refuse_a_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite3"
    for args in (["stats"], ["list"], ["export", "-o", str(tmp_path / "out.jsonl")]):
        r = newsdesk(*args, "--db", missing)
        assert r.returncode == 1, args
        assert r.stderr.strip().splitlines() == [f"newsdesk: {missing}: no such database (name an existing one "
                                                 "with --db; 'newsdesk import' creates one)"]  # fmt: skip
        assert not missing.exists() and not (tmp_path / "out.jsonl").exists()


def test_list_shows_ids_titles_status_and_counts(annotated: Path) -> None:
    r = newsdesk("list", "--json", db=annotated)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {row["title"] for row in rows} == {"Israel-Hamas hostage talks set to resume next week",
                                              "Netanyahu tells hostage families of 'tremendous efforts' after "
                                              "meeting Trump"}  # fmt: skip
    assert all(row["id"].startswith("a-") and row["status"] == "todo" and row["suggestions"] > 0 for row in rows)
    table = newsdesk("list", db=annotated).stdout.splitlines()
    assert table[0].split() == ["id", "status", "ents", "sugg", "claims", "date", "title"]
    assert any(rows[0]["id"] in line and rows[0]["title"] in line for line in table[1:])
    assert newsdesk("list", "--status", "done", db=annotated).stdout.splitlines()[1:] == []


def test_every_command_explains_its_options_with_an_example() -> None:
    for command in ("gui", "import", "annotate", "export", "stats", "list", "search", "selftest"):
        r = newsdesk(command, "--help")
        assert r.returncode == 0
        assert "example:" in r.stdout and f"newsdesk {command}" in r.stdout.split("example:")[1], command
        assert "--db PATH_OR_URL" in r.stdout


def test_reading_commands_do_not_import_spacy(annotated: Path, tmp_path: Path) -> None:
    probe = ("import sys, contextlib, io\nfrom desktop.app import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n    status = main(sys.argv[1:])\n"
             "print(status, 'spacy' in sys.modules)")  # fmt: skip
    for args in (["stats"], ["list"], ["export", "-o", str(tmp_path / "x.jsonl")]):
        r = subprocess.run([sys.executable, "-c", probe, "--db", str(annotated), *args], capture_output=True,
                           text=True, cwd=ROOT, timeout=120)  # fmt: skip
        assert r.stdout.split() == ["0", "False"], (args, r.stderr)


def test_import_warns_about_unknown_sidecar_keys_and_reads_markdown(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# The title\n\nSome **bold** text.\n", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"date": "2025-03-04", "sorce": "AP"}', encoding="utf-8")
    db = tmp_path / "md.sqlite3"
    r = newsdesk("import", tmp_path / "a.md", db=db)
    assert r.returncode == 0
    assert r.stdout.strip() == "imported 1 article, 1 warning"
    assert r.stderr.strip().startswith(f"warning: {tmp_path / 'a.meta.json'}: unknown key 'sorce'")
    row = json.loads(newsdesk("list", "--json", db=db).stdout)
    assert (row["title"], row["published"]) == ("The title", "2025-03-04")
    with sqlite3.connect(db) as con:
        assert con.execute("select text from articles").fetchone()[0] == "The title\n\nSome bold text.\n"


def test_no_display_says_so_and_creates_no_database(tmp_path: Path) -> None:
    db = tmp_path / "never.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db)], capture_output=True, text=True,
                       cwd=ROOT, env=env, timeout=60)  # fmt: skip
    assert r.returncode == 1
    assert "needs a graphical display" in r.stderr and "newsdesk --help" in r.stderr
    assert not db.exists()


def test_selftest_passes_without_qt_warnings() -> None:
    r = newsdesk("selftest", timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("selftest passed")
    assert "propagateSizeHints" not in r.stdout + r.stderr and r.stderr.strip() == ""


def test_search_prints_hits_with_the_terms_marked_and_json_and_filters(annotated: Path) -> None:
    r = newsdesk("search", "hostag", "status:todo", db=annotated)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines and all(line.count("\t") == 3 for line in lines)
    assert all("[hostage" in line.lower() for line in lines if "\ttext\t" in line)
    assert r.stderr.strip().endswith("matches")
    r = newsdesk("search", '"prime minister"', "--json", "--claim-status", "suggested", db=annotated)
    assert r.returncode == 0, r.stderr
    hits = [json.loads(line) for line in r.stdout.splitlines()]
    assert hits and {h["kind"] for h in hits} == {"claim"} and {h["claim_status"] for h in hits} == {"suggested"}
    for h in hits:
        assert all(h["snippet"][a:b].lower() in ("prime", "minister", "prime minister") for a, b in h["marks"])
    r = newsdesk("search", "talks", "--from", "last week", db=annotated)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip() == "newsdesk: search: from:last week: a date is YYYY, YYYY-MM or YYYY-MM-DD"


def test_train_without_reviewed_articles_says_why_and_models_lists_the_base(annotated: Path) -> None:
    r = newsdesk("train", "--epochs", "1", db=annotated)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "mark more articles done" in r.stderr
    r = newsdesk("models", "--json", db=annotated)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["active"] == "base"
    r = newsdesk("models", "--use", "nd-0042", db=annotated)
    assert r.returncode == 1 and "no trained model 'nd-0042'" in r.stderr
