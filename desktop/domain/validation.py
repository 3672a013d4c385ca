"""Validation rules for values a person types or a file carries, defined once.

The window's fields and the importers both ask these functions, so a value the
inspector refuses is refused the same way in a file (and the message says the same).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
# What a Wikidata field lets the user type on the way to a full id ("", "Q", "Q4", ... at most 12 digits).
WIKIDATA_TYPING = r"Q[1-9][0-9]{0,11}|Q?|"

URL_REASON = "evidence URLs start with http:// or https://"
WIKIDATA_REASON = "it is Q followed by digits, e.g. Q43915"


def valid_url(text: str) -> bool:
    """An evidence URL: http(s) with a host and no spaces."""
    parsed = urlparse(text.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in text.strip()


def valid_kb_id(text: str) -> bool:
    """A Wikidata item id such as Q43915 (empty means none)."""
    return not text or bool(WIKIDATA_ID.match(text))


def url_problem(text: str) -> str | None:
    """None for a good evidence URL, else one line saying why not."""
    return None if valid_url(text) else f"'{text}' is not a web address: {URL_REASON}."


def kb_id_problem(text: str) -> str | None:
    """None for a Wikidata id (or none), else one line saying why not."""
    return None if valid_kb_id(text) else f"'{text}' is not a Wikidata id: {WIKIDATA_REASON}."
