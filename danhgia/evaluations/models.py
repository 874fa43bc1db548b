"""Evaluations: one per official per quarter, its criterion entries, evidence; collective results.

The numbers stored here (points, KPIs, totals) are always computed by the engine on the server;
they are kept so that lists and documents need no recomputation and so that each stage's scores
stay visible side by side (SPEC §6).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.access.freeze import Freezable
from danhgia.evidence import EvidenceFile
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel
from danhgia.rules.models import FrameworkVersion

from .choices import DeferralCase, EvaluationState


def points_field(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=6, decimal_places=2, null=True, blank=True)


class Evaluation(Freezable, models.Model):
    """The evaluation of one official for one quarter under one framework version."""

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="evaluations"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="evaluations"
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("khung chấm điểm"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=EvaluationState.choices,
        default=EvaluationState.DRAFT,
        db_index=True,
    )
    # The state a returned evaluation goes back to once corrected.
    returned_from = models.CharField(
        _("trả lại từ bước"), max_length=20, choices=EvaluationState.choices, blank=True
    )
    deferral_case = models.CharField(
        _("lý do chưa đánh giá"), max_length=20, choices=DeferralCase.choices, blank=True
    )
    # Optimistic lock: every save of the form checks and bumps it (SPEC §14 "no lost work").
    lock_version = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=1)
    self_comment = models.TextField(_("tự nhận xét"), blank=True)
    self_part_a = points_field(_("điểm nhóm tiêu chí chung (tự chấm)"))
    self_part_b = points_field(_("điểm kết quả thực hiện nhiệm vụ (tự chấm)"))
    self_total = points_field(_("tổng điểm tự chấm"))
    self_band = models.CharField(
        _("mức theo điểm tự chấm"), max_length=6, choices=RatingLevel.choices, blank=True
    )
    self_proposed_rating = models.CharField(
        _("tự đề xuất xếp loại"), max_length=6, choices=RatingLevel.choices, blank=True
    )
    # Lào Cai 8.4's tie-break: exceeded criteria and exceeding tasks, the engine's
    # ``exceeded_count`` of the form as last scored in full (at submission, then with the task
    # factors the assigning side confirmed).
    exceeded_count = models.PositiveIntegerField(_("số chỉ tiêu, nhiệm vụ vượt mức"), default=0)
    # Under a policy with ``axis_maxima: proposed`` (02-HD §2.5, SPEC §15): the official proposes
    # with her targets the maximum of each axis ({"1": "30", …}) and her main axes; the unit
    # approves them with the targets; the criteria are then scored on the scaled maxima.
    axis_maxima = models.JSONField(_("điểm tối đa các trục (đề xuất)"), default=dict, blank=True)
    main_axes = models.JSONField(_("các trục chính"), default=list, blank=True)
    targets_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt mục tiêu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    targets_approved_at = models.DateTimeField(_("duyệt mục tiêu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_late = models.BooleanField(_("nộp muộn"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ("period", "official__given_name", "id")
        constraints = (
            models.UniqueConstraint(fields=("official", "period"), name="evaluation_once"),
        )

    def __str__(self) -> str:
        return f"{self.official} – {self.period}"


class CriterionEntry(Freezable, models.Model):
    """One row of the form: the person's target and result for a criterion, and its points."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("phiếu"), on_delete=models.CASCADE, related_name="entries"
    )
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    met = models.BooleanField(_("đảm bảo"), null=True, blank=True)
    target_low = models.DecimalField(
        _("mục tiêu (hoặc cận dưới)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    target_high = models.DecimalField(
        _("cận trên của mục tiêu"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    actual = models.DecimalField(
        _("kết quả thực tế"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    category = models.CharField(_("mức xếp loại"), max_length=50, blank=True)
    level = models.PositiveSmallIntegerField(_("mức độ đáp ứng"), null=True, blank=True)
    not_applicable = models.BooleanField(_("không áp dụng"), default=False)
    use_tasks = models.BooleanField(_("chấm theo nhiệm vụ"), default=False)
    comment = models.TextField(_("giải trình"), blank=True)
    kpi = models.DecimalField(_("KPI"), max_digits=10, decimal_places=4, null=True, blank=True)
    points = points_field(_("điểm đạt"))
    exceeded = models.BooleanField(_("vượt mục tiêu"), default=False)

    class Meta:
        verbose_name = _("dòng tiêu chí")
        verbose_name_plural = _("dòng tiêu chí")
        ordering = ("evaluation", "id")
        constraints = (
            models.UniqueConstraint(fields=("evaluation", "code"), name="criterion_entry_once"),
        )

    def __str__(self) -> str:
        return self.code


class Evidence(Freezable, EvidenceFile):
    """A file backing a criterion's result; private, downloaded only as an attachment."""

    entry = models.ForeignKey(
        CriterionEntry,
        verbose_name=_("dòng tiêu chí"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )

    class Meta(EvidenceFile.Meta):
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")


class PreviousUnitComment(models.Model):
    """A moved person's old unit comments on its part of the quarter and sends it (SPEC §9).

    The new unit rates; the comment is shown on the evaluation. Sent once, then immutable.
    """

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("phiếu"),
        on_delete=models.CASCADE,
        related_name="previous_unit_comments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("nhận xét của đơn vị cũ"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhận xét của đơn vị cũ")
        verbose_name_plural = _("nhận xét của đơn vị cũ")
        ordering = ("evaluation", "sent_at")
        constraints = (
            models.UniqueConstraint(
                fields=("evaluation", "unit"), name="previous_unit_comment_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.unit} – {self.evaluation}"
