"""Plain text and Markdown files: one article per file.

The text is kept exactly as in the file (line endings included; a UTF-8 BOM is
dropped). The title is the first Markdown heading (``# …``) when there is one,
else the first non-blank line (cut to 200 characters).

A sidecar ``<name>.meta.json`` next to ``<name>.txt`` (or ``.md``) gives the
metadata: title, source, published, url, language; other keys are kept in
``meta.extra``. The demo seeds come with such sidecars.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError
from desktop.domain.model import Document

from .base import MAX_FILE_BYTES, ReadNotes
from .build import check_document, meta_from, new_article
from .textio import read_text_file

SIDECAR_SUFFIX = ".meta.json"
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict[str, Any]:
    side = sidecar_path(path)
    if not side.is_file():
        return {}
    raw = read_text_file(side)
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        raise InputError(str(side), f"not JSON ({err.msg})", err.lineno) from None
    if not isinstance(obj, dict):
        raise InputError(str(side), "expected a JSON object of metadata")
    return obj


def guess_title(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines:
        m = _HEADING.match(ln)
        if m:
            return m.group(1)[:200]
    return lines[0][:200] if lines else ""


class PlainTextReader:
    name = "text"
    extensions = (".txt", ".md", ".markdown")

    def __init__(self, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        path = Path(path)
        text = read_text_file(path, max_bytes=self.max_bytes)
        meta = meta_from(read_sidecar(path), text, fallback_title=guess_title(text))
        yield check_document(Document(new_article(text, meta)), path, None)
