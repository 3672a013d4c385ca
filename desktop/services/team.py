"""Team review: assigning articles to analysts, and which version of an article an edit goes into.

Every span, claim, link and relation belongs to a *version* of its article. SHARED ("") is
the article's own version: pre-annotation suggestions, a team of one's work (exactly as
before team review), and the reviewed result. An analyst's name is that analyst's own
version of an article assigned to them.

Which version an edit goes into (the rule every editor follows, no parameter needed):
the current user's version when the article is assigned to the current user
(:meth:`TeamDesk.version_for`), else SHARED. So the editors (``services.spans``,
``claims``, ``links``, ``relations``, ``entities``) take the same arguments as before:

- an object of the writing version is edited in place;
- a SHARED object edited from an analyst's version is copied into it first (new id,
  ``version`` = the analyst, origin kept): accepting a suggestion stores an accepted copy,
  rejecting one stores a rejected copy (negative evidence), relabelling/resizing/linking
  one stores the changed copy. The shared suggestion stays for colleagues; the copy
  shadows it in the analyst's view (:func:`desktop.domain.team.analyst_view`);
- an object of somebody else's version is refused.

A version takes edits until it is submitted for review (the store refuses them after,
inside the writing transaction); :meth:`TeamDesk.reopen` opens it again. The first edit
in an assigned version moves it to "in progress". Every assignment change is one
transaction with one edit-log row per article and analyst that names who did it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from desktop.domain.errors import ActionRefused
from desktop.domain.model import SHARED, AnnotationVersion, Assignment, VersionState, utc_now
from desktop.domain.ports import Store
from desktop.domain.team import name_problem


class TeamDesk:
    def __init__(self, store: Store, annotator: Callable[[], str | None]) -> None:
        self._store = store
        self._annotator = annotator

    # -- reading --------------------------------------------------------------------
    def assignments(self, article_id: str | None = None, analyst: str | None = None) -> list[Assignment]:
        return self._store.assignments(article_id=article_id, analyst=analyst)

    def versions(self, article_id: str) -> list[AnnotationVersion]:
        return self._store.versions(article_id)

    def version_for(self, article_id: str, analyst: str | None = None) -> str:
        """The version ``analyst`` (default: the current user) edits on this article: their own
        when it is assigned to them, else SHARED."""
        who = analyst if analyst is not None else self._annotator()
        if not who:
            return SHARED
        return who if self._store.assignments(article_id=article_id, analyst=who) else SHARED

    def assignment(self, article_id: str, analyst: str | None = None) -> Assignment | None:
        who = analyst if analyst is not None else self._annotator()
        if not who:
            return None
        found = self._store.assignments(article_id=article_id, analyst=who)
        return found[0] if found else None

    # -- writing ----------------------------------------------------------------------
    def assign(self, article_ids: Sequence[str], analysts: Sequence[str]) -> int:
        """Assign every article to every analyst (one transaction). Returns how many new
        assignments were made (those that exist already are left as they are)."""
        names = self._names(analysts)
        ids = self._articles(article_ids)
        now, who = utc_now(), self._annotator()
        changes: list[tuple[Assignment | None, Assignment | None]] = []
        for aid in ids:
            have = {a.analyst for a in self._store.assignments(article_id=aid)}
            changes += [(None, Assignment(aid, n, VersionState.ASSIGNED, who, now)) for n in names if n not in have]
        self._store.write_assignments(changes, action=f"Assign {_articles(len(ids))} to {', '.join(names)}",
                                      annotator=who)  # fmt: skip
        return len(changes)

    def unassign(self, article_ids: Sequence[str], analysts: Sequence[str]) -> int:
        """Take the articles back from the analysts (one transaction). Returns how many
        assignments ended. What an analyst already marked stays in their version (it is
        listed by :meth:`versions` and exported with ``--version all``), hidden from them."""
        names = self._names(analysts)
        ids = self._articles(article_ids)
        changes: list[tuple[Assignment | None, Assignment | None]] = []
        for aid in ids:
            changes += [(a, None) for a in self._store.assignments(article_id=aid) if a.analyst in names]
        self._store.write_assignments(changes, action=f"Unassign {_articles(len(ids))} from {', '.join(names)}",
                                      annotator=self._annotator())  # fmt: skip
        return len(changes)

    def submit(self, article_id: str, analyst: str | None = None) -> Assignment:
        """Hand in an analyst's version (default: the current user's) for review."""
        return self._move(article_id, analyst, VersionState.SUBMITTED, "Submit")

    def reopen(self, article_id: str, analyst: str) -> Assignment:
        """Open a submitted version for edits again (back to "in progress")."""
        return self._move(article_id, analyst, VersionState.IN_PROGRESS, "Reopen")

    def _move(self, article_id: str, analyst: str | None, state: VersionState, verb: str) -> Assignment:
        who = analyst if analyst is not None else self._annotator()
        if not who:
            raise ActionRefused("Set your name first (Settings): a version is named after its analyst.")
        current = self.assignment(article_id, who)
        if current is None:
            raise ActionRefused(f"Article {article_id} is not assigned to {who}.")
        if current.state == state:
            return current
        if state == VersionState.IN_PROGRESS and current.state != VersionState.SUBMITTED:
            return current  # only a submitted version needs reopening
        new = replace(current, state=state, updated=utc_now())
        title = self._store.get_article(article_id).meta.title or article_id
        self._store.write_assignments([(current, new)], action=f"{verb} {who}'s version of '{_short(title)}'",
                                      annotator=self._annotator())  # fmt: skip
        return new

    def _names(self, analysts: Sequence[str]) -> list[str]:
        names = list(dict.fromkeys(analysts))
        if not names:
            raise ActionRefused("Name at least one analyst.")
        for name in names:
            problem = name_problem(name)
            if problem:
                raise ActionRefused(f"{problem[0].upper()}{problem[1:]}.")
        return names

    def _articles(self, article_ids: Sequence[str]) -> list[str]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            raise ActionRefused("Choose at least one article.")
        for aid in ids:
            try:
                self._store.get_article(aid)
            except KeyError:
                raise ActionRefused(f"There is no article {aid}.") from None
        return ids


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
