"""Django's own strings (admin, auth, forms) reach the user in Vietnamese (rough edge D12).

The project's catalogues in danhgia/locale fill what Django's Vietnamese catalogues leave in
English; these tests fail when a .po entry is added without compiling its .mo, and when a page
the administrator uses shows one of the English sentences the walk found.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

LOCALE = Path(__file__).resolve().parents[2] / "danhgia" / "locale" / "vi" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^(?:msgctxt "(?P<ctx>.*)"\n)?msgid "(?P<id>.+)"\n(?:msgid_plural "(?P<plural>.*)"\n)?'
    r'msgstr(?:\[0\])? "(?P<str>.+)"$',
    re.M,
)


def _entries(domain: str) -> list[tuple[str | None, str, str | None, str]]:
    text = (LOCALE / f"{domain}.po").read_text(encoding="utf-8")
    unescape = lambda s: s.replace('\\"', '"').replace("\\\\", "\\")  # noqa: E731
    return [
        (
            m["ctx"] and unescape(m["ctx"]),
            unescape(m["id"]),
            m["plural"] and unescape(m["plural"]),
            unescape(m["str"]),
        )
        for m in ENTRY.finditer(text)
    ]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_catalogue_entry_is_compiled(domain):
    entries = _entries(domain)
    assert len(entries) > 20
    catalogue = DjangoTranslation("vi", domain=domain)
    for ctx, msgid, plural, msgstr in entries:
        if plural:
            got = catalogue.ngettext(msgid, plural, 2)
        else:
            got = catalogue.pgettext(ctx, msgid) if ctx else catalogue.gettext(msgid)
        assert got == msgstr, msgid


def test_django_messages_users_meet_are_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Show counts") == "Hiện số lượng"
        assert translation.gettext("Null characters are not allowed.") == (
            "Không được dùng ký tự rỗng (NUL)."
        )
        assert "ký tự" in translation.ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            10,
        )


ENGLISH = (
    "Please correct the error",
    "Show counts",
    "Hide counts",
    "After you’ve created a user",
    "Password-based authentication",
    "Skip to main content",
    "Toggle theme",
    "Raw passwords are not stored",
    "Reset password",
    "Select all objects on this page",
)


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_add"),
        reverse("admin:organisation_unit_changelist"),
        reverse("admin:index"),
    ],
)
def test_admin_pages_show_no_english_sentence(world, login, url):
    client = login("admin")
    pages = [client.get(url).content.decode()]
    if url.endswith("/add/"):
        pages.append(client.post(url, {"username": "", "password1": "x"}).content.decode())
    for page in pages:
        for sentence in ENGLISH:
            assert sentence not in page, (url, sentence)


def test_admin_user_page_is_vietnamese(world, login):
    client = login("admin")
    url = reverse("admin:auth_user_change", args=[world.users["admin"].pk])
    page = client.get(url).content.decode()
    for sentence in ENGLISH:
        assert sentence not in page, sentence


#: the shipped catalogue's stilted wording the walk found (issue 16)
STILTED = (
    "Thêm vào",
    "Đi đến",
    "của 0",
    "được chọn",
    "Bản ghi nhớ",
    "Site quản trị",
    "để thay đổi",
    "người sử dụng",
    "trạng thái superuser",
    "tình trạng nhân viên",
)


def test_admin_list_and_action_bar_read_naturally(world, login):
    """ "THÊM VÀO NGƯỜI DÙNG" and "Đi đến 0 của 7 được chọn" were the walk's examples."""
    client = login("admin")
    page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    for stilted in STILTED:
        assert stilted not in page, stilted
    assert "Thêm người dùng" in page and "Chọn người dùng cần sửa" in page
    assert ">Thực hiện</button>" in page
    assert re.search(r"Đã chọn 0/\d+", page)
    with translation.override("vi"):
        counter = DjangoTranslation("vi", domain="djangojs").ngettext(
            "%(sel)s of %(cnt)s selected", "%(sel)s of %(cnt)s selected", 2
        )
    assert counter == "Đã chọn %(sel)s/%(cnt)s"


