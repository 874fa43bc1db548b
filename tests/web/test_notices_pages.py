"""The bell and "Thông báo": one's own notices, a count, marked read one by one or all."""

from __future__ import annotations

from django.urls import reverse

from danhgia.notices.choices import NoticeKind
from danhgia.notices.models import Notice
from danhgia.notices.services import post


def test_the_bell_counts_unread_notices_and_the_list_marks_them_read(world, login):
    me, other = world.users["official"], world.users["unit_head"]
    post([me, other], "Trả lại phiếu", "Đề nghị bổ sung minh chứng.", link="/")
    post([me], "Nhắc hạn tự đánh giá", "Còn 3 ngày.", kind=NoticeKind.REMINDER)
    client = login("official")
    home = client.get(reverse("core:home")).content.decode()
    assert f'data-bell="{reverse("notices:bell")}"' in home and "danhgia/js/bell.js" in home
    bell = client.get(reverse("notices:bell")).content.decode()
    assert '<span class="bell__count"' in bell and ">2</span>" in bell
    page = client.get(reverse("notices:list")).content.decode()
    assert "Trả lại phiếu" in page and "Nhắc hạn tự đánh giá" in page
    assert "Đánh dấu đã đọc cả 2 thông báo" in page
    first = Notice.objects.get(user=me, subject="Trả lại phiếu")
    response = client.post(reverse("notices:list"), {"notice": first.pk})
    assert response.status_code == 302
    assert ">1</span>" in client.get(reverse("notices:bell")).content.decode()
    # someone else's notice cannot be marked read by me
    theirs = Notice.objects.get(user=other)
    client.post(reverse("notices:list"), {"notice": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Trả lại phiếu" in client.get(reverse("notices:list") + "?chua_doc=0").content.decode()
    client.post(reverse("notices:list"), {"all": "1"})
    assert "bell__count" not in client.get(reverse("notices:bell")).content.decode()
    assert not Notice.objects.filter(user=me, read_at__isnull=True).exists()
    unread_only = client.get(reverse("notices:list") + "?chua_doc=1").content.decode()
    assert "Không có thông báo chưa đọc." in unread_only


def test_one_sees_only_ones_own_notices(world, login):
    post([world.users["unit_head"]], "Bí mật của người khác", "…")
    page = login("official").get(reverse("notices:list")).content.decode()
    assert "Bí mật của người khác" not in page
    assert "Chưa có thông báo nào." in page


def test_bad_input_gets_a_message_not_an_error(world, login):
    client = login("official")
    response = client.post(reverse("notices:list"), {"notice": "abc"}, follow=True)
    assert response.status_code == 200
    assert "không tìm thấy thông báo" in response.content.decode()


def test_the_list_does_not_grow_its_queries_with_the_notices(
    world, login, django_assert_max_num_queries
):
    me = world.users["official"]
    for i in range(40):
        post([me], f"Thông báo {i}", "Nội dung")
    client = login("official")
    with django_assert_max_num_queries(12):
        client.get(reverse("notices:list"))


def test_a_dedup_key_posts_once_per_user(world):
    me = world.users["official"]
    assert len(post([me], "Nhắc", "…", dedup_key="reminder:1:self:2026-12-05")) == 1
    assert post([me], "Nhắc", "…", dedup_key="reminder:1:self:2026-12-05") == []
    assert Notice.objects.filter(user=me).count() == 1
