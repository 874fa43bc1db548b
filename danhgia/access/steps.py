"""Who owns each step of the quarter, for a unit or for a page (SPEC §4, §6).

For one evaluation the answer is ``can(user, evaluation, action)`` (the rules of
``rules.evaluations``). For a unit's pages and the menus, a step belongs to a role covering the
unit (``on_unit``) or held anywhere (``may``); both read the cached scopes, no query. The
callers that once tested roles themselves ask here too: the units a user clerks or leads, who
confirms a person's task results, who is e-mailed of a step's work (``recipients``), the main
menu (``menu``) and the history shown on a record's page (``history``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from danhgia.audit.choices import LATER_STEP_ACTIONS
from danhgia.audit.models import AuditEntry
from danhgia.evaluations.choices import EvaluationState
from danhgia.organisation.choices import Role
from danhgia.organisation.models import RoleAssignment, Unit

from .actions import Action
from .analysis import analyses
from .queries import can, restrict
from .scopes import (
    AUDIT_READER_ROLES,
    EVALUATION_VIEWER_ROLES,
    TASK_ASSIGNER_ROLES,
    UNIT_CLERK_ROLES,
    covers_unit,
    holds,
    is_administrator,
    path_prefixes,
    units_in_scope,
    with_roles,
)

#: the roles that own a step over a unit (SPEC §4)
UNIT_STEP_ROLES: dict[str, tuple[Role, ...]] = {
    Action.VIEW: EVALUATION_VIEWER_ROLES,
    Action.OPEN: UNIT_CLERK_ROLES,
    Action.APPROVE: (Role.UNIT_LEADERSHIP,),
    Action.VERIFY: TASK_ASSIGNER_ROLES,
    Action.REVIEW: (Role.UNIT_LEADERSHIP,),
    Action.PREPARE_DOSSIER: UNIT_CLERK_ROLES,
    Action.APPRAISE: (Role.APPRAISER,),
    Action.DECIDE: (Role.AUTHORITY,),
    Action.CORRECT: (Role.AUTHORITY,),
    Action.PUBLISH: (Role.AUTHORITY,),
    Action.ARCHIVE: (Role.AUTHORITY,),
    Action.READ_LOG: AUDIT_READER_ROLES,
    # Loading units, people and accounts is the administrator's alone (no other role owns it).
    Action.IMPORT_ORGANISATION: (),
    # The province's document templates are the administrator's alone too.
    Action.MANAGE_TEMPLATES: (),
    # Importing, copying, comparing and completing frameworks and policies: the administrator's.
    Action.MANAGE_RULES: (),
}
#: who opens the "Xét duyệt" pages (steps 3a-3c)
REVIEW_PAGE_ROLES = (
    Role.ASSIGNING_AGENCY,
    Role.UNIT_LEADERSHIP,
    Role.UNIT_SECRETARY,
    Role.APPRAISER,
)
#: who reads the decided list (the authority acts on it; the commission drafts the reports)
DECIDED_READER_ROLES = (Role.AUTHORITY, Role.APPRAISER)
#: who follows the units' dossiers of a scope: missing or late after the deadline (SPEC §10)
DOSSIER_FOLLOWER_ROLES = (Role.APPRAISER, Role.AUTHORITY)


def units_for(user, action: Action):
    """The units where the user owns ``action`` (a queryset; every unit for administrators)."""
    return units_in_scope(user, UNIT_STEP_ROLES[action])


def unit_ids_for(user, action: Action) -> set[int] | None:
    """Ids of ``units_for``, read once; None means everywhere (administrators)."""
    if is_administrator(user):
        return None
    return set(units_for(user, action).values_list("pk", flat=True))


def on_unit(user, unit: Unit, action: Action) -> bool:
    """Whether a role of the user owning ``action`` covers ``unit`` (administrators: always)."""
    return covers_unit(user, unit, UNIT_STEP_ROLES[action])


def may(user, action: Action) -> bool:
    """Whether the user holds, anywhere, a role owning ``action`` (menus, index pages)."""
    return holds(user, UNIT_STEP_ROLES[action])


def opens_review_pages(user) -> bool:
    return holds(user, REVIEW_PAGE_ROLES)


def reads_decisions(user) -> bool:
    return holds(user, DECIDED_READER_ROLES)


def reports_on_unit(user, unit: Unit) -> bool:
    """Whether the user drafts the quarter's reports of the unit (the report to the centre):
    the readers of the decided list whose role covers the unit (administrators: always)."""
    return covers_unit(user, unit, DECIDED_READER_ROLES)


def follows_dossiers(user) -> bool:
    """Whether the user follows dossiers anywhere (the list of missing and late ones)."""
    return holds(user, DOSSIER_FOLLOWER_ROLES)


def followed_dossier_units(user):
    """The units whose dossiers the user follows (a queryset; every unit for administrators)."""
    return units_in_scope(user, DOSSIER_FOLLOWER_ROLES)


def owns(user, evaluation, step) -> bool:
    """Whether the user owns ``step`` (an ``evaluations.workflow.Step``) for the evaluation."""
    return can(user, evaluation, step.action)


def require_owner(user, evaluation, step) -> None:
    """Refuse (403) a user who does not own the step; ``None`` is the system (the demo seed)."""
    if user is not None and not owns(user, evaluation, step):
        raise PermissionDenied


def require_on_unit(user, unit: Unit, action: Action) -> None:
    if user is not None and not on_unit(user, unit, action):
        raise PermissionDenied


def require_may(user, action: Action) -> None:
    if not may(user, action):
        raise PermissionDenied


#: states in which the person evaluated reads what the later steps said about them
PUBLIC_STATES = (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)


def sees_later_steps(user, evaluation) -> bool:
    """Whether the user reads the scores, proposals and reasons the later steps gave.

    Everyone who sees the evaluation does, except the person evaluated before publication —
    even when that person leads the unit (SPEC §6, §14).
    """
    return evaluation.official.user_id != user.pk or evaluation.state in PUBLIC_STATES


def clerk_units(user):
    """The units whose papers the user prepares: the catalogue of products, the collective
    result (Phụ lục 7) and the dossier — unit leadership or secretary covering the unit."""
    return units_for(user, Action.PREPARE_DOSSIER)


def led_units(user) -> list[Unit]:
    """The units the user's own unit-leadership assignments name (not their subtrees; none for
    an administrator without such an assignment): the units whose review the user leads."""
    return [a.unit for a in with_roles(user, UNIT_STEP_ROLES[Action.REVIEW])]


def clerked_units(user) -> list[Unit]:
    """The units whose dossier the user prepares as secretary without leading them."""
    led = led_units(user)
    clerks = with_roles(user, UNIT_STEP_ROLES[Action.PREPARE_DOSSIER])
    return [a.unit for a in clerks if a.unit not in led]


def has_duty(user, action: Action) -> bool:
    """Whether one of the user's own role assignments owns ``action`` (the home page's duties;
    an administrator's right over everything is no duty)."""
    return bool(with_roles(user, UNIT_STEP_ROLES[action]))


