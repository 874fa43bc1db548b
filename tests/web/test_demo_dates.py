"""The demo's story happens before the day it is seeded (walk of 05/12/2026: a unit's meeting
dated 29/12 in the dossier it sent on 05/12)."""

from datetime import datetime, time

from django.apps import apps
from django.db import models
from django.utils import timezone

from danhgia.core.demo import seed_demo
from danhgia.dossiers.models import Dossier, ReviewMeeting
from danhgia.evaluations.models import Evaluation

#: dates that plan rather than record: they may lie ahead of today
PLANNED = {
    ("organisation.Official", "expected_retirement"),
    ("periods.Period", "results_cutoff"),
    ("periods.Deadline", "due_date"),
    ("tasks.Task", "due_date"),
}


def _after(today) -> list[str]:
    """Every recorded date or moment after ``today``: "model.field: value"."""
    end = timezone.make_aware(datetime.combine(today, time.max))
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (model._meta.label, field.name) in PLANNED:
                continue
            if isinstance(field, models.DateTimeField):
                limit = end
            elif isinstance(field, models.DateField):
                limit = today
            else:
                continue
            rows = model.objects.filter(**{f"{field.name}__gt": limit})
            found += [
                f"{model._meta.label}.{field.name}: {value}"
                for value in rows.values_list(field.name, flat=True)[:3]
            ]
    return found


def test_nothing_the_demo_records_lies_after_its_today_and_meetings_follow_submissions(db):
    # the real day: the services stamp what they record with the clock
    today = timezone.localdate()
    seed_demo(small=True, today=today)
    assert _after(today) == []
    meetings = list(ReviewMeeting.objects.select_related("unit", "period"))
    assert meetings
    for meeting in meetings:
        submitted = Evaluation.objects.filter(
            period=meeting.period,
            official__unit=meeting.unit,
            submitted_at__isnull=False,
        ).values_list("submitted_at", flat=True)
        assert all(timezone.localdate(at) <= meeting.held_on for at in submitted), meeting
        dossier = Dossier.objects.filter(unit=meeting.unit, period=meeting.period).first()
        if dossier is not None and dossier.submitted_at is not None:
            assert meeting.held_on <= timezone.localdate(dossier.submitted_at), meeting
