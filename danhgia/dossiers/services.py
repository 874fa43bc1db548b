"""A unit's dossier for the quarter: its components, submission and lateness (SPEC §10).

The unit (its secretary or leadership) adds each component of SPEC §10 — memo, meeting
minutes, self-assessments, evidence per axis, summary tables, Phụ lục 7 — as an attached file
(checked by ``danhgia.evidence.check_upload``, stored privately) or as "produced by the system"
for what the system itself holds (the self-assessments, the summary, Phụ lục 7, and the minutes
once the meeting is recorded). Submission records the time once; lateness is computed from it
against the period's ``dossier`` deadline (``rating.dossier_states``), never typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .choices import DossierComponent, DossierState
from .models import Dossier, DossierDocument, ReviewMeeting

#: components the system itself produces (no file needed)
PRODUCIBLE = (
    DossierComponent.SELF_ASSESSMENTS,
    DossierComponent.SUMMARY,
    DossierComponent.COLLECTIVE,
    DossierComponent.MINUTES,
)


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
    produced: bool = False,
) -> DossierDocument:
    """Add one component: a file, or a note that the system produced it."""
    access.require_on_unit(user, unit, Action.PREPARE_DOSSIER)
    require_changeable(Dossier(unit=unit, period=period))
    if component not in DossierComponent.values:
        raise ReviewError(_("Thành phần hồ sơ không hợp lệ."))
    if produced == (upload is not None):
        raise ReviewError(_("Hãy chọn một tệp, hoặc đánh dấu thành phần do hệ thống lập."))
    label = DossierComponent(component).label
    if produced:
        if component not in PRODUCIBLE:
            raise ReviewError(
                _("“%(component)s” không do hệ thống lập: hãy đính kèm tệp.") % {"component": label}
            )
        if (
            component == DossierComponent.MINUTES
            and not ReviewMeeting.objects.filter(unit=unit, period=period).exists()
        ):
            raise ReviewError(
                _("Chưa ghi biên bản hội nghị của đơn vị trong hệ thống: hãy ghi biên bản trước.")
            )
    name = ""
    if upload is not None:
        try:
            name, _content_type = check_upload(upload)
        except ValidationError as exc:
            raise ReviewError(exc.messages) from exc
    with transaction.atomic():
        dossier = _dossier(unit, period)
        if produced and dossier.documents.filter(component=component, produced=True).exists():
            raise ReviewError(
                _("“%(component)s” đã được ghi nhận do hệ thống lập.") % {"component": label}
            )
        document = DossierDocument.objects.create(
            dossier=dossier,
            component=component,
            file=upload if upload is not None else "",
            original_name=name,
            produced=produced,
            added_by=user,
        )
        log_action(
            user,
            AuditAction.DOSSIER_DOCUMENT_ADDED,
            dossier,
            after={
                "component": component,
                "document": document.pk,
                "name": name,
                "produced": produced,
                "size": upload.size if upload is not None else None,
            },
        )
    return document


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
                % {"when": timezone.localtime(dossier.submitted_at).strftime("%H:%M %d/%m/%Y")}
            )
        missing = [str(c.label) for c in checklist(dossier) if not c.present]
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
                "missing": missing,
            },
        )
    return dossier


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class ComponentStatus:
    component: DossierComponent
    documents: list[DossierDocument]

    @property
    def label(self) -> str:
        return str(self.component.label)

    @property
    def present(self) -> bool:
        return bool(self.documents)

    @property
    def produced(self) -> bool:
        return any(d.produced for d in self.documents)

    @property
    def files(self) -> list[DossierDocument]:
        return [d for d in self.documents if not d.produced]


def checklist(dossier: Dossier | None) -> list[ComponentStatus]:
    """Each component of SPEC §10 with its documents (attached or produced); one query."""
    documents = list(dossier.documents.select_related("added_by")) if dossier else []
    return [
        ComponentStatus(component, [d for d in documents if d.component == component])
        for component in DossierComponent
    ]


def is_complete(items: list[ComponentStatus]) -> bool:
    return all(item.present for item in items)


def deadline_of(period: Period) -> date | None:
    return period.deadlines.filter(key="dossier").values_list("due_date", flat=True).first()


def lateness(unit: Unit, period: Period) -> tuple[str, date | None]:
    """(on time | late | missing, the deadline): computed, never typed (``dossier_states``)."""
    return dossier_states(period, [unit.pk])[unit.pk], deadline_of(period)


def state_label(state: str) -> str:
    return str(DossierState(state).label)


MEETING_FIELDS = ("held_on", "attendees", "minutes")


def record_meeting(
    unit: Unit,
    period: Period,
    *,
    held_on: date,
    attendees: str,
    minutes: str,
    user,
    today: date | None = None,
) -> ReviewMeeting:
    """Record (or correct) the meeting at which the unit leadership reviewed the quarter."""
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
    with transaction.atomic():
        meeting = ReviewMeeting.objects.select_for_update().filter(unit=unit, period=period).first()
        before = (
            {f: str(getattr(meeting, f)) for f in MEETING_FIELDS} if meeting is not None else None
        )
        if meeting is None:
            meeting = ReviewMeeting(unit=unit, period=period)
        for name, value in values.items():
            setattr(meeting, name, value)
        meeting.recorded_by = user
        meeting.save()
        before, after = changed_only(before, {f: str(v) for f, v in values.items()})
        log_action(user, AuditAction.REVIEW_MEETING_RECORDED, meeting, before=before, after=after)
    return meeting


def check_dossier(dossier: Dossier, note: str, user, *, now=None) -> Dossier:
    """Record the appraiser's check of a submitted dossier, with what was found."""
    if user is not None and not access.on_unit(user, dossier.unit, Action.APPRAISE):
        raise PermissionDenied
    require_changeable(dossier)
    if dossier.submitted_at is None:
        raise ReviewError(_("Đơn vị chưa nộp hồ sơ: chưa thể kiểm tra."))
    items = checklist(dossier)
    missing = [item.label for item in items if not item.present]
    state, deadline = lateness(dossier.unit, dossier.period)
    note = note.strip()
    if missing and not note:
        raise ReviewError(
            _("Hồ sơ còn thiếu %(parts)s: hãy ghi nhận xét về phần còn thiếu.")
            % {"parts": ", ".join(missing)}
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
                "complete": not missing,
                "missing": missing,
                "state": state,
                "deadline": deadline.isoformat() if deadline else None,
            },
        )
    return dossier


