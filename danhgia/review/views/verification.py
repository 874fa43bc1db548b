"""Step 3a pages: an assigning side's people with the tasks it assigned, and "confirm for this
person" (SPEC §4, §6). Unit leadership uses the same confirmation for people without tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action
from danhgia.evaluations.workflow import ReviewConflict, ReviewError
from danhgia.periods.selectors import period_or_404
from danhgia.web import (
    LOCK_REFUSED,
    CappedPaginator,
    back,
    error_messages,
    forbid_unless,
    lock_refused,
)

from ..forms import ReturnForm, VerificationForm
from ..verification import people_with_tasks, person_blocks, unconfirmed_tasks, verify_person

PEOPLE_PER_PAGE = 20
#: people counted at most: a side reaching the province (an administrator: 19,444 people at
#: 20,000) would count every task of the quarter on each page view (``web.CappedPaginator``)
PEOPLE_CAP = 2_000
FIELDS = ("delivered", "quality", "timeliness", "leadership")


@login_required
def verification(request, period: int):
    """The people with tasks this side assigned in the quarter, each with their tasks."""
    forbid_unless(access.may(request.user, Action.VERIFY))
    period_obj = period_or_404(period)
    people = people_with_tasks(request.user, period_obj)
    waiting_only = request.GET.get("cho") == "1"
    if waiting_only:
        waiting = unconfirmed_tasks(request.user, period_obj)
        people = people.filter(Exists(waiting.filter(lead=OuterRef("pk"))))
    page = CappedPaginator(people, PEOPLE_PER_PAGE, PEOPLE_CAP).get_page(request.GET.get("page"))
    blocks = person_blocks(request.user, period_obj, list(page.object_list))
    return _page(request, period_obj, page, blocks, waiting_only)


def _page(request, period_obj, page, blocks, waiting_only=False, bound=None, status=200):
    """The page; ``bound`` is a refused person's form, shown with what was posted."""
    for block in blocks:
        if bound is not None:
            block.form = bound
        else:
            block.form = (
                VerificationForm(block.rows, evaluation=block.evaluation)
                if block.editable and period_obj.is_open  # a closed quarter: read-only
                else None
            )
        for row in block.rows:
            row.fields = (
                {n: block.form.bound(row, n) for n in FIELDS} if block.form is not None else {}
            )
            row.fields = {n: f for n, f in row.fields.items() if f is not None}
        block.return_form = (
            ReturnForm(initial={"lock_version": block.evaluation.lock_version})
            if block.evaluation is not None
            else None
        )
    context = {
        "period": period_obj,
        "page": page,
        "blocks": blocks,
        "waiting_only": waiting_only,
    }
    return render(request, "review/verification.html", context, status=status)


@login_required
@require_POST
def verify(request, period: int, official: int):
    """Confirm (or correct) this side's tasks of one person; move the evaluation when done."""
    period_obj = period_or_404(period)
    person = access.get_official_for_user_or_404(request.user, official)
    blocks = person_blocks(request.user, period_obj, [person])
    form = VerificationForm(blocks[0].rows, request.POST, evaluation=blocks[0].evaluation)
    if lock_refused(form):
        block = blocks[0]
        forbid_unless(
            access.confirms_for(request.user, block.evaluation, assigned_tasks=bool(block.rows))
        )
        messages.error(request, LOCK_REFUSED)
        return _refused(request, period_obj, person, form)
    if not form.is_valid():
        # each message names the person and the task: the page lists many of both (#22)
        titles = {f"t{row.task.pk}": row.task.title for row in form.rows}
        for name, errors in form.errors.items():
            for error in errors:
                if name not in form.fields:
                    messages.error(request, error)
                    continue
                task = titles.get(name.split("-", 1)[0])
                where = f"{person.full_name}, “{task}”" if task else person.full_name
                messages.error(request, f"{where} – {form.fields[name].label}: {error}")
        return back(request, "review:verification", period_obj.pk)
    try:
        outcome = verify_person(
            person,
            period_obj,
            request.user,
            form.checks(),
            lock_version=form.cleaned_data.get("lock_version"),
        )
    except ReviewConflict as exc:
        error_messages(request, exc)
        return _refused(request, period_obj, person, form)
    except ReviewError as exc:
        error_messages(request, exc)
        return back(request, "review:verification", period_obj.pk)
    if outcome.confirmed:
        messages.success(
            request,
            ngettext(
                "Đã xác nhận %(count)d nhiệm vụ của %(name)s.",
                "Đã xác nhận %(count)d nhiệm vụ của %(name)s.",
                outcome.confirmed,
            )
            % {"count": outcome.confirmed, "name": person.full_name},
        )
    if outcome.moved:
        messages.success(
            request,
            _(
                "Kết quả nhiệm vụ của %(name)s đã được xác nhận đủ: phiếu chuyển sang bước tập "
                "thể lãnh đạo đơn vị nhận xét, đề xuất."
            )
            % {"name": person.full_name},
        )
    elif outcome.waiting:
        messages.info(
            request,
            ngettext(
                "%(name)s còn %(count)d nhiệm vụ chưa được xác nhận (chưa đến hạn hoặc của cơ "
                "quan chủ trì khác).",
                "%(name)s còn %(count)d nhiệm vụ chưa được xác nhận (chưa đến hạn hoặc của cơ "
                "quan chủ trì khác).",
                len(outcome.waiting),
            )
            % {"name": person.full_name, "count": len(outcome.waiting)},
        )
    elif not outcome.confirmed:
        messages.info(request, _("Không có gì thay đổi."))
    return back(request, "review:verification", period_obj.pk)


def _refused(request, period_obj, person, form):
    """409: the person's block again with the values just posted (nothing was saved)."""
    blocks = person_blocks(request.user, period_obj, [person])
    page = Paginator([person], PEOPLE_PER_PAGE).get_page(1)
    return _page(request, period_obj, page, blocks, bound=form, status=409)
