"""Readers of foreign input, detect(), and bad input of every kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.domain.errors import InputError
from desktop.domain.ids import article_id_for
from desktop.domain.model import ClaimKind, LinkLabel, Origin, Review, text_sha256
from desktop.formats import READERS, WRITERS, detect, input_files
from desktop.formats.base import ReadNotes
from desktop.formats.minimal import MinimalReader
from desktop.formats.plaintext import PlainTextReader

from .conftest import make_docs


def one(path: Path):  # type: ignore[no-untyped-def]
    docs = list(detect(path).read(path))
    assert len(docs) == 1
    return docs[0]


def test_seeds_read_with_their_sidecar_metadata(seeds_dir: Path) -> None:
    txt = sorted(seeds_dir.glob("*.txt"))[0]
    doc = one(txt)
    meta = json.loads(txt.with_name(txt.stem + ".meta.json").read_text(encoding="utf-8"))
    assert doc.article.text == txt.read_text(encoding="utf-8")
    assert (doc.article.meta.title, doc.article.meta.source, doc.article.meta.published) == (
        meta["title"], meta["source"], meta["published"],
    )  # fmt: skip
    assert doc.article.meta.extra["date_basis"] == meta["extra"]["date_basis"]
    assert doc.article.meta.sha256 == text_sha256(doc.article.text)
    assert doc.article.id == article_id_for(doc.article.meta.sha256)


def test_markdown_is_imported_as_its_plain_text_with_the_first_heading_as_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_bytes(("\ufeffintro *line* with [a link](https://e.org/x)\r\n\r\n## Caf\u00e9 \U0001f600 news ##\r\n"
                      "Body with `code`.\r\n\r\n- first item\r\n- second item\r\n\r\n# Later heading\r\n").encode())
    doc = one(path)
    assert doc.article.meta.title == "Caf\u00e9 \U0001f600 news"
    assert doc.article.text == ("intro line with a link\n\nCaf\u00e9 \U0001f600 news\n\nBody with code.\n\n"
                                "first item\n\nsecond item\n\nLater heading\n")  # fmt: skip
    assert "#" not in doc.article.text and "https://" not in doc.article.text


def test_plain_text_keeps_crlf_and_takes_the_first_line_as_title(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_bytes(b"  First line is the title\r\n# not a heading in a .txt\r\n")
    doc = one(plain)
    assert doc.article.meta.title == "First line is the title"
    assert doc.article.text == "  First line is the title\r\n# not a heading in a .txt\r\n"


def test_sidecar_date_is_read_as_published_and_unknown_keys_are_warned_about(tmp_path: Path) -> None:
    from desktop.domain.errors import InputWarning

    path = tmp_path / "story.txt"
    path.write_text("Story text.\n", encoding="utf-8")
    path.with_name("story.meta.json").write_text(json.dumps({"title": "T", "date": "2025-01-02", "publised": "x",
                                                             "extra": {"desk": "world"}}), encoding="utf-8")
    with pytest.warns(InputWarning) as caught:
        doc = one(path)
    assert doc.article.meta.published == "2025-01-02"
    assert doc.article.meta.extra == {"publised": "x", "desk": "world"}
    assert [str(w.message) for w in caught] == [
        f"{path.with_name('story.meta.json')}: unknown key 'publised' kept as extra metadata (known: title, source, "
        "published, url, language, extra; put your own keys under 'extra')"]


def test_minimal_jsonl_with_meta(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"text": "Hello \u05e9\u05dc\u05d5\u05dd", "meta": {"title": "T", "source": "S", "topic": "x"}})
        + "\n\n" + json.dumps({"text": "Second", "url": "https://e.org"}) + "\n", encoding="utf-8",
    )  # fmt: skip
    assert detect(path).name == "minimal"
    a, b = READERS["minimal"].read(path)
    assert (a.article.meta.title, a.article.meta.source, a.article.meta.extra) == ("T", "S", {"topic": "x"})
    assert b.article.meta.url == "https://e.org" and b.spans == []


def test_html_page_main_text_without_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = " ".join(["Prime Minister Benjamin Netanyahu met relatives of hostages in Washington."] * 3)
    path.write_text(
        "<html lang='en'><head><title>Big news | The Daily</title>"
        "<meta property='og:site_name' content='The Daily'>"
        "<meta property='article:published_time' content='2025-07-10T10:00:00Z'>"
        "<link rel='canonical' href='https://daily.example/big'></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/w'>World</a> | <a href='/s'>Sports</a></nav>"
        f"<article><h1>Big news</h1><p>{body}</p><p>The premier told the families he raised the issue.</p></article>"
        "<footer>Copyright 2025 The Daily. All rights reserved. Cookie settings.</footer></body></html>",
        encoding="utf-8",
    )
    doc = one(path)
    assert "Netanyahu met relatives" in doc.article.text and "raised the issue" in doc.article.text
    assert "Cookie settings" not in doc.article.text and "Sports" not in doc.article.text
    m = doc.article.meta
    assert (m.title, m.source, m.published, m.url) == (
        "Big news",
        "The Daily",
        "2025-07-10",
        "https://daily.example/big",
    )


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body><script>var x = 1;</script></body></html>")
    with pytest.raises(InputError, match="no article text"):
        one(path)


def test_prodigy_answers_decide_status_and_origin(tmp_path: Path) -> None:
    text = "Biden said the deal is close."
    rows = [
        {"text": text, "spans": [{"start": 0, "end": 5, "label": "PERSON"}], "answer": "accept"},
        {"text": text + " ", "spans": [{"start": 0, "end": 5, "label": "PERSON"}], "answer": "reject"},
        {"text": text + "  ", "spans": [{"start": 0, "end": 5, "label": "PERSON"},
                                         {"start": 11, "end": 28, "label": "Claim_prediction"}],
         "relations": [{"head": 5, "child": 0, "label": "said_by",
                        "head_span": {"start": 11, "end": 28, "label": "Claim_prediction"},
                        "child_span": {"start": 0, "end": 5, "label": "PERSON"}},
                       {"head": 0, "child": 5, "label": "employs",
                        "head_span": {"start": 0, "end": 5, "label": "PERSON"},
                        "child_span": {"start": 11, "end": 28, "label": "Claim_prediction"}}]},
    ]  # fmt: skip
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert detect(path).name == "prodigy"
    a, b, c = READERS["prodigy"].read(path)
    assert (a.spans[0].status, a.spans[0].origin) == (Review.ACCEPTED, Origin.ANALYST)
    assert (b.spans[0].status, b.spans[0].origin) == (Review.REJECTED, Origin.MODEL)
    assert (c.spans[0].status, c.claims[0].status, c.claims[0].kind) == (
        Review.SUGGESTED, Review.SUGGESTED, ClaimKind.PREDICTION,
    )  # fmt: skip
    assert [(lk.label, lk.head, lk.child) for lk in c.links] == [(LinkLabel.SAID_BY, c.claims[0].id, c.spans[0].id)]


def test_doccano_old_label_form(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        json.dumps({"text": "Trump met Netanyahu.", "label": [[0, 5, "PERSON"], [10, 19, "PERSON"]]}) + "\n"
    )
    assert detect(path).name == "doccano"
    (doc,) = READERS["doccano"].read(path)
    assert [(s.start, s.end, s.status) for s in doc.spans] == [(0, 5, Review.ACCEPTED), (10, 19, Review.ACCEPTED)]


def test_overlapping_foreign_spans_keep_what_fits_and_name_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    ents = [{"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 9},
            {"id": 2, "label": "PERSON", "start_offset": 4, "end_offset": 12},
            {"id": 3, "label": "PERSON", "start_offset": 14, "end_offset": 23}]  # fmt: skip
    path.write_text(json.dumps({"text": "Trump Org met Netanyahu.", "entities": ents}) + "\n")
    notes = ReadNotes()
    (doc,) = READERS["doccano"].read(path, notes)
    assert [(s.start, s.end, s.label) for s in doc.spans] == [(0, 9, "ORG"), (14, 23, "PERSON")]
    assert [(n.kind, n.where) for n in notes.items] == [("overlapping spans skipped", f"{path}:1")]
    assert "'p Org me'" in notes.items[0].detail and "4..12" in notes.items[0].detail


def test_detect_by_extension_and_first_record(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    for name in ("jsonl", "prodigy", "doccano"):
        dest = tmp_path / f"{name}.jsonl"
        WRITERS[name].write(make_docs(), dest)
        assert detect(dest).name == name
    WRITERS["labelstudio"].write(make_docs(), tmp_path / "ls.json")
    assert detect(tmp_path / "ls.json").name == "labelstudio"
    WRITERS["brat"].write(make_docs(), tmp_path / "brat")
    assert detect(tmp_path / "brat").name == "brat"
    assert detect(next((tmp_path / "brat").glob("*.txt"))).name == "brat"
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(InputError, match="unsupported file type '.docx'"):
        detect(tmp_path / "x.docx")
    (tmp_path / "odd.jsonl").write_text('{"title": "no text here"}\n')
    with pytest.raises(InputError, match="unrecognised record") as err:
        detect(tmp_path / "odd.jsonl")
    assert err.value.line == 1


def test_input_files_skip_sidecars_and_ann(tmp_path: Path, seeds_dir: Path) -> None:
    WRITERS["brat"].write(make_docs(), tmp_path / "brat")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "a.meta.json").write_text("{}")
    (tmp_path / "a.txt").write_text("A text.")
    files = [p.relative_to(tmp_path).as_posix() for p in input_files(tmp_path)]
    assert "a.txt" in files and "a.meta.json" not in files and ".hidden.txt" not in files
    assert all(not f.endswith((".ann", ".conf")) for f in files)
    assert sum(f.startswith("brat/") for f in files) == 2


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_text_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "e.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        one(path)


def test_invalid_utf8_text_file_names_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("line one\nCaf\u00e9 au lait\n".encode("latin-1"))
    with pytest.raises(InputError) as err:
        one(path)
    assert err.value.line == 2 and "invalid UTF-8 at byte offset 12 (byte 0xe9)" in str(err.value)
    assert str(err.value).startswith(str(path))


def test_binary_file_with_text_extension(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\xff\x00")
    with pytest.raises(InputError, match="binary file"):
        one(path)


def test_huge_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(InputError, match="larger than"):
        list(PlainTextReader(max_bytes=1000).read(path))
    lines = tmp_path / "big.jsonl"
    lines.write_text(json.dumps({"text": "ok"}) + "\n" + json.dumps({"text": "x" * 3000}) + "\n")
    reader = MinimalReader(max_line_bytes=1000)
    it = reader.read(lines)
    assert next(it).article.text == "ok"  # streams: the first article comes before the bad line is read
    with pytest.raises(InputError, match="longer than") as err:
        next(it)
    assert err.value.line == 2


def test_jsonl_line_without_text_or_not_json(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text('{"text": "fine"}\n{"meta": {}}\n')
    with pytest.raises(InputError, match="no 'text'") as err:
        list(READERS["minimal"].read(path))
    assert err.value.line == 2
    path.write_text('{"text": "fine"}\n\n{"text": "fine",}\n')
    with pytest.raises(InputError, match="not JSON") as err:
        list(READERS["minimal"].read(path))
    assert err.value.line == 3


def test_brat_bad_input(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("Trump met Netanyahu.", encoding="utf-8")
    (tmp_path / "d.ann").write_text("T1\tPERSON 0 5\tTrump\nT2\tPERSON 10 40\tNetanyahu\n", encoding="utf-8")
    with pytest.raises(InputError, match="T2: offsets 10..40 outside the text") as err:
        list(READERS["brat"].read(tmp_path / "d.ann"))
    assert err.value.line == 2
    (tmp_path / "d.ann").write_text("T1\tPERSON 0 5\tTrump\nhello world\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a brat annotation line") as err:
        list(READERS["brat"].read(tmp_path / "d.txt"))
    (tmp_path / "lonely.ann").write_text("")
    with pytest.raises(InputError, match="missing"):
        list(READERS["brat"].read(tmp_path / "lonely.ann"))


def test_labelstudio_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([{"data": {"text": "ok"}}, {"nodata": 1}]))
    with pytest.raises(InputError, match="task 2: a Label Studio task needs a 'data' object"):
        list(READERS["labelstudio"].read(path))
    path.write_text("[]")
    with pytest.raises(InputError, match="no tasks"):
        list(READERS["labelstudio"].read(path))
