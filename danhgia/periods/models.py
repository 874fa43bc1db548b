"""Evaluation periods (quarters), their deadlines and each block's framework (SPEC §5, §10)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from danhgia.access.freeze import Freezable
from danhgia.engine import deadline_date, render_problem_vi, results_cutoff
from danhgia.organisation.models import Block
from danhgia.rules.models import FrameworkVersion, PolicyVersion

from .choices import PeriodState, Quarter

#: decimals of the points columns: a period's policy may round points to this many at most
POINTS_DECIMALS = 2


class Period(Freezable, models.Model):
    """One quarter, evaluated under one policy version.

    The deadlines are computed from the policy when the period is created or its policy
    changes; they are never typed in.
    """

    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(_("quý"), choices=Quarter.choices)
    policy_version = models.ForeignKey(
        PolicyVersion,
        verbose_name=_("chính sách"),
        on_delete=models.PROTECT,
        related_name="periods",
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN
    )
    results_cutoff = models.DateField(
        _("ngày chốt kết quả"),
        editable=False,
        null=True,
        help_text=_("Kết quả tính đến ngày 30 tháng cuối quý; nhiệm vụ chưa đến hạn được chuyển."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    # The policy as loaded from the database, to notice a change in save().
    _loaded_policy_id: int | None = None

    class Meta:
        verbose_name = _("kỳ đánh giá")
        verbose_name_plural = _("kỳ đánh giá")
        ordering = ("-year", "-quarter")
        constraints = (
            models.UniqueConstraint(fields=["year", "quarter"], name="unique_period_quarter"),
        )

    def __str__(self) -> str:
        # Official documents write quarters in Roman numerals: "Quý III/2026".
        roman = ("I", "II", "III", "IV")[self.quarter - 1]
        return _("Quý %(quarter)s/%(year)s") % {"quarter": roman, "year": self.year}

    def save(self, *args, **kwargs) -> None:
        self.refuse_invalid_policy()
        # SPEC §9: results count up to day 30 of the quarter's last month (the engine's rule);
        # kept on the row so that "which tasks count" is one indexed comparison in SQL.
        self.results_cutoff = results_cutoff(self.year, self.quarter)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "results_cutoff"}
        policy_changed = self._state.adding or self.policy_version_id != self._loaded_policy_id
        with transaction.atomic():
            super().save(*args, **kwargs)
            if policy_changed:
                self.sync_deadlines()
        self._loaded_policy_id = self.policy_version_id

    def clean(self) -> None:
        super().clean()  # a closed period is never edited (access.freeze)
        self.refuse_invalid_policy()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_policy_id = instance.policy_version_id
        return instance

    @property
    def code(self) -> str:
        """The engine's period id, e.g. "2026-Q3"."""
        return f"{self.year}-Q{self.quarter}"

    @property
    def is_open(self) -> bool:
        return self.state == PeriodState.OPEN

    def refuse_invalid_policy(self) -> None:
        if self.policy_version_id and not self.policy_version.is_valid:
            raise ValidationError(
                {"policy_version": _("Chính sách này không hợp lệ nên không thể dùng cho kỳ.")}
            )
        if self.policy_version_id and self.policy_version.load().points_decimals > POINTS_DECIMALS:
            raise ValidationError(
                {
                    "policy_version": _(
                        "Chính sách làm tròn điểm đến %(n)d chữ số thập phân; hệ thống lưu điểm "
                        "với tối đa %(max)d chữ số nên không dùng được chính sách này cho kỳ."
                    )
                    % {"n": self.policy_version.load().points_decimals, "max": POINTS_DECIMALS}
                }
            )

    def sync_deadlines(self) -> None:
        """Replace the deadline rows by those the policy gives for this quarter."""
        policy = self.policy_version.load()
        self.deadlines.all().delete()
        Deadline.objects.bulk_create(
            Deadline(
                period=self,
                key=item.key,
                label=item.label,
                who=item.who,
                order=index,
                due_date=deadline_date(self.year, self.quarter, item.month, item.day),
            )
            for index, item in enumerate(policy.deadlines)
        )


class Deadline(Freezable, models.Model):
    """One dated step of a period's calendar, from the policy's ``deadlines``."""

    period = models.ForeignKey(
        Period, verbose_name=_("kỳ đánh giá"), on_delete=models.CASCADE, related_name="deadlines"
    )
    key = models.CharField(_("mã mốc"), max_length=50)
    label = models.CharField(_("nội dung"), max_length=300)
    who = models.CharField(_("trách nhiệm"), max_length=200, blank=True)
    due_date = models.DateField(_("hạn"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("mốc thời hạn")
        verbose_name_plural = _("mốc thời hạn")
        ordering = ("period", "due_date", "order")
        constraints = (
            models.UniqueConstraint(fields=["period", "key"], name="unique_deadline_key"),
        )

    def __str__(self) -> str:
        return f"{self.label} ({self.due_date:%d/%m/%Y})"


class PeriodFramework(Freezable, models.Model):
    """The framework version a block's people are scored with in a period.

    Only a framework that validates can be used (SPEC §12), and only while the period is open.
    """

    period = models.ForeignKey(
        Period, verbose_name=_("kỳ đánh giá"), on_delete=models.CASCADE, related_name="frameworks"
    )
    block = models.ForeignKey(
        Block, verbose_name=_("khối"), on_delete=models.PROTECT, related_name="period_frameworks"
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("khung chấm điểm"),
        on_delete=models.PROTECT,
        related_name="period_uses",
    )

    class Meta:
        verbose_name = _("khung chấm điểm của kỳ")
        verbose_name_plural = _("khung chấm điểm của kỳ")
        ordering = ("period", "block__order")
        constraints = (
            models.UniqueConstraint(fields=["period", "block"], name="unique_period_block"),
        )

    def __str__(self) -> str:
        return f"{self.period} – {self.block}: {self.framework_version}"

    def save(self, *args, **kwargs) -> None:
        self.check_usable()
        super().save(*args, **kwargs)  # refused in a closed period (access.freeze)

    def clean(self) -> None:
        super().clean()
        self.check_usable()

    def check_usable(self) -> None:
        errors = {}
        if self.framework_version_id and not self.framework_version.is_valid:
            problems = "; ".join(
                render_problem_vi(problem) for problem in self.framework_version.problems[:5]
            )
            errors["framework_version"] = _(
                "Khung chấm điểm %(framework)s đang ở trạng thái “%(status)s”: kỳ đánh giá chỉ "
                "dùng được khung hợp lệ (phần A 30 điểm, phần B 70 điểm, các trục khớp điểm)."
            ) % {
                "framework": self.framework_version,
                "status": self.framework_version.get_status_display(),
            } + (f" {problems}." if problems else "")
        if errors:
            raise ValidationError(errors)