def confirms_for(user, evaluation, assigned_tasks: bool) -> bool:
    """Whether the user confirms a person's task results (step 3a): the assigning side of one of
    the person's counted tasks (``assigned_tasks``), the unit leadership covering the person
    (who confirms for people without tasks), or an administrator."""
    if assigned_tasks or is_administrator(user):
        return True
    return evaluation is not None and can(user, evaluation, Action.REVIEW)


def recipients(action: Action, units: Iterable[Unit]) -> QuerySet:
    """Active accounts that own ``action`` over one of ``units``: who is told of the step's work.

    A role covers its unit and, with its subtree, the units below. The assigning side of a task
    is the role that assigns *as* the task's assigning unit — its acting unit, else its unit
    (``rules.tasks``): for ``VERIFY``, ``units`` are the assigning units and a role above them
    is not told.
    """
    held = _holding(action, list(units))
    return get_user_model().objects.filter(pk__in=held.values("user"), is_active=True)


def _holding(action: Action, units: list[Unit]) -> QuerySet[RoleAssignment]:
    """The role assignments owning ``action`` over one of ``units`` (one condition on the units'
    ids and one on their ancestors' paths, whatever the number of units)."""
    ids = [unit.pk for unit in units]
    if action == Action.VERIFY:  # an assigning side is the role assigning as the unit itself
        q = Q(acting_unit__in=ids) | Q(acting_unit=None, unit__in=ids)
        return RoleAssignment.objects.filter(q, role__in=list(UNIT_STEP_ROLES[action]))
    prefixes = sorted({p for unit in units for p in path_prefixes(unit.path)})
    q = Q(unit__in=ids) | Q(include_subtree=True, unit__path__in=prefixes)
    return RoleAssignment.objects.filter(q, role__in=list(UNIT_STEP_ROLES[action]))


