"""Background jobs: a user follows the jobs they started; administrators see and retry all.

Administrators never reach a rule (``restrict`` lets them through), so giving a failed job
another try (``Action.CHANGE``) is theirs alone; another user's job is 404.
"""

from __future__ import annotations

from django.db.models import Q

from ..actions import Action
from ..scopes import nothing


def job(user, action: Action) -> Q:
    if action == Action.VIEW:
        return Q(created_by_id=user.pk)
    return nothing()


def notice(user, action: Action) -> Q:
    """In-application notices (danhgia.notices): one's own, read and marked read by oneself."""
    if action in (Action.VIEW, Action.CHANGE):
        return Q(user_id=user.pk)
    return nothing()
