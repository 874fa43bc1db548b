"""Steps 3-5 of the quarter: stage scores, the unit's meeting, dossiers, key-task responses,
decisions, accountability records and publication (SPEC §6, §8, §10; 02-HD §4-§6).

Decisions are immutable: a correction after a decision is a new Decision that supersedes the old
one, never an edit (SPEC §6).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.evaluations.models import Evaluation
from danhgia.evidence import evidence_path, private_storage
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel
from danhgia.tasks.models import Task

from .choices import DossierComponent, KeyTaskResponse, Stage


def points_field(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=6, decimal_places=2, **kwargs)


class StageScore(models.Model):
    """The scores and proposed rating of one stage for one evaluation."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("phiếu"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(_("bước"), max_length=10, choices=Stage.choices)
    part_a = points_field(_("điểm nhóm tiêu chí chung"))
    part_b = points_field(_("điểm kết quả thực hiện nhiệm vụ"))
    total = points_field(_("tổng điểm"))
    band = models.CharField(_("mức theo điểm"), max_length=6, choices=RatingLevel.choices)
    proposed_rating = models.CharField(
        _("đề xuất xếp loại"), max_length=6, choices=RatingLevel.choices
    )
    comment = models.TextField(_("nhận xét"), blank=True)
    explanation = models.TextField(_("giải trình khi điều chỉnh"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now=True)

    class Meta:
        verbose_name = _("điểm theo bước")
        verbose_name_plural = _("điểm theo bước")
        ordering = ("evaluation", "stage")
        constraints = (
            models.UniqueConstraint(fields=("evaluation", "stage"), name="stage_score_once"),
        )

    def __str__(self) -> str:
        return f"{self.evaluation} – {self.get_stage_display()}"


class StageCriterionScore(models.Model):
    """A criterion's points as a stage set them, with the explanation when required."""

    stage_score = models.ForeignKey(
        StageScore,
        verbose_name=_("điểm theo bước"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    points = points_field(_("điểm"), null=True, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí theo bước")
        verbose_name_plural = _("điểm tiêu chí theo bước")
        constraints = (
            models.UniqueConstraint(fields=("stage_score", "code"), name="stage_criterion_once"),
        )

    def __str__(self) -> str:
        return self.code


class ReviewMeeting(models.Model):
    """The unit leadership's meeting that reviewed the quarter (biên bản hội nghị)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="review_meetings"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="review_meetings"
    )
    held_on = models.DateField(_("ngày họp"))
    attendees = models.TextField(_("thành phần dự họp"))
    minutes = models.TextField(_("nội dung biên bản"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hội nghị đánh giá của đơn vị")
        verbose_name_plural = _("hội nghị đánh giá của đơn vị")
        constraints = (
            models.UniqueConstraint(fields=("unit", "period"), name="review_meeting_once"),
        )

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"


class Dossier(models.Model):
    """A unit's dossier for a quarter; lateness is computed from the submission time."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="dossiers"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="dossiers"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    check_note = models.TextField(_("nhận xét khi kiểm tra"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ đánh giá")
        verbose_name_plural = _("hồ sơ đánh giá")
        constraints = (models.UniqueConstraint(fields=("unit", "period"), name="dossier_once"),)

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"


class DossierDocument(models.Model):
    """One component of a dossier: an attached file, or a note that the system produced it."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="documents"
    )
    component = models.CharField(_("thành phần"), max_length=20, choices=DossierComponent.choices)
    file = models.FileField(_("tệp"), upload_to=evidence_path, storage=private_storage, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    produced = models.BooleanField(_("do hệ thống lập"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thêm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ("dossier", "component", "id")

    def __str__(self) -> str:
        return self.get_component_display()


class KeyTaskAssessment(models.Model):
    """The appraiser's 3-level response for a key task (02-HD §4 step 3)."""

    task = models.OneToOneField(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="key_response"
    )
    response = models.PositiveSmallIntegerField(
        _("mức độ đáp ứng"), choices=KeyTaskResponse.choices
    )
    comment = models.TextField(_("nhận xét"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now=True)

    class Meta:
        verbose_name = _("mức độ đáp ứng nhiệm vụ then chốt")
        verbose_name_plural = _("mức độ đáp ứng nhiệm vụ then chốt")

    def __str__(self) -> str:
        return f"{self.task} – {self.get_response_display()}"


class Decision(models.Model):
    """The authority's decided rating for one evaluation, with its reason chain. Immutable."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("phiếu"), on_delete=models.PROTECT, related_name="decisions"
    )
    rating = models.CharField(_("xếp loại"), max_length=8)  # a RatingLevel or DEFERRED
    engine_rating = models.CharField(_("xếp loại theo quy tắc"), max_length=8)
    total = points_field(_("tổng điểm"), null=True, blank=True)
    reasons = models.JSONField(_("căn cứ"), default=list)
    warnings = models.JSONField(_("lưu ý"), default=list)
    override_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    group_code = models.CharField(_("nhóm so sánh"), max_length=60, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("thay thế quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định xếp loại")
        verbose_name_plural = _("quyết định xếp loại")
        ordering = ("evaluation", "decided_at", "id")

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.rating}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(
                _("Quyết định xếp loại không được sửa; hãy ra quyết định đính chính.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Quyết định xếp loại không được xóa."))


class Accountability(models.Model):
    """A head proposed a higher rating than decided without its conditions (02-HD §5.2)."""

    decision = models.OneToOneField(
        Decision,
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        related_name="accountability",
    )
    head = models.ForeignKey(
        Official,
        verbose_name=_("người đứng đầu"),
        on_delete=models.PROTECT,
        related_name="accountabilities",
    )
    proposed_rating = models.CharField(_("mức đề xuất"), max_length=6)
    decided_rating = models.CharField(_("mức quyết định"), max_length=8)
    note = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("trách nhiệm người đứng đầu")
        verbose_name_plural = _("trách nhiệm người đứng đầu")

    def __str__(self) -> str:
        return f"{self.head}: {self.proposed_rating} → {self.decided_rating}"


class QuotaLock(models.Model):
    """One row per period and comparison group, locked while a decision counts the quota.

    Two authorities deciding at once serialise on it (SELECT … FOR UPDATE), so that together
    they cannot exceed the quota.
    """

    period = models.ForeignKey(Period, verbose_name=_("quý"), on_delete=models.CASCADE)
    group_code = models.CharField(_("nhóm so sánh"), max_length=60)

    class Meta:
        verbose_name = _("khóa tỷ lệ")
        verbose_name_plural = _("khóa tỷ lệ")
        constraints = (
            models.UniqueConstraint(fields=("period", "group_code"), name="quota_lock_once"),
        )

    def __str__(self) -> str:
        return f"{self.period} – {self.group_code}"


class Publication(models.Model):
    """Results of a scope published for a period (SPEC §6 step 5)."""

    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="publications"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("phạm vi"), on_delete=models.PROTECT, related_name="publications"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công khai"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("công khai lúc"), auto_now_add=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("công khai kết quả")
        verbose_name_plural = _("công khai kết quả")
        ordering = ("-published_at",)

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"
