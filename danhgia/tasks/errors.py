"""The tasks app's domain error: a workflow step refused, with a Vietnamese message."""

from django.core.exceptions import ValidationError


class TaskError(ValidationError):
    """A step of the tasks workflow was refused (wrong state, closed period, stale form…).

    A ValidationError, so that a form can show it as its own error and a view as a message.
    """


class ConflictError(TaskError):
    """Someone saved the record after the form was opened: nothing was overwritten."""
