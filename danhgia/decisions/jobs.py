"""Deciding a large comparison group as a background job (issue 9): the page's confirmation
is queued with what the authority confirmed (its choices and the run's fingerprint); the job
rates the group again, checks that nothing changed since, and calls the same service,
``services.decide`` (one transaction under the group's quota lock), then sends the e-mails.

A group of up to ``settings.JOBS_INLINE_LIMIT`` people is still decided at once by the page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.engine import DEFERRED
from danhgia.jobs import JobError, enqueue, register
from danhgia.jobs.models import Job
from danhgia.jobs.worker import JobContext
from danhgia.periods.models import Period

from . import notices
from .board import Board, apply_posted, build_board
from .errors import DecisionError
from .models import Decision
from .services import current_decisions, decide, decision_run

DECIDE = "decisions.decide"


def runs_as_job(board: Board) -> bool:
    return len(board.picked) > settings.JOBS_INLINE_LIMIT


def enqueue_decision(board: Board, user, group: str, group_name: str) -> Job:
    """Queue the confirmed decision of the board's picked rows; confirming the same run twice
    (the same fingerprint) gives the same job while it waits or runs."""
    picks = sorted(row.pk for row in board.picked)
    posted = {}
    for row in board.picked:
        if row.overridden:
            posted[f"rating-{row.pk}"] = row.chosen
            posted[f"reason-{row.pk}"] = row.reason
    fingerprint = board.fingerprint()
    period = board.run.period
    return enqueue(
        DECIDE,
        args={
            "period": period.pk,
            "group": group,
            "picks": picks,
            "posted": posted,
            "fingerprint": fingerprint,
        },
        user=user,
        label=_("Quyết định xếp loại %(period)s: %(group)s (%(count)d người)")
        % {"period": period, "group": group_name, "count": len(picks)},
        idempotency_key=f"{DECIDE}:{period.pk}:{group}:{fingerprint}:{user.pk}",
    )


def decided_message(decisions) -> str:
    """What was decided: the people rated, and apart those recorded as not rated (deferred)."""
    ratings = [decision.rating for decision in decisions]
    deferred = ratings.count(DEFERRED)
    text = _("Đã quyết định xếp loại %(count)d cán bộ; các phiếu đã được khóa.") % {
        "count": len(ratings) - deferred
    }
    if deferred:
        text += " " + _(
            "%(count)d người hoãn đánh giá được ghi nhận “Chưa đánh giá, xếp loại quý này”."
        ) % {"count": deferred}
    return text


@register(DECIDE, title=_("Quyết định xếp loại của nhóm so sánh"))
def decide_group(context: JobContext) -> dict[str, Any]:
    """Rate the group again, check the confirmation still holds, decide, send the e-mails.

    Idempotent: once the decisions are recorded (the checkpoint names them, or every picked
    person already has a decision in force by this user) a second run records nothing.
    """
    user = context.user
    args = context.args
    period = Period.objects.select_related("policy_version").filter(pk=args.get("period")).first()
    if user is None or period is None:
        raise JobError(_("Kỳ đánh giá hoặc người giao việc không còn tồn tại."))
    try:
        access.require_may(user, Action.DECIDE)
    except PermissionDenied:
        raise JobError(_("Người giao việc không còn thẩm quyền quyết định xếp loại.")) from None
    picks = [int(pk) for pk in args.get("picks", [])]
    decided_ids = context.checkpoint.get("decided")
    notified = context.checkpoint.get("notified", False)
    if decided_ids is None:
        mine = current_decisions(period).filter(evaluation_id__in=picks, decided_by=user)
        if picks and mine.count() == len(picks):
            # Recorded by an earlier run that stopped before its checkpoint: whether its
            # e-mails went out is unknown, so none is sent twice (at most once).
            decided_ids, notified = list(mine.values_list("pk", flat=True)), True
    if decided_ids is None:
        context.progress(0, 3, _("Đang chạy xếp loại của nhóm"))
        board = build_board(decision_run(period, user, args.get("group", "")), user)
        apply_posted(board, args.get("posted", {}), [str(pk) for pk in picks])
        if board.fingerprint() != args.get("fingerprint") or len(board.picked) != len(picks):
            raise JobError(
                _(
                    "Dữ liệu xếp loại đã thay đổi sau khi xác nhận (một phiếu vừa được thẩm "
                    "định hoặc quyết định ở nơi khác). Hệ thống CHƯA quyết định; hãy xem lại "
                    "rồi xác nhận."
                )
            )
        if board.has_errors:
            raise JobError(_("Chưa thể quyết định: xem lại các lưu ý trên trang quyết định."))
        context.progress(1, 3, _("Đang ghi quyết định"))
        try:
            decisions = decide(board.run, user, board.overrides(), set(picks))
        except DecisionError as exc:
            raise JobError(" ".join(str(m) for m in exc.messages)) from None
        decided_ids = [d.pk for d in decisions]
        context.progress(2, 3, _("Đang gửi thông báo"), checkpoint={"decided": decided_ids})
    if not notified:  # (a run stopped after the decisions sends them on its next attempt)
        notices.decisions_made(list(Decision.objects.filter(pk__in=decided_ids)))
        context.progress(3, 3, _("Đã xong"), checkpoint={"decided": decided_ids, "notified": True})
    return {
        "message": decided_message(Decision.objects.filter(pk__in=decided_ids).only("rating")),
        "link": reverse("decisions:decided", args=[period.pk]),
        "link_label": _("Xem danh sách đã quyết định"),
        "decisions": len(decided_ids),
    }
