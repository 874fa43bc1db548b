"""Decisions, accountability records and publications (SPEC §4, §6, §14).

A decision is seen by the roles that see the evaluation (not by the official evaluated, even a
unit leader) and, once published, by the official decided; it is corrected by an authority
covering the official's unit. An accountability record is seen like its decision and by the
head it names once the decision is published; nobody changes it. A publication is seen by
everyone whose own unit or role lies inside the published scope, and by the roles covering it;
an authority covering the scope archives it.
"""

from __future__ import annotations

from django.db.models import Q

from danhgia.organisation.choices import Role

from ..actions import Action
from ..scopes import ancestor_paths, assignments, nothing, scope_q, with_roles
from .review import PUBLIC_STATES, own_result_q


def decision(user, action: Action) -> Q:
    if action == Action.VIEW:
        return own_result_q(user, "evaluation__")
    if action in (Action.CHANGE, Action.CORRECT):
        own = Q(evaluation__official__user=user)
        return scope_q(with_roles(user, (Role.AUTHORITY,)), "evaluation__official__unit__") & ~own
    return nothing()


def accountability(user, action: Action) -> Q:
    if action != Action.VIEW:
        return nothing()
    published = Q(decision__evaluation__state__in=PUBLIC_STATES)
    return own_result_q(user, "decision__evaluation__") | (Q(head__user=user) & published)


def publication(user, action: Action) -> Q:
    if action == Action.VIEW:
        return scope_q(assignments(user), "unit__") | Q(unit__path__in=ancestor_paths(user))
    if action in (Action.CHANGE, Action.ARCHIVE):
        return scope_q(with_roles(user, (Role.AUTHORITY,)), "unit__")
    return nothing()
