"""The normalised store on SQLite and PostgreSQL, fed hand-built extractions
(no dependency on the parser's accuracy)."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from council_plans.db.engine import current_revisions, ensure_schema, get_engine, head_revisions, session_scope
from council_plans.db.names import canonical_authority, person_names
from council_plans.db.store import delete_document_rows, record_error, store_extraction
from council_plans.schema.items import ActionItem, Box, DocumentInfo, Extraction, SourceInfo, SourceMeta
from council_plans.schema.models import (EXTRACTED_TABLES, Action, Authority, AuthorityAlias, CellBox, Document,
                           IngestError, Lead, Milestone, Person, Plan, ProgressUpdate, Section)


def extraction(tag: str, items: list[ActionItem], **info) -> Extraction:
    sha = hashlib.sha256(tag.encode()).hexdigest()
    return Extraction(source=SourceInfo(f"{tag}.pdf", sha, pages=3, size=1000),
                      document=DocumentInfo(**info), items=items, parser_version="test-1")


def spanning_plan(tag: str) -> list[ActionItem]:
    """One action over two milestones, a second action, two sections."""
    box = Box(page=1, x0=10, top=20, x1=110, bottom=40)
    common = dict(section="Looked After Children", ref="1.4", action=f"Review placements {tag}")
    return [
        ActionItem(**common, milestone="Audit files", timescale="31 st March 2017",
                   due_date="2017-03-31", lead="Julian Cunningham Dawn Williams",
                   progress="Audit complete", rag="blue", page_first=1, page_last=1,
                   boxes={"action": [box], "milestone": [box]}),
        ActionItem(**common, milestone="Report to board", timescale="June 2017",
                   due_date="2017-06-30", lead="JM/SS", progress="Draft written", rag="amber",
                   page_first=1, page_last=2, extra={"Resources required": "Within budget"}),
        ActionItem(section="Leadership", ref="2.1", action=f"Appoint a director {tag}",
                   milestone=None, timescale="Autumn 2017", lead="JM/SS", rag="red",
                   page_first=2, page_last=2),
    ]


def store(engine, ex: Extraction, **meta) -> int:
    with session_scope(engine) as s:
        return store_extraction(s, ex, SourceMeta(file_name=ex.source.path, **meta)).id


def counts(engine) -> dict[str, int]:
    with session_scope(engine) as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m))
                for m in (*EXTRACTED_TABLES, Document, Person, Authority)}


def test_a_new_database_is_upgraded_to_the_newest_migration(empty_db_url):
    engine = get_engine(empty_db_url)
    ensure_schema(engine)
    assert current_revisions(engine) == head_revisions()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM action_items")).scalar() == 0
    engine.dispose()


def test_action_spanning_two_milestones_is_one_action_with_two_milestone_rows(engine):
    store(engine, extraction("a", spanning_plan("a"), plan_title="Improvement Plan",
                             period="2016/17", period_start="2016-04-01",
                             period_end="2017-03-31"))
    with session_scope(engine) as s:
        actions = s.scalars(select(Action).order_by(Action.position)).all()
        assert [(a.ref, a.text) for a in actions] == [("1.4", "Review placements a"),
                                                      ("2.1", "Appoint a director a")]
        milestones = s.scalars(select(Milestone).order_by(Milestone.position)).all()
        assert [m.action_id for m in milestones] == [actions[0].id, actions[0].id, actions[1].id]
        assert [m.text for m in milestones] == ["Audit files", "Report to board", None]
        assert str(milestones[0].due_date) == "2017-03-31"
        assert [s_.name for s_ in s.scalars(select(Section).order_by(Section.position))] == [
            "Looked After Children", "Leadership"]
        plan = s.scalars(select(Plan)).one()
        assert (plan.period, str(plan.start_date), str(plan.end_date)) == (
            "2016/17", "2016-04-01", "2017-03-31")


def test_action_items_view_has_one_row_per_item_with_its_progress_and_pages(engine):
    store(engine, extraction("a", spanning_plan("a")))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT ref, milestone, rag, progress, lead, page_first, "
                                 "page_last, section FROM action_items ORDER BY position")).all()
    assert [tuple(r) for r in rows] == [
        ("1.4", "Audit files", "blue", "Audit complete", "Julian Cunningham Dawn Williams", 1, 1,
         "Looked After Children"),
        ("1.4", "Report to board", "amber", "Draft written", "JM/SS", 1, 2,
         "Looked After Children"),
        ("2.1", None, "red", None, "JM/SS", 2, 2, "Leadership")]


def test_lead_cells_become_one_lead_row_per_person_and_people_are_shared(engine):
    store(engine, extraction("a", spanning_plan("a")))
    with session_scope(engine) as s:
        people = sorted(s.scalars(select(Person.name)))
        leads = s.scalar(select(func.count()).select_from(Lead))
    expected = {*person_names("Julian Cunningham Dawn Williams"), *person_names("JM/SS")}
    assert people == sorted(expected)
    # three items: the first names its people once, the other two share "JM/SS"'s people
    assert leads == len(person_names("Julian Cunningham Dawn Williams")) + 2 * len(
        person_names("JM/SS"))
    with engine.connect() as conn:
        leads_col = conn.execute(text("SELECT leads FROM action_items ORDER BY position")).scalar()
    assert leads_col == "; ".join(person_names("Julian Cunningham Dawn Williams"))


def test_every_extracted_row_carries_document_pages_and_parser_version(engine):
    doc_id = store(engine, extraction("a", spanning_plan("a")))
    with session_scope(engine) as s:
        for model in (Plan, Section, Action, Milestone, Lead, ProgressUpdate):
            for row in s.scalars(select(model)):
                assert (row.document_id, row.parser_version) == (doc_id, "test-1")
                assert row.page_first >= 1 and row.page_last >= row.page_first
        first = s.scalars(select(Milestone).order_by(Milestone.position)).first()
        assert (first.bbox_x0, first.bbox_top, first.bbox_x1, first.bbox_bottom) == (
            10, 20, 110, 40)
        assert s.scalar(select(func.count()).select_from(CellBox)) == 2


def test_rag_summary_counts_the_rag_mix_of_each_plan(engine):
    store(engine, extraction("a", spanning_plan("a")), authority="Wolverhampton")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT authority, items, red, amber, green, blue, no_rag "
                                "FROM rag_summary")).one()
    assert tuple(row) == (canonical_authority("Wolverhampton"), 3, 1, 1, 0, 1, 0)


def test_authority_spellings_are_aliases_of_one_canonical_authority(engine):
    store(engine, extraction("a", spanning_plan("a"), authority="City of Wolverhampton Council"))
    store(engine, extraction("b", spanning_plan("b")), authority="Wolverhampton")
    with session_scope(engine) as s:
        names = set(s.scalars(select(Authority.name)))
        aliases = set(s.scalars(select(AuthorityAlias.alias)))
    assert names == {canonical_authority("City of Wolverhampton Council"),
                     canonical_authority("Wolverhampton")}
    assert {"City of Wolverhampton Council", "Wolverhampton"} <= aliases


def test_deleting_one_documents_rows_leaves_the_other_documents_untouched(engine):
    a = store(engine, extraction("a", spanning_plan("a")))
    before_a_only = counts(engine)
    store(engine, extraction("b", spanning_plan("b")[:2]))
    with_both = counts(engine)
    with session_scope(engine) as s:
        delete_document_rows(s, a)
    after = counts(engine)
    for model in EXTRACTED_TABLES:
        name = model.__tablename__
        assert after[name] == with_both[name] - before_a_only[name], name
    assert after["document"] == 2  # the document row itself stays for --force to update


def test_a_failed_write_leaves_no_rows_of_that_document(engine):
    bad = spanning_plan("a")
    bad[1].action = None  # NOT NULL violation in the middle of the document
    with pytest.raises(IntegrityError):
        store(engine, extraction("a", bad))
    assert all(n == 0 for n in counts(engine).values())


def test_the_same_failure_recorded_twice_is_one_ingest_error_row(engine):
    for _ in range(2):
        record_error(engine, path="x/bad.pdf", file_name="bad.pdf", sha256=None, stage="parse",
                     error_class="CorruptPDF", message="x/bad.pdf: PDF is truncated\nor corrupt")
    with session_scope(engine) as s:
        err = s.scalars(select(IngestError)).one()
    assert (err.attempts, err.message) == (2, "x/bad.pdf: PDF is truncated or corrupt")


def test_migrations_match_the_models_exactly(engine):
    """No drift: what Alembic builds is what the models (incl. other modules' tables) declare."""
    import importlib

    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from council_plans.schema.models import Base

    for module in ("council_plans.schema.watch", "council_plans.schema.series", "council_plans.schema.review"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError:
            pass
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


def test_downgrading_to_base_removes_every_table_and_view(empty_db_url):
    from alembic import command
    from sqlalchemy import inspect

    from council_plans.db.engine import alembic_config, upgrade

    engine = get_engine(empty_db_url)
    upgrade(engine)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    insp = inspect(engine)
    assert set(insp.get_table_names()) <= {"alembic_version"}
    assert insp.get_view_names() == []
    engine.dispose()
