"""The default entity label set: spaCy's OntoNotes labels, with colours and keys.

Colours are chosen from the Okabe-Ito / Tol palettes so neighbours stay apart for
colour-blind readers; the UI always draws the label name as well, never colour alone.
"""

from __future__ import annotations

from .model import LabelDef

ONTONOTES = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
    "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
)  # fmt: skip

_COLOURS = {
    "PERSON": "#E69F00", "NORP": "#CC79A7", "FAC": "#999933", "ORG": "#56B4E9",
    "GPE": "#009E73", "LOC": "#44AA99", "PRODUCT": "#DDCC77", "EVENT": "#AA4499",
    "WORK_OF_ART": "#882255", "LAW": "#117733", "LANGUAGE": "#332288", "DATE": "#F0E442",
    "TIME": "#D55E00", "PERCENT": "#88CCEE", "MONEY": "#0072B2", "QUANTITY": "#BBBBBB",
    "ORDINAL": "#AAAA00", "CARDINAL": "#EE8866",
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
