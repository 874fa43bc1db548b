"""Forms of steps 1 and 2: targets, the self-assessment laid out like the appendix, amendments.

Numbers are typed the Vietnamese way ("12,5", "1.234,5") and also as "12.5"; a target may be a
range ("20-25"): the fields are in ``fields``. Every error names the criterion, so that a long
form says where to look.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.engine import Criterion, format_number
from danhgia.evidence import check_upload
from danhgia.form_renderer import PYTHON_WIDGETS
from danhgia.number_input import NUMBER_LIMIT, NUMBER_PLACES, NumberField, parse_number
from danhgia.rules.choices import RatingLevel
from danhgia.web import LockVersionField

from .choices import LevelResponse
from .fields import (  # re-exported: callers import the fields from here
    TargetField,
    field_key,
    target_initial,
)
from .models import CriterionEntry
from .scoring import Rules
from .services import RowInput, SelfAssessment
from .targets import AxisValues, TargetValues

__all__ = [
    "NUMBER_LIMIT",
    "NUMBER_PLACES",
    "AmendTargetForm",
    "LockedForm",
    "NumberField",
    "SelfAssessmentForm",
    "TargetField",
    "TargetsForm",
    "field_key",
    "parse_number",
    "target_initial",
]

MET_CHOICES = (("1", gettext_lazy("Đảm bảo")), ("0", gettext_lazy("Không đảm bảo")))
#: part A under ``general_not_applicable: rescale`` (SPEC §15 variants)
NOT_APPLICABLE_CHOICE = ("na", gettext_lazy("Không áp dụng"))


def _met_value(value: str) -> bool | str:
    return value if value == "na" else value == "1"


class LockedForm(forms.Form):
    """A form of one evaluation, carrying the version it was opened at (optimistic lock)."""

    lock_version = LockVersionField()
    rules: Rules

    def errors_by_code(self) -> dict[str, list[str]]:
        """Field errors grouped by criterion code, for the rows of the form."""
        codes = {field_key(c.code): c.code for c in self.rules.framework.criteria}
        result: dict[str, list[str]] = {}
        for name, errors in self.errors.items():
            code = codes.get(name.split("-", 1)[0])
            if code is not None:
                result.setdefault(code, []).extend(errors)
        return result


class TargetsForm(LockedForm):
    """Step 1: a target per ratio or reduction criterion; "not applicable" where allowed."""

    def __init__(
        self,
        rules: Rules,
        entries: Mapping[str, CriterionEntry],
        *args,
        evaluation=None,
        declared_maxima: Mapping[int, Decimal] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.allow_not_applicable = rules.policy.not_applicable != "forbid"
        #: under ``axis_maxima: proposed``: the framework's own axis maxima (shown as a hint)
        self.declared_maxima = dict(declared_maxima or {})
        self.proposes_axes = rules.policy.axis_maxima == "proposed" and bool(self.declared_maxima)
        if self.proposes_axes:
            stored = getattr(evaluation, "axis_maxima", None) or {}
            main = set(getattr(evaluation, "main_axes", None) or [])
            for number in self.declared_maxima:
                value = stored.get(str(number))
                self.fields[f"axis-{number}-max"] = NumberField(
                    label=_("Điểm tối đa trục %(axis)s") % {"axis": number},
                    initial="" if value is None else format_number(Decimal(str(value))),
                )
                self.fields[f"axis-{number}-main"] = forms.BooleanField(
                    label=_("Trục %(axis)s là trục chính") % {"axis": number},
                    required=False,
                    initial=number in main,
                )
        for criterion in rules.framework.part_b:
            entry = entries[criterion.code]
            key = field_key(criterion.code)
            if criterion.measure in ("ratio", "reduction"):
                self.fields[f"{key}-target"] = TargetField(
                    label=_("Mục tiêu %(code)s") % {"code": criterion.code},
                    initial=target_initial(entry),
                )
            if self.allow_not_applicable:
                self.fields[f"{key}-not_applicable"] = forms.BooleanField(
                    label=_("Không áp dụng"), required=False, initial=entry.not_applicable
                )

    def targets(self) -> dict[str, TargetValues]:
        data = self.cleaned_data
        result = {}
        for criterion in self.rules.framework.part_b:
            key = field_key(criterion.code)
            low = high = None
            if f"{key}-target" in data and data[f"{key}-target"] is not None:
                low, high = data[f"{key}-target"]
            result[criterion.code] = TargetValues(
                low=low, high=high, not_applicable=bool(data.get(f"{key}-not_applicable"))
            )
        return result

    def axis_rows(self) -> list[dict]:
        """Per axis: its number, the framework's maximum and the two fields (the template)."""
        return [
            {
                "number": number,
                "declared": declared,
                "max": self[f"axis-{number}-max"],
                "main": self[f"axis-{number}-main"],
            }
            for number, declared in self.declared_maxima.items()
        ]

    def axes(self) -> AxisValues | None:
        """The proposed axis maxima and main axes, or None when the policy fixes them."""
        if not self.proposes_axes:
            return None
        data = self.cleaned_data
        return AxisValues(
            maxima={
                n: data[f"axis-{n}-max"]
                for n in self.declared_maxima
                if data.get(f"axis-{n}-max") is not None
            },
            main_axes=tuple(n for n in self.declared_maxima if data.get(f"axis-{n}-main")),
        )


