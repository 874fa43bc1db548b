"""The task list as .xlsx (SPEC §13.2): the page's filters and scope, every row."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from danhgia.xlsx.exports import CHUNK_SIZE, export_filename, list_export

from .. import selectors
from .tasks import filtered_tasks

#: the page's columns, one value per cell
HEADERS = (
    gettext_lazy("Nhiệm vụ"),
    gettext_lazy("Then chốt"),
    gettext_lazy("Nguồn"),
    gettext_lazy("Người chủ trì"),
    gettext_lazy("Đơn vị người chủ trì"),
    gettext_lazy("Cơ quan giao"),
    gettext_lazy("Kỳ"),
    gettext_lazy("Trục"),
    gettext_lazy("Tiêu chí"),
    gettext_lazy("Sản phẩm theo kế hoạch"),
    gettext_lazy("Số lượng kế hoạch"),
    gettext_lazy("Hệ số"),
    gettext_lazy("Ngày giao"),
    gettext_lazy("Thời hạn"),
    gettext_lazy("Số lượng đạt"),
    gettext_lazy("Ngày hoàn thành"),
    gettext_lazy("Trạng thái"),
    gettext_lazy("Chậm hạn"),
    gettext_lazy("Sẽ chuyển quý sau"),
)


def _yes_no(value: bool) -> str:
    return _("Có") if value else _("Không")


def _row(task) -> list:
    return [
        task.title,
        _yes_no(task.is_key),
        task.get_source_display(),
        task.lead.full_name,
        task.lead.unit.name,
        task.assigning_unit.name,
        str(task.period),
        task.axis,
        task.criterion_code,
        task.product_name,
        task.planned_quantity,
        task.coefficient,
        task.assigned_on,
        task.due_date,
        task.delivered_quantity,
        task.completed_on,
        task.get_state_display(),
        _yes_no(task.is_late),
        _yes_no(selectors.will_carry_over(task)),
    ]


@login_required
@require_GET
def task_export(request):
    """Every task the list shows with the same query string, one row each."""
    form, tasks = filtered_tasks(request)
    period = form.cleaned_data.get("period") if form.is_valid() else None
    rows = (_row(task) for task in tasks.iterator(chunk_size=CHUNK_SIZE))
    headers = [str(h) for h in HEADERS]
    return list_export(_("Nhiệm vụ"), headers, rows, export_filename("nhiem-vu", period or ""))
