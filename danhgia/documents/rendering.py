"""Rendering a kind's context as .docx (docxtpl) and PDF (WeasyPrint from the HTML twin).

The .docx comes from the province's uploaded template when there is an active one, else from
the shipped, versioned file. The PDF comes from the kind's HTML twin with the shared stylesheet
of Hướng dẫn 36-HD/VPTW (``styles/van-ban.css``); see docs/decisions.md, "PDF from an HTML twin".
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from danhgia.xlsx import table_workbook, workbook_bytes

from .errors import DocumentError, TemplateInvalid
from .registry import Context, DocumentKind

# WeasyPrint logs each step of every document at INFO: keep the application's log readable
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLES_DIR = Path(__file__).resolve().parent / "styles"
#: the PDF's font, named in the stylesheet and resolved by fontconfig: Liberation Serif (Times
#: New Roman metrics, full Vietnamese coverage; Debian fonts-liberation2, scripts/setup.sh).
#: WeasyPrint embeds the subset it uses (tests/web/test_documents.py checks it).
FONT_FAMILY = "Liberation Serif"
#: the font named in the .docx templates (offices have it; same metrics as Liberation Serif)
DOCX_FONT = "Times New Roman"


@cache
def stylesheet() -> str:
    return (STYLES_DIR / "van-ban.css").read_text(encoding="utf-8")


def shipped_template(kind: DocumentKind) -> bytes:
    return kind.shipped_path.read_bytes()


def active_override(kind: DocumentKind):
    """The province's active uploaded template of the kind, or None."""
    from .models import TemplateOverride

    return TemplateOverride.objects.filter(kind=kind.code, active=True).order_by("-pk").first()


def template_bytes(kind: DocumentKind) -> tuple[bytes, str]:
    """The template in force (uploaded, else shipped) and its SHA-256."""
    override = active_override(kind)
    if override is not None:
        with override.file.open("rb") as handle:
            data = handle.read()
    else:
        data = shipped_template(kind)
    return data, hashlib.sha256(data).hexdigest()


def _fill(data: bytes, context: Context, *, lenient: bool = False) -> bytes:
    """Fill a .docx template; its tags run in Jinja's sandbox (an uploaded template is data,
    never code: no attribute tricks reach Python's internals). ``lenient``: names missing from
    the context print nothing (checking a template's tags without a record to fill it with)."""
    document = DocxTemplate(io.BytesIO(data))
    undefined = jinja2.ChainableUndefined if lenient else jinja2.Undefined
    environment = SandboxedEnvironment(autoescape=True, undefined=undefined)
    document.render(context, jinja_env=environment, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _template_problem(error: Exception) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return _("thẻ mẫu bị lỗi ở dòng %(line)s: %(message)s") % {
            "line": error.lineno,
            "message": error.message or "",
        }
    if isinstance(error, jinja2.UndefinedError):
        return _("mẫu dùng một trường không có: %(message)s") % {"message": error.message or ""}
    if isinstance(error, zipfile.BadZipFile | KeyError):
        return _("tệp không phải văn bản .docx")
    return _("không đọc được mẫu (%(error)s)") % {"error": type(error).__name__}


def check_template(data: bytes, context: Context | None) -> bytes:
    """Fill ``data`` with ``context`` (``None``: no record yet, only the tags are checked); a
    file that is not a usable .docx template raises ``TemplateInvalid`` with a Vietnamese
    message (never anything else)."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateInvalid(_("Mẫu không dùng được: tệp không phải văn bản .docx."))
    try:
        return _fill(data, context or {}, lenient=context is None)
    except Exception as error:  # docxtpl, jinja2, lxml, zipfile: all mean "this file is bad"
        raise TemplateInvalid(
            _("Mẫu không dùng được: %(problem)s.") % {"problem": _template_problem(error)}
        ) from error


def render_docx(kind: DocumentKind, context: Context) -> bytes:
    """The .docx of ``context`` from the template in force."""
    data, _sha = template_bytes(kind)
    return check_template(data, context)


@cache
def _parsed_stylesheet(landscape: bool):
    """The stylesheet parsed once per process (portrait, or landscape for wide tables)."""
    from weasyprint import CSS

    css = stylesheet()
    if landscape:
        css += "\n@page { size: A4 landscape; }"
    return CSS(string=css)


def render_pdf(kind: DocumentKind, context: Context) -> bytes:
    """The PDF of ``context`` from the kind's HTML twin and the shared stylesheet."""
    from weasyprint import HTML

    html = render_to_string(kind.html_template, {**context, "landscape": kind.landscape})
    document = HTML(string=html, base_url=str(STYLES_DIR))
    return document.write_pdf(stylesheets=[_parsed_stylesheet(kind.landscape)])


def xlsx_table(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] | None = None,
) -> bytes:
    """A kind's .xlsx as one streamed sheet (``danhgia.xlsx.table_workbook``: bold frozen
    header, formula-like text neutralised, typed numbers and dates): for ``DocumentKind.xlsx``.
    Numbers go in as ``Decimal`` (Excel shows them with the reader's decimal separator)."""
    return workbook_bytes(table_workbook(title, headers, rows, widths=widths))


def render(kind: DocumentKind, context: Context, fmt: str) -> bytes:
    """The document in ``fmt`` ("docx", "pdf" or "xlsx")."""
    if fmt == "docx" and kind.has_template:
        return render_docx(kind, context)
    if fmt == "pdf" and kind.html_template:
        return render_pdf(kind, context)
    if fmt == "xlsx" and kind.xlsx is not None:
        return kind.xlsx(context)
    raise DocumentError(_("Văn bản này không có định dạng %(fmt)s.") % {"fmt": fmt})


def sample_context(kind: DocumentKind, user: Any) -> Context | None:
    """The context of the kind's preview record for ``user`` (None when there is none)."""
    obj = kind.sample(user)
    return None if obj is None else kind.build(obj, user)
