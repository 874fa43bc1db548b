"""Errors of the decision steps."""

from django.core.exceptions import ValidationError


class DecisionError(ValidationError):
    """A decision step that cannot be taken; the message says why in Vietnamese."""
