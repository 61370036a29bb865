"""Alembic environment: runs on the connection zorgbot hands over (see state.db.migrate)."""
from alembic import context
from sqlmodel import SQLModel

import state.links  # noqa: F401  (tables outside state.models)
import state.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # `alembic revision --autogenerate` from the command line
    from sqlalchemy import create_engine
    connection = create_engine(context.config.get_main_option("sqlalchemy.url")).connect()

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs batch mode to alter tables
)
with context.begin_transaction():
    context.run_migrations()
