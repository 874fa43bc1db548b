"""The import's doors: the administrator's page (preview → confirm), the command, the template,
the one-time link; and files that are not what they should be (SPEC §13.2, issue 11 item 4)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from danhgia.evidence import private_storage
from danhgia.organisation import importing
from danhgia.organisation.models import Official, Unit
from danhgia.xlsx import WorkbookInvalid
from tests.web import org_workbook as ow
from tests.web import tasks_world

PAGE = "organisation:import"


@pytest.fixture(autouse=True)
def _previews_in_tmp(tmp_path):
    """Previewed files are kept in the private storage: here a temporary folder."""
    with tasks_world.private_storage_at(tmp_path):
        yield


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users["admin"])
    return client


def _province_units():
    # the world already has the root "tinh": the file's root row updates its name
    return Unit.objects.count()


def test_the_page_previews_then_confirms_all_or_nothing(admin_client, world):
    units_before = _province_units()
    response = admin_client.post(reverse(PAGE), {"file": ow.upload()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xem trước: to-chuc.xlsx" in page
    assert "Xác nhận nhập" in page
    assert not Official.objects.filter(code="CB001").exists()  # a preview writes nothing
    assert Unit.objects.count() == units_before
    token = response.context["confirm"].initial["token"]
    response = admin_client.post(reverse("organisation:import_confirm"), {"token": token})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cán bộ: 4 tạo mới, 0 thay đổi, 0 không thay đổi" in page
    assert "binh" in page and "/dat-mat-khau/" in page  # the link still to hand over
    assert Official.objects.get(code="CB001").unit.code == "so-tc"
    kept = f"imports/{world.users['admin'].pk}/{token}.xlsx"
    assert not private_storage().exists(kept)  # the previewed file is gone once imported
    # the same file again: the preview says so and offers nothing to confirm
    response = admin_client.post(reverse(PAGE), {"file": ow.upload()})
    assert "Không thay đổi: dữ liệu trong tệp giống dữ liệu hiện có." in response.content.decode()
    assert "Xác nhận nhập" not in response.content.decode()


def test_a_confirmation_names_a_file_this_user_previewed(admin_client):
    response = admin_client.post(reverse("organisation:import_confirm"), {"token": "0" * 32})
    assert response.status_code == 302
    assert response["Location"] == reverse(PAGE)
    assert not Official.objects.filter(code="CB001").exists()


def test_another_user_cannot_confirm_the_administrators_preview(admin_client, client, world):
    response = admin_client.post(reverse(PAGE), {"file": ow.upload()})
    token = response.context["confirm"].initial["token"]
    world.users["appraiser"].is_superuser = True  # an administrator too, but not the uploader
    world.users["appraiser"].save()
    client.force_login(world.users["appraiser"])
    response = client.post(reverse("organisation:import_confirm"), {"token": token})
    assert response.status_code == 302
    assert not Official.objects.filter(code="CB001").exists()


def test_only_the_administrator_imports(client, world):
    client.force_login(world.users["appraiser"])
    assert client.post(reverse(PAGE), {"file": ow.upload()}).status_code == 403
    assert not Official.objects.filter(code="CB001").exists()


def test_the_unit_list_links_to_the_import_for_the_administrator_only(client, world):
    client.force_login(world.users["admin"])
    assert "Nhập tổ chức từ Excel" in client.get(reverse("organisation:unit_list")).content.decode()
    client.force_login(world.users["appraiser"])
    page = client.get(reverse("organisation:unit_list")).content.decode()
    assert "Nhập tổ chức từ Excel" not in page


def _broken_files():
    formulas = ow.workbook()
    formulas["Đơn vị"]["B2"] = '=CONCATENATE("Tỉnh", " A")'
    renamed = ow.workbook()
    renamed["Cán bộ"]["B1"] = "Họ tên"
    merged = ow.workbook()
    merged["Đơn vị"].merge_cells("B2:B3")  # one name over two units: the second has none
    empty_rows = ow.workbook()
    for row in range(50, 20_000):
        empty_rows["Cán bộ"].cell(row=row, column=1).number_format = "@"
    return {
        "not a workbook": (
            SimpleUploadedFile("to-chuc.xlsx", b"Ma don vi;Ten\nso-tc;So"),
            "không phải bảng tính Excel",
        ),
        "wrong sheet": (
            ow.upload(ow.workbook(sheets=["Đơn vị", "Nhóm so sánh", "Cán bộ"])),
            "Phân quyền: thiếu trang tính này",
        ),
        "renamed header": (ow.upload(renamed), "Cán bộ!B1: tiêu đề cột phải là “Họ và tên”"),
        "formula": (ow.upload(formulas), "Đơn vị!B2: Tên đơn vị: ô chứa công thức"),
        "merged cells": (ow.upload(merged), "Đơn vị!B3: chưa nhập “Tên đơn vị”"),
        "too large": (SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"0" * 2048), "quá lớn"),
        "empty formatted rows": (ow.upload(empty_rows), None),
    }


@pytest.mark.parametrize("case", list(_broken_files()))
def test_a_broken_file_gets_a_clear_message_and_changes_nothing(admin_client, settings, case):
    settings.WORKBOOK_MAX_BYTES = 1024 if case == "too large" else 10 * 1024 * 1024
    upload, message = _broken_files()[case]
    response = admin_client.post(reverse(PAGE), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    if message is None:  # formatted but empty rows below the data are not data
        assert response.context["plan"].count("official")["created"] == 4
    else:
        assert message in page
        assert "Xác nhận nhập" not in page
    assert not Official.objects.filter(code="CB001").exists()


def test_the_command_imports_and_reports_counts(tmp_path, db, capsys):
    path = tmp_path / "to-chuc.xlsx"
    ow.workbook().save(path)
    call_command("import_organisation", str(path), "--dry-run")
    assert not Unit.objects.exists()
    assert "Đơn vị: 4 tạo mới" in capsys.readouterr().out
    call_command("import_organisation", str(path))
    out = capsys.readouterr().out
    assert "Cán bộ: 4 tạo mới, 0 thay đổi, 0 không thay đổi" in out
    assert "Tài khoản “binh” chưa có email; đường dẫn đặt mật khẩu: http" in out
    call_command("import_organisation", str(path))
    assert "Không thay đổi" in capsys.readouterr().out


def test_the_command_exits_with_status_2_and_every_problem_on_stderr(tmp_path, db, capsys):
    officials = [ow.official("CB9", "Sai Ngày", "khong-co", **{"Ngày sinh": "hôm qua"})]
    path = tmp_path / "sai.xlsx"
    ow.workbook(officials=officials).save(path)
    with pytest.raises(SystemExit) as exit_:
        call_command("import_organisation", str(path))
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Cán bộ!C2: Ngày sinh: ngày “hôm qua” không hợp lệ")
    assert "Cán bộ!I2: không có đơn vị mã “khong-co”" in err
    assert not Unit.objects.exists()


def test_the_template_has_the_four_sheets_their_headers_and_dropdowns(tmp_path, db):
    path = tmp_path / "mau.xlsx"
    call_command("import_organisation", "--template", str(path))
    book = load_workbook(path)
    visible = [s.title for s in book.worksheets if s.sheet_state == "visible"]
    assert visible == ["Đơn vị", "Nhóm so sánh", "Cán bộ", "Phân quyền"]
    assert [c.value for c in book["Đơn vị"][1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã đơn vị cấp trên",
        "Khối",
    ]
    assert [c.value for c in book["Nhóm so sánh"][1]] == ["Mã nhóm", "Tên nhóm"]
    assert [c.value for c in book["Cán bộ"][1]] == [
        "Mã cán bộ",
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Dân tộc thiểu số",
        "Chức vụ Đảng",
        "Chức vụ chính quyền",
        "Chức vụ đoàn thể",
        "Mã đơn vị",
        "Vai trò trong tập thể lãnh đạo",
        "Diện quản lý",
        "Mã nhóm so sánh",
        "Ngày vào công tác",
        "Ngày nghỉ hưu dự kiến",
        "Tên đăng nhập",
        "Email",
    ]
    assert [c.value for c in book["Phân quyền"][1]] == [
        "Tên đăng nhập",
        "Vai trò",
        "Mã đơn vị",
        "Cả đơn vị cấp dưới",
    ]
    dropdowns = {str(v.sqref).split(":")[0] for v in book["Cán bộ"].data_validations.dataValidation}
    assert dropdowns == {"D2", "E2", "J2", "K2"}
    # the empty template is itself a valid file that changes nothing
    with path.open("rb") as handle:
        assert importing.preview(SimpleUploadedFile("mau.xlsx", handle.read())).is_empty


def test_the_template_downloads_from_the_page(admin_client):
    response = admin_client.get(reverse("organisation:import_template"))
    assert response.status_code == 200
    assert load_workbook(BytesIO(response.content)).sheetnames[:4] == [
        "Đơn vị",
        "Nhóm so sánh",
        "Cán bộ",
        "Phân quyền",
    ]


def test_the_one_time_link_sets_the_password_once(client, db):
    result = importing.import_organisation(ow.upload())
    link = dict(result.links)["binh"].removeprefix("http://127.0.0.1:8000")
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Nhập mật khẩu mới hai lần." in response.content.decode()
    password = "Đà-Lạt mùa sương 2026"
    url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="binh")
    assert user.check_password(password)
    assert "đã được dùng" in client.get(link, follow=True).content.decode()


def test_a_preview_of_an_invalid_file_raises_with_every_problem(db):
    with pytest.raises(WorkbookInvalid) as error:
        importing.preview(ow.upload(units=[["a", None, "a", None]], officials=[], roles=[]))
    assert error.value.messages == [
        "Đơn vị!B2: chưa nhập “Tên đơn vị”",
        "Đơn vị!C2: đơn vị cấp trên tạo thành vòng lặp: a → a",
    ]


def test_the_preview_names_each_change_in_vietnamese(admin_client):
    importing.import_organisation(ow.upload())
    officials = [list(row) for row in ow.OFFICIALS]
    officials[2][8] = "ban-tc"
    officials[2][2] = "13/03/1975"
    officials[2][3] = "Nữ"
    response = admin_client.post(reverse(PAGE), {"file": ow.upload(officials=officials)})
    page = response.content.decode()
    assert "Ngày sinh: 12/03/1975 → 13/03/1975" in page
    assert "Giới tính: Nam → Nữ" in page
    assert "Mã đơn vị: so-tc-phong-1 → ban-tc" in page
    assert response.context["plan"].count("official") == {
        "created": 0,
        "changed": 1,
        "unchanged": 3,
    }


def test_a_file_wrong_in_every_row_shows_the_count_and_the_first_problems(admin_client):
    officials = [ow.official(f"CB{n}", f"Người {n}", "khong-co") for n in range(600)]
    upload = ow.upload(officials=officials, roles=[])
    response = admin_client.post(reverse(PAGE), {"file": upload})
    page = response.content.decode()
    assert "Tệp có 600 lỗi, chưa ghi gì" in page
    assert page.count("không có đơn vị mã “khong-co”") == 500
    assert "Chỉ hiện 500 lỗi đầu tiên" in page


def test_a_new_preview_replaces_the_earlier_one(admin_client):
    first = admin_client.post(reverse(PAGE), {"file": ow.upload()}).context["confirm"]
    admin_client.post(reverse(PAGE), {"file": ow.upload(roles=[])})
    response = admin_client.post(
        reverse("organisation:import_confirm"), {"token": first.initial["token"]}
    )
    assert response.status_code == 302  # the first file is no longer kept
    assert not Official.objects.filter(code="CB001").exists()


def test_the_audit_names_the_file_as_it_was_uploaded(admin_client):
    from danhgia.audit.models import AuditEntry

    name = "Danh sách tổ chức Q3-2026.xlsx"
    response = admin_client.post(reverse(PAGE), {"file": ow.upload(name=name)})
    token = response.context["confirm"].initial["token"]

    admin_client.post(reverse("organisation:import_confirm"), {"token": token})

    notes = set(
        AuditEntry.objects.filter(object_type="organisation.official").values_list(
            "note", flat=True
        )
    )
    assert notes == {f"Nhập tổ chức từ Excel: {name}"}
