"""Loading the organisation from a workbook (SPEC §13.2): what is created, changed, left alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danhgia.audit.models import AuditEntry
from danhgia.organisation import importing
from danhgia.organisation.choices import LeadershipRole, ManagementScope, Role
from danhgia.organisation.models import (
    Block,
    ComparisonGroup,
    Official,
    PositionHistory,
    RoleAssignment,
    Unit,
)
from danhgia.xlsx import WorkbookInvalid
from tests.web import factories as f
from tests.web import org_workbook as ow

pytestmark = pytest.mark.django_db


def run(**parts):
    return importing.import_organisation(ow.upload(**parts))


def test_an_empty_installation_loads_the_whole_organisation(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = run()
    assert result.counts["unit"] == {"created": 4, "changed": 0, "unchanged": 0}
    paths = dict(Unit.objects.values_list("code", "path"))
    assert paths["so-tc-phong-1"] == "/tinh/so-tc/so-tc-phong-1/"  # child listed before parent
    assert sorted(Block.objects.values_list("name", flat=True)) == ["Khối chính quyền", "Khối Đảng"]
    assert Unit.objects.get(code="ban-tc").block.name == "Khối Đảng"
    assert set(ComparisonGroup.objects.values_list("code", flat=True)) == {"gd-so", "pho-gd-so"}
    an = Official.objects.select_related("unit", "user", "comparison_group").get(code="CB001")
    assert (an.full_name, an.given_name, an.unit.code) == ("Trần Văn An", "An", "so-tc")
    assert an.leadership_role == LeadershipRole.HEAD
    assert an.management_scope == ManagementScope.PROVINCIAL
    assert an.comparison_group.code == "gd-so"
    assert an.date_of_birth == date(1975, 3, 12)
    assert an.expected_retirement == date(2037, 4, 1)  # blank: 62 years (Labour Code)
    assert Official.objects.get(code="CB003").leadership_role == LeadershipRole.MEMBER
    assert not an.user.has_usable_password()
    assert an.user.email == "an.tv@example.vn"
    # An e-mail with a one-time link for the account with an address, links for the others.
    assert [m.to for m in mailoutbox] == [["an.tv@example.vn"]]
    assert "http://127.0.0.1:8000/dat-mat-khau/" in mailoutbox[0].body
    assert [name for name, _link in result.links] == ["binh", "dung"]
    roles = set(RoleAssignment.objects.values_list("user__username", "role", "unit__code"))
    assert roles == {
        ("an.tv", Role.UNIT_LEADERSHIP, "so-tc"),
        ("binh", Role.UNIT_SECRETARY, "so-tc"),  # the longer label of the product
        ("dung", Role.APPRAISER, "tinh"),
    }  # "Cán bộ" comes with the official's record: nothing stored
    assert AuditEntry.objects.filter(action="record.created").count() == 2 + 4 + 2 + 4 + 3 + 3
    role = RoleAssignment.objects.get(user__username="dung")
    entry = AuditEntry.objects.get(object_type="organisation.roleassignment", object_id=role.pk)
    assert entry.after == {"include_subtree": True}
    assert entry.note == "Nhập tổ chức từ Excel: to-chuc.xlsx"


def test_a_block_is_found_by_its_code_too():
    block = f.make_block()
    result = run(units=[["tinh", "Tỉnh", None, block.code.upper()]], officials=[], roles=[])
    assert Unit.objects.get(code="tinh").block == block
    assert result.counts["block"]["created"] == 0


def test_the_same_file_twice_changes_nothing():
    run()
    entries = AuditEntry.objects.count()
    plan = importing.preview(ow.upload())
    assert plan.is_empty
    result = run()
    assert not result.changed
    assert result.counts["official"] == {"created": 0, "changed": 0, "unchanged": 4}
    assert result.links == []
    assert AuditEntry.objects.count() == entries


def test_a_changed_file_updates_by_code_and_a_person_who_changed_unit_moves():
    run()
    posts = Official.objects.get(code="CB003").position_history
    PositionHistory.objects.create(
        official=Official.objects.get(code="CB003"),
        unit=Unit.objects.get(code="so-tc-phong-1"),
        title="Chuyên viên",
        leadership_role=LeadershipRole.MEMBER,
        start_date=date(2020, 1, 1),
    )
    officials = [list(row) for row in ow.OFFICIALS]
    officials[2][8] = "ban-tc"  # CB003 moves
    officials[1][1] = "Nguyễn Thị Bình An"
    units = [list(row) for row in ow.UNITS]
    units[3][1] = "Ban Tổ chức"
    result = run(units=units, officials=officials)
    assert result.counts["official"] == {"created": 0, "changed": 2, "unchanged": 2}
    assert result.counts["unit"] == {"created": 0, "changed": 1, "unchanged": 3}
    moved = Official.objects.get(code="CB003")
    assert moved.unit.code == "ban-tc"
    today = timezone.localdate()
    history = list(posts.order_by("start_date").values_list("unit__code", "start_date", "end_date"))
    assert history == [
        ("so-tc-phong-1", date(2020, 1, 1), today - timedelta(days=1)),
        ("ban-tc", today, None),
    ]
    assert Official.objects.get(code="CB002").given_name == "An"
    entry = AuditEntry.objects.get(action="record.changed", object_id=str(moved.pk))
    assert entry.before == {"unit": "so-tc-phong-1"}
    assert entry.after == {"unit": "ban-tc"}
    assert entry.object_type == "organisation.official"


def test_a_unit_moved_under_another_takes_its_subtree_along():
    run()
    units = [list(row) for row in ow.UNITS]
    units[2][2] = "ban-tc"
    units[2][3] = "khối đảng"  # another block, by its name in other letter case
    result = run(units=units)
    assert Unit.objects.get(code="so-tc-phong-1").path == "/tinh/ban-tc/so-tc/so-tc-phong-1/"
    moved = Unit.objects.select_related("parent", "block").get(code="so-tc")
    assert (moved.parent.code, moved.block.name) == ("ban-tc", "Khối Đảng")
    assert result.counts["unit"] == {"created": 0, "changed": 1, "unchanged": 3}
    assert result.counts["block"]["created"] == 0


def test_every_problem_of_the_file_is_reported_at_once_and_nothing_is_written():
    units = [
        *ow.UNITS,
        ["a", "A", "b", None],
        ["b", "B", "a", None],
        ["so-tc", "Trùng", None, None],
    ]
    units.append(["x", "X", "khong-co", None])
    officials = [
        *ow.OFFICIALS,
        ow.official("CB009", "Hồ Văn Sai", "khong-co", **{"Ngày sinh": "31/02/1980"}),
        ow.official(
            "CB010", "Mai Văn Trễ", "so-tc", **{"Giới tính": "Khác", "Mã nhóm so sánh": "zz"}
        ),
        ow.official("CB011", "Đào Văn Sớm", "so-tc", **{"Ngày vào công tác": "01/01/1970"}),
        ow.official("CB012", "Lý Văn Trùng", "so-tc", **{"Tên đăng nhập": "binh"}),
    ]
    roles = [*ow.ROLES, ["khong-ai", "Quản trị", "tinh", None], ["binh", "Vua", "tinh", None]]
    with pytest.raises(WorkbookInvalid) as error:
        run(units=units, officials=officials, roles=roles)
    messages = error.value.messages
    assert "Đơn vị!C6: đơn vị cấp trên tạo thành vòng lặp: a → b → a" in messages
    assert "Đơn vị!A8: mã đơn vị “so-tc” trùng với dòng 4" in messages
    assert "Đơn vị!C9: không có đơn vị mã “khong-co” (trong tệp hoặc trong hệ thống)" in messages
    assert any(
        m.startswith("Cán bộ!C6: Ngày sinh: ngày “31/02/1980” không hợp lệ") for m in messages
    )
    assert "Cán bộ!I6: không có đơn vị mã “khong-co”" in messages
    assert any(m.startswith("Cán bộ!D7: Giới tính: “Khác” không phải") for m in messages)
    assert "Cán bộ!L7: không có nhóm so sánh mã “zz”" in messages
    assert "Cán bộ!M8: ngày vào công tác phải sau ngày sinh" in messages
    assert "Cán bộ!O9: tài khoản “binh” đã gắn với cán bộ mã “CB002”" in messages
    assert any(m.startswith("Phân quyền!A6: chưa có tài khoản “khong-ai”") for m in messages)
    assert any(m.startswith("Phân quyền!B7: Vai trò: “Vua” không phải") for m in messages)
    # in the order of the sheets, then of the rows
    assert [m.split("!")[0] for m in messages] == sorted(
        (m.split("!")[0] for m in messages), key=["Đơn vị", "Cán bộ", "Phân quyền"].index
    )
    assert Unit.objects.count() == Official.objects.count() == 0
    assert get_user_model().objects.count() == 0


def test_a_role_of_an_account_that_is_not_an_official_cannot_be_cán_bộ():
    user = f.make_user("quantri")
    with pytest.raises(WorkbookInvalid) as error:
        run(roles=[[user.username, "Cán bộ", "tinh", None]])
    assert error.value.messages == [
        "Phân quyền!B2: tài khoản “quantri” không gắn với cán bộ nào ở trang Cán bộ"
    ]


def _queries(count: int, *, twice: bool = False) -> int:
    """Queries of an import of ``count`` officials with accounts and roles (rolled back);
    ``twice``: of the second import of the same file, every person moved to another unit."""
    officials = [
        ow.official(f"CB{n:04}", f"Người Thứ {n}", "so-tc", **{"Tên đăng nhập": f"u{n}"})
        for n in range(count)
    ]
    roles = [[f"u{n}", "Thư ký đơn vị", "so-tc", None] for n in range(count)]
    with transaction.atomic():
        if twice:
            run(officials=officials, roles=roles)
            for row in officials:
                row[8] = "ban-tc"
        with CaptureQueriesContext(connection) as queries:
            run(officials=officials, roles=roles)
        transaction.set_rollback(True)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows():
    few = _queries(3)
    assert few <= 40
    # (within one batch of the database's parameter limit: SQLite takes 999 values a query)
    assert _queries(25) == few


def test_an_update_of_every_row_costs_the_same_queries_for_few_or_many_rows():
    few = _queries(3, twice=True)
    assert few <= 40
    assert _queries(25, twice=True) == few
