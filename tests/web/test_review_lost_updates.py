"""No lost updates in steps 3a-3b: the stage scoring form and the verification of tasks carry
the versions they were opened with (SPEC §14). Stale, missing or tampered → 409, nothing
saved, the typed values still on the page.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danhgia.dossiers.models import DossierDocument
from danhgia.evaluations.models import Evaluation
from danhgia.review.choices import Stage
from danhgia.review.models import StageCriterionScore
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import Task

from . import review_world
from .review_world import D
from .test_decisions_review_views import stage_post, verified

REFUSED = "CHƯA lưu nội dung bạn vừa nhập"
TAMPERED = [None, "", "abc", "0", "-1", "1.5", "999", "99999999999"]


@pytest.fixture
def rw(world, tmp_path, monkeypatch):
    storage = DossierDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    return review_world.build(world)


def _as(client, rw, persona):
    client.force_login(rw.users[persona])
    return client


def _without(data: dict, name: str, version) -> dict:
    data = {k: v for k, v in data.items() if k != name}
    if version is not None:
        data[name] = version
    return data


# --- The review stage form ---------------------------------------------------------------------


def test_a_stale_review_form_keeps_the_typed_points_and_comment(client, rw):
    evaluation = verified(rw)
    url = reverse("review:review_form", args=[evaluation.pk])
    user = _as(client, rw, "unit_head")
    stale = stage_post(evaluation, Stage.REVIEW, comment="Nhận xét cửa sổ thứ hai")
    assert user.post(url, stage_post(evaluation, Stage.REVIEW)).status_code == 302
    stale["B_2_1-points"] = "1,75"

    response = user.post(url, stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa được" in page
    assert 'value="1,75"' in page and "Nhận xét cửa sổ thứ hai" in page
    assert StageCriterionScore.objects.get(code="B.2.1").points == D("2.00")


@pytest.mark.parametrize("version", TAMPERED)
def test_a_review_form_without_its_version_is_refused(client, rw, version):
    evaluation = verified(rw)
    before = Evaluation.objects.get(pk=evaluation.pk).lock_version
    data = _without(stage_post(evaluation, Stage.REVIEW), "lock_version", version)

    response = _as(client, rw, "unit_head").post(
        reverse("review:review_form", args=[evaluation.pk]), data
    )

    assert response.status_code == 409
    assert REFUSED in response.content.decode() or "vừa được" in response.content.decode()
    assert not StageCriterionScore.objects.exists()
    assert Evaluation.objects.get(pk=evaluation.pk).lock_version == before


# --- Verification of tasks ---------------------------------------------------------------------


def _verify_post(rw, quality: str, **override) -> dict:
    task = Task.objects.get(pk=rw.task_agency.pk)
    rw.evaluation.refresh_from_db()
    data = {
        f"t{task.pk}-quality": quality,
        f"t{task.pk}-timeliness": "0.5",
        f"t{task.pk}-leadership": "1.0",
        f"t{task.pk}-delivered": "1",
        f"t{task.pk}-version": str(task.lock_version),
        "lock_version": str(rw.evaluation.lock_version),
    }
    data.update(override)
    return data


def _url(rw):
    return reverse("review:verify_person", args=[rw.period.pk, rw.world.official_a.pk])


def test_two_interleaved_verifications_the_second_is_refused(client, rw):
    user = _as(client, rw, "agency")
    first, second = _verify_post(rw, "1.2"), _verify_post(rw, "0.75")
    assert user.post(_url(rw), first).status_code == 302

    response = user.post(_url(rw), second)

    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa được" in page
    chosen = [tag for tag in re.findall(r"<input[^>]*>", page) if "-quality" in tag]
    assert [tag for tag in chosen if "checked" in tag] == [  # the refused choice still chosen
        tag for tag in chosen if 'value="0.75"' in tag
    ]
    task = Task.objects.get(pk=rw.task_agency.pk)
    assert (task.state, task.quality) == (TaskState.VERIFIED, D("1.20"))


def test_a_verification_after_the_task_was_changed_elsewhere_is_refused(client, rw):
    data = _verify_post(rw, "1.2")
    # Meanwhile the assigning side sets the factors on the task's own page.
    task = Task.objects.get(pk=rw.task_agency.pk)
    task_page = reverse("tasks:task_factors", args=[task.pk])
    posted = {
        "quality": "0.75",
        "timeliness": "0.5",
        "leadership": "1.0",
        "lock_version": task.lock_version,
    }
    assert _as(client, rw, "agency").post(task_page, posted).status_code == 302

    response = _as(client, rw, "agency").post(_url(rw), data)

    assert response.status_code == 409
    assert Task.objects.get(pk=task.pk).quality == D("0.75")


@pytest.mark.parametrize("name", ["lock_version", "task"])
@pytest.mark.parametrize("version", TAMPERED)
def test_a_verification_without_its_versions_is_refused(client, rw, name, version):
    field = f"t{rw.task_agency.pk}-version" if name == "task" else name
    data = _without(_verify_post(rw, "1.2"), field, version)
    before = Evaluation.objects.get(pk=rw.evaluation.pk).lock_version

    response = _as(client, rw, "agency").post(_url(rw), data)

    assert response.status_code == 409
    task = Task.objects.get(pk=rw.task_agency.pk)
    assert (task.state, task.quality) == (TaskState.REPORTED, None)
    assert Evaluation.objects.get(pk=rw.evaluation.pk).lock_version == before


def test_a_verification_by_someone_without_the_step_is_forbidden_not_a_conflict(client, rw):
    response = _as(client, rw, "appraiser").post(_url(rw), {})
    assert response.status_code == 403


# --- The dossier's submit button asks first, and says when it would be late -------------------


def test_the_dossier_submit_asks_first_and_says_when_it_would_be_late(client, rw):
    from datetime import timedelta

    from django.utils import timezone

    from danhgia.periods.models import Deadline

    from .dossier_data import complete

    complete(rw)  # the submit button is offered for a complete dossier only
    url = reverse("dossiers:dossier", args=[rw.period.pk, rw.world.unit_a.pk])
    deadline, _created = Deadline.objects.update_or_create(
        period=rw.period,
        key="dossier",
        defaults={"label": "Gửi hồ sơ", "due_date": timezone.localdate() + timedelta(days=2)},
    )
    user = _as(client, rw, "unit_head")
    page = user.get(url).content.decode()
    assert (
        "Thời điểm nộp được ghi một lần, không sửa được; hồ sơ được ghi nhận là đúng hạn." in page
    )

    deadline.due_date = timezone.localdate() - timedelta(days=1)
    deadline.save()
    page = user.get(url).content.decode()
    late = deadline.due_date.strftime("%d/%m/%Y")
    assert f"Đã quá thời hạn {late}: hồ sơ sẽ được ghi nhận là nộp muộn." in page


# --- Returning an evaluation ---------------------------------------------------------------------


@pytest.mark.parametrize("version", TAMPERED)
def test_a_return_without_its_version_is_refused(client, rw, version):
    url = reverse("review:return_evaluation", args=[rw.evaluation.pk])
    data = _without({"reason": "Bổ sung minh chứng."}, "lock_version", version)

    response = _as(client, rw, "unit_head").post(url, data, follow=True)

    evaluation = Evaluation.objects.get(pk=rw.evaluation.pk)
    assert (evaluation.state, evaluation.returned_from) == ("self_assessed", "")
    text = response.content.decode()
    assert REFUSED in text or "vừa được" in text


# --- The unit's meeting minutes ----------------------------------------------------------------


def _meeting_post(version, minutes: str) -> dict:
    data = {"held_on": "28/09/2026", "attendees": "Tập thể lãnh đạo Sở A", "minutes": minutes}
    if version is not None:
        data["lock_version"] = version
    return data


def test_two_windows_recording_the_minutes_do_not_overwrite_each_other(client, rw):
    from danhgia.dossiers.models import ReviewMeeting

    url = reverse("dossiers:review_meeting", args=[rw.period.pk, rw.world.unit_a.pk])
    user = _as(client, rw, "unit_head")
    page = user.get(reverse("review:review_unit", args=[rw.period.pk, rw.world.unit_a.pk]))
    assert 'name="lock_version" value="0"' in page.content.decode()
    assert user.post(url, _meeting_post("0", "Biên bản của cửa sổ thứ nhất")).status_code == 302

    response = user.post(url, _meeting_post("0", "Biên bản của cửa sổ thứ hai"))

    assert response.status_code == 409
    page = response.content.decode()
    assert REFUSED in page
    assert "Biên bản của cửa sổ thứ hai" in page  # what was typed is kept
    assert "Biên bản của cửa sổ thứ nhất" in page  # beside the minutes as they stand
    meeting = ReviewMeeting.objects.get(unit=rw.world.unit_a, period=rw.period)
    assert meeting.minutes == "Biên bản của cửa sổ thứ nhất"
    assert f'name="lock_version" value="{meeting.lock_version}"' in page
    # saving the kept text on purpose replaces the minutes, once
    assert (
        user.post(url, _meeting_post(str(meeting.lock_version), "Bản thứ hai")).status_code == 302
    )
    meeting.refresh_from_db()
    assert (meeting.minutes, meeting.lock_version) == ("Bản thứ hai", 2)


@pytest.mark.parametrize("version", TAMPERED)
def test_minutes_without_their_version_are_refused(client, rw, version):
    from danhgia.dossiers.models import ReviewMeeting

    url = reverse("dossiers:review_meeting", args=[rw.period.pk, rw.world.unit_a.pk])
    user = _as(client, rw, "unit_head")
    assert user.post(url, _meeting_post("0", "Biên bản đã ghi")).status_code == 302
    if version == "0":
        version = "5"  # 0 is the version of minutes not recorded yet; these are recorded

    response = user.post(url, _meeting_post(version, "Biên bản ghi đè"))

    assert response.status_code == 409
    assert "Biên bản ghi đè" in response.content.decode()
    meeting = ReviewMeeting.objects.get(unit=rw.world.unit_a, period=rw.period)
    assert (meeting.minutes, meeting.lock_version) == ("Biên bản đã ghi", 1)


def test_minutes_by_someone_without_the_step_are_forbidden_not_a_conflict(client, rw):
    url = reverse("dossiers:review_meeting", args=[rw.period.pk, rw.world.unit_a.pk])
    response = _as(client, rw, "appraiser").post(url, _meeting_post(None, "x"))
    assert response.status_code == 403


# --- A key task's response ---------------------------------------------------------------------


def _key_post(task, version, response: str, comment: str = "") -> dict:
    data = {"task": task.pk, f"k{task.pk}-response": response, f"k{task.pk}-comment": comment}
    if version is not None:
        data[f"k{task.pk}-lock_version"] = version
    return data


def test_two_windows_recording_a_key_tasks_response_do_not_overwrite_each_other(client, rw):
    from danhgia.review.models import KeyTaskAssessment

    task = rw.task_unit
    url = reverse("review:key_task", args=[rw.period.pk, rw.world.unit_a.pk])
    user = _as(client, rw, "appraiser")
    assert user.post(url, _key_post(task, "0", "1", "Cửa sổ thứ nhất")).status_code == 302

    response = user.post(url, _key_post(task, "0", "3", "Cửa sổ thứ hai"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "CHƯA lưu lựa chọn của bạn" in page
    assert "Cửa sổ thứ hai" in page and "Cửa sổ thứ nhất" in page
    stored = KeyTaskAssessment.objects.get(task=task)
    assert (stored.response, stored.comment, stored.lock_version) == (1, "Cửa sổ thứ nhất", 1)
    assert f'name="k{task.pk}-lock_version" value="1"' in page
    # saving the kept choice again is deliberate
    assert user.post(url, _key_post(task, "1", "3", "Cửa sổ thứ hai")).status_code == 302
    stored.refresh_from_db()
    assert (stored.response, stored.lock_version) == (3, 2)


@pytest.mark.parametrize("version", TAMPERED)
def test_a_key_tasks_response_without_its_version_is_refused(client, rw, version):
    from danhgia.review.models import KeyTaskAssessment

    task = rw.task_unit
    url = reverse("review:key_task", args=[rw.period.pk, rw.world.unit_a.pk])
    user = _as(client, rw, "appraiser")
    assert user.post(url, _key_post(task, "0", "1")).status_code == 302
    if version == "0":
        version = "5"  # 0 is the version of a response not recorded yet; this one is

    response = user.post(url, _key_post(task, version, "3", "Ghi đè"))

    assert response.status_code == 409
    assert "Ghi đè" in response.content.decode()
    assert KeyTaskAssessment.objects.get(task=task).response == 1
