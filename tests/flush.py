"""A faster empty-and-refill between transactional tests (browser tests, live servers, real
concurrency), for both databases.

After each such test Django empties every table (the `flush` command) and then sends
`post_migrate`, whose handlers rebuild what migrations left behind: content types,
permissions, the site's pages and the response workflow. Measured on PostgreSQL that is about
2.5 s of `TRUNCATE` over the project's hundred tables (each one a new file on disk) and 1.5 s
of rebuilding, after every such test.

Here instead:
- On PostgreSQL the tables are emptied with `DELETE`, foreign keys checked at commit (Django
  declares them deferrable), which takes about a tenth of a second on a test's few rows.
  Sequences are not reset, as with Django's own `TRUNCATE` (tests never ask for it here).
- `post_migrate` runs for real once per database; what it wrote is then kept in copies of its
  tables (`civic_snapshot__<table>`, outside Django's models, so a flush leaves them alone),
  and every later flush puts those same rows back. The state a test starts from is the one
  the handlers build, row for row, ids included.
"""

# The SQL below names tables only, and only those Django's introspection lists (quoted).
from django.core.management.commands import flush as flush_command
from django.db import connections, transaction

SNAPSHOT_PREFIX = "civic_snapshot__"
_real_post_migrate = flush_command.emit_post_migrate_signal
# Database alias -> the tables whose rows were copied (only those post_migrate filled).
_snapshots: dict[str, list[str]] = {}


def _postgres_sql_flush(truncate):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        quote = self.quote_name
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {quote(t)}" for t in tables)]  # noqa: S608

    return sql_flush


def _take_snapshot(alias: str) -> list[str]:
    connection = connections[alias]
    quote = connection.ops.quote_name
    kept = []
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        virtual = set()
        if connection.vendor == "sqlite":
            # SQLite's full-text tables are filled by triggers on the search index's own
            # table: putting that table's rows back refills them.
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = {name for (name,) in cursor.fetchall()}
        for table in connection.introspection.django_table_names(only_existing=True):
            if table in virtual:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is None:
                continue
            copy = quote(SNAPSHOT_PREFIX + table)
            cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {quote(table)}")  # noqa: S608
            kept.append(table)
    return kept


def _restore_snapshot(alias: str, tables: list[str]) -> None:
    connection = connections[alias]
    quote = connection.ops.quote_name
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            cursor.execute(
                f"INSERT INTO {quote(table)} SELECT * FROM {quote(SNAPSHOT_PREFIX + table)}"  # noqa: S608
            )


def emit_post_migrate_signal(verbosity, interactive, db, **kwargs):
    """The flush command's post_migrate: for real the first time, from the copies after."""
    tables = _snapshots.get(db)
    if tables is None:
        _real_post_migrate(verbosity, interactive, db, **kwargs)
        _snapshots[db] = _take_snapshot(db)
        return
    _restore_snapshot(db, tables)
    # What post_migrate's own handlers would have cleared along with the rows.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def install() -> None:
    from django.db.backends.postgresql.operations import DatabaseOperations

    if not getattr(DatabaseOperations.sql_flush, "civic_delete", False):
        DatabaseOperations.sql_flush = _postgres_sql_flush(DatabaseOperations.sql_flush)
        DatabaseOperations.sql_flush.civic_delete = True
    flush_command.emit_post_migrate_signal = emit_post_migrate_signal
