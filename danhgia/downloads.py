"""The one way a private file is sent (SPEC §14): evidence, task evidence, dossier documents.

Always an attachment, never rendered inline, under the uploader's name (RFC 5987 for
Vietnamese names), typed by its extension, never sniffed into active content, never cached;
a record without a file, or a file missing on disk, answers 404 like a record out of scope.
"""

from __future__ import annotations

import mimetypes

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def file_response(file: FieldFile, name: str) -> FileResponse:
    """``file`` as a download called ``name``; 404 when there is no file or it is gone."""
    if not file:
        raise Http404(_("Không có tệp."))
    try:
        handle = file.open("rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404(_("Tệp không còn trên máy chủ.")) from None
    name = name or "tai-lieu"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
