"""The ``<id:…>`` path converter: a record id, or no match (404) when it cannot be one.

Django's ``<int:…>`` accepts any number of digits, and a 27-digit id overflows the database's
integer (SQLite raises OverflowError, PostgreSQL DataError): a 500. Ids here stop at the
largest 32-bit integer (every key fits; ``danhgia.web.posted_int`` uses the same bound).
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**31 - 1


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("not an id")  # the resolver reads ValueError as "no match"
        return number

    def to_url(self, value) -> str:
        return str(value)


def register() -> None:
    """Make ``<id:…>`` known; called once, from ``CoreConfig.ready()`` (before any URL module)."""
    register_converter(IdConverter, "id")
