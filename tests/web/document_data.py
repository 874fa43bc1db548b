"""Helpers of the document tests: submitted evaluations of every framework shape, later steps,
and reading produced files (python-docx, pypdf)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import date
from decimal import Decimal

from docx import Document
from pypdf import PdfReader

from danhgia.decisions.models import Decision
from danhgia.dossiers.models import ReviewMeeting
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.scoring import rules_for
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft, submit
from danhgia.evaluations.targets import approve_targets
from danhgia.review.choices import KeyTaskResponse, Stage
from danhgia.review.models import KeyTaskAssessment

from . import factories as f
from .decision_data import stage_score
from .evaluation_data import filled_values

D = Decimal


def fill_and_submit(official, period, approver) -> Evaluation:
    """Open, fill every row (ratio rows without a target get 100) and submit."""
    evaluation = f.make_evaluation(official, period)
    framework = rules_for(evaluation).framework
    ratio_codes = [c.code for c in framework.criteria if c.measure in ("ratio", "reduction")]
    CriterionEntry.objects.filter(
        evaluation=evaluation, code__in=ratio_codes, target_low__isnull=True
    ).update(target_low=D(100))
    f.propose_as_stored(evaluation)
    approve_targets(evaluation, approver)
    evaluation.refresh_from_db()
    entries = {e.code: e for e in evaluation.entries.all()}
    rows = {}
    for code, value in filled_values(framework).items():
        if isinstance(value, bool):
            rows[code] = RowInput(met=value)
        elif isinstance(value, int):
            rows[code] = RowInput(level=value)
        elif isinstance(value, str) and not value[0].isdigit():
            rows[code] = RowInput(category=value)
        else:
            rows[code] = RowInput(actual=entries[code].target_low)
    save_draft(evaluation, SelfAssessment(rows), evaluation.lock_version, None)
    submit(evaluation, None)
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SELF_ASSESSED
    return evaluation


def later_steps(evaluation: Evaluation, users, *, key_task=None) -> Decision:
    """Review 86, appraisal 84, a key task's response, and a decision HTTNV (state decided)."""
    stage_score(evaluation, Stage.REVIEW, "86", "HTTNV", users["unit_head"], comment="Tích cực")
    stage_score(evaluation, Stage.APPRAISAL, "84", "HTTNV", users["appraiser"])
    if key_task is not None:
        KeyTaskAssessment.objects.create(
            task=key_task, response=KeyTaskResponse.EFFECTIVE, by=users["appraiser"]
        )
    stage_score(evaluation, Stage.DECISION, "84", "HTTNV", users["authority"])
    decision = Decision.objects.create(
        evaluation=evaluation,
        rating="HTTNV",
        engine_rating="HTTNV",
        total=D(84),
        decided_by=users["authority"],
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(state=EvaluationState.DECIDED)
    evaluation.refresh_from_db()
    return decision


def meeting(unit, period, user) -> ReviewMeeting:
    return ReviewMeeting.objects.create(
        unit=unit,
        period=period,
        held_on=date(2026, 9, 28),
        attendees="Đồng chí Nguyễn Thanh Sơn, Giám đốc, chủ trì\nCác đồng chí Phó Giám đốc",
        minutes="Hội nghị nghe cá nhân trình bày bản tự đánh giá.\nTập thể thống nhất đề xuất.",
        recorded_by=user,
    )


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, one per line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def docx_rows(content: bytes, table: int) -> list[list[str]]:
    document = Document(io.BytesIO(content))
    return [[cell.text for cell in row.cells] for row in document.tables[table].rows]


def pdf_text(content: bytes) -> str:
    """The PDF's text with its line breaks and spaces collapsed (a cell's text wraps)."""
    pages = (page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(" ".join(pages).split())


def pdf_top_margin_text(content: bytes, page: int) -> str:
    """The text in the top 20 mm of a page (pdftotext, poppler-utils): the page number."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0", "-W", "595",
             "-H", "56", handle.name, "-"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    return result.stdout.strip()


def pdf_fonts(content: bytes) -> set[tuple[str, bool]]:
    """(base font name, embedded) of every font the PDF uses."""
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add((str(font.get("/BaseFont")), embedded))
    return fonts
