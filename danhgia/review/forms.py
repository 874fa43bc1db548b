"""Forms of steps 3a-3c: confirming tasks, a stage's points, the meeting, the dossier, the
appraiser's checks and returns. (Steps 4-5 keep theirs in ``forms.py``.)

Numbers are typed the Vietnamese way ("1,75"), dates as dd/mm/yyyy; every error names the
criterion or task it is about. The rules themselves live in the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.engine import format_vn
from danhgia.evaluations.forms import field_key
from danhgia.number_input import NumberField
from danhgia.rules.choices import RatingLevel
from danhgia.tasks.forms import factor_label
from danhgia.web import LOCK_REFUSED, LockVersionField

from .choices import KeyTaskResponse
from .sheets import Sheet
from .stage_points import StageInput
from .verification import TaskCheck, TaskRow

TEXTAREA = forms.Textarea(attrs={"rows": 2})


def _points_text(value: Decimal | None) -> str:
    """Points as the other columns show them: two decimals ("3,50"; rough edge #10)."""
    return "" if value is None else format_vn(value, 2)


class StageForm(forms.Form):
    """A stage's points per criterion with an explanation each, a comment and a proposal."""

    lock_version = LockVersionField()
    proposed_rating = forms.ChoiceField(label=gettext_lazy("Đề xuất xếp loại"), required=False)
    comment = forms.CharField(
        label=gettext_lazy("Nhận xét"), required=False, max_length=5000, widget=TEXTAREA
    )
    explanation = forms.CharField(
        label=gettext_lazy("Giải trình chung (khi đề xuất khác mức của bước trước)"),
        required=False,
        max_length=5000,
        widget=TEXTAREA,
    )

    def __init__(self, sheet: Sheet, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.fields["proposed_rating"].choices = [
            ("", _("Theo mức của tổng điểm")),
            *RatingLevel.choices,
        ]
        initial = sheet.initial_points()
        stored = sheet.stored
        for criterion in sheet.framework.criteria:
            if criterion.code in sheet.not_applicable:
                continue
            key = field_key(criterion.code)
            self.fields[f"{key}-points"] = NumberField(
                label=_("Điểm %(code)s") % {"code": criterion.code},
                initial=_points_text(initial.get(criterion.code)),
            )
            self.fields[f"{key}-points"].widget.attrs["class"] = "points-input"
            row = stored.get(criterion.code)
            self.fields[f"{key}-explanation"] = forms.CharField(
                label=_("Giải trình %(code)s") % {"code": criterion.code},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=row.explanation if row else "",
            )
        score = sheet.score
        if score is not None:
            self.fields["proposed_rating"].initial = score.proposed_rating
            self.fields["comment"].initial = score.comment
            self.fields["explanation"].initial = score.explanation

    def stage_input(self) -> StageInput:
        """What was entered (fields that did not validate count as empty)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        points, explanations = {}, {}
        for criterion in self.sheet.framework.criteria:
            key = field_key(criterion.code)
            points[criterion.code] = data.get(f"{key}-points")
            explanations[criterion.code] = data.get(f"{key}-explanation", "") or ""
        return StageInput(
            points=points,
            explanations=explanations,
            proposed_rating=data.get("proposed_rating", "") or "",
            comment=data.get("comment", "") or "",
            explanation=data.get("explanation", "") or "",
        )

    def errors_by_code(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for criterion in self.sheet.framework.criteria:
            key = field_key(criterion.code)
            for name in (f"{key}-points", f"{key}-explanation"):
                if name in self.errors:
                    errors.setdefault(criterion.code, []).extend(self.errors[name])
        return errors


class VerificationForm(forms.Form):
    """One person's tasks from this assigning side: three factors each, the delivered quantity.

    A task whose values are not posted at all (the bare "confirm" button of the unit's page) is
    confirmed with the defaults, or left as confirmed; a task posted in part is an error.
    """

    lock_version = LockVersionField()
    NAMES = ("quality", "timeliness", "leadership", "delivered")

    def __init__(self, rows: Sequence[TaskRow], *args, evaluation=None, **kwargs) -> None:
        """``evaluation``: the person's, whose version the form carries (none yet: none)."""
        super().__init__(*args, **kwargs)
        if evaluation is None:
            del self.fields["lock_version"]
        else:
            self.fields["lock_version"].initial = evaluation.lock_version
        self.rows = [row for row in rows if not row.not_done and not row.not_due]
        for row in self.rows:
            prefix = f"t{row.task.pk}"
            # The task's version when the page was opened: a task posted with values needs it.
            self.fields[f"{prefix}-version"] = LockVersionField(
                required=False, initial=row.task.lock_version
            )
            for name in ("quality", "timeliness", "leadership"):
                choices = row.scales[name]
                current = getattr(row.check, name)
                # Radio buttons: a factor's label ("Đơn vị, lĩnh vực phụ trách không hoàn
                # thành nhiệm vụ (0,5)") wraps and reads in full (rough edge #17).
                self.fields[f"{prefix}-{name}"] = forms.TypedChoiceField(
                    label=capfirst(str(row.task._meta.get_field(name).verbose_name)),
                    coerce=Decimal,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[(str(c.value), factor_label(c)) for c in choices],
                    # "1.00" stored, "1.0" in the policy: the same choice
                    initial=next((str(c.value) for c in choices if c.value == current), None),
                )
            self.fields[f"{prefix}-delivered"] = NumberField(
                label=_("Số lượng được công nhận"),
                places=2,
                limit=Decimal(10) ** 8,
                label_in_message=False,  # the page names the field before its errors
                initial=row.check.delivered,
            )

    def bound(self, row: TaskRow, name: str) -> forms.BoundField | None:
        key = f"t{row.task.pk}-{name}"
        return self[key] if key in self.fields else None

    def _posted(self, row: TaskRow) -> list[str]:
        return [n for n in self.NAMES if f"t{row.task.pk}-{n}" in self.data]

    def clean(self):
        data = super().clean()
        for row in self.rows:
            posted = self._posted(row)
            factors = [n for n in posted if n != "delivered"]
            if factors and len(factors) < 3:
                raise forms.ValidationError(
                    _("“%(task)s”: hãy chọn đủ ba hệ số.") % {"task": row.task.title}
                )
            if factors and any(data.get(f"t{row.task.pk}-{n}") is None for n in factors):
                raise forms.ValidationError(
                    _("“%(task)s”: hãy chọn đủ ba hệ số.") % {"task": row.task.title}
                )
            version = f"t{row.task.pk}-version"
            if factors and data.get(version) is None and version not in self.errors:
                self.add_error(version, LOCK_REFUSED)
        return data

    def checks(self) -> dict[int, TaskCheck]:
        """The values posted for each task (tasks not posted are left to the defaults)."""
        result = {}
        for row in self.rows:
            if len([n for n in self._posted(row) if n != "delivered"]) < 3:
                continue
            prefix = f"t{row.task.pk}"
            result[row.task.pk] = TaskCheck(
                quality=self.cleaned_data[f"{prefix}-quality"],
                timeliness=self.cleaned_data[f"{prefix}-timeliness"],
                leadership=self.cleaned_data[f"{prefix}-leadership"],
                delivered=self.cleaned_data[f"{prefix}-delivered"],
                lock_version=self.cleaned_data[f"{prefix}-version"],
            )
        return result


class KeyTaskForm(forms.Form):
    """The 3-level response for one key task (02-HD §4 step 3)."""

    # Radio buttons: "Cơ bản đáp ứng nhưng còn hạn chế" reads in full (rough edge #17).
    response = forms.TypedChoiceField(
        label=gettext_lazy("Mức độ đáp ứng"),
        choices=KeyTaskResponse.choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Nhận xét về mức độ đáp ứng"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": gettext_lazy("Không bắt buộc: căn cứ đánh giá")}
        ),
    )
    #: the response's version when the page was opened; 0 when none was recorded yet
    lock_version = LockVersionField(min_value=0)


class ReturnForm(forms.Form):
    lock_version = LockVersionField()
    reason = forms.CharField(
        label=gettext_lazy("Lý do trả lại"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi rõ lý do trả lại để hoàn thiện."))
        return reason
