"""Helpers of the task workbook tests: the tasks' world, download, upload, confirm."""

import re
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.web import tasks_world


def workbook_world(world, tmp_path, settings):
    """The tasks' world with evidence and kept uploads under ``tmp_path`` (a fixture's body)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with tasks_world.private_storage_at(tmp_path):
        yield tasks_world.build(world)


def query_for(tw, world):
    return f"?period={tw.period.pk}&assigning_unit={world.unit_a.pk}"


def download(client, name, query):
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def as_bytes(workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, name, query, content, filename="bang-tinh.xlsx"):
    return client.post(reverse(name) + query, {"file": SimpleUploadedFile(filename, content)})


def confirm(client, name, query, preview):
    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.content.decode())[1]
    return client.post(reverse(name) + query, {"token": token, "confirm": "1"})


def task_row(sheet, task_id) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == task_id)


def fill_new(sheet, row, tw, lead, changes=None):
    values = {
        2: lead.code,
        3: "Báo cáo đánh giá tình hình thực hiện dự toán ngân sách 9 tháng",
        4: "Số liệu đến hết ngày 15/9/2026",
        5: "Chủ trì; phối hợp Văn phòng Sở",
        6: "Giám đốc Sở",
        7: "B.1.4",
        8: f"Báo cáo quý [{tw.product('Báo cáo quý').pk}]",
        10: 2,
        11: "Theo kế hoạch",
        12: "Không",
        13: "03/07/2026",
        14: "20/09/2026",
    }
    values.update(changes or {})
    for column, value in values.items():
        sheet.cell(row, column, value)
