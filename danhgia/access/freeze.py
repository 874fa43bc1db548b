"""What may no longer change at all, whoever asks (SPEC §6, §14): the one rule.

A record is *frozen* when the quarter it belongs to is closed, or when a decision of the
authority rests on it. A frozen record changes through no path: the services refuse with the
reason (``refuse_if_frozen``), the models' ``save()`` and ``delete()`` refuse (``Freezable``: the
admin, the shell, future code) and the admin shows it read-only (``freeze_admin``). A correction
is a new decision (``decisions.services.correct_decision``); the workflow's own moves after a
decision — publication and archiving (decided → published → archived), a correction's rating on
the decision stage score — are conditional ``update()``s of the services that own them.

The rules, per model label (``RULES``):

- a closed period freezes itself and every record of its quarter (closing is final: a closed
  period is never reopened or edited);
- an evaluation is frozen once decided (``evaluations.choices.LOCKED_STATES``): itself, its rows,
  its evidence and its stage scores;
- a task is frozen once a decided evaluation rests on it: the lead's own, or that of an official
  of the lead's unit or of a unit above it (a unit's figures count its sub-units' tasks); its
  evidence and its key-task response follow it;
- a unit's Phụ lục 7, review meeting, dossier and documents are frozen once an evaluation of an
  official of the unit or of a unit below it is decided.

``frozen_reason(obj)`` says why in Vietnamese (``None``: it may still change); ``frozen_q(model)``
is the same rule as a filter, for lists (``exclude_frozen``). Both read the records through their
relations, like the rest of this package.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext as _

from danhgia.evaluations.choices import LOCKED_STATES
from danhgia.periods.choices import PeriodState

from .scopes import path_prefixes

#: how many people a reason names before "…"
NAMED = 3


class FrozenError(ValidationError):
    """A frozen record was about to change; the message says why in Vietnamese."""


@dataclass(frozen=True)
class Rule:
    """Where a model's record finds what freezes it (paths as in queries; "" is the record).

    ``period``: its quarter; ``evaluation``: the evaluation whose decision freezes it; ``task``:
    the task decisions rest on; ``unit``: the unit whose people's decisions freeze it.
    """

    period: str
    evaluation: str | None = None
    task: str | None = None
    unit: str | None = None


RULES: dict[str, Rule] = {
    "periods.period": Rule(period=""),
    "periods.deadline": Rule(period="period"),
    "periods.periodframework": Rule(period="period"),
    "tasks.task": Rule(period="period", task=""),
    "tasks.taskevidence": Rule(period="task__period", task="task"),
    "tasks.collectiveresult": Rule(period="period", unit="unit"),
    "evaluations.evaluation": Rule(period="period", evaluation=""),
    "evaluations.criterionentry": Rule(period="evaluation__period", evaluation="evaluation"),
    "evaluations.evidence": Rule(
        period="entry__evaluation__period", evaluation="entry__evaluation"
    ),
    "review.stagescore": Rule(period="evaluation__period", evaluation="evaluation"),
    "review.stagecriterionscore": Rule(
        period="stage_score__evaluation__period", evaluation="stage_score__evaluation"
    ),
    "review.keytaskassessment": Rule(period="task__period", task="task"),
    "dossiers.reviewmeeting": Rule(period="period", unit="unit"),
    "dossiers.dossier": Rule(period="period", unit="unit"),
    "dossiers.dossierdocument": Rule(period="dossier__period", unit="dossier__unit"),
}


def _join(path: str, rest: str) -> str:
    return f"{path}__{rest}" if path else rest


def _follow(obj, path: str):
    """The record at ``path`` from ``obj`` (through cached or loaded relations), or None."""
    for name in path.split("__") if path else ():
        field = obj._meta.get_field(name)
        if getattr(obj, field.attname, None) is None and not obj._state.fields_cache.get(name):
            return None
        obj = getattr(obj, name)
    return obj


def rule_for(model) -> Rule | None:
    return RULES.get(model._meta.label_lower)


# --- One record --------------------------------------------------------------------------------


def frozen_reason(obj: Model) -> str | None:
    """Why ``obj`` may no longer change (a Vietnamese sentence), or None while it may.

    The record is read as given: a loaded record as stored, a new one (or one being edited) with
    the quarter, evaluation, task or unit it names.
    """
    rule = rule_for(obj)
    if rule is None:
        return None
    period = _follow(obj, rule.period)
    if period is None:
        return None
    if period.state == PeriodState.CLOSED:
        return _("Kỳ đánh giá %(period)s đã đóng: không thể thay đổi.") % {"period": period}
    if rule.evaluation is not None:
        evaluation = _follow(obj, rule.evaluation)
        if evaluation is not None and evaluation.state in LOCKED_STATES:
            return _(
                "Kết quả %(period)s của %(name)s đã được cấp có thẩm quyền quyết định "
                "(%(state)s): không thể thay đổi phiếu, điểm các bước và minh chứng; chỉ cấp có "
                "thẩm quyền đính chính bằng một quyết định mới."
            ) % {
                "period": period,
                "name": evaluation.official,
                "state": evaluation.get_state_display(),
            }
    if rule.task is not None:
        task = _follow(obj, rule.task)
        unit = _follow(task, "lead__unit") if task is not None else None
        names = _decided(period, official__unit__path__in=path_prefixes(unit.path)) if unit else ""
        if names:
            return _(
                "Kết quả %(period)s của %(names)s đã được cấp có thẩm quyền quyết định, dựa cả "
                "trên nhiệm vụ “%(task)s”: không thể thay đổi nhiệm vụ, kết quả và minh chứng "
                "của nhiệm vụ."
            ) % {"period": period, "names": names, "task": task}
    if rule.unit is not None:
        unit = _follow(obj, rule.unit)
        names = _decided(period, official__unit__path__startswith=unit.path) if unit else ""
        if names:
            return _(
                "Kết quả %(period)s của %(names)s đã được cấp có thẩm quyền quyết định, dựa cả "
                "trên hồ sơ, biên bản và kết quả tập thể của %(unit)s: không thể thay đổi "
                "%(what)s."
            ) % {
                "period": period,
                "names": names,
                "unit": unit,
                "what": obj._meta.verbose_name,
            }
    return None


def _decided(period, **lookup) -> str:
    """The names of the people decided in the period matching ``lookup`` ("" for nobody)."""
    if period.pk is None:
        return ""
    names = list(
        period.evaluations.filter(state__in=LOCKED_STATES, **lookup)
        .order_by("official__full_name", "pk")
        .values_list("official__full_name", flat=True)[: NAMED + 1]
    )
    if len(names) > NAMED:
        return ", ".join(names[:NAMED]) + " …"
    return ", ".join(names)


def refuse_if_frozen(obj: Model, error: type[Exception] = FrozenError) -> None:
    """Raise ``error`` with the reason if ``obj`` is frozen (services pass their own error)."""
    reason = frozen_reason(obj)
    if reason is not None:
        raise error(reason)


# --- The models' guard ------------------------------------------------------------------------


def _related(rule: Rule) -> list[str]:
    """What to load with a stored record so that its rule reads it in the same query."""
    paths = [p for p in (rule.period, rule.evaluation, rule.unit) if p]
    if rule.evaluation is not None:
        paths.append(_join(rule.evaluation, "official"))
    if rule.task is not None:
        paths += [_join(rule.task, "lead__unit")]
    return paths


def _containers(obj: Model, rule: Rule) -> list[str]:
    """The foreign keys that place the record in its quarter (a change moves it)."""
    names = {p.split("__")[0] for p in (rule.period, rule.evaluation, rule.task, rule.unit) if p}
    if rule.task == "":
        names.add("lead")
    return [obj._meta.get_field(name).attname for name in sorted(names)]


def stored(obj: Model) -> Model | None:
    """The record as the database holds it (None for a new one)."""
    if obj.pk is None or obj._state.adding:
        return None
    rule = rule_for(obj)
    related = _related(rule) if rule is not None else []
    # by its key: the model's ordering (joins for some) means nothing for one row
    return type(obj)._base_manager.select_related(*related).filter(pk=obj.pk).order_by("pk").first()


def refuse_change(obj: Model) -> None:
    """``save()``'s guard: neither the stored record nor where it is moved may be frozen."""
    rule = rule_for(obj)
    if rule is None:
        return
    before = stored(obj)
    if before is None:
        refuse_if_frozen(obj)
        return
    refuse_if_frozen(before)
    moved = any(getattr(obj, f) != getattr(before, f) for f in _containers(obj, rule))
    if moved:
        refuse_if_frozen(obj)


