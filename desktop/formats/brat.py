"""brat standoff: a folder with ``<name>.txt`` and ``<name>.ann`` per article, plus ``annotation.conf``.

Offsets count characters of the ``.txt`` as brat's Python server reads it (UTF-8,
no newline translation, a leading BOM counted as a character), i.e. Unicode code
points, end exclusive; the ``.txt`` is written byte for byte as the article text
(CRLF stays CRLF) and read back exactly so.

``.ann`` lines:
- ``T<n>\\t<type> <start> <end>\\t<text>``: entity spans (type = label) and claims
  (type ``Claim_<kind>``). A span that crosses a line break is written as brat
  fragments (``start end;start end``) around the break, since brat draws one line at a time.
- ``R<n>\\t<label> Arg1:T<a> Arg2:T<b>``: links whose ends are both in the article (a link to
  a canonical entity goes to its mention nearest the claim).
- ``A<n>\\t<Name> T<x> <value>``: Status (suggested/accepted) and Origin of every T;
  Verdict, Attribution and Checkworthy of claims.
- ``#<n>\\tAnnotatorNotes T<x>\\t<note>``: claim notes (line breaks become spaces).

File names: an ASCII slug of the title (at most 40 characters) plus the article id's
hash part, e.g. ``netanyahu-tells-hostage-families-1179d10ae900ab8a``; never a path
separator or a reserved name, unique in the folder.

Reading takes a ``.txt``/``.ann`` pair or a folder of them (sorted by name). T lines
become spans/claims (status and origin from the A lines, else accepted analyst
annotations; a discontinuous span is joined over its gap and noted unless the gap is
only a line break), R lines claim links or entity relations (see ``Marks``), N lines
canonical entities (``Wikidata:Q76`` -> kb id ``Q76``, other databases ``db:id``), notes
notes. Events, ``Equiv`` lines, unknown attributes and whatever else does not fit are
noted, one line each.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from desktop.domain.errors import InputError
from desktop.domain.model import (
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Entity,
    LinkLabel,
    Origin,
    Review,
    Span,
    Verdict,
)
from desktop.domain.ports import Progress

from .base import MAX_FILE_BYTES, ExportReport, ReadNotes, tick
from .build import Marks, check_document, claim_label, export_meta, meta_from, native_id, new_article
from .loss import ALL, ANNOTATORS, EVIDENCE, LINK_NOTES, REJECTED, RELATION_NOTES, count_unheld
from .plaintext import SIDECAR_SUFFIX, guess_title, read_sidecar
from .select import local_link_ends, select
from .textio import read_text_file

_SLUG_MAX = 40
HOLDS = frozenset(ALL - {EVIDENCE, LINK_NOTES, RELATION_NOTES, ANNOTATORS, REJECTED})


def slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    out = ""
    for w in words:
        nxt = f"{out}-{w}" if out else w
        if len(nxt) > _SLUG_MAX:
            break
        out = nxt
    return out or (words[0][:_SLUG_MAX] if words else "article")


def safe_name(doc: Document, used: set[str]) -> str:
    short = re.sub(r"[^a-z0-9]", "", doc.article.id.split("-", 1)[-1].lower())[:16] or "x"
    base = f"{slug(doc.article.meta.title)}-{short}"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) split around line breaks (brat fragments).

    Whitespace next to an inner cut is trimmed; the outer ends stay exactly where the
    annotation starts and ends, so reading the fragments back gives the same span.
    """
    segment = text[start:end]
    if "\n" not in segment and "\r" not in segment:
        return [(start, end)]
    out = []
    for m in re.finditer(r"[^\r\n]+", segment):
        a, b = start + m.start(), start + m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    if not out:
        return [(start, end)]
    out[0] = (start, out[0][1])
    out[-1] = (out[-1][0], end)
    return out


