"""Errors raised by the rules engine.

Every error that comes from bad input carries the JSON path of the first problem, so that a
command-line user or a web form can say exactly which field is wrong.
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class InputError(EngineError):
    """Input that does not fit the contract: names the JSON path and what was expected."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path or '$'}: {message}")


class DataFileError(InputError):
    """A framework or policy data file that cannot be used."""


def join_path(base: str, key: str | int) -> str:
    """Extend a JSON path: ``join_path("people", 3)`` is ``people[3]``."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)
