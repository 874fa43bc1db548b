"""A unit's dossier for the quarter: its components, submission and lateness (SPEC §10).

The unit (its secretary or leadership) uploads the memo and the evidence (checked by
``danhgia.evidence.check_upload``, stored privately); the other components — the minutes, the
self-assessments, the summary table, Phụ lục 7 — are the system's own records, and their
presence is computed (``components.checklist``), never ticked. A dossier is submitted only
complete; submission records the time once, and lateness is computed from it against the
period's ``dossier`` deadline by the engine (``dossier_state``), never typed.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.access import Action, freeze
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import changed_only, log_action
from danhgia.evaluations.workflow import ReviewError
from danhgia.evidence import check_upload
from danhgia.names import display_name
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .choices import DossierComponent, DossierState
from .components import UPLOADED, ComponentStatus, checklist, is_complete, missing
from .models import Dossier, DossierDocument, ReviewMeeting
from .states import deadline_of, dossier_states

__all__ = [
    "UPLOADED",
    "ComponentStatus",
    "add_document",
    "check_dossier",
    "checklist",
    "deadline_of",
    "dossier_states",
    "is_complete",
    "lateness",
    "missing",
    "record_meeting",
    "state_label",
    "submit_dossier",
]


def require_changeable(record: Dossier | ReviewMeeting) -> None:
    """Refuse a change of a closed quarter's, or of a decided unit's, dossier or meeting: the
    decisions of the unit's people (sub-units included) rest on them (``access.freeze``)."""
    freeze.refuse_if_frozen(record, ReviewError)


def _dossier(unit: Unit, period: Period) -> Dossier:
    """The unit's dossier for the period, created on first use (a concurrent create is fine)."""
    try:
        with transaction.atomic():
            dossier, _created = Dossier.objects.get_or_create(unit=unit, period=period)
    except IntegrityError:
        dossier = Dossier.objects.get(unit=unit, period=period)
    return dossier


def add_document(
    unit: Unit,
    period: Period,
    component: str,
    user,
    *,
    upload: UploadedFile | None = None,
) -> DossierDocument:
    """Upload one file of the memo or the evidence; the other components are computed."""
    access.require_on_unit(user, unit, Action.PREPARE_DOSSIER)
    require_changeable(Dossier(unit=unit, period=period))
    if component not in DossierComponent.values:
        raise ReviewError(_("Thành phần hồ sơ: giá trị không hợp lệ."))
    if component not in UPLOADED:
        raise ReviewError(
            _(
                "Thành phần hồ sơ: “%(component)s” do hệ thống lập từ dữ liệu đã ghi, không "
                "đính kèm tệp."
            )
            % {"component": DossierComponent(component).label}
        )
    if upload is None:
        raise ReviewError(_("Tệp đính kèm: hãy chọn một tệp."))
    try:
        name, _content_type = check_upload(upload)
    except ValidationError as exc:
        raise ReviewError(exc.messages) from exc
    with transaction.atomic():
        dossier = _dossier(unit, period)
        document = DossierDocument.objects.create(
            dossier=dossier, component=component, file=upload, original_name=name, added_by=user
        )
        log_action(
            user,
            AuditAction.DOSSIER_DOCUMENT_ADDED,
            dossier,
            after={
                "component": component,
                "document": document.pk,
                "name": name,
                "size": upload.size,
            },
        )
    return document


def remove_document(document: DossierDocument, user) -> None:
    """Take a file added by mistake out of a dossier not yet submitted (rough edge N4); the
    audit entry keeps its name, size and who added it. Once submitted, the dossier is what the
    appraiser reads: nothing is removed any more."""
    dossier = document.dossier
    access.require_on_unit(user, dossier.unit, Action.PREPARE_DOSSIER)
    require_changeable(dossier)
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.submitted_at is not None:
            raise ReviewError(
                _("Hồ sơ đã nộp lúc %(when)s: không gỡ tệp được nữa.")
                % {"when": timezone.localtime(dossier.submitted_at).strftime("%d/%m/%Y %H:%M")}
            )
        log_action(
            user,
            AuditAction.DOSSIER_DOCUMENT_REMOVED,
            dossier,
            before={
                "component": document.component,
                "document": document.pk,
                "name": document.original_name,
                "size": document.file.size if document.file and _stored(document) else None,
            },
        )
        stored = document.file.name if document.file else ""
        storage = document.file.storage if document.file else None
        document.delete()
        if stored and storage is not None:
            transaction.on_commit(lambda: storage.delete(stored))


def _stored(document: DossierDocument) -> bool:
    try:
        return document.file.storage.exists(document.file.name)
    except (OSError, ValueError):
        return False


def submit_dossier(unit: Unit, period: Period, user, *, now: datetime | None = None) -> Dossier:
    """Record the submission time (once); lateness follows from it and the deadline."""
    access.require_on_unit(user, unit, Action.PREPARE_DOSSIER)
    require_changeable(Dossier(unit=unit, period=period))
    now = now or timezone.now()
    with transaction.atomic():
        dossier = _dossier(unit, period)
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if dossier.submitted_at is not None:
            raise ReviewError(
                _("Hồ sơ đã được nộp lúc %(when)s.")
                % {"when": timezone.localtime(dossier.submitted_at).strftime("%d/%m/%Y %H:%M")}
            )
        absent = missing(checklist(unit, period, dossier))
        if absent:
            raise ReviewError(
                _("Chưa nộp được: hồ sơ còn thiếu %(parts)s.") % {"parts": ", ".join(absent)}
            )
        dossier.submitted_at = now
        dossier.submitted_by = user
        dossier.save(update_fields=["submitted_at", "submitted_by"])
        state, deadline = lateness(unit, period)
        log_action(
            user,
            AuditAction.DOSSIER_SUBMITTED,
            dossier,
            after={
                "submitted_at": now.isoformat(),
                "deadline": deadline.isoformat() if deadline else None,
                "state": state,
            },
        )
    return dossier


