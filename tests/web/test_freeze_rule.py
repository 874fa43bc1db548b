"""The rule of what may no longer change (``danhgia.access.freeze``), in its two forms: the
reason for one record and the filter for lists (SPEC §6, §14). The worlds are in
``freeze_world``; the models' guard, the services and the pages in ``test_freeze_*``.
"""

from __future__ import annotations

import pytest

from danhgia.access.freeze import RULES, frozen_q, frozen_reason

from . import freeze_world

CLOSED = "đã đóng"
DECIDED = "đã được cấp có thẩm quyền quyết định"


@pytest.fixture
def closed(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.closed(world)


@pytest.fixture
def decided(world, tmp_path, monkeypatch):
    freeze_world.private_media(tmp_path, monkeypatch)
    return freeze_world.decided(world)


# --- The rule ----------------------------------------------------------------------------------


def test_every_model_of_a_quarter_has_a_rule():
    assert set(RULES) == {
        "periods.period",
        "periods.deadline",
        "periods.periodframework",
        "tasks.task",
        "tasks.taskevidence",
        "tasks.collectiveresult",
        "evaluations.evaluation",
        "evaluations.criterionentry",
        "evaluations.evidence",
        "review.stagescore",
        "review.stagecriterionscore",
        "review.keytaskassessment",
        "dossiers.reviewmeeting",
        "dossiers.dossier",
        "dossiers.dossierdocument",
    }


def test_a_closed_quarter_freezes_every_record_with_its_reason(closed):
    for name, record in closed.records.items():
        reason = frozen_reason(type(record)._base_manager.get(pk=record.pk))
        assert reason == "Kỳ đánh giá Quý III/2026 đã đóng: không thể thay đổi.", name


def test_a_decision_freezes_what_it_rests_on_and_nothing_else(decided):
    for name, record in decided.records.items():
        reason = frozen_reason(type(record)._base_manager.get(pk=record.pk))
        assert reason is not None and DECIDED in reason, name
    for name, record in decided.open_records.items():
        assert frozen_reason(type(record)._base_manager.get(pk=record.pk)) is None, name


def test_the_reasons_name_the_quarter_the_people_and_what_rests_on_them(decided, world):
    assert frozen_reason(decided.evaluation) == (
        "Kết quả Quý III/2026 của Phạm Thu Lan đã được cấp có thẩm quyền quyết định (Cấp có "
        "thẩm quyền đã quyết định): không thể thay đổi phiếu, điểm các bước và minh chứng; chỉ "
        "cấp có thẩm quyền đính chính bằng một quyết định mới."
    )
    head_task = decided.records["task of the head of A"]
    reason = frozen_reason(head_task)
    assert reason.startswith("Kết quả Quý III/2026 của Lê Văn Đồng, Phạm Thu Lan, ")
    assert f"dựa cả trên nhiệm vụ “{head_task.title}”" in reason
    assert "Phụ lục 7" not in reason
    assert "của Sở A: không thể thay đổi hồ sơ đánh giá." in frozen_reason(
        decided.records["dossier"]
    )


@pytest.mark.parametrize("which", ["closed", "decided"])
def test_the_list_form_of_the_rule_agrees_with_the_record_form(request, which):
    quarter = request.getfixturevalue(which)
    for label in RULES:
        model = type(
            next(r for r in [*quarter.records.values(), *quarter.open_records.values()]
                 if r._meta.label_lower == label)
        )  # fmt: skip
        frozen = set(model._base_manager.filter(frozen_q(model)).values_list("pk", flat=True))
        for row in model._base_manager.all():
            assert (row.pk in frozen) == (frozen_reason(row) is not None), (label, row.pk)
