"""The PostgreSQL cursor of ``DB_PREPARED_STATEMENTS`` (docs/decisions.md D-load-3).

Parameters are bound by the server, so that psycopg can prepare a statement a connection sends
often (``prepare_threshold``) and PostgreSQL stops planning it on every request. A statement
with many parameters (a bulk insert or update, a long ``IN`` list) is sent as before, its values
written into the SQL by psycopg's client-side binding: the server takes at most 65,535
parameters per statement, Django does not split bulk operations for PostgreSQL, and such
statements are one-offs that gain nothing from being prepared.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql.base import ServerBindingCursor
from psycopg import ClientCursor

#: above this many parameters a statement is bound on the client (PostgreSQL's limit: 65,535)
CLIENT_BINDING_FROM = 10_000


class PreparingCursor(ServerBindingCursor):
    """Django's server-binding cursor, falling back to client-side binding for statements
    with many parameters."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> PreparingCursor:
        if params is not None and len(params) > CLIENT_BINDING_FROM:
            query = ClientCursor(self.connection).mogrify(query, params)
            params = None
        return super().execute(query, params, **kwargs)


def use_preparing_cursor(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` of a PostgreSQL connection (``core.apps`` checks the vendor before
    importing this module): with server-side binding (``DB_PREPARED_STATEMENTS``) it gets the
    cursor above."""
    if connection.features.uses_server_side_binding:
        connection.connection.cursor_factory = PreparingCursor
