"""Benchmark: the scoped pages (audit log, task list, home counts, task assignment) at scale.

Usage (PostgreSQL recommended; your own, empty database):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danhgia_bench \
        python bench/scope_bench.py [--officials 20000] [--tasks 110000] [--build] [--runs 5]

``--build`` migrates the database, seeds the demo province and adds, with bulk inserts, a
generated province next to it: ``officials / 10`` units under the root, ten officials each, an
evaluation for each in the open quarter, ``--tasks`` tasks (assigned by their lead's unit) and an
audit entry per task and per evaluation. Without ``--build`` it only times the pages (server
time through the Django test client, median of ``--runs``) and prints ms and queries per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
os.environ.setdefault("DEBUG", "true")  # development settings (no SECRET_KEY needed)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PER_UNIT = 10
BATCH = 5000


def build(officials: int, tasks: int) -> None:
    from django.contrib.auth import get_user_model

    from danhgia.audit.models import AuditEntry
    from danhgia.evaluations.models import Evaluation
    from danhgia.organisation.models import Official, Unit
    from danhgia.periods.services import current_period
    from danhgia.tasks.models import Task

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    started = time.perf_counter()
    root = Unit.objects.filter(parent=None).order_by("pk").first()
    template = Official.objects.filter(unit__parent=root).order_by("pk").first()
    period = current_period()
    evaluation = Evaluation.objects.filter(period=period).order_by("pk").first()
    task = Task.objects.filter(period=period).order_by("pk").first()
    admin = get_user_model().objects.filter(is_superuser=True).first()
    with transaction.atomic():
        units = Unit.objects.bulk_create(
            [
                Unit(
                    parent=root,
                    block_id=template.unit.block_id,
                    code=f"bench-{n:05d}",
                    name=f"Đơn vị thử {n}",
                    path=f"{root.path}bench-{n:05d}/",
                )
                for n in range(officials // PER_UNIT)
            ],
            batch_size=BATCH,
        )
        people = []
        for n in range(officials):
            person = Official(
                code=f"bench-{n:06d}",
                full_name=f"Nguyễn Văn Thử {n}",
                given_name=f"Thử {n}",
                gender=template.gender,
                date_of_birth=template.date_of_birth,
                unit=units[n // PER_UNIT],
                management_scope=template.management_scope,
                comparison_group_id=template.comparison_group_id,
                service_start=template.service_start,
                expected_retirement=template.expected_retirement,
            )
            people.append(person)
        people = Official.objects.bulk_create(people, batch_size=BATCH)
        evaluations = Evaluation.objects.bulk_create(
            [
                Evaluation(
                    official=person,
                    period=period,
                    framework_version_id=evaluation.framework_version_id,
                    state=evaluation.state,
                )
                for person in people
            ],
            batch_size=BATCH,
        )
        fields = {
            f.attname: getattr(task, f.attname)
            for f in Task._meta.concrete_fields
            if f.attname not in ("id", "lead_id", "assigning_unit_id", "title")
        }
        created = []
        for n in range(tasks):
            lead = people[n % len(people)]
            created.append(
                Task(**fields, lead=lead, assigning_unit_id=lead.unit_id, title=f"Việc {n}")
            )
            if len(created) == BATCH or n == tasks - 1:
                created = Task.objects.bulk_create(created)
                AuditEntry.objects.bulk_create(
                    AuditEntry(
                        actor=admin,
                        action="task.assign",
                        object_type="tasks.task",
                        object_id=str(t.pk),
                        object_repr=t.title,
                    )
                    for t in created
                )
                created = []
        AuditEntry.objects.bulk_create(
            (
                AuditEntry(
                    actor=admin,
                    action="evaluation.open",
                    object_type="evaluations.evaluation",
                    object_id=str(e.pk),
                    object_repr=str(e.pk),
                )
                for e in evaluations
            ),
            batch_size=BATCH,
        )
    # an appraiser of one generated unit: the audit log of a narrow scope in a large log
    from danhgia.organisation.models import RoleAssignment

    narrow = get_user_model().objects.create_user(username="bench-appraiser")
    RoleAssignment.objects.create(user=narrow, role="appraiser", unit=units[1])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(f"built {officials} officials, {tasks} tasks in {time.perf_counter() - started:.1f} s")


PAGES = [
    ("thamdinh", "/nhat-ky/"),
    ("thamdinh", "/nhat-ky/?page=20"),
    ("bench-appraiser", "/nhat-ky/"),
    ("truongdonvi", "/nhiem-vu/"),
    ("truongdonvi", "/"),
    ("thamdinh", "/"),
    ("thuongvu", "/"),
    ("truongdonvi", "/nhiem-vu/giao/"),
    ("cqchutri", "/nhiem-vu/giao/"),
    ("cqchutri", "/nhiem-vu/giao/?lead_search=Th%E1%BB%AD+19999"),
]


def time_pages(runs: int) -> None:
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    print(f"database: {connection.vendor}")
    for username, url in PAGES:
        client = Client(HTTP_HOST="localhost")
        client.force_login(users[username])
        client.get(url)  # warm up
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        size = len(response.content) // 1024
        median = statistics.median(timings)
        print(
            f"{username:15} {url[:28]:28} {response.status_code} {median:8.0f} ms"
            f" {len(queries):4d} queries {size:6d} KB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officials", type=int, default=20000)
    parser.add_argument("--tasks", type=int, default=110000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    if args.build:
        build(args.officials, args.tasks)
    time_pages(args.runs)


if __name__ == "__main__":
    main()
