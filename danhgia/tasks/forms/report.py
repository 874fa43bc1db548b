"""The lead's report of a task's result (SPEC §7.3): quantity, completion date, note, evidence."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from danhgia.engine import delivery_looks_implausible
from danhgia.evidence import check_upload
from danhgia.web import LockVersionField

from ..plausibility import far_above_plan_message
from .fields import date_field, quantity_field


class ReportForm(forms.Form):
    """The lead's result: delivered quantity, completion date, a note and evidence."""

    delivered_quantity = quantity_field(_("Số lượng sản phẩm đã hoàn thành"))
    completed_on = date_field(
        _("Ngày hoàn thành"),
        required=False,
        help_text=_("Để trống nếu nhiệm vụ còn đang thực hiện. Chậm hạn được tính từ ngày này."),
    )
    result_note = forms.CharField(
        label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=_("Tài liệu minh chứng (nếu có)"), required=False)
    #: shown (as a checkbox) only once the quantity was found far above plan
    far_above_plan = forms.BooleanField(
        label=_("Tôi xác nhận số lượng này là đúng (vượt xa kế hoạch)"),
        required=False,
        widget=forms.HiddenInput,
    )
    lock_version = LockVersionField()

    def __init__(self, *args, planned: Decimal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned = planned

    def clean(self):
        data = super().clean()
        delivered = data.get("delivered_quantity")
        if delivery_looks_implausible(self.planned, delivered) and not data.get("far_above_plan"):
            # asked, not refused: the lead confirms a real over-achievement and saves again
            self.fields["far_above_plan"].widget = forms.CheckboxInput()
            self.add_error(
                "delivered_quantity",
                far_above_plan_message(self.planned, delivered)
                + " "
                + str(_("Nếu đúng, đánh dấu ô xác nhận bên dưới rồi ghi nhận lại.")),
            )
        return data

    def clean_evidence(self):
        upload = self.cleaned_data["evidence"]
        if upload:
            check_upload(upload)
        return upload
