"""The jobs app's exceptions."""

from __future__ import annotations


class JobError(Exception):
    """A job that cannot succeed however often it is tried (bad arguments, a refusal of the
    service it calls): the job fails at once with this Vietnamese message, without retries."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StopRequested(Exception):
    """The worker was asked to stop: the job goes back to the queue where it stopped (its
    checkpoint) and does not count as an attempt."""
