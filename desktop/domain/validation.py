"""The field rules, once: what a label, a title, a date, a Wikidata id or an evidence URL may be.

Each rule returns ``None`` when the value is fine, else the reason in words a user reads
(the window shows it under the field; an import prefixes the file, line and record).
The window's widgets and every importer (via :func:`document_problem`) call these, so
an import accepts exactly what the window accepts.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlparse

from .model import Document

MAX_LABEL = 64
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]{0,11}")
_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What a Wikidata field lets the user type on the way to a full id ("", "Q", "Q4", ... at most 12 digits).
WIKIDATA_TYPING = r"Q[1-9][0-9]{0,11}|Q?|"

URL_REASON = "evidence URLs start with http:// or https://"
WIKIDATA_REASON = "it is Q followed by digits, e.g. Q43915"


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def label_problem(value: object) -> str | None:
    """A span or entity label: a non-empty string on one line, at most 64 characters."""
    if not isinstance(value, str):
        return f"a label must be text, not {_kind(value)}"
    if not value.strip():
        return "a label cannot be empty"
    if _CONTROL.search(value):
        return f"the label {value[:40]!r} holds a control character (a line break or tab)"
    if len(value) > MAX_LABEL:
        return f"the label {value[:40]!r}… is longer than {MAX_LABEL} characters"
    return None


def name_problem(value: object) -> str | None:
    """An entity's name: non-empty text."""
    if not isinstance(value, str):
        return f"an entity name must be text, not {_kind(value)}"
    if not value.strip():
        return "an entity needs a name"
    return None


def text_problem(value: object, what: str, *, optional: bool = True) -> str | None:
    """A free-text field (title, source, note, annotator): a string, or null when optional."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        return f"{what} must be text, not {_kind(value)} ({str(value)[:40]})"
    return None


def kb_id_problem(value: object) -> str | None:
    """A Wikidata item id such as Q43915; empty or null means none."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not WIKIDATA_ID.fullmatch(value):
        return f"{str(value)[:40]!r} is not a Wikidata id: {WIKIDATA_REASON}"
    return None


def url_problem(value: object) -> str | None:
    """A web address: http(s) with a host and no spaces (no javascript:, file:, data: ...)."""
    if not isinstance(value, str):
        return f"a web address must be text, not {_kind(value)}"
    text = value.strip()
    parsed = urlparse(text)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc or any(c.isspace() for c in text):
        return f"{value[:60]!r} is not a web address: {URL_REASON}"
    return None


def valid_url(text: str) -> bool:
    """An evidence URL: http(s) with a host and no spaces."""
    return url_problem(text) is None


def valid_kb_id(text: str) -> bool:
    """A Wikidata item id such as Q43915 (empty means none)."""
    return kb_id_problem(text) is None


def date_problem(value: object) -> str | None:
    """A publication date: YYYY, YYYY-MM, YYYY-MM-DD or an ISO date-time; null means undated."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return f"a date must be text, not {_kind(value)}"
    try:
        if _PARTIAL_DATE.fullmatch(value):
            parts = [int(p) for p in value.split("-")] + [1, 1]
            date(parts[0], parts[1], parts[2])
        else:
            datetime.fromisoformat(value)
    except ValueError:
        return f"{value[:40]!r} is not a date (expected e.g. 2025-07-10)"
    return None


def link_problem(head: str, child: str) -> str | None:
    """A link joins two different annotations."""
    if head == child:
        return f"a claim cannot be linked to itself ({head})"
    return None


def document_problem(doc: Document) -> str | None:
    """The first field of ``doc`` that breaks a rule, as '<where>: <reason>'; None when all are fine."""
    meta = doc.article.meta
    for what, value, optional in (
        ("title", meta.title, False),
        ("source", meta.source, True),
        ("url", meta.url, True),
        ("language", meta.language, False),
    ):
        if reason := text_problem(value, f"meta.{what}", optional=optional):
            return reason
    if reason := date_problem(meta.published):
        return f"meta.published: {reason}"
    for span in doc.spans:
        if reason := label_problem(span.label):
            return f"span {span.id}: {reason}"
    for claim in doc.claims:
        if reason := text_problem(claim.note, "the note", optional=False):
            return f"claim {claim.id}: {reason}"
        for url in claim.evidence:
            if reason := url_problem(url):
                return f"claim {claim.id}: {reason}"
    for link in doc.links:
        if reason := link_problem(link.head, link.child):
            return f"link {link.id}: {reason}"
    for entity in doc.entities:
        for reason in (name_problem(entity.name), label_problem(entity.label), kb_id_problem(entity.kb_id)):
            if reason:
                return f"entity {entity.id}: {reason}"
    return None
