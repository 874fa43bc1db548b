"""The decided list as .xlsx (SPEC §13.2): the page's search and scope, every decision in force.

Reasons and warnings read as on the page (``display.annotate``): a tie warning names only the
people this user may see, "một cán bộ đơn vị khác" for the others. They are rendered one chunk of
rows at a time, so that the queries stay constant and the memory bounded.
"""

from __future__ import annotations

from itertools import islice

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from danhgia.names import display_name
from danhgia.xlsx.exports import CHUNK_SIZE, export_filename, list_export

from .. import display
from ..board import rating_label
from .decision import filtered_decisions


def _grounds(decision) -> str:
    lines = list(decision.reason_texts)
    lines += [f"⚠ {warning}" for warning in decision.warning_texts]
    if decision.override_reason:
        lines.append(_("Điều chỉnh: %(reason)s") % {"reason": decision.override_reason})
    if decision.supersedes:
        lines.append(
            _("Đính chính (thay mức %(old)s): %(reason)s")
            % {"old": decision.supersedes.rating, "reason": decision.correction_reason}
        )
    accountability = getattr(decision, "accountability", None)
    if accountability is not None:
        lines.append(
            _("Trách nhiệm người đứng đầu (%(head)s): %(note)s")
            % {"head": accountability.head.full_name, "note": accountability.note}
        )
    return "\n".join(str(line) for line in lines)


def _row(decision) -> list:
    evaluation = decision.evaluation
    official = evaluation.official
    decided_by = decision.decided_by
    return [
        official.code,
        official.full_name,
        official.position_titles or official.get_leadership_role_display(),
        official.unit.name,
        official.comparison_group.name if official.comparison_group else "",
        decision.total,
        decision.engine_rating,
        decision.rating,
        rating_label(decision.rating),
        timezone.localtime(decision.decided_at) if decision.decided_at else None,
        (display_name(decided_by)) if decided_by else "",
        _grounds(decision),
        evaluation.get_state_display(),
    ]


@login_required
@require_GET
def decided_export(request, period: int):
    """Every decision in force the decided list shows with the same query string, one row each."""
    period, _q, decisions = filtered_decisions(request, period)
    headers = [
        _("Mã cán bộ"),
        _("Cán bộ"),
        _("Chức vụ"),
        _("Đơn vị"),
        _("Nhóm so sánh"),
        _("Tổng điểm"),
        _("Theo quy tắc"),
        _("Quyết định"),
        _("Mức xếp loại"),
        _("Quyết định lúc"),
        _("Người quyết định"),
        _("Căn cứ, lý do"),
        _("Trạng thái"),
    ]

    def rows():
        # the decider's official with the account: a name for an account that has none (D26)
        stream = decisions.select_related("decided_by__official").iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(islice(stream, CHUNK_SIZE)):
            for decision in display.annotate(request.user, chunk):
                yield _row(decision)

    widths = [12, 26, 24, 26, 20, 10, 12, 12, 26, 16, 22, 70, 20]
    filename = export_filename("quyet-dinh", period)
    return list_export(_("Quyết định xếp loại"), headers, rows(), filename, widths=widths)
