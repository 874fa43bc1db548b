"""The authority's decision: quota never exceeded, overrides with reasons, immutability,
accountability, corrections, publication, and two authorities deciding at once."""

import contextlib
import threading
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection

from danhgia.audit.models import AuditEntry
from danhgia.decisions.corrections import correct_decision
from danhgia.decisions.errors import DecisionError
from danhgia.decisions.models import Accountability, Decision
from danhgia.decisions.publication import publish
from danhgia.decisions.services import Override, decide, decision_run
from danhgia.dossiers.models import Dossier
from danhgia.engine import render_reason
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import LeadershipRole, Role
from danhgia.review.choices import Stage
from danhgia.review.models import StageScore

from . import factories as f

D = Decimal


def appraised(official, period, total):
    return Evaluation.objects.create(
        official=official,
        period=period,
        framework_version=f.framework("lamdong-2026-pl5"),
        state=EvaluationState.APPRAISED,
        self_part_a=D(30),
        self_total=D(total),
    )


@pytest.fixture
def quarter(world):
    """Unit A's five members of one comparison group, all appraised, dossier on time."""
    period = f.make_period()
    group = f.make_group()
    people = [world.official_a, world.colleague_a, world.member_a1]
    people += f.make_officials(world.unit_a, 2)
    totals = ["95", "93", "80", "78", "75"]
    evaluations = []
    for official, total in zip(people, totals, strict=True):
        official.comparison_group = group
        official.save()
        evaluations.append(appraised(official, period, total))
    for unit in (world.unit_a, world.division_a1, world.unit_b):
        Dossier.objects.create(
            unit=unit, period=period, submitted_at=datetime(2026, 10, 1, tzinfo=UTC)
        )
    return period, evaluations


def test_decide_applies_the_engine_and_locks_the_records(world, quarter):
    period, evaluations = quarter
    authority = world.users["authority"]
    decisions = decide(decision_run(period, authority), authority)
    ratings = {d.evaluation_id: d.rating for d in decisions}
    assert ratings[evaluations[0].pk] == "HTXSNV"  # 95: the one allowed (20 % of 5 = 1)
    assert ratings[evaluations[1].pk] == "HTTNV"  # 93: cut by the quota
    cut = next(d for d in decisions if d.evaluation_id == evaluations[1].pk)
    assert "Ngoài tỷ lệ HTXSNV" in render_reason(cut.reason_list()[-1])
    assert cut.reasons[-1]["code"] == "quota_cut"  # stored with its code and params
    for evaluation in evaluations:
        evaluation.refresh_from_db()
        assert evaluation.state == EvaluationState.DECIDED
    assert StageScore.objects.filter(stage=Stage.DECISION).count() == 5
    assert AuditEntry.objects.filter(action="evaluation.decided").count() == 5
    with pytest.raises(DecisionError):
        decide(decision_run(period, authority), authority)  # already decided


def test_an_override_needs_a_written_reason(world, quarter):
    period, evaluations = quarter
    authority = world.users["authority"]
    run = decision_run(period, authority)
    with pytest.raises(DecisionError, match="lý do"):
        decide(run, authority, {evaluations[2].pk: Override("HTNV", "  ")})
    assert not Decision.objects.exists()


def test_an_override_never_goes_beyond_the_quota(world, quarter):
    period, evaluations = quarter
    authority = world.users["authority"]
    run = decision_run(period, authority)
    with pytest.raises(DecisionError, match="tối đa 1 người"):
        decide(run, authority, {evaluations[1].pk: Override("HTXSNV", "Thành tích nổi trội")})
    assert not Decision.objects.exists()
    # swapping who gets it is within the quota
    decisions = decide(
        run,
        authority,
        {
            evaluations[0].pk: Override("HTTNV", "Chưa có sản phẩm nổi trội"),
            evaluations[1].pk: Override("HTXSNV", "Sản phẩm nổi trội được Tỉnh ủy ghi nhận"),
        },
    )
    swapped = {d.evaluation_id: (d.rating, d.engine_rating) for d in decisions}
    assert swapped[evaluations[1].pk] == ("HTXSNV", "HTTNV")
    assert swapped[evaluations[0].pk] == ("HTTNV", "HTXSNV")


def test_decisions_are_immutable_and_corrections_supersede(world, quarter):
    period, evaluations = quarter
    authority = world.users["authority"]
    decisions = decide(decision_run(period, authority), authority)
    decision = next(d for d in decisions if d.evaluation_id == evaluations[2].pk)
    decision.rating = "KHTNV"
    with pytest.raises(Exception, match="không được sửa"):
        decision.save()
    with pytest.raises(Exception, match="không được xóa"):
        decision.delete()
    correction = correct_decision(decision, "HTNV", "Sai sót khi tổng hợp", authority)
    assert correction.supersedes_id == decision.pk
    assert Decision.objects.get(pk=decision.pk).rating == "HTTNV"
    with pytest.raises(DecisionError, match="đã được đính chính"):
        correct_decision(decision, "HTNV", "lần nữa", authority)
    assert AuditEntry.objects.filter(action="decision.corrected").count() == 1


