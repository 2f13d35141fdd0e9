"""Speed and memory on a ~600-page agenda pack.

    python bench/big_pack.py [--pages 600] [--kind agenda|plans] [--keep PATH]

Builds the pack: ``agenda`` (default) is the generated agenda pack of
``samples/pack.py`` (four plans among committee papers, as real packs are);
``plans`` repeats the committed sample plans' pages with pypdf (each copy
keeps its tables, so every page gets the full parse: the worst case). Then
extracts it once through ``ingest.worker.run_extraction`` (one child process,
as ``plans ingest`` does) and prints pages/s, items found and the child's
peak RSS, next to the peak RSS of extracting one small sample the same way:
memory is bounded when the two are of the same order, not 100x apart.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from council_plans.parsers.settings import ExtractSettings

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdfs"


def build_pack(out: Path, pages: int) -> int:
    """Write a pack of about ``pages`` pages made of the sample plans."""
    from pypdf import PdfReader, PdfWriter

    sources = [PdfReader(p) for p in sorted(SAMPLES.glob("*.pdf"))]
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for reader in sources:
            for page in reader.pages:
                if len(writer.pages) < pages:
                    writer.add_page(page)
    with open(out, "wb") as fh:
        writer.write(fh)
    return len(writer.pages)


def measure(path: Path, settings: ExtractSettings) -> tuple[float, int, float]:
    """(seconds, items, peak RSS MiB of the child) for one isolated extraction.

    ``RUSAGE_CHILDREN`` keeps the maximum over all children so far, so the
    figure is taken from a fresh interpreter per measurement."""
    import subprocess

    code = ("import resource, sys, time; sys.path.insert(0, sys.argv[3]);"
            "from council_plans.ingest.worker import run_extraction;"
            "from council_plans.parsers.settings import ExtractSettings;"
            "t = time.perf_counter(); r = run_extraction(sys.argv[1], ExtractSettings("
            "timeout_seconds=float(sys.argv[2])));"
            "print(time.perf_counter() - t, len(r.items), "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(path), str(settings.timeout_seconds),
                          str(Path(__file__).resolve().parents[1])],
                         capture_output=True, text=True, check=True)
    seconds, items, peak = out.stdout.split()
    return float(seconds), int(items), float(peak)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--kind", choices=["agenda", "plans"], default="agenda")
    ap.add_argument("--keep", type=Path, help="also save the pack here")
    args = ap.parse_args(argv)
    settings = ExtractSettings(timeout_seconds=3600)
    with tempfile.TemporaryDirectory(prefix="plans-pack-") as tmp:
        pack = args.keep or Path(tmp) / "pack.pdf"
        if args.kind == "agenda":
            from samples.pack import make_pack

            made = make_pack(Path(tmp), args.pages)
            pack = made.replace(pack) if args.keep else made
            from pypdf import PdfReader

            n = len(PdfReader(pack).pages)
        else:
            n = build_pack(pack, args.pages)
        size_mib = pack.stat().st_size / 2**20
        small = SAMPLES / "ruled-rag-fill.pdf"
        s_sec, s_items, s_peak = measure(small, settings)
        sec, items, peak = measure(pack, settings)
    print(f"{args.kind} pack: {n} pages, {size_mib:.1f} MiB")
    print(f"extract pack : {sec:7.1f} s  {n / sec:6.1f} pages/s  {items:5d} items  "
          f"peak RSS {peak:6.0f} MiB")
    print(f"extract small: {s_sec:7.1f} s  (3 pages)        {s_items:5d} items  "
          f"peak RSS {s_peak:6.0f} MiB")
    print("(times include the worker process's start-up, about 0.3-1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
