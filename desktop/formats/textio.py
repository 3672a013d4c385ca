"""Careful reading of input files: UTF-8, binary files, empty files, huge lines, JSON lines.

Every problem becomes an :class:`InputError` naming the file, the line when there
is one, and the reason (for invalid UTF-8 also the byte offset).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from desktop.domain.errors import InputError

from .base import MAX_FILE_BYTES, MAX_LINE_BYTES

BOM = b"\xef\xbb\xbf"
# UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def wide_encoding(head: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when ``head`` starts with a UTF-16 or UTF-32 byte order mark."""
    for mark, codec in _WIDE_BOMS:
        if head.startswith(mark):
            return codec, len(mark)
    return None


def _decode_wide(path: Path, data: bytes, codec: str, bom: int) -> str:
    try:
        return data[bom:].decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(str(path), f"invalid {codec.upper()} at byte offset {bom + err.start}") from None


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def decode(path: Path, data: bytes, *, line: int | None = None, base_offset: int = 0) -> str:
    """Strict UTF-8 with a clear message: where the bad byte is and that it is binary if it has NULs."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(str(path), f"binary file, not text (NUL byte at byte offset {base_offset + nul})", line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        where = base_offset + err.start
        bad_line = line if line is not None else data.count(b"\n", 0, err.start) + 1
        raise InputError(
            str(path), f"invalid UTF-8 at byte offset {where} (byte 0x{data[err.start]:02x})", bad_line
        ) from None


def read_text_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES, exact: bool = False) -> str:
    """A whole text file as ``str``: UTF-8, an optional BOM dropped, line endings kept as they are.

    ``exact`` keeps every character, a leading U+FEFF and NULs included, for files whose
    character offsets matter (a brat ``.txt``: brat counts the BOM as a character).
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {_mb(size)}, larger than the {_mb(max_bytes)} limit")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from None
    wide = wide_encoding(data)
    if wide is not None:
        text = _decode_wide(path, data, *wide)
        if not text.strip():
            raise InputError(str(path), "the file is empty")
        return ("\ufeff" + text) if exact else text
    if not data.strip():
        raise InputError(str(path), "the file is empty")
    if exact:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass  # decode() below names the bad byte
    elif b"\x00" in data[:8192]:
        raise InputError(str(path), f"binary file, not text (NUL byte at byte offset {data.index(0)})")
    offset = 0
    if data.startswith(BOM) and not exact:
        data, offset = data[len(BOM) :], len(BOM)
    return decode(path, data, base_offset=offset)


def iter_lines(path: Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, str]]:
    """Non-blank lines as ``(line_number, text)``, streaming, each checked for size and encoding."""
    try:
        f = path.open("rb")
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from None
    with f:
        head = f.read(8192)
        wide = wide_encoding(head)
        if wide is not None:  # UTF-16/32: decode the whole file (bounded), then split it into lines
            f.close()
            yield from _wide_lines(path, read_text_file(path, max_bytes=MAX_FILE_BYTES), max_line_bytes)
            return
        if b"\x00" in head:
            raise InputError(str(path), f"binary file, not text (NUL byte at byte offset {head.index(0)})")
        f.seek(0)
        number = 0
        offset = 0
        any_line = False
        while True:
            raw = f.readline(max_line_bytes + 1)
            if not raw:
                break
            number += 1
            if len(raw) > max_line_bytes:
                raise InputError(str(path), f"line is longer than {_mb(max_line_bytes)}; refusing to read it", number)
            start = offset
            offset += len(raw)
            if number == 1 and raw.startswith(BOM):
                raw, start = raw[len(BOM) :], start + len(BOM)
            if not raw.strip():
                continue
            any_line = True
            yield number, decode(path, raw, line=number, base_offset=start).rstrip("\r\n")
        if not any_line:
            raise InputError(str(path), "the file is empty")


def _wide_lines(path: Path, text: str, max_line_bytes: int) -> Iterator[tuple[int, str]]:
    any_line = False
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > max_line_bytes:
            raise InputError(str(path), f"line is longer than {_mb(max_line_bytes)}; refusing to read it", number)
        if line.strip():
            any_line = True
            yield number, line.rstrip("\r")
    if not any_line:
        raise InputError(str(path), "the file is empty")


def iter_json_lines(path: Path, *, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, dict[str, object]]]:
    """JSON objects, one per non-blank line, as ``(line_number, object)``."""
    for number, line in iter_lines(path, max_line_bytes=max_line_bytes):
        yield number, parse_object(path, line, number)


def loads(path: Path, text: str, number: int | None = None) -> object:
    """``json.loads`` whose every failure is one InputError (bad JSON, or nesting too deep to read)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"not JSON ({err.msg} at column {err.colno})", number) from None
    except RecursionError:
        raise InputError(str(path), "JSON nested too deeply to read", number) from None


def parse_object(path: Path, line: str, number: int | None) -> dict[str, object]:
    obj = loads(path, line, number)
    if not isinstance(obj, dict):
        raise InputError(str(path), f"expected a JSON object, got {type(obj).__name__}", number)
    return obj


# Characters that some line splitters (str.splitlines, JavaScript) treat as line breaks.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dump_line(obj: object) -> str:
    """Compact JSON on one line, UTF-8 characters as they are (no ASCII escapes).

    json.dumps already escapes control characters; the few other characters that
    some tools take for line breaks are escaped too, so one record is one line for
    every reader. They can only occur inside strings, so the escape is exact.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if not text.isascii():
        for ch, esc in _LINE_BREAKS.items():
            if ch in text:
                text = text.replace(ch, esc)
    return text
