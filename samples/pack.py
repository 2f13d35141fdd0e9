"""An agenda pack: a few plans buried among 200+ pages of committee papers.

    python samples/pack.py OUT_DIR [--pages 287]

Real agenda packs are mostly prose (officer reports), minutes and finance
tables, with each page stamped "Page N" sideways in the margin by the
agenda software; the action plans are a few pages in between.  The pack is
drawn into ``OUT_DIR/agenda-pack.pdf`` with ``agenda-pack.expected.json``
(the plans' items, pages counted in the pack).  It is generated on demand
(by ``bench/speed.py`` and the tests), never committed: it is large.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from samples import content
from samples import layouts_other as other
from samples import layouts_ruled as ruled
from samples.make_samples import write_expected
from samples.pdfdraw import A4_PORTRAIT, HELVETICA, Doc, PageStyle
from samples.tables import Block, Column, TableStyle, draw_table
from samples.variant import Variant, running

Filler = Callable[[Doc, random.Random, int], None]

HEADINGS = ["Purpose of report", "Recommendations", "Background", "Financial implications",
            "Legal implications", "Equalities implications", "Risk management",
            "Consultation", "Options considered", "Next steps"]
MEMBERS = ["Councillor Ahmed", "Councillor Brookes", "Councillor Chen", "Councillor Davies",
           "Councillor Evans", "Councillor Fitzgerald", "Councillor Grant", "Councillor Hughes"]

#: the plans in the pack, in order: (builder, seed)
PLANS = [(ruled.ruled_rag_fill, "pack-a"), (other.borderless, "pack-b"),
         (other.rag_text, "pack-c"), (ruled.ruled_merged_milestones, "pack-d")]


def _sentences() -> list[str]:
    out = [s.strip() + "." for p in content.INTRO_PARAGRAPHS for s in p.split(". ") if s.strip()]
    for a in content.ACTIONS:
        out += [a["action"].rstrip(".") + ".", a["progress"].rstrip(".") + "."]
    return [s.replace("..", ".") for s in out]


SENTENCES = _sentences()


def paragraph_text(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(3, 6)))


def report(doc: Doc, rng: random.Random, pages: int) -> None:
    """An officer's report: numbered headings and numbered paragraphs."""
    f = HELVETICA
    doc.paragraph(f"Report of the Director of {rng.choice(content.SECTIONS)}", f[1], 14)
    n = 0
    while doc.page < pages:
        n += 1
        doc.paragraph(f"{n}. {HEADINGS[(n - 1) % len(HEADINGS)]}", f[1], 11, keep_with=30)
        for k in range(rng.randint(2, 4)):
            doc.paragraph(f"{n}.{k + 1} {paragraph_text(rng)}", f[0], 10)


def minutes(doc: Doc, rng: random.Random, pages: int) -> None:
    """Minutes: attendance, numbered items, resolutions."""
    f = HELVETICA
    doc.paragraph("Minutes of the meeting held on 11 April 2017", f[1], 14)
    doc.paragraph("Present: " + ", ".join(rng.sample(MEMBERS, 5)), f[0], 10)
    n = 0
    while doc.page < pages:
        n += 1
        doc.paragraph(f"{n}. {rng.choice(content.AGENDA_ITEMS)[1]}", f[1], 10.5, keep_with=30)
        doc.paragraph(paragraph_text(rng), f[0], 10)
        doc.paragraph("Resolved: That the report be noted and the actions set out be endorsed.",
                      f[0], 10)


def finance(doc: Doc, rng: random.Random, pages: int) -> None:
    """Budget monitoring: ruled tables of figures between short paragraphs."""
    style = TableStyle(Variant(rng).font(HELVETICA, 9.0), header_fill="D9D9D9")
    cols = [Column("Service", 2.6), Column("Budget", 1.0), Column("Forecast", 1.0),
            Column("Variance", 1.0)]
    quarter = 0
    while doc.page < pages:
        quarter += 1
        doc.paragraph(f"Revenue budget monitoring: period {quarter}", HELVETICA[1], 11, keep_with=60)
        doc.paragraph(paragraph_text(rng), HELVETICA[0], 10)
        rows = []
        for line, budget, _, _ in rng.sample(content.BUDGET_LINES * 3, rng.randint(6, 10)):
            forecast = rng.randint(50, 950) * 10_000
            rows.append(Block([{"Service": line, "Budget": budget, "Forecast": f"£{forecast:,}",
                                "Variance": f"£{rng.randint(-40, 40) * 10_000:,}"}]))
        draw_table(doc, cols, rows, style, record=False)


#: filler between the plans: (drawer, share of the filler pages)
FILLER: list[list[tuple[Filler, float]]] = [
    [(report, 0.12), (minutes, 0.05)],
    [(report, 0.14), (finance, 0.04), (minutes, 0.05)],
    [(report, 0.16), (finance, 0.04)],
    [(report, 0.14), (minutes, 0.05), (finance, 0.04)],
    [(report, 0.17)],
]


def _filler(path: Path, drawer: Filler, pages: int, first_page: int, rng: random.Random) -> int:
    style = PageStyle(A4_PORTRAIT, (60, 60, 60, 60), decorate=running(
        "Helvetica", footer="Cabinet - 14 June 2017", stamp_from=first_page))
    doc = Doc(path, style, title="committee papers")
    drawer(doc, rng, max(1, pages))
    return doc.close()


def make_pack(out_dir: Path, pages: int = 287, seed: int = 11) -> Path:
    """Draw the pack (about ``pages`` pages) into ``out_dir``; return its path."""
    from pypdf import PdfReader, PdfWriter

    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    writer, items = PdfWriter(), []
    with tempfile.TemporaryDirectory(prefix="plans-pack-") as tmp:
        plan_files = []
        for i, (builder, name) in enumerate(PLANS):
            plan = Path(tmp) / f"plan-{i}.pdf"
            plan_files.append((plan, builder(plan, Variant(random.Random(name)))))
        filler_pages = max(len(FILLER), pages - sum(len(PdfReader(p).pages) for p, _ in plan_files))
        for i, chunk in enumerate(FILLER):
            for k, (drawer, share) in enumerate(chunk):
                part = Path(tmp) / f"filler-{i}-{k}.pdf"
                _filler(part, drawer, round(filler_pages * share), len(writer.pages) + 1, rng)
                writer.append(str(part))
            if i < len(plan_files):
                plan, plan_items = plan_files[i]
                offset = len(writer.pages)
                items += [_shift(it, offset) for it in plan_items]
                writer.append(str(plan))
        pack = out_dir / "agenda-pack.pdf"
        with open(pack, "wb") as fh:
            writer.write(fh)
    write_expected(pack, items)
    return pack


def _shift(item: dict[str, Any], offset: int) -> dict[str, Any]:
    return {**item, "page_first": item["page_first"] + offset, "page_last": item["page_last"] + offset}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=287)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    print(make_pack(args.out, args.pages, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
