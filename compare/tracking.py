"""Which action of the previous version each action of a new version continues.

Pure functions (no database): :func:`match_actions` takes the actions of two
consecutive versions of a plan and returns one :class:`Link` per action of the
new version that continues (or was split from) an action of the old one.

Rules, in order (each action is used at most once, except as a split parent):

0. **same text**: identical normalised text, whatever the refs (a renumbered
   action keeps its wording); method ``ref`` when both print the same ref,
   else ``text`` (a plan without refs matched on its text, never on a ref).
1. **ref**: same normalised ref (case, spaces and a trailing dot ignored) and
   ``token_set_ratio`` of the texts >= :data:`REF_MIN` (60). A reworded action
   keeps its ref; a ref reused for an unrelated action scores far lower.
2. **text**: otherwise ``max(ratio, token_sort_ratio)`` of the normalised
   texts >= :data:`TEXT_MIN` (90), or >= :data:`TEXT_MIN_OTHER_REF` (93) when
   both print a ref and the refs differ, and the same numbers in both texts:
   a renumbered or moved action keeps its wording. Two *different* actions
   with similar wording (a near-duplicate: "child protection plans open for
   more than 18 months" vs "child in need plans open for more than 6 months")
   stay apart by their numbers or by the higher bar; an action heavily
   reworded *and* renumbered is left to rule 5.
   Without refs, a near-duplicate replacing a dropped action scoring 90-93
   is taken for a rewording: a known limit.
   Candidates are taken best score first; ties go to the pair in the same
   section, then the smallest difference in position, then document order.
3. **part**: an old action still not continued whose text contains the
   texts of new actions (``partial_ratio`` >= :data:`SPLIT_MIN` (90), each at
   most :data:`SPLIT_SHARE` of its length, at least 25 characters) was split
   ("V1 X and V2 Y" -> "V1 X" + "V2 Y"): the part printed first in the old
   text continues its track (method ``part``); the others are rule 4's splits.
4. **split**: an action still unlinked whose text is contained in a longer
   action of the old version (same bounds) is linked to it with method
   ``split``; it starts a track of its own. An old action continued with its
   wording unchanged (score >= TEXT_MIN) was not split, so it is no split
   parent.
5. **section**: what is left on both sides, in the same section, with the
   same numbers in both texts and ``token_set_ratio`` >= :data:`SECTION_MIN`
   (70): an action reworded *and* renumbered in one version (best score
   first, ties as in rule 2). A dropped action and an unrelated new one of
   the same section rarely share this much wording and all their numbers;
   pairs so alike that rule 2 turned them down only for their differing refs
   (text score >= TEXT_MIN) are near-duplicates and stay apart.

Scores are rapidfuzz 0-100 values, stored with each link.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from rapidfuzz import fuzz

REF_MIN = 60.0
TEXT_MIN = 90.0
TEXT_MIN_OTHER_REF = 93.0
SPLIT_MIN = 90.0
SPLIT_SHARE = 0.8
SPLIT_MIN_CHARS = 25
SECTION_MIN = 70.0

_NON_WORD = re.compile(r"[^\w]+")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class ActionRow:
    """What matching needs of one action."""

    id: int
    text: str
    ref: str | None = None
    section: str | None = None
    position: int = 0


@dataclass(frozen=True)
class Link:
    """The new action ``new_id`` continues (or was split from) ``prev_id``."""

    new_id: int
    prev_id: int
    method: str  # ref | text | part | split | section
    score: float


def norm_text(text: str | None) -> str:
    """Lower case, punctuation to spaces, single spaces."""
    return " ".join(_NON_WORD.sub(" ", (text or "").lower()).split())


def norm_ref(ref: str | None) -> str:
    """"1.2." / " 1.2 " / "1. 2" -> "1.2"; empty for no ref."""
    return "".join((ref or "").lower().split()).rstrip(".")


def text_score(a: str, b: str) -> float:
    """Similarity of two normalised texts for rule 2."""
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))


def _tie_key(p: ActionRow, n: ActionRow, score: float) -> tuple:
    return (-score, (p.section or "") != (n.section or ""), abs(p.position - n.position),
            p.position, n.position)


def _same_text(prev: list[ActionRow], new: list[ActionRow], texts: dict[int, str],
               taken: set[int], links: dict[int, Link]) -> None:
    by_text: dict[str, list[ActionRow]] = {}
    for p in prev:
        by_text.setdefault(texts[p.id], []).append(p)
    candidates = [(_tie_key(p, n, 100.0), p, n, 100.0)
                  for n in new for p in by_text.get(texts[n.id], [])]
    for _, p, n, score in sorted(candidates, key=lambda c: c[0]):
        if p.id not in taken and n.id not in links:
            taken.add(p.id)
            same_ref = bool(norm_ref(p.ref)) and norm_ref(p.ref) == norm_ref(n.ref)
            links[n.id] = Link(n.id, p.id, "ref" if same_ref else "text", score)


def _by_ref(prev: list[ActionRow], new: list[ActionRow], texts: dict[int, str],
            taken: set[int], links: dict[int, Link]) -> None:
    candidates = []
    for n in new:
        for p in prev:
            if norm_ref(n.ref) and norm_ref(n.ref) == norm_ref(p.ref):
                score = fuzz.token_set_ratio(texts[p.id], texts[n.id])
                if score >= REF_MIN:
                    candidates.append((_tie_key(p, n, score), p, n, score))
    _take(candidates, "ref", taken, links)


def _open_pairs(prev: list[ActionRow], new: list[ActionRow], taken: set[int],
                links: dict[int, Link]) -> Iterator[tuple[ActionRow, ActionRow]]:
    """(old, new) pairs of an old action not yet continued and a new one not yet linked."""
    for n in new:
        if n.id not in links:
            yield from ((p, n) for p in prev if p.id not in taken)


def _same_numbers(a: str, b: str) -> bool:
    return _NUMBER.findall(a) == _NUMBER.findall(b)


def _by_text(prev: list[ActionRow], new: list[ActionRow], texts: dict[int, str],
             taken: set[int], links: dict[int, Link]) -> None:
    candidates = []
    for p, n in _open_pairs(prev, new, taken, links):
        score = text_score(texts[p.id], texts[n.id])
        other_ref = norm_ref(p.ref) and norm_ref(n.ref) and norm_ref(p.ref) != norm_ref(n.ref)
        if (score >= (TEXT_MIN_OTHER_REF if other_ref else TEXT_MIN)
                and _same_numbers(texts[p.id], texts[n.id])):
            candidates.append((_tie_key(p, n, score), p, n, score))
    _take(candidates, "text", taken, links)


def _take(candidates: list, method: str, taken: set[int], links: dict[int, Link]) -> None:
    for _, p, n, score in sorted(candidates, key=lambda c: c[0]):
        if p.id in taken or n.id in links:
            continue
        taken.add(p.id)
        links[n.id] = Link(n.id, p.id, method, round(float(score), 1))


def _is_part(t: str, whole: str) -> bool:
    """Whether ``t`` is long enough, and short enough, to be a part of ``whole``."""
    return SPLIT_MIN_CHARS <= len(t) <= SPLIT_SHARE * len(whole)


def _parts(prev: list[ActionRow], new: list[ActionRow], texts: dict[int, str],
           taken: set[int], links: dict[int, Link]) -> None:
    for p in prev:
        if p.id in taken:
            continue
        best = None
        for n in new:
            if n.id in links or not _is_part(texts[n.id], texts[p.id]):
                continue
            found = fuzz.partial_ratio_alignment(texts[n.id], texts[p.id])
            if found is not None and found.score >= SPLIT_MIN:
                key = (found.dest_start, *_tie_key(p, n, found.score))
                if best is None or key < best[0]:
                    best = (key, n, found.score)
        if best:
            taken.add(p.id)
            links[best[1].id] = Link(best[1].id, p.id, "part", round(float(best[2]), 1))


def _by_section(prev: list[ActionRow], new: list[ActionRow], texts: dict[int, str],
                taken: set[int], links: dict[int, Link]) -> None:
    candidates = []
    for p, n in _open_pairs(prev, new, taken, links):
        if (p.section or "") != (n.section or "") or text_score(texts[p.id], texts[n.id]) >= TEXT_MIN:
            continue  # another section, or near-duplicates rule 2 turned down
        score = fuzz.token_set_ratio(texts[p.id], texts[n.id])
        if score >= SECTION_MIN and _same_numbers(texts[p.id], texts[n.id]):
            candidates.append((_tie_key(p, n, score), p, n, score))
    _take(candidates, "section", taken, links)


def _splits(prev: list[ActionRow], new: list[ActionRow], texts: dict[int, str],
            links: dict[int, Link]) -> None:
    unchanged = {link.prev_id for link in links.values()
                 if text_score(texts[link.prev_id], texts[link.new_id]) >= TEXT_MIN}
    prev = [p for p in prev if p.id not in unchanged]
    for n in new:
        t = texts[n.id]
        if n.id in links or len(t) < SPLIT_MIN_CHARS:
            continue
        best = None
        for p in prev:
            if not _is_part(t, texts[p.id]):
                continue
            score = fuzz.partial_ratio(t, texts[p.id])
            if score >= SPLIT_MIN and (best is None or _tie_key(p, n, score) < best[0]):
                best = (_tie_key(p, n, score), p, score)
        if best:
            links[n.id] = Link(n.id, best[1].id, "split", round(float(best[2]), 1))


def match_actions(prev: list[ActionRow], new: list[ActionRow]) -> dict[int, Link]:
    """Links from the actions of ``new`` to those of ``prev`` (see module doc)."""
    texts = {a.id: norm_text(a.text) for a in [*prev, *new]}
    taken: set[int] = set()
    links: dict[int, Link] = {}
    _same_text(prev, new, texts, taken, links)
    _by_ref(prev, new, texts, taken, links)
    _by_text(prev, new, texts, taken, links)
    _parts(prev, new, texts, taken, links)
    _splits(prev, new, texts, links)
    _by_section(prev, new, texts, taken, links)
    return links
