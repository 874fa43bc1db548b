"""The download of a unit's whole dossier as one ZIP (thin: ask access, call the builder)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from .dossier_zip import dossier_zip, zip_name
from .kinds.unit import reader_lookup
from .responses import document_response


@login_required
@require_GET
def dossier_download(request, unit: int):
    """Every document of the unit's dossier of the quarter (``?ky=``) for this reader, with an
    index; read by the roles that read the dossier's pages (404 out of scope, 403 otherwise)."""
    obj = reader_lookup(request, unit)
    return document_response(dossier_zip(obj, request.user), zip_name(obj))
