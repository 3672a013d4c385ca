"""HTML pages saved from a browser: the main text via trafilatura, boilerplate dropped.

Metadata: title, outlet (the site name, else the host name) as ``source``, date
as ``published``, canonical URL as ``url``, language when the page declares one;
the author, when found, goes to ``meta.extra["author"]``. The page's bytes are
handed to trafilatura, which honours the declared charset.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError
from desktop.domain.model import Document

from .base import MAX_FILE_BYTES, ReadNotes
from .build import check_document, meta_from, new_article


class HtmlReader:
    name = "html"
    extensions = (".html", ".htm", ".xhtml")

    def __init__(self, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        import trafilatura  # slow to import; only needed here

        path = Path(path)
        try:
            if path.stat().st_size > self.max_bytes:
                raise InputError(str(path), f"file is larger than {self.max_bytes // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as err:
            raise InputError(str(path), f"cannot read: {err.strerror or err}") from None
        if not data.strip():
            raise InputError(str(path), "the file is empty")
        if b"\x00" in data[:8192]:
            raise InputError(str(path), "binary file, not an HTML page (NUL bytes)")
        result = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
        text = getattr(result, "text", None) if result is not None else None
        if not text or not text.strip():
            raise InputError(str(path), "no article text found in the page")
        raw: dict[str, Any] = {
            "title": getattr(result, "title", None) or path.stem,
            "source": getattr(result, "sitename", None) or getattr(result, "hostname", None),
            "published": getattr(result, "date", None),
            "url": getattr(result, "url", None),
        }
        language = getattr(result, "language", None)
        if language:
            raw["language"] = language
        author = getattr(result, "author", None)
        if author:
            raw["author"] = author
        meta = meta_from(raw, text)
        yield check_document(Document(new_article(text, meta)), path, None)
