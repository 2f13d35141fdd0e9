"""Speed in one run: council-plans against pdfplumber's ``extract_tables()``
and pypdfium2's plain text, on a generated agenda pack and on the samples;
then a batch of small files through ``plans ingest`` against the Python API.

    python bench/speed.py                         # pack (287 pages), samples, 200-file batch
    python bench/speed.py --pack-pages 600 --batch 0
    python bench/speed.py --no-triage-too         # also time the full parse of every page
    python bench/speed.py PDF_OR_DIR ...          # your own files instead of the samples

Every figure comes from a fresh child process (``--measure``), so each
tool's peak RSS is its own; times are taken inside the child after imports
(pages/s), except the batch, timed from outside (start-up included: that is
what the comparison is about).  The ratio is ours / pdfplumber in this run,
in wall-clock and in CPU time: on a shared machine the load changes between
the two measurements and moves the wall-clock ratio; CPU time much less.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples" / "pdfs"
FIELDS = ("section", "ref", "action", "milestone", "timescale", "lead", "progress", "rag",
          "success_measure", "outcome", "page_first", "page_last")
TOOLS = {"ours": "council-plans extract()", "ours-full": "  same, no triage",
         "plumber": "pdfplumber extract_tables()", "pdfium": "pypdfium2 text"}


def pdfs_in(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return out


# -- in the measuring child ----------------------------------------------------

def _run_tool(tool: str, pdfs: list[Path]) -> dict:
    """Run one tool over ``pdfs`` in this process; pages, items, seconds."""
    import pdfplumber
    import pypdfium2

    from council_plans.parsers import ExtractSettings, extract
    from council_plans.parsers.document import extract_document  # noqa: F401 - import before timing

    pages = tables = 0
    items: list[dict] = []
    t0, c0 = time.perf_counter(), time.process_time()
    for path in pdfs:
        if tool in ("ours", "ours-full"):
            result = extract(path, ExtractSettings(triage=tool == "ours"))
            pages += result.source.pages
            items += [it.to_dict(provenance=False) for it in result.items]
        elif tool == "plumber":
            with pdfplumber.open(path) as pdf:
                pages += len(pdf.pages)
                tables += sum(len(page.extract_tables()) for page in pdf.pages)
        else:
            pdf = pypdfium2.PdfDocument(path)
            for page in pdf:
                page.get_textpage().get_text_range()
                pages += 1
            pdf.close()
    return {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "pages": pages,
            "items": items, "tables": tables}


def _api_batch(pdfs: list[Path], url: str) -> dict:
    """The batch through the Python API: parse in this process, store each document."""
    from council_plans.db.engine import ensure_schema, get_engine, session_scope
    from council_plans.db.store import DocumentMeta, store_extraction
    from council_plans.parsers import extract

    engine = get_engine(url)
    ensure_schema(engine)
    n = 0
    for path in pdfs:
        result = extract(path)
        with session_scope(engine) as session:
            store_extraction(session, result, DocumentMeta(file_name=path.name, source_path=str(path)))
        n += len(result.items)
    return {"items": n}


def _cli_batch(folder: Path, url: str) -> dict:
    exe = shutil.which("plans")
    cmd = [exe] if exe else [sys.executable, "-m", "council_plans.cli"]
    out = subprocess.run([*cmd, "ingest", str(folder), "--db", url], capture_output=True, text=True)
    found = re.search(r"items: (\d+)", out.stdout)
    return {"items": int(found.group(1)) if found else -1, "exit": out.returncode}


def measure_main(tool: str, args: list[str]) -> None:
    if tool == "batch-api":
        result = _api_batch(pdfs_in(args[1:]), args[0])
    elif tool == "batch-cli":
        result = _cli_batch(Path(args[1]), args[0])
    else:
        result = _run_tool(tool, pdfs_in(args))
    usage = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    result["rss_mib"] = usage / 1024
    print(json.dumps(result))


# -- in the parent -------------------------------------------------------------

def measure(tool: str, *args: str) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--measure", tool, *args],
                         capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{tool} failed:\n{out.stderr[-2000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - t0
    return result


def norm(value: object) -> object:
    return re.sub(r"\s+", " ", value).strip().lower() or None if isinstance(value, str) else value


def score(got: list[dict], want: list[dict]) -> tuple[float, float]:
    """(F1 of items paired by action text, share of equal fields over pairs)."""
    by_action: dict[object, list[dict]] = {}
    for w in want:
        by_action.setdefault(norm(w["action"]), []).append(w)
    tp, equal, cells = 0, 0, 0
    for g in got:  # both lists in document order: pair each with the first unpaired twin
        twins = by_action.get(norm(g["action"]))
        if twins:
            w = twins.pop(0)
            tp += 1
            equal += sum(norm(g.get(f)) == norm(w.get(f)) for f in FIELDS)
            cells += len(FIELDS)
    f1 = 2 * tp / (len(got) + len(want)) if got or want else 1.0
    return f1, equal / cells if cells else 1.0


def compare(label: str, paths: list[str], tools: list[str], want: list[dict] | None) -> None:
    print(f"\n{label}")
    print(f"  {'tool':30s} {'seconds':>8s} {'CPU s':>8s} {'pages/s':>8s} {'peak RSS MiB':>13s}")
    results = {}
    for tool in tools:
        r = results[tool] = measure(tool, *paths)
        print(f"  {TOOLS[tool]:30s} {r['seconds']:8.2f} {r['cpu']:8.2f} {r['pages'] / r['seconds']:8.1f} "
              f"{r['rss_mib']:13.0f}", flush=True)
    for unit in ("seconds", "cpu"):
        ours, theirs = results["ours"][unit], results["plumber"][unit]
        clock = "wall clock" if unit == "seconds" else "CPU time"
        line = f"  ratio council-plans / pdfplumber ({clock}) = {ours / theirs:.3f}"
        if "ours-full" in results:
            line += f"  (no triage: {results['ours-full'][unit] / theirs:.3f})"
        print(line)
    if want is not None:
        for tool in [t for t in ("ours", "ours-full") if t in results]:
            f1, cells = score(results[tool]["items"], want)
            print(f"  {TOOLS[tool].strip():30s} items={len(results[tool]['items'])}/{len(want)} "
                  f"F1={f1:.3f} cells={cells:.3f}")


def expected_of(pdfs: list[Path]) -> list[dict] | None:
    """The items every file's ``NAME.expected.json`` lists, if each has one."""
    files = [p.with_name(p.stem + ".expected.json") for p in pdfs]
    if not files or not all(f.exists() for f in files):
        return None
    return [it for f in files for it in json.loads(f.read_text())["items"]]


