"""A moved person's old unit: its comment on the person's part of the quarter (SPEC §9)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.access import Action
from danhgia.tasks.models import Task

from ..errors import EvaluationError
from ..models import Evaluation, PreviousUnitComment
from ..post_changes import changes_of, send_previous_unit_comment


class PreviousUnitCommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Nhận xét của đơn vị về phần công tác của cán bộ trong quý"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


@login_required
def previous_unit_comment(request, pk: int, unit: int):
    """The old unit's page: the person's post there, their tasks it assigned, the comment.

    Seen by the roles covering the old unit (else 404, as for any unit out of scope) when the person
    moved from it in the quarter (else 404); sent by its leadership (else 403).
    """
    old_unit = access.unit_or_404(request.user, unit)
    if not access.on_unit(request.user, old_unit, Action.VIEW):
        raise Http404(access.NOT_FOUND)  # a plain member of the unit: not theirs to read
    evaluation = (
        Evaluation.objects.select_related("official", "official__unit", "period")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404(access.NOT_FOUND)
    change = next(
        (
            c
            for c in changes_of(evaluation)
            if c.kind == "moved" and c.previous.unit == str(old_unit.pk)
        ),
        None,
    )
    if change is None:
        raise Http404(access.NOT_FOUND)
    sent = PreviousUnitComment.objects.filter(evaluation=evaluation, unit=old_unit).first()
    may_send = sent is None and access.on_unit(request.user, old_unit, Action.APPROVE)
    form = PreviousUnitCommentForm(request.POST or None) if may_send else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                send_previous_unit_comment(
                    evaluation, old_unit, form.cleaned_data["comment"], request.user
                )
            except EvaluationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã gửi nhận xét cho đơn vị mới; đã ghi nhật ký."))
                return redirect("evaluations:previous_unit_comment", evaluation.pk, old_unit.pk)
    tasks = Task.objects.filter(
        period=evaluation.period, lead=evaluation.official, assigning_unit=old_unit
    ).order_by("due_date", "id")
    context = {
        "evaluation": evaluation,
        "unit": old_unit,
        "change": change,
        "sent": sent,
        "form": form,
        "tasks": tasks,
    }
    return render(request, "evaluations/previous_unit_comment.html", context)
