"""The evaluation as a workbook: download it prefilled, upload it back (preview, then save)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia.xlsx import Problem, WorkbookInvalid, open_upload, pending, xlsx_response

from ..choices import EvaluationState
from ..errors import EvaluationError
from ..scoring import entries_of, linked_tasks, rules_for
from ..workbook import Editable, build_workbook
from ..workbook_upload import apply_upload, points_text, read_upload
from .common import evaluation_for, may_change_targets, may_edit, refuse_change

RETURN_PAGES = {"targets": "evaluations:targets", "self_assessment": "evaluations:self_assessment"}


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bảng tính đã điền (.xlsx)"),
        error_messages={"required": gettext_lazy("Bảng tính: hãy chọn tệp .xlsx đã điền.")},
    )


def _editable(request, evaluation) -> Editable:
    return Editable(
        targets=may_change_targets(request, evaluation),
        self_assessment=may_edit(request, evaluation),
    )


def _return_page(request, evaluation) -> str:
    wanted = request.POST.get("tu") or request.GET.get("tu") or ""
    if wanted in RETURN_PAGES:
        return wanted
    return "targets" if evaluation.state == EvaluationState.DRAFT else "self_assessment"


@login_required
def workbook_download(request, pk: int):
    """The evaluation's rows, prefilled, with what this user may fill now unlocked."""
    evaluation = evaluation_for(request, pk)
    editable = _editable(request, evaluation)
    if not editable.anything:
        return refuse_change(request, evaluation)
    workbook = build_workbook(
        evaluation,
        rules_for(evaluation),
        entries_of(evaluation),
        linked_tasks(evaluation),
        editable,
    )
    name = f"Phiếu đánh giá - {evaluation.official} - {evaluation.period}.xlsx".replace("/", "-")
    return xlsx_response(workbook, name)


@login_required
def workbook_upload(request, pk: int):
    """GET: the upload form. POST a file: the preview. POST ``confirm``: save, all or nothing."""
    evaluation = evaluation_for(request, pk)
    editable = _editable(request, evaluation)
    if not editable.anything:
        return refuse_change(request, evaluation)
    back = _return_page(request, evaluation)
    context = {
        "evaluation": evaluation,
        "back": back,
        "back_url": RETURN_PAGES[back],
        "active": "targets" if back == "targets" else "self",
    }
    if request.method != "POST":
        return _page(request, context, WorkbookUploadForm())
    if "confirm" in request.POST:
        return _confirm(request, evaluation, editable, context)
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, context, form)
    upload = form.cleaned_data["file"]
    try:
        workbook = open_upload(upload)
        preview = _read(evaluation, workbook, editable)
    except WorkbookInvalid as exc:
        return _page(request, context, form, problems=exc.messages)
    token = pending.keep(upload, request.user, _kind(evaluation))
    context.update(preview=preview, token=token, name=upload.name, points_text=points_text)
    return _page(request, context, None)


def _kind(evaluation) -> str:
    """What a held file is for: this evaluation's workbook, nothing else."""
    return f"evaluation:{evaluation.pk}"


def _read(evaluation, workbook, editable):
    try:
        return read_upload(
            evaluation, workbook, entries_of(evaluation), linked_tasks(evaluation), editable
        )
    finally:
        workbook.close()


def _confirm(request, evaluation, editable, context):
    token = request.POST.get("token", "")
    try:
        held = pending.take(token, request.user, _kind(evaluation))
    except WorkbookInvalid as exc:
        return _page(request, context, WorkbookUploadForm(), problems=exc.messages)
    try:
        preview = _read(evaluation, open_upload(held), editable)
        if preview.changed:
            apply_upload(evaluation, preview, request.user)
    except WorkbookInvalid as exc:
        return _page(request, context, WorkbookUploadForm(), problems=exc.messages)
    except EvaluationError as exc:  # state, right, freeze or lock refused by the service
        problems = [str(Problem("", "", m)) for m in exc.messages]
        return _page(request, context, WorkbookUploadForm(), problems=problems)
    pending.discard(token, request.user)
    if preview.changed:
        messages.success(
            request,
            _("Đã lưu bản nháp từ bảng tính: %(count)d tiêu chí thay đổi.")
            % {"count": len(preview.changed_rows)},
        )
    else:
        messages.info(request, _("Bảng tính không có thay đổi nào so với phiếu; không lưu gì."))
    return redirect(context["back_url"], evaluation.pk)


def _page(request, context, form, problems=None):
    context = {**context, "form": form, "problems": problems or []}
    return render(request, "evaluations/workbook_upload.html", context)
