from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from desktop.domain.errors import InputError
from desktop.formats import READERS, WRITERS, detect
from desktop.formats.native import NativeReader

from .conftest import TEXT_A, make_docs
from .helpers import validate_native_file, validator

TOP_KEYS = ["schema", "id", "text", "meta", "status", "spans", "claims", "links", "entities"]
META_KEYS = ["title", "source", "url", "published", "language", "sha256"]
SPAN_KEYS = ["id", "start", "end", "text", "label", "origin", "status", "entity", "annotator", "updated"]
CLAIM_KEYS = ["id", "start", "end", "text", "kind", "attribution", "checkworthy", "verdict", "origin", "status",
              "note", "evidence", "annotator", "updated"]  # fmt: skip
LINK_KEYS = ["id", "label", "head", "child", "note", "annotator", "updated"]
ENTITY_KEYS = ["id", "name", "label", "aliases", "kb_id"]


def export(tmp_path: Path, docs, name: str = "out.jsonl", **kw) -> Path:  # type: ignore[no-untyped-def]
    dest = tmp_path / name
    WRITERS["jsonl"].write(iter(docs), dest, **kw)
    return dest


def test_export_matches_the_contract_key_order_and_the_schema(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    recs = validate_native_file(export(tmp_path, docs))
    assert len(recs) == 2
    a = recs[0]
    assert list(a) == TOP_KEYS
    assert list(a["meta"]) == [*META_KEYS, "date_basis", "n"]
    assert all(list(s) == SPAN_KEYS for r in recs for s in r["spans"])
    assert all(list(c) == CLAIM_KEYS for r in recs for c in r["claims"])
    assert all(list(lk) == LINK_KEYS for r in recs for lk in r["links"])
    assert all(list(e) == ENTITY_KEYS for r in recs for e in r["entities"])
    assert a["text"] == TEXT_A and "\r\n" in a["text"]
    assert a["status"] == "in_progress"


def test_native_keeps_every_status_and_the_named_entities(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    a, b = validate_native_file(export(tmp_path, docs))
    assert {s["status"] for s in a["spans"]} == {"accepted", "suggested", "rejected"}
    assert [c["id"] for c in a["claims"]] == ["c-a3", "c-a1", "c-a2"]  # sorted by position
    assert {lk["id"] for lk in a["links"]} == {"l-a1", "l-a2", "l-a3", "l-a4", "l-a5"}
    assert [e["id"] for e in a["entities"]] == ["e-bibi", "e-trump"]
    assert [e["id"] for e in b["entities"]] == ["e-biden"]
    assert a["claims"][1]["evidence"] == ["https://example.org/x"]


def test_accepted_only_drops_suggestions_and_links_to_them(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    a, b = validate_native_file(export(tmp_path, docs, accepted_only=True))
    assert {s["status"] for s in a["spans"] + a["claims"] + b["spans"] + b["claims"]} == {"accepted"}
    # l-a2 heads a suggested claim, l-a5 joins rejected ones; l-a4's child is in another article (kept)
    assert [lk["id"] for lk in a["links"]] == ["l-a1", "l-a3", "l-a4"]
    assert [lk["id"] for lk in b["links"]] == ["l-b1"]
    assert [e["id"] for e in a["entities"]] == ["e-bibi", "e-trump"]  # e-trump named by the kept link l-a3


def test_report_counts(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    report = WRITERS["jsonl"].write(iter(docs), tmp_path / "x.jsonl")
    assert (report.n_documents, report.n_spans, report.n_claims, report.n_links) == (2, 12, 5, 8)
    assert report.left_out == {}
    assert report.summary() == "jsonl: 2 articles, 12 spans, 5 claims, 8 links"


def test_round_trip_is_byte_identical(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    first = export(tmp_path, docs, "1.jsonl")
    back = list(READERS["jsonl"].read(first))
    second = export(tmp_path, back, "2.jsonl")
    assert first.read_bytes() == second.read_bytes()
    assert back[0].article.meta.extra == {"date_basis": "stated", "n": 3}
    assert back[0].spans[0].article_id == back[0].article.id


def test_detect_picks_native_by_schema_key(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    assert detect(export(tmp_path, docs)).name == "jsonl"


def test_line_separators_in_text_stay_inside_one_line(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    doc = make_docs()[1]
    doc.article.text = doc.article.text + "\u2028tail\u0085end"
    from desktop.domain.model import text_sha256

    doc.article.meta.sha256 = text_sha256(doc.article.text)
    path = export(tmp_path, [doc])
    raw = path.read_bytes()
    assert raw.count(b"\n") == 1 and "\u2028".encode() not in raw
    assert next(READERS["jsonl"].read(path)).article.text == doc.article.text


# -- bad input -----------------------------------------------------------------------------


def good_line(docs) -> dict:  # type: ignore[no-untyped-def]
    from desktop.formats.native import record

    return record(docs[0])


def write_lines(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def read_all(path: Path, reader=None) -> list:  # type: ignore[no-untyped-def]
    return list((reader or READERS["jsonl"]).read(path))


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"\n \n")
    with pytest.raises(InputError, match="empty"):
        read_all(path)
    with pytest.raises(InputError, match="empty"):
        detect(path)


def test_invalid_utf8_names_line_and_byte_offset(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.jsonl"
    first = json.dumps(good_line(docs)).encode()
    data = first + b'\n{"schema": "newsdesk/1", "text": "caf\xe9"}\n'
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_all(path)
    assert err.value.line == 2
    assert f"byte offset {data.index(0xE9)} (byte 0xe9)" in str(err.value)
    assert str(err.value).startswith(f"{path}:2: invalid UTF-8")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file"):
        read_all(path)


def test_huge_line_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps({"schema": "newsdesk/1", "text": "x" * 5000}) + "\n")
    with pytest.raises(InputError, match="longer than") as err:
        read_all(path, NativeReader(max_line_bytes=1000))
    assert err.value.line == 1


def test_line_that_is_not_json(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    path = write_lines(tmp_path, good_line(docs), '{"schema": "newsdesk/1", "text": ')
    with pytest.raises(InputError, match="not JSON") as err:
        read_all(path)
    assert err.value.line == 2


def test_line_without_text(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    rec = good_line(docs)
    del rec["text"]
    with pytest.raises(InputError, match="no 'text'") as err:
        read_all(write_lines(tmp_path, good_line(docs), rec))
    assert err.value.line == 2


def test_offsets_out_of_range(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    rec = good_line(docs)
    rec["spans"][0]["end"] = len(rec["text"]) + 5
    with pytest.raises(InputError, match=r"spans\[0\]: offsets .* out of range"):
        read_all(write_lines(tmp_path, rec))


def test_span_text_must_match_the_offsets(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    rec = good_line(docs)
    rec["claims"][1]["text"] = "something else"
    with pytest.raises(InputError, match=r"claims\[1\]: text\["):
        read_all(write_lines(tmp_path, rec))


def test_unknown_schema_version(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    rec = good_line(docs)
    rec["schema"] = "newsdesk/2"
    with pytest.raises(InputError, match="unsupported schema version 'newsdesk/2'"):
        read_all(write_lines(tmp_path, rec))


def test_bad_enum_and_overlap(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    rec = good_line(docs)
    rec["spans"][0]["status"] = "maybe"
    with pytest.raises(InputError, match="'status' is 'maybe', expected one of suggested"):
        read_all(write_lines(tmp_path, rec))
    rec = good_line(docs)
    rec["spans"][1]["start"], rec["spans"][1]["text"] = 0, rec["text"][0 : rec["spans"][1]["end"]]
    with pytest.raises(InputError, match="spans overlap"):
        read_all(write_lines(tmp_path, rec))


def test_link_to_the_wrong_kind_of_target(tmp_path: Path, docs) -> None:  # type: ignore[no-untyped-def]
    rec = good_line(docs)
    rec["links"][0]["child"] = "c-a2"  # said_by must point to a span or an entity
    with pytest.raises(InputError, match="must point to a span or an entity"):
        read_all(write_lines(tmp_path, rec))


def test_schema_rejects_what_the_contract_forbids(docs) -> None:  # type: ignore[no-untyped-def]
    rec = good_line(docs)
    validator().validate(rec)
    rec["spans"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(rec)
    rec = good_line(docs)
    rec["links"][0]["child"] = "c-a2"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(rec)
