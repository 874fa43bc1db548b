"""Scoped lists cost what the reader's scope holds, not what the province holds (issue 9).

The plans are read on SQLite here (``EXPLAIN QUERY PLAN``); bench/scope_bench.py measures the
same queries on PostgreSQL at 20,000 officials (docs/ARCHITECTURE.md "Scale").
"""

from __future__ import annotations

import pytest
from django.db import connection

from danhgia import access
from danhgia.organisation.choices import Role
from danhgia.tasks.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _plan(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


@pytest.fixture
def province():
    root = f.make_unit("tinh")
    finance = f.make_unit("so-tai-chinh", parent=root)
    other = f.make_unit("so-khac", parent=root)
    period = f.make_period()
    admin = f.make_user("admin-giao")
    leader = f.make_user("truong")
    f.assign_role(leader, Role.UNIT_LEADERSHIP, finance)
    own = f.make_official(finance, user=leader, role="head")
    mine = f.make_officials(finance, 3)
    theirs = f.make_officials(other, 3)
    expected = set()
    for person in [own, *mine]:
        expected.add(f.make_task(person, period, finance, admin).pk)
    for person in theirs:
        f.make_task(person, period, other, admin)
    expected.add(f.make_task(theirs[0], period, finance, admin).pk)  # assigned by finance
    return leader, expected


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's plan; bench/scope_bench.py: PostgreSQL's"
)
def test_a_unit_leaders_tasks_are_read_through_indexes_not_a_scan_of_every_task(province):
    leader, expected = province
    visible = access.restrict(leader, Task.objects.all())

    assert set(visible.values_list("pk", flat=True)) == expected
    plan = _plan(visible)
    scans = [line for line in plan if line.startswith("SCAN") and "tasks_task" in line]
    assert scans == [], plan


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads SQLite's plan; bench/scope_bench.py: PostgreSQL's"
)
def test_the_home_counts_read_only_the_evaluations_of_the_users_units(province):
    from django.test.utils import CaptureQueriesContext

    from danhgia.core.counts import waiting_items
    from danhgia.evaluations.choices import EvaluationState
    from danhgia.evaluations.models import Evaluation
    from danhgia.organisation.models import Official

    leader, _tasks = province
    period = Task.objects.first().period
    version = f.framework("lamdong-2026-pl5")
    Evaluation.objects.bulk_create(
        Evaluation(
            official=person,
            period=period,
            framework_version=version,
            state=EvaluationState.SELF_ASSESSED,
        )
        for person in Official.objects.all()
    )

    with CaptureQueriesContext(connection) as queries:
        items = waiting_items(leader, period, {"review"})
    assert [item.count for item in items] == [4, 0]  # the 4 people of the leader's unit
    [count_sql] = [q["sql"] for q in queries if "evaluations_evaluation" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count_sql}")
        plan = [row[-1] for row in cursor.fetchall()]
    reads = [line for line in plan if "evaluations_evaluation" in line]
    assert reads and all("official" in line for line in reads), plan


def test_the_audit_log_of_an_appraiser_reads_no_records_table_and_keeps_its_scope(province):
    from danhgia.audit.choices import AuditAction
    from danhgia.audit.models import AuditEntry
    from danhgia.audit.services import log_action

    leader, _tasks = province
    finance = leader.official.unit
    appraiser = f.make_user("tham-dinh")
    f.assign_role(appraiser, Role.APPRAISER, finance)
    ours = Task.objects.get(lead=leader.official)
    theirs = Task.objects.exclude(lead__unit=finance).first()
    for task in (ours, theirs):
        log_action(leader, AuditAction.TASK_UPDATED, task, note=f"task {task.pk}")

    visible = access.restrict(appraiser, AuditEntry.objects.all())

    notes = visible.filter(note__startswith="task ").values_list("note", flat=True)
    assert list(notes) == [f"task {ours.pk}"]
    sql = str(visible.query)
    for table in ("tasks_task", "evaluations_evaluation", "organisation_official"):
        assert table not in sql, sql


def test_entries_written_in_bulk_carry_their_units_path_at_constant_queries(
    province, django_assert_max_num_queries
):
    from danhgia.audit.choices import AuditAction
    from danhgia.audit.services import log_actions, new_entry

    leader, _tasks = province
    tasks = list(Task.objects.order_by("pk"))
    with django_assert_max_num_queries(2):
        entries = log_actions(new_entry(leader, AuditAction.TASK_UPDATED, t) for t in tasks)
    paths = {t.pk: t.lead.unit.path for t in Task.objects.select_related("lead__unit")}
    assert [e.unit_path for e in entries] == [paths[t.pk] for t in tasks]
    assert {e.unit_path for e in entries} == {"/tinh/so-tai-chinh/", "/tinh/so-khac/"}


