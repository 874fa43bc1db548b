"""Errors raised by the rules engine.

Every error that comes from bad input carries the JSON path of the first problem, so that a
command-line user or a web form can say exactly which field is wrong, and a machine ``code`` with
JSON-friendly ``params`` so that a caller can say it in its own words without parsing the English
``message`` (``error_messages.render_error_vi`` says it in Vietnamese). ``str(exc)`` is the
one-line English message the command line prints, ``"<path>: <message>"``.
"""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""

    code: str = "engine_error"
    params: dict[str, Any]

    def __init__(
        self, *args: object, code: str | None = None, params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(*args)
        if code is not None:
            self.code = code
        self.params = dict(params or {})


class InputError(EngineError):
    """Input that does not fit the contract: names the JSON path and what was expected.

    ``code`` says what is wrong (``missing_criterion``, ``number_out_of_range`` …; the list is
    in ``docs/engine.md``), ``params`` the values of the message (JSON-friendly: text, whole
    numbers, booleans, lists of text; decimals as text).
    """

    code = "invalid_input"

    def __init__(
        self,
        path: str,
        message: str,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path or '$'}: {message}", code=code, params=params)


class DataFileError(InputError):
    """A framework or policy data file that cannot be used."""

    code = "invalid_data_file"


def join_path(base: str, key: str | int) -> str:
    """Extend a JSON path: ``join_path("people", 3)`` is ``people[3]``."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)
