"""Real public plans nobody here wrote, against their hand-checked truth.

The corpus is not part of the repository: point ``REAL_PLANS_DIR`` at a folder
of ``NAME.pdf`` + ``NAME.truth.json`` (the extraction contract's format) to
run these; without it they are skipped.
"""
from __future__ import annotations

import json
import os
import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from council_plans.parsers import extract

ROOT = Path(os.environ.get("REAL_PLANS_DIR", "")) if os.environ.get("REAL_PLANS_DIR") else None
TRUTHS = sorted(ROOT.glob("*.truth.json")) if ROOT and ROOT.is_dir() else []
SCORED = ("ref", "action", "timescale", "lead", "progress", "rag")


def norm(v):
    return re.sub(r"\s+", " ", v).strip().lower() if isinstance(v, str) else v


def same(a, b) -> bool:
    """As the contract's scorer: equal after normalising, or 95% alike
    (a quote mark drawn from another font, a word wrapped mid-way)."""
    a, b = norm(a), norm(b)
    return a == b or (isinstance(a, str) and isinstance(b, str) and SequenceMatcher(None, a, b).ratio() >= 0.95)


@pytest.mark.skipif(not TRUTHS, reason="REAL_PLANS_DIR not set or holds no NAME.truth.json files")
@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name.split(".")[0])
def test_every_action_row_of_a_real_plan_is_read_with_its_fields(truth_path):
    truth = json.loads(truth_path.read_text())["items"]
    got = extract(truth_path.with_name(truth_path.name.replace(".truth.json", ".pdf"))).items
    assert len(got) == len(truth)
    wrong = [(f, t.get(f), getattr(g, f)) for t, g in zip(truth, got) for f in SCORED
             if not same(t.get(f), getattr(g, f))]
    assert wrong == []
