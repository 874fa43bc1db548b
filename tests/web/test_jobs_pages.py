"""The page "Công việc nền": who sees which job (own jobs; the administrator all; others 404),
the administrator's retry (page and Django admin), live progress by HTMX polling, and query
counts that do not grow with the number of jobs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from danhgia.jobs.choices import JobState
from danhgia.jobs.models import Job

from .test_jobs import count_job  # noqa: F401 (registers the test kinds)

ALL = ["official", "unit_head", "appraiser", "authority", "admin", "outsider"]


def _job(user, state=JobState.QUEUED, **fields) -> Job:
    return Job.objects.create(
        kind="tests.count",
        label=fields.pop("label", "Lập phiếu Quý III/2026: Sở A"),
        args={"total": 10},
        created_by=user,
        state=state,
        run_after=timezone.now(),
        **fields,
    )


@pytest.fixture
def jobs(world):
    head = world.users["unit_head"]
    return {
        "own": _job(head, JobState.RUNNING, progress_done=250, progress_total=1000),
        "failed": _job(head, JobState.FAILED, attempts=3, error="Không hoàn thành sau 3 lần chạy."),
    }


def _statuses(**overrides) -> dict[str, int]:
    return {**dict.fromkeys(ALL, 404), "admin": 200, **overrides}


# (url name, job, method) → {persona: status}
MATRIX = {
    ("jobs:list", None, "get"): dict.fromkeys(ALL, 200),
    ("jobs:detail", "own", "get"): _statuses(unit_head=200),
    ("jobs:progress", "own", "get"): _statuses(unit_head=200),
    ("jobs:detail", "missing", "get"): dict.fromkeys(ALL, 404),
    # Only an administrator gives a failed job another try; its owner sees it but may not.
    ("jobs:retry", "failed", "post"): _statuses(unit_head=403, admin=302),
    ("jobs:retry", "missing", "post"): dict.fromkeys(ALL, 404),
}
CASES = [
    (persona, name, target, method, status)
    for (name, target, method), statuses in MATRIX.items()
    for persona, status in statuses.items()
]


def _url(jobs, name, target):
    if target is None:
        return reverse(name)
    pk = 999999 if target == "missing" else jobs[target].pk
    return reverse(name, args=[pk])


@pytest.mark.parametrize(("persona", "name", "target", "method", "expected"), CASES)
def test_permission_matrix(world, jobs, login, persona, name, target, method, expected):
    client = login(persona)
    response = getattr(client, method)(_url(jobs, name, target))
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "target", "method"), list(MATRIX))
def test_anonymous_visitors_are_sent_to_the_login_page(world, jobs, client, name, target, method):
    response = getattr(client, method)(_url(jobs, name, target))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_every_named_url_of_the_jobs_is_in_the_matrix():
    from django.urls import get_resolver

    resolver = get_resolver().namespace_dict["jobs"][1]
    names = {f"jobs:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    assert names == {name for name, _target, _method in MATRIX}


def test_the_owner_follows_the_progress_and_others_jobs_are_not_listed(world, jobs, login):
    _job(world.users["official"], label="Việc của người khác")
    page = login("unit_head").get(reverse("jobs:list")).content.decode()
    assert "Lập phiếu Quý III/2026: Sở A" in page and "Việc của người khác" not in page
    assert 'hx-trigger="every 2s"' in page  # a job runs: the table asks again
    assert '<progress class="job-progress" max="100" value="25">' in page
    assert "250/1000" in page
    assert "Đang chạy" in page and "Lỗi" in page
    detail = login("unit_head").get(reverse("jobs:detail", args=[jobs["failed"].pk]))
    text = detail.content.decode()
    assert "Không hoàn thành sau 3 lần chạy." in text
    assert "Cho chạy lại" not in text  # the administrator's
    assert "hx-trigger" not in text  # a finished job is not polled
    admin_page = login("admin").get(reverse("jobs:list")).content.decode()
    assert "Việc của người khác" in admin_page and "Người giao" in admin_page


def test_times_are_shown_as_day_month_year_hours_minutes(world, login):
    from datetime import UTC, datetime

    job = _job(
        world.users["unit_head"],
        JobState.DONE,
        started_at=datetime(2026, 10, 2, 1, 5, tzinfo=UTC),
        finished_at=datetime(2026, 10, 2, 1, 7, tzinfo=UTC),
        progress_done=10,
        progress_total=10,
        result={"message": "Đã lập 10 phiếu mới; 0 phiếu đã có; 0 người chưa đánh giá quý này."},
    )
    page = login("unit_head").get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "02/10/2026 08:05" in page and "02/10/2026 08:07" in page  # Asia/Ho_Chi_Minh
    assert "10/10 (100%)" in page and "Đã lập 10 phiếu mới" in page


def test_the_list_answers_htmx_with_the_table_alone(world, jobs, login):
    response = login("unit_head").get(reverse("jobs:list"), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert text.startswith('<div id="job-table"') and "<html" not in text
    Job.objects.update(state=JobState.DONE)
    text = login("unit_head").get(reverse("jobs:list"), headers={"HX-Request": "true"})
    assert "hx-trigger" not in text.content.decode()  # nothing runs any more


def test_the_administrator_retries_a_failed_job(world, jobs, login):
    job = jobs["failed"]
    response = login("admin").post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "Đã cho chạy lại công việc" in response.content.decode()
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.attempts == 0 and job.error == ""
    assert job.retried_by == world.users["admin"] and job.retried_at is not None
    # Only a failed job: a second press says so.
    response = login("admin").post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "Chỉ cho chạy lại được công việc bị lỗi." in response.content.decode()


def test_the_django_admin_lists_failed_jobs_and_retries_them(world, jobs, login):
    client = login("admin")
    url = reverse("admin:jobs_job_changelist")
    page = client.get(url, {"state__exact": "failed"}).content.decode()
    assert "Không hoàn thành sau 3 lần chạy." in page and "Cho chạy lại các công việc" in page
    response = client.post(
        url,
        {"action": "retry_failed", "_selected_action": [jobs["failed"].pk, jobs["own"].pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Đã cho chạy lại 1 công việc." in text
    assert "1 công việc không bị lỗi nên được giữ nguyên." in text
    assert Job.objects.get(pk=jobs["failed"].pk).state == JobState.QUEUED


@pytest.mark.parametrize("size", [5, 50])
def test_query_counts_do_not_grow_with_the_jobs(world, login, django_assert_max_num_queries, size):
    for n in range(size):
        _job(world.users["unit_head"], JobState.RUNNING, label=f"Việc {n}")
    job = Job.objects.first()
    for persona in ("unit_head", "admin"):
        client = login(persona)
        with django_assert_max_num_queries(6):  # session, user, roles, count, page
            assert client.get(reverse("jobs:list")).status_code == 200
        with django_assert_max_num_queries(5):
            assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
        with django_assert_max_num_queries(5):
            assert client.get(reverse("jobs:progress", args=[job.pk])).status_code == 200
