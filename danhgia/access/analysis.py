"""Who reads the dashboards ("Thống kê") and the year-end view ("Cuối năm"), and whose records
they count (SPEC §13.3).

Unit leadership reads them for its unit (and subtree, when its assignment has it), the
organisation commission (appraiser) and the authority for their scope, administrators for
everything. The figures count the evaluations those roles see anyway
(``EVALUATION_VIEWER_ROLES`` less the secretary), with one exception: a reader's own
evaluation before publication, whose later steps the person evaluated may not read
(``steps.sees_later_steps``), is left out of every figure the reader sees.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from danhgia.evaluations.choices import EvaluationState
from danhgia.organisation.choices import Role
from danhgia.organisation.models import Official, Unit

from .scopes import holds, is_administrator, nothing, scope_q, units_in_scope, with_roles

#: the roles that read the dashboards and the year-end view, each over its scope
ANALYST_ROLES = (Role.UNIT_LEADERSHIP, Role.APPRAISER, Role.AUTHORITY)
#: states in which the person evaluated reads their own later steps (``steps.PUBLIC_STATES``)
_PUBLIC_STATES = (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)


def analyses(user) -> bool:
    """Whether the user opens "Thống kê" and "Cuối năm" (menus, pages)."""
    return holds(user, ANALYST_ROLES)


def require_analyses(user) -> None:
    """403 for a signed-in user without an analyst's role."""
    if not analyses(user):
        raise PermissionDenied


def analysed_units(user) -> QuerySet[Unit]:
    """The units the user's analyst roles cover (every unit for administrators)."""
    return units_in_scope(user, ANALYST_ROLES)


def officials_q(user, to_official: str = "") -> Q:
    """Officials (reached through ``to_official``, e.g. ``"evaluation__official__"``) whose
    unit the user's analyst roles cover."""
    if is_administrator(user):
        return Q()
    items = with_roles(user, ANALYST_ROLES)
    if not items:
        return nothing()
    return scope_q(items, f"{to_official}unit__")


def own_unpublished_left_out_q(user, to_evaluation: str = "") -> Q:
    """Evaluations other than the reader's own before publication (whose later steps the
    person evaluated may not read)."""
    own = Q(**{f"{to_evaluation}official__user": user.pk}) & ~Q(
        **{f"{to_evaluation}state__in": _PUBLIC_STATES}
    )
    return ~own


def evaluations_q(user, to_evaluation: str = "") -> Q:
    """Evaluations (reached through ``to_evaluation``, e.g. ``"evaluation__"``) the user's
    figures count: those of the officials in scope, less the reader's own before publication."""
    return officials_q(user, f"{to_evaluation}official__") & own_unpublished_left_out_q(
        user, to_evaluation
    )


def analysed_official_or_404(user, pk: int) -> Official:
    """One official of the user's scope (a person's trend); out of scope or missing: 404."""
    found = Official.objects.filter(officials_q(user), pk=pk).select_related("unit").first()
    if found is None:
        raise Http404
    return found