def _clean(value: str) -> str:
    """One .ann field: control characters (tabs, line breaks, NUL, …) become spaces."""
    return "".join(" " if unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029\x85" else ch for ch in value)


def ann_lines(doc: Document, sel_spans: list[Span], sel_claims: list[Claim], links: list[tuple[str, str, str]]) -> str:
    text = doc.article.text
    lines: list[str] = []
    tid: dict[str, str] = {}
    attrs: list[tuple[str, str, str]] = []
    notes: list[tuple[str, str]] = []
    norms: list[tuple[str, str, str]] = []
    entities = {e.id: e for e in doc.entities}
    marks: list[Span | Claim] = sorted([*sel_spans, *sel_claims], key=lambda m: (m.start, m.end))
    for i, mark in enumerate(marks, 1):
        t = f"T{i}"
        tid[mark.id] = t
        frags = fragments(text, mark.start, mark.end)
        typ = mark.label if isinstance(mark, Span) else claim_label(mark.kind)
        where = ";".join(f"{a} {b}" for a, b in frags)
        shown = " ".join(text[a:b] for a, b in frags)
        lines.append(f"{t}\t{typ} {where}\t{_clean(shown)}")
        attrs.append(("Status", t, mark.status.value))
        attrs.append(("Origin", t, mark.origin.value))
        if isinstance(mark, Claim):
            attrs += [
                ("Verdict", t, mark.verdict.value),
                ("Attribution", t, mark.attribution.value),
                ("Checkworthy", t, str(mark.checkworthy)),
            ]
        elif mark.entity_id:
            entity = entities.get(mark.entity_id)
            name = _clean(entity.name) if entity is not None else ""
            norms.append((t, f"{NEWSDESK_DB}:{mark.entity_id}", name))
            if entity is not None and entity.kb_id:
                norms.append((t, _kb_ref(entity.kb_id), name))
        if mark.note:
            notes.append((t, _clean(mark.note)))
    for i, (label, head, child) in enumerate(links, 1):
        lines.append(f"R{i}\t{label} Arg1:{tid[head]} Arg2:{tid[child]}")
    for i, (name, t, value) in enumerate(attrs, 1):
        lines.append(f"A{i}\t{name} {t} {value}")
    for i, (t, ref, name) in enumerate(norms, 1):
        lines.append(f"N{i}\tReference {t} {ref}\t{name}")
    for i, (t, note) in enumerate(notes, 1):
        lines.append(f"#{i}\tAnnotatorNotes {t}\t{note}")
    return "".join(line + "\n" for line in lines)


NEWSDESK_DB = "Newsdesk"  # normalisation db of a canonical entity's Newsdesk id
WIKIDATA_DB = "Wikidata"


def _kb_ref(kb_id: str) -> str:
    """A kb id as a brat normalisation reference: ``Q43915`` -> ``Wikidata:Q43915``; ``db:id`` stays."""
    kb_id = re.sub(r"\s", "_", kb_id)
    return kb_id if ":" in kb_id else f"{WIKIDATA_DB}:{kb_id}"


def annotation_conf(entity_labels: Iterable[str], relation_labels: Iterable[str] = ()) -> str:
    claims = [claim_label(k) for k in ClaimKind]
    entities = sorted(set(entity_labels))
    claim_args = "|".join(claims)
    target_args = "|".join(entities) or "ENTITY"
    rel = []
    for label in LinkLabel:
        arg2 = claim_args if label.targets_claim else target_args
        rel.append(f"{label.value}\tArg1:{claim_args}, Arg2:{arg2}")
    link_names = {label.value for label in LinkLabel}
    for name in sorted(set(relation_labels) - link_names):
        rel.append(f"{name}\tArg1:{target_args}, Arg2:{target_args}")
    everything = "|".join([*entities, *claims])
    return (
        "[entities]\n" + "".join(f"{x}\n" for x in [*entities, *claims])
        + "[relations]\n" + "".join(f"{r}\n" for r in rel)
        + "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n"
        + "[events]\n"
        + "[attributes]\n"
        + f"Status\tArg:{everything}, Value:{'|'.join(r.value for r in Review)}\n"
        + f"Origin\tArg:{everything}, Value:{'|'.join(o.value for o in Origin)}\n"
        + f"Verdict\tArg:{claim_args}, Value:{'|'.join(v.value for v in Verdict)}\n"
        + f"Attribution\tArg:{claim_args}, Value:{'|'.join(a.value for a in Attribution)}\n"
        + f"Checkworthy\tArg:{claim_args}, Value:0|1|2|3\n"
    )  # fmt: skip


class BratWriter:
    name = "brat"
    extension = ""  # a folder
    description = "brat standoff: a folder of .txt + .ann files"

    def write(
        self,
        docs: Iterable[Document],
        dest: Path,
        *,
        accepted_only: bool = False,
        progress: Progress | None = None,
    ) -> ExportReport:
        dest = Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        report = ExportReport(self.name, reason="what brat standoff has no place for")
        used: set[str] = set()
        labels: set[str] = set()
        relation_labels: set[str] = set()
        for doc in docs:
            sel = select(doc, accepted_only=accepted_only)
            links = []
            for link in sel.links:
                ends = local_link_ends(doc, sel, link)
                if ends is None:
                    report.leave_out("links outside one article")
                    continue
                links.append((link.label.value, ends[0].id, ends[1].id))
            n_links = len(links)
            links += [(r.label, r.head, r.child) for r in sel.relations]
            relation_labels.update(r.label for r in sel.relations)
            count_unheld(report, doc, sel, HOLDS, accepted_only=accepted_only)
            name = safe_name(doc, used)
            (dest / f"{name}.txt").write_bytes(doc.article.text.encode("utf-8"))
            meta = export_meta(doc) | dict(doc.article.meta.extra)
            (dest / f"{name}{SIDECAR_SUFFIX}").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                          encoding="utf-8")  # fmt: skip
            (dest / f"{name}.ann").write_bytes(ann_lines(doc, sel.spans, sel.claims, links).encode("utf-8"))
            labels.update(s.label for s in sel.spans)
            report.n_documents += 1
            report.n_spans += len(sel.spans)
            report.n_claims += len(sel.claims)
            report.n_links += n_links
            report.n_relations += len(sel.relations)
            tick(progress, report.n_documents, doc.article.meta.title)
        (dest / "annotation.conf").write_text(annotation_conf(labels, relation_labels), encoding="utf-8")
        return report


