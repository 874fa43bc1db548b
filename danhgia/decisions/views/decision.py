"""Step 4 and 5 pages of the authority: the rating run, the decision with its confirmation, the
decided list with accountability records, corrections, publication and archiving.

Views read what ``access.restrict`` allows (out of scope is 404), call a service of
``decisions.services`` / ``decisions.archive`` and turn its errors into messages; a role that
may see but not act gets 403. E-mails go out after the services' transactions commit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period
from danhgia.rules.choices import RatingLevel

from .. import display, jobs, notices
from ..archive import archive
from ..board import Board, apply_posted, build_board
from ..corrections import correct_decision
from ..errors import DecisionError
from ..forms import CorrectionForm, ScopeForm
from ..groups import NO_GROUP, GroupPicker, chosen_group, group_choices, matching
from ..models import Decision, Publication, in_force
from ..publication import publish
from ..services import DECIDABLE, decide, decision_run

DECISIONS_PER_PAGE = 50
#: who reads the decided list (the authority acts on it; the commission drafts the reports)


def _errors(request, error: DecisionError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- The rating run and the decision -------------------------------------------------------


@login_required
def decide_index(request):
    """The quarters with how many evaluations of the scope wait for a decision, are decided…"""
    access.require_may(request.user, Action.DECIDE)
    units = access.units_for(request.user, Action.DECIDE)
    counts = (
        Evaluation.objects.filter(official__unit__in=units)
        .values("period")
        .annotate(
            waiting=Count("pk", filter=Q(state__in=DECIDABLE)),
            decided=Count("pk", filter=Q(state=EvaluationState.DECIDED)),
            published=Count("pk", filter=Q(state=EvaluationState.PUBLISHED)),
            archived=Count("pk", filter=Q(state=EvaluationState.ARCHIVED)),
            total=Count("pk"),
        )
    )
    by_period = {row["period"]: row for row in counts}
    periods = list(Period.objects.order_by("-year", "-quarter"))
    for period in periods:
        period.counts = by_period.get(period.pk, {})
    return render(request, "decisions/decide_index.html", {"periods": periods})


def _render_board(request, board: Board, template: str, status: int = 200):
    context = {
        "period": board.run.period,
        "board": board,
        "ratings": RatingLevel.choices,
        "fingerprint": board.fingerprint(),
        "policy": board.run.policy,
    }
    return render(request, template, context, status=status)


@login_required
def decide_view(request, period: int):
    """The rating run of the scope, the authority's choices, a confirmation, then the decision.

    One comparison group at a time (``nhom``: its code; by default the first with people
    waiting), picked from the groups of the scope with their counts; never the whole province
    on one page (issue 9). GET shows the engine's proposal for the group. POST ``preview``
    checks the choices (an override needs a reason and never goes beyond the quota) and shows
    what will be decided; POST ``confirm`` decides, unless the run changed since the preview
    (then the preview is shown again with HTTP 409). More than ``settings.JOBS_INLINE_LIMIT``
    people are decided by a background job (``decisions.jobs``) and the page redirects to it.
    """
    period = get_object_or_404(Period.objects.select_related("policy_version"), pk=period)
    user = request.user
    access.require_may(user, Action.DECIDE)
    choices = group_choices(period, user)
    code = (request.POST if request.method == "POST" else request.GET).get("nhom", "")
    chosen = chosen_group(choices, code)
    if code and chosen is None:
        raise Http404  # not a group of the scope
    group = "" if chosen is None or chosen.code == NO_GROUP else chosen.code
    board = build_board(decision_run(period, user, group), user)
    q = request.GET.get("q", "").strip()[:100]
    board.picker = GroupPicker(chosen, matching(choices, q) if q else choices, len(choices), q)
    run = board.run
    if request.method != "POST":
        return _render_board(request, board, "decisions/decide.html")
    action = request.POST.get("action", "preview")
    apply_posted(board, request.POST, request.POST.getlist("pick"))
    if action == "edit":
        return _render_board(request, board, "decisions/decide.html")
    if not board.picked:
        messages.error(request, _("Chưa chọn cán bộ nào để quyết định."))
        return _render_board(request, board, "decisions/decide.html")
    if board.has_errors:
        messages.error(request, _("Chưa thể quyết định: xem các lưu ý được đánh dấu bên dưới."))
        return _render_board(request, board, "decisions/decide.html")
    if action != "confirm":
        return _render_board(request, board, "decisions/decide_confirm.html")
    if request.POST.get("fingerprint") != board.fingerprint():
        messages.warning(
            request,
            _(
                "Dữ liệu xếp loại vừa thay đổi sau khi bạn xem (một phiếu vừa được thẩm định "
                "hoặc quyết định ở nơi khác). Hệ thống CHƯA quyết định; hãy xem lại rồi xác "
                "nhận."
            ),
        )
        return _render_board(request, board, "decisions/decide_confirm.html", status=409)
    if jobs.runs_as_job(board):
        name = chosen.name if chosen is not None else _("Chưa xếp nhóm so sánh")
        job = jobs.enqueue_decision(board, user, group, name)
        messages.info(
            request,
            _("Quyết định cho %(count)d người được ghi trong nền; theo dõi tiến độ tại đây.")
            % {"count": len(board.picked)},
        )
        return redirect("jobs:detail", job.pk)
    try:
        decisions = decide(run, user, board.overrides(), {row.pk for row in board.picked})
    except DecisionError as exc:
        _errors(request, exc)
        return _render_board(request, board, "decisions/decide.html")
    notices.decisions_made(decisions)
    messages.success(request, jobs.decided_message(decisions))
    return redirect("decisions:decided", period.pk)


# --- Decided list, corrections, publication, archive ---------------------------------------


def _scope_choices(user, period: Period, states, action: Action) -> list[Unit]:
    """The units the user may publish (or archive) with results in ``states`` below them.

    The units of the people concerned and every unit above them within the authority's scope
    (two queries), so that a department or the whole province can be chosen.
    """
    scope = access.units_for(user, action)
    paths = set(
        Evaluation.objects.filter(period=period, state__in=states, official__unit__in=scope)
        .values_list("official__unit__path", flat=True)
        .distinct()
    )
    prefixes = set()
    for path in paths:
        parts = path.strip("/").split("/")
        prefixes.update("/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts)))
    if not prefixes:
        return []
    return list(scope.filter(path__in=sorted(prefixes)).order_by("path"))


def filtered_decisions(request, period_id: int):
    """The decided list's quarter, search and rows: shared by the page and its export."""
    period = get_object_or_404(Period.objects.select_related("policy_version"), pk=period_id)
    if not access.reads_decisions(request.user):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:100]
    decisions = access.restrict(
        request.user,
        Decision.objects.filter(in_force(), evaluation__period=period),
    ).select_related(
        "evaluation__official__unit",
        "evaluation__official__comparison_group",
        "decided_by",
        "accountability__head",
        "supersedes",
    )
    if q:
        decisions = decisions.filter(evaluation__official__full_name__icontains=q)
    decisions = decisions.order_by("evaluation__official__unit__path", "-total", "pk")
    return period, q, decisions


