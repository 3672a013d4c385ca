"""The default entity label set: spaCy's OntoNotes labels, with colours and keys.

Colours are chosen from the Okabe-Ito / Tol palettes so that they stay apart for colour-blind
readers (checked by simulating protanopia, deuteranopia and tritanopia); the UI always draws the
label name as well, never colour alone.
"""

from __future__ import annotations

from .model import LabelDef

ONTONOTES = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
    "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
)  # fmt: skip

_COLOURS = {
    # The nine labels on number keys: at least 20 CIELAB units apart from each other and from the white page
    # for normal vision and simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009, severity 1);
    # all eighteen at least 9 apart (tests/domain/test_palette.py).
    "PERSON": "#E69F00", "ORG": "#99DDFF", "GPE": "#0072B2", "NORP": "#EE6677", "DATE": "#EEDD88",
    "CARDINAL": "#BBBBBB", "LOC": "#332288", "EVENT": "#882255", "MONEY": "#CC3311",
    "FAC": "#999933", "PRODUCT": "#DDDDDD", "WORK_OF_ART": "#AA3377", "LAW": "#117733", "LANGUAGE": "#CC79A7",
    "TIME": "#EE8866", "PERCENT": "#77AADD", "QUANTITY": "#44BB99", "ORDINAL": "#009E73",
}  # fmt: skip

# Number keys go to the labels a news analyst uses most.
_KEYS = {"PERSON": "1", "ORG": "2", "GPE": "3", "NORP": "4", "DATE": "5", "CARDINAL": "6",
         "LOC": "7", "EVENT": "8", "MONEY": "9"}  # fmt: skip


def default_labels() -> list[LabelDef]:
    return [LabelDef(name=n, colour=_COLOURS[n], key=_KEYS.get(n)) for n in ONTONOTES]


def fallback_colour(label: str) -> str:
    """A stable colour for a label that is not in the label set (e.g. from an import)."""
    h = sum(ord(c) * (i + 1) for i, c in enumerate(label)) % 360
    # HSL(h, 55%, 65%) -> RGB, kept light so black text stays readable.
    s, lum = 0.55, 0.65
    c = (1 - abs(2 * lum - 1)) * s
    x = c * (1 - abs((h / 60) % 2 - 1))
    m = lum - c / 2
    r, g, b = [(c, x, 0), (x, c, 0), (0, c, x), (0, x, c), (x, 0, c), (c, 0, x)][int(h // 60) % 6]
    return "#{:02X}{:02X}{:02X}".format(*(round((v + m) * 255) for v in (r, g, b)))


# Relations between two entity spans: the set an analyst starts with (editable, stored with the labels).
DEFAULT_RELATION_LABELS = ("works_for", "member_of", "met_with", "located_in", "part_of", "related_to")


def default_relation_labels() -> list[str]:
    return list(DEFAULT_RELATION_LABELS)
