"""Import and export formats.

``WRITERS`` and ``READERS`` map a format name to its (stateless) writer or reader;
they are read-only. Adding a format means one module and one line here.
``detect(path)`` picks the reader for a file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from desktop.domain.errors import InputError

from . import detect as _detect
from .base import ExportReport, Reader, ReadNotes, Skipped, Writer, describe_counts
from .brat import BratReader, BratWriter
from .claimreview import ClaimReviewWriter
from .conll import ConllWriter
from .csvfmt import CsvWriter
from .doccano import DoccanoReader, DoccanoWriter
from .html import HtmlReader
from .labelstudio import LabelStudioReader, LabelStudioWriter
from .minimal import MinimalReader
from .native import NativeReader, NativeWriter
from .plaintext import PlainTextReader
from .prodigy import ProdigyReader, ProdigyWriter
from .spacydocbin import SpacyWriter
from .w3c import W3CWriter

WRITERS: Mapping[str, Writer] = MappingProxyType(
    {
        w.name: w
        for w in (
            NativeWriter(),
            ProdigyWriter(),
            DoccanoWriter(),
            SpacyWriter(),
            ConllWriter(),
            BratWriter(),
            W3CWriter(),
            LabelStudioWriter(),
            CsvWriter(),
            ClaimReviewWriter(),
        )
    }
)

READERS: Mapping[str, Reader] = MappingProxyType(
    {
        r.name: r
        for r in (
            NativeReader(),
            MinimalReader(),
            ProdigyReader(),
            DoccanoReader(),
            LabelStudioReader(),
            BratReader(),
            PlainTextReader(),
            HtmlReader(),
        )
    }
)


def detect(path: Path) -> Reader:
    """The reader for ``path`` (by extension; JSON/JSONL by their first record). Raises InputError."""
    return _detect.detect(path, READERS)


def input_files(path: Path) -> Iterator[Path | InputError]:
    """Importable files under a folder (or the file itself), sorted; sidecars and .ann skipped."""
    return _detect.input_files(path, READERS)


__all__ = [
    "READERS", "WRITERS", "ExportReport", "ReadNotes", "Reader", "Skipped", "Writer", "describe_counts", "detect",
    "input_files",
]  # fmt: skip