@login_required
def decided(request, period: int):
    """The decisions in force of the quarter in the user's scope, with accountability records."""
    user = request.user
    period, q, decisions = filtered_decisions(request, period)
    page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    display.annotate(user, page.object_list)
    may_act = access.may(user, Action.PUBLISH)
    publish_units = archive_units = []
    if may_act:
        publish_units = _scope_choices(user, period, (EvaluationState.DECIDED,), Action.PUBLISH)
        archive_units = _scope_choices(user, period, (EvaluationState.PUBLISHED,), Action.ARCHIVE)
    correctable = set()
    if may_act and freeze.frozen_reason(period) is None:  # nothing is corrected in a closed quarter
        correctable = set(
            access.restrict(
                user,
                Decision.objects.filter(pk__in=[d.pk for d in page.object_list]),
                Action.CHANGE,
            ).values_list("pk", flat=True)
        )
    publications = access.restrict(user, Publication.objects.filter(period=period)).select_related(
        "unit", "published_by"
    )
    context = {
        "period": period,
        "page": page,
        "q": q,
        "may_act": may_act,
        "correctable": correctable,
        "publish_form": ScopeForm(units=publish_units, auto_id="publish_%s")
        if publish_units
        else None,
        "archive_form": ScopeForm(units=archive_units, auto_id="archive_%s")
        if archive_units
        else None,
        "publish_units": publish_units,
        "archive_units": archive_units,
        "publications": list(publications[:20]),
    }
    return render(request, "decisions/decided.html", context)


