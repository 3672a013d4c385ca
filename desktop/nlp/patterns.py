"""EntityRuler patterns: the analysts' rules, and a few built-in ones for running without a model.

The built-in patterns are deliberately narrow (dates with month or weekday names,
percentages, money, plain numbers): they are nearly always right, so the app can
offer suggestions even when no trained model is installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.domain.model import Rule

BUILTIN_ID = "builtin"

Pattern = dict[str, Any]

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBR = ["jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUMBER_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
]
_TIME_UNITS = ["days", "weeks", "months", "years", "decades", "hours", "minutes"]
_SCALE = ["million", "billion", "trillion", "thousand", "hundred"]
_CURRENCY_SYMBOLS = ["$", "€", "£", "¥", "US$"]
_CURRENCY_WORDS = ["dollars", "euros", "pounds", "shekels", "yen", "dollar", "euro"]
_NUMBER_REGEX = r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$"
_YEAR_REGEX = r"^(1[5-9]|20)\d\d$"
_DAY_REGEX = r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$"

_NUM: Pattern = {"TEXT": {"REGEX": _NUMBER_REGEX}}
_MONTH: Pattern = {"LOWER": {"IN": _MONTHS + _MONTH_ABBR}}
_DAY: Pattern = {"TEXT": {"REGEX": _DAY_REGEX}}
_YEAR: Pattern = {"TEXT": {"REGEX": _YEAR_REGEX}}


def _p(label: str, tokens: list[Pattern]) -> Pattern:
    return {"label": label, "pattern": tokens, "id": BUILTIN_ID}


def builtin_patterns() -> list[Pattern]:
    """Token patterns that are nearly always right (used when no model is installed)."""
    scale: Pattern = {"LOWER": {"IN": _SCALE}, "OP": "?"}
    # Capitalised month names only: "may" the verb must not become a date.
    month_cap: Pattern = {"LOWER": {"IN": _MONTHS + _MONTH_ABBR}, "IS_TITLE": True}
    return [
        # Dates: "Oct. 7, 2023", "7 October 2023", "July 2025", "Monday"
        _p("DATE", [month_cap, _DAY, {"ORTH": ",", "OP": "?"}, _YEAR]),
        _p("DATE", [month_cap, _DAY]),
        _p("DATE", [_DAY, month_cap, _YEAR]),
        _p("DATE", [_DAY, month_cap]),
        _p("DATE", [month_cap, _YEAR]),
        _p("DATE", [{"TEXT": {"REGEX": r"^\d{4}-\d\d-\d\d$"}}]),
        _p("DATE", [{"ORTH": {"IN": _WEEKDAYS}}]),
        # Durations: "640 days", "eight months"
        _p("DATE", [_not_year(), {"LOWER": {"IN": _TIME_UNITS}}]),
        _p("DATE", [{"LOWER": {"IN": _NUMBER_WORDS}}, {"LOWER": {"IN": _TIME_UNITS}}]),
        # Percentages: "5%", "5 percent", "12.5 per cent"
        _p("PERCENT", [_NUM, {"LOWER": {"IN": ["%", "percent"]}}]),
        _p("PERCENT", [_NUM, {"LOWER": "per"}, {"LOWER": "cent"}]),
        # Money: "$5", "$5 million", "5 million dollars"
        _p("MONEY", [{"ORTH": {"IN": _CURRENCY_SYMBOLS}}, _NUM, scale]),
        _p("MONEY", [_NUM, scale, {"LOWER": {"IN": _CURRENCY_WORDS}}]),
        # Plain numbers (not years): "1,200", "35,000", "fifty", "120 million"
        _p("CARDINAL", [_not_year(), scale]),
        _p("CARDINAL", [{"LOWER": {"IN": _NUMBER_WORDS}}, scale]),
    ]


def _not_year() -> Pattern:
    # A 4-digit number between 1500 and 2099 is most likely a year: leave it alone.
    return {"TEXT": {"REGEX": _NUMBER_REGEX, "NOT_IN": [str(y) for y in range(1500, 2100)]}}


def rule_patterns(rules: Sequence[Rule]) -> list[Pattern]:
    """One exact-text phrase pattern per analyst rule (the id tells rule spans apart)."""
    return [{"label": r.label, "pattern": r.pattern, "id": r.id} for r in rules if r.pattern.strip()]


def rules_key(rules: Sequence[Rule]) -> tuple[tuple[str, str, str], ...]:
    """What the ruler depends on: rebuild it only when this changes."""
    return tuple(sorted((r.id, r.pattern, r.label) for r in rules))
