"""The page "Công việc nền": a user follows the jobs they started (an administrator, all of
them), each with its progress, refreshed by HTMX polling while it runs (static htmx, no inline
script); an administrator gives a failed job another try."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danhgia import access
from danhgia.access import Action

from . import files
from .choices import ACTIVE_STATES, JobState
from .errors import JobError
from .models import Job
from .services import retry, visible_jobs

JOBS_PER_PAGE = 25
#: how often a page asks again while a job is queued or running (HTMX ``every``)
POLL = "2s"


@login_required
@require_GET
def job_list(request):
    """The user's jobs, newest first, filtered by state; polls while one is active."""
    state = request.GET.get("trang_thai", "")
    if state not in JobState.values:
        state = ""
    jobs = visible_jobs(request.user).select_related("created_by", "unit")
    if state:
        jobs = jobs.filter(state=state)
    page = Paginator(jobs.order_by("-created_at", "-pk"), JOBS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "state": state,
        "states": JobState.choices,
        "any_active": any(job.state in ACTIVE_STATES for job in page.object_list),
        "sees_all": access.follows_all_jobs(request.user),
        "poll": POLL,
    }
    template = "jobs/_job_table.html" if request.htmx else "jobs/job_list.html"
    return render(request, template, context)


def _job_or_404(request, pk: int) -> Job:
    queryset = Job.objects.select_related("created_by", "unit", "retried_by")
    return access.get_for_user_or_404(request.user, queryset, pk=pk)


def _context(request, job: Job) -> dict:
    expired = files.expired_at(job)
    return {
        "job": job,
        "poll": POLL,
        "may_retry": job.state == JobState.FAILED and access.can(request.user, job, Action.CHANGE),
        "sees_detail": access.follows_all_jobs(request.user),
        "expired_at": expired,
        "retention_days": settings.JOB_FILES_RETENTION_DAYS,
        # the file again: a POST to the page that queued it, by the user who queued it
        "remake_url": (
            files.remake_url(job) if expired and job.created_by_id == request.user.pk else None
        ),
    }


@login_required
@require_GET
def job_detail(request, pk: int):
    """One job: state, progress bar with numbers, times, outcome or error."""
    job = _job_or_404(request, pk)
    return render(request, "jobs/job_detail.html", _context(request, job))


@login_required
@require_GET
def job_progress(request, pk: int):
    """The job's progress block alone (HTMX asks for it every ``POLL`` while the job runs)."""
    job = _job_or_404(request, pk)
    return render(request, "jobs/_job_progress.html", _context(request, job))


@login_required
@require_POST
def job_retry(request, pk: int):
    """An administrator gives a failed job a new series of attempts (others: 403)."""
    job = _job_or_404(request, pk)
    access.require(request.user, job, Action.CHANGE)
    try:
        retry(job, request.user)
    except JobError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cho chạy lại công việc; tiến trình chạy nền sẽ nhận nó."))
    return redirect("jobs:detail", job.pk)
