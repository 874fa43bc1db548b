"""The authority's pages: the rating run per group, overrides with reasons, the confirmation,
the decision, the decided list with accountability, corrections, publication and archive."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.decisions.archive import archive
from danhgia.decisions.errors import DecisionError
from danhgia.decisions.models import Accountability, Decision, Publication
from danhgia.decisions.publication import publish
from danhgia.decisions.services import decide, decision_run
from danhgia.engine import render_reasons
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role
from danhgia.review.choices import Stage

from . import factories as f
from .decision_data import decide_post, make_quarter, stage_score
from .mailbox import deliver_notices


@pytest.fixture
def quarter(world):
    return make_quarter(world)


def _decide_url(quarter):
    return reverse("decisions:decide", args=[quarter.period.pk])


def _confirm(client, quarter, **choices):
    """Preview, then confirm with the fingerprint the preview gave."""
    url = _decide_url(quarter)
    preview = client.post(url, decide_post(quarter, "preview", **choices))
    assert preview.status_code == 200, preview.content.decode()[:500]
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', preview.content.decode())
    assert fingerprint, "the preview carries the fingerprint of what is confirmed"
    data = decide_post(quarter, "confirm", **choices)
    data["fingerprint"] = fingerprint.group(1)
    return client.post(url, data)


def test_the_run_shows_each_group_with_its_quota_and_each_persons_reasons(login, quarter):
    page = login("authority").get(_decide_url(quarter)).content.decode()
    assert "Nhóm pho-giam-doc-so" in page  # the comparison group's name
    assert "Tối đa được HTXSNV" in page
    assert "95,00 điểm → HTXSNV" in page  # the engine's reason chain, as it gives it
    assert "Ngoài tỷ lệ HTXSNV của nhóm: tối đa 1 trên 5 người" in page
    assert page.count('name="pick"') == 5
    assert 'name="rating-' in page and 'name="reason-' in page
    assert "Tự chấm" in page  # the stage whose score counts
    # each row: its controls named by the evaluation's id, the fixed words translated once
    top = quarter.top.pk
    assert f'<input type="checkbox" name="pick" value="{top}" id="pick-{top}"' in page
    assert f'<label for="pick-{top}" class="pick-label">Chọn để quyết định</label>' in page
    assert f'<select name="rating-{top}" id="rating-{top}">' in page
    assert '<option value="HTXSNV" selected>HTXSNV (theo quy tắc)</option>' in page
    assert page.count("Lý do điều chỉnh (bắt buộc khi khác mức theo quy tắc)") == 5
    # no review or appraisal yet: a dash in their columns, not an error
    assert '<td><span class="muted">—</span></td>' in page


def test_preview_then_confirm_decides_and_locks(login, quarter, django_capture_on_commit_callbacks):
    client = login("authority")
    preview = client.post(_decide_url(quarter), decide_post(quarter))
    page = preview.content.decode()
    assert "Xác nhận quyết định" in page and "Bạn sắp quyết định xếp loại cho 5 cán bộ" in page
    assert not Decision.objects.exists()  # the preview decides nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(client, quarter)
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:decided", args=[quarter.period.pk])
    ratings = dict(Decision.objects.values_list("evaluation_id", "rating"))
    assert ratings[quarter.top.pk] == "HTXSNV"
    assert ratings[quarter.cut.pk] == "HTTNV"
    assert set(Evaluation.objects.values_list("state", flat=True)) == {EvaluationState.DECIDED}
    # The official (the only one with an e-mail address) is told their rating.
    deliver_notices()  # the e-mails go out through the job worker
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert "đã quyết định xếp loại Quý III/2026" in mail.outbox[0].body
    assert "HTXSNV" not in mail.outbox[0].body  # read once published


def test_the_confirmation_counts_only_the_people_rated_and_names_the_deferred(login, quarter):
    """Walk of 05/12/2026: "quyết định xếp loại cho 5 cán bộ" counted a deferred person, who
    gets no rating."""
    away = quarter.evaluations[4]
    Evaluation.objects.filter(pk=away.pk).update(
        state=EvaluationState.DEFERRED, deferral_case="maternity_leave"
    )
    client = login("authority")
    page = client.post(_decide_url(quarter), decide_post(quarter)).content.decode()
    summary = page.split('id="confirm-summary">', 1)[1].split("</p>", 1)[0]
    assert "Bạn sắp quyết định xếp loại cho 4 cán bộ." in summary
    assert "Ngoài ra 1 người hoãn đánh giá, không xếp loại quý này" in summary
    assert away.official.full_name in summary
    for rated in quarter.evaluations[:4]:
        assert rated.official.full_name not in summary
    response = _confirm(client, quarter)
    assert response.status_code == 302
    text = client.get(response["Location"]).content.decode()
    assert "Đã quyết định xếp loại 4 cán bộ; các phiếu đã được khóa." in text
    assert "1 người hoãn đánh giá được ghi nhận “Chưa đánh giá, xếp loại quý này”." in text
    assert Decision.objects.get(evaluation=away).rating == "DEFERRED"


def test_an_override_needs_a_written_reason(login, quarter):
    client = login("authority")
    response = client.post(_decide_url(quarter), decide_post(quarter, rating_2="HTNV"))
    assert "cần ghi rõ lý do" in response.content.decode()
    assert "Xác nhận quyết định" not in response.content.decode()
    response = _confirm(client, quarter, rating_2="HTNV", reason_2="Chậm tiến độ đề án")
    assert response.status_code == 302
    decision = Decision.objects.get(evaluation=quarter.evaluations[2])
    assert (decision.rating, decision.engine_rating) == ("HTNV", "HTTNV")
    assert decision.override_reason == "Chậm tiến độ đề án"
    assert "Cấp có thẩm quyền điều chỉnh: Chậm tiến độ đề án" in render_reasons(
        decision.reason_list()
    )


def test_an_override_never_goes_beyond_the_quota(login, quarter):
    client = login("authority")
    raise_cut = {"rating_1": "HTXSNV", "reason_1": "Sản phẩm nổi trội"}
    response = client.post(_decide_url(quarter), decide_post(quarter, **raise_cut))
    assert "Không thể quyết định vượt tỷ lệ" in response.content.decode()
    # Confirming without the preview is checked the same way.
    client.post(_decide_url(quarter), decide_post(quarter, "confirm", **raise_cut))
    assert not Decision.objects.exists()
    # Swapping who gets it stays within the quota.
    swap = {**raise_cut, "rating_0": "HTTNV", "reason_0": "Chưa có sản phẩm nổi trội"}
    assert _confirm(client, quarter, **swap).status_code == 302
    assert Decision.objects.get(evaluation=quarter.cut).rating == "HTXSNV"


def test_a_run_that_changed_since_the_preview_is_shown_again(login, quarter):
    client = login("authority")
    data = decide_post(quarter, "confirm")
    data["fingerprint"] = "stale"
    response = client.post(_decide_url(quarter), data)
    assert response.status_code == 409
    assert "CHƯA quyết định" in response.content.decode()
    assert not Decision.objects.exists()


def test_only_the_picked_people_are_decided(login, quarter):
    client = login("authority")
    data = decide_post(quarter, "preview")
    data["pick"] = [str(quarter.evaluations[4].pk)]
    preview = client.post(_decide_url(quarter), data).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="(\w+)"', preview).group(1)
    client.post(_decide_url(quarter), {**data, "action": "confirm", "fingerprint": fingerprint})
    assert list(Decision.objects.values_list("evaluation_id", flat=True)) == [
        quarter.evaluations[4].pk
    ]
    page = client.get(_decide_url(quarter)).content.decode()
    assert page.count('name="pick"') == 4  # the decided one is shown as decided


def test_the_decided_list_shows_the_accountability_of_the_head(world, login, quarter):
    stage_score(quarter.cut, Stage.REVIEW, "93", "HTXSNV", world.users["unit_head"])
    decide(decision_run(quarter.period, world.users["authority"]), world.users["authority"])
    assert Accountability.objects.get().head == world.head_a
    page = login("authority").get(reverse("decisions:decided", args=[quarter.period.pk]))
    text = page.content.decode()
    assert "Trách nhiệm người đứng đầu (Nguyễn Thanh Sơn)" in text
    assert "đề xuất HTXSNV nhưng không đủ điều kiện" in text
    assert text.count("Đính chính</a>") == 5


def test_a_correction_is_a_new_logged_decision(
    world, login, quarter, django_capture_on_commit_callbacks
):
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    decision = Decision.objects.get(evaluation=quarter.evaluations[2])
    url = reverse("decisions:correct", args=[decision.pk])
    client = login("authority")
    assert "Ban hành quyết định đính chính" in client.get(url).content.decode()
    response = client.post(url, {"rating": "HTNV", "reason": "  "})
    assert response.status_code == 200 and not Decision.objects.filter(supersedes=decision)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"rating": "HTNV", "reason": "Sai sót khi tổng hợp điểm"})
    assert response.status_code == 302
    correction = Decision.objects.get(supersedes=decision)
    assert (correction.rating, correction.correction_reason) == (
        "HTNV",
        "Sai sót khi tổng hợp điểm",
    )
    assert Decision.objects.get(pk=decision.pk).rating == "HTTNV"  # the old one is kept
    entry = AuditEntry.objects.get(action="decision.corrected")
    assert (entry.before, entry.after) == ({"rating": "HTTNV"}, {"rating": "HTNV"})
    # The old decision is superseded: correcting it again is refused.
    response = client.post(url, {"rating": "KHTNV", "reason": "lần nữa"})
    assert Decision.objects.filter(evaluation=decision.evaluation).count() == 2


def test_publication_makes_the_decided_results_public_and_tells_the_people(
    world, login, quarter, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://danhgia.example.vn"
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    client = login("authority")
    page = client.get(reverse("decisions:decided", args=[quarter.period.pk])).content.decode()
    assert "Công khai kết quả" in page
    # D14: publishing is province-wide and one-way: the button asks first
    assert 'data-confirm="Công khai kết quả? Họ tên, chức vụ, đơn vị và mức xếp' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("decisions:publish", args=[quarter.period.pk]), {"unit": world.unit_a.pk}
        )
    assert response.status_code == 302
    assert Publication.objects.get().unit == world.unit_a
    assert set(Evaluation.objects.values_list("state", flat=True)) == {EvaluationState.PUBLISHED}
    assert AuditEntry.objects.filter(action="results.published").count() == 1
    deliver_notices()  # the e-mails go out through the job worker
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    results = reverse("decisions:results", args=[quarter.period.pk])
    assert f"Xem danh sách: https://danhgia.example.vn{results}" in mail.outbox[0].body
    assert "Xếp loại của đồng chí: Hoàn thành xuất sắc nhiệm vụ (HTXSNV)" in mail.outbox[0].body


def test_publishing_a_scope_outside_ones_own_is_refused(world, client, quarter):
    decide(decision_run(quarter.period, world.users["authority"]), world.users["authority"])
    other = f.make_user("authority-b")
    f.assign_role(other, Role.AUTHORITY, world.unit_b)
    client.force_login(other)
    client.post(reverse("decisions:publish", args=[quarter.period.pk]), {"unit": world.unit_a.pk})
    assert not Publication.objects.exists()


def test_archiving_makes_published_results_read_only(world, login, quarter):
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    with pytest.raises(DecisionError, match="Chưa có kết quả nào đã công khai"):
        archive(quarter.period, world.root, authority)
    publish(quarter.period, world.root, authority)
    client = login("authority")
    page = client.get(reverse("decisions:decided", args=[quarter.period.pk])).content.decode()
    assert 'data-confirm="Lưu trữ kết quả? Từ đó kết quả chỉ xem' in page  # D14
    response = client.post(
        reverse("decisions:archive", args=[quarter.period.pk]), {"unit": world.root.pk}
    )
    assert response.status_code == 302
    assert set(Evaluation.objects.values_list("state", flat=True)) == {EvaluationState.ARCHIVED}
    assert AuditEntry.objects.filter(action="evaluation.archived").count() == 5
    period_entry = AuditEntry.objects.get(action="period.archived")
    assert period_entry.after == {"scope": world.root.name, "unit": world.root.pk, "evaluations": 5}
    assert period_entry.object_id == str(quarter.period.pk)
    # An archived decision is not corrected any more.
    decision = Decision.objects.get(evaluation=quarter.top)
    response = client.post(
        reverse("decisions:correct", args=[decision.pk]), {"rating": "HTTNV", "reason": "x"}
    )
    assert response.status_code == 302
    assert not Decision.objects.filter(supersedes=decision).exists()
    page = client.get(reverse("decisions:decided", args=[quarter.period.pk])).content.decode()
    assert "Đính chính</a>" not in page
    # D25: the quarters' list says the results are archived (it read "Đã công khai 5")
    index = client.get(reverse("decisions:decide_index")).content.decode()
    row = index.split(str(quarter.period))[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["0", "0", "0", "5", "5"]  # waiting, decided, published, archived, total
    assert "Đã lưu trữ" in index
    assert "từng nhóm so sánh trong phạm vi: mỗi nhóm một lần" in index  # as the page works


def test_only_an_authority_of_the_scope_archives(world, quarter):
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    publish(quarter.period, world.root, authority)
    other = f.make_user("authority-b")
    f.assign_role(other, Role.AUTHORITY, world.unit_b)
    with pytest.raises(DecisionError, match="không có thẩm quyền"):
        archive(quarter.period, world.unit_a, other)
    with pytest.raises(DecisionError, match="Chưa có kết quả"):
        archive(quarter.period, world.unit_b, other)  # nothing of A is archived through B
    assert not Evaluation.objects.filter(state=EvaluationState.ARCHIVED).exists()


EMPTY_UNIT = "Đơn vị không có nhiệm vụ nào được tính trong quý"


def test_a_unit_without_tasks_is_flagged_before_the_decision(world, login, quarter):
    """D23: a unit with no task met every unit condition without a word."""
    page = login("authority").get(_decide_url(quarter)).content.decode()
    assert page.count(EMPTY_UNIT) == 5  # every member: unit A and its division A1 have none
    f.make_task(world.official_a, quarter.period, world.unit_a, world.users["unit_head"])
    f.make_task(world.member_a1, quarter.period, world.unit_a, world.users["unit_head"])
    page = login("authority").get(_decide_url(quarter)).content.decode()
    assert EMPTY_UNIT not in page
