"""Forms of tasks: the list filter, assigning and editing, results, factors, cancelling."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danhgia.access import Scope, assigning_reach, chosen_assigning_unit
from danhgia.engine import FactorChoice, format_number, format_vn
from danhgia.evidence import check_upload
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.web import LockVersionField

from ..assignment import TaskSpec
from ..catalogues import ancestor_paths, effective_in, product_rows
from ..choices import TaskSource
from ..models import Catalogue, Task
from ..rules import criterion_choices
from .fields import date_field, quantity_field, reach_q
from .leads import LeadChoiceField, lead_search_field, limit_options

# --- Assigning and editing -----------------------------------------------------------------


def product_choices(units: Sequence[Unit], period: Period | None) -> tuple[list, dict]:
    """Grouped choices of the approved catalogues that can apply under ``units`` (the units
    of the assigning reach, or of the task and its lead).

    Catalogues of those units, the units above them and the units below them, latest
    version per unit; the services check that a chosen product fits each lead.
    """
    if not units or period is None:
        return [("", _("— Ngoài danh mục (hệ số 1,00) —"))], {}
    where = Q(pk__in=[])
    for unit in units:
        where |= Q(unit__path__startswith=unit.path) | Q(unit__path__in=ancestor_paths(unit))
    catalogues = (
        Catalogue.objects.filter(effective_in(period))
        .filter(where)
        .select_related("unit")
        .prefetch_related("products")
        .order_by("unit__path", "-version")
    )
    latest: dict[int, Catalogue] = {}
    for catalogue in catalogues:
        latest.setdefault(catalogue.unit_id, catalogue)
    choices: list = [("", _("— Ngoài danh mục (hệ số 1,00) —"))]
    products = {}
    for catalogue in latest.values():
        group = []
        for product, coefficient in product_rows(catalogue):
            products[str(product.pk)] = product
            label = _("%(name)s (hệ số %(coefficient)s)") % {
                "name": product.name,
                "coefficient": format_vn(coefficient) if coefficient else "?",
            }
            group.append((str(product.pk), label))
        title = _("Danh mục %(unit)s (phiên bản %(version)d)") % {
            "unit": catalogue.unit.name,
            "version": catalogue.version,
        }
        choices.append((title, group))
    return choices, products


class TaskForm(forms.Form):
    """What the assigning side writes for a task: the "six clear" and where it counts."""

    title = forms.CharField(label=_("Nhiệm vụ (rõ việc)"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    responsibility = forms.CharField(
        label=_("Rõ trách nhiệm"),
        max_length=300,
        help_text=_("Ví dụ: chủ trì, phối hợp với Văn phòng Sở; chịu trách nhiệm trước Giám đốc."),
    )
    authority = forms.CharField(
        label=_("Rõ thẩm quyền"),
        max_length=300,
        help_text=_("Cấp có thẩm quyền xem xét, phê duyệt sản phẩm (ví dụ: UBND tỉnh)."),
    )
    criterion = forms.ChoiceField(
        label=_("Tiêu chí (trục kết quả theo tiêu chí)"),
        help_text=_("Chỉ các tiêu chí phần B chấm theo tỷ lệ, mức độ hoặc nhiệm vụ."),
    )
    product = forms.ChoiceField(label=_("Sản phẩm trong danh mục"), required=False)
    product_name = forms.CharField(
        label=_("Sản phẩm (rõ sản phẩm)"),
        max_length=300,
        required=False,
        help_text=_("Để trống để dùng tên sản phẩm trong danh mục."),
    )
    planned_quantity = quantity_field(_("Số lượng kế hoạch"), initial=Decimal(1))
    source = forms.ChoiceField(
        label=_("Nguồn nhiệm vụ"), choices=TaskSource.choices, initial=TaskSource.PLAN
    )
    is_key = forms.BooleanField(label=_("Nhiệm vụ then chốt"), required=False)
    due_date = date_field(_("Thời hạn hoàn thành (rõ thời gian)"))

    def __init__(self, *args, period: Period | None, catalogue_units: Sequence[Unit],
                 blocks=None, **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.period = period
        groups = criterion_choices(period, blocks) if period is not None else []
        self.fields["criterion"].choices = [("", _("— Chọn tiêu chí —")), *groups]
        choices, self._products = product_choices(catalogue_units, period)
        self.fields["product"].choices = choices
        self.fields["planned_quantity"].min_value = Decimal("0.01")

    def clean_planned_quantity(self):
        value = self.cleaned_data["planned_quantity"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Số lượng kế hoạch phải lớn hơn 0."))
        return value

    def clean(self):
        data = super().clean()
        product = self._products.get(data.get("product") or "")
        data["product_obj"] = product
        if not data.get("product_name") and product is None and "product" not in self.errors:
            self.add_error(
                "product_name", _("Ghi rõ sản phẩm, hoặc chọn một sản phẩm trong danh mục.")
            )
        return data

    def spec(self, assigned_on) -> TaskSpec:
        data = self.cleaned_data
        return TaskSpec(
            title=data["title"],
            description=data["description"],
            responsibility=data["responsibility"],
            authority=data["authority"],
            product=data["product_obj"],
            product_name=data["product_name"],
            planned_quantity=data["planned_quantity"],
            criterion_code=data["criterion"],
            source=data["source"],
            is_key=data["is_key"],
            assigned_on=assigned_on,
            due_date=data["due_date"],
        )

    @classmethod
    def initial_from(cls, task: Task) -> dict:
        return {
            "title": task.title,
            "description": task.description,
            "responsibility": task.responsibility,
            "authority": task.authority,
            "criterion": task.criterion_code,
            "product": str(task.product_id or ""),
            "product_name": task.product_name,
            "planned_quantity": task.planned_quantity,
            "source": task.source,
            "is_key": task.is_key,
            "due_date": task.due_date,
        }


class TaskEditForm(TaskForm):
    """Editing an assigned task: what was assigned, and the version the page was opened with."""

    lock_version = LockVersionField()

    @classmethod
    def initial_from(cls, task: Task) -> dict:
        return {**super().initial_from(task), "lock_version": task.lock_version}


class AssignForm(TaskForm):
    """Assigning a task to one or many leads (each gets their own task: one task, one lead)."""

    period = forms.ModelChoiceField(
        label=_("Quý"), queryset=Period.objects.none(), empty_label=None
    )
    assigning_unit = forms.ChoiceField(label=_("Cơ quan, đơn vị giao nhiệm vụ"))
    lead_search = lead_search_field()
    leads = LeadChoiceField(
        label=_("Người chủ trì (rõ người)"),
        queryset=Official.objects.none(),
        help_text=_(
            "Đánh dấu một hoặc nhiều cán bộ: mỗi người nhận một nhiệm vụ riêng với cùng nội dung."
        ),
        widget=forms.CheckboxSelectMultiple,
    )
    assigned_on = date_field(_("Ngày giao"))

    field_order = (
        "period",
        "assigning_unit",
        "lead_search",
        "leads",
        "title",
        "description",
        "responsibility",
        "authority",
        "criterion",
        "product",
        "product_name",
        "planned_quantity",
        "source",
        "is_key",
        "assigned_on",
        "due_date",
    )

    def __init__(self, *args, scopes: list[Scope], periods: QuerySet[Period],
                 assigning_unit: Unit | None, **kwargs):  # fmt: skip
        reach = assigning_reach(scopes, assigning_unit)
        super().__init__(*args, catalogue_units=[s.unit for s in reach], **kwargs)
        self.scopes = scopes
        self.fields["period"].queryset = periods
        units = {}
        for scope in scopes:  # the assigning bodies: a role's acting unit, else its unit
            units.setdefault(scope.assigning_unit.pk, scope.assigning_unit)
        self.fields["assigning_unit"].choices = [
            (str(pk), unit.name) for pk, unit in sorted(units.items(), key=lambda i: i[1].path)
        ]
        # Another period or assigning unit changes the criteria, products and leads offered.
        refresh = {
            "hx-get": reverse("tasks:task_assign"),
            "hx-include": "closest form",
            "hx-target": "#assign-form",
            "hx-select": "#assign-form",
            "hx-swap": "outerHTML",
        }
        self.fields["period"].widget.attrs.update(refresh)
        self.fields["assigning_unit"].widget.attrs.update(refresh)
        self.fields["leads"].queryset = (
            Official.objects.filter(reach_q(reach, "unit__"))
            .select_related("unit")
            .order_by("unit__path", "given_name", "full_name")
        )
        # the search swaps only the matches: the picks, ticked above them, stay as they are
        search = dict(
            refresh,
            **{
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#lead-results",
                "hx-select": "#lead-results",
            },
        )
        self.fields["lead_search"].widget.attrs.update(search)
        if self.is_bound:
            term, chosen = self.data.get("lead_search", ""), self.data.getlist("leads")
        else:
            term, chosen = self.initial.get("lead_search", ""), self.initial.get("leads")
        self.lead_picker = limit_options(self.fields["leads"], term or "", chosen)

    def clean_assigning_unit(self):
        pk = self.cleaned_data["assigning_unit"]
        unit = chosen_assigning_unit(self.scopes, pk)
        if unit is None:
            raise forms.ValidationError(_("Chọn một cơ quan, đơn vị trong phạm vi của bạn."))
        return unit


def factor_label(choice: FactorChoice) -> str:
    return f"{choice.label} ({format_number(choice.value)})"


class FactorsForm(forms.Form):
    """The assigning side's assessment: one choice per factor from the policy's scales."""

    quality = forms.TypedChoiceField(label=_("Hệ số chất lượng"), coerce=Decimal)
    timeliness = forms.TypedChoiceField(
        label=_("Hệ số tiến độ"),
        coerce=Decimal,
        help_text=_("Theo ngày hoàn thành so với thời hạn: nhiệm vụ chậm hạn chỉ có mức dưới 1."),
    )
    leadership = forms.TypedChoiceField(label=_("Hệ số lãnh đạo, chỉ đạo"), coerce=Decimal)
    lock_version = LockVersionField()

    def __init__(self, *args, scales: dict[str, tuple[FactorChoice, ...]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in scales.items():
            self.fields[name].widget = forms.RadioSelect()  # labels wrap: read in full (#17)
            self.fields[name].choices = [(str(c.value), factor_label(c)) for c in choices]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=500)
    lock_version = LockVersionField()


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Tài liệu minh chứng"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload
