"""The demo's history at the moments of its story, not at the moment it was seeded (D26).

The demo goes through the real services, which stamp their audit entries, decisions and
publications with the clock. Once built, ``backdate`` moves every such stamp of each quarter to
the moment of the story it stands for (Q3/2026's dates carried into the quarter, ``demo_calendar``):
a submission's entry to the evaluation's ``submitted_at``, a dossier's to its ``submitted_at``,
the targets' approval, the review, appraisal, decision, publication, correction and closing to
the story's days. The entries of the seeded steps of account holders name them (the official
submitted, the leader approved the targets), as the services would have.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import CharField, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce

from danhgia.audit.choices import AuditAction as A
from danhgia.audit.models import AuditEntry
from danhgia.decisions.models import Accountability, Decision, Publication
from danhgia.dossiers.models import Dossier
from danhgia.evaluations.models import Evaluation
from danhgia.names import display_name
from danhgia.periods.models import Period, PeriodFramework

from .demo_calendar import DemoCalendar

OPENED = datetime(2026, 7, 1, 7, 30)
PROPOSED = datetime(2026, 7, 8, 14, 0)
TARGETS = datetime(2026, 7, 10, 9, 0)
SAVED = datetime(2026, 9, 27, 15, 0)
SUBMITTED = datetime(2026, 9, 28, 16, 0)
VERIFIED = datetime(2026, 9, 29, 15, 0)
REVIEWED = datetime(2026, 9, 30, 9, 0)
APPRAISED = datetime(2026, 10, 12, 15, 0)
DECIDED = datetime(2026, 10, 20, 10, 0)
PUBLISHED = datetime(2026, 10, 23, 9, 0)
CORRECTED = datetime(2026, 11, 5, 9, 0)
CLOSED = datetime(2026, 11, 10, 17, 0)
#: the moment of each evaluation's entries (the submission: its own ``submitted_at``)
EVALUATION_MOMENTS = {
    A.EVALUATION_CREATED: OPENED,
    A.EVALUATION_DEFERRED: OPENED,
    A.EVALUATION_TARGETS_PROPOSED: PROPOSED,
    A.EVALUATION_TARGETS_APPROVED: TARGETS,
    A.EVALUATION_SAVED: SAVED,
    A.EVALUATION_VERIFIED: VERIFIED,
    A.EVALUATION_REVIEWED: REVIEWED,
    A.EVALUATION_APPRAISED: APPRAISED,
    A.EVALUATION_DECIDED: DECIDED,
    A.DECISION_CORRECTED: CORRECTED,
}


def _keys(queryset):
    """The primary keys of ``queryset`` as the audit log stores them (text), as a subquery."""
    return queryset.annotate(_key=Cast("pk", CharField())).values("_key")


def backdate(cal: DemoCalendar, since: datetime) -> None:
    """Move the stamps written since ``since`` (the seeding) to the story's moments."""
    recent = AuditEntry.objects.filter(created_at__gte=since)
    _name_actors(recent)  # first: once moved, the entries are no longer "since"
    for period in Period.objects.all():
        quarter = (period.year, period.quarter)

        def at(moment: datetime, quarter=quarter) -> datetime:
            return cal.at(moment, quarter)

        evaluations = Evaluation.objects.filter(period=period)
        entries = recent.filter(
            object_type="evaluations.evaluation", object_id__in=_keys(evaluations)
        )
        for action, moment in EVALUATION_MOMENTS.items():
            entries.filter(action=action).update(created_at=at(moment))
        submitted = evaluations.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
        entries.filter(action=A.EVALUATION_SUBMITTED).update(
            created_at=Coalesce(
                Subquery(submitted.values("submitted_at").order_by()[:1]), at(SUBMITTED)
            )
        )
        evaluations.filter(targets_approved_at__gte=since).update(targets_approved_at=at(TARGETS))
        decisions = Decision.objects.filter(evaluation__period=period, decided_at__gte=since)
        decisions.filter(correction_reason="").update(decided_at=at(DECIDED))
        decisions.exclude(correction_reason="").update(decided_at=at(CORRECTED))
        accountable = Accountability.objects.filter(decision__evaluation__period=period)
        recent.filter(
            object_type="decisions.accountability", object_id__in=_keys(accountable)
        ).update(created_at=at(DECIDED))
        publications = Publication.objects.filter(period=period, published_at__gte=since)
        recent.filter(
            object_type="decisions.publication", object_id__in=_keys(publications)
        ).update(created_at=at(PUBLISHED))
        publications.update(published_at=at(PUBLISHED))
        dossiers = Dossier.objects.filter(period=period, submitted_at__isnull=False)
        sent = dossiers.filter(pk=Cast(OuterRef("object_id"), IntegerField()))
        recent.filter(object_type="dossiers.dossier", object_id__in=_keys(dossiers)).update(
            created_at=Coalesce(Subquery(sent.values("submitted_at").order_by()[:1]), at(REVIEWED))
        )
        mine = recent.filter(object_type="periods.period", object_id=str(period.pk))
        mine.filter(action=A.PERIOD_OPENED).update(created_at=at(OPENED))
        mine.filter(action=A.PERIOD_CLOSED).update(created_at=at(CLOSED))
        frameworks = PeriodFramework.objects.filter(period=period)
        recent.filter(
            object_type="periods.periodframework", object_id__in=_keys(frameworks)
        ).update(created_at=at(OPENED))


def _name_actors(recent) -> None:
    """The seeded submissions are the officials' own, the seeded approvals their approver's."""
    users = get_user_model().objects.filter(official__isnull=False).select_related("official")
    for user in users:
        own = _keys(Evaluation.objects.filter(official__user=user))
        recent.filter(
            object_type="evaluations.evaluation",
            object_id__in=own,
            action__in=(A.EVALUATION_TARGETS_PROPOSED, A.EVALUATION_SAVED, A.EVALUATION_SUBMITTED),
            actor__isnull=True,
        ).update(actor=user, actor_name=display_name(user))
    approvers = Evaluation.objects.filter(targets_approved_by__isnull=False).values_list(
        "targets_approved_by", flat=True
    )
    for user in get_user_model().objects.filter(pk__in=approvers):
        approved = _keys(Evaluation.objects.filter(targets_approved_by=user))
        recent.filter(
            object_type="evaluations.evaluation",
            object_id__in=approved,
            action=A.EVALUATION_TARGETS_APPROVED,
            actor__isnull=True,
        ).update(actor=user, actor_name=display_name(user))
