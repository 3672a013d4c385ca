"""Plain text and Markdown files: one article per file.

A .txt file's text is kept exactly as in the file (line endings included; a UTF-8
BOM is dropped); its title is the first non-blank line (cut to 200 characters).
Markdown is parsed (markdown-it-py, CommonMark) and imported as the plain text a
reader sees: no ``#``, ``*`` or link targets; one block per paragraph, heading or
list item, blank lines between them. Its title is the first heading.

A sidecar ``<name>.meta.json`` next to ``<name>.txt`` (or ``.md``) gives the
metadata: title, source, published, url, language; other keys are kept in
``meta.extra``. The demo seeds come with such sidecars.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError, InputWarning
from desktop.domain.model import Document
from desktop.domain.sidecar import normalise_sidecar

from .base import MAX_FILE_BYTES, ReadNotes
from .build import check_document, meta_from, new_article
from .textio import read_text_file

SIDECAR_SUFFIX = ".meta.json"
MARKDOWN_SUFFIXES = (".md", ".markdown")


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
    meta, notes = normalise_sidecar(obj)
    for note in notes:
        warnings.warn(InputWarning(f"{side}: {note}"), stacklevel=2)
    return meta


def guess_title(text: str) -> str:
    """The first non-blank line, cut to 200 characters."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[0][:200] if lines else ""


class PlainTextReader:
    name = "text"
    extensions = (".txt", ".md", ".markdown")

    def __init__(self, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        path = Path(path)
        text = read_text_file(path, max_bytes=self.max_bytes)
        title = ""
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            text, title = markdown_text(text)
        meta = meta_from(read_sidecar(path), text, fallback_title=title or guess_title(text))
        yield check_document(Document(new_article(text, meta)), path, None)


def markdown_text(source: str) -> tuple[str, str]:
    """The plain text of a Markdown document and its first heading ("" when it has none)."""
    from markdown_it import MarkdownIt  # loaded only for Markdown files

    tokens = MarkdownIt("commonmark").parse(source)
    blocks: list[str] = []
    title = ""
    in_heading = False
    for tok in tokens:
        if tok.type == "heading_open":
            in_heading = True
        elif tok.type == "heading_close":
            in_heading = False
        elif tok.type == "inline":
            text = _inline_text(tok.children or [])
            if in_heading and not title:
                title = text.strip()[:200]
            if text.strip():
                blocks.append(text.strip())
        elif tok.type in ("fence", "code_block", "html_block") and tok.content.strip():
            blocks.append(tok.content.rstrip("\n"))
    return "\n\n".join(blocks) + ("\n" if blocks else ""), title


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []) or child.content)
    return "".join(parts)
