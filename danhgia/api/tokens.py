"""Creating, checking and revoking personal API tokens.

A token is ``dg_`` followed by 40 random URL-safe characters; only its SHA-256 is stored, so a
database copy does not give access. A token is shown once, when it is created.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action

from .models import ApiToken

PREFIX = "dg_"
#: how often the last use is written (a write per request would serialise a busy integrator)
LAST_USED_EVERY = timedelta(minutes=1)
MAX_DAYS = 3650


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _described(token: ApiToken) -> dict:
    """What the audit entry keeps of a token: never its secret or its hash."""
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "read_only": token.read_only,
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    }


def create_token(
    user, name: str, *, read_only: bool = False, days: int | None = None, actor=None
) -> tuple[ApiToken, str]:
    """A new token of ``user``: the stored record and the secret, which is never kept.

    ``actor``: who created it, for the audit entry (None: the system, e.g. the command)."""
    raw = PREFIX + secrets.token_urlsafe(30)
    expires = timezone.now() + timedelta(days=days) if days else None
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip() or "API",
            prefix=raw[: len(PREFIX) + 6],
            key_hash=hash_key(raw),
            read_only=read_only,
            expires_at=expires,
        )
        log_action(actor, AuditAction.API_TOKEN_CREATED, token, after=_described(token))
    return token, raw


def find_token(raw: str) -> ApiToken | None:
    """The usable token with this secret (not revoked, not expired, an active account)."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is not None and (
        token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke_token(token: ApiToken, actor=None) -> None:
    """Revoke ``token`` (once: a second call changes and logs nothing)."""
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            log_action(actor, AuditAction.API_TOKEN_REVOKED, token, before=_described(token))
