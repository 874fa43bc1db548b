"""Units, officials, their history and absences, role assignments (SPEC §4)."""

from __future__ import annotations

from django.db.models import Q

from ..actions import Action
from ..scopes import assignments, nothing, own_official, scope_q


def unit(user, action: Action) -> Q:
    """Units covered by a role, plus the user's own unit."""
    if action != Action.VIEW:
        return nothing()
    own = own_official(user)
    own_q = Q(pk=own.unit_id) if own is not None else nothing()
    return scope_q(assignments(user)) | own_q


def official(user, action: Action) -> Q:
    """Officials in the scope of a role, plus the user's own record."""
    if action != Action.VIEW:
        return nothing()
    return scope_q(assignments(user), "unit__") | Q(user=user)


def person_record(user, action: Action) -> Q:
    """Position history and absences follow their official."""
    if action != Action.VIEW:
        return nothing()
    return scope_q(assignments(user), "official__unit__") | Q(official__user=user)


def role_assignment(user, action: Action) -> Q:
    """One's own role assignments only (administrators see all of them)."""
    if action != Action.VIEW:
        return nothing()
    return Q(user=user)


def configuration(user, action: Action) -> Q:
    """Rules and periods are read by every signed-in user; changed in the admin only."""
    return Q() if action == Action.VIEW else nothing()


def administrators_only(user, action: Action) -> Q:
    """Records only administrators read or change (they never reach a rule): nobody else."""
    return nothing()