def batch(n: int, tmp: Path) -> None:
    from samples.make_samples import make_bulk

    folder = tmp / "batch"
    make_bulk(folder, n, seed=5)
    pdfs = sorted(folder.glob("*.pdf"))
    print(f"\nbatch of {len(pdfs)} small files ({sum(p.stat().st_size for p in pdfs) / 2**20:.1f} MiB), "
          "wall clock including start-up")
    cli = measure("batch-cli", f"sqlite:///{tmp / 'cli.db'}", str(folder))
    api = measure("batch-api", f"sqlite:///{tmp / 'api.db'}", *map(str, pdfs))
    for name, r in (("plans ingest (CLI)", cli), ("Python API (extract + store)", api)):
        print(f"  {name:30s} {r['wall']:8.2f} s {len(pdfs) / r['wall']:6.1f} files/s  "
              f"items={r['items']}  peak RSS {r['rss_mib']:.0f} MiB", flush=True)
    print(f"  ratio CLI / API = {cli['wall'] / api['wall']:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="PDFs or folders instead of samples/pdfs")
    ap.add_argument("--pack-pages", type=int, default=287, help="0: no pack")
    ap.add_argument("--batch", type=int, default=200, help="files in the batch; 0: no batch")
    ap.add_argument("--no-triage-too", action="store_true", help="also time without triage")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = ap.parse_args(argv)
    tools = ["ours", *(["ours-full"] if args.no_triage_too else []), "plumber", "pdfium"]
    with tempfile.TemporaryDirectory(prefix="plans-speed-") as tmp_name:
        tmp = args.keep or Path(tmp_name)
        if args.pack_pages:
            from samples.pack import make_pack

            pack = make_pack(tmp / "pack", args.pack_pages)
            want = json.loads(pack.with_name(pack.stem + ".expected.json").read_text())["items"]
            compare(f"agenda pack (samples/pack.py, {args.pack_pages} pages requested)",
                    [str(pack)], tools, want)
        paths = args.paths or [os.path.relpath(SAMPLES)]
        compare(f"files: {' '.join(paths)}", paths, tools, expected_of(pdfs_in(paths)))
        if args.batch:
            batch(args.batch, tmp)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure_main(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(main())
