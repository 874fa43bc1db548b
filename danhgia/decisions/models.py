"""Steps 4-5 of the quarter: decisions, accountability records, the quota lock and publication
(SPEC §6, §8; 02-HD §5-§6).

Decisions are immutable: a correction after a decision is a new Decision that supersedes the old
one, never an edit (SPEC §6).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from danhgia.engine import QuotaAllowance, Reason, reasons_from_json
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.review.models import points_field


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
    # The group's allowance as the engine computed it when the group was decided (its pct,
    # quota base, rounding): a later correction is checked against it (SPEC §6, §8.3).
    quota_allowance = models.JSONField(_("tỷ lệ HTXSNV của nhóm khi quyết định"), null=True)
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

    def reason_list(self) -> list[Reason | str]:
        """The reason chain as the engine gave it (codes and params; older ones as text)."""
        return reasons_from_json(self.reasons or [])

    def warning_list(self) -> list[Reason | str]:
        return reasons_from_json(self.warnings or [])

    def allowance(self) -> QuotaAllowance | None:
        return QuotaAllowance.from_json(self.quota_allowance) if self.quota_allowance else None


def in_force() -> Exists:
    """A filter for decisions not superseded by a correction: ``filter(in_force())``.

    ``superseded_by__isnull=True`` is a LEFT JOIN of the correction with ``id IS NULL``, which
    PostgreSQL cannot turn into an anti-join (the column tested is not the join's): it
    estimates one row and plans nested loops over what follows. ``NOT EXISTS`` is an anti-join
    with a sound estimate.
    """
    return ~Exists(Decision.objects.filter(supersedes=OuterRef("pk")))


class Accountability(models.Model):
    """A head proposed a higher rating than decided without its conditions (02-HD §5.2).

    Immutable, like the decision it belongs to.
    """

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

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(
                _("Ghi nhận trách nhiệm người đứng đầu không được sửa; nó đi theo quyết định.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Ghi nhận trách nhiệm người đứng đầu không được xóa."))


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