def test_model_names_keep_their_capitals_on_the_audit_log(world, login):
    """ "Khóa api": the audit log's type names lower-cased everything after the first letter."""
    from danhgia.audit.display import object_type_choices, object_type_label

    assert object_type_label("api.apitoken") == "Khóa truy cập API"
    labels = dict(object_type_choices())
    assert labels["api.apitoken"] == "Khóa truy cập API"
    page = login("admin").get(reverse("audit:audit_log")).content.decode()
    assert ">Khóa truy cập API</option>" in page and "Khóa api" not in page


def test_admin_filter_headings_name_the_field_without_a_stilted_theo(world, login):
    """ "Theo được vào trang quản trị" (walk of 05/12/2026): Django's "By …" around a lower-case
    phrase; the heading is the field's name, and the staff flag reads as a right."""
    client = login("admin")
    for url in (
        reverse("admin:auth_user_changelist"),
        reverse("admin:organisation_official_changelist"),
        reverse("admin:evaluations_evaluation_changelist"),
    ):
        page = client.get(url).content.decode()
        headings = re.findall(r"<summary>\s*(.*?)\s*</summary>", page, re.S)
        assert headings, url
        for heading in headings:
            assert not heading.startswith("Theo "), (url, heading)
            assert heading[0].isupper(), (url, heading)
    page = client.get(reverse("admin:auth_user_changelist")).content.decode()
    headings = re.findall(r"<summary>\s*(.*?)\s*</summary>", page, re.S)
    assert headings[:2] == ["Quyền vào trang quản trị", "Quyền quản trị cao nhất"]


def test_the_user_list_names_people_family_name_first_in_one_column(world, login):
    """The list showed "Tên" ("Thu Lan") before "Họ" ("Phạm") and, with its headings kept on one
    line, cut the last column off at 1280 px (walk of issue 16)."""
    user = world.users["admin"]
    user.last_name, user.first_name = "Phạm", "Thu Lan"
    user.save()
    page = login("admin").get(reverse("admin:auth_user_changelist")).content.decode()
    headings = re.findall(r'<th scope="col"[^>]*>.*?<div class="text">(.*?)</div>', page, re.S)
    labels = [re.sub(r"<[^>]+>", "", h).strip() for h in headings]
    assert "Họ và tên" in labels and "Tên" not in labels and "Họ" not in labels
    assert ">Phạm Thu Lan</td>" in page
    assert "danhgia/css/admin.css" in page  # the headings wrap (white-space: normal)


def test_a_users_roles_are_stacked_so_the_page_keeps_its_width(world, login):
    """The roles as a table (role, scope, subtree, acting unit, note) ran past the page's right
    edge at 1280 px (walk of issue 16): each role is a block of labelled fields."""
    url = reverse("admin:auth_user_change", args=[world.users["unit_head"].pk])
    page = login("admin").get(url).content.decode()
    group = page.split('id="role_assignments-group"')[1].split("</fieldset>")[0]
    assert "tabular" not in group and "Đơn vị đứng tên (cơ quan giao)" in page


def test_permissions_are_named_in_vietnamese_on_the_users_page(world, login):
    """Django stores "Can add …" in English; the administrator reads "Được thêm …" (walk of
    05/12/2026), also after a later migrate."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    from danhgia.core.apps import vietnamese_permission_names

    assert not Permission.objects.filter(name__startswith="Can ").exists()
    permission = Permission.objects.get(codename="add_evaluation")
    assert permission.name == "Được thêm phiếu đánh giá"
    Permission.objects.filter(pk=permission.pk).update(name="Can view phiếu đánh giá")
    vietnamese_permission_names(apps.get_app_config("evaluations"))
    assert Permission.objects.get(pk=permission.pk).name == "Được xem phiếu đánh giá"
    client = login("admin")
    url = reverse("admin:auth_user_change", args=[world.users["admin"].pk])
    page = client.get(url).content.decode()
    assert "Can add" not in page and "Can change" not in page
    assert "Được sửa phiếu đánh giá" in page