def test_a_head_who_proposed_too_high_is_held_accountable(world, quarter):
    period, evaluations = quarter
    authority = world.users["authority"]
    StageScore.objects.create(
        evaluation=evaluations[1],
        stage=Stage.REVIEW,
        part_a=30,
        part_b=63,
        total=D("93"),
        band="HTXSNV",
        proposed_rating="HTXSNV",
        by=world.users["unit_head"],
    )
    decide(decision_run(period, authority), authority)
    record = Accountability.objects.get()
    assert record.head == world.head_a
    assert (record.proposed_rating, record.decided_rating) == ("HTXSNV", "HTTNV")
    assert "Ngoài tỷ lệ HTXSNV" in record.note


def test_only_the_authority_of_the_scope_decides(world, quarter):
    period, _ = quarter
    outsider = world.users["outsider"]
    f.assign_role(outsider, Role.AUTHORITY, world.unit_b)
    with pytest.raises(DecisionError):
        decide(decision_run(period, outsider), outsider)


def test_publication_makes_decided_results_public(world, quarter):
    period, _evaluations = quarter
    authority = world.users["authority"]
    with pytest.raises(DecisionError, match="Chưa có kết quả"):
        publish(period, world.root, authority)
    decide(decision_run(period, authority), authority)
    publish(period, world.root, authority)
    assert set(Evaluation.objects.values_list("state", flat=True)) == {EvaluationState.PUBLISHED}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (the in-memory SQLite test database locks)",
)
@pytest.mark.django_db(transaction=True)
def test_two_authorities_deciding_at_once_cannot_exceed_the_quota(world, monkeypatch):
    """Each authority raises a different person to HTXSNV in the same group of 5 (quota 1)."""
    from danhgia.decisions import services

    record = services._record_decisions
    both_counted = threading.Barrier(2, timeout=1.5)

    def slow_record(*args, **kwargs):
        # Hold the window between counting the quota and writing open until the other
        # authority has counted too (or cannot, because it waits for the group's lock).
        with contextlib.suppress(threading.BrokenBarrierError):
            both_counted.wait()
        return record(*args, **kwargs)

    monkeypatch.setattr(services, "_record_decisions", slow_record)
    period = f.make_period()
    group = f.make_group()
    heads = {}
    evaluations = []
    for unit in (world.unit_a, world.unit_b):
        for total in ("80", "79"):
            official = f.make_official(unit, comparison_group=group)
            evaluations.append(appraised(official, period, total))
        Dossier.objects.create(
            unit=unit, period=period, submitted_at=datetime(2026, 10, 1, tzinfo=UTC)
        )
    top = f.make_official(world.unit_a, comparison_group=group)
    evaluations.append(appraised(top, period, "95"))  # the engine's one HTXSNV (20 % of 5)
    a = f.make_user("authority-a")
    b = f.make_user("authority-b")
    f.assign_role(a, Role.AUTHORITY, world.unit_a)
    f.assign_role(b, Role.AUTHORITY, world.unit_b)
    heads["a"] = (a, decision_run(period, a), evaluations[0])
    heads["b"] = (b, decision_run(period, b), evaluations[2])
    # A gives its 95 HTXSNV as proposed and also raises another; B raises one of its own.
    barrier = threading.Barrier(2)
    outcomes = {}

    def run(name):
        user, run_, raised = heads[name]
        try:
            barrier.wait()
            decide(
                run_, user, {raised.pk: Override("HTXSNV", "Vượt trội")}, evaluation_ids={raised.pk}
            )
            outcomes[name] = "ok"
        except DecisionError as exc:
            outcomes[name] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    excellent = Decision.objects.filter(rating="HTXSNV").count()
    assert excellent == 1, outcomes
    assert sorted(v == "ok" for v in outcomes.values()) == [False, True]
    assert LeadershipRole.HEAD not in Decision.objects.values_list(
        "evaluation__official__leadership_role", flat=True
    )


def test_a_correction_updates_the_decision_stage_and_archived_results_refuse_it(world, quarter):
    period, evaluations = quarter
    authority = world.users["authority"]
    decisions = decide(decision_run(period, authority), authority)
    decision = next(d for d in decisions if d.evaluation_id == evaluations[2].pk)
    correct_decision(decision, "HTNV", "Sai sót khi tổng hợp", authority)
    stage = StageScore.objects.get(evaluation=evaluations[2], stage=Stage.DECISION)
    assert stage.proposed_rating == "HTNV"
    other = next(d for d in decisions if d.evaluation_id == evaluations[3].pk)
    Evaluation.objects.filter(pk=evaluations[3].pk).update(state=EvaluationState.ARCHIVED)
    other.evaluation.refresh_from_db()
    with pytest.raises(DecisionError, match="lưu trữ"):
        correct_decision(other, "HTNV", "muộn", authority)
