"""Forms of steps 4 and 5: correcting a decision, choosing the scope to publish or archive."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from danhgia.organisation.models import Unit
from danhgia.rules.choices import RatingLevel


class CorrectionForm(forms.Form):
    """A correction is a new decision with a written reason (SPEC §6)."""

    rating = forms.ChoiceField(label=_("Xếp loại sau đính chính"), choices=RatingLevel.choices)
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Bắt buộc; được ghi vào quyết định và nhật ký."),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        # nothing preselected (D15): the first level is not a default anybody chose
        self.fields["rating"].choices = [
            ("", _("— Chọn xếp loại —")),
            *[c for c in RatingLevel.choices if c[0] != current],
        ]

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi rõ lý do đính chính."))
        return reason


class ScopeForm(forms.Form):
    """The scope (a unit and its subtree) whose results are published or archived."""

    unit = forms.ChoiceField(label=_("Phạm vi (gồm các đơn vị trực thuộc)"))

    def __init__(self, *args, units: Sequence[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(str(u.pk), f"{'— ' * u.depth}{u.name}") for u in units]

    def clean_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]
