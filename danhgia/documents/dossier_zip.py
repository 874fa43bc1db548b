"""A unit's whole dossier of a quarter as one download: a ZIP with an index (SPEC §13.1, issue 10;
Lâm Đồng VII.2b "bản điện tử gửi kèm bản giấy"; Lào Cai 9.1).

In the order of the guidance: the submission memo, the meeting minutes, the members'
self-assessments, the summary table, Phụ lục 7, then the files the unit uploaded to its dossier.
Each document is produced through the archive (``archive.produce``: once the quarter is
decided, the stored bytes), for what this reader may see: the self-assessments of the members
``access`` lets them read, the uploaded files ``access`` lets them download. ``00_Muc-luc.txt``
lists every file with its SHA-256, and what could not be included and why.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.dossiers.components import member_officials
from danhgia.dossiers.models import DossierDocument, ReviewMeeting
from danhgia.evaluations.models import Evaluation

from .archive import produce
from .errors import DocumentError
from .kinds import evaluation as evaluation_kinds
from .kinds import quarter as quarter_kinds
from .kinds import unit as unit_kinds
from .naming import file_name, quarter_label


@dataclass(frozen=True)
class Entry:
    title: str
    name: str = ""
    content: bytes = b""
    problem: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


Step = Callable[[], Entry]


def _producer(kind, obj: Any, fmt: str, user: Any, title: str, contexts: dict) -> Step:
    def step() -> Entry:
        try:
            produced = produce(kind, obj, fmt, user, contexts=contexts)
        except (DocumentError, Http404) as error:
            return Entry(title, problem=str(error))
        return Entry(title, produced.name, produced.content)

    return step


def _upload(upload: DossierDocument) -> Step:
    def step() -> Entry:
        title = _("Tệp của hồ sơ: %(component)s") % {"component": upload.get_component_display()}
        with upload.file.open("rb") as handle:
            content = handle.read()
        original = upload.original_name or "Tep"
        stem, dot, ext = original.rpartition(".")
        name = file_name(stem, ext=ext) if dot and stem else file_name(original, ext="bin")
        return Entry(title, name, content)

    return step


def _missing(title: str, problem: str) -> Step:
    return lambda: Entry(title, problem=problem)


def steps(obj: unit_kinds.UnitQuarter, user: Any) -> list[Step]:
    """The files of the dossier for this reader, in order, each still to produce (the job
    reports its progress after each one). One template context per record serves both its
    .docx and its PDF."""
    contexts: dict = {}
    plan: list[Step] = []

    def add(kind, record: Any, formats: tuple[str, ...], title: str) -> None:
        plan.extend(_producer(kind, record, fmt, user, title, contexts) for fmt in formats)

    add(unit_kinds.MEMO, obj, ("docx", "pdf"), _("Tờ trình"))
    if ReviewMeeting.objects.filter(unit=obj.unit, period=obj.period).exists():
        add(unit_kinds.MINUTES, obj, ("docx", "pdf"), _("Biên bản hội nghị"))
    else:
        plan.append(_missing(_("Biên bản hội nghị"), _("Đơn vị chưa ghi biên bản hội nghị.")))
    evaluations = access.restrict(
        user,
        Evaluation.objects.filter(period=obj.period, official__in=member_officials(obj.unit))
        .select_related(
            "official__unit__parent__parent", "period__policy_version", "framework_version"
        )
        .order_by("official__unit__path", "official__given_name", "official__full_name", "pk"),
    )
    for evaluation in evaluations:
        title = _("Bản tự đánh giá: %(name)s") % {"name": evaluation.official.full_name}
        add(evaluation_kinds.SELF_ASSESSMENT, evaluation, ("docx", "pdf"), title)
    scope = quarter_kinds.ScopeQuarter(obj.unit, obj.period)
    add(quarter_kinds.SUMMARY, scope, ("xlsx", "docx", "pdf"), _("Bảng tổng hợp"))
    add(unit_kinds.COLLECTIVE, obj, ("docx", "pdf"), _("Phụ lục 7"))
    uploads = access.restrict(
        user,
        DossierDocument.objects.filter(dossier__unit=obj.unit, dossier__period=obj.period),
    ).order_by("component", "pk")
    plan.extend(_upload(upload) for upload in uploads if upload.file)
    return plan


def _index(obj: unit_kinds.UnitQuarter, entries: list[tuple[str, Entry]]) -> str:
    lines = [
        _("HỒ SƠ ĐÁNH GIÁ, XẾP LOẠI %(q)s") % {"q": str(obj.period).upper()},
        _("Đơn vị: %(unit)s") % {"unit": obj.unit.name},
        _("Tạo lúc: %(at)s") % {"at": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
        "",
        _("STT | Tài liệu | Tệp | SHA-256"),
    ]
    number = 0
    for path, entry in entries:
        if entry.problem:
            lines.append(f"– | {entry.title} | {_('chưa có')}: {entry.problem} |")
            continue
        number += 1
        lines.append(f"{number} | {entry.title} | {path} | {entry.sha256}")
    return "\r\n".join(lines) + "\r\n"


Progress = Callable[[int, int, str], None]


def write_dossier_zip(
    obj: unit_kinds.UnitQuarter, user: Any, target: BinaryIO, progress: Progress | None = None
) -> int:
    """Write the ZIP of the unit's dossier for this reader into ``target``: every file, then
    ``00_Muc-luc.txt``; ``progress(done, total, title)`` after each file. Returns the number of
    files included."""
    plan = steps(obj, user)
    listed: list[tuple[str, Entry]] = []
    number = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, step in enumerate(plan, 1):
            entry = step()
            if entry.problem:
                listed.append(("", entry))
            else:
                number += 1
                path = f"{number:02d}_{entry.name}"
                archive.writestr(path, entry.content)
                listed.append((path, entry))
            if progress is not None:
                progress(done, len(plan), entry.title)
        archive.writestr("00_Muc-luc.txt", _index(obj, listed).encode("utf-8"))
    return number


def dossier_zip(obj: unit_kinds.UnitQuarter, user: Any) -> bytes:
    """The ZIP of the unit's dossier for this reader, in memory (``write_dossier_zip``)."""
    buffer = io.BytesIO()
    write_dossier_zip(obj, user, buffer)
    return buffer.getvalue()


def zip_name(obj: unit_kinds.UnitQuarter) -> str:
    return file_name("Ho-so", obj.unit.name, quarter_label(obj.period), ext="zip")
