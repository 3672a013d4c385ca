"""Claims, links between claims and what they are about, and canonical entities."""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, TypedDict, Unpack

from desktop.domain import validation
from desktop.domain.errors import ActionRefused
from desktop.domain.ids import new_id
from desktop.domain.model import (
    SHARED,
    Article,
    Attribution,
    Change,
    ChangeSet,
    Claim,
    ClaimKind,
    ClaimRef,
    Entity,
    Link,
    LinkLabel,
    Origin,
    Review,
    Span,
    Verdict,
)
from desktop.domain.spans import check_offsets
from desktop.domain.team import shown_suggestions
from desktop.domain.validation import url_problem

from .editing import EditorBase, Linked, _trim

EDITABLE_CLAIM_FIELDS = ("kind", "attribution", "checkworthy", "verdict", "note", "evidence")


PROPOSAL_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")  # the labels merge proposals look at


@dataclass(frozen=True, slots=True)
class MergeProposal:
    """Mentions across the corpus that likely name one entity, as the Entities dialog lists them."""

    name: str  # the suggested canonical name (the longest variant)
    label: str
    spans: tuple[Span, ...]
    variants: tuple[str, ...]  # the mentions' texts, each once, sorted
    n_articles: int


class ClaimFields(TypedDict, total=False):
    """What :meth:`ClaimEditor.update` may change (the enum fields also take their string values)."""

    kind: ClaimKind | str
    attribution: Attribution | str
    checkworthy: int
    verdict: Verdict | str
    note: str
    evidence: Sequence[str]