# -- reading ---------------------------------------------------------------------------

_T = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_R = re.compile(r"^(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\s*$")
_A = re.compile(r"^([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?\s*$")
_NOTE = re.compile(r"^(#\d+)\tAnnotatorNotes (\S+)\t(.*)$")
_N = re.compile(r"^(N\d+)\tReference (\S+) ([^:\s]+):(\S+)\t?(.*)$")
_SKIPPED_LINES = {"E": "events skipped", "*": "equivalences (Equiv) skipped", "R": "relations of another form skipped",
                  "A": "attributes of another form skipped", "M": "attributes of another form skipped",
                  "N": "normalisations of another form skipped", "#": "comments skipped"}  # fmt: skip


def _enum(enum: type[Any], value: str | None, ann: Path, number: int) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = "|".join(m.value for m in enum)
        raise InputError(str(ann), f"attribute value {value!r} is not one of {allowed}", number) from None


def _entity_for(refs: list[tuple[str, str, str]], label: str, text: str) -> Entity:
    """A canonical entity from a T's normalisations: a Newsdesk id if one is given, the kb id of another."""
    own = next((ident for db, ident, _ in refs if db == NEWSDESK_DB), None)
    other = next(((db, ident) for db, ident, _ in refs if db != NEWSDESK_DB), None)
    kb_id = None
    if other is not None:
        kb_id = other[1] if other[0].lower() == WIKIDATA_DB.lower() else f"{other[0]}:{other[1]}"
    name = next((n for _, _, n in refs if n.strip()), "") or text
    eid = own or f"e-{hashlib.sha256((kb_id or '').encode('utf-8')).hexdigest()[:16]}"
    return Entity(eid, name.strip(), label, [], kb_id)


