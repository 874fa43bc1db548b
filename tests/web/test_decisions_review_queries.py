"""Query counts of the pages of steps 3a-3c do not grow with the number of people (SPEC §14).

Each page is measured with 5 and with 50 people in unit A, every one with an evaluation at some
step, a stage score, a key task from the province's agency and a task from unit A: the counts
must be the same, and under the bound.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danhgia.dossiers.models import Dossier, ReviewMeeting
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task

from . import factories as f

STATES = (EvaluationState.SELF_ASSESSED, EvaluationState.VERIFIED, EvaluationState.REVIEWED)
#: session, user, role assignments, own official, the page's own queries
BOUNDS = {
    "verification": 12,  # measured 10
    # 25: members, stages, unconfirmed tasks, meeting, Phụ lục 7, dossier, and the dossier's
    # computed components (documents, meeting, members' evaluations and count, Phụ lục 7)
    "review_unit": 29,  # + whether the meeting may still change, + the framework's axes (PL7)
    "appraisal_unit": 28,  # 26: the same, key tasks
    "review_index": 13,  # 11: the appraiser's units with counts and dossier states
    # the administrator: every step's figures, the subtree counts of the page's units
    "verification_admin": 12,
    "review_index_admin": 14,
    "dossier": 19,  # 17: the dossier, its computed components, lateness, the meeting
    "dossier_summary": 12,  # 10: the members, their evaluations and reviews
}


def crowd(world, size: int):
    period = f.make_evaluation_period(world.unit_a.block)
    agency = f.make_user("agency")
    f.assign_role(agency, Role.ASSIGNING_AGENCY, world.root)
    world.users["agency"] = agency
    people = f.make_officials(world.unit_a, size)
    version = f.framework("lamdong-2026-pl5")
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            official=person,
            period=period,
            framework_version=version,
            state=STATES[n % 3],
            self_part_a=Decimal(28),
            self_part_b=Decimal(55),
            self_total=Decimal(83),
            self_band="HTTNV",
            self_proposed_rating="HTTNV",
            submitted_at=datetime(2026, 9, 25, tzinfo=UTC),
        )
        for n, person in enumerate(people)
    )
    StageScore.objects.bulk_create(
        StageScore(
            evaluation=e,
            stage=Stage.REVIEW,
            part_a=Decimal(28),
            part_b=Decimal(54),
            total=Decimal(82),
            band="HTTNV",
            proposed_rating="HTTNV",
            by=world.users["unit_head"],
        )
        for e in evaluations
        if e.state == EvaluationState.REVIEWED
    )
    tasks = []
    for person in people:
        for unit, by, key in (
            (world.root, agency, True),
            (world.unit_a, world.users["unit_head"], False),
        ):
            tasks.append(
                Task(
                    period=period,
                    lead=person,
                    assigning_unit=unit,
                    assigned_by=by,
                    title="Nhiệm vụ",
                    product_name="Báo cáo",
                    axis=1,
                    criterion_code="B.1.2",
                    assigned_on=date(2026, 7, 1),
                    due_date=date(2026, 9, 15),
                    delivered_quantity=Decimal(1),
                    completed_on=date(2026, 9, 10),
                    state=TaskState.REPORTED,
                    is_key=key,
                )
            )
    Task.objects.bulk_create(tasks)
    Dossier.objects.create(
        unit=world.unit_a, period=period, submitted_at=datetime(2026, 10, 1, tzinfo=UTC)
    )
    ReviewMeeting.objects.create(
        unit=world.unit_a,
        period=period,
        held_on=date(2026, 10, 1),
        attendees="Ban Giám đốc",
        minutes="Biên bản",
        recorded_by=world.users["unit_head"],
    )
    return period


PAGES = {
    "verification": ("agency", lambda w, p: reverse("review:verification", args=[p.pk])),
    "review_unit": (
        "unit_head",
        lambda w, p: reverse("review:review_unit", args=[p.pk, w.unit_a.pk]),
    ),
    "appraisal_unit": (
        "appraiser",
        lambda w, p: reverse("review:appraisal_unit", args=[p.pk, w.unit_a.pk]),
    ),
    "review_index": ("appraiser", lambda w, p: reverse("review:review_index")),
    "verification_admin": (
        "admin",
        lambda w, p: reverse("review:verification", args=[p.pk]) + "?cho=1",
    ),
    "review_index_admin": ("admin", lambda w, p: reverse("review:review_index")),
    "dossier": ("appraiser", lambda w, p: reverse("dossiers:dossier", args=[p.pk, w.unit_a.pk])),
    "dossier_summary": (
        "appraiser",
        lambda w, p: reverse("dossiers:summary", args=[p.pk, w.unit_a.pk]),
    ),
}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_review_pages_need_the_same_queries_for_5_or_50_people(
    world, client, django_assert_max_num_queries, name
):
    period = crowd(world, 5)
    persona, url = PAGES[name]
    client.force_login(world.users[persona])
    few = _count(client, url(world, period))
    more = crowd_more(world, period, 45)
    assert more == 50
    many = _count(client, url(world, period))
    assert few == many
    with django_assert_max_num_queries(BOUNDS[name]):
        client.get(url(world, period))


def crowd_more(world, period, size: int) -> int:
    """Add ``size`` people like the first ones; returns the people with an evaluation."""
    people = f.make_officials(world.unit_a, size)
    version = f.framework("lamdong-2026-pl5")
    Evaluation.objects.bulk_create(
        Evaluation(
            official=person,
            period=period,
            framework_version=version,
            state=STATES[n % 3],
            self_total=Decimal(83),
            self_band="HTTNV",
            submitted_at=datetime(2026, 9, 25, tzinfo=UTC),
        )
        for n, person in enumerate(people)
    )
    agency = world.users["agency"]
    Task.objects.bulk_create(
        Task(
            period=period,
            lead=person,
            assigning_unit=world.root,
            assigned_by=agency,
            title="Nhiệm vụ",
            product_name="Báo cáo",
            axis=1,
            criterion_code="B.1.2",
            assigned_on=date(2026, 7, 1),
            due_date=date(2026, 9, 15),
            delivered_quantity=Decimal(1),
            completed_on=date(2026, 9, 20),
            state=TaskState.REPORTED,
            is_key=True,
        )
        for person in people
    )
    return Evaluation.objects.filter(period=period).count()


def test_the_verification_list_counts_people_up_to_its_cap(world, client, monkeypatch):
    from danhgia.review.views import verification

    period = crowd(world, 5)
    monkeypatch.setattr(verification, "PEOPLE_CAP", 3)
    monkeypatch.setattr(verification, "PEOPLE_PER_PAGE", 2)
    client.force_login(world.users["agency"])
    url = reverse("review:verification", args=[period.pk])
    first = client.get(url).content.decode()
    assert "Hơn 3 người có nhiệm vụ do bạn giao" in first
    assert "Trang 1/2" in first  # the pages stop at the cap's
    assert first.count('class="card" id="nguoi-') == 2
    monkeypatch.setattr(verification, "PEOPLE_CAP", 2_000)
    whole = client.get(url).content.decode()
    assert "Hơn" not in whole and "Trang 1/3" in whole
