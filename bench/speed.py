"""Speed in one run: council-plans (pdfium and pdfplumber page models)
against pdfplumber's ``extract_tables()``, PyMuPDF's ``find_tables()`` and
the floor (every page's characters and drawings from PyMuPDF; both only
where PyMuPDF is installed: it is AGPL, never a dependency) and pypdfium2's
plain text, on a generated agenda pack, the samples and the real plans
(``$PLANS_SHARED``, when present); then a batch of small files through
``plans ingest --workers 1/2`` and ``--cluster local:1/2`` (docs/s, pages/s,
CPU of every process, peak RSS) against the Python API.

    python bench/speed.py                         # pack (287 pages), samples, real plans, 200-file batch
    python bench/speed.py --pack-pages 600 --batch 0
    python bench/speed.py --no-triage-too         # also time the full parse of every page
    python bench/speed.py PDF_OR_DIR ...          # your own files instead of the samples

Every figure comes from a fresh child process (``--measure``), so each
tool's peak RSS is its own; times are taken inside the child after imports
and after one warm-up document (samples/pdfs/ruled-rag-fill.pdf, whose CPU
time is printed as start-up: first use of caches and lazily built tables,
paid once per process), as the fastest of ``--repeat`` passes, except the
batch, timed from outside (start-up included: that is what the comparison
is about).  The ratio is ours / pdfplumber in this run,
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
TOOLS = {"ours": "council-plans, pdfium engine", "ours-plumber": "council-plans, pdfplumber engine",
         "ours-full": "  pdfium engine, no triage", "plumber": "pdfplumber extract_tables()",
         "mupdf": "PyMuPDF find_tables()", "floor": "PyMuPDF rawdict+drawings (floor)",
         "pdfium": "pypdfium2 text"}
#: tools that need PyMuPDF (AGPL: never a dependency; measured only where installed)
MUPDF_TOOLS = ("mupdf", "floor")
#: the batch through ``plans ingest``: local warm workers, then a local Dask cluster
BATCH_MODES = (("--workers", "1"), ("--workers", "2"), ("--cluster", "local:1"), ("--cluster", "local:2"))


def pdfs_in(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return out


# -- in the measuring child ----------------------------------------------------

#: the document every tool reads once before it is timed (imports' first use,
#: caches, lazily built tables): its time is reported as start-up
WARM_UP = SAMPLES / "ruled-rag-fill.pdf"


def _one(tool: str, path: Path) -> tuple[int, int, list[dict]]:
    """One tool over one file: (pages, tables, items)."""
    import pdfplumber
    import pypdfium2

    from council_plans.parsers import ExtractSettings, PlanError, extract

    engines = {"ours": "pdfium", "ours-full": "pdfium", "ours-plumber": "pdfplumber"}
    if tool in engines:
        try:
            result = extract(path, ExtractSettings(triage=tool != "ours-full", engine=engines[tool]))
        except PlanError as exc:  # timed like the others; the failure is reported
            print(f"{tool}: {exc}", file=sys.stderr)
            return len(pypdfium2.PdfDocument(path)), 0, []
        return result.source.pages, 0, [it.to_dict(provenance=False) for it in result.items]
    if tool in MUPDF_TOOLS:
        return (*_mupdf(tool, path), [])
    if tool == "plumber":
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages), sum(len(page.extract_tables()) for page in pdf.pages), []
    pdf = pypdfium2.PdfDocument(path)
    pages = 0
    for page in pdf:
        page.get_textpage().get_text_range()
        pages += 1
    pdf.close()
    return pages, 0, []


def _run_tool(tool: str, pdfs: list[Path], repeat: int = 1) -> dict:
    """Run one tool over ``pdfs`` in this process after one warm-up document
    (its time is ``start``); pages, items, and the seconds of the fastest of
    ``repeat`` passes (by CPU time)."""
    from council_plans.parsers.document import extract_document  # noqa: F401 - import before timing
    from council_plans.parsers.tables.image_ruled import available

    if available():  # a scan's rulings need camelot, whose import (~4 s of CPU) is not a page's time
        import camelot  # noqa: F401

    c0 = time.process_time()
    _one(tool, WARM_UP)
    start = time.process_time() - c0
    best: dict = {}
    for _ in range(repeat):
        pages = tables = 0
        items: list[dict] = []
        t0, c0 = time.perf_counter(), time.process_time()
        for path in pdfs:
            p, t, found = _one(tool, path)
            pages, tables, items = pages + p, tables + t, items + found
        cpu = time.process_time() - c0
        if not best or cpu < best["cpu"]:
            best = {"seconds": time.perf_counter() - t0, "cpu": cpu, "pages": pages, "items": items,
                    "tables": tables, "start": start}
    return best


def _mupdf(tool: str, path: Path) -> tuple[int, int]:
    """PyMuPDF's table finder, or the floor: every page's characters and
    drawings; (pages, tables)."""
    import pymupdf

    pages = tables = 0
    with pymupdf.open(path) as doc:
        for page in doc:
            pages += 1
            if tool == "mupdf":
                tables += len(page.find_tables().tables)
            else:
                page.get_text("rawdict")
                page.get_drawings()
    return pages, tables


def mupdf_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("pymupdf") is not None


def _api_batch(pdfs: list[Path], url: str) -> dict:
    """The batch through the Python API: parse in this process, store each document."""
    from council_plans.db.engine import ensure_schema, get_engine, session_scope
    from council_plans.db.store import store_extraction
    from council_plans.schema.items import SourceMeta
    from council_plans.parsers import extract

    engine = get_engine(url)
    ensure_schema(engine)
    n = 0
    for path in pdfs:
        result = extract(path)
        with session_scope(engine) as session:
            store_extraction(session, result, SourceMeta(file_name=path.name, source_path=str(path)))
        n += len(result.items)
    return {"items": n}


def _cli_batch(folder: Path, url: str, *options: str) -> dict:
    exe = shutil.which("plans")
    cmd = [exe] if exe else [sys.executable, "-m", "council_plans.cli"]
    c0 = _children_cpu()
    out = subprocess.run([*cmd, "ingest", str(folder), "--db", url, *options], capture_output=True, text=True)
    found = re.search(r"items: (\d+)", out.stdout)
    return {"items": int(found.group(1)) if found else -1, "exit": out.returncode,
            "cpu": _children_cpu() - c0}


def _children_cpu() -> float:
    """CPU seconds of every finished descendant (workers, Dask processes) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_main(tool: str, args: list[str]) -> None:
    if tool == "batch-api":
        result = _api_batch(pdfs_in(args[1:]), args[0])
    elif tool == "batch-cli":
        result = _cli_batch(Path(args[1]), args[0], *args[2:])
    else:
        repeat = 1
        if args[:1] == ["--repeat"]:
            repeat, args = int(args[1]), args[2:]
        result = _run_tool(tool, pdfs_in(args), repeat)
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


