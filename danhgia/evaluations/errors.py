"""Errors of the evaluation workflow, with Vietnamese messages for the user."""

from __future__ import annotations

from collections.abc import Iterable


class EvaluationError(Exception):
    """A step refused; ``messages`` are Vietnamese sentences for the user."""

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class EditConflict(EvaluationError):
    """Someone saved the evaluation after this form was opened: nothing was saved."""
