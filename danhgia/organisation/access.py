"""Who may see or change what: the one place that decides access (SPEC §4, STYLE "Logic").

Every view and service asks ``restrict()`` (or a helper built on it) for the objects a user may
see or change; "no access" is the same answer as "does not exist" (404), so that the existence
of another unit's people and records does not leak.

Scope: a role assignment covers its unit, and the unit's subtree when ``include_subtree``. An
administrator (superuser or the ``administrator`` role) covers everything. An official with no
other role sees their own record and their own unit, nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from danhgia.decisions.choices import Stage
from danhgia.evaluations.choices import OWNER_EDITABLE_STATES, EvaluationState

from .choices import Role
from .models import Absence, Official, PositionHistory, RoleAssignment, Unit


class Action(models.TextChoices):
    VIEW = "view", _("xem")
    CHANGE = "change", _("sửa")
    REPORT = "report", _("báo cáo kết quả")
    APPROVE = "approve", _("phê duyệt")
    REVIEW = "review", _("nhận xét, đề xuất của tập thể lãnh đạo")
    APPRAISE = "appraise", _("thẩm định")


#: who assigns tasks and confirms their results (SPEC §4; Lào Cai Phụ lục 01)
TASK_ASSIGNER_ROLES = (Role.ASSIGNING_AGENCY, Role.UNIT_LEADERSHIP)
#: who prepares a unit's catalogue of products and its collective results (Phụ lục 7)
UNIT_CLERK_ROLES = (Role.UNIT_LEADERSHIP, Role.UNIT_SECRETARY)


@dataclass(frozen=True)
class Scope:
    """One role held over one unit (the implicit official role has its own unit, no subtree)."""

    role: Role
    unit: Unit
    include_subtree: bool

    def covers(self, unit: Unit) -> bool:
        """Whether ``unit`` is this scope's unit or, with the subtree, below it."""
        if self.include_subtree:
            return unit.path.startswith(self.unit.path)
        return unit.pk == self.unit.pk