def compare(label: str, paths: list[str], tools: list[str], want: list[dict] | None,
            repeat: int = 1) -> None:
    print(f"\n{label}" + (f" (fastest of {repeat} passes)" if repeat > 1 else ""))
    print(f"  {'tool':30s} {'seconds':>8s} {'CPU s':>8s} {'pages/s':>8s} {'peak RSS MiB':>13s} {'start-up s':>11s}")
    results = {}
    for tool in tools:
        r = results[tool] = measure(tool, "--repeat", str(repeat), *paths)
        print(f"  {TOOLS[tool]:30s} {r['seconds']:8.2f} {r['cpu']:8.2f} {r['pages'] / r['seconds']:8.1f} "
              f"{r['rss_mib']:13.0f} {r['start']:11.2f}", flush=True)
    for unit in ("seconds", "cpu"):
        ours, theirs = results["ours"][unit], results["plumber"][unit]
        clock = "wall clock" if unit == "seconds" else "CPU time"
        line = f"  ratio council-plans / pdfplumber ({clock}) = {ours / theirs:.3f}"
        if "ours-full" in results:
            line += f"  (no triage: {results['ours-full'][unit] / theirs:.3f})"
        if "ours-plumber" in results:
            line += f"; pdfium engine {results['ours-plumber'][unit] / ours:.1f}x faster than pdfplumber engine"
        if "floor" in results:
            line += f"; {ours / results['floor'][unit]:.2f}x the PyMuPDF floor"
        print(line)
    if want is not None:
        for tool in [t for t in ("ours", "ours-plumber", "ours-full") if t in results]:
            f1, cells = score(results[tool]["items"], want)
            print(f"  {TOOLS[tool].strip():30s} items={len(results[tool]['items'])}/{len(want)} "
                  f"F1={f1:.3f} cells={cells:.3f}")


