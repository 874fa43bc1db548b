"""The evaluation workbook (SPEC §13.2 "round trips"): download, fill offline, upload back.

A workbook is downloaded from the page, changed with openpyxl as Excel would, uploaded; the
preview shows the engine's numbers; "Lưu bản nháp" stores exactly what the web form would store
for the same values. Stale or foreign workbooks, wrong cells, frozen quarters and broken files
are refused with a message and change nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.audit.choices import AuditAction
from danhgia.audit.models import AuditEntry
from danhgia.evaluations import services
from danhgia.evaluations.choices import EvaluationState, LevelResponse
from danhgia.evaluations.errors import EvaluationError
from danhgia.evaluations.models import CriterionEntry, Evaluation
from danhgia.evaluations.scoring import rules_for
from danhgia.evaluations.workbook import COLUMN, SHEET, Editable, build_workbook
from danhgia.evidence import private_storage
from danhgia.names import display_name
from danhgia.periods.services import close_period
from danhgia.xlsx.prefilled import STAMP_SHEET
from tests.web import factories as f
from tests.web import tasks_world

from .evaluation_data import filled_post, filled_values

ENTRY_FIELDS = (
    "code", "met", "actual", "category", "level", "use_tasks", "comment", "target_low",
    "target_high", "not_applicable", "kpi", "points", "exceeded",
)  # fmt: skip
TOTAL_FIELDS = ("self_part_a", "self_part_b", "self_total", "self_band", "exceeded_count")


@pytest.fixture(autouse=True)
def _private_files(tmp_path):
    """Evidence and kept uploads in the private storage: here a temporary folder."""
    with tasks_world.private_storage_at(tmp_path):
        yield


@pytest.fixture
def period(world):
    return f.make_evaluation_period(world.unit_a.block)


@pytest.fixture
def evaluation(world, period):
    return f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])


def _url(name, evaluation):
    return reverse(f"evaluations:{name}", args=[evaluation.pk])


def download(client, evaluation):
    response = client.get(_url("workbook_download", evaluation))
    assert response.status_code == 200, response
    return load_workbook(BytesIO(response.content))


def as_file(workbook, name="phieu.xlsx") -> SimpleUploadedFile:
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row_of(sheet, code: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value == code:
            return row
    raise AssertionError(code)


def put(workbook, code: str, key: str, value) -> str:
    sheet = workbook[SHEET]
    cell = sheet.cell(row=row_of(sheet, code), column=COLUMN[key])
    cell.value = value
    return cell.coordinate


def fill(workbook, evaluation, values: dict[str, object]) -> None:
    """The values of ``filled_values`` typed as an official would in Excel."""
    framework = rules_for(evaluation).framework
    for code, value in values.items():
        criterion = framework.criterion(code)
        if criterion.part == "A":
            cell = "Đảm bảo" if value else "Không đảm bảo"
        elif criterion.measure == "level":
            cell = str(LevelResponse(value).label)
        elif criterion.measure in ("ratio", "reduction"):
            cell = float(str(value).replace(",", "."))  # a real Excel number
        else:
            cell = value
        put(workbook, code, "result", cell)


def preview(client, evaluation, workbook, **extra):
    return client.post(_url("workbook_upload", evaluation), {"file": as_file(workbook), **extra})


def confirm(client, evaluation, page):
    context = page.context
    return client.post(
        _url("workbook_upload", evaluation),
        {"confirm": "1", "token": context["token"]},
    )


def stored(evaluation):
    rows = list(
        CriterionEntry.objects.filter(evaluation=evaluation).order_by("code").values(*ENTRY_FIELDS)
    )
    totals = Evaluation.objects.filter(pk=evaluation.pk).values(*TOTAL_FIELDS).get()
    return rows, totals


def problems(response) -> list[str]:
    return [str(p) for p in response.context["problems"]]


# --- Download ----------------------------------------------------------------------------------


def test_the_workbook_is_prefilled_with_dropdowns_locked_codes_and_a_hidden_stamp(
    login, evaluation
):
    client = login("official")
    page = client.get(_url("self_assessment", evaluation)).content.decode()
    assert _url("workbook_download", evaluation) in page
    workbook = download(client, evaluation)
    sheet = workbook[SHEET]
    assert [c.value for c in sheet[1]] == [
        "Mã tiêu chí", "Nội dung tiêu chí", "Điểm tối đa", "Cách chấm", "Mục tiêu",
        "Không áp dụng", "Kết quả tự đánh giá", "Tính từ nhiệm vụ", "Ghi chú",
    ]  # fmt: skip
    codes = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert codes == [c.code for c in rules_for(evaluation).framework.criteria]
    b17 = row_of(sheet, "B.1.7")
    assert sheet.cell(row=b17, column=COLUMN["target"]).value == "20-25"
    assert sheet.protection.sheet is True
    assert sheet.cell(row=b17, column=COLUMN["code"]).protection.locked is True
    # targets approved: the target is locked, the result is to fill
    assert sheet.cell(row=b17, column=COLUMN["target"]).protection.locked is True
    assert sheet.cell(row=b17, column=COLUMN["result"]).protection.locked is False
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert any("_danh_muc" in formula for formula in lists)
    assert workbook[STAMP_SHEET].sheet_state == "veryHidden"
    assert [c.value for c in workbook[STAMP_SHEET][2]] == [
        f"evaluation:{evaluation.pk}",
        evaluation.lock_version,
    ]


# --- Round trip --------------------------------------------------------------------------------


def test_a_round_trip_stores_what_the_form_stores_for_the_same_values(
    login, client, world, period, evaluation
):
    framework = rules_for(evaluation).framework
    values = filled_values(framework)
    # the same values posted through the web form, on the colleague's evaluation (same rules)
    colleague = f.make_evaluation(world.colleague_a, period, approved_by=world.users["unit_head"])
    client.force_login(world.users["admin"])
    form_post = filled_post(colleague)
    form_post["B_1_1-comment"] = "Đã hoàn thành"
    assert client.post(_url("self_assessment", colleague), form_post).status_code == 302

    client = login("official")
    workbook = download(client, evaluation)
    fill(workbook, evaluation, values)
    put(workbook, "B.1.1", "note", "Đã hoàn thành")
    page = preview(client, evaluation, workbook)
    assert page.status_code == 200
    assert problems(page) == []
    assert stored(evaluation)[1]["self_total"] is None  # nothing saved by the preview
    html = page.content.decode()
    form_rows, form_totals = stored(colleague)
    total = f"{form_totals['self_total']:.2f}".replace(".", ",")
    assert total in html and "Lưu bản nháp" in html
    assert (
        page.context["preview"].scoring.total.quantize(Decimal("0.01"))
        == (form_totals["self_total"])
    )
    response = confirm(client, evaluation, page)
    assert response.status_code == 302
    assert response["Location"] == _url("self_assessment", evaluation)
    rows, totals = stored(evaluation)
    assert rows == form_rows
    assert totals == form_totals
    assert totals["self_total"] is not None
    saved = AuditEntry.objects.filter(
        action=AuditAction.EVALUATION_SAVED, object_id=str(evaluation.pk)
    )
    assert saved.count() == 1


def test_targets_are_proposed_from_the_workbook_while_a_draft(login, world, period):
    draft = f.make_evaluation(world.official_a, period)
    client = login("official")
    assert _url("workbook_download", draft) in client.get(_url("targets", draft)).content.decode()
    workbook = download(client, draft)
    target_cell = workbook[SHEET].cell(row=row_of(workbook[SHEET], "B.1.1"), column=5)
    assert target_cell.protection.locked is False  # a draft: the target is to fill
    put(workbook, "B.1.1", "target", "12,5")
    put(workbook, "B.1.7", "target", "30-40")
    put(workbook, "B.1.1", "result", 10)
    page = preview(client, draft, workbook, tu="targets")
    assert problems(page) == []
    assert "12,5" in page.content.decode()
    response = confirm(client, draft, page)
    assert response.status_code == 302 and response["Location"] == _url("targets", draft)
    b11 = CriterionEntry.objects.get(evaluation=draft, code="B.1.1")
    b17 = CriterionEntry.objects.get(evaluation=draft, code="B.1.7")
    assert (b11.target_low, b11.target_high, b11.actual) == (Decimal("12.5"), None, Decimal(10))
    assert (b17.target_low, b17.target_high) == (Decimal(30), Decimal(40))
    assert Evaluation.objects.get(pk=draft.pk).state == EvaluationState.DRAFT
    actions = set(AuditEntry.objects.filter(object_id=str(draft.pk)).values_list("action", flat=1))
    assert {AuditAction.EVALUATION_TARGETS_PROPOSED, AuditAction.EVALUATION_SAVED} <= actions


def test_a_criterion_scored_from_linked_tasks_is_chosen_in_the_workbook(
    login, client, world, period, evaluation
):
    for official in (world.official_a, world.colleague_a):
        f.make_task(
            official, period, world.unit_a, world.users["unit_head"], criterion_code="B.1.2",
            planned_quantity=2, delivered_quantity=2, quality=Decimal(1), timeliness=Decimal(1),
            leadership=Decimal(1), completed_on=date(2026, 9, 5),
        )  # fmt: skip
    colleague = f.make_evaluation(world.colleague_a, period, approved_by=world.users["unit_head"])
    client.force_login(world.users["admin"])
    posted = filled_post(colleague, **{"B_1_2-use_tasks": "on"})
    assert client.post(_url("self_assessment", colleague), posted).status_code == 302
    client = login("official")
    workbook = download(client, evaluation)
    sheet = workbook[SHEET]
    tasks_cell = sheet.cell(row=row_of(sheet, "B.1.2"), column=COLUMN["use_tasks"])
    assert tasks_cell.value == "Không" and tasks_cell.protection.locked is False
    assert sheet.cell(row=row_of(sheet, "B.1.1"), column=COLUMN["use_tasks"]).value is None
    fill(workbook, evaluation, filled_values(rules_for(evaluation).framework))
    tasks_cell.value = "Có"
    page = preview(client, evaluation, workbook)
    assert problems(page) == []
    confirm(client, evaluation, page)
    b12 = CriterionEntry.objects.get(evaluation=evaluation, code="B.1.2")
    assert b12.use_tasks is True
    assert b12.points is not None
    assert stored(evaluation) == stored(colleague)


def test_nothing_is_saved_when_the_second_step_of_the_upload_fails(
    login, world, period, monkeypatch
):
    draft = f.make_evaluation(world.official_a, period)
    client = login("official")
    workbook = download(client, draft)
    put(workbook, "B.1.1", "target", "7")
    put(workbook, "B.1.1", "result", 3)
    page = preview(client, draft, workbook)
    before = stored(draft)

    def refuse(*args, **kwargs):
        raise EvaluationError("Chưa lưu được.")

    monkeypatch.setattr(services, "save_draft", refuse)
    response = confirm(client, draft, page)
    assert "Chưa lưu được." in problems(response)[0]
    assert stored(draft) == before
    assert not AuditEntry.objects.filter(
        action=AuditAction.EVALUATION_TARGETS_PROPOSED, object_id=str(draft.pk)
    ).exists()


def test_an_unchanged_workbook_saves_nothing(login, evaluation):
    client = login("official")
    before = stored(evaluation)
    page = preview(client, evaluation, download(client, evaluation))
    assert "không có thay đổi" in page.content.decode()
    assert confirm(client, evaluation, page).status_code == 302
    assert stored(evaluation) == before
    assert Evaluation.objects.get(pk=evaluation.pk).lock_version == evaluation.lock_version


# --- Refused workbooks -------------------------------------------------------------------------


def test_a_workbook_saved_over_since_download_is_refused(login, client, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    client.post(_url("self_assessment", evaluation), filled_post(evaluation))
    before = stored(evaluation)
    put(workbook, "B.1.1", "result", 99)
    page = preview(client, evaluation, workbook)
    assert len(problems(page)) == 1
    assert problems(page)[0].startswith("Phiếu đã được lưu lúc")
    assert "sau khi bạn tải bảng tính" in problems(page)[0]
    who = display_name(evaluation.official.user)  # the account's name, else its official's (D26)
    assert f"“Lưu bản tự đánh giá” của {who}" in problems(page)[0], problems(page)
    assert stored(evaluation) == before


def test_a_change_between_preview_and_confirmation_is_refused(login, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    put(workbook, "B.1.1", "result", 99)
    page = preview(client, evaluation, workbook)
    client.post(_url("self_assessment", evaluation), filled_post(evaluation))
    before = stored(evaluation)
    response = confirm(client, evaluation, page)
    assert response.status_code == 200
    assert "sau khi bạn tải bảng tính" in problems(response)[0]
    assert stored(evaluation) == before


def test_another_evaluations_workbook_is_refused(login, world, period, evaluation):
    colleague = f.make_evaluation(world.colleague_a, period, approved_by=world.users["unit_head"])
    rules = rules_for(colleague)
    entries = {e.code: e for e in colleague.entries.all()}
    foreign = build_workbook(colleague, rules, entries, {}, Editable(True, True))
    page = preview(login("official"), evaluation, foreign)
    assert "phiếu đánh giá khác" in problems(page)[0]
    assert f"phiếu số {colleague.pk}" in problems(page)[0]


def test_wrong_values_are_reported_at_their_cells_all_at_once(login, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    before = stored(evaluation)
    ratio = put(workbook, "B.1.1", "result", "nhiều")
    level = put(workbook, "B.1.2", "result", "Mức 7")
    met = put(workbook, "A.1.1", "result", "Có lẽ")
    target = put(workbook, "B.1.7", "target", "50")  # approved: not changed here
    page = preview(client, evaluation, workbook)
    found = problems(page)
    assert any(p.startswith(f"Tiêu chí!{ratio}: ") and "không phải là số" in p for p in found)
    assert any(p.startswith(f"Tiêu chí!{level}: Kết quả tự đánh giá") for p in found)
    assert any(p.startswith(f"Tiêu chí!{met}: ") and "Đảm bảo" in p for p in found)
    assert any(p.startswith(f"Tiêu chí!{target}: Mục tiêu") and "đã được duyệt" in p for p in found)
    assert "token" not in page.context
    assert stored(evaluation) == before


def test_a_closed_quarter_refuses_the_workbook(login, period, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    put(workbook, "B.1.1", "result", 3)
    page = preview(client, evaluation, workbook)
    close_period(period)
    before = stored(evaluation)
    response = confirm(client, evaluation, page)
    assert response.status_code == 302  # the official is told why, on the evaluation's page
    assert response["Location"] == _url("detail", evaluation)
    assert client.get(_url("workbook_download", evaluation)).status_code == 302
    assert stored(evaluation) == before


def test_only_the_official_gets_the_workbook_of_their_evaluation(login, evaluation):
    assert login("unit_head").get(_url("workbook_download", evaluation)).status_code == 403
    assert login("outsider").get(_url("workbook_download", evaluation)).status_code == 404


# --- Broken files ------------------------------------------------------------------------------


def _renamed_sheet(workbook):
    workbook[SHEET].title = "Trang 1"
    return workbook


def _renamed_header(workbook):
    workbook[SHEET]["G1"] = "Kết quả"
    return workbook


def _formula(workbook):
    put(workbook, "B.1.1", "result", "=1+2")
    return workbook


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_renamed_sheet, "Tiêu chí: thiếu trang tính này"),
        (_renamed_header, "Tiêu chí!G1: tiêu đề cột phải là “Kết quả tự đánh giá”"),
        (_formula, "ô chứa công thức"),
    ],
)
def test_broken_workbooks_get_a_clear_message_and_change_nothing(
    login, evaluation, change, message
):
    client = login("official")
    before = stored(evaluation)
    page = preview(client, evaluation, change(download(client, evaluation)))
    assert page.status_code == 200
    assert any(message in p for p in problems(page))
    assert stored(evaluation) == before


def test_merged_cells_are_read_by_their_first_cell(login, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    sheet = workbook[SHEET]
    sheet.protection.sheet = False
    cell = put(workbook, "A.1.1", "result", "Đảm bảo")
    row = sheet[cell].row
    sheet.merge_cells(f"G{row}:I{row}")
    page = preview(client, evaluation, workbook)
    assert page.status_code == 200 and problems(page) == []
    assert confirm(client, evaluation, page).status_code == 302
    entry = CriterionEntry.objects.get(evaluation=evaluation, code="A.1.1")
    assert (entry.met, entry.comment) == (True, "")


def test_a_file_that_is_not_a_workbook_or_too_large_is_refused(login, evaluation, settings):
    client = login("official")
    url = _url("workbook_upload", evaluation)
    page = client.post(url, {"file": SimpleUploadedFile("phieu.xlsx", b"khong phai excel")})
    assert "không phải bảng tính Excel" in problems(page)[0]
    settings.WORKBOOK_MAX_BYTES = 1024
    page = preview(client, evaluation, download(client, evaluation))
    assert "quá lớn" in problems(page)[0]
    assert client.post(url, {}).status_code == 200  # no file chosen: the form says so


def test_empty_formatted_rows_below_the_table_are_ignored(login, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    sheet = workbook[SHEET]
    for row in range(sheet.max_row + 1, sheet.max_row + 3000):
        sheet.cell(row=row, column=2).number_format = "0.00"
        sheet.cell(row=row, column=9).value = "  "
    put(workbook, "B.1.1", "result", 3)
    page = preview(client, evaluation, workbook)
    assert problems(page) == []
    assert confirm(client, evaluation, page).status_code == 302
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual == 3


def test_a_held_upload_is_only_given_back_to_its_owner_intact(login, world, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    put(workbook, "B.1.1", "result", 3)
    page = preview(client, evaluation, workbook)
    token = page.context["token"]
    forged = client.post(_url("workbook_upload", evaluation), {"confirm": "1", "token": "0" * 32})
    assert "Không tìm thấy tệp đã xem trước" in problems(forged)[0]
    held = f"imports/{world.users['official'].pk}/{token}.xlsx"
    storage = private_storage()
    with storage.open(held, "rb") as handle:
        content = handle.read()
    storage.delete(held)
    storage.save(held, ContentFile(content + b"changed on disk"))
    changed = client.post(_url("workbook_upload", evaluation), {"confirm": "1", "token": token})
    assert "Không tìm thấy tệp đã xem trước" in problems(changed)[0]
    assert CriterionEntry.objects.get(evaluation=evaluation, code="B.1.1").actual is None


# --- Queries -------------------------------------------------------------------------------


def test_queries_do_not_grow_with_the_rows_changed(login, world, period, evaluation):
    client = login("official")
    counts = []
    for values in ({"B.1.1": "3"}, filled_values(rules_for(evaluation).framework)):
        evaluation.refresh_from_db()
        workbook = download(client, evaluation)
        fill(workbook, evaluation, values)
        page = preview(client, evaluation, workbook)
        assert problems(page) == []
        with CaptureQueriesContext(connection) as queries:
            assert confirm(client, evaluation, page).status_code == 302
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_preview_reads_every_row_in_a_bounded_number_of_queries(
    login, evaluation, django_assert_max_num_queries
):
    client = login("official")
    workbook = download(client, evaluation)
    fill(workbook, evaluation, filled_values(rules_for(evaluation).framework))
    with django_assert_max_num_queries(25):
        page = preview(client, evaluation, workbook)
    assert problems(page) == []


def test_a_formula_cell_does_not_hide_the_other_problems_which_come_in_row_order(login, evaluation):
    client = login("official")
    workbook = download(client, evaluation)
    before = stored(evaluation)
    met = put(workbook, "A.1.1", "result", "Có lẽ")
    formula = put(workbook, "B.1.1", "result", "=1+2")
    level = put(workbook, "B.1.2", "result", "Mức 7")

    found = problems(preview(client, evaluation, workbook))

    cells = [p.split(": ", 1)[0] for p in found]
    assert cells == [f"Tiêu chí!{met}", f"Tiêu chí!{formula}", f"Tiêu chí!{level}"]
    assert "ô chứa công thức" in found[1]
    assert stored(evaluation) == before