def _assignments(user) -> list[RoleAssignment]:
    """The user's role assignments, read once per user object (i.e. once per request)."""
    cached = getattr(user, "_danhgia_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("unit"))
        user._danhgia_assignments = cached
    return cached


def own_official(user) -> Official | None:
    """The Official record of the account, if any (read once per user object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_danhgia_official"):
        user._danhgia_official = (
            Official.objects.select_related("unit", "unit__block", "comparison_group")
            .filter(user=user)
            .first()
        )
    return user._danhgia_official


def scopes(user) -> list[Scope]:
    """Every role the user holds with its unit, the implicit official role first."""
    if not user.is_authenticated:
        return []
    result = []
    official = own_official(user)
    if official is not None:
        result.append(Scope(Role.OFFICIAL, official.unit, include_subtree=False))
    result.extend(Scope(Role(a.role), a.unit, a.include_subtree) for a in _assignments(user))
    return result


def assigned_roles(user) -> set[Role]:
    """The roles the user's role assignments grant (the implicit official role left out)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return {Role(a.role) for a in _assignments(user)}


def is_administrator(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(a.role == Role.ADMINISTRATOR for a in _assignments(user))


def _scope_q(assignments: Iterable[RoleAssignment], unit_path: str = "") -> Q:
    """Rows whose unit (reached through ``unit_path``, e.g. "unit__") the assignments cover.

    With no assignments the Q matches nothing.
    """
    q = Q(pk__in=[])
    for a in assignments:
        if a.include_subtree:
            q |= Q(**{f"{unit_path}path__startswith": a.unit.path})
        else:
            q |= Q(**{f"{unit_path}pk": a.unit.pk})
    return q


def has_scoped_role(user) -> bool:
    """Whether the user sees beyond their own record (any role assignment, or administrator)."""
    return is_administrator(user) or bool(user.is_authenticated and _assignments(user))


def units_in_scope(user, roles: Iterable[Role] | None = None) -> QuerySet[Unit]:
    """Units covered by the user's role assignments, limited to ``roles`` when given.

    The implicit official role covers no unit here: an official's own unit is added by
    ``restrict`` for the unit list only, never for the people in it.
    """
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if is_administrator(user):
        return Unit.objects.all()
    wanted = None if roles is None else {Role(r) for r in roles}
    assignments = [a for a in _assignments(user) if wanted is None or a.role in wanted]
    if not assignments:
        return Unit.objects.none()
    return Unit.objects.filter(_scope_q(assignments))


def visible_officials(user) -> QuerySet[Official]:
    """Officials the user may see: everyone in the scope of a role, plus their own record."""
    return restrict(user, Official.objects.all())


def restrict(user, queryset: QuerySet, action: Action = Action.VIEW) -> QuerySet:
    """The ONE access decision: the part of ``queryset`` that ``user`` may see or change.

    Rules and periods are read by every signed-in user; changes to configuration belong to
    administrators (through the admin). New models add their rule here.
    """
    model = queryset.model
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_administrator(user):
        return queryset
    if model._meta.app_label == "tasks":
        return queryset.filter(_tasks_rule(user, model._meta.model_name, action))
    if model._meta.app_label == "evaluations":
        return queryset.filter(_evaluations_rule(user, model._meta.model_name, action))
    if model._meta.label_lower in _DECISION_PATHS:
        return queryset.filter(_decisions_rule(user, model._meta.model_name, action))
    if model._meta.label_lower in _REVIEW_PATHS:
        return queryset.filter(_review_rule(user, model._meta.model_name, action))
    if model._meta.label_lower == "audit.auditentry":
        return _audit_entries(user, queryset, action)
    if action != Action.VIEW:
        return queryset.none()
    if model is Unit:
        own = own_official(user)
        own_q = Q(pk=own.unit_id) if own is not None else Q(pk__in=[])
        return queryset.filter(_scope_q(_assignments(user)) | own_q)
    if model is Official:
        return queryset.filter(_scope_q(_assignments(user), "unit__") | Q(user=user))
    if model in (PositionHistory, Absence):
        scope = _scope_q(_assignments(user), "official__unit__")
        return queryset.filter(scope | Q(official__user=user))
    if model is RoleAssignment:
        return queryset.filter(user=user)
    if model._meta.app_label in ("rules", "periods"):
        return queryset
    return queryset.none()


def _with_roles(user, roles: Iterable[Role]) -> list[RoleAssignment]:
    return [a for a in _assignments(user) if a.role in roles]


def _ancestor_paths(user) -> list[str]:
    """Paths of the user's own unit, the units of their roles, and every unit above them."""
    own = own_official(user)
    units = [a.unit for a in _assignments(user)] + ([own.unit] if own is not None else [])
    paths = set()
    for unit in units:
        parts = unit.path.strip("/").split("/")
        paths.update("/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts)))
    return sorted(paths)


def _tasks_rule(user, model_name: str, action: Action) -> Q:
    """Access to the tasks app's records (SPEC §4; the tasks app's docs/ARCHITECTURE.md row).

    Tasks and their evidence: seen by the lead, by every role whose scope covers the lead's unit
    and by the assigning side; results are reported by the lead only; the task itself, its
    factors and its cancellation belong to the assigning side (an assigning agency or unit
    leadership whose scope covers the assigning unit). Catalogues: seen within a role's scope and
    by the people of the unit they apply to (a unit's catalogue applies to its subtree, so the
    units above one's own count); drafted by unit leadership or secretary, approved by unit
    leadership (the unit's authority). Collective results: seen by roles covering the unit,
    prepared by its leadership or secretary.
    """
    everyone = _assignments(user)
    assigners = _with_roles(user, TASK_ASSIGNER_ROLES)
    if model_name in ("task", "taskevidence"):
        p = "" if model_name == "task" else "task__"
        if action == Action.VIEW:
            return (
                Q(**{f"{p}lead__user": user})
                | _scope_q(everyone, f"{p}lead__unit__")
                | _scope_q(assigners, f"{p}assigning_unit__")
            )
        if action == Action.REPORT:
            return Q(**{f"{p}lead__user": user})
        if action == Action.CHANGE:
            return _scope_q(assigners, f"{p}assigning_unit__")
    if model_name in ("catalogue", "product"):
        p = "" if model_name == "catalogue" else "catalogue__"
        if action == Action.VIEW:
            return _scope_q(everyone, f"{p}unit__") | Q(
                **{f"{p}unit__path__in": _ancestor_paths(user)}
            )
        if action == Action.CHANGE:
            return _scope_q(_with_roles(user, UNIT_CLERK_ROLES), f"{p}unit__")
        if action == Action.APPROVE:
            return _scope_q(_with_roles(user, (Role.UNIT_LEADERSHIP,)), f"{p}unit__")
    if model_name == "collectiveresult":
        if action == Action.VIEW:
            return _scope_q(everyone, "unit__")
        if action == Action.CHANGE:
            return _scope_q(_with_roles(user, UNIT_CLERK_ROLES), "unit__")
    return Q(pk__in=[])


def assigning_scopes(user) -> list[Scope]:
    """The units the user may assign tasks from, each with its reach (SPEC §4).

    An assigning agency or unit leadership assigns from the unit of its role to the officials
    that role covers; an administrator from any unit to its whole subtree.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    if is_administrator(user):
        return [Scope(Role.ADMINISTRATOR, unit, True) for unit in Unit.objects.all()]
    return [
        Scope(Role(a.role), a.unit, a.include_subtree)
        for a in _with_roles(user, TASK_ASSIGNER_ROLES)
    ]


#: roles that see the evaluations of the officials in their scope (SPEC §4)
EVALUATION_VIEWER_ROLES = (
    Role.UNIT_LEADERSHIP,
    Role.UNIT_SECRETARY,
    Role.APPRAISER,
    Role.AUTHORITY,
)
#: how each model of the evaluations app reaches its evaluation
_EVALUATION_PATHS = {
    "evaluation": "",
    "criterionentry": "evaluation__",
    "evidence": "entry__evaluation__",
}


def _evaluations_rule(user, model_name: str, action: Action) -> Q:
    """Access to evaluations, their criterion rows and evidence (SPEC §4, §6, §14).

    Seen by the official evaluated and by the roles of ``EVALUATION_VIEWER_ROLES`` whose scope
    covers the official's unit; changed by the official only, and only while the evaluation is
    still theirs (draft, targets approved, returned); targets are approved (and amended) by the
    unit leadership covering the official's unit, never by the official themself.
    """
    p = _EVALUATION_PATHS.get(model_name)
    if p is None:
        return Q(pk__in=[])
    own = Q(**{f"{p}official__user": user})
    if action == Action.VIEW:
        viewers = _with_roles(user, EVALUATION_VIEWER_ROLES)
        return own | _scope_q(viewers, f"{p}official__unit__")
    if action == Action.CHANGE:
        # A returned evaluation is the official's again only when it was returned to them
        # (``returned_from`` = self-assessed; empty before the review step existed).
        returned_elsewhere = Q(**{f"{p}state": EvaluationState.RETURNED}) & ~Q(
            **{f"{p}returned_from__in": ("", EvaluationState.SELF_ASSESSED)}
        )
        return own & Q(**{f"{p}state__in": OWNER_EDITABLE_STATES}) & ~returned_elsewhere
    if action == Action.APPROVE:
        leaders = _with_roles(user, (Role.UNIT_LEADERSHIP,))
        return _scope_q(leaders, f"{p}official__unit__") & ~own
    if action == Action.REVIEW:
        leaders = _with_roles(user, (Role.UNIT_LEADERSHIP,))
        return _scope_q(leaders, f"{p}official__unit__") & ~own
    if action == Action.APPRAISE:
        appraisers = _with_roles(user, (Role.APPRAISER,))
        return _scope_q(appraisers, f"{p}official__unit__") & ~own
    return Q(pk__in=[])


#: how the records of steps 3a-3c reach the unit they belong to (label → lookup prefix)
_REVIEW_PATHS = {
    "decisions.stagescore": "evaluation__official__unit__",
    "decisions.stagecriterionscore": "stage_score__evaluation__official__unit__",
    "decisions.reviewmeeting": "unit__",
    "decisions.dossier": "unit__",
    "decisions.dossierdocument": "dossier__unit__",
    "decisions.keytaskassessment": "task__lead__unit__",
}


def _review_rule(user, model_name: str, action: Action) -> Q:
    """Access to stage scores, review meetings, dossiers and key-task responses (SPEC §4, §6).

    Stage scores (review, appraisal) are seen by the roles that see the evaluation
    (``EVALUATION_VIEWER_ROLES`` covering the official's unit) and by the official once the
    result is published; the review's are changed by unit leadership, the appraisal's by an
    appraiser covering the official's unit, never by the official themself. A unit's meeting,
    dossier and documents are seen by every role covering the unit; the meeting is recorded by
    its leadership, the dossier prepared by its leadership or secretary and checked
    (``APPRAISE``) by an appraiser. Key-task responses are seen by the roles covering the lead's
    unit and recorded by an appraiser.
    """
    p = _REVIEW_PATHS[f"decisions.{model_name}"]
    everyone = _assignments(user)
    leaders = _with_roles(user, (Role.UNIT_LEADERSHIP,))
    appraisers = _with_roles(user, (Role.APPRAISER,))
    if model_name in ("stagescore", "stagecriterionscore"):
        e = p.removesuffix("official__unit__")
        own = Q(**{f"{e}official__user": user})
        if action == Action.VIEW:
            viewers = _with_roles(user, EVALUATION_VIEWER_ROLES)
            published = Q(
                **{f"{e}state__in": (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)}
            )
            return _scope_q(viewers, p) | (own & published)
        if action == Action.CHANGE:
            s = "" if model_name == "stagescore" else "stage_score__"
            review = Q(**{f"{s}stage": Stage.REVIEW}) & _scope_q(leaders, p)
            appraisal = Q(**{f"{s}stage": Stage.APPRAISAL}) & _scope_q(appraisers, p)
            return (review | appraisal) & ~own
        return Q(pk__in=[])
    if action == Action.VIEW:
        return _scope_q(everyone, p)
    if model_name == "reviewmeeting" and action == Action.CHANGE:
        return _scope_q(leaders, p)
    if model_name in ("dossier", "dossierdocument"):
        if action == Action.CHANGE:
            return _scope_q(_with_roles(user, UNIT_CLERK_ROLES), p)
        if action == Action.APPRAISE:
            return _scope_q(appraisers, p)
    if model_name == "keytaskassessment" and action == Action.CHANGE:
        return _scope_q(appraisers, p)
    return Q(pk__in=[])


#: how the decision step's records reach the official evaluated (label → lookup prefix)
_DECISION_PATHS = {
    "decisions.decision": "evaluation__official__",
    "decisions.accountability": "decision__evaluation__official__",
    "decisions.publication": "",  # a scope: its own unit
}


def _decisions_rule(user, model_name: str, action: Action) -> Q:
    """Access to decisions, accountability records and publications (SPEC §4, §6, §14).

    A decision is seen by the roles that see the evaluation (``EVALUATION_VIEWER_ROLES``
    covering the official's unit) and, once published, by the official decided (like the
    stage scores); it is corrected (``CHANGE``)
    by an authority covering that unit. An accountability record is seen like its decision and
    by the head it names; nobody changes it. A publication is seen by everyone whose own unit
    or role lies inside the published scope, and by the roles covering it; an authority
    covering the scope archives it (``CHANGE``).
    """
    authorities = _with_roles(user, (Role.AUTHORITY,))
    if model_name == "publication":
        if action == Action.VIEW:
            return _scope_q(_assignments(user), "unit__") | Q(unit__path__in=_ancestor_paths(user))
        if action == Action.CHANGE:
            return _scope_q(authorities, "unit__")
        return Q(pk__in=[])
    p = _DECISION_PATHS[f"decisions.{model_name}"]
    if action == Action.VIEW:
        viewers = _with_roles(user, EVALUATION_VIEWER_ROLES)
        e = p.removesuffix("official__")
        published = Q(**{f"{e}state__in": (EvaluationState.PUBLISHED, EvaluationState.ARCHIVED)})
        seen = (Q(**{f"{p}user": user}) & published) | _scope_q(viewers, f"{p}unit__")
        if model_name == "accountability":
            seen |= Q(head__user=user)
        return seen
    if action == Action.CHANGE and model_name == "decision":
        return _scope_q(authorities, f"{p}unit__")
    return Q(pk__in=[])


#: roles that read the audit log besides administrators (SPEC §4: the organisation commission)
AUDIT_READER_ROLES = (Role.APPRAISER,)
#: apps whose records every signed-in user reads (configuration): their entries need no scope
_PUBLIC_AUDIT_APPS = ("rules", "periods")


def _audit_entries(user, queryset: QuerySet, action: Action) -> QuerySet:
    """The audit entries an appraiser reads: those about records inside their scope.

    An entry names its object by type and id; for each application model the entry's object
    must be one ``restrict`` lets the user see (one subquery per model, so the number of
    queries never grows with the number of entries or people). Configuration (rules, periods)
    is read by everyone, so its entries are too; entries about accounts, role assignments or
    no object at all (imports, the demo) are for administrators only.
    """
    from django.apps import apps
    from django.db.models import CharField
    from django.db.models.functions import Cast

    if action != Action.VIEW or not _with_roles(user, AUDIT_READER_ROLES):
        return queryset.none()
    q = Q(pk__in=[])
    for model in apps.get_models():
        label = model._meta.label_lower
        app = model._meta.app_label
        if app in _PUBLIC_AUDIT_APPS:
            q |= Q(object_type=label)
            continue
        if not model.__module__.startswith("danhgia.") or app == "audit":
            continue
        visible = restrict(user, model._default_manager.all())
        if visible.query.is_empty() or model is RoleAssignment:
            continue
        ids = visible.annotate(_audit_id=Cast("pk", CharField())).values("_audit_id")
        q |= Q(object_type=label, object_id__in=ids)
    return queryset.filter(q)


def can(user, obj: models.Model, action: Action = Action.VIEW) -> bool:
    """Whether ``user`` may see (or change) this one object."""
    manager = type(obj)._default_manager
    return restrict(user, manager.filter(pk=obj.pk), action).exists()


def get_for_user_or_404(user, queryset: QuerySet, action: Action = Action.VIEW, **lookup):
    """The object matching ``lookup`` if the user may see (or change) it; otherwise 404."""
    try:
        return restrict(user, queryset, action).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(_("Không tìm thấy hoặc bạn không có quyền truy cập.")) from None


def get_official_for_user_or_404(user, pk: int, action: Action = Action.VIEW) -> Official:
    queryset = Official.objects.select_related("unit", "unit__block", "comparison_group", "user")
    return get_for_user_or_404(user, queryset, action, pk=pk)
