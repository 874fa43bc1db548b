"""The unit tree, its officials and the roles that give users a scope in it (SPEC §4, §5)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danhgia.audit.paths import move_unit_paths

from .choices import (
    ASSIGNABLE_ROLES,
    AbsenceKind,
    Gender,
    LeadershipRole,
    ManagementScope,
    Role,
)


class Block(models.Model):
    """A block of positions (khối): the framework appendix a unit's people are scored with."""

    code = models.SlugField(_("mã khối"), max_length=50, unique=True)
    name = models.CharField(_("tên khối"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    framework_code = models.CharField(
        _("khung chấm điểm theo phụ lục"),
        max_length=100,
        blank=True,
        help_text=_("Mã khung chấm điểm dành cho khối này, ví dụ lamdong-2026-pl5."),
    )

    class Meta:
        verbose_name = _("khối")
        verbose_name_plural = _("các khối")
        ordering = ("order", "name")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An organisation in the tree: the province, an agency, a division, a commune.

    ``path`` is the chain of codes from the root ("/lam-ha/so-tai-chinh/") so that a subtree is
    one indexed prefix query; save() keeps it, and the descendants' paths, up to date.
    """

    code = models.SlugField(_("mã đơn vị"), max_length=100, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    block = models.ForeignKey(
        Block,
        verbose_name=_("khối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    path = models.CharField(_("đường dẫn cây"), max_length=1000, db_index=True, editable=False)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ("path",)

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self.path = self.build_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr(F("path"), len(old_path) + 1))
            )
            move_unit_paths({old_path: self.path})

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("Không thể đặt đơn vị dưới chính nó.")})

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    @property
    def depth(self) -> int:
        """0 for the root."""
        return self.path.count("/") - 2


class ComparisonGroup(models.Model):
    """People of similar position compared for the HTXSNV quota (SPEC §8.3)."""

    code = models.SlugField(_("mã nhóm"), max_length=60, unique=True)
    name = models.CharField(_("tên nhóm so sánh"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    quota_pct = models.DecimalField(
        _("tỷ lệ HTXSNV riêng (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Để trống để dùng tỷ lệ của chính sách."),
    )

    class Meta:
        verbose_name = _("nhóm so sánh")
        verbose_name_plural = _("nhóm so sánh")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A leader or manager evaluated every quarter, with the attributes the rules need."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )
    code = models.CharField(_("mã cán bộ"), max_length=30, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    # Vietnamese lists sort by the given name (tên), the last word of the full name.
    given_name = models.CharField(_("tên"), max_length=50, editable=False)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("ngày sinh"))
    ethnic_minority = models.BooleanField(_("người dân tộc thiểu số"), default=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="officials"
    )
    party_position = models.CharField(_("chức vụ Đảng"), max_length=200, blank=True)
    government_position = models.CharField(_("chức vụ chính quyền"), max_length=200, blank=True)
    mass_org_position = models.CharField(
        _("chức vụ Mặt trận, đoàn thể"), max_length=200, blank=True
    )
    leadership_role = models.CharField(
        _("vai trò trong tập thể lãnh đạo"),
        max_length=10,
        choices=LeadershipRole.choices,
        default=LeadershipRole.MEMBER,
    )
    management_scope = models.CharField(
        _("diện quản lý"), max_length=20, choices=ManagementScope.choices
    )
    comparison_group = models.ForeignKey(
        ComparisonGroup,
        verbose_name=_("nhóm so sánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    service_start = models.DateField(_("ngày bắt đầu công tác"))
    expected_retirement = models.DateField(_("ngày nghỉ hưu dự kiến"))
    # A deputy's area (SPEC §8.2): the sub-units (divisions, fields) they are in charge of; the
    # rating run judges their unit conditions on these (the whole unit when none is recorded).
    area_units = models.ManyToManyField(
        "Unit",
        verbose_name=_("đơn vị, lĩnh vực phụ trách"),
        related_name="deputies_in_charge",
        blank=True,
        help_text=_(
            "Với cấp phó: các đơn vị trực thuộc (lĩnh vực) được phân công phụ trách; để trống "
            "thì xét theo toàn đơn vị."
        ),
    )
    rated_quarterly = models.BooleanField(
        _("đánh giá hằng quý"),
        default=True,
        help_text=_(
            "Bỏ chọn với cấp ủy viên không giữ chức vụ chuyên trách (đánh giá 6 tháng/năm)."
        ),
    )

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ("given_name", "full_name", "id")
        constraints = (
            models.CheckConstraint(
                condition=Q(expected_retirement__gt=F("date_of_birth")),
                name="official_retirement_after_birth",
                violation_error_message=_("Ngày nghỉ hưu dự kiến phải sau ngày sinh."),
            ),
            models.CheckConstraint(
                condition=Q(service_start__gt=F("date_of_birth")),
                name="official_service_after_birth",
                violation_error_message=_("Ngày bắt đầu công tác phải sau ngày sinh."),
            ),
        )

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.set_names(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organisation:official_detail", args=[self.pk])

    def set_names(self, full_name: str) -> None:
        """Normalise the spacing of the full name and take the given name (tên) from it."""
        self.full_name = " ".join(full_name.split())
        self.given_name = self.full_name.rsplit(" ", 1)[-1]

    @property
    def position_titles(self) -> str:
        """The positions held, in the order documents print them."""
        parts = (self.party_position, self.government_position, self.mass_org_position)
        return "; ".join(part for part in parts if part)


class DatedRecord(models.Model):
    """A start date and an optional end date that may not come before it."""

    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = (
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        )


class PositionHistory(DatedRecord):
    """A post held, with its dates (needed for "changed post", SPEC §9)."""

    official = models.ForeignKey(
        Official,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="position_history",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("chức vụ"), max_length=200)
    leadership_role = models.CharField(
        _("vai trò trong tập thể lãnh đạo"), max_length=10, choices=LeadershipRole.choices
    )

    class Meta(DatedRecord.Meta):
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ("official", "-start_date")

    def __str__(self) -> str:
        return f"{self.title} – {self.unit}"


class Absence(DatedRecord):
    """Training, sick or maternity leave, inspection: may defer a rating (SPEC §9)."""

    official = models.ForeignKey(
        Official, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=AbsenceKind.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta(DatedRecord.Meta):
        verbose_name = _("thời gian vắng mặt")
        verbose_name_plural = _("thời gian vắng mặt")
        ordering = ("official", "-start_date")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.official}"


class RoleAssignment(models.Model):
    """A role of SPEC §4 held by an account over a unit, optionally with its whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=ASSIGNABLE_ROLES)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("phạm vi (đơn vị)"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    include_subtree = models.BooleanField(_("gồm các đơn vị trực thuộc"), default=True)
    # The body the role acts as when it assigns tasks, when it is not the scope unit: a
    # province-wide agency (Văn phòng Tỉnh ủy) reaches the whole province from the root unit
    # but its tasks are assigned by the office (rough edge #13).
    acting_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đứng tên (cơ quan giao)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acting_role_assignments",
        help_text=_(
            "Cơ quan, đơn vị đứng tên giao và xác nhận nhiệm vụ của vai trò này; để trống thì "
            "là đơn vị phạm vi. Phải là đơn vị phạm vi hoặc một đơn vị trực thuộc nó."
        ),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        ordering = ("user", "role", "unit__path")
        constraints = (
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit"),
        )

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.unit}"

    #: the roles that assign tasks, the only ones an acting unit means something for (SPEC §4)
    ACTING_ROLES = (Role.ASSIGNING_AGENCY, Role.UNIT_LEADERSHIP)

    @property
    def assigning_unit_id(self) -> int:
        """The body the role assigns tasks as: the acting unit, else the scope unit."""
        return self.acting_unit_id or self.unit_id

    def clean(self) -> None:
        if self.acting_unit_id is None or self.unit_id is None:
            return
        if self.role not in self.ACTING_ROLES:
            raise ValidationError(
                {
                    "acting_unit": _(
                        "Chỉ vai trò cơ quan chủ trì giao nhiệm vụ hoặc lãnh đạo đơn vị mới có "
                        "đơn vị đứng tên."
                    )
                }
            )
        if self.acting_unit_id == self.unit_id:
            return
        if not self.include_subtree or not self.acting_unit.path.startswith(self.unit.path):
            raise ValidationError(
                {
                    "acting_unit": _(
                        "Đơn vị đứng tên phải là đơn vị phạm vi hoặc một đơn vị trực thuộc nó "
                        "(khi phạm vi gồm các đơn vị trực thuộc)."
                    )
                }
            )
