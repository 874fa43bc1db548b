"""No lost updates on an evaluation's forms: targets, their approval and amendment, the
self-assessment (SPEC §14). A stale, missing or tampered version is refused with 409; the
stored data stays the first save's; the refused page keeps what the user typed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.forms import target_initial
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.scoring import rules_for
from tests.web import factories as f

from .evaluation_data import form_post

REFUSED = "CHƯA lưu nội dung bạn vừa nhập"
TAMPERED = [None, "", "abc", "0", "-3", "2.5", "999", "99999999999"]


@pytest.fixture
def period(world):
    return f.make_evaluation_period(world.unit_a.block)


@pytest.fixture
def evaluation(world, period):
    return f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])


@pytest.fixture
def draft(world, period):
    return f.make_evaluation(world.official_a, period)


def _url(name, evaluation, *args):
    return reverse(f"evaluations:{name}", args=[evaluation.pk, *args])


def _with_version(data: dict, version) -> dict:
    data = {k: v for k, v in data.items() if k != "lock_version"}
    if version is not None:
        data["lock_version"] = version
    return data


def _target(evaluation, code: str):
    return CriterionEntry.objects.get(evaluation=evaluation, code=code).target_low


def _targets_post(evaluation, values: dict[str, str]) -> dict[str, str]:
    evaluation.refresh_from_db()
    rows = {e.code: e for e in evaluation.entries.all()}
    data = {"lock_version": str(evaluation.lock_version)}
    for criterion in rules_for(evaluation).framework.part_b:
        key = criterion.code.replace(".", "_")
        if criterion.measure in ("ratio", "reduction"):
            data[f"{key}-target"] = values.get(criterion.code, target_initial(rows[criterion.code]))
        if rows[criterion.code].not_applicable:
            data[f"{key}-not_applicable"] = "on"
    return data


# --- The self-assessment -----------------------------------------------------------------------


def test_a_refused_self_assessment_keeps_the_typed_values(login, evaluation):
    client = login("official")
    first = form_post(evaluation, {"B.1.1": "4"})
    second = form_post(evaluation, {"B.1.1": "7,25"})
    second["self_comment"] = "Nhận xét của cửa sổ thứ hai"
    assert client.post(_url("self_assessment", evaluation), first).status_code == 302

    response = client.post(_url("self_assessment", evaluation), second)

    assert response.status_code == 409
    page = response.content.decode()
    assert REFUSED in page
    assert 'value="7,25"' in page and "Nhận xét của cửa sổ thứ hai" in page
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual == 4
    # the kept input now carries the current version: saving it again is a deliberate choice
    current = Evaluation.objects.get(pk=evaluation.pk).lock_version
    assert f'name="lock_version" value="{current}"' in page
    assert "bấm lưu lần nữa sẽ ghi nội dung này thay cho bản hiện có" in page
    again = client.post(_url("self_assessment", evaluation), {**second, "lock_version": current})
    assert again.status_code == 302
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual == Decimal("7.25")


@pytest.mark.parametrize("version", TAMPERED)
def test_a_self_assessment_without_its_version_is_refused(login, evaluation, version):
    before = Evaluation.objects.get(pk=evaluation.pk).lock_version
    data = _with_version(form_post(evaluation, {"B.1.1": "6"}), version)

    response = login("official").post(_url("self_assessment", evaluation), data)

    assert response.status_code == 409
    assert REFUSED in response.content.decode()
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual is None
    assert Evaluation.objects.get(pk=evaluation.pk).lock_version == before


# --- Proposing targets -------------------------------------------------------------------------


def test_two_interleaved_target_proposals_the_second_is_refused(login, draft):
    client = login("official")
    first = _targets_post(draft, {"B.1.1": "7"})
    second = _targets_post(draft, {"B.1.1": "8,5"})
    assert client.post(_url("targets", draft), first).status_code == 302

    response = client.post(_url("targets", draft), second)

    assert response.status_code == 409
    page = response.content.decode()
    assert REFUSED in page and 'value="8,5"' in page
    assert _target(draft, "B.1.1") == 7


@pytest.mark.parametrize("version", TAMPERED)
def test_a_target_proposal_without_its_version_is_refused(login, draft, version):
    data = _with_version(_targets_post(draft, {"B.1.1": "7"}), version)
    response = login("official").post(_url("targets", draft), data)
    assert response.status_code == 409
    assert REFUSED in response.content.decode()
    assert _target(draft, "B.1.1") == 5  # the framework's suggestion, as prefilled


# --- Approving targets -------------------------------------------------------------------------


def test_targets_changed_after_the_page_was_opened_are_not_approved(world, login, draft):
    opened = Evaluation.objects.get(pk=draft.pk).lock_version
    data = _targets_post(draft, {"B.1.1": "9"})
    assert login("official").post(_url("targets", draft), data).status_code == 302

    response = login("unit_head").post(_url("approve_targets", draft), {"lock_version": opened})

    assert response.status_code == 409
    assert "vừa được" in response.content.decode()
    assert Evaluation.objects.get(pk=draft.pk).state == EvaluationState.DRAFT


@pytest.mark.parametrize("version", TAMPERED)
def test_an_approval_without_its_version_is_refused(login, draft, version):
    data = {} if version is None else {"lock_version": version}
    response = login("unit_head").post(_url("approve_targets", draft), data)
    assert response.status_code == 409
    assert Evaluation.objects.get(pk=draft.pk).state == EvaluationState.DRAFT


# --- Amending an approved target ---------------------------------------------------------------


def test_two_interleaved_amendments_the_second_is_refused_and_keeps_its_input(login, evaluation):
    client = login("unit_head")
    url = _url("amend_target", evaluation, "B.1.1")
    opened = Evaluation.objects.get(pk=evaluation.pk).lock_version
    first = {"target": "4", "reason": "Theo Kế hoạch 12/KH-UBND", "lock_version": opened}
    second = {"target": "6", "reason": "Theo Công văn 34/UBND", "lock_version": opened}
    assert client.post(url, first).status_code == 302

    response = client.post(url, second)

    assert response.status_code == 409
    page = response.content.decode()
    assert REFUSED in page and "Theo Công văn 34/UBND" in page and 'value="6"' in page
    assert _target(evaluation, "B.1.1") == 4


@pytest.mark.parametrize("version", TAMPERED)
def test_an_amendment_without_its_version_is_refused(login, evaluation, version):
    data = _with_version({"target": "4", "reason": "Lý do"}, version)
    response = login("unit_head").post(_url("amend_target", evaluation, "B.1.1"), data)
    assert response.status_code == 409
    assert REFUSED in response.content.decode()
    assert _target(evaluation, "B.1.1") == 5


# --- The submit confirmation says when it would be late -------------------------------------


def test_the_submit_button_asks_first_and_says_when_it_would_be_late(login, evaluation):
    from datetime import timedelta

    from django.utils import timezone

    from danhgia.periods.models import Deadline

    client = login("official")
    url = _url("self_assessment", evaluation)
    deadline, _created = Deadline.objects.update_or_create(
        period=evaluation.period,
        key="self_assessment",
        defaults={"label": "Tự đánh giá", "due_date": timezone.localdate() + timedelta(days=3)},
    )
    page = client.get(url).content.decode()
    assert 'data-confirm="Nộp bản tự đánh giá? Sau khi nộp, bạn không sửa được nữa' in page
    assert "nộp muộn" not in page.split("Nộp bản tự đánh giá?")[1].split('"')[0]

    deadline.due_date = timezone.localdate() - timedelta(days=1)
    deadline.save()
    page = client.get(url).content.decode()
    late = deadline.due_date.strftime("%d/%m/%Y")
    assert f"Thời hạn tự đánh giá ({late}) đã qua: bản nộp bị ghi nhận nộp muộn." in page
