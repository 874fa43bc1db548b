"""Template administration steps: upload a province's template, go back to the shipped one.

Each step checks the right (``Action.MANAGE_TEMPLATES``, administrators), checks the file by
filling it with a real record's data, saves in one transaction and writes an audit entry.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danhgia import access
from danhgia.access import Action
from danhgia.audit.choices import AuditAction
from danhgia.audit.services import log_action

from . import rendering
from .errors import DocumentError, TemplateInvalid
from .models import TemplateOverride
from .registry import DocumentKind

#: an uploaded template larger than this is refused
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
TOO_LARGE = gettext_lazy("Mẫu quá lớn: tối đa 5 MB.")


def check_upload(kind: DocumentKind, data: bytes, user: Any) -> bytes:
    """Fill the uploaded template with the preview record's data (or, without one, an empty
    context checking only its tags); returns the filled .docx, raises ``TemplateInvalid``."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateInvalid(str(TOO_LARGE))
    return rendering.check_template(data, rendering.sample_context(kind, user))


def upload_template(kind: DocumentKind, data: bytes, original_name: str, user: Any):
    """Make ``data`` the province's template of ``kind`` (checked first)."""
    access.require_may(user, Action.MANAGE_TEMPLATES)
    if not kind.has_template:
        raise DocumentError(_("Văn bản này không có mẫu .docx."))
    check_upload(kind, data, user)
    with transaction.atomic():
        TemplateOverride.objects.filter(kind=kind.code, active=True).update(active=False)
        override = TemplateOverride(
            kind=kind.code,
            original_name=original_name[:255] or f"{kind.code}.docx",
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=user,
        )
        override.file.save(f"{kind.code}.docx", ContentFile(data), save=False)
        override.save()
        log_action(
            user,
            AuditAction.DOCUMENT_TEMPLATE_UPLOADED,
            override,
            after={"kind": kind.code, "name": override.original_name, "sha256": override.sha256},
        )
    return override


def reset_template(kind: DocumentKind, user: Any) -> int:
    """Go back to the shipped template; returns how many uploads were set aside (0 or 1)."""
    access.require_may(user, Action.MANAGE_TEMPLATES)
    with transaction.atomic():
        current = list(TemplateOverride.objects.filter(kind=kind.code, active=True))
        if not current:
            return 0
        TemplateOverride.objects.filter(pk__in=[o.pk for o in current]).update(active=False)
        log_action(
            user,
            AuditAction.DOCUMENT_TEMPLATE_RESET,
            current[0],
            after={"kind": kind.code, "version": kind.template_version},
        )
    return len(current)
