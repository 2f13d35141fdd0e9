"""A local cluster's threads store into a SQLite file one at a time (a lock
hands over at once where SQLite's busy handler sleeps); PostgreSQL writers
are not held back."""
from __future__ import annotations

import threading
import time

from sqlalchemy import create_engine

from council_plans.ingest.cluster.batch import _one_writer


def _overlap(engine) -> bool:
    """Do two threads inside ``_one_writer(engine)`` ever overlap?"""
    inside, seen_both = [0], [False]
    guard = threading.Lock()

    def store() -> None:
        with _one_writer(engine):
            with guard:
                inside[0] += 1
                seen_both[0] = seen_both[0] or inside[0] > 1
            time.sleep(0.2)
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=store) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return seen_both[0]


def test_two_threads_storing_into_one_sqlite_file_take_turns(tmp_path):
    assert not _overlap(create_engine(f"sqlite:///{tmp_path / 'plans.db'}"))


def test_postgresql_writers_are_not_held_back():
    assert _overlap(create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))  # never connects