def refuse_delete(obj: Model) -> None:
    """``delete()``'s guard: a frozen record is never deleted."""
    if rule_for(obj) is None:
        return
    refuse_if_frozen(stored(obj) or obj)


class Freezable:
    """For the models of ``RULES``: ``save()`` and ``delete()`` refuse a frozen record, and
    ``clean()`` (the admin's forms) says why, before anything is saved."""

    def save(self, *args, **kwargs):
        refuse_change(self)
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_delete(self)
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        refuse_change(self)


# --- Lists ------------------------------------------------------------------------------------


def _model_at(model, path: str):
    for name in path.split("__") if path else ():
        model = model._meta.get_field(name).related_model
    return model


def frozen_q(model) -> Q:
    """The records of ``model`` that are frozen, as a filter (``frozen_reason`` in SQL)."""
    rule = rule_for(model)
    if rule is None:
        return Q(pk__in=[])
    q = Q(**{_join(rule.period, "state"): PeriodState.CLOSED})
    evaluations = _model_at(model, rule.period)._meta.get_field("evaluations").related_model
    if rule.evaluation is not None:
        q |= Q(**{_join(rule.evaluation, "state__in"): LOCKED_STATES})
    if rule.task is not None:
        decided = evaluations.objects.filter(
            StartsWith(OuterRef(_join(rule.task, "lead__unit__path")), F("official__unit__path")),
            period=OuterRef(_join(rule.task, "period")),
            state__in=LOCKED_STATES,
        )
        q |= Q(Exists(decided))
    if rule.unit is not None:
        decided = evaluations.objects.filter(
            period=OuterRef(rule.period),
            state__in=LOCKED_STATES,
            official__unit__path__startswith=OuterRef(_join(rule.unit, "path")),
        )
        q |= Q(Exists(decided))
    return q


def exclude_frozen(queryset: QuerySet) -> QuerySet:
    """The records of ``queryset`` that may still change."""
    return queryset.exclude(frozen_q(queryset.model))


def frozen_leads(period, leads) -> set[int]:
    """The ids of ``leads`` (officials) for whom a new task of ``period`` would be frozen at
    once: the ``tasks.task`` rule for tasks not saved yet, as one query for every lead (a
    decided evaluation of the lead's unit or of a unit above it; a closed period freezes all)."""
    leads = list(leads)
    if period.state == PeriodState.CLOSED:
        return {lead.pk for lead in leads}
    if period.pk is None or not leads:
        return set()
    decided = period.evaluations.filter(
        StartsWith(OuterRef("unit__path"), F("official__unit__path")),
        state__in=LOCKED_STATES,
    )
    model = type(leads[0])
    return set(
        model._default_manager.filter(pk__in=[lead.pk for lead in leads])
        .filter(Exists(decided))
        .values_list("pk", flat=True)
    )
