"""Personal API tokens (docs/api.md): each user sees and revokes their own."""

from __future__ import annotations

from django.db.models import Q

from ..actions import Action


def api_token(user, action: Action) -> Q:
    """One's own tokens, to see (``VIEW``) and to revoke (``CHANGE``)."""
    del action
    return Q(user=user)
