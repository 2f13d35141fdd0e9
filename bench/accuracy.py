"""Extraction accuracy against the repository's own expected files.

usage: python bench/accuracy.py [DIR_OR_PDF...] [--bulk N --seed S] [--per-doc]

Every ``NAME.pdf`` with a ``NAME.expected.json`` beside it (``samples/pdfs``,
``samples/scanned``; by default both) is extracted and compared with its
expected items; ``--bulk N`` also generates N varied plans with
``samples.make_samples.make_bulk`` into a temporary folder and scores those.
Items are paired by their action and milestone text (best fuzzy match, at
least 80/100); a field counts as right when it equals the expected value
after whitespace and case are normalised. Prints precision, recall and F1 of
the items and the share of right fields, overall and per field.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz  # noqa: E402

from council_plans.parsers import extract  # noqa: E402
from council_plans.schema.items import TEXT_FIELDS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [ROOT / "samples" / "pdfs", ROOT / "samples" / "scanned"]
PAIR_AT = 80


def norm(value: object) -> str:
    return " ".join(str(value or "").split()).casefold()


def key(item: dict) -> str:
    return norm(f"{item.get('action')} {item.get('milestone')}")


def score(expected: list[dict], predicted: list[dict]) -> tuple[int, Counter, Counter]:
    """(pairs, right fields by name, compared fields by name)."""
    free = list(range(len(predicted)))
    pairs, right, seen = 0, Counter(), Counter()
    for exp in expected:
        best = max(free, key=lambda i: fuzz.ratio(key(exp), key(predicted[i])), default=None)
        if best is None or fuzz.ratio(key(exp), key(predicted[best])) < PAIR_AT:
            continue
        free.remove(best)
        pairs += 1
        for field in TEXT_FIELDS:
            seen[field] += 1
            right[field] += norm(exp.get(field)) == norm(predicted[best].get(field))
    return pairs, right, seen


def documents(args: list[str]) -> list[tuple[Path, Path]]:
    found = []
    for arg in map(Path, args):
        pdfs = sorted(arg.glob("*.pdf")) if arg.is_dir() else [arg]
        for pdf in pdfs:
            exp = pdf.with_name(pdf.stem + ".expected.json")
            if exp.is_file():
                found.append((pdf, exp))
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="folders or PDFs (default: samples/pdfs samples/scanned)")
    ap.add_argument("--bulk", type=int, default=0, help="also score N generated plans")
    ap.add_argument("--seed", type=int, default=3, help="seed for --bulk (default 3)")
    ap.add_argument("--per-doc", action="store_true", help="one line per document")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.paths or ([] if args.bulk else [str(d) for d in DEFAULT_DIRS])
        if args.bulk:
            from samples.make_samples import make_bulk

            make_bulk(Path(tmp), args.bulk, args.seed)
            paths.append(tmp)
        return report(documents(paths), args.per_doc)


def report(docs: list[tuple[Path, Path]], per_doc: bool) -> int:
    n_exp = n_pred = n_pairs = 0
    right, seen = Counter(), Counter()
    for pdf, exp_path in docs:
        expected = json.loads(exp_path.read_text(encoding="utf-8"))["items"]
        predicted = [it.to_dict(provenance=False) for it in extract(pdf).items]
        pairs, r, s = score(expected, predicted)
        n_exp, n_pred, n_pairs = n_exp + len(expected), n_pred + len(predicted), n_pairs + pairs
        right.update(r)
        seen.update(s)
        if per_doc:
            cells = sum(r.values()) / max(sum(s.values()), 1)
            print(f"  {pdf.name:36} items={len(expected):3d} pred={len(predicted):3d} "
                  f"paired={pairs:3d} fields={cells:.3f}")
    p, r_ = n_pairs / max(n_pred, 1), n_pairs / max(n_exp, 1)
    f1 = 2 * p * r_ / max(p + r_, 1e-9)
    fields = " ".join(f"{f}={right[f] / seen[f]:.3f}" for f in TEXT_FIELDS if seen[f])
    print(f"documents={len(docs)} items={n_exp} pred={n_pred} P={p:.3f} R={r_:.3f} F1={f1:.3f} "
          f"fields={sum(right.values()) / max(sum(seen.values()), 1):.3f}")
    print(f"  {fields}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