def dossier_states(period: Period, unit_ids: Iterable[int]) -> dict[int, str]:
    """On time, late or missing per unit: computed from the submission time, never typed.

    A unit is covered by its own dossier or, without one, by the nearest ancestor's (a
    department's dossier covers its divisions). The deadline is the policy's ``dossier``
    deadline of the period; with none configured a submitted dossier counts as on time.
    """
    unit_ids = list(unit_ids)
    deadline = period.deadlines.filter(key="dossier").values_list("due_date", flat=True).first()
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    ancestor_paths = {p for path in paths.values() for p in _path_prefixes(path)}
    submitted: dict[str, datetime | None] = dict(
        Dossier.objects.filter(
            period=period, unit__path__in=ancestor_paths, submitted_at__isnull=False
        ).values_list("unit__path", "submitted_at")
    )
    states = {}
    for unit_id in unit_ids:
        path = paths.get(unit_id, "")
        covering = next((p for p in _path_prefixes(path) if p in submitted), None)
        at = submitted.get(covering) if covering is not None else None
        if at is None:
            states[unit_id] = DossierState.MISSING
        elif deadline is not None and timezone.localtime(at).date() > deadline:
            states[unit_id] = DossierState.LATE
        else:
            states[unit_id] = DossierState.ON_TIME
    return states


def _path_prefixes(path: str) -> list[str]:
    """The materialised paths of a unit and its ancestors, nearest first ("/a/b/", "/a/")."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1)]