def expected_of(pdfs: list[Path]) -> list[dict] | None:
    """The items every file's ``NAME.expected.json`` lists, if each has one."""
    files = [p.with_name(p.stem + ".expected.json") for p in pdfs]
    if not files or not all(f.exists() for f in files):
        return None
    return [it for f in files for it in json.loads(f.read_text())["items"]]


def batch(n: int, tmp: Path, engine: str) -> None:
    import pypdfium2

    from samples.make_samples import make_bulk

    folder = tmp / "batch"
    make_bulk(folder, n, seed=5)
    pdfs = sorted(folder.glob("*.pdf"))
    pages = sum(len(pypdfium2.PdfDocument(p)) for p in pdfs)
    print(f"\nbatch of {len(pdfs)} small files, {pages} pages ({sum(p.stat().st_size for p in pdfs) / 2**20:.1f} "
          f"MiB), plans ingest --engine {engine}, wall clock and CPU including start-up")
    print(f"  {'mode':30s} {'seconds':>8s} {'CPU s':>8s} {'docs/s':>7s} {'pages/s':>8s} {'peak RSS MiB':>13s}")
    results = {}
    for option, value in BATCH_MODES:
        db = tmp / f"batch-{value.replace(':', '-')}.db"
        r = results[value] = measure("batch-cli", f"sqlite:///{db}", str(folder), option, value,
                                     "--engine", engine)
        print(f"  {option + ' ' + value:30s} {r['wall']:8.2f} {r['cpu']:8.2f} {len(pdfs) / r['wall']:7.1f} "
              f"{pages / r['wall']:8.1f} {r['rss_mib']:13.0f}  items={r['items']}", flush=True)
    two, local = results["local:2"], results["2"]
    print(f"  ratio --cluster local:2 / --workers 2: wall {two['wall'] / local['wall']:.2f}, "
          f"CPU {two['cpu'] / local['cpu']:.2f}")
    api = measure("batch-api", f"sqlite:///{tmp / 'api.db'}", *map(str, pdfs))
    print(f"  {'Python API (extract + store)':30s} {api['wall']:8.2f} s  items={api['items']}")


def real_plans() -> list[str]:
    """The shared corpus of real plans, when present ($PLANS_SHARED, else the repository's sibling "shared")."""
    shared = Path(os.environ.get("PLANS_SHARED") or ROOT.parent / "shared") / "corpus" / "real-plans"
    return [str(shared)] if shared.is_dir() else []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="PDFs or folders instead of samples/pdfs")
    ap.add_argument("--pack-pages", type=int, default=287, help="0: no pack")
    ap.add_argument("--batch", type=int, default=200, help="files in the batch; 0: no batch")
    ap.add_argument("--no-triage-too", action="store_true", help="also time without triage")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--repeat", type=int, default=1, help="time the fastest of this many passes")
    ap.add_argument("--engine", default="pdfium", choices=("pdfium", "pdfplumber"),
                    help="page model of the batch")
    args = ap.parse_args(argv)
    tools = ["ours", "ours-plumber", *(["ours-full"] if args.no_triage_too else []), "plumber",
             *(MUPDF_TOOLS if mupdf_installed() else ()), "pdfium"]
    with tempfile.TemporaryDirectory(prefix="plans-speed-") as tmp_name:
        tmp = args.keep or Path(tmp_name)
        if args.pack_pages:
            from samples.pack import make_pack

            pack = make_pack(tmp / "pack", args.pack_pages)
            want = json.loads(pack.with_name(pack.stem + ".expected.json").read_text())["items"]
            compare(f"agenda pack (samples/pack.py, {args.pack_pages} pages requested)",
                    [str(pack)], tools, want, args.repeat)
        paths = args.paths or [os.path.relpath(SAMPLES)]
        compare(f"files: {' '.join(paths)}", paths, tools, expected_of(pdfs_in(paths)), args.repeat)
        if not args.paths and real_plans():
            compare("real plans (the shared corpus/real-plans)", real_plans(), tools, None, args.repeat)
        if args.batch:
            batch(args.batch, tmp, args.engine)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure_main(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(main())