@login_required
def correct(request, pk: int):
    """A correction of a decision in force: a new decision with a written reason (SPEC §6)."""
    user = request.user
    decision = access.get_for_user_or_404(
        user,
        Decision.objects.select_related(
            "evaluation__official__unit", "evaluation__period", "decided_by"
        ),
        pk=pk,
    )
    if not access.can(user, decision, Action.CHANGE):
        raise PermissionDenied
    evaluation = decision.evaluation
    back = redirect("decisions:decided", evaluation.period_id)
    if Decision.objects.filter(supersedes=decision).exists():
        messages.error(request, _("Quyết định này đã được đính chính; hãy đính chính bản mới."))
        return back
    if evaluation.state == EvaluationState.ARCHIVED:
        messages.error(
            request, _("Kết quả đã được lưu trữ nên là hồ sơ chỉ đọc: không đính chính được.")
        )
        return back
    closed = freeze.frozen_reason(evaluation.period)
    if closed:  # no form offered in vain
        messages.error(request, closed)
        return back
    form = CorrectionForm(request.POST or None, current=decision.rating)
    if request.method == "POST" and form.is_valid():
        try:
            correction = correct_decision(
                decision, form.cleaned_data["rating"], form.cleaned_data["reason"], user
            )
        except DecisionError as exc:
            _errors(request, exc)
        else:
            notices.decision_corrected(correction, form.cleaned_data["reason"])
            messages.success(
                request,
                _("Đã đính chính xếp loại của %(name)s thành %(rating)s; đã ghi nhật ký.")
                % {"name": evaluation.official, "rating": correction.rating},
            )
            return back
    context = {"decision": decision, "evaluation": evaluation, "form": form}
    return render(request, "decisions/correct.html", context)


def _posted_scope(request, period: Period, states, action: Action) -> Unit:
    access.require_may(request.user, action)
    units = _scope_choices(request.user, period, states, action)
    form = ScopeForm(request.POST, units=units)
    if not form.is_valid():
        # Not a unit of the user's scope with such results: nothing to act on.
        raise Unit.DoesNotExist
    return form.cleaned_data["unit"]


@login_required
@require_POST
def publish_view(request, period: int):
    """Publish the decided results of a scope; the people concerned are told by e-mail."""
    period = get_object_or_404(Period, pk=period)
    try:
        unit = _posted_scope(request, period, (EvaluationState.DECIDED,), Action.PUBLISH)
    except Unit.DoesNotExist:
        messages.error(request, _("Phạm vi này không có kết quả đã quyết định để công khai."))
        return redirect("decisions:decided", period.pk)
    ids = list(
        Evaluation.objects.filter(
            period=period, official__unit__path__startswith=unit.path, state=EvaluationState.DECIDED
        ).values_list("pk", flat=True)
    )
    try:
        publication = publish(period, unit, request.user)
    except DecisionError as exc:
        _errors(request, exc)
    else:
        notices.results_published(publication, ids)
        messages.success(
            request,
            _("Đã công khai %(count)d kết quả xếp loại của %(scope)s.")
            % {"count": len(ids), "scope": unit},
        )
    return redirect("decisions:decided", period.pk)


@login_required
@require_POST
def archive_view(request, period: int):
    """Archive the published results of a scope: from now on they are read-only."""
    period = get_object_or_404(Period, pk=period)
    try:
        unit = _posted_scope(request, period, (EvaluationState.PUBLISHED,), Action.ARCHIVE)
    except Unit.DoesNotExist:
        messages.error(request, _("Phạm vi này không có kết quả đã công khai để lưu trữ."))
        return redirect("decisions:decided", period.pk)
    try:
        count = archive(period, unit, request.user)
    except DecisionError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("Đã lưu trữ %(count)d kết quả của %(scope)s; từ nay chỉ xem, không sửa.")
            % {"count": count, "scope": unit},
        )
    return redirect("decisions:decided", period.pk)
