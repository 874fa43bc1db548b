"""The registry of document kinds as another document builds on it: a new kind gets the route,
the landscape page, the .xlsx and the file name without other code (issue 10)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from danhgia import access
from danhgia.documents import registry, rendering
from danhgia.documents.naming import ascii_words, file_name
from danhgia.documents.presentation import letterhead
from danhgia.organisation.models import Unit


def _lookup(request, pk):
    return access.unit_or_404(request.user, pk)


def _build(unit, user):
    return {
        "title": "BẢNG TỔNG HỢP THỬ",
        "letterhead": letterhead(unit),
        "rows": [("Phạm Thu Lan", Decimal("86.5"))],
    }


def _xlsx(context):
    return rendering.xlsx_table("Tổng hợp", ["Họ và tên", "Điểm"], context["rows"])


@pytest.fixture
def wide_kind():
    kind = registry.register(
        registry.DocumentKind(
            code="thu-ngang",
            title="Bảng thử",
            file_stem="Bang-thu",
            lookup=_lookup,
            build=_build,
            name_parts=lambda unit: [unit.name],
            formats=("pdf", "xlsx"),
            html_template="documents/pdf/base.html",
            landscape=True,
            xlsx=_xlsx,
        )
    )
    yield kind
    registry._KINDS.pop(kind.code)


def test_a_registered_kind_is_served_landscape_and_as_excel(world, login, wide_kind):
    client = login("unit_head")
    pdf = client.get(reverse("documents:download", args=["thu-ngang", world.unit_a.pk, "pdf"]))
    assert pdf.status_code == 200
    assert "Bang-thu_So-A.pdf" in pdf["Content-Disposition"]
    box = PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    xlsx = client.get(reverse("documents:download", args=["thu-ngang", world.unit_a.pk, "xlsx"]))
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]] == ["Phạm Thu Lan", 86.5]
    # .docx is not among this kind's formats; another unit is out of the head's scope
    docx = client.get(reverse("documents:download", args=["thu-ngang", world.unit_a.pk, "docx"]))
    assert docx.status_code == 404
    other = client.get(reverse("documents:download", args=["thu-ngang", world.unit_b.pk, "pdf"]))
    assert other.status_code == 404


def test_kinds_are_unique_and_unknown_codes_are_404(wide_kind):
    with pytest.raises(ValueError):
        registry.register(registry.DocumentKind(**{**wide_kind.__dict__}))
    with pytest.raises(Http404):
        registry.get_kind("khong-co")
    assert wide_kind in registry.kinds()


def test_file_names_are_readable_ascii():
    assert ascii_words("Đỗ Thị Ánh Tuyết") == "Do-Thi-Anh-Tuyet"
    assert ascii_words("Ủy ban nhân dân xã Đắk R'Lấp") == "Uy-ban-nhan-dan-xa-Dak-R-Lap"
    assert file_name("Ban-tu-danh-gia", "Phạm Thu Lan", "Q3-2026", ext="docx") == (
        "Ban-tu-danh-gia_Pham-Thu-Lan_Q3-2026.docx"
    )
    assert file_name("", "", ext="pdf") == "Tai-lieu.pdf"


def test_the_letterhead_names_the_parent_body_and_the_province(world):
    head = letterhead(Unit.objects.get(pk=world.division_a1.pk))
    assert (head.parent, head.body) == ("SỞ A", "PHÒNG 1, SỞ A")
    top = letterhead(Unit.objects.get(pk=world.unit_a.pk))
    assert top.parent == "ĐẢNG BỘ TỈNH THỬ NGHIỆM" and top.place == "Thử Nghiệm"
    assert top.party == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert ", ngày " in top.place_date and " tháng " in top.place_date
