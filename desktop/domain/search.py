"""Corpus search and the article list, as plain data: the query language and what it answers.

The query language (one line, as typed in the window or on the command line)::

    hostage talks "prime minister" status:done kind:quote entity:Netanyahu from:2025-01-01

- A bare word matches every word it begins (``minist`` finds *minister* and *ministry*).
- ``"a phrase"`` matches those words next to each other, in that order.
- ``field:value`` (or ``field:"two words"``) filters; the fields are in :data:`FILTERS`.

Only letters and digits reach the database's full-text syntax: every other character
separates words, as the index's own tokenizer does, so no input can inject an operator.
The database layer compiles a :class:`SearchQuery` to SQL (FTS5 on SQLite, tsquery on
PostgreSQL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .errors import NewsdeskError
from .model import ArticleStatus, ClaimKind, Review, Verdict

WORD = re.compile(r"[^\W_]+")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")
_TOKEN = re.compile(r'(?:(\w+):)?"([^"]*)"?|(\S+)')

# field name -> what the value is (for --help and the error message)
FILTERS = {
    "entity": "a canonical entity's name or alias, or the text of an entity span",
    "label": "the label of that entity span (PERSON, ORG, ...)",
    "kind": "claim kind: " + ", ".join(k.value for k in ClaimKind),
    "verdict": "claim verdict: " + ", ".join(v.value for v in Verdict),
    "claim": "claim status: " + ", ".join(r.value for r in Review),
    "status": "article status: " + ", ".join(s.value for s in ArticleStatus),
    "source": "the article's source (case-insensitive, whole value)",
    "from": "published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "to": "published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)",
}

MARK_ON, MARK_OFF = "\x02", "\x03"  # how the database marks matched terms inside a snippet
ELLIPSIS = "\u2026"


class QueryError(NewsdeskError):
    """A search query that cannot be understood; ``str()`` says why in one line."""


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase, already split into index tokens (lower case letters and digits)."""

    tokens: tuple[str, ...]
    phrase: bool = False  # typed in quotes: exact words, no prefix matching


@dataclass(frozen=True, slots=True)
class SearchQuery:
    terms: tuple[Term, ...] = ()
    entity: str | None = None
    label: str | None = None
    claim_kind: ClaimKind | None = None
    verdict: Verdict | None = None
    claim_status: Review | None = None
    status: ArticleStatus | None = None
    source: str | None = None
    since: str | None = None  # inclusive, a date prefix
    until: str | None = None  # inclusive, a date prefix
    limit: int = 200

    @property
    def claims_only(self) -> bool:
        """A claim filter restricts the results to the claims it describes."""
        return self.claim_kind is not None or self.verdict is not None or self.claim_status is not None

    @property
    def empty(self) -> bool:
        return not self.terms and self == SearchQuery(limit=self.limit)

    def words(self) -> list[str]:
        return [t for term in self.terms for t in term.tokens]


def _enum(kind: type[StrEnum], name: str, value: str) -> StrEnum:
    wanted = value.strip().lower().replace(" ", "_").replace("-", "_")
    for member in kind:
        if member.value == wanted:
            return member
    raise QueryError(f"{name}:{value}: not one of {', '.join(m.value for m in kind)}")