def _assigner(count: int):
    from danhgia.periods.services import assign_framework

    root = f.make_unit("tinh-giao")
    block = f.make_block("khoi-giao")
    unit = f.make_unit("so-dong", parent=root, block=block)
    period = f.make_period()
    assign_framework(period, block, f.framework("lamdong-2026-pl5"))
    agency = f.make_user("giao-viec")
    f.assign_role(agency, Role.ASSIGNING_AGENCY, unit)
    people = f.make_officials(unit, count)
    return agency, unit, people


@pytest.mark.parametrize("count", [5, 50])
def test_the_lead_picker_renders_at_most_20_people_at_constant_queries(
    client, count, django_assert_max_num_queries
):
    from django.urls import reverse

    from danhgia.tasks.forms.leads import LEAD_OPTIONS

    agency, unit, people = _assigner(count)
    client.force_login(agency)
    url = reverse("tasks:task_assign")
    with django_assert_max_num_queries(25):
        page = client.get(url, {"assigning_unit": unit.pk}).content.decode()
    results = page.split('id="lead-results"', 1)[1].split("</fieldset>\n  </div>", 1)[0]
    assert results.count('name="leads"') == min(count, LEAD_OPTIONS)
    assert "<select" not in page.split('id="lead-picker"', 1)[1].split('id="lead-results"')[0]
    assert f"<legend>{unit.name}</legend>" in results  # grouped by unit
    last = people[-1]
    found = client.get(
        url, {"assigning_unit": unit.pk, "lead_search": last.full_name, "leads": people[0].pk}
    ).content.decode()
    chosen = found.split("data-lead-chosen", 1)[1].split("</ul>", 1)[0]
    results = found.split('id="lead-results"', 1)[1].split("</fieldset>\n  </div>", 1)[0]
    # the lead already chosen stays ticked among the chips; the match is offered below
    assert chosen.count('name="leads"') == 1 and f'value="{people[0].pk}" checked' in chosen
    assert results.count('name="leads"') == 1 and last.full_name in results
    assert "Tìm người chủ trì" in found and 'formmethod="get"' in found  # the no-JS search


def test_the_migration_fills_the_unit_path_of_existing_entries(province):
    import importlib

    from django.apps import apps

    from danhgia.audit.models import AuditEntry

    migration = importlib.import_module("danhgia.audit.migrations.0005_unit_path")
    leader, _tasks = province
    task = Task.objects.get(lead=leader.official)
    written = AuditEntry.objects.bulk_create(  # as before the migration: no unit path
        [
            AuditEntry(action="task.updated", object_type="tasks.task", object_id=str(task.pk)),
            AuditEntry(action="task.updated", object_type="tasks.task", object_id="999999"),
            AuditEntry(action="demo.seeded"),
        ]
    )
    assert {e.unit_path for e in written} == {""}

    migration.fill_unit_paths(apps, None)

    paths = [AuditEntry.objects.get(pk=e.pk).unit_path for e in written]
    assert paths == ["/tinh/so-tai-chinh/", "", ""]


def test_entries_follow_their_unit_when_its_path_changes(province):
    from danhgia.audit.choices import AuditAction
    from danhgia.audit.models import AuditEntry
    from danhgia.audit.services import log_action

    leader, _tasks = province
    finance = leader.official.unit
    task = Task.objects.get(lead=leader.official)
    entry = log_action(leader, AuditAction.TASK_UPDATED, task)
    other = log_action(
        leader, AuditAction.TASK_UPDATED, Task.objects.exclude(lead__unit=finance)[0]
    )
    assert entry.unit_path == "/tinh/so-tai-chinh/"

    finance.code = "stc"
    finance.save()

    entry.refresh_from_db()
    other.refresh_from_db()
    assert (entry.unit_path, other.unit_path) == ("/tinh/stc/", "/tinh/so-khac/")
    appraiser = f.make_user("tham-dinh-stc")
    f.assign_role(appraiser, Role.APPRAISER, finance)
    assert entry in access.restrict(appraiser, AuditEntry.objects.all())
