"""A unit's dossier made complete, component by component, on top of tests/web/review_world.py.

Unit A's dossier covers A and its division; only ``official_a`` is rated this quarter (the
others are set not to be rated quarterly), so that one review completes the summary table.
``complete(rw, skip=…)`` builds every component except those named.
"""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from danhgia.dossiers.choices import DossierComponent
from danhgia.dossiers.services import add_document, record_meeting
from danhgia.organisation.models import Official
from danhgia.review.choices import Stage
from danhgia.review.review import save_review
from danhgia.review.verification import verify_person
from danhgia.tasks.models import CollectiveResult

from .review_world import same_points

COMPONENTS = [c.value for c in DossierComponent]


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode(), content_type="application/pdf")


def complete(rw, skip=()):
    """Every component of unit A's dossier except those in ``skip``."""
    unit, period, users = rw.world.unit_a, rw.period, rw.users
    others = Official.objects.filter(unit__path__startswith=unit.path).exclude(
        pk=rw.world.official_a.pk
    )
    others.update(rated_quarterly=False)
    if DossierComponent.MEMO not in skip:
        add_document(unit, period, DossierComponent.MEMO, users["secretary"], upload=pdf("tt.pdf"))
    if DossierComponent.EVIDENCE not in skip:
        add_document(
            unit, period, DossierComponent.EVIDENCE, users["secretary"], upload=pdf("mc.pdf")
        )
    if DossierComponent.MINUTES not in skip:
        record_meeting(
            unit, period, held_on=date(2026, 9, 28), attendees="Ban Giám đốc",
            minutes="Thống nhất đề xuất xếp loại.", user=users["unit_head"],
        )  # fmt: skip
    if DossierComponent.SELF_ASSESSMENTS in skip:
        # a colleague rated this quarter who has not submitted
        Official.objects.filter(pk=rw.world.colleague_a.pk).update(rated_quarterly=True)
    if DossierComponent.SUMMARY not in skip:
        verify_person(rw.world.official_a, period, users["agency"])
        verify_person(rw.world.official_a, period, users["unit_head"])
        rw.evaluation.refresh_from_db()
        save_review(
            rw.evaluation, same_points(rw.evaluation, Stage.REVIEW), users["unit_head"], finish=True
        )
    if DossierComponent.COLLECTIVE not in skip:
        CollectiveResult.objects.create(
            unit=unit, period=period, highlights="Hoàn thành.", prepared_by=users["secretary"]
        )