def parse_pair(txt: Path, ann: Path, max_bytes: int = MAX_FILE_BYTES, notes: ReadNotes | None = None) -> Document:
    text = read_text_file(txt, max_bytes=max_bytes, exact=True)
    side = read_sidecar(txt)
    meta = meta_from(side, text, fallback_title=guess_title(text))
    article = new_article(text, meta, native_id(side))
    raw = read_text_file(ann, max_bytes=max_bytes) if ann.stat().st_size else ""
    marks = Marks(article.id, notes, str(ann))
    rels: list[tuple[str, str, str, int]] = []
    attrs: list[tuple[str, str, str | None, int]] = []
    comments: list[tuple[str, str, int]] = []
    refs: dict[str, list[tuple[str, str, str]]] = {}
    for number, line in enumerate(raw.split("\n"), 1):
        line = line.rstrip("\r")
        where = f"{ann}:{number}"
        if not line.strip():
            continue
        if m := _T.match(line):
            t, typ, spec = m.group(1), m.group(2), m.group(3)
            pairs = [tuple(int(x) for x in frag.split()) for frag in spec.split(";")]
            start, end = min(p[0] for p in pairs), max(p[1] for p in pairs)
            if not 0 <= start < end <= len(text):
                raise InputError(
                    str(ann), f"{t}: offsets {start}..{end} outside the text ({len(text)} characters)", number
                )
            ordered = sorted(pairs)
            gaps = [text[a[1] : b[0]] for a, b in zip(ordered, ordered[1:], strict=False)]
            if any(gap.strip() for gap in gaps):  # the export's own line-break fragments have blank gaps
                marks.note("discontinuous spans joined over their gap", f"{t} {typ} {spec}", where)
            marks.add(t, start, end, typ, Origin.ANALYST, Review.ACCEPTED)
        elif m := _R.match(line):
            rels.append((m.group(2), m.group(3), m.group(4), number))
        elif m := _A.match(line):
            attrs.append((m.group(2), m.group(3), m.group(4), number))
        elif m := _NOTE.match(line):
            comments.append((m.group(2), m.group(3), number))
        elif m := _N.match(line):
            refs.setdefault(m.group(2), []).append((m.group(3), m.group(4), m.group(5)))
        elif line[0] in _SKIPPED_LINES:
            marks.note(_SKIPPED_LINES[line[0]], _clean(line[:60]), where)
        else:
            raise InputError(str(ann), f"not a brat annotation line: {line[:60]!r}", number)
    for name, t, value, number in attrs:
        mark = marks.get(t)
        if mark is None:
            marks.note("attributes on events or relations skipped", f"{name} {t}", f"{ann}:{number}")
            continue
        if name == "Status":
            mark.status = _enum(Review, value, ann, number)
        elif name == "Origin":
            mark.origin = _enum(Origin, value, ann, number)
        elif isinstance(mark, Claim) and name == "Verdict":
            mark.verdict = _enum(Verdict, value, ann, number)
        elif isinstance(mark, Claim) and name == "Attribution":
            mark.attribution = _enum(Attribution, value, ann, number)
        elif isinstance(mark, Claim) and name == "Checkworthy" and value in ("0", "1", "2", "3"):
            mark.checkworthy = int(value)
        else:
            marks.note(f"attributes {name!r} skipped", f"{t} {value or ''}".strip(), f"{ann}:{number}")
    for t, note, number in comments:
        mark = marks.get(t)
        if mark is None:
            marks.note("notes on events or relations skipped", f"{t}: {note:.60}", f"{ann}:{number}")
        else:
            mark.note = note
    entities: dict[str, Entity] = {}
    for t, found in refs.items():
        mark = marks.get(t)
        if not isinstance(mark, Span):
            marks.note("normalisations not on an entity span skipped", t)
            continue
        entity = _entity_for(found, mark.label, text[mark.start : mark.end])
        entity = entities.setdefault(entity.id, entity)  # two mentions of one entity: one Entity
        mark.entity_id = entity.id
    for label, a, b, number in rels:
        marks.link(a, b, label, where=f"{ann}:{number}")
    return check_document(marks.document(article, sorted(entities.values(), key=lambda e: e.id)), ann, None)


class BratReader:
    name = "brat"
    extensions = (".ann",)

    def __init__(self, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes

    def read(self, path: Path, notes: ReadNotes | None = None) -> Iterator[Document]:
        path = Path(path)
        if path.is_dir():
            pairs = [(t, t.with_suffix(".ann")) for t in sorted(path.glob("*.txt"))]
            pairs = [(t, a) for t, a in pairs if a.is_file()]
            if not pairs:
                raise InputError(str(path), "no .txt files with a matching .ann in this folder")
        else:
            txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
            for p in (txt, ann):
                if not p.is_file():
                    raise InputError(str(p), "missing: brat needs a .txt and an .ann with the same name")
            pairs = [(txt, ann)]
        for txt, ann in pairs:
            yield parse_pair(txt, ann, self.max_bytes, notes)
