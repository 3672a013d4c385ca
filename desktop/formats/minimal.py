"""Minimal JSONL input: ``{"text": "…", "meta": {…}}`` per line, no annotations.

Meta keys may also sit at the top level (``{"text": …, "title": …, "url": …}``);
``meta`` wins when both give one. The article id comes from the text's SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError
from desktop.domain.model import Document

from .base import MAX_LINE_BYTES, ReadNotes
from .build import META_KEYS, check_document, meta_from, new_article
from .textio import iter_json_lines


def text_of(obj: dict[str, Any], path: Path, line: int | None) -> str:
    text = obj.get("text")
    if not isinstance(text, str):
        reason = "no 'text'" if text is None else f"'text' must be a string, got {type(text).__name__}"
        raise InputError(str(path), reason, line)
    return text


def loose_meta(obj: dict[str, Any]) -> dict[str, Any]:
    meta = {k: obj[k] for k in META_KEYS if k in obj and k != "sha256"}
    inner = obj.get("meta")
    if isinstance(inner, dict):
        meta.update(inner)
    return meta


class MinimalReader:
    name = "minimal"
    extensions = (".jsonl", ".ndjson")

    def __init__(self, max_line_bytes: int = MAX_LINE_BYTES) -> None:
        self.max_line_bytes = max_line_bytes

    @staticmethod
    def matches(obj: dict[str, Any]) -> bool:
        return "text" in obj

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        path = Path(path)
        for line, obj in iter_json_lines(path, max_line_bytes=self.max_line_bytes):
            text = text_of(obj, path, line)
            meta = meta_from(loose_meta(obj), text)
            other = sorted(k for k in obj if k not in ("text", "meta", *META_KEYS))
            if other and notes is not None:
                notes.note("fields of a plain record not imported", f"{path}:{line}", ", ".join(other))
            yield check_document(Document(new_article(text, meta)), path, line)
