"""The summary of a scope and quarter (SPEC §13.1, Lào Cai Phụ lục 05–07): its data equals what
the engine computed and the stages stored, grouped by comparison group with the quota figures,
in a number of queries that does not grow with the number of people."""

from __future__ import annotations

from decimal import Decimal

import pytest

from danhgia.decisions.models import Decision
from danhgia.decisions.services import decide, decision_run
from danhgia.documents.summary import build_summary
from danhgia.review.choices import Stage

from . import factories as f
from .decision_data import make_quarter, stage_score


@pytest.fixture
def decided(world):
    quarter = make_quarter(world)
    appraiser = world.users["appraiser"]
    stage_score(quarter.evaluations[0], Stage.REVIEW, "94", "HTXSNV", world.users["unit_head"])
    stage_score(quarter.evaluations[0], Stage.APPRAISAL, "95", "HTXSNV", appraiser)
    authority = world.users["authority"]
    run = decision_run(quarter.period, authority)
    decide(run, authority)
    return quarter


def test_rows_equal_the_stored_stages_and_decisions(world, decided):
    summary = build_summary(world.users["authority"], decided.period)
    assert summary.row_count == 5
    [group] = summary.groups
    decisions = {d.evaluation_id: d for d in Decision.objects.filter(superseded_by__isnull=True)}
    assert len(decisions) == 5
    for row in group.rows:
        decision = decisions[row.evaluation_id]
        assert row.decision.total == decision.total
        assert row.decision.rating == decision.rating
        assert row.engine_rating == decision.engine_rating
    first = next(r for r in group.rows if r.evaluation_id == decided.top.pk)
    assert first.review.total == Decimal("94") and first.review.rating == "HTXSNV"
    assert first.appraisal.total == Decimal("95")
    assert first.self_stage.total == Decimal("95")
    # the quota: one HTXSNV allowed of five, the 93 cut (decision_data's docstring)
    allowance = decisions[decided.top.pk].allowance()
    assert group.quota.allowed == allowance.allowed == 1
    assert group.quota.base == allowance.base
    assert group.quota.pct == allowance.pct
    assert group.quota.granted == 1
    assert group.quota.cut == 1
    assert group.quota.proposed == 2
    cut = next(r for r in group.rows if r.evaluation_id == decided.cut.pk)
    assert "Ngoài tỷ lệ HTXSNV của nhóm" in cut.note
    assert [r.number for r in group.rows] == [1, 2, 3, 4, 5]


def test_scope_is_the_users(world, decided):
    assert build_summary(world.users["outsider"], decided.period).row_count == 0
    summary = build_summary(world.users["authority"], decided.period, world.division_a1)
    assert [r.full_name for r in summary.rows()] == [world.member_a1.full_name]


def test_queries_do_not_grow_with_people(world, decided, django_assert_max_num_queries):
    user = world.users["authority"]
    with django_assert_max_num_queries(8) as small:
        build_summary(user, decided.period)
    more = f.make_officials(world.unit_a, 30)
    from danhgia.evaluations.models import Evaluation

    from .decision_data import appraise

    for official in more:
        evaluation = Evaluation.objects.create(
            official=official,
            period=decided.period,
            framework_version=f.framework("lamdong-2026-pl5"),
        )
        appraise(evaluation, "80")
    with django_assert_max_num_queries(len(small.captured_queries)):
        summary = build_summary(user, decided.period)
    assert summary.row_count == 35


def test_the_workbook_has_every_row_and_number(world, decided):
    from datetime import date
    from io import BytesIO

    from openpyxl import load_workbook

    from danhgia.documents.presentation import letterhead
    from danhgia.documents.summary_tables import variant
    from danhgia.documents.summary_xlsx import summary_xlsx

    summary = build_summary(world.users["authority"], decided.period)
    data = summary_xlsx(summary, variant("06"), letterhead(world.root, date(2026, 10, 5)))
    sheet = load_workbook(BytesIO(data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][8] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert values[1][8] == "Thử Nghiệm, ngày 05 tháng 10 năm 2026"
    assert values[3][0].startswith("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ")
    assert values[7][:5] == ("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Cá nhân tự đánh giá")
    assert values[9][0].startswith("I. Nhóm so sánh:")
    allowance = Decision.objects.filter(evaluation=decided.top).get().allowance()
    assert f"tối đa {allowance.allowed}/{allowance.base} người" in values[9][0]
    assert "đề xuất 2, được xếp 1, ngoài tỷ lệ 1" in values[9][0]
    body = values[10:15]
    decisions = {d.evaluation.official.full_name: d for d in Decision.objects.all()}
    for row in body:
        decision = decisions[row[1]]
        assert Decimal(str(row[10])) == decision.total
        assert row[11] == decision.rating
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert round(sheet.page_margins.left * 25.4) == 30
    assert round(sheet.page_margins.right * 25.4) == 15
    assert round(sheet.page_margins.top * 25.4) == 20
    assert sheet.print_title_rows == "$8:$9"
