"""Steps 3a-3c of the quarter: the points each stage set and the key tasks' responses
(SPEC §6; 02-HD §4 step 3). The self-assessment stays on the evaluation as submitted; the unit
leadership's review and the appraisal keep their own points side by side.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danhgia.access.freeze import Freezable
from danhgia.evaluations.models import Evaluation
from danhgia.rules.choices import RatingLevel
from danhgia.tasks.models import Task

from .choices import KeyTaskResponse, Stage


def points_field(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=6, decimal_places=2, **kwargs)


class StageScore(Freezable, models.Model):
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


class StageCriterionScore(Freezable, models.Model):
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


class KeyTaskAssessment(Freezable, models.Model):
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
    lock_version = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=1)

    class Meta:
        verbose_name = _("mức độ đáp ứng nhiệm vụ then chốt")
        verbose_name_plural = _("mức độ đáp ứng nhiệm vụ then chốt")

    def __str__(self) -> str:
        return f"{self.task} – {self.get_response_display()}"
