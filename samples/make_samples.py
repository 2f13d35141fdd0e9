"""Regenerate the sample plan PDFs and their expected extraction JSON.

    python samples/make_samples.py            # all committed samples -> samples/pdfs/
    python samples/make_samples.py --bulk 200 --seed 7 --out bulk-out

Output is byte-for-byte reproducible: reportlab runs with ``invariant=1`` and
every random choice comes from an RNG seeded by the sample name (or by the
bulk seed), so a fresh run can be compared with the committed files.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples import layouts_other as other
from samples import layouts_real as real
from samples import layouts_round2 as round2
from samples import layouts_independent as independent
from samples import layouts_round3 as round3
from samples import layouts_ruled as ruled
from samples.variant import Variant

Builder = Callable[[Path, Variant], list[dict[str, Any]]]

#: name -> builder; one sample per layout feature family.
SAMPLES: dict[str, Builder] = {
    "ruled-rag-fill": ruled.ruled_rag_fill,
    "ruled-theme-rows": ruled.ruled_theme_rows,
    "ruled-merged-milestones": ruled.ruled_merged_milestones,
    "ruled-ref-columns": ruled.ruled_ref_columns,
    "borderless": other.borderless,
    "rag-text": other.rag_text,
    "themes-small-tables": other.themes_small_tables,
    "no-plan": other.no_plan,
    "missing-header-continuation": other.missing_header_continuation,
    "rotated-page": other.rotated_page,
    "delivery-plan-objective-rows": real.delivery_plan,
    "start-finish-dates": real.start_finish,
    "grouped-header": real.grouped_header,
    "action-cards": real.action_cards,
    "headerless-trackers": real.headerless_trackers,
    "status-words": round2.status_words,
    "quarterly-commentary": round2.quarterly_commentary,
    "wide-action-cards": round2.wide_cards,
    "shaded-bands": independent.shaded_bands,
    "tall-grouped-header": independent.tall_grouped_header,
    "wrapped-bold-header": independent.wrapped_bold_header,
    "centred-header-continued": independent.centred_header_continued,
    "headerless-text-log": independent.headerless_text_log,
    "rag-dots": round3.rag_dots,
    "rotated-priorities": round3.rotated_priorities,
    "slide-table": round3.slide_table,
}

#: samples added after bulk files were first compared across versions; left out
#: of bulk drawing so that a bulk seed keeps giving the same files
LATER_SAMPLES = ("status-words", "quarterly-commentary", "wide-action-cards", "shaded-bands",
                 "tall-grouped-header", "wrapped-bold-header", "centred-header-continued",
                 "headerless-text-log", "rag-dots", "rotated-priorities", "slide-table")
#: Layout families bulk files are drawn from (all of them hold a plan).
PLAN_FAMILIES = [name for name in SAMPLES if name != "no-plan" and name not in LATER_SAMPLES]
#: every layout family holding a plan, the later ones included (``--all-layouts``)
ALL_PLAN_FAMILIES = [name for name in SAMPLES if name != "no-plan"]

DEFAULT_OUT = Path(__file__).resolve().parent / "pdfs"


def write_expected(pdf: Path, items: list[dict[str, Any]]) -> Path:
    """Write ``NAME.expected.json`` beside ``NAME.pdf``."""
    out = pdf.with_name(pdf.stem + ".expected.json")
    doc = {"document": pdf.name, "items": items}
    out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def build(name: str, builder: Builder, out_dir: Path, variant: Variant) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{name}.pdf"
    write_expected(pdf, builder(pdf, variant))
    return pdf


def generate(out_dir: Path, names: list[str] | None = None) -> list[Path]:
    """Draw the named samples (default: all) into ``out_dir``; return the PDFs."""
    unknown = sorted(set(names or []) - set(SAMPLES))
    if unknown:
        raise ValueError(f"unknown sample(s): {', '.join(unknown)}; known: {', '.join(SAMPLES)}")
    return [build(name, SAMPLES[name], Path(out_dir), Variant(random.Random(name)))
            for name in (names or list(SAMPLES))]


def make_bulk(out_dir: Path, n: int, seed: int, families: list[str] | None = None) -> list[Path]:
    """``n`` varied plan PDFs for ingest benchmarks: random layout family
    (from ``families``, default :data:`PLAN_FAMILIES`), fonts, page sizes and
    row counts; each file is distinct (its own label)."""
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        family = rng.choice(families or PLAN_FAMILIES)
        variant = Variant(random.Random(f"{seed}:{i}"), randomise=True,
                          label=f"Bulk sample {seed}-{i + 1:05d} ({family})")
        paths.append(build(f"bulk-{seed}-{i + 1:05d}", SAMPLES[family], Path(out_dir), variant))
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help=f"samples to draw (default all): {', '.join(SAMPLES)}")
    ap.add_argument("--out", type=Path, default=None, help="output folder")
    ap.add_argument("--bulk", type=int, default=0, help="draw N random bulk files instead")
    ap.add_argument("--seed", type=int, default=1, help="seed for --bulk")
    ap.add_argument("--all-layouts", action="store_true", help="--bulk draws from the later layouts too")
    args = ap.parse_args(argv)
    if args.bulk:
        paths = make_bulk(args.out or Path("bulk-samples"), args.bulk, args.seed,
                          ALL_PLAN_FAMILIES if args.all_layouts else None)
    else:
        paths = generate(args.out or DEFAULT_OUT, args.names or None)
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
