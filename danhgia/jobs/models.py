"""Background jobs: one row per job, kept in the application's own database (no broker).

A worker (``manage.py run_jobs``) claims a queued job, runs its kind's function, which reports
its progress and a checkpoint on the row, and records the outcome. Several workers on several
machines share the table: on PostgreSQL a claim is ``SELECT … FOR UPDATE SKIP LOCKED``, on
SQLite a conditional update (SQLite serialises writers). See docs/decisions.md, "Background
jobs".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ACTIVE_STATES, JobState


class Job(models.Model):
    kind = models.CharField(_("loại công việc"), max_length=64)
    label = models.CharField(_("nội dung"), max_length=300)
    args = models.JSONField(_("tham số"), default=dict, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    idempotency_key = models.CharField(_("khóa chống trùng"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    progress_done = models.PositiveIntegerField(_("đã xong"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số"), default=0)
    progress_message = models.CharField(_("đang làm"), max_length=300, blank=True)
    checkpoint = models.JSONField(_("điểm tiếp tục"), default=dict, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    error_detail = models.TextField(_("chi tiết lỗi (kỹ thuật)"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần đã chạy"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("số lần chạy tối đa"), default=3)
    run_after = models.DateTimeField(_("chạy từ"))
    created_at = models.DateTimeField(_("giao lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất"), null=True, blank=True)
    worker = models.CharField(_("tiến trình chạy"), max_length=200, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cho chạy lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    retried_at = models.DateTimeField(_("cho chạy lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ("-created_at", "-pk")
        indexes = (
            models.Index(fields=["state", "run_after"], name="jobs_job_claim_idx"),
            models.Index(fields=["created_by", "-created_at"], name="jobs_job_owner_idx"),
        )
        constraints = (
            # One queued or running job per key, whatever the race (a partial unique index:
            # PostgreSQL and SQLite both have them).
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(state__in=ACTIVE_STATES) & ~Q(idempotency_key=""),
                name="jobs_job_one_active_per_key",
            ),
        )

    def __str__(self) -> str:
        return self.label or self.kind

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


class WorkerHeartbeat(models.Model):
    """One row per worker process: health checks read ``seen_at`` (docs/ARCHITECTURE.md)."""

    worker = models.CharField(_("tiến trình"), max_length=200, unique=True)
    hostname = models.CharField(_("máy"), max_length=200)
    pid = models.PositiveIntegerField(_("PID"))
    started_at = models.DateTimeField(_("khởi động lúc"))
    seen_at = models.DateTimeField(_("tín hiệu gần nhất"))
    stopped_at = models.DateTimeField(_("dừng lúc"), null=True, blank=True)
    current_job = models.ForeignKey(
        Job,
        verbose_name=_("đang chạy công việc"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    jobs_done = models.PositiveIntegerField(_("số công việc đã chạy"), default=0)

    class Meta:
        verbose_name = _("tiến trình chạy công việc nền")
        verbose_name_plural = _("tiến trình chạy công việc nền")
        ordering = ("-seen_at",)

    def __str__(self) -> str:
        return self.worker
