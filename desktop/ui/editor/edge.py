"""The one conversion edge between code points (Newsdesk) and Qt document positions.

``QPlainTextEdit.setPlainText`` stores the text in a ``QTextDocument`` that
counts UTF-16 code units and rewrites line breaks. Measured with PySide6 6.12:

* ``"\\r\\n"`` becomes ONE block separator (two code points -> one Qt position);
* a lone ``"\\r"``, ``"\\n"`` and U+2029 each become one block separator (1 -> 1);
* U+2028, form feed, vertical tab, NEL (U+0085), tab and NUL stay in the block (1 -> 1);
* characters outside the BMP (most emoji) take two positions (1 -> 2).

So the only two things that change lengths are astral characters and CRLF pairs.
:class:`TextEdge` composes :class:`desktop.domain.offsets.OffsetMap` (astral) with
the CRLF collapse, exactly, both ways. Every other module of the editor converts
through it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from desktop.domain.offsets import OffsetMap


def has_astral(text: str) -> bool:
    """True when some character takes two UTF-16 units (a BMP-only text encodes to exactly 2 bytes each)."""
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


class _Identity:
    """The OffsetMap of a text without astral characters, without its O(n) Python scan."""

    __slots__ = ("length_cp", "length_utf16")

    def __init__(self, length: int) -> None:
        self.length_cp = self.length_utf16 = length

    def to_utf16(self, cp: int) -> int:
        if not 0 <= cp <= self.length_cp:
            raise ValueError(f"offset {cp} outside text of {self.length_cp} characters")
        return cp

    def to_cp(self, u16: int) -> int:
        if not 0 <= u16 <= self.length_utf16:
            raise ValueError(f"offset {u16} outside text of {self.length_utf16} UTF-16 units")
        return u16


class TextEdge:
    """Maps positions of one text between code points and Qt document positions."""

    __slots__ = ("_crlf", "_crlf_qt", "_map", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        # OffsetMap scans every character in Python; first find out (at C speed) whether it is needed.
        self._map: OffsetMap | _Identity = OffsetMap(text) if has_astral(text) else _Identity(len(text))
        # Code point index of the "\r" of every "\r\n" pair.
        crlf: list[int] = []
        if "\r\n" in text:
            i = text.find("\r\n")
            while i != -1:
                crlf.append(i)
                i = text.find("\r\n", i + 2)
        self._crlf = crlf
        # Qt position of each pair's (single) separator.
        self._crlf_qt = [self._map.to_utf16(cp) - k for k, cp in enumerate(crlf)]

    @property
    def text(self) -> str:
        return self._text

    @property
    def length_cp(self) -> int:
        return self._map.length_cp

    @property
    def length_qt(self) -> int:
        """Number of Qt positions the text occupies (without the final block separator)."""
        return self._map.length_utf16 - len(self._crlf)

    def to_qt(self, cp: int) -> int:
        """Code point offset -> Qt position. Between "\\r" and "\\n" rounds down to the separator."""
        if self._crlf:
            k = bisect_left(self._crlf, cp - 1)  # pairs whose "\n" lies before cp
            if k < len(self._crlf) and self._crlf[k] == cp - 1:
                cp -= 1  # cp sits inside a CRLF pair
            return self._map.to_utf16(cp) - k
        return self._map.to_utf16(cp)

    def to_cp(self, qt: int) -> int:
        """Qt position -> code point offset. Inside a surrogate pair rounds down to the character."""
        if not 0 <= qt <= self.length_qt:
            raise ValueError(f"Qt position {qt} outside text of {self.length_qt} positions")
        if self._crlf:
            qt += bisect_right(self._crlf_qt, qt - 1)  # separators that end at or before qt
        return self._map.to_cp(qt)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def range_to_cp(self, start: int, end: int) -> tuple[int, int]:
        return self.to_cp(start), self.to_cp(end)
