"""Work-product catalogues and tasks (central Phụ lục 1-2; Lào Cai 6.1; SPEC §5, §7.3, §9)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danhgia.access.freeze import Freezable
from danhgia.engine import TaskFacts, product_coefficient, task_is_completed, task_is_late
from danhgia.evidence import EvidenceFile
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel

from .choices import CatalogueState, ForceMajeureState, TaskSource, TaskState

TWO_PLACES = Decimal("0.01")


class Catalogue(models.Model):
    """A unit's catalogue of standard work products, approved for a quarter; versioned."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="catalogues"
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    period = models.ForeignKey(
        Period,
        verbose_name=_("áp dụng từ quý"),
        on_delete=models.PROTECT,
        related_name="catalogues",
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=CatalogueState.choices, default=CatalogueState.DRAFT
    )
    note = models.TextField(_("ghi chú"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("danh mục sản phẩm/công việc")
        verbose_name_plural = _("danh mục sản phẩm/công việc")
        ordering = ("unit", "-version")
        constraints = (
            models.UniqueConstraint(fields=("unit", "version"), name="catalogue_unit_version"),
        )

    def __str__(self) -> str:
        return f"{self.unit} – v{self.version}"

    @property
    def is_approved(self) -> bool:
        return self.state == CatalogueState.APPROVED


class Product(models.Model):
    """One product of a catalogue; its coefficient is its points over the standard product's."""

    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("danh mục"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("sản phẩm/công việc"), max_length=300)
    kind = models.CharField(_("loại sản phẩm"), max_length=100, blank=True)
    submission_level = models.CharField(_("cấp trình"), max_length=150, blank=True)
    complexity = models.CharField(_("độ khó, phạm vi tác động"), max_length=300, blank=True)
    points = models.DecimalField(
        _("điểm"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    is_standard = models.BooleanField(_("sản phẩm chuẩn"), default=False)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("sản phẩm/công việc")
        verbose_name_plural = _("sản phẩm/công việc")
        ordering = ("catalogue", "order", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("catalogue",),
                condition=Q(is_standard=True),
                name="catalogue_one_standard_product",
                violation_error_message=_("Mỗi danh mục chỉ có một sản phẩm chuẩn."),
            ),
        )

    def __str__(self) -> str:
        return self.name

    def coefficient(self, standard_points: Decimal) -> Decimal:
        """Hệ số quy đổi = points ÷ standard points, 2 decimals half-up (central Phụ lục 1)."""
        return product_coefficient(self.points, standard_points)


class Task(Freezable, models.Model):
    """A task assigned to exactly one lead official ("one task, one lead"; the "six clear")."""

    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="tasks"
    )
    lead = models.ForeignKey(
        Official,
        verbose_name=_("người chủ trì (rõ người)"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assigning_unit = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan giao nhiệm vụ"),
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("nhiệm vụ (rõ việc)"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    responsibility = models.CharField(_("rõ trách nhiệm"), max_length=300, blank=True)
    authority = models.CharField(_("rõ thẩm quyền"), max_length=300, blank=True)
    product = models.ForeignKey(
        Product,
        verbose_name=_("sản phẩm trong danh mục"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    product_name = models.CharField(_("sản phẩm (rõ sản phẩm)"), max_length=300)
    planned_quantity = models.DecimalField(
        _("số lượng kế hoạch"),
        max_digits=10,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    coefficient = models.DecimalField(
        _("hệ số quy đổi"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    axis = models.PositiveSmallIntegerField(_("trục kết quả"))
    criterion_code = models.CharField(_("tiêu chí"), max_length=20, blank=True)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=TaskSource.choices, default=TaskSource.PLAN
    )
    is_key = models.BooleanField(_("nhiệm vụ then chốt"), default=False)
    assigned_on = models.DateField(_("ngày giao"))
    due_date = models.DateField(_("thời hạn (rõ thời gian)"))
    delivered_quantity = models.DecimalField(
        _("số lượng hoàn thành"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result_note = models.TextField(_("kết quả thực hiện"), blank=True)
    quality = models.DecimalField(
        _("hệ số chất lượng"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    timeliness = models.DecimalField(
        _("hệ số tiến độ"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    leadership = models.DecimalField(
        _("hệ số lãnh đạo, chỉ đạo"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=15, choices=TaskState.choices, default=TaskState.ASSIGNED
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("chuyển từ quý trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    batch = models.UUIDField(_("đợt giao"), null=True, blank=True, db_index=True)
    lock_version = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ("period", "due_date", "id")
        indexes = (
            models.Index(fields=("period", "lead")),
            models.Index(fields=("period", "assigning_unit")),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def facts(self) -> TaskFacts:
        """What the engine needs to know of the task (its figures, KPI inputs, level)."""
        return TaskFacts(
            planned=self.planned_quantity,
            due_date=self.due_date,
            coefficient=self.coefficient,
            delivered=self.delivered_quantity,
            completed_on=self.completed_on,
            quality=self.quality,
            timeliness=self.timeliness,
            leadership=self.leadership,
            state=self.state,
        )

    @property
    def is_late(self) -> bool:
        """Completed after the due date: the engine's one definition, from the dates."""
        return task_is_late(self.due_date, self.completed_on)

    @property
    def is_completed(self) -> bool:
        return task_is_completed(self.facts)

    @property
    def is_overdue(self) -> bool:
        """Still open, not done, and its due date has passed (SPEC §10: flagged in the lists)."""
        return (
            self.state in (TaskState.ASSIGNED, TaskState.REPORTED)
            and self.completed_on is None
            and self.due_date < timezone.localdate()
        )


class TaskEvidence(Freezable, EvidenceFile):
    """A file backing a task's result; stored privately, downloaded only as an attachment."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="evidence"
    )

    class Meta(EvidenceFile.Meta):
        verbose_name = _("minh chứng nhiệm vụ")
        verbose_name_plural = _("minh chứng nhiệm vụ")


class CollectiveResult(Freezable, models.Model):
    """A unit's quarterly results as a collective (Lâm Đồng Phụ lục 7).

    Task counts by axis are computed from the tasks; what is stored here is what people write.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="collective_results"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="collective_results"
    )
    highlights = models.TextField(_("kết quả nổi bật"), blank=True)
    new_models = models.TextField(_("mô hình mới, cách làm hay"), blank=True)
    ad_hoc_done = models.TextField(_("nhiệm vụ phát sinh đã thực hiện"), blank=True)
    shortcomings = models.TextField(_("hạn chế, khuyết điểm"), blank=True)
    causes = models.TextField(_("nguyên nhân"), blank=True)
    remedies = models.TextField(_("giải pháp khắc phục"), blank=True)
    self_level = models.CharField(
        _("tập thể tự đánh giá mức"), max_length=6, choices=RatingLevel.choices, blank=True
    )
    lock_version = models.PositiveIntegerField(_("phiên bản dữ liệu"), default=1)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kết quả thực hiện nhiệm vụ của tập thể")
        verbose_name_plural = _("kết quả thực hiện nhiệm vụ của tập thể")
        ordering = ("period", "unit")
        constraints = (
            models.UniqueConstraint(fields=("unit", "period"), name="collective_result_once"),
        )

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"


class ForceMajeure(EvidenceFile):
    """A request to excuse a unit's uncompleted tasks or a person's own tasks (SPEC §8.2, §9).

    The unit (its leadership) or the person asks with a reason and one evidence file; only the
    authority confirms or refuses, with a note. Once confirmed, the rating run judges the unit
    as if its uncompleted tasks were not due (``UnitFigures.force_majeure``) or lifts the
    person's own-tasks condition (``PersonInput.force_majeure``), and the reason chain says so.
    Without ``official`` the request is the unit's; with it, the person's (``unit`` is then the
    person's unit, for scopes). Decided requests are immutable.
    """

    period = models.ForeignKey(
        Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="force_majeures"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="force_majeures"
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="force_majeures",
    )
    reason = models.TextField(_("lý do bất khả kháng"))
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ForceMajeureState.choices,
        default=ForceMajeureState.REQUESTED,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến của cấp có thẩm quyền"), blank=True)

    class Meta(EvidenceFile.Meta):
        verbose_name = _("trường hợp bất khả kháng")
        verbose_name_plural = _("trường hợp bất khả kháng")
        ordering = ("-uploaded_at", "id")

    def __str__(self) -> str:
        who = self.official if self.official_id else self.unit
        return f"{who} – {self.period}"