def _date(name: str, value: str) -> str:
    if not _DATE.match(value):
        raise QueryError(f"{name}:{value}: a date is YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def parse_query(text: str, *, limit: int = 200, **filters: str | None) -> SearchQuery:
    """Parse the one-line query; ``filters`` (e.g. from command-line options) use the same names
    as ``field:`` and win over them. Raises :class:`QueryError` naming the bad part."""
    terms: list[Term] = []
    values: dict[str, str] = {}
    for m in _TOKEN.finditer(text):
        name, quoted, bare = m.group(1), m.group(2), m.group(3)
        if quoted is not None:
            if name is not None and _known(name):
                values[_field(name)] = quoted
                continue
            if name is not None:
                terms.append(Term(tuple(w.lower() for w in WORD.findall(name))))
            if tokens := tuple(w.lower() for w in WORD.findall(quoted)):
                terms.append(Term(tokens, phrase=True))
            continue
        assert bare is not None
        head, sep, rest = bare.partition(":")
        if sep and _known(head) and rest:
            values[_field(head)] = rest
            continue
        if tokens := tuple(w.lower() for w in WORD.findall(bare)):
            terms.append(Term(tokens))
    for key, value in filters.items():
        if value is not None and value != "":
            values[_field(key)] = value
    q = SearchQuery(terms=tuple(terms), limit=max(1, limit))
    for key, value in values.items():
        value = value.strip()
        if not value:
            continue
        if key == "entity":
            q = replace(q, entity=value)
        elif key == "label":
            q = replace(q, label=value.upper())
        elif key == "kind":
            q = replace(q, claim_kind=ClaimKind(_enum(ClaimKind, key, value)))
        elif key == "verdict":
            q = replace(q, verdict=Verdict(_enum(Verdict, key, value)))
        elif key == "claim":
            q = replace(q, claim_status=Review(_enum(Review, key, value)))
        elif key == "status":
            q = replace(q, status=ArticleStatus(_enum(ArticleStatus, key, value)))
        elif key == "source":
            q = replace(q, source=value)
        elif key == "from":
            q = replace(q, since=_date(key, value))
        elif key == "to":
            q = replace(q, until=_date(key, value))
    return q


def _known(name: str) -> bool:
    try:
        _field(name)
    except QueryError:
        return False
    return True


def _field(name: str) -> str:
    key = name.lower().replace("_", "-")
    key = {"claim-status": "claim", "claim-kind": "kind", "since": "from", "until": "to"}.get(key, key)
    if key not in FILTERS:
        raise QueryError(f"{name}: is not a search filter (known: {', '.join(FILTERS)})")
    return key


def until_bound(until: str) -> str:
    """The smallest date string after every date that ``until`` (a prefix) includes."""
    return until + "\uffff"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: an article (matched in its title or text) or one of its claims."""

    article_id: str
    object_id: str | None  # the claim's id, None for the article itself
    kind: str  # "title", "text" or "claim"
    title: str
    snippet: str  # plain text around the match
    marks: tuple[tuple[int, int], ...] = ()  # the matched terms in ``snippet`` (code points)
    published: str | None = None
    source: str | None = None
    claim_kind: str | None = None
    verdict: str | None = None
    claim_status: str | None = None
    fragment: str = ""  # the snippet as cut from the text, without ellipses: finds the match again

    def locate(self, text: str, base: int = 0) -> tuple[int, int] | None:
        """Where the first marked term is in ``text`` (the article's, or a claim's starting at ``base``)."""
        if not self.fragment or not self.marks:
            return None
        at = text.find(self.fragment)
        if at < 0:
            return None
        lead = 1 if self.snippet.startswith(ELLIPSIS) and not self.fragment.startswith(ELLIPSIS) else 0
        start, end = self.marks[0]
        return base + at + start - lead, base + at + end - lead


def parse_snippet(marked: str) -> tuple[str, tuple[tuple[int, int], ...], str]:
    """(plain snippet, marked ranges, fragment) from a snippet the database marked with MARK_ON/OFF."""
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    pos = 0
    start = -1
    for ch in marked:
        if ch == MARK_ON:
            start = pos
        elif ch == MARK_OFF:
            if start >= 0 and pos > start:
                marks.append((start, pos))
            start = -1
        else:
            out.append(ch)
            pos += 1
    plain = "".join(out)
    fragment = plain
    if fragment.startswith(ELLIPSIS):
        fragment = fragment[1:]
    if fragment.endswith(ELLIPSIS):
        fragment = fragment[:-1]
    return plain, tuple(marks), fragment


# -- the article list --------------------------------------------------------------------------


class ArticleSort(StrEnum):
    TITLE = "title"
    SOURCE = "source"
    DATE = "date"
    STATUS = "status"
    ENTITIES = "entities"  # counted over the spans: the slow column on a large corpus


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Which articles the list shows, in which order. Filters are parameters so that new ones plug in."""

    text: str = ""  # in the title or the source, case-insensitive
    statuses: frozenset[ArticleStatus] = field(default_factory=frozenset)  # empty: every status
    sort: ArticleSort = ArticleSort.DATE
    descending: bool = True
    exclude: str | None = None  # leave one article out (e.g. "the next one that is not done")
