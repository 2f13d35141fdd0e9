"""Untrusted text (NUL, lone surrogates, quotes, emoji, right-to-left marks)
is stored and read back exactly on SQLite and PostgreSQL."""
from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from council_plans.db.engine import session_scope
from council_plans.db.query import run_query
from council_plans.db.store import store_extraction
from council_plans.schema.items import SourceMeta
from council_plans.schema.items import ActionItem, DocumentInfo, Extraction, SourceInfo
from council_plans.schema.models import Action, Document, Milestone
from council_plans.schema.text import ESCAPE, decode_text, encode_text

NASTY = [
    "O'Brien \"quoted\" `tick`; DROP TABLE document; --",
    "nul\x00inside\x00\x00twice",
    "emoji \U0001F4C4\U0001F525 and \u200f\u05e9\u05dc\u05d5\u05dd\u200e rtl marks \u202e",
    f"the escape char {ESCAPE} itself, {ESCAPE}0 and {ESCAPE}{ESCAPE}",
    "lone surrogate \udcff from a non-UTF-8 file name",
    "%s %(x)s :param ? $1 \\ backslash",
]


@given(st.text())
def test_encoding_is_reversible_for_any_text(value):
    stored = encode_text(value)
    assert "\x00" not in stored
    assert decode_text(stored) == value


def test_text_without_special_characters_is_stored_unchanged():
    assert encode_text("Plain 'text' \U0001F600") == "Plain 'text' \U0001F600"


def test_nasty_file_names_and_cells_read_back_exactly(engine, db_url):
    items = [ActionItem(action=t, ref=str(i), milestone=t, lead=t, progress=t, page_first=1,
                        page_last=1) for i, t in enumerate(NASTY)]
    for i, name in enumerate(NASTY):
        ex = Extraction(SourceInfo(name, hashlib.sha256(name.encode("utf-8", "surrogatepass"))
                                   .hexdigest(), 1), DocumentInfo(title=name), items[i:i + 1],
                        parser_version="t")
        with session_scope(engine) as s:
            store_extraction(s, ex, SourceMeta(file_name=name, source_path=f"/in/{name}"))
    with session_scope(engine) as s:
        assert [d.file_name for d in s.scalars(select(Document).order_by(Document.id))] == NASTY
        assert [a.text for a in s.scalars(select(Action).order_by(Action.id))] == NASTY
        assert [m.lead_raw for m in s.scalars(select(Milestone).order_by(Milestone.id))] == NASTY
    _, rows = run_query("SELECT document, action, milestone, progress FROM action_items "
                        "ORDER BY document_id", db_url)
    assert rows == [(t, t, t, t) for t in NASTY]
