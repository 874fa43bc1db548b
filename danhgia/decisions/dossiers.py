"""A unit's dossier for the quarter: its components, submission and lateness (SPEC §10).

The unit (its secretary or leadership) adds each component of SPEC §10 — memo, meeting
minutes, self-assessments, evidence per axis, summary tables, Phụ lục 7 — as an attached file
(checked by ``danhgia.evidence.check_upload``, stored privately) or as "produced by the system"
for what the system itself holds (the self-assessments, the summary, Phụ lục 7, and the minutes
once the meeting is recorded). Submission records the time once; lateness is computed from it
against the period's ``dossier`` deadline (``rating.dossier_states``), never typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action
from danhgia.evidence import check_upload
from danhgia.organisation import access
from danhgia.organisation.access import UNIT_CLERK_ROLES
from danhgia.organisation.models import Unit
from danhgia.periods.models import Period

from .choices import DossierComponent, DossierState
from .models import Dossier, DossierDocument, ReviewMeeting
from .rating import dossier_states
from .workflow import ReviewError, require_open

#: components the system itself produces (no file needed)
PRODUCIBLE = (
    DossierComponent.SELF_ASSESSMENTS,
    DossierComponent.SUMMARY,
    DossierComponent.COLLECTIVE,
    DossierComponent.MINUTES,
)


def prepares(user, unit: Unit) -> bool:
    """The unit's secretary or leadership (or an administrator) prepares its dossier."""
    return access.units_in_scope(user, UNIT_CLERK_ROLES).filter(pk=unit.pk).exists()


def _require_preparer(user, unit: Unit) -> None:
    if user is not None and not prepares(user, unit):
        raise PermissionDenied


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
    _require_preparer(user, unit)
    require_open(period)
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
    _require_preparer(user, unit)
    require_open(period)
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
