"""Score the extractor on every PDF of a directory that has truth beside it.

    python bench/real_plans.py samples/pdfs samples/scanned
    python bench/real_plans.py DIR --json
    python bench/real_plans.py --bulk 200 --seed 3     # 200 generated plans
    python bench/real_plans.py --bulk 200 --seed 3 --all-layouts  # from every layout family

A PDF ``NAME.pdf`` is scored when ``NAME.truth.json`` or
``NAME.expected.json`` (``{"items": [...]}`` in the extraction contract)
sits beside it; other PDFs are skipped. Each is extracted in this process
with :func:`council_plans.parsers.extract` and scored by
:mod:`bench.scoring`. Prints one line per document (truth and
predicted items, pairs, F1, cell accuracy, per-field accuracy), then the
micro-averaged totals. A document the extractor refuses (encrypted,
damaged ...) scores as if it predicted nothing, and its error is printed.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository: bench/, samples/
from bench.scoring import CORE, EXTRA, DocScore, Totals, score
from council_plans.parsers import ExtractSettings, PlanError, extract
from council_plans.parsers.settings import ENGINES

__all__ = ["DocResult", "Report", "format_report", "main", "run", "truth_for"]

_TRUTH_SUFFIXES = (".truth.json", ".expected.json")
_SHORT = {"success_measure": "success", "timescale": "timesc", "milestone": "milest",
          "progress": "progr", "section": "sect", "outcome": "outc"}


@dataclass
class DocResult:
    """One scored document."""

    name: str
    score: DocScore
    error: str | None = None


@dataclass
class Report:
    """Every scored document and their totals."""

    docs: list[DocResult]
    totals: Totals

    def by_name(self) -> dict[str, DocResult]:
        return {d.name: d for d in self.docs}


def truth_for(pdf: Path) -> Path | None:
    """The truth file beside ``pdf``, if any."""
    stem = pdf.name[: -len(pdf.suffix)]
    for suffix in _TRUTH_SUFFIXES:
        candidate = pdf.with_name(stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def _predicted(pdf: Path, settings: ExtractSettings | None = None) -> tuple[list[dict], str | None]:
    """The items extracted from ``pdf`` as the JSON output has them, or no
    items and the error's one-line message."""
    try:
        extraction = extract(pdf, settings)
    except (PlanError, OSError) as exc:
        return [], f"{type(exc).__name__}: {exc}"
    return extraction.to_dict(provenance=False)["items"], None


def _pdfs(paths: Path | list[Path]) -> list[Path]:
    """The PDFs named by ``paths``: each a directory (its PDFs, sorted) or a PDF."""
    found: list[Path] = []
    for path in [paths] if isinstance(paths, Path) else paths:
        found += (sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf")
                  if path.is_dir() else [path])
    return found


def run(paths: Path | list[Path], settings: ExtractSettings | None = None) -> Report:
    """Extract and score every PDF in ``paths`` (directories or PDFs) that has truth."""
    docs: list[DocResult] = []
    totals = Totals()
    for pdf in _pdfs(paths):
        truth_path = truth_for(pdf)
        if truth_path is None:
            continue
        truth = json.loads(truth_path.read_text(encoding="utf-8"))["items"]
        pred, error = _predicted(pdf, settings)
        result = DocResult(pdf.name, score(truth, pred), error)
        totals.add(result.score)
        docs.append(result)
    return Report(docs, totals)


def _row(name: str, width: int, s: DocScore | Totals) -> str:
    fields = " ".join(f"{s.fields[f]:>{max(5, len(_SHORT.get(f, f)))}.2f}" for f in CORE + EXTRA)
    return (f"{name:{width}} {s.truth_items:>5} {s.pred_items:>5} {s.matched:>5} "
            f"{s.f1:>6.3f} {s.cell_accuracy:>6.3f}  {fields}")


def format_report(report: Report) -> str:
    """The report as a text table (see module doc)."""
    heads = " ".join(f"{_SHORT.get(f, f):>5}" for f in CORE + EXTRA)
    total = f"TOTAL ({len(report.docs)} documents)"
    width = max([len(total), *(len(d.name) for d in report.docs)])
    lines = [f"{'document':{width}} {'truth':>5} {'pred':>5} {'pairs':>5} {'F1':>6} {'cells':>6}  "
             f"{heads}"]
    for doc in report.docs:
        lines.append(_row(doc.name, width, doc.score))
        if doc.error:
            lines.append(f"  error: {doc.error}")
    t = report.totals
    lines.append(_row(total, width, t))
    lines.append(f"precision={t.precision:.3f} recall={t.recall:.3f} F1={t.f1:.3f} "
                 f"cells={t.cell_accuracy:.3f}")
    return "\n".join(lines)


def _as_json(report: Report) -> dict:
    def one(s: DocScore | Totals) -> dict:
        return {"truth_items": s.truth_items, "pred_items": s.pred_items, "matched": s.matched,
                "precision": s.precision, "recall": s.recall, "f1": s.f1,
                "cell_accuracy": s.cell_accuracy, "fields": s.fields}
    return {"documents": [{"document": d.name, **one(d.score), "error": d.error}
                          for d in report.docs], "totals": one(report.totals)}


def main(argv: list[str] | None = None) -> int:
    """Command line: print the report; exit 1 when no PDF named had truth."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", type=Path, nargs="*", help="directories or PDFs")
    parser.add_argument("--bulk", type=int, default=0,
                        help="also generate N varied sample plans (samples/make_samples.py) and score them")
    parser.add_argument("--seed", type=int, default=3, help="seed for --bulk (default 3)")
    parser.add_argument("--all-layouts", action="store_true",
                        help="--bulk draws from every layout family, the later samples too (other files than "
                             "the default, which keeps a seed's files unchanged)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--engine", choices=ENGINES, default=ExtractSettings.engine,
                        help="page model to read pages with")
    args = parser.parse_args(argv)
    if not args.paths and not args.bulk:
        parser.error("name a directory or PDF, or give --bulk N")
    for path in args.paths:
        if not path.exists():
            parser.error(f"{path}: no such file or directory")
    with tempfile.TemporaryDirectory() as tmp:
        if args.bulk:  # the generator lives in the repository's samples/, not in the package
            from samples.make_samples import ALL_PLAN_FAMILIES, make_bulk

            make_bulk(Path(tmp), args.bulk, args.seed, ALL_PLAN_FAMILIES if args.all_layouts else None)
        report = run(args.paths + ([Path(tmp)] if args.bulk else []), ExtractSettings(engine=args.engine))
    if not report.docs:
        named = " ".join(map(str, args.paths))
        print(f"{named}: no PDF with a .truth.json or .expected.json beside it", file=sys.stderr)
        return 1
    print(json.dumps(_as_json(report), indent=1) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
