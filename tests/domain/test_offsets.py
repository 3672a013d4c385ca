"""Code points <-> UTF-16: the conversion Qt positions go through at the UI edge."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.offsets import OffsetMap


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


TEXTS = {
    "ascii": "Netanyahu met Trump.",
    "emoji": "Hostages 🕊️ released: 👨‍👩‍👧 families 🇮🇱 waited.",
    "combining": "Cafe\u0301 de\u0301ja\u0300 vu, Zoe\u0308 said.",
    "hebrew": "ראש הממשלה בנימין נתניהו אמר",
    "arabic": "قال المتحدث ماجد الأنصاري إن المحادثات",
    "mixed_rtl": "Netanyahu (נתניהו) met Al Ansari (الأنصاري) 🤝 in Doha.",
    "crlf": "Line one.\r\nLine two 😀.\r\nLine three.",
    "astral_math": "𝔸𝔹ℂ 𝕏 end",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_position_round_trips(name: str) -> None:
    text = TEXTS[name]
    m = OffsetMap(text)
    assert m.length_cp == len(text)
    assert m.length_utf16 == utf16_len(text)
    for cp in range(len(text) + 1):
        u16 = m.to_utf16(cp)
        assert u16 == utf16_len(text[:cp])
        assert m.to_cp(u16) == cp


def test_emoji_shifts_qt_positions_after_it() -> None:
    text = "😀 Netanyahu"
    m = OffsetMap(text)
    start = text.index("Netanyahu")  # 2 code points in
    assert m.to_utf16(start) == 3  # but 3 UTF-16 units
    assert text[m.to_cp(3) : m.to_cp(12)] == "Netanyahu"


def test_position_inside_a_surrogate_pair_rounds_down() -> None:
    text = "a😀b"
    m = OffsetMap(text)
    assert m.to_cp(2) == 1  # the middle of 😀 maps to its start


def test_out_of_range_is_refused() -> None:
    m = OffsetMap("abc")
    with pytest.raises(ValueError):
        m.to_utf16(4)
    with pytest.raises(ValueError):
        m.to_cp(-1)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_property_matches_python_encoding(text: str) -> None:
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        assert m.to_utf16(cp) == utf16_len(text[:cp])
        assert m.to_cp(m.to_utf16(cp)) == cp
