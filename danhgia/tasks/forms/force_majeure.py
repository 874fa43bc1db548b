"""Forms of force majeure (SPEC §8.2, §9): the request and the authority's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danhgia.organisation.models import Official, Unit


class ForceMajeureRequestForm(forms.Form):
    """Who it is for (the unit, or one person), the reason and one evidence file.

    ``subjects``: ``[(value, label)]`` with values ``unit:<id>`` and ``official:<id>``, the ones
    the user may ask for (built by the view through ``danhgia.access``).
    """

    subject = forms.ChoiceField(label=_("Đề nghị cho"))
    reason = forms.CharField(
        label=_("Lý do bất khả kháng"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    evidence = forms.FileField(label=_("Tài liệu minh chứng"))

    def __init__(self, *args, subjects: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", _("— Chọn —")), *subjects]

    def target(self) -> tuple[Unit, Official | None]:
        """The unit and (for a person's request) the official chosen."""
        kind, _sep, pk = self.cleaned_data["subject"].partition(":")
        if kind == "official":
            official = Official.objects.select_related("unit").get(pk=int(pk))
            return official.unit, official
        return Unit.objects.get(pk=int(pk)), None


class ForceMajeureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=(("confirm", _("Xác nhận bất khả kháng")), ("refuse", _("Không xác nhận"))),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến (bắt buộc khi không xác nhận)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=3000,
    )
