"""The helpdesk's own record: threads, messages, verdicts, violations, absences, the ledger.

Workflows never import this package; activities do, and every write here is idempotent
(insert-if-absent on natural keys) so an activity retried by Temporal changes nothing twice.
SQLite by default, PostgreSQL in production; the schema is owned by the Alembic migrations in
``store/migrations`` (see :func:`store.migrate.upgrade`).
"""
