"""Extraction speed against pdfplumber's own ``extract_tables()``.

usage: python bench/speed.py DIR_OR_PDF... [--repeat N]

For every PDF, times (best of N) our full extraction and pdfplumber's
``extract_tables()`` over the same pages in this one process, then prints
pages per second for both, the ratio (ours / pdfplumber; below 1.0 means we
are faster), and the process's peak RSS.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from council_plans.parsers import extract  # noqa: E402
from council_plans.parsers.errors import PlanError  # noqa: E402


def pdfs_in(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return out


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def plumber_tables(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(p.extract_tables()) for p in pdf.pages)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tot_pages = tot_ours = tot_plumber = 0.0
    print(f"{'file':40s} {'pages':>5s} {'items':>5s} {'ours s':>8s} {'plumber s':>9s} {'ratio':>6s}")
    for path in pdfs_in(args.paths):
        try:
            result = extract(path)
        except PlanError as exc:
            print(f"{path.name:40s} skipped: {exc.reason}")
            continue
        ours = best_of(lambda: extract(path), args.repeat)
        theirs = best_of(lambda: plumber_tables(path), args.repeat)
        pages = result.source.pages
        tot_pages += pages
        tot_ours += ours
        tot_plumber += theirs
        print(f"{path.name[:40]:40s} {pages:5d} {len(result.items):5d} {ours:8.3f} {theirs:9.3f} {ours / theirs:6.2f}")
    if tot_pages:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"TOTAL pages={int(tot_pages)} ours={tot_pages / tot_ours:.1f} pages/s "
              f"pdfplumber extract_tables={tot_pages / tot_plumber:.1f} pages/s "
              f"ratio={tot_ours / tot_plumber:.2f} peak_rss={rss:.0f} MB")


if __name__ == "__main__":
    main()
