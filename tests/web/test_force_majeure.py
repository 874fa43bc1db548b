"""Force majeure (SPEC §8.2, §9; issue 15 item 3): asked with a reason and evidence by the unit
or the person, confirmed or refused by the authority only, applied by the rating run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.decisions.rating import run_rating
from danhgia.evaluations.models import Evaluation
from danhgia.tasks.errors import TaskError
from danhgia.tasks.force_majeure import decide_force_majeure, request_force_majeure
from danhgia.tasks.models import ForceMajeure
from tests.web import factories as f

from .test_decisions_rating import evaluation, submit_dossier, task

ON_TIME = datetime(2026, 10, 1, tzinfo=UTC)


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 minh chung", content_type="application/pdf")


@pytest.fixture
def period(world):
    return f.make_period()


def test_the_person_asks_and_only_the_authority_decides(world, period):
    record = request_force_majeure(
        period, world.unit_a, world.official_a, "Bão lũ", pdf(), world.users["official"]
    )
    assert record.state == "requested" and record.original_name == "bien-ban.pdf"
    for persona in ("official", "unit_head", "appraiser"):
        with pytest.raises(PermissionDenied):
            decide_force_majeure(record, True, "", world.users[persona])
    with pytest.raises(TaskError, match="Cần ghi lý do không xác nhận"):
        decide_force_majeure(record, False, " ", world.users["authority"])
    decided = decide_force_majeure(record, True, "", world.users["authority"])
    assert decided.state == "confirmed" and decided.decided_by == world.users["authority"]
    with pytest.raises(TaskError, match="đã được xử lý"):
        decide_force_majeure(decided, False, "Đổi ý", world.users["authority"])
    actions = list(
        AuditEntry.objects.filter(object_type="tasks.forcemajeure")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["force_majeure.requested", "force_majeure.confirmed"]


@pytest.mark.parametrize(
    ("persona", "for_unit", "allowed"),
    [
        ("official", False, True),  # for themself
        ("official", True, False),  # not for the unit
        ("unit_head", True, True),
        ("outsider", False, False),
        ("authority", True, False),  # the authority decides, it does not ask
    ],
)
def test_who_may_ask(world, period, persona, for_unit, allowed):
    official = None if for_unit else world.official_a
    ask = lambda: request_force_majeure(  # noqa: E731
        period, world.unit_a, official, "Thiên tai", pdf(), world.users[persona]
    )
    if allowed:
        assert ask().pk
    else:
        with pytest.raises(PermissionDenied):
            ask()


def test_a_request_needs_a_reason_and_evidence(world, period):
    with pytest.raises(TaskError, match="Cần ghi lý do"):
        request_force_majeure(period, world.unit_a, None, "", pdf(), world.users["unit_head"])
    with pytest.raises(TaskError, match="tài liệu minh chứng"):
        request_force_majeure(period, world.unit_a, None, "Lũ", None, world.users["unit_head"])
    bad = SimpleUploadedFile("a.exe", b"MZ")
    with pytest.raises(TaskError, match="không được nhận"):
        request_force_majeure(period, world.unit_a, None, "Lũ", bad, world.users["unit_head"])
    assert not ForceMajeure.objects.exists()


def test_through_the_pages(world, period, login):
    head = login("unit_head")
    url = reverse("tasks:force_majeure_list")
    page = head.get(url).content.decode()
    assert "Đề nghị xác nhận bất khả kháng" in page
    response = head.post(
        url,
        {"subject": f"unit:{world.unit_a.pk}", "reason": "Sạt lở đường vào xã", "evidence": pdf()},
    )
    assert response.status_code == 302
    record = ForceMajeure.objects.get()
    assert (record.unit, record.official, record.reason) == (
        world.unit_a,
        None,
        "Sạt lở đường vào xã",
    )
    detail = reverse("tasks:force_majeure_detail", args=[record.pk])
    assert head.post(detail, {"decision": "confirm"}).status_code == 403
    authority = login("authority")
    assert "Quyết định của cấp có thẩm quyền" in authority.get(detail).content.decode()
    assert authority.post(detail, {"decision": "confirm"}).status_code == 302
    record.refresh_from_db()
    assert record.state == "confirmed"


# --- the rating run applies it ------------------------------------------------------------------


def _confirmed(world, period, official=None):
    unit = official.unit if official is not None else world.unit_a
    user = world.users["unit_head"]
    record = request_force_majeure(period, unit, official, "Bão số 3", pdf(), user)
    return decide_force_majeure(record, True, "", world.users["authority"])


def test_a_persons_force_majeure_lifts_the_own_tasks_condition(world, period):
    ev = evaluation(world.official_a, period, "85")
    head = world.users["unit_head"]
    for done in (True, True, False):
        task(world.official_a, period, done=done, assigner=head)
    for _ in range(7):  # the unit's other tasks: 9 of 10 done, none late
        task(world.colleague_a, period, assigner=head)
    submit_dossier(world.unit_a, period, ON_TIME)
    before = run_rating(period, Evaluation.objects.filter(pk=ev.pk)).proposals[0].result
    assert before.rating == "KHTNV"
    _confirmed(world, period, world.official_a)
    after = run_rating(period, Evaluation.objects.filter(pk=ev.pk)).proposals[0].result
    assert after.rating == "HTNV"  # the unit's 9 of 10 still count
    assert after.reasons[1] == (
        "Bất khả kháng của cá nhân đã được cấp có thẩm quyền xác nhận (Bão số 3): không xét "
        "điều kiện hoàn thành 2/3 nhiệm vụ được giao"
    )


def test_a_units_force_majeure_excuses_its_uncompleted_tasks(world, period):
    ev = evaluation(world.official_a, period, "85")
    head = world.users["unit_head"]
    for n in range(10):
        task(world.colleague_a, period, done=n < 6, assigner=head)
    submit_dossier(world.unit_a, period, ON_TIME)
    before = run_rating(period, Evaluation.objects.filter(pk=ev.pk)).proposals[0].result
    assert before.rating == "KHTNV"  # the unit completed 6 of 10 (< 70 %)
    _confirmed(world, period)
    after = run_rating(period, Evaluation.objects.filter(pk=ev.pk)).proposals[0].result
    assert after.rating == "HTTNV"
    assert after.reasons[1].startswith("Bất khả kháng của đơn vị đã được cấp có thẩm quyền")
    assert "4 nhiệm vụ chưa hoàn thành không tính" in after.reasons[1]


def test_a_refused_request_changes_nothing(world, period):
    ev = evaluation(world.official_a, period, "85")
    head = world.users["unit_head"]
    for n in range(10):
        task(world.colleague_a, period, done=n < 6, assigner=head)
    record = request_force_majeure(period, world.unit_a, None, "Lũ", pdf(), head)
    decide_force_majeure(record, False, "Không đủ căn cứ", world.users["authority"])
    result = run_rating(period, Evaluation.objects.filter(pk=ev.pk)).proposals[0].result
    assert result.rating == "KHTNV"
    assert not any(r.code.startswith("force_majeure") for r in result.reasons)
