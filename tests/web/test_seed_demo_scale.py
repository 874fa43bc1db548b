"""The demo province at scale: ``seed_demo --officials N`` (issue 9, item 1)."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danhgia.audit.models import AuditEntry
from danhgia.core.demo import seed_demo
from danhgia.dossiers.models import Dossier
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.scoring import entries_of, score_evaluation_rows
from danhgia.organisation.models import ComparisonGroup, Official, Unit
from danhgia.periods.models import Period
from danhgia.review.models import StageScore
from danhgia.rules.services import import_shipped_rules
from danhgia.tasks.models import Task
from tests.demo_day import STORY_TODAY, STORY_TODAY_TEXT

S = EvaluationState
COUNTED = (Unit, Official, ComparisonGroup, Evaluation, CriterionEntry, Task, StageScore, Dossier)


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_a_larger_province_keeps_the_personas_and_every_person_has_a_quarter(db, capsys, client):
    call_command("seed_demo", "--officials", "800", "--today", STORY_TODAY_TEXT)
    out = capsys.readouterr().out
    assert "800 cán bộ" in out and "phiếu đánh giá" in out
    assert Official.objects.count() == 800
    users = get_user_model().objects
    canbo = Official.objects.get(user__username="canbo")
    assert canbo.unit.code == "so-tai-chinh"
    assert (
        Evaluation.objects.get(official=canbo, period__year=2026, period__quarter=3).state
        == S.TARGETS_APPROVED
    )
    personas = ("truongdonvi", "thamdinh", "thuongvu", "quantri")
    assert users.filter(username__in=personas).count() == 4
    period = Period.objects.get(year=2026, quarter=3)
    assert f"{Evaluation.objects.filter(period=period).count()} phiếu đánh giá" in out
    assert f"{Task.objects.filter(period=period).count()} nhiệm vụ" in out
    generated = Official.objects.filter(unit__block__code="xa-phuong", unit__code__regex=r"-\d+$")
    assert generated.count() >= 150
    assert not generated.exclude(evaluations__period=period).exists()
    states = dict(
        Evaluation.objects.filter(official__in=generated)
        .values_list("state")
        .annotate(n=Count("id"))
    )
    assert {S.DRAFT, S.SELF_ASSESSED, S.VERIFIED, S.REVIEWED, S.APPRAISED} <= set(states)
    # the copies carry what the engine computes from their own rows and tasks
    scored = Evaluation.objects.filter(official__in=generated, self_total__isnull=False)
    assert len({(e.self_total, e.self_band) for e in scored}) >= 3
    for evaluation in scored[:30]:
        scoring = score_evaluation_rows(evaluation, entries_of(evaluation))
        assert (scoring.total, scoring.band) == (evaluation.self_total, evaluation.self_band)
    submitted = scored.filter(state=S.SELF_ASSESSED).first()
    appraised = scored.filter(state=S.APPRAISED).first()
    assert appraised.entries.count() == submitted.entries.count() > 10
    assert appraised.stages.filter(total=appraised.self_total).count() == 2
    assert appraised.lock_version > submitted.lock_version
    assert Task.objects.filter(lead=appraised.official).count() == 5
    approved = Evaluation.objects.filter(official__in=generated, targets_approved_at__isnull=False)
    assert not approved.filter(targets_approved_by__isnull=True).exists()
    assert Dossier.objects.filter(unit=appraised.official.unit, checked_at__isnull=False).exists()
    assert AuditEntry.objects.filter(object_id=str(appraised.pk)).count() >= 6
    # the appraiser opens a generated evaluation at every step
    client.force_login(users.get(username="thamdinh"))
    for state in states:
        evaluation = Evaluation.objects.filter(official__in=generated, state=state).first()
        assert client.get(reverse("evaluations:detail", args=[evaluation.pk])).status_code == 200
    assert 6 <= ComparisonGroup.objects.filter(code__contains="-cum-").count() <= 20


def test_seeding_at_scale_twice_changes_nothing_the_second_time(db):
    seed_demo(officials=700, today=STORY_TODAY)
    first = _counts()
    assert not seed_demo(officials=700, today=STORY_TODAY).created
    assert _counts() == first


def _reads_and_inserts(queries):
    inserts = sum(q["sql"].startswith("INSERT") for q in queries)
    # SQLite wraps each bulk insert in a savepoint: those come with the inserts
    savepoints = sum(q["sql"].startswith(("SAVEPOINT", "RELEASE")) for q in queries)
    return len(queries) - inserts - savepoints, inserts


def test_the_queries_grow_with_the_batches_not_with_the_people(db):
    import_shipped_rules()  # the rules are imported once, whatever the size

    class Undo(Exception):
        """Roll the smaller province back (a flush fails inside a PostgreSQL transaction)."""

    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as small:
            seed_demo(officials=700, today=STORY_TODAY)
            raise Undo
    except Undo:
        pass
    with CaptureQueriesContext(connection) as large:
        seed_demo(officials=1400, today=STORY_TODAY)
    assert Official.objects.count() == 1400
    reads_small, _inserts = _reads_and_inserts(small)
    reads_large, inserts = _reads_and_inserts(large)
    # 700 more people: the same reads and updates but for the four samples' steps (the steps
    # their communes reached differ), none per person; rows
    # inserted by the batch (SQLite caps one at 999 parameters, PostgreSQL takes the seed's
    # 1,000 rows), never one by one
    # (the second run also finds the rules' engine objects already loaded: it may read less)
    assert reads_large <= reads_small + 8, (reads_small, reads_large)
    rows = sum(_counts().values()) + AuditEntry.objects.count()
    assert inserts <= rows / 30, (inserts, rows)


def test_the_backdating_is_planned_on_the_loaded_rows(db):
    """Issue 9, item 1: the seed is one transaction, which autovacuum never analyses; on
    PostgreSQL the seed gathers the statistics itself before the backdating's joins over the
    audit log (else nested loops: minutes at 20,000 officials), and the correlated subqueries
    carry no ordering (no join to the official, no sort per audit entry)."""
    with CaptureQueriesContext(connection) as seeded:
        seed_demo(small=True, today=STORY_TODAY)
    sqls = [q["sql"] for q in seeded]
    correlated = [s for s in sqls if s.startswith("UPDATE") and "COALESCE((SELECT" in s]
    assert len(correlated) >= 3  # submissions of each quarter, dossiers
    assert not [s for s in correlated if "ORDER BY" in s or "organisation_official" in s]
    backdating = next(n for n, s in enumerate(sqls) if s.startswith('UPDATE "audit_auditentry"'))
    analysed = [n for n, s in enumerate(sqls) if s == "ANALYZE"]
    if connection.vendor == "postgresql":
        assert analysed and analysed[0] < backdating
    else:
        assert not analysed
    assert AuditEntry.objects.filter(action="evaluation.submitted").exists()
