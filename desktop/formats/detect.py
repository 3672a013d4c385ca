"""Choosing a reader for a path: by extension, and for JSON(L) by sniffing the first record."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError

from .base import Reader
from .plaintext import SIDECAR_SUFFIX
from .textio import iter_lines

JSON_EXTENSIONS = (".jsonl", ".ndjson", ".json")
# Which reader takes a JSON record, tried in this order (name, predicate).
_SNIFF_ORDER = ("jsonl", "labelstudio", "doccano", "prodigy", "minimal")


def _first_record(path: Path) -> tuple[str, int]:
    for number, line in iter_lines(path):
        return line, number
    raise InputError(str(path), "the file is empty")  # pragma: no cover - iter_lines raises first


def sniff(obj: dict[str, Any], readers: Mapping[str, Reader]) -> Reader | None:
    for name in _SNIFF_ORDER:
        reader = readers[name]
        if getattr(reader, "matches")(obj):  # noqa: B009 - JSON readers have matches()
            return reader
    return None


def detect(path: Path, readers: Mapping[str, Reader]) -> Reader:
    """The reader for ``path``; InputError when no reader fits."""
    path = Path(path)
    if path.is_dir():
        if any(path.glob("*.ann")):
            return readers["brat"]
        raise InputError(str(path), "a folder: import the files in it (or a brat folder with .ann files)")
    if not path.exists():
        raise InputError(str(path), "no such file")
    ext = path.suffix.lower()
    if ext == ".ann" or (ext == ".txt" and path.with_suffix(".ann").is_file()):
        return readers["brat"]
    for reader in readers.values():
        if ext in reader.extensions and ext not in JSON_EXTENSIONS:
            return reader
    if ext not in JSON_EXTENSIONS:
        known = sorted({e for r in readers.values() for e in r.extensions})
        raise InputError(str(path), f"unsupported file type {ext or '(none)'!r}; Newsdesk reads {' '.join(known)}")
    line, number = _first_record(path)
    head = line.lstrip()
    if ext == ".json" and head.startswith("["):
        return readers["labelstudio"]
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        if ext == ".json" and head.startswith("{"):  # one pretty-printed object
            return readers["labelstudio"]
        raise InputError(str(path), f"not JSON ({err.msg} at column {err.colno})", number) from None
    except RecursionError:
        raise InputError(str(path), "JSON nested too deeply to read", number) from None
    if not isinstance(obj, dict):
        raise InputError(str(path), f"expected a JSON object per line, got {type(obj).__name__}", number)
    found = sniff(obj, readers)
    if found is None:
        raise InputError(str(path), "unrecognised record: no 'text' (nor 'schema' or Label Studio 'data')", number)
    return found


def input_files(path: Path, readers: Mapping[str, Reader]) -> Iterator[Path | InputError]:
    """The importable files under ``path`` (itself when it is a file), sorted, recursively.

    Metadata sidecars (``*.meta.json``) and brat ``.ann`` files are not listed: they
    are read with their ``.txt``. Hidden files and folders are skipped. A folder that
    cannot be listed is an InputError in its place, never silently left out.
    """
    path = Path(path)
    if path.is_file():
        yield path
        return
    known = {e for r in readers.values() for e in r.extensions} - {".ann"}
    found: list[tuple[Path, Path | InputError]] = []
    pending = [path]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as err:
            found.append((folder, InputError(str(folder), f"cannot read the folder: {err.strerror or err}")))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            p = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(p)
                    continue
                regular = entry.is_file()
            except OSError as err:
                found.append((p, InputError(str(p), f"cannot read: {err.strerror or err}")))
                continue
            if regular and not p.name.endswith(SIDECAR_SUFFIX) and p.suffix.lower() in known:
                found.append((p, p))
    for _key, item in sorted(found, key=lambda pair: pair[0]):
        yield item
