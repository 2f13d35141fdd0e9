"""Score extracted action items against hand-checked truth.

The rules of the extraction contract's benchmark, kept here so the project
measures itself without anything outside the repository:

* Items are paired greedily, best first, by ``token_sort_ratio`` of their
  action + milestone + progress text (each normalised, cut to 300
  characters); a pair needs at least 80.
* Precision and recall count the pairs; F1 is 0 when nothing pairs (so a
  document whose truth is "no items" scores F1 0 even when nothing is
  predicted: look at its predicted count).
* A field is right when its normalised texts agree exactly or with
  ``ratio`` at least 95, or both are empty; a truth item left unpaired
  counts as wrong in every field. ``cell_accuracy`` is the mean over the
  seven core fields.
* Totals over several documents are micro-averaged: pairs and items summed,
  field accuracies weighted by each document's truth items.

Normalisation: soft hyphens dropped, curly single quotes straightened, a
hyphen's following whitespace removed, whitespace collapsed, lower case.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

__all__ = ["CORE", "EXTRA", "DocScore", "Totals", "norm", "same", "score"]

#: fields that make up cell accuracy
CORE = ("ref", "action", "milestone", "timescale", "lead", "progress", "rag")
#: fields reported beside them
EXTRA = ("section", "success_measure", "outcome")
_PAIR_MIN = 80
_SAME_MIN = 95
_KEY_CHARS = 300


def norm(value: Any) -> str:
    """Text as compared: see the module doc."""
    if value is None:
        return ""
    text = str(value).replace("\u00ad", "").replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"-\s+", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _key(item: dict[str, Any]) -> str:
    return " ".join(norm(item.get(k))[:_KEY_CHARS] for k in ("action", "milestone", "progress"))


def same(a: Any, b: Any) -> bool:
    """Whether two cell values count as the same text."""
    a, b = norm(a), norm(b)
    if a == b:
        return True
    return bool(a and b) and fuzz.ratio(a, b) >= _SAME_MIN


def _pairs(truth: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Greedy best-first pairing of truth and predicted items by text."""
    tk, pk = [_key(t) for t in truth], [_key(p) for p in pred]
    candidates = sorted(((fuzz.token_sort_ratio(a, b), i, j) for i, a in enumerate(tk)
                         for j, b in enumerate(pk)), reverse=True)
    used_t: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for ratio, i, j in candidates:
        if ratio < _PAIR_MIN:
            break
        if i in used_t or j in used_p:
            continue
        used_t.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


class _Rates:
    """Precision and cell accuracy, the same for one document and for totals
    (recall and F1 differ at the edges, as in the benchmark)."""

    matched: int
    pred_items: int
    fields: dict[str, float]

    @property
    def precision(self) -> float:
        return self.matched / self.pred_items if self.pred_items else 0.0

    @property
    def cell_accuracy(self) -> float:
        return sum(self.fields[f] for f in CORE) / len(CORE)


@dataclass
class DocScore(_Rates):
    """One document's score."""

    truth_items: int
    pred_items: int
    matched: int
    #: field name -> share of truth items whose field was right
    fields: dict[str, float]

    @property
    def recall(self) -> float:
        return self.matched / self.truth_items if self.truth_items else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if self.matched else 0.0


def score(truth: list[dict[str, Any]], pred: list[dict[str, Any]]) -> DocScore:
    """Score one document's predicted items against its truth items."""
    pairs = _pairs(truth, pred)
    fields = {f: (sum(same(truth[i].get(f), pred[j].get(f)) for i, j in pairs) / len(truth)
                  if truth else 1.0) for f in CORE + EXTRA}
    return DocScore(len(truth), len(pred), len(pairs), fields)


@dataclass
class Totals(_Rates):
    """Micro-averaged totals over documents."""

    truth_items: int = 0
    pred_items: int = 0
    matched: int = 0
    _right: dict[str, float] = field(default_factory=lambda: dict.fromkeys(CORE + EXTRA, 0.0))

    def add(self, doc: DocScore) -> None:
        self.truth_items += doc.truth_items
        self.pred_items += doc.pred_items
        self.matched += doc.matched
        for f in self._right:
            self._right[f] += doc.fields[f] * doc.truth_items

    @property
    def recall(self) -> float:
        return self.matched / self.truth_items if self.truth_items else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fields(self) -> dict[str, float]:  # type: ignore[override]
        n = self.truth_items
        return {f: (v / n if n else 0.0) for f, v in self._right.items()}
