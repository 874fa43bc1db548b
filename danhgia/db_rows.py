"""Plain rows of a query, read in one go or sent ahead (the rating run reads a province).

``list(queryset.values_list(...))`` reads its rows in chunks of 100 and copies each into a new
tuple; at province size that is a tenth of the read. ``plain_rows`` gives the same rows with one
``fetchall``, applying the backend's converters only where it has some (SQLite's decimals, dates
and booleans; PostgreSQL's driver returns Python values already).

``sent_ahead`` sends queries before their rows are needed: on PostgreSQL the server runs them
while the caller goes on working in Python (the rating run writes 20,000 engine inputs while the
database counts the province's tasks).
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
    return raw_rows(plain_statement(rows))


def plain_statement(rows: QuerySet[Any]) -> Statement | None:
    """The SQL of ``rows`` (a ``values_list`` queryset) with the backend's converters, if it
    has some for these columns; ``None`` when it can match nothing."""
    compiler = rows.query.get_compiler(rows.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a condition that matches nothing (``pk__in=[]``)
        return None
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    if not converters:
        return Statement(rows.db, sql, params)

    def convert(found: list[Row]) -> list[Row]:
        return [tuple(row) for row in compiler.apply_converters(found, converters)]

    return Statement(rows.db, sql, params, convert)


class Statement(NamedTuple):
    """A query's SQL and parameters, the database it is for and, if its rows need them, the
    backend's conversions (``plain_statement``)."""

    using: str
    sql: str
    params: Sequence[Any]
    convert: Callable[[list[Row]], list[Row]] | None = None

    def converted(self, found: list[Row]) -> list[Row]:
        """The rows read of this query, with its conversions if it has some."""
        return self.convert(found) if self.convert is not None else found


def statement(rows: QuerySet[Any]) -> Statement | None:
    """The SQL of ``rows``, its rows read as the driver gives them (no conversion: for counts
    and ids, which need none; the ORM would call ``int()`` on each); ``None`` when it can match
    nothing (no query is needed)."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return None
    return Statement(rows.db, sql, params)


def raw_rows(query: Statement | None) -> list[Row]:
    """The rows of ``query``, read now (converted only if the statement says so)."""
    if query is None:
        return []
    with connections[query.using].cursor() as cursor:
        cursor.execute(query.sql, query.params)
        return query.converted(cursor.fetchall())


class Sent:
    """A query sent ahead (``sent_ahead``): its number of rows and its rows, read when asked.

    Here: the query runs when first asked (SQLite, or a libpq without pipeline mode).
    """

    def __init__(self, query: Statement | None) -> None:
        self.query = query
        self._rows: list[Row] | None = None

    def count(self) -> int:
        """The number of rows (waits for the query)."""
        return len(self._read())

    def rows(self) -> list[Row]:
        """The rows, once (the caller keeps them)."""
        found, self._rows = self._read(), None
        return found

    def _read(self) -> list[Row]:
        if self._rows is None:
            self._rows = raw_rows(self.query)
        return self._rows


class _Piped(Sent):
    """A query sent in psycopg's pipeline mode: the server runs it as soon as it is sent."""

    def __init__(self, query: Statement, cursor: Any, pipeline: Any) -> None:
        super().__init__(query)
        self._cursor = cursor
        self._pipeline = pipeline

    def count(self) -> int:
        if self._cursor.pgresult is None:  # not arrived: wait for everything sent so far
            self._pipeline.sync()
        return self._cursor.rowcount

    def rows(self) -> list[Row]:
        return self.query.converted(self._cursor.fetchall())  # decoded now (waits if not arrived)


@contextmanager
def sent_ahead(using: str) -> Iterator[Callable[[Statement | None], Sent]]:
    """``send(query)`` within the block sends ``query`` at once and gives its ``Sent``; its rows
    are read, once, inside the block.

    On PostgreSQL the queries go out in psycopg's pipeline mode, on the connection of ``using``
    and in its transaction: the server runs them one after the other while the caller works.
    Reading a query's rows (or count) waits for every query sent so far that has not arrived:
    send a long query after reading what is needed before it, and query the database in no
    other way inside the block. Elsewhere each query runs when it is first read.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or not _pipelines():
        yield Sent
        return
    connection.ensure_connection()
    cursors = []

    with connection.connection.pipeline() as pipeline:

        def send(query: Statement | None) -> Sent:
            if query is None or query.using != using:  # another database's: read there
                return Sent(query)
            cursor = connection.cursor()  # Django's: logged and counted like any query
            cursors.append(cursor)
            cursor.execute(query.sql, query.params)
            return _Piped(query, cursor, pipeline)

        try:
            yield send
        finally:
            for cursor in cursors:
                cursor.close()


def _pipelines() -> bool:
    """Whether psycopg's libpq has pipeline mode (libpq 14 and later; the binary wheel's has)."""
    from psycopg import Pipeline  # PostgreSQL only

    return Pipeline.is_supported()
