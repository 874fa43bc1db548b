"""The unit an entry's record belongs to, written on the entry (issue 9: the audit log at scale).

An entry carries the materialised path of its record's unit (``Unit.path``) at the time of the
action, so that a reader's scope filters the log by one indexed prefix per role instead of one
subquery over every model. The map names, for each model whose records belong to a unit, the
lookup from the record to that path; records of other models (configuration, accounts, no
object) carry none. The audit app is the lowest layer: the map names other apps' models by
label only, and resolves them through the app registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db import models

#: model label -> lookup from a record to the path of the unit it belongs to
UNIT_PATHS = {
    "organisation.unit": "path",
    "organisation.official": "unit__path",
    "organisation.positionhistory": "official__unit__path",
    "organisation.absence": "official__unit__path",
    "tasks.task": "lead__unit__path",
    "tasks.taskevidence": "task__lead__unit__path",
    "tasks.catalogue": "unit__path",
    "tasks.product": "catalogue__unit__path",
    "tasks.collectiveresult": "unit__path",
    "tasks.forcemajeure": "unit__path",
    "evaluations.evaluation": "official__unit__path",
    "evaluations.criterionentry": "evaluation__official__unit__path",
    "evaluations.evidence": "entry__evaluation__official__unit__path",
    "evaluations.previousunitcomment": "evaluation__official__unit__path",
    "review.stagescore": "evaluation__official__unit__path",
    "review.stagecriterionscore": "stage_score__evaluation__official__unit__path",
    "review.keytaskassessment": "task__lead__unit__path",
    "dossiers.reviewmeeting": "unit__path",
    "dossiers.dossier": "unit__path",
    "dossiers.dossierdocument": "dossier__unit__path",
    "decisions.decision": "evaluation__official__unit__path",
    "decisions.accountability": "decision__evaluation__official__unit__path",
    "decisions.publication": "unit__path",
}


def _cached_path(obj: models.Model, lookup: str) -> str | None:
    """The path reached from ``obj`` through related objects already loaded, else None."""
    *relations, attname = lookup.split("__")
    current = obj
    for name in relations:
        field = current._meta.get_field(name)
        if not field.is_cached(current):
            return None
        current = getattr(current, name)
        if current is None:
            return ""
    return getattr(current, attname, None)


def paths_by_id(model, lookup: str, ids: Iterable[str]) -> dict[str, str]:
    """The unit paths of the records with these ids (as the entries spell them): one query."""
    pks = sorted({int(i) for i in ids if i.isdigit()})
    rows = model._base_manager.filter(pk__in=pks).values_list("pk", lookup)
    return {str(pk): path or "" for pk, path in rows}


def fill_unit_paths(entries: list) -> None:
    """Set ``unit_path`` on unsaved entries: from their records (``services.new_entry`` keeps
    them as ``_record``) where the chain is already loaded, else one query per model, whatever
    the number of entries."""
    missing: dict[str, list] = defaultdict(list)
    for entry in entries:
        lookup = UNIT_PATHS.get(entry.object_type)
        if lookup is None or not entry.object_id:
            continue
        obj = getattr(entry, "_record", None)
        path = _cached_path(obj, lookup) if obj is not None else None
        if path is None:
            missing[entry.object_type].append(entry)
        else:
            entry.unit_path = path
    for label, items in missing.items():
        paths = paths_by_id(apps.get_model(label), UNIT_PATHS[label], (e.object_id for e in items))
        for entry in items:
            entry.unit_path = paths.get(entry.object_id, "")


def move_unit_paths(moves: dict[str, str]) -> None:
    """Entries follow their unit when its path changes (a new code, another parent): one
    indexed prefix update per moved unit, the deepest first so that a unit moved out of a
    moved parent keeps its own new place."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Substr

    from .models import AuditEntry

    for old, new in sorted(moves.items(), key=lambda item: -len(item[0])):
        if old and new and old != new:
            AuditEntry.objects.filter(unit_path__startswith=old).update(
                unit_path=Concat(Value(new), Substr(F("unit_path"), len(old) + 1))
            )
