"""How a decision's stored reasons and warnings read for one user (SPEC §8.2, §14).

Reasons are stored as the engine gave them (codes and params); they are rendered by the
engine's one Vietnamese renderer. A tie warning names the people it concerns: a reader sees the
names of the people they may see, and "một cán bộ đơn vị khác" for the others.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from danhgia import access
from danhgia.engine import Reason, render_reasons
from danhgia.evaluations.models import Evaluation

from .models import Decision


def _named_ids(decisions: Iterable[Decision]) -> set[str]:
    ids: set[str] = set()
    for decision in decisions:
        for warning in decision.warning_list():
            if isinstance(warning, Reason):
                ids.update(str(i) for i in warning.params.get("people") or ())
    return ids


def visible_names(user, ids: Iterable[str]) -> dict[str, str]:
    """Person id (an evaluation id) → the name this user may read, else a neutral label."""
    ids = {i for i in ids if str(i).isdigit()}
    if not ids:
        return {}
    named = Evaluation.objects.filter(pk__in=[int(i) for i in ids])
    seen = dict(access.restrict(user, named).values_list("pk", "official__full_name"))
    other = _("một cán bộ đơn vị khác")
    return {i: seen.get(int(i), other) for i in ids}


def annotate(user, decisions: Iterable[Decision]) -> list[Decision]:
    """Give each decision ``reason_texts`` and ``warning_texts`` as this user reads them."""
    decisions = list(decisions)
    names = visible_names(user, _named_ids(decisions))
    for decision in decisions:
        decision.reason_texts = render_reasons(decision.reason_list(), names)
        decision.warning_texts = render_reasons(decision.warning_list(), names)
    return decisions
