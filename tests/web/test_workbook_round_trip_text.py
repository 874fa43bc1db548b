"""Text that starts like a formula survives round trips unchanged (SPEC §13.2).

Round-trip workbooks write "- Hoàn thành…" as a text cell without a visible apostrophe, and an
upload takes one leading apostrophe before = + - @ (older downloads) off again: an unchanged
file changes nothing, however many times it goes round. List exports still neutralise.
"""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.evaluations.models import CriterionEntry
from danhgia.evaluations.workbook import SHEET
from danhgia.tasks.collective import save_collective_result
from danhgia.tasks.models import CollectiveResult
from danhgia.xlsx import neutralise, parse_text
from tests.web import factories as f
from tests.web.workbook_support import as_bytes, workbook_world

from .test_evaluations_workbook import confirm, download, preview, put, row_of

HIGHLIGHT = "- Hoàn thành quyết toán sớm\n- Không có hồ sơ trễ hạn"
NOTE = "+ Tham gia tổ công tác của tỉnh"


@pytest.fixture
def tw(world, tmp_path, settings):
    yield from workbook_world(world, tmp_path, settings)


def _pl7(client, args):
    response = client.get(reverse("tasks:collective_download", args=args))
    assert response.status_code == 200
    return response.content


def _upload_pl7(client, args, content):
    url = reverse("tasks:collective_upload", args=args)
    return client.post(url, {"file": SimpleUploadedFile("pl7.xlsx", content)})


def test_an_unchanged_phu_luc_7_with_a_dash_text_changes_nothing(world, tw, login):
    save_collective_result(world.unit_a, tw.period, {"highlights": HIGHLIGHT}, 1, None)
    version = CollectiveResult.objects.get(unit=world.unit_a, period=tw.period).lock_version
    client = login("unit_head")
    args = [world.unit_a.pk, tw.period.pk]
    content = _pl7(client, args)
    cell = load_workbook(BytesIO(content))["Phụ lục 7"]["C2"]
    assert (cell.value, cell.data_type) == (HIGHLIGHT, "s")

    page = _upload_pl7(client, args, content)

    text = page.content.decode()
    assert page.status_code == 200, re.findall(r"<li>(.*?)</li>", text)
    assert "Thay đổi: 0" in text and "Giữ nguyên: 1" in text
    token = re.search(r'name="token" value="([0-9a-f]{32})"', text)[1]
    url = reverse("tasks:collective_upload", args=args)
    assert client.post(url, {"token": token, "confirm": "1"}).status_code == 302
    stored = CollectiveResult.objects.get(unit=world.unit_a, period=tw.period)
    assert (stored.highlights, stored.lock_version) == (HIGHLIGHT, version)


def test_an_older_download_with_the_apostrophe_is_read_without_it(world, tw, login):
    save_collective_result(world.unit_a, tw.period, {"highlights": HIGHLIGHT}, 1, None)
    client = login("unit_head")
    args = [world.unit_a.pk, tw.period.pk]
    workbook = load_workbook(BytesIO(_pl7(client, args)))
    workbook["Phụ lục 7"]["C2"] = "'" + HIGHLIGHT  # what the list-export neutralisation wrote

    page = _upload_pl7(client, args, as_bytes(workbook))

    assert "Thay đổi: 0" in page.content.decode()


def test_a_self_assessment_note_with_a_plus_goes_round_unchanged(world, login):
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])
    client = login("official")
    workbook = download(client, evaluation)
    code = workbook[SHEET].cell(row=2, column=1).value
    put(workbook, code, "note", NOTE)
    page = preview(client, evaluation, workbook)
    assert confirm(client, evaluation, page).status_code == 302
    assert CriterionEntry.objects.get(evaluation=evaluation, code=code).comment == NOTE
    evaluation.refresh_from_db()
    version = evaluation.lock_version

    again = download(client, evaluation)
    sheet = again[SHEET]
    cell = sheet.cell(row=row_of(sheet, code), column=9)
    assert (cell.value, cell.data_type) == (NOTE, "s")
    page = preview(client, evaluation, again)

    assert "không có thay đổi" in page.content.decode()
    assert confirm(client, evaluation, page).status_code == 302
    assert CriterionEntry.objects.get(evaluation=evaluation, code=code).comment == NOTE
    evaluation.refresh_from_db()
    assert evaluation.lock_version == version


def test_parse_text_drops_one_neutralising_apostrophe_only():
    parse = parse_text()
    assert parse("'- Hoàn thành") == "- Hoàn thành"
    assert parse("'=SUM(A1)") == "=SUM(A1)"
    assert parse("'quote'") == "'quote'"  # not a neutralised formula: kept


def test_list_exports_still_neutralise():
    assert neutralise("- Hoàn thành") == "'- Hoàn thành"
