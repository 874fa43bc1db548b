"""Benchmark: the authority's decision page, the rating run and deciding a group (issue 9).

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> python bench/decision_bench.py
       [--sizes 50 20000] [--groups 200] [--repeat 5]
(without DATABASE_URL: the SQLite database of the settings). Migrates the database, then for
each size builds a province in one transaction that is rolled back at the end (nothing is left
behind): N appraised officials in units of 10 under departments, G comparison groups (the first
one holds 400 people when N allows it, so that "deciding a group of 400" is measured), 5.5
confirmed tasks per person, a review score and a dossier per unit. It prints, per size:
- the decision page of the largest group (server time of the view, median; queries; HTML size);
- the rating run of the whole province and the engine alone on the same inputs (and the ratio;
  the two are timed in turns, so that a drift of the machine's speed weighs on both alike);
- deciding the largest group (time, queries).
Targets at 20,000 on PostgreSQL: page < 1 s, run < 5 s and ≤ 3× the engine, deciding 400 < 2 s.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
# Production settings (DEBUG off: cached templates), served to the test client over plain HTTP.
for name, value in {
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from danhgia.decisions import rating  # noqa: E402
from danhgia.decisions.services import decide, decision_run  # noqa: E402
from danhgia.dossiers.models import Dossier  # noqa: E402
from danhgia.evaluations.choices import EvaluationState  # noqa: E402
from danhgia.evaluations.models import Evaluation  # noqa: E402
from danhgia.organisation.choices import (  # noqa: E402
    Gender,
    LeadershipRole,
    ManagementScope,
    Role,
)
from danhgia.organisation.models import (  # noqa: E402
    Block,
    ComparisonGroup,
    Official,
    RoleAssignment,
    Unit,
)
from danhgia.periods.services import assign_framework, open_period  # noqa: E402
from danhgia.review.choices import Stage  # noqa: E402
from danhgia.review.models import StageScore  # noqa: E402
from danhgia.rules.models import FrameworkVersion, PolicyVersion  # noqa: E402
from danhgia.rules.services import import_shipped_rules  # noqa: E402
from danhgia.tasks.choices import TaskState  # noqa: E402
from danhgia.tasks.models import Task  # noqa: E402

BIG_GROUP = 400

# What is loaded so far lives as long as the process, as in a web or jobs worker, which freeze
# it (danhgia.wsgi, run_jobs): measure under the same conditions.
gc.freeze()


class Rollback(Exception):
    pass


def build(size: int, groups: int):
    """The province of ``size`` officials (see the module docstring); returns what is timed."""
    from django.contrib.auth import get_user_model

    policy = PolicyVersion.objects.filter(code="lamdong-2026").order_by("-version").first()
    version = FrameworkVersion.objects.filter(code="lamdong-2026-pl5").order_by("-version").first()
    block = Block.objects.create(code="bench-block", name="Khối đo")
    root = Unit.objects.create(code="bench", name="Tỉnh đo", block=block)
    departments = [
        Unit.objects.create(code=f"bench-d{d}", name=f"Sở {d}", parent=root, block=block)
        for d in range(max(1, size // 100))
    ]
    units = [
        Unit.objects.create(
            code=f"bench-u{u}", name=f"Phòng {u}", parent=departments[u % len(departments)]
        )
        for u in range(max(1, size // 10))
    ]
    big = min(BIG_GROUP, size // 2)
    codes = [f"bench-g{g:03d}" for g in range(groups)]
    ComparisonGroup.objects.bulk_create(ComparisonGroup(code=c, name=f"Nhóm {c}") for c in codes)
    by_code = {g.code: g for g in ComparisonGroup.objects.filter(code__in=codes)}
    people = []
    for n in range(size):
        code = codes[0] if n < big else codes[1 + n % (groups - 1)]
        people.append(
            Official(
                code=f"B{n:06d}",
                full_name=f"Cán bộ {n}",
                given_name=f"Cán bộ {n}",
                gender=Gender.FEMALE if n % 2 else Gender.MALE,
                date_of_birth=date(1975, 1, 1),
                service_start=date(2000, 1, 1),
                expected_retirement=date(2040, 1, 1),
                management_scope=ManagementScope.PROVINCIAL,
                unit=units[n % len(units)],
                comparison_group=by_code[code],
                leadership_role=LeadershipRole.HEAD if n < len(units) else LeadershipRole.MEMBER,
            )
        )
    people = Official.objects.bulk_create(people, batch_size=2000)
    authority = get_user_model().objects.create_user(username="bench-authority", password="x")
    RoleAssignment.objects.create(
        user=authority, role=Role.AUTHORITY, unit=root, include_subtree=True
    )
    period = open_period(2031, 1, policy)
    assign_framework(period, block, version)
    evaluations = Evaluation.objects.bulk_create(
        (
            Evaluation(
                official=o,
                period=period,
                framework_version=version,
                state=EvaluationState.APPRAISED,
                self_part_a=Decimal(30),
                self_part_b=Decimal(45 + n % 25),
                self_total=Decimal(75 + n % 25),
                submitted_at=datetime(2031, 3, 25, tzinfo=UTC),
            )
            for n, o in enumerate(people)
        ),
        batch_size=2000,
    )
    StageScore.objects.bulk_create(
        (
            StageScore(evaluation=e, stage=Stage.REVIEW, part_a=30, part_b=e.self_part_b,
                       total=e.self_total, band="HTTNV", proposed_rating="HTXSNV", by=authority)
            for e in evaluations
        ),
        batch_size=2000,
    )  # fmt: skip
    Dossier.objects.bulk_create(
        Dossier(unit=u, period=period, submitted_at=datetime(2031, 3, 28, tzinfo=UTC))
        for u in [root, *departments, *units]
    )
    tasks = [
        Task(
            period=period,
            lead=o,
            assigning_unit=o.unit,
            assigned_by=authority,
            title=f"Nhiệm vụ {t}",
            product_name="Báo cáo",
            axis=1 + t % 6,
            assigned_on=date(2031, 1, 5),
            due_date=date(2031, 3, 10 + t),
            delivered_quantity=Decimal(1 + (n + t) % 7 // 6),
            completed_on=date(2031, 3, 12),
            state=TaskState.VERIFIED,
        )
        for n, o in enumerate(people)
        for t in range(5 + n % 2)
    ]
    Task.objects.bulk_create(tasks, batch_size=5000)
    return period, authority, codes[0], big


def timed(fn, repeat: int):
    times, result, queries = [], None, 0
    for _n in range(repeat):
        result = None  # the previous result is not kept alive (and walked by the collector)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        queries = len(ctx)
    return statistics.median(times), queries, result


def alternately(first, second, before_first, repeat: int):
    """Median times of ``first`` (the rating run) and ``second`` (the engine alone on the run's
    inputs), timed in turns so that a drift of the machine's speed (a shared virtual machine)
    weighs on both alike; each from the same heap: the last result released and collected.
    Returns the two medians, the ratio of each round's pair (first / second) and the queries of
    ``first``."""
    times: tuple[list[float], list[float]] = ([], [])
    queries = 0
    for _n in range(repeat):
        for fn, spent in ((first, times[0]), (second, times[1])):
            if fn is first:
                before_first()
            gc.collect()
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                result = fn()
                spent.append(time.perf_counter() - start)
            del result  # released before the next timing
            if fn is first:
                queries = len(ctx)
    ratios = [a / max(b, 1e-9) for a, b in zip(*times, strict=True)]
    return statistics.median(times[0]), statistics.median(times[1]), ratios, queries


def measure(size: int, groups: int, repeat: int) -> dict:
    figures = {}
    try:
        with transaction.atomic():
            start = time.perf_counter()
            period, authority, big_code, _big = build(size, min(groups, max(2, size // 10)))
            figures["build"] = time.perf_counter() - start
            # A real database has its planner statistics (autovacuum analyses after a bulk
            # load); it cannot see the rows of this uncommitted transaction, ANALYZE here can.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            client = Client()
            client.force_login(authority)
            url = reverse("decisions:decide", args=[period.pk]) + f"?nhom={big_code}"
            client.get(url)  # warm up (templates, policy cache)
            figures["page"], figures["page_queries"], response = timed(
                lambda: client.get(url), repeat
            )
            assert response.status_code == 200, response.status_code
            figures["page_bytes"] = len(response.content)
            figures["page_rows"] = response.content.decode().count('name="pick"')
            # the next request of a worker does not hold the page's response and its context
            del response
            gc.collect()

            captured = {}
            engine = rating.rate_quarter

            def capture(*args):
                captured["args"] = args
                return engine(*args)

            rating.rate_quarter = capture
            try:
                everyone = Evaluation.objects.filter(period=period)
                rating.run_rating(period, everyone)  # warm up
                (
                    figures["run"],
                    figures["engine"],
                    figures["ratios"],
                    figures["run_queries"],
                ) = alternately(
                    lambda: rating.run_rating(period, everyone),
                    lambda: engine(*captured["args"]),  # the inputs of the run just timed
                    before_first=captured.clear,  # a run starts without the last run's inputs
                    repeat=repeat,
                )
            finally:
                rating.rate_quarter = engine

            try:
                run = decision_run(period, authority, big_code)
            except TypeError:  # the code before issue 9: one run for the whole scope
                run = decision_run(period, authority)
            ids = set(
                Evaluation.objects.filter(
                    period=period, official__comparison_group__code=big_code
                ).values_list("pk", flat=True)
            )
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                decided = decide(run, authority, evaluation_ids=ids)
                figures["decide"] = time.perf_counter() - start
            figures["decide_queries"] = len(ctx)
            figures["decided"] = len(decided)
            raise Rollback
    except Rollback:
        pass
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 20000])
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not PolicyVersion.objects.filter(code="lamdong-2026").exists():
        import_shipped_rules()
    if connection.vendor == "postgresql":
        # each size's province is rolled back: its rows stay behind as dead tuples until a
        # vacuum, and an earlier run's would be read again by every scan of this one
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"database: {connection.vendor}")
    results = {}
    for size in args.sizes:
        f = results[size] = measure(size, args.groups, args.repeat)
        print(
            f"{size:>6} officials (built in {f['build']:.1f} s)\n"
            f"  decision page, one group of {f['page_rows']}: {f['page'] * 1000:.0f} ms, "
            f"{f['page_queries']} queries, {f['page_bytes'] / 1024:.0f} KB\n"
            f"  rating run, whole province: {f['run']:.2f} s ({f['run_queries']} queries); "
            f"engine alone {f['engine']:.2f} s; ratio {f['run'] / max(f['engine'], 1e-9):.1f}× "
            f"(per round: median {statistics.median(f['ratios']):.1f}×, "
            f"{min(f['ratios']):.1f}–{max(f['ratios']):.1f}×)\n"
            f"  deciding the group of {f['decided']}: {f['decide'] * 1000:.0f} ms, "
            f"{f['decide_queries']} queries"
        )
    if len(results) > 1:
        small, large = results[min(results)], results[max(results)]
        print(
            f"ratio {max(results)}/{min(results)}: page time {large['page'] / small['page']:.1f}×, "
            f"page queries {small['page_queries']} → {large['page_queries']}, "
            f"deciding queries {small['decide_queries']} → {large['decide_queries']}"
        )


if __name__ == "__main__":
    main()
