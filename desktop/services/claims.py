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
        claim = self._stamp(Claim(id=new_id("claim"), article_id=article_id, start=start, end=end, kind=kind))
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
        if new == claim:
            return claim
        article = self._store.get_article(claim.article_id)
        what = ", ".join(f"{k} {getattr(new, k)}" for k in fields if k not in ("note", "evidence")) or "details"
        self._commit(f"Set claim {what}", article, [Change(claim, self._stamp(new))])
        return self._claim(claim_id)

    def accept(self, claim_id: str) -> Claim:
        claim = self._claim(claim_id)
        if claim.status == Review.ACCEPTED:
            return claim
        article = self._store.get_article(claim.article_id)
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
        """(entity suggestions, claim suggestions) of the article still to be reviewed."""
        spans = sum(1 for s in self._store.spans(article_id) if s.status == Review.SUGGESTED)
        claims = sum(1 for c in self._store.claims(article_id) if c.status == Review.SUGGESTED)
        return spans, claims

    def accept_all(self, article_id: str) -> int:
        """Accept every remaining suggestion of the article, entity spans and claims (one undo step).
        Returns how many."""
        article = self._store.get_article(article_id)
        spans = [s for s in self._store.spans(article_id) if s.status == Review.SUGGESTED]
        claims = [c for c in self._store.claims(article_id) if c.status == Review.SUGGESTED]
        todo = len(spans) + len(claims)
        if not todo:
            return 0
        changes = [Change(s, self._stamp(replace(s, status=Review.ACCEPTED))) for s in spans]
        changes += [Change(c, self._stamp(replace(c, status=Review.ACCEPTED))) for c in claims]
        n_spans, n_claims = len(spans), len(claims)
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
        for existing in self._store.links_touching([head.id]):
            if existing.head == head.id and existing.child == child.id and existing.label == label:
                return existing
        link = Link(id=new_id("link"), article_id=head.article_id, label=label, head=head.id, child=child.id,
                    note=note, origin=Origin.ANALYST)  # fmt: skip
        link = self._stamp(link)
        article = self._store.get_article(head.article_id)
        changes = [Change(None, link)]
        if label == LinkLabel.SAID_BY and head.attribution == Attribution.UNATTRIBUTED:
            # Naming who said it attributes the claim (direct; the analyst may change it to indirect).
            changes.append(Change(head, self._stamp(replace(head, attribution=Attribution.DIRECT))))
        self._commit(f"Link claim {label.replace('_', ' ')} {self._name(child)}", article, changes)
        return link

    def unlink(self, link_id: str) -> None:
        link = self._store.get(link_id)
        if not isinstance(link, Link):
            raise ActionRefused(f"There is no link {link_id} any more.")
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
        changes = [Change(None, entity), Change(span, self._stamp(replace(span, entity_id=entity.id)))]
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
            changes.append(Change(span, self._stamp(replace(span, entity_id=entity_id))))
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
            for span in self._store.entity_mentions(oid):
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

    def _entity(self, entity_id: str) -> Entity:
        obj = self._store.get(entity_id)
        if not isinstance(obj, Entity):
            raise ActionRefused(f"There is no entity {entity_id} any more.")
        return obj

    def _commit_global(self, action: str, changes: builtins.list[Change]) -> None:
        self._history.do(ChangeSet(action, tuple(changes), None))
