"""What Newsdesk reads and writes, from the one list (``desktop.formats.WRITERS`` / ``READERS``).

The command line's ``--format`` choices, the export dialog, the open-file filter and
the README all read these functions; nothing else spells a format name or suffix.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop import formats


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str  # what --format takes: "jsonl", "conll", ...
    description: str  # one line for a person
    extension: str  # ".jsonl"; "" when the format writes a folder (brat)

    @property
    def writes_folder(self) -> bool:
        return not self.extension


@dataclass(frozen=True, slots=True)
class ImportFormat:
    name: str
    extensions: tuple[str, ...]


def export_formats() -> tuple[ExportFormat, ...]:
    """Every export format, in the order the writers are registered (jsonl first)."""
    return tuple(ExportFormat(w.name, w.description, w.extension) for w in formats.WRITERS.values())


def export_format_names() -> tuple[str, ...]:
    return tuple(f.name for f in export_formats())


def import_formats() -> tuple[ImportFormat, ...]:
    return tuple(ImportFormat(r.name, tuple(r.extensions)) for r in formats.READERS.values())


def import_extensions() -> tuple[str, ...]:
    """Every file suffix an import reads (".txt", ".ann", ".ndjson", ...), each once, in reader order."""
    return tuple(dict.fromkeys(e for f in import_formats() for e in f.extensions))


def import_file_filter() -> str:
    """The open-file dialog's filter: every readable suffix, then all files."""
    patterns = " ".join(f"*{e}" for e in import_extensions())
    return f"Articles ({patterns});;All files (*)"
