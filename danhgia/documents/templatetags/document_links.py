"""Where the scope-wide documents are offered: the top units of a user's reach for a step.

``{% report_units "decide" "appraise" as units %}``: the units at the top of the user's roles
owning one of the steps (each a scope of the summary table and the report; administrators: the
roots). The right
itself is ``danhgia.access``'s; each link's document asks it again when downloaded.
"""

from __future__ import annotations

from django import template

from danhgia import access
from danhgia.access import Action
from danhgia.organisation.models import Unit

register = template.Library()
#: at most this many scopes are offered on a page (a role usually covers one subtree)
MAX_UNITS = 20


@register.simple_tag(takes_context=True)
def report_units(context, *actions: str) -> list[Unit]:
    user = context["request"].user
    if not user.is_authenticated:
        return []
    steps = [Action(action) for action in actions]
    if any(access.unit_ids_for(user, step) is None for step in steps):  # administrators
        return list(Unit.objects.filter(parent=None).order_by("order", "pk")[:MAX_UNITS])
    paths: dict[str, Unit] = {}
    for step in steps:
        for unit in access.units_for(user, step).only("pk", "name", "path"):
            paths[unit.path] = unit
    tops: list[Unit] = []
    for path in sorted(paths):
        if not any(path.startswith(top.path) for top in tops):
            tops.append(paths[path])
            if len(tops) == MAX_UNITS:
                break
    return tops
