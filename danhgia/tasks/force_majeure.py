"""Force majeure (SPEC §8.2, §9): asked with a reason and evidence, confirmed by the authority.

A unit's leadership asks for the unit (its uncompleted tasks excused) or for one of its people,
a person for themself (their own-tasks condition lifted); only the authority over the unit
confirms or refuses, with a note. Each step checks the state and the right, runs in one
transaction and writes an audit entry. A decided request is immutable. The rating run reads the
confirmed ones (``confirmed_force_majeure``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.db_rows import Row, Statement, plain_statement, raw_rows
from danhgia.evidence import check_upload
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period

from .choices import ForceMajeureState
from .errors import TaskError
from .models import ForceMajeure


def request_force_majeure(
    period: Period,
    unit: Unit,
    official: Official | None,
    reason: str,
    upload: UploadedFile | None,
    user,
) -> ForceMajeure:
    """Ask the authority to confirm force majeure for the unit (``official`` None) or a person."""
    if not access.may_request_force_majeure(user, unit, official):
        raise PermissionDenied
    if official is not None and official.unit_id != unit.pk:
        raise TaskError(_("Cán bộ không thuộc đơn vị đã chọn."))
    if not period.is_open:
        raise TaskError(_("Kỳ đánh giá đã đóng: không thể đề nghị xác nhận bất khả kháng."))
    if not reason.strip():
        raise TaskError(_("Cần ghi lý do bất khả kháng."))
    if upload is None:
        raise TaskError(_("Cần tải lên tài liệu minh chứng cho trường hợp bất khả kháng."))
    try:
        name, content_type = check_upload(upload)
    except ValidationError as exc:
        raise TaskError(exc.messages) from exc
    pending = ForceMajeure.objects.filter(
        period=period, unit=unit, official=official, state=ForceMajeureState.REQUESTED
    )
    if pending.exists():
        raise TaskError(_("Đã có một đề nghị đang chờ cấp có thẩm quyền xác nhận."))
    with transaction.atomic():
        record = ForceMajeure.objects.create(
            period=period,
            unit=unit,
            official=official,
            reason=reason.strip(),
            file=upload,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )
        log_action(
            user,
            AuditAction.FORCE_MAJEURE_REQUESTED,
            record,
            after={
                "unit": unit.pk,
                "official": official.pk if official else None,
                "reason": record.reason,
                "evidence": name,
            },
        )
    return record


def decide_force_majeure(record: ForceMajeure, confirm: bool, note: str, user) -> ForceMajeure:
    """The authority confirms or refuses (with a note when refusing); final once decided."""
    access.require(user, record, Action.DECIDE)
    if record.state != ForceMajeureState.REQUESTED:
        raise TaskError(_("Đề nghị này đã được xử lý; không thể thay đổi."))
    if not confirm and not note.strip():
        raise TaskError(_("Cần ghi lý do không xác nhận."))
    with transaction.atomic():
        locked = ForceMajeure.objects.select_for_update().get(pk=record.pk)
        if locked.state != ForceMajeureState.REQUESTED:
            raise TaskError(_("Đề nghị này đã được xử lý; không thể thay đổi."))
        locked.state = ForceMajeureState.CONFIRMED if confirm else ForceMajeureState.REFUSED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        log_action(
            user,
            AuditAction.FORCE_MAJEURE_CONFIRMED if confirm else AuditAction.FORCE_MAJEURE_REFUSED,
            locked,
            before={"state": ForceMajeureState.REQUESTED},
            after={"state": locked.state, "note": locked.decision_note},
        )
    return locked


def confirmed_force_majeure(period: Period) -> tuple[dict[int, str], dict[int, str]]:
    """Unit id → reason and official id → reason of the period's confirmed requests (one query)."""
    return confirmed_from_rows(raw_rows(confirmed_query(period)))


def confirmed_query(period: Period) -> Statement | None:
    """The query of ``confirmed_force_majeure``, to send ahead (``db_rows.sent_ahead``)."""
    rows = ForceMajeure.objects.filter(period=period, state=ForceMajeureState.CONFIRMED)
    return plain_statement(rows.values_list("unit_id", "official_id", "reason"))


def confirmed_from_rows(rows: Iterable[Row]) -> tuple[dict[int, str], dict[int, str]]:
    """``confirmed_force_majeure`` from the rows of ``confirmed_query``."""
    units: dict[int, str] = {}
    people: dict[int, str] = {}
    for unit_id, official_id, reason in rows:
        if official_id is None:
            units[unit_id] = reason
        else:
            people[official_id] = reason
    return units, people
