"""Alembic environment: uses the connection handed over by ``db.engine.upgrade``
when there is one, otherwise ``sqlalchemy.url`` from the config."""
from __future__ import annotations

import importlib

from alembic import context

from council_plans.schema.models import Base

# Other modules declare tables on the same Base; import them so autogenerate
# sees the whole schema.
for _module in ("council_plans.schema.watch", "council_plans.schema.series", "council_plans.schema.review"):
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError:
        pass

target_metadata = Base.metadata
config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from council_plans.db.engine import get_engine

    engine = get_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
