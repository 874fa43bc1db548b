"""What an assignments row does, as the preview says it: old → new, tasks created."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..assignment import TaskSpec
from ..choices import TaskSource
from ..models import Task
from .rows import changes


def task_changes(task: Task, spec: TaskSpec, criteria: dict[str, str]):
    """The fields an assignments row changes of its task: (header, old, new)."""
    sources = dict(TaskSource.choices)
    new_name = spec.product_name or (spec.product.name if spec.product else "")
    return changes(
        [
            (_("Nhiệm vụ (rõ việc)"), task.title, spec.title),
            (_("Nội dung, yêu cầu"), task.description, spec.description),
            (_("Rõ trách nhiệm"), task.responsibility, spec.responsibility),
            (_("Rõ thẩm quyền"), task.authority, spec.authority),
            (
                _("Tiêu chí"),
                criteria.get(task.criterion_code, task.criterion_code),
                criteria.get(spec.criterion_code, spec.criterion_code),
            ),
            (
                _("Sản phẩm trong danh mục"),
                task.product.name if task.product else "",
                spec.product.name if spec.product else "",
            ),
            (_("Sản phẩm (rõ sản phẩm)"), task.product_name, new_name),
            (_("Số lượng kế hoạch"), task.planned_quantity, spec.planned_quantity),
            (
                _("Nguồn nhiệm vụ"),
                str(sources.get(task.source, task.source)),
                str(sources.get(spec.source, spec.source)),
            ),
            (_("Nhiệm vụ then chốt"), task.is_key, spec.is_key),
            (_("Thời hạn hoàn thành"), task.due_date, spec.due_date),
        ]
    )


def created_label(row: int, title: str, leads) -> str:
    """ "Dòng 5: giao “…” cho A, B — tạo 2 nhiệm vụ (mỗi người chủ trì một nhiệm vụ)"."""
    label = _("Dòng %(row)d: giao “%(title)s” cho %(leads)s") % {
        "row": row,
        "title": title,
        "leads": ", ".join(o.full_name for o in leads),
    }
    if len(leads) > 1:
        label += ngettext(
            " — tạo %(count)d nhiệm vụ (mỗi người chủ trì một nhiệm vụ)",
            " — tạo %(count)d nhiệm vụ (mỗi người chủ trì một nhiệm vụ)",
            len(leads),
        ) % {"count": len(leads)}
    return label