class AmendTargetForm(forms.Form):
    """An approved target changed by the approving side, with a reason (kept in the log)."""

    target = TargetField(label=gettext_lazy("Mục tiêu mới"))
    not_applicable = forms.BooleanField(label=gettext_lazy("Không áp dụng"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("Lý do điều chỉnh"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    lock_version = LockVersionField()

    def __init__(self, criterion: Criterion, entry: CriterionEntry, allow_na: bool, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "target": target_initial(entry),
                "not_applicable": entry.not_applicable,
                "lock_version": entry.evaluation.lock_version,
            },
        )
        super().__init__(**kwargs)
        self.measured = criterion.measure in ("ratio", "reduction")
        if not self.measured:
            del self.fields["target"]
        if not allow_na:
            del self.fields["not_applicable"]

    def clean(self):
        data = super().clean()
        if (
            self.measured
            and not data.get("not_applicable")
            and "target" in data
            and data["target"] is None
        ):
            self.add_error("target", _("Cần nhập mục tiêu mới (hoặc chọn “Không áp dụng”)."))
        return data

    def value(self) -> TargetValues:
        low, high = self.cleaned_data.get("target") or (None, None)
        return TargetValues(low, high, bool(self.cleaned_data.get("not_applicable")))


class PlaceholderSelect(forms.Select):
    """A select whose empty option says what is missing but cannot be chosen (rough edge #19):
    shown while nothing else applies, never offered as a value."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in ("", None):
            option["attrs"]["disabled"] = True
        return option


def _row_texts() -> dict[str, object]:
    """The rows' labels and choices, translated once per form rather than once per row (the
    translation lookup is a measurable part of the page's CPU)."""

    def translated(choices) -> tuple[tuple[str, str], ...]:
        return tuple((value, str(label)) for value, label in choices)

    return {
        "use_tasks": _("Chấm theo các nhiệm vụ được giao"),
        "actual": _("Kết quả %(code)s"),
        "category": _("Mức xếp loại %(code)s"),
        "choose": _("— Chọn mức —"),
        "level": _("Mức độ đáp ứng %(code)s"),
        "comment": _("Ghi chú, giải trình %(code)s"),
        "evidence": _("Tài liệu minh chứng %(code)s"),
        "met": translated(MET_CHOICES),
        "met_na": translated((*MET_CHOICES, NOT_APPLICABLE_CHOICE)),
        "levels": translated(LevelResponse.choices),
    }


class SelfAssessmentForm(LockedForm):
    """Step 2, laid out like the appendix: the right input per measure type (SPEC §7.2).

    Part A: met / not met. Part B: the actual for ratio and reduction rows (a reduction may be
    negative: a rise), the grade for category rows, the 3-level response for level rows, and
    "score from my tasks" where tasks are linked. Targets are shown, never posted here.
    Its ~150 widgets are built in Python (``danhgia.form_renderer``), not by templates.
    """

    default_renderer = PYTHON_WIDGETS

    proposed_rating = forms.ChoiceField(
        label=gettext_lazy("Tự đề xuất xếp loại"),
        choices=[("", gettext_lazy("— Chưa đủ điểm để xếp mức —")), *RatingLevel.choices],
        required=False,
        widget=PlaceholderSelect,
    )
    self_comment = forms.CharField(
        label=gettext_lazy("Tự nhận xét chung (nếu có)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    # The band the page showed last: the proposed rating follows it until the official changes it.
    band_shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        rules: Rules,
        entries: Mapping[str, CriterionEntry],
        linked: Mapping[str, Sequence],
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.entries = entries
        #: criterion code → the tasks linked to it (the page shows them: read once per request)
        self.linked = linked
        texts = _row_texts()
        for criterion in rules.framework.criteria:
            self._add_row(
                criterion, entries[criterion.code], bool(linked.get(criterion.code)), texts
            )

    def _add_row(
        self, criterion: Criterion, entry: CriterionEntry, has_tasks: bool, texts: dict
    ) -> None:
        key, code = field_key(criterion.code), criterion.code
        fields = self.fields
        if criterion.part == "A":
            allow_na = self.rules.policy.general_not_applicable == "rescale"
            initial = None if entry.met is None else ("1" if entry.met else "0")
            fields[f"{key}-met"] = forms.TypedChoiceField(
                label=code,
                choices=texts["met_na"] if allow_na else texts["met"],
                coerce=_met_value,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial="na" if entry.not_applicable and allow_na else initial,
            )
        elif not entry.not_applicable:
            if criterion.accepts_tasks and criterion.measure != "tasks" and has_tasks:
                fields[f"{key}-use_tasks"] = forms.BooleanField(
                    label=texts["use_tasks"],
                    required=False,
                    initial=entry.use_tasks,
                )
            if criterion.measure in ("ratio", "reduction"):
                fields[f"{key}-actual"] = NumberField(
                    label=texts["actual"] % {"code": code},
                    allow_negative=criterion.measure == "reduction",
                    initial="" if entry.actual is None else format_number(entry.actual),
                )
            elif criterion.measure == "category":
                fields[f"{key}-category"] = forms.ChoiceField(
                    label=texts["category"] % {"code": code},
                    choices=[("", texts["choose"])] + [(n, n) for n, _p in criterion.categories],
                    required=False,
                    initial=entry.category,
                )
            elif criterion.measure == "level":
                # Radio buttons, not a select: each level's text wraps and reads in full on
                # any screen (rough edge #17). Nothing checked posts nothing: "not chosen yet".
                fields[f"{key}-level"] = forms.TypedChoiceField(
                    label=texts["level"] % {"code": code},
                    choices=texts["levels"],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=entry.level,
                )
        fields[f"{key}-comment"] = forms.CharField(
            label=texts["comment"] % {"code": code},
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 1}),
            initial=entry.comment,
        )
        fields[f"{key}-evidence"] = forms.FileField(
            label=texts["evidence"] % {"code": code}, required=False
        )

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if name.endswith("-evidence") and value:
                try:
                    check_upload(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def row_input(self, criterion: Criterion) -> RowInput:
        """The entered values of one row; a field that did not validate counts as empty."""
        key = field_key(criterion.code)
        data = self.cleaned_data
        entry = self.entries[criterion.code]
        use_tasks = f"{key}-use_tasks"
        met = data.get(f"{key}-met")
        return RowInput(
            met=met if isinstance(met, bool) else None,
            not_applicable=met == "na",
            actual=data.get(f"{key}-actual"),
            category=data.get(f"{key}-category") or "",
            level=data.get(f"{key}-level"),
            # Without the box (no task linked any more), what was stored stays.
            use_tasks=bool(data.get(use_tasks)) if use_tasks in self.fields else entry.use_tasks,
            comment=data.get(f"{key}-comment", entry.comment) or "",
        )

    def self_assessment(self) -> SelfAssessment:
        return SelfAssessment(
            rows={c.code: self.row_input(c) for c in self.rules.framework.criteria},
            proposed_rating=self.cleaned_data.get("proposed_rating") or "",
            comment=self.cleaned_data.get("self_comment") or "",
        )

    def uploads(self) -> list[tuple[str, object]]:
        """(criterion code, uploaded file) for every file chosen in the form."""
        return [
            (c.code, self.cleaned_data[f"{field_key(c.code)}-evidence"])
            for c in self.rules.framework.criteria
            if self.cleaned_data.get(f"{field_key(c.code)}-evidence")
        ]
