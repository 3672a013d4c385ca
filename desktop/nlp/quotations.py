"""Find quotations in plain text: pairs of double quote marks within one line."""

from __future__ import annotations

from dataclasses import dataclass

_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}
_TRAILING = ",;:"


@dataclass(frozen=True, slots=True)
class Quotation:
    open: int  # index of the opening mark
    close: int  # index of the closing mark

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def find_quotations(text: str) -> list[Quotation]:
    """Outermost double-quoted passages, line by line, in text order.

    Curly quotes (and guillemets) pair up with nesting; straight double quotes
    alternate open/close. Quotes nested inside another pair are part of it.
    An opening mark never closed on its line is ignored.
    """
    found: list[Quotation] = []
    line_start = 0
    for line in text.split("\n"):
        found.extend(_in_line(line, line_start))
        line_start += len(line) + 1
    return found


def _in_line(line: str, offset: int) -> list[Quotation]:
    out: list[Quotation] = []
    stack: list[tuple[str, int]] = []  # (closing mark, position)
    for i, ch in enumerate(line):
        if stack and ch == stack[-1][0] and (ch != '"' or _can_close(line, i)):
            closer, start = stack.pop()
            if not stack:
                out.append(Quotation(offset + start, offset + i))
        elif ch in _PAIRS:
            stack.append((_PAIRS[ch], i))
        elif ch == '"' and _can_open(line, i):
            stack.append(('"', i))
    return out


def _can_open(line: str, i: int) -> bool:
    return i + 1 < len(line) and not line[i + 1].isspace()


def _can_close(line: str, i: int) -> bool:
    return i > 0 and not line[i - 1].isspace()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past surrounding whitespace and trailing ``,;:``."""
    while True:
        before = (start, end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
            end -= 1
        if (start, end) == before:
            return start, end
