"""Plain rows of a query, read in one go or sent ahead (the rating run reads a province).

``list(queryset.values_list(...))`` reads its rows in chunks of 100 and copies each into a new
tuple; at province size that is a tenth of the read. ``plain_rows`` gives the same rows with one
``fetchall``, applying the backend's converters only where it has some (SQLite's decimals, dates
and booleans; PostgreSQL's driver returns Python values already).

``rows_ahead`` sends a query before its rows are needed: on PostgreSQL the server runs it while
the caller goes on working in Python (the rating run builds 20,000 engine inputs meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

Row = tuple[Any, ...]


def plain_rows(rows: QuerySet[Any]) -> list[Row]:
    """The rows of ``rows`` (a ``values_list`` queryset) as ``list(rows)`` gives them.

    The columns are in the order of the SQL: the fields named, then the annotations, as
    ``values_list`` orders them when its annotations are named last.
    """
    compiler = rows.query.get_compiler(rows.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a condition that matches nothing (``pk__in=[]``)
        return []
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    found = raw_rows(Statement(rows.db, sql, params))
    if converters:
        return [tuple(row) for row in compiler.apply_converters(found, converters)]
    return found


class Statement(NamedTuple):
    """A query's SQL and parameters, and the database it is for."""

    using: str
    sql: str
    params: Sequence[Any]


def statement(rows: QuerySet[Any]) -> Statement | None:
    """The SQL of ``rows``; ``None`` when it can match nothing (no query is needed)."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return None
    return Statement(rows.db, sql, params)


def raw_rows(query: Statement | None) -> list[Row]:
    """The rows of ``query`` as the driver gives them, without the ORM's converters: for
    values that need none (counts and ids; the ORM would call ``int()`` on each)."""
    if query is None:
        return []
    with connections[query.using].cursor() as cursor:
        cursor.execute(query.sql, query.params)
        return cursor.fetchall()


@contextmanager
def rows_ahead(query: Statement | None) -> Iterator[Callable[[], list[Row]]]:
    """Send ``query`` now; the function yielded reads its rows (``raw_rows``), once, inside
    the block.

    On PostgreSQL the query goes out at once (psycopg's pipeline mode) and the server runs it
    while the caller works; elsewhere it runs when its rows are read. The block must not
    query the database before reading the rows.
    """
    if query is None:
        yield list
        return
    connection = connections[query.using]
    if connection.vendor != "postgresql" or not _pipelines():
        yield lambda: raw_rows(query)
        return
    connection.ensure_connection()
    with connection.connection.pipeline(), connection.cursor() as cursor:
        cursor.execute(query.sql, query.params)
        yield cursor.fetchall


def _pipelines() -> bool:
    """Whether psycopg's libpq has pipeline mode (libpq 14 and later; the binary wheel's has)."""
    from psycopg import Pipeline  # PostgreSQL only

    return Pipeline.is_supported()