def _snippet(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ClaimEditor(EditorBase):
    """Marking, describing, accepting and removing claims. One method, one undo step."""

    def _claim(self, claim_id: str) -> Claim:
        obj = self._store.get(claim_id)
        if not isinstance(obj, Claim):
            raise ActionRefused(f"There is no claim {claim_id} any more.")
        return obj

    def mark(self, article_id: str, start: int, end: int, kind: ClaimKind = ClaimKind.OTHER) -> Claim:
        article = self._store.get_article(article_id)
        check_offsets(article.text, start, end, "claim")
        start, end = _trim(article.text, start, end)
        claim = self._stamp(Claim(id=new_id("claim"), article_id=article_id, start=start, end=end, kind=kind,
                                  version=self._writing(article_id)))  # fmt: skip
        self._commit(f"Mark claim '{_snippet(article.text[start:end])}'", article, [Change(None, claim)])
        return claim

    def update(self, claim_id: str, *, based_on: Claim | None = None, **fields: Unpack[ClaimFields]) -> Claim:
        """Change a claim's kind, attribution, checkworthy (0-3), verdict, note or evidence.

        ``based_on``: the claim as the caller showed it. When given, the edit is refused
        (ConflictError, nothing written) if the stored claim differs from it by the time of
        the write, so an edit made on a stale view never overwrites someone else's."""
        unknown = set(fields) - set(EDITABLE_CLAIM_FIELDS)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        if based_on is not None and based_on.id != claim_id:
            raise ValueError(f"based_on is claim {based_on.id}, not {claim_id}")
        claim = based_on if based_on is not None else self._claim(claim_id)
        values: dict[str, Any] = {}
        if "kind" in fields:
            values["kind"] = ClaimKind(str(fields["kind"]))
        if "attribution" in fields:
            values["attribution"] = Attribution(str(fields["attribution"]))
        if "verdict" in fields:
            values["verdict"] = Verdict(str(fields["verdict"]))
        if "checkworthy" in fields:
            cw = fields["checkworthy"]
            if not isinstance(cw, int) or not 0 <= cw <= 3:
                raise ActionRefused("Check-worthiness goes from 0 to 3.")
            values["checkworthy"] = cw
        if "note" in fields:
            values["note"] = fields["note"]
        if "evidence" in fields:
            evidence = [str(u).strip() for u in fields["evidence"] if str(u).strip()]
            added = [u for u in evidence if u not in claim.evidence]
            problem = next((p for p in map(url_problem, added) if p), None)
            if problem:
                raise ActionRefused(f"{problem}.")
            values["evidence"] = evidence
        new = replace(claim, **values)
        version = self._writing(claim.article_id)
        mine = self._mine(claim, version)
        if new == claim and mine:
            return claim
        article = self._store.get_article(claim.article_id)
        what = ", ".join(f"{k} {getattr(new, k)}" for k in fields if k not in ("note", "evidence")) or "details"
        if not mine:  # a shared suggestion described from an analyst's version: a copy in it, with its links
            changes: list[Change] = []
            copy = self._own(claim, version, changes, **values)
            self._copy_links(claim, copy, version, changes, {})
            self._commit(f"Set claim {what}", article, changes)
            return self._claim(copy.id)
        self._commit(f"Set claim {what}", article, [Change(claim, self._stamp(new))])
        return self._claim(claim_id)

    def accept(self, claim_id: str) -> Claim:
        claim = self._claim(claim_id)
        version = self._writing(claim.article_id)
        article = self._store.get_article(claim.article_id)
        if not self._mine(claim, version):  # an accepted copy in the analyst's version, its speaker too
            changes: list[Change] = []
            copy = self._own(claim, version, changes, status=Review.ACCEPTED)
            self._copy_links(claim, copy, version, changes, {})
            self._commit(f"Accept claim '{_snippet(article.text[claim.start:claim.end])}'", article, changes)
            return copy
        if claim.status == Review.ACCEPTED:
            return claim
        new = self._stamp(replace(claim, status=Review.ACCEPTED))
        changes = [Change(claim, new)]
        # Accepting a suggested quote accepts the suggested speaker span it is said_by.
        for link in self._store.links_touching([claim.id]):
            target = self._store.get(link.child)
            if link.head == claim.id and isinstance(target, Span) and target.status == Review.SUGGESTED:
                changes.append(Change(target, self._stamp(replace(target, status=Review.ACCEPTED))))
        self._commit(f"Accept claim '{_snippet(article.text[claim.start:claim.end])}'", article, changes)
        return new

    def unreviewed(self, article_id: str) -> tuple[int, int]:
        """(entity suggestions, claim suggestions) of the article still to be reviewed (in the
        version the current user edits: on an assigned article, the shared ones they still see too)."""
        version = self._writing(article_id)
        spans = sum(1 for s in self._store.spans(article_id, version) if s.status == Review.SUGGESTED)
        claims = sum(1 for c in self._store.claims(article_id, version) if c.status == Review.SUGGESTED)
        if version != SHARED:
            shown_spans, shown_claims = self._shown(article_id, version)
            spans, claims = spans + len(shown_spans), claims + len(shown_claims)
        return spans, claims

    def _shown(self, article_id: str, version: str) -> tuple[builtins.list[Span], builtins.list[Claim]]:
        return shown_suggestions(self._store.get_document(article_id), self._store.get_document(article_id, version))

    def _copy_links(self, claim: Claim, copy: Claim, version: str, changes: builtins.list[Change],
                    copied: dict[str, str]) -> None:  # fmt: skip
        """The shared links of a shared claim, copied along with it into ``version`` (a suggested
        quote's said_by): a shared suggested speaker span is copied (accepted) too, unless the
        version already has a span there; ``copied`` maps shared ids to their copies in this set."""
        for link in self._store.links_touching([claim.id]):
            if link.head != claim.id or link.version != SHARED:
                continue
            target = copied.get(link.child)
            child = self._store.get(link.child) if target is None else None
            if isinstance(child, Entity) or isinstance(child, Span | Claim) and child.version == version:
                target = child.id
            elif isinstance(child, Span) and child.version == SHARED and child.article_id == claim.article_id:
                own = self._store.spans_overlapping(child.article_id, child.start, child.end, version)
                same = [o for o in own if (o.start, o.end) == (child.start, child.end) and o.visible]
                if same:
                    target = same[0].id
                elif not own and child.status == Review.SUGGESTED:
                    target = self._own(child, version, changes, status=Review.ACCEPTED).id
                    copied[child.id] = target
            elif isinstance(child, Claim) and child.version == SHARED and child.article_id != claim.article_id:
                target = child.id  # a claim of another article
            if target is not None:
                changes.append(Change(None, self._copy(link, version, head=copy.id, child=target)))

    def accept_all(self, article_id: str) -> int:
        """Accept every remaining suggestion of the article, entity spans and claims (one undo step).
        Returns how many."""
        article = self._store.get_article(article_id)
        version = self._writing(article_id)
        spans = [s for s in self._store.spans(article_id, version) if s.status == Review.SUGGESTED]
        claims = [c for c in self._store.claims(article_id, version) if c.status == Review.SUGGESTED]
        shown_spans, shown_claims = self._shown(article_id, version) if version != SHARED else ([], [])
        n_spans, n_claims = len(spans) + len(shown_spans), len(claims) + len(shown_claims)
        todo = n_spans + n_claims
        if not todo:
            return 0
        changes = [Change(s, self._stamp(replace(s, status=Review.ACCEPTED))) for s in spans]
        changes += [Change(c, self._stamp(replace(c, status=Review.ACCEPTED))) for c in claims]
        copied: dict[str, str] = {}  # shared suggestions -> their accepted copies in the analyst's version
        for span in shown_spans:
            copied[span.id] = self._own(span, version, changes, status=Review.ACCEPTED).id
        for claim in shown_claims:
            copy = self._own(claim, version, changes, status=Review.ACCEPTED)
            self._copy_links(claim, copy, version, changes, copied)
        self._commit(f"Accept {todo} suggestions ({n_spans} entit{'y' if n_spans == 1 else 'ies'}, "
                     f"{n_claims} claim{'' if n_claims == 1 else 's'})", article, changes)  # fmt: skip
        return todo

    def remove(self, claim_id: str, *, linked: Linked = "ask") -> Claim | None:
        claim = self._claim(claim_id)
        return self._remove(claim, linked, lambda text: f"claim '{_snippet(text[claim.start:claim.end])}'")

    def list(self, query: str = "", *, limit: int | None = None) -> list[ClaimRef]:
        return self._store.list_claims(query, limit=limit)


class Linker(EditorBase):
    """Links from a claim to its speaker, its subject, and other claims (in any article)."""

    def link(self, head_id: str, child_id: str, label: LinkLabel | str, note: str = "") -> Link:
        label = LinkLabel(label)
        head = self._store.get(head_id)
        child = self._store.get(child_id)
        if not isinstance(head, Claim):
            raise ActionRefused("A link starts at a claim: select a claim first.")
        if child is None:
            raise ActionRefused(f"There is no annotation {child_id} to link to.")
        if label.targets_claim and not isinstance(child, Claim):
            raise ActionRefused(f"'{label}' links a claim to another claim.")
        if not label.targets_claim and not isinstance(child, Span | Entity):
            raise ActionRefused(f"'{label}' links a claim to an entity span or a canonical entity.")
        if head.id == child.id:
            raise ActionRefused("A claim cannot be linked to itself.")
        version = self._writing(head.article_id)
        changes: list[Change] = []
        said_by = label == LinkLabel.SAID_BY and head.attribution == Attribution.UNATTRIBUTED
        if not self._mine(head, version):  # a shared suggestion linked from an analyst's version: copy it in
            head = self._own(head, version, changes, **({"attribution": Attribution.DIRECT} if said_by else {}))
            said_by = False
        # a shared span or claim of this article is copied in; another analyst's version is refused
        if isinstance(child, Span) and child.version != version:
            child = self._own(child, version, changes)
        if isinstance(child, Claim) and child.version != version and (
                child.article_id == head.article_id or child.version != SHARED):  # fmt: skip
            child = self._own(child, version, changes)
        for existing in self._store.links_touching([head.id]):
            if existing.head == head.id and existing.child == child.id and existing.label == label:
                return existing
        link = Link(id=new_id("link"), article_id=head.article_id, label=label, head=head.id, child=child.id,
                    note=note, origin=Origin.ANALYST, version=version)  # fmt: skip
        link = self._stamp(link)
        article = self._store.get_article(head.article_id)
        changes.append(Change(None, link))
        if said_by:
            # Naming who said it attributes the claim (direct; the analyst may change it to indirect).
            changes.append(Change(head, self._stamp(replace(head, attribution=Attribution.DIRECT))))
        self._commit(f"Link claim {label.replace('_', ' ')} {self._name(child)}", article, changes)
        return link

    def unlink(self, link_id: str) -> None:
        link = self._store.get(link_id)
        if not isinstance(link, Link):
            raise ActionRefused(f"There is no link {link_id} any more.")
        if not self._mine(link, self._writing(link.article_id)):
            raise ActionRefused("That link comes with a shared suggestion: accept or remove the claim instead.")
        article = self._store.get_article(link.article_id)
        self._commit(f"Remove {link.label.replace('_', ' ')} link", article, [Change(link, None)])

    def links_of(self, object_id: str) -> list[Link]:
        return self._store.links_touching([object_id])

    def _name(self, obj: object) -> str:
        if isinstance(obj, Entity):
            return f"'{obj.name}'"
        if isinstance(obj, Span | Claim):
            text = self._store.get_article(obj.article_id).text
            return f"'{_snippet(text[obj.start:obj.end], 30)}'"
        return ""


class EntityDesk(EditorBase):
    """Canonical entities: one name for the mentions of the same person or body across the corpus."""

    def create_from_span(self, span_id: str, name: str | None = None, kb_id: str | None = None) -> Entity:
        span = self._store.get(span_id)
        if not isinstance(span, Span):
            raise ActionRefused(f"There is no span {span_id} any more.")
        article = self._store.get_article(span.article_id)
        mention = article.text[span.start : span.end]
        entity = Entity(id=new_id("entity"), name=(name or mention).strip(), label=span.label,
                        aliases=sorted({mention} - {name or mention}), kb_id=kb_id)  # fmt: skip
        changes: list[Change] = [Change(None, entity)]
        self._choose(span, entity.id, changes)
        self._commit(f"Make '{entity.name}' an entity", article, changes)
        return entity

    def assign(self, span_ids: list[str], entity_id: str) -> None:
        """Make these mentions name the entity (one step); their text joins its aliases."""
        entity = self._store.get(entity_id)
        if not isinstance(entity, Entity):
            raise ActionRefused(f"There is no entity {entity_id} any more.")
        changes: list[Change] = []
        aliases = set(entity.aliases)
        article: Article | None = None
        for sid in span_ids:
            span = self._store.get(sid)
            if not isinstance(span, Span) or span.entity_id == entity_id:
                continue
            article = self._store.get_article(span.article_id)
            aliases.add(article.text[span.start : span.end])
            self._choose(span, entity_id, changes)
        if article is None:
            return
        aliases.discard(entity.name)
        if aliases != set(entity.aliases):
            changes.insert(0, Change(entity, replace(entity, aliases=sorted(aliases))))
        self._commit(f"Link {len(changes)} mentions to '{entity.name}'", article, changes)

    def rename(self, entity_id: str, name: str, kb_id: str | None = None, label: str | None = None) -> Entity:
        """Rename; ``kb_id`` None keeps the Wikidata id, "" clears it (stored as null, never "")."""
        entity = self._entity(entity_id)
        aliases = sorted((set(entity.aliases) | {entity.name}) - {name.strip()})
        kb = entity.kb_id if kb_id is None else (kb_id.strip() or None)
        for reason in (validation.name_problem(name), validation.kb_id_problem(kb),
                       validation.label_problem(label) if label else None):  # fmt: skip
            if reason:
                raise ActionRefused(f"{reason[0].upper()}{reason[1:]}.")
        new = replace(entity, name=name.strip(), aliases=aliases, kb_id=kb, label=label or entity.label)
        if new == entity:
            return entity  # nothing changed: no empty undo step
        if new.name != entity.name:
            action = f"Rename entity '{entity.name}' to '{new.name}'"
        elif new.kb_id != entity.kb_id:
            action = (f"Set the Wikidata id of '{entity.name}' to {new.kb_id}" if new.kb_id
                      else f"Clear the Wikidata id of '{entity.name}'")  # fmt: skip
        else:
            action = f"Set the label of '{entity.name}' to {new.label}"
        self._commit_global(action, [Change(entity, new)])
        return new

    def merge(self, keep_id: str, other_ids: list[str]) -> Entity:
        """Merge entities into ``keep_id``: mentions and links move over, names become aliases."""
        keep = self._entity(keep_id)
        other_ids = [oid for oid in dict.fromkeys(other_ids) if oid != keep_id]  # never merge into itself
        if not other_ids:
            return keep
        aliases = set(keep.aliases)
        changes: list[Change] = []
        removals: list[Change] = []
        # A claim linked to two of the merged entities with the same label keeps one link.
        linked = {(lk.head, lk.label) for lk in self._store.links_touching([keep.id]) if lk.child == keep.id}
        for oid in other_ids:
            other = self._entity(oid)
            aliases |= {other.name, *other.aliases}
            for span in self._store.entity_mentions(oid, None):  # the mentions in every version move over
                changes.append(Change(span, self._stamp(replace(span, entity_id=keep.id))))
            for link in self._store.links_touching([oid]):
                changes.append(Change(link, None))
                if (link.head, link.label) not in linked:
                    linked.add((link.head, link.label))
                    changes.append(Change(None, replace(link, id=new_id("link"), child=keep.id)))
            removals.append(Change(other, None))
        aliases.discard(keep.name)
        merged = replace(keep, aliases=sorted(aliases))
        self._commit_global(f"Merge {len(other_ids) + 1} entities into '{keep.name}'",
                            [Change(keep, merged), *changes, *removals])  # fmt: skip
        return merged

    def split(self, entity_id: str, span_ids: list[str], name: str) -> Entity:
        """Move some mentions out of an entity into a new one."""
        entity = self._entity(entity_id)
        new = Entity(id=new_id("entity"), name=name.strip(), label=entity.label)
        changes: list[Change] = [Change(None, new)]
        for sid in span_ids:
            span = self._store.get(sid)
            if isinstance(span, Span) and span.entity_id == entity_id:
                changes.append(Change(span, self._stamp(replace(span, entity_id=new.id))))
        self._commit_global(f"Split '{new.name}' from '{entity.name}'", changes)
        return new

    def proposals(self) -> list[tuple[str, list[Span]]]:
        """Merge proposals as (suggested name, mentions); see :meth:`merge_proposals`."""
        return [(p.name, list(p.spans)) for p in self.merge_proposals()]

    def merge_proposals(self) -> list[MergeProposal]:
        """Merge proposals: accepted PERSON/ORG/... mentions across the corpus that share a name.

        Groups mentions by label and normalised surname-like key (the last word of a
        multi-word name), e.g. "Benjamin Netanyahu" and "Netanyahu". Only groups that are
        not already one entity are proposed. The candidate mentions come from one query over
        the spans table (with their articles' texts, a batch at a time): no document is read
        whole, and claims and links are not read at all.
        """
        groups: dict[tuple[str, str], list[tuple[str, Span]]] = defaultdict(list)
        shown: dict[str, str] = {}  # span id -> its text on one line, as the dialog lists it
        for span, text in self._store.labelled_mentions(PROPOSAL_LABELS):
            shown[span.id] = " ".join(text.split())
            mention = shown[span.id].removesuffix("'s").removesuffix("\u2019s")
            if not mention:
                continue
            key = mention.split()[-1].lower() if span.label == "PERSON" else mention.lower()
            groups[(span.label, key)].append((mention, span))
        ranked: list[tuple[int, int, str, MergeProposal]] = []
        for (label, _key), members in sorted(groups.items()):
            entity_ids = {s.entity_id for _, s in members}
            names = {m for m, _ in members}
            if len(members) < 2 or (len(entity_ids) == 1 and None not in entity_ids):
                continue
            name = max(names, key=lambda n: (len(n.split()), len(n)))
            spans = tuple(s for _, s in members)
            variants = tuple(sorted({shown[s.id] for s in spans}))
            proposal = MergeProposal(name, label, spans, variants, len({s.article_id for s in spans}))
            ranked.append((-len(names), -len(members), name.lower(), proposal))
        # Name variants ("Benjamin Netanyahu" / "Netanyahu") are the decisions worth an analyst's
        # time: they come first, then the groups with the most mentions.
        ranked.sort(key=lambda r: r[:3])
        return [proposal for *_, proposal in ranked]

    def confirm_proposal(self, name: str, span_ids: list[str]) -> Entity:
        """Make one entity of the proposed mentions (reusing an entity they already name)."""
        spans = [s for s in (self._store.get(i) for i in span_ids) if isinstance(s, Span)]
        if not spans:
            raise ActionRefused("None of those mentions exist any more.")
        existing = sorted({s.entity_id for s in spans if s.entity_id})
        changes: list[Change] = []
        if existing:
            entity = self._entity(existing[0])
        else:
            entity = Entity(id=new_id("entity"), name=name, label=spans[0].label)
            changes.append(Change(None, entity))
        aliases = set(entity.aliases)
        for span in spans:
            text = self._store.get_article(span.article_id).text
            aliases.add(" ".join(text[span.start : span.end].split()))
            if span.entity_id != entity.id:
                changes.append(Change(span, self._stamp(replace(span, entity_id=entity.id))))
        aliases.discard(entity.name)
        if existing:
            changes.insert(0, Change(entity, replace(entity, aliases=sorted(aliases))))
        else:
            changes[0] = Change(None, replace(entity, aliases=sorted(aliases)))
        self._commit_global(f"Make {len(spans)} mentions one entity '{entity.name}'", changes)
        got = self._store.get(entity.id)
        assert isinstance(got, Entity)
        return got

    def list(self) -> list[Entity]:
        return self._store.list_entities()

    def mentions(self, entity_id: str) -> builtins.list[Span]:  # ``list`` is the method above here
        return self._store.entity_mentions(entity_id)

    def _choose(self, span: Span, entity_id: str, changes: builtins.list[Change]) -> None:
        """Make the span name the entity, in the version the current user edits (an entity choice
        on a shared suggestion from an analyst's version is a copy of it in that version)."""
        version = self._writing(span.article_id)
        if self._mine(span, version):
            changes.append(Change(span, self._stamp(replace(span, entity_id=entity_id))))
        else:
            self._own(span, version, changes, entity_id=entity_id)

    def _entity(self, entity_id: str) -> Entity:
        obj = self._store.get(entity_id)
        if not isinstance(obj, Entity):
            raise ActionRefused(f"There is no entity {entity_id} any more.")
        return obj

    def _commit_global(self, action: str, changes: builtins.list[Change]) -> None:
        self._history.do(ChangeSet(action, tuple(changes), None))
