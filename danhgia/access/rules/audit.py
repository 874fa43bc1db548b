"""The audit log: read by administrators and appraisers, about records in their scope.

An entry names its object by type and id, and carries the path of the unit its record belonged
to (``audit.paths``): the entries of records that belong to a unit are read by the roles whose
scope covers that unit, by one indexed prefix per role (not one subquery over every model,
which reads the whole province for every page: issue 9). Records without a unit (blocks,
comparison groups) must be ones ``restrict`` lets the user see, one small subquery per model.
Configuration (rules, periods) is read by everyone, so its entries are too; entries about
accounts, role assignments or no object at all (imports, the demo) are for administrators only.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from danhgia.audit.paths import UNIT_PATHS

from ..actions import Action
from ..scopes import AUDIT_READER_ROLES, assignments, nothing, with_roles

#: apps whose records every signed-in user reads (configuration): their entries need no scope
PUBLIC_APPS = ("rules", "periods")
#: records whose entries only administrators read
PRIVATE_MODELS = ("organisation.roleassignment",)


def may_read_log(user) -> bool:
    return bool(with_roles(user, AUDIT_READER_ROLES))


def audit_entry(user, action: Action) -> Q:
    from ..queries import restrict

    if action not in (Action.VIEW, Action.READ_LOG) or not may_read_log(user):
        return nothing()
    q = nothing()
    for a in assignments(user):
        if a.include_subtree:
            q |= Q(unit_path__startswith=a.unit.path)
        else:
            q |= Q(unit_path=a.unit.path)
    for model in apps.get_models():
        label = model._meta.label_lower
        app = model._meta.app_label
        if app in PUBLIC_APPS:
            q |= Q(object_type=label)
            continue
        if not model.__module__.startswith("danhgia.") or app == "audit":
            continue
        if label in PRIVATE_MODELS or label in UNIT_PATHS:
            continue
        visible: QuerySet = restrict(user, model._default_manager.all())
        if visible.query.is_empty():
            continue
        ids = visible.annotate(_audit_id=Cast("pk", CharField())).values("_audit_id")
        q |= Q(object_type=label, object_id__in=ids)
    return q
