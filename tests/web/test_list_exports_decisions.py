"""List exports of steps 4–5 and the audit log (SPEC §13.2): published results, the decided list
(names masked as on the page) and the audit log, each equal to its page's filtered rows."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.decisions.publication import publish
from danhgia.decisions.services import decide, decision_run
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role

from . import factories as f
from .decision_data import appraise, make_quarter
from .export_data import column as _column
from .export_data import queries as _queries
from .export_data import sheet as _sheet

# --- published results ---------------------------------------------------------------------


@pytest.fixture
def published(world):
    quarter = make_quarter(world)
    authority = world.users["authority"]
    decide(decision_run(quarter.period, authority), authority)
    publish(quarter.period, world.unit_a, authority)
    return quarter


def _results_url(quarter):
    return reverse("decisions:results_export", args=[quarter.period.pk])


def test_the_results_export_has_the_pages_rows_with_its_filters(world, login, published):
    client = login("official")
    page_url = reverse("decisions:results", args=[published.period.pk])
    for params in ({}, {"xep_loai": "HTXSNV"}, {"q": "Lê Văn"}):
        page = client.get(page_url, params)
        rows = _sheet(client.get(_results_url(published), params))
        expected = [e.official.full_name for e in page.context["page"].object_list]
        assert _column(rows, "Họ và tên") == expected
        assert expected
    rows = _sheet(client.get(_results_url(published), {"xep_loai": "HTXSNV"}))
    assert set(_column(rows, "Xếp loại")) == {"HTXSNV"}
    assert "Tổng điểm" not in rows[0]  # the policy keeps the scores private, as on the page
    assert _column(rows, "STT") == list(range(1, len(rows)))


def test_the_results_export_shows_nothing_outside_the_published_scope(world, login, published):
    rows = _sheet(login("outsider").get(_results_url(published)))
    assert rows == [rows[0]]
    name = f"ket-qua-quy-iii-2026-{timezone.localdate().isoformat()}.xlsx"
    assert name in login("official").get(_results_url(published))["Content-Disposition"]


# --- audit log -----------------------------------------------------------------------------

AUDIT = reverse("audit:audit_export")


def test_the_audit_export_has_the_pages_rows_with_its_filters(world, login):
    admin = world.users["admin"]
    log_action(admin, AuditAction.EVALUATION_TARGETS_PROPOSED, world.official_a,
               before={"B.1.1": {"target": "5"}}, after={"B.1.1": {"target": "12.5"}},
               note="=1+1")  # fmt: skip
    log_action(admin, AuditAction.EVALUATION_TARGETS_PROPOSED, world.colleague_a)
    client = login("admin")
    params = {"loai": "organisation.official", "ma": world.official_a.pk}
    page = client.get(reverse("audit:audit_log"), params)
    rows = _sheet(client.get(AUDIT, params))
    expected = [e.object_repr for e in page.context["page"].object_list]
    assert _column(rows, "Đối tượng") == expected == [str(world.official_a)]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Trước → sau"] == "B.1.1 › Mục tiêu: 5 → 12,5"
    assert row["Ghi chú"] == "'=1+1"
    assert row["Mã việc"] == AuditAction.EVALUATION_TARGETS_PROPOSED
    assert isinstance(row["Thời điểm"], datetime)


def test_the_audit_export_is_refused_to_whom_the_page_is(world, login):
    client = login("official")
    assert client.get(AUDIT).status_code == 403
    client.logout()
    response = client.get(AUDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_the_audit_export_costs_the_same_queries_for_5_or_50_entries(world, login):
    client = login("admin")

    def add(count):
        for official in f.make_officials(world.unit_a, count):
            log_action(world.users["admin"], AuditAction.EVALUATION_TARGETS_PROPOSED, official)

    add(5)
    few = _queries(client, AUDIT)
    add(45)
    assert _queries(client, AUDIT) == few


# --- the decided list ----------------------------------------------------------------------


@pytest.fixture
def tie(world):
    """Unit B's person tied with unit A's, decided by an authority over unit B only."""
    quarter = make_quarter(world)
    group = quarter.top.official.comparison_group
    world.outsider_b.comparison_group = group
    world.outsider_b.save(update_fields=["comparison_group"])
    outsider = Evaluation.objects.create(
        official=world.outsider_b,
        period=quarter.period,
        framework_version=f.framework("lamdong-2026-pl5"),
    )
    appraise(outsider, "95")  # level with unit A's top person for the group's one HTXSNV
    authority_b = f.make_user("authority_b")
    f.assign_role(authority_b, Role.AUTHORITY, world.unit_b)
    decide(decision_run(quarter.period, authority_b), authority_b)
    authority = world.users["authority"]
    unit_a = {e.pk for e in quarter.evaluations}
    decide(decision_run(quarter.period, authority), authority, evaluation_ids=unit_a)
    quarter.authority_b = authority_b
    return quarter


def test_the_decided_export_has_the_pages_rows_and_masks_names_like_it(world, client, tie):
    client.force_login(tie.authority_b)
    page_url = reverse("decisions:decided", args=[tie.period.pk])
    url = reverse("decisions:decided_export", args=[tie.period.pk])
    page = client.get(page_url)
    rows = _sheet(client.get(url))
    expected = [d.evaluation.official.full_name for d in page.context["page"].object_list]
    assert _column(rows, "Cán bộ") == expected == [world.outsider_b.full_name]
    page_text = page.content.decode()
    grounds = _column(rows, "Căn cứ, lý do")[0]
    for evaluation in tie.evaluations:  # unit A's people: never named to unit B's authority
        assert evaluation.official.full_name not in grounds
        assert evaluation.official.full_name not in page_text
    assert "Không phân định được thứ tự ưu tiên giữa một cán bộ đơn vị khác" in grounds
    assert "một cán bộ đơn vị khác" in page_text
    decision = page.context["page"].object_list[0]
    assert _column(rows, "Tổng điểm") == [float(decision.total)]  # a number


def test_the_decided_export_keeps_the_pages_search_and_scope(world, login, tie):
    client = login("authority")
    url = reverse("decisions:decided_export", args=[tie.period.pk])
    page = client.get(reverse("decisions:decided", args=[tie.period.pk]), {"q": "Lan"})
    rows = _sheet(client.get(url, {"q": "Lan"}))
    expected = [d.evaluation.official.full_name for d in page.context["page"].object_list]
    assert _column(rows, "Cán bộ") == expected == [world.official_a.full_name]
    everyone = _column(_sheet(client.get(url)), "Cán bộ")
    assert len(everyone) == 6 and world.outsider_b.full_name in everyone
    assert login("official").get(url).status_code == 403


def test_the_decided_export_costs_the_same_queries_for_5_or_50(world, login):
    from .decision_data import TOTALS

    few_quarter = make_quarter(world)
    authority = world.users["authority"]
    decide(decision_run(few_quarter.period, authority), authority)
    client = login("authority")
    url = reverse("decisions:decided_export", args=[few_quarter.period.pk])
    few = _queries(client, url)
    framework = f.framework("lamdong-2026-pl5")
    group = few_quarter.top.official.comparison_group
    more = f.make_officials(world.division_a1, 45)
    for official in more:
        official.comparison_group = group
    from danhgia.organisation.models import Official

    Official.objects.bulk_update(more, ["comparison_group"])
    added = {
        appraise(
            Evaluation.objects.create(
                official=official, period=few_quarter.period, framework_version=framework
            ),
            TOTALS[-1],
        ).pk
        for official in more
    }
    decide(decision_run(few_quarter.period, authority), authority, evaluation_ids=added)
    assert len(_column(_sheet(client.get(url)), "Cán bộ")) == 50
    assert _queries(client, url) == few
