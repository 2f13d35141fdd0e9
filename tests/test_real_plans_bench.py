"""bench/real_plans.py and bench/scoring.py: the accuracy harness.

The scoring rules are checked on small hand-made item lists; the harness is
run in-process over ``samples/pdfs`` with a floor per sample at today's
level, and over the real plans corpus where it is present (``$PLANS_SHARED``
or ``shared/corpus/real-plans`` beside the repository), skipped otherwise.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.real_plans import main, run, truth_for
from bench.scoring import CORE, Totals, score

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdfs"


def item(action: str, **fields: str | None) -> dict:
    return {"action": action, "milestone": None, "progress": None, **fields}


# --- scoring rules ---

def test_identical_items_score_one_everywhere():
    items = [item("Review the front door", lead="Alison Hinds", rag="green")]
    s = score(items, items)
    assert (s.matched, s.f1, s.cell_accuracy) == (1, 1.0, 1.0)


def test_items_pair_by_text_whatever_their_order_and_case():
    truth = [item("Recruit permanent social workers"), item("Audit pathway plans monthly")]
    pred = [item("AUDIT  pathway plans monthly"), item("Recruit permanent social workers")]
    assert score(truth, pred).matched == 2


def test_a_field_is_right_only_when_nearly_identical_or_both_empty():
    truth = [item("Review the multi-agency front door arrangements", lead="Alison Hinds",
                  timescale="March 2017")]
    pred = [item("Review the multi-agency front door arrangements", lead="Alison  hinds",
                 timescale="April 2017")]
    s = score(truth, pred)
    assert s.fields["lead"] == 1.0 and s.fields["ref"] == 1.0  # case/space; both empty
    assert s.fields["timescale"] == 0.0


def test_an_unpaired_truth_item_counts_wrong_in_every_field_and_lowers_recall():
    truth = [item("Recruit permanent social workers"), item("Completely different action text")]
    s = score(truth, [item("Recruit permanent social workers")])
    assert (s.precision, s.recall) == (1.0, 0.5)
    assert s.fields["action"] == 0.5 and s.cell_accuracy == 0.5


def test_items_too_different_to_pair_are_not_paired():
    s = score([item("Recruit permanent social workers")], [item("Publish the budget report")])
    assert (s.matched, s.f1) == (0, 0.0)


def test_a_document_with_no_truth_items_scores_f1_zero_but_full_cells():
    s = score([], [])
    assert (s.f1, s.cell_accuracy, s.recall) == (0.0, 1.0, 1.0)


def test_totals_weight_each_documents_fields_by_its_truth_items():
    totals = Totals()
    totals.add(score([item("a a a a a")] * 3, [item("a a a a a")] * 3))
    totals.add(score([item("b b b b b", lead="X")], [item("b b b b b", lead="Y")]))
    assert totals.matched == 4 and totals.fields["lead"] == 0.75
    assert totals.cell_accuracy == pytest.approx(sum(totals.fields[f] for f in CORE) / 7)


# --- the harness over the samples ---

@pytest.fixture(scope="module")
def samples_report():
    return run(SAMPLES)


#: each sample's F1 and cell accuracy today; none may fall below
SAMPLE_FLOORS = {
    "borderless.pdf": (1.0, 1.0),
    "missing-header-continuation.pdf": (1.0, 1.0),
    "rag-text.pdf": (1.0, 1.0),
    "rotated-page.pdf": (1.0, 1.0),
    "ruled-merged-milestones.pdf": (1.0, 1.0),
    "ruled-rag-fill.pdf": (1.0, 1.0),
    "ruled-ref-columns.pdf": (1.0, 1.0),
    "ruled-theme-rows.pdf": (1.0, 1.0),
    "themes-small-tables.pdf": (1.0, 1.0),
    "action-cards.pdf": (1.0, 1.0),
    "delivery-plan-objective-rows.pdf": (1.0, 1.0),
    "grouped-header.pdf": (1.0, 1.0),
    "headerless-trackers.pdf": (1.0, 1.0),
    "start-finish-dates.pdf": (1.0, 1.0),
    "status-words.pdf": (1.0, 1.0),
    "quarterly-commentary.pdf": (1.0, 1.0),
    "wide-action-cards.pdf": (1.0, 1.0),
    "shaded-bands.pdf": (1.0, 1.0),
    "tall-grouped-header.pdf": (1.0, 1.0),
    "wrapped-bold-header.pdf": (1.0, 1.0),
    "centred-header-continued.pdf": (1.0, 1.0),
    "headerless-text-log.pdf": (1.0, 1.0),
    "rag-dots.pdf": (1.0, 1.0),
    "rotated-priorities.pdf": (1.0, 1.0),
    "slide-table.pdf": (1.0, 1.0),
}


def test_every_sample_with_expected_items_is_scored(samples_report):
    scored = set(samples_report.by_name())
    assert scored == {p.name for p in SAMPLES.glob("*.pdf") if truth_for(p)}
    assert set(SAMPLE_FLOORS) | {"no-plan.pdf"} == scored


@pytest.mark.parametrize("name", sorted(SAMPLE_FLOORS))
def test_each_sample_layout_keeps_its_f1_and_cell_accuracy(samples_report, name):
    doc = samples_report.by_name()[name]
    f1, cells = SAMPLE_FLOORS[name]
    assert doc.error is None
    assert doc.score.f1 >= f1 and doc.score.cell_accuracy >= cells


def test_the_no_plan_sample_predicts_no_items(samples_report):
    doc = samples_report.by_name()["no-plan.pdf"]
    assert (doc.score.truth_items, doc.score.pred_items) == (0, 0)


def test_the_command_prints_one_line_per_document_and_totals(capsys):
    assert main([str(SAMPLES)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:6] == ["document", "truth", "pred", "pairs", "F1", "cells"]
    assert sum(line.startswith(("borderless.pdf", "no-plan.pdf")) for line in out) == 2
    assert out[-1].startswith("precision=")


def test_a_directory_without_truth_files_is_an_error(tmp_path, capsys):
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    assert main([str(tmp_path)]) == 1
    assert "no PDF with a .truth.json or .expected.json" in capsys.readouterr().err


# --- real plans, where the corpus is present ---

def real_plans_dir() -> Path | None:
    """The real plans corpus: ``$PLANS_SHARED/corpus/real-plans``, else the
    repository's sibling ``shared/corpus/real-plans`` (not part of the repository)."""
    shared = Path(os.environ.get("PLANS_SHARED") or ROOT.parent / "shared")
    path = shared / "corpus" / "real-plans"
    return path if path.is_dir() else None


#: the goal for real plans nobody here wrote: every document with truth
#: reaches F1 0.95 and cell accuracy 0.90
REAL_F1, REAL_CELLS = 0.95, 0.90


@pytest.mark.skipif(real_plans_dir() is None,
                    reason="real plans corpus absent (set PLANS_SHARED to the shared reference folder)")
def test_every_real_plan_reaches_f1_095_and_cells_090():
    report = run(real_plans_dir())
    assert report.docs, "no real plan with a truth file"
    low = [(d.name, round(d.score.f1, 3), round(d.score.cell_accuracy, 3)) for d in report.docs
           if d.score.f1 < REAL_F1 or d.score.cell_accuracy < REAL_CELLS]
    assert low == []
