"""A reported result far above its plan is asked about, never refused (rough edge: 1000 for 1).

The rule is the engine's (``delivery_looks_implausible``); this module words it once for the
report form (a confirmation to tick) and the API (a warning beside the saved result).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from danhgia.engine import IMPLAUSIBLE_RATIO, delivery_looks_implausible, format_number

FAR_ABOVE_PLAN = "far_above_plan"


def far_above_plan_message(planned: Decimal, delivered: Decimal) -> str:
    return _(
        "Số lượng %(delivered)s gấp hơn %(ratio)s lần kế hoạch (%(planned)s): hãy kiểm tra lại."
    ) % {
        "delivered": format_number(delivered),
        "ratio": format_number(IMPLAUSIBLE_RATIO),
        "planned": format_number(planned),
    }


def report_warnings(task) -> list[dict[str, str]]:
    """The API's warnings on a saved report: ``[{"code", "message"}]``, empty when plausible."""
    if not delivery_looks_implausible(task.planned_quantity, task.delivered_quantity):
        return []
    message = far_above_plan_message(task.planned_quantity, task.delivered_quantity)
    return [{"code": FAR_ABOVE_PLAN, "message": message}]