# --- Reading ------------------------------------------------------------------------------------


def lateness(unit: Unit, period: Period) -> tuple[str, date | None]:
    """(on time | late | missing, the deadline): computed, never typed (``dossier_states``)."""
    return dossier_states(period, [unit.pk])[unit.pk], deadline_of(period)


def state_label(state: str) -> str:
    return str(DossierState(state).label)


MEETING_FIELDS = ("held_on", "attendees", "minutes")


class MeetingConflict(ReviewError):
    """The minutes changed since the form was opened: nothing was saved (HTTP 409)."""


def record_meeting(
    unit: Unit,
    period: Period,
    *,
    held_on: date,
    attendees: str,
    minutes: str,
    user,
    today: date | None = None,
    lock_version: int | None = None,
) -> ReviewMeeting:
    """Record (or correct) the meeting at which the unit leadership reviewed the quarter.

    ``lock_version`` is the meeting's version the form was opened with (0: none recorded yet);
    a form opened before someone else's save is refused (``MeetingConflict``), never saved over
    it. ``None`` is a caller without a form (the demo, commands).
    """
    if user is not None and not access.on_unit(user, unit, Action.REVIEW):
        raise PermissionDenied
    require_changeable(ReviewMeeting(unit=unit, period=period))
    today = today or timezone.localdate()
    if held_on > today:
        raise ReviewError(_("Ngày họp không được sau ngày hôm nay."))
    attendees, minutes = attendees.strip(), minutes.strip()
    if not attendees or not minutes:
        raise ReviewError(_("Cần ghi thành phần dự họp và nội dung biên bản."))
    values = {"held_on": held_on, "attendees": attendees, "minutes": minutes}
    try:
        with transaction.atomic():
            meeting = (
                ReviewMeeting.objects.select_for_update().filter(unit=unit, period=period).first()
            )
            current = meeting.lock_version if meeting is not None else 0
            if lock_version is not None and lock_version != current:
                raise MeetingConflict(_meeting_conflict(meeting))
            before = (
                {f: str(getattr(meeting, f)) for f in MEETING_FIELDS}
                if meeting is not None
                else None
            )
            if meeting is None:
                meeting = ReviewMeeting(unit=unit, period=period)
            else:
                meeting.lock_version = current + 1
            for name, value in values.items():
                setattr(meeting, name, value)
            meeting.recorded_by = user
            meeting.save()
            before, after = changed_only(before, {f: str(v) for f, v in values.items()})
            log_action(
                user, AuditAction.REVIEW_MEETING_RECORDED, meeting, before=before, after=after
            )
    except IntegrityError:  # recorded at the same moment by someone else
        meeting = ReviewMeeting.objects.filter(unit=unit, period=period).first()
        raise MeetingConflict(_meeting_conflict(meeting)) from None
    return meeting


def _meeting_conflict(meeting: ReviewMeeting | None) -> str:
    if meeting is None:
        return _("Biên bản đã thay đổi từ lúc bạn mở trang: chưa lưu nội dung bạn vừa nhập.")
    when = timezone.localtime(meeting.recorded_at).strftime("%d/%m/%Y %H:%M")
    who = display_name(meeting.recorded_by)
    return _(
        "%(who)s đã lưu biên bản lúc %(when)s, sau khi bạn mở trang: hệ thống CHƯA lưu nội dung "
        "bạn vừa nhập. Nội dung của bạn vẫn ở dưới đây; hãy đối chiếu với bản mới rồi lưu lại."
    ) % {"who": who, "when": when}


def check_dossier(dossier: Dossier, note: str, user, *, now=None) -> Dossier:
    """Record the appraiser's check of a submitted dossier, with what was found."""
    if user is not None and not access.on_unit(user, dossier.unit, Action.APPRAISE):
        raise PermissionDenied
    require_changeable(dossier)
    if dossier.submitted_at is None:
        raise ReviewError(_("Đơn vị chưa nộp hồ sơ: chưa thể kiểm tra."))
    absent = missing(checklist(dossier.unit, dossier.period, dossier))
    state, deadline = lateness(dossier.unit, dossier.period)
    note = note.strip()
    if absent and not note:
        raise ReviewError(
            _("Hồ sơ còn thiếu %(parts)s: hãy ghi nhận xét về phần còn thiếu.")
            % {"parts": ", ".join(absent)}
        )
    with transaction.atomic():
        before = {
            "checked_at": dossier.checked_at.isoformat() if dossier.checked_at else None,
            "check_note": dossier.check_note,
        }
        dossier.checked_by = user
        dossier.checked_at = now or timezone.now()
        dossier.check_note = note
        dossier.save(update_fields=["checked_by", "checked_at", "check_note"])
        log_action(
            user,
            AuditAction.DOSSIER_CHECKED,
            dossier,
            before=before,
            after={
                "checked_at": dossier.checked_at.isoformat(),
                "check_note": note,
                "complete": not absent,
                "missing": absent,
                "state": state,
                "deadline": deadline.isoformat() if deadline else None,
            },
        )
    return dossier
