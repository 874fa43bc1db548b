"""A unit's review meeting, dossier and dossier documents (SPEC §4, §10).

Seen by every role covering the unit (the appraiser included: it checks every component);
the meeting is recorded by the unit's leadership, the dossier prepared by its leadership or
secretary and checked by an appraiser covering the unit.
"""

from __future__ import annotations

from django.db.models import Q

from danhgia.organisation.choices import Role

from ..actions import Action
from ..scopes import UNIT_CLERK_ROLES, assignments, nothing, scope_q, with_roles


def _unit_records(user, action: Action, p: str, change_roles) -> Q:
    if action == Action.VIEW:
        return scope_q(assignments(user), p)
    if action == Action.CHANGE:
        return scope_q(with_roles(user, change_roles), p)
    if action == Action.PREPARE_DOSSIER:
        return scope_q(with_roles(user, UNIT_CLERK_ROLES), p)
    if action == Action.APPRAISE:
        return scope_q(with_roles(user, (Role.APPRAISER,)), p)
    return nothing()


def review_meeting(user, action: Action) -> Q:
    return _unit_records(user, action, "unit__", (Role.UNIT_LEADERSHIP,))


def dossier(user, action: Action) -> Q:
    return _unit_records(user, action, "unit__", UNIT_CLERK_ROLES)


def dossier_document(user, action: Action) -> Q:
    return _unit_records(user, action, "dossier__unit__", UNIT_CLERK_ROLES)