def recipients_by_unit(action: Action, units: Iterable[Unit]) -> dict[int, list]:
    """Unit id → the active accounts ``recipients(action, [unit])`` gives, for many units in
    one query (the daily late notices of a province's units)."""
    units = list(units)
    held = list(
        _holding(action, units)
        .filter(user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id", "pk")
    )
    result: dict[int, list] = {}
    for unit in units:
        users = {}
        for assignment in held:
            if action == Action.VERIFY:
                covers = assignment.assigning_unit_id == unit.pk
            else:
                covers = assignment.unit_id == unit.pk or (
                    assignment.include_subtree and unit.path.startswith(assignment.unit.path)
                )
            if covers:
                users.setdefault(assignment.user_id, assignment.user)
        result[unit.pk] = list(users.values())
    return result


class Menu:
    """The main navigation's entries the user may open, read only when the template asks (no
    query of its own: the role assignments are read once per request)."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def is_administrator(self) -> bool:
        return is_administrator(self.user)

    @cached_property
    def decides(self) -> bool:
        """Authorities (and administrators) open the decision pages."""
        return may(self.user, Action.DECIDE)

    @cached_property
    def reads_audit(self) -> bool:
        """Appraisers (and administrators) read the audit log."""
        return may(self.user, Action.READ_LOG)

    @cached_property
    def manages_templates(self) -> bool:
        """Administrators change the province's document templates."""
        return may(self.user, Action.MANAGE_TEMPLATES)

    @cached_property
    def opens_admin(self) -> bool:
        """Staff accounts open Django's admin (which checks the same flag)."""
        return self.user.is_active and self.user.is_staff

    @cached_property
    def reviews(self) -> bool:
        """Assigning agencies, unit leadership and secretaries, appraisers (and administrators)
        work on steps 3a-3c: verification, review, dossiers, appraisal ("Xét duyệt")."""
        return opens_review_pages(self.user)

    @cached_property
    def analyses(self) -> bool:
        """Unit leadership, appraisers and authorities (and administrators) read the
        dashboards ("Thống kê") and the year-end view ("Cuối năm") over their scope."""
        return analyses(self.user)


def follows_all_jobs(user) -> bool:
    """Administrators follow every background job (and read a failure's technical detail);
    others their own (``rules.jobs``)."""
    return is_administrator(user)


def menu(user) -> Menu:
    return Menu(user)


def history(user, obj, limit: int | None = None) -> list[AuditEntry]:
    """The audit entries of one record shown on its page, newest first; none for a user who
    does not see the record.

    On an evaluation, the person evaluated reads that a later step happened but not, before
    publication, what it said (its scores, proposal, override or correction reason): those
    entries come back with ``redacted`` set and their note and values emptied.
    """
    seen = restrict(user, type(obj)._default_manager.filter(pk=obj.pk))
    seen_id = seen.annotate(_audit_id=Cast("pk", CharField())).values("_audit_id")
    entries = AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id__in=seen_id
    ).order_by("-created_at", "-id")  # one query: the check is a subquery
    entries = list(entries if limit is None else entries[:limit])
    if obj._meta.label_lower == "evaluations.evaluation" and not sees_later_steps(user, obj):
        for entry in entries:
            entry.redacted = entry.action in LATER_STEP_ACTIONS
            if entry.redacted:
                entry.note, entry.before, entry.after = "", None, None
    return entries
