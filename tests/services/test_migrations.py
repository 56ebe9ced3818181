"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade


def test_migrations_create_the_schema_the_models_describe(app, db):
    db.drop_all()
    upgrade()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []
    with db.engine.begin() as conn:  # leave the database as the fixture expects
        conn.exec_driver_sql("DROP TABLE alembic_version")
