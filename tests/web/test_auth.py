"""Login, logout, password change and login throttling (SPEC §14)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.web import factories as f

LOGIN = reverse("core:login")


def _post_login(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_login_page_is_in_vietnamese(client, db):
    page = client.get(LOGIN).content.decode()
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page
    assert '<html lang="vi">' in page


def test_a_correct_login_goes_to_the_home_page(client, world):
    response = _post_login(client, "official", f.PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_login_returns_to_the_page_asked_for(client, world):
    target = reverse("periods:period_list")
    response = client.post(
        f"{LOGIN}?next={target}",
        {"username": "official", "password": f.PASSWORD, "next": target},
    )
    assert response["Location"] == target


def test_a_wrong_password_is_refused_in_vietnamese(client, world):
    response = _post_login(client, "official", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_five_failures_lock_the_username_from_that_address(client, world, settings):
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        _post_login(client, "official", "sai-mat-khau")
    response = _post_login(client, "official", f.PASSWORD)
    assert response.status_code == 200
    assert "tạm thời bị khóa do đăng nhập sai quá 5 lần" in response.content.decode()
    assert "15 phút" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address, or another username, is not locked.
    assert _post_login(client, "official", f.PASSWORD, address="10.0.0.2").status_code == 302


def test_a_success_resets_the_failure_count(client, world, settings):
    for _attempt in range(settings.LOGIN_MAX_FAILURES - 1):
        _post_login(client, "official", "sai-mat-khau")
    assert _post_login(client, "official", f.PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.LOGIN_MAX_FAILURES - 1):
        _post_login(client, "official", "sai-mat-khau")
    assert _post_login(client, "official", f.PASSWORD).status_code == 302


def test_the_lock_is_case_insensitive_on_the_username(client, world, settings):
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        _post_login(client, "OFFICIAL", "sai-mat-khau")
    assert _post_login(client, "official", f.PASSWORD).status_code == 200


def test_the_admin_login_is_throttled_too(client, world, settings):
    url = reverse("admin:login")
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        client.post(url, {"username": "admin", "password": "sai"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        url, {"username": "admin", "password": f.PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 200
    assert "tạm thời bị khóa" in response.content.decode()


def test_logout_is_a_post_and_returns_to_the_login_page(client, world):
    client.force_login(world.users["official"])
    response = client.post(reverse("core:logout"))
    assert response["Location"] == LOGIN
    assert client.get(reverse("core:home")).status_code == 302


def test_the_password_can_be_changed(client, world):
    client.force_login(world.users["official"])
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": f.PASSWORD,
            "new_password1": "Mat-khau-moi-2026!",
            "new_password2": "Mat-khau-moi-2026!",
        },
    )
    assert response["Location"] == reverse("core:password_change_done")
    user = get_user_model().objects.get(username="official")
    assert user.check_password("Mat-khau-moi-2026!")


@pytest.mark.parametrize("weak", ["12345678901", "password123", "official"])
def test_weak_passwords_are_refused(client, world, weak):
    client.force_login(world.users["official"])
    response = client.post(
        reverse("core:password_change"),
        {"old_password": f.PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    assert response.status_code == 200
    user = get_user_model().objects.get(username="official")
    assert user.check_password(f.PASSWORD)


def _age_failures(seconds):
    """Move every stored failure ``seconds`` into the past (as if that time had passed)."""
    from datetime import timedelta

    from danhgia.core.models import LoginFailure

    for row in LoginFailure.objects.all():
        row.at -= timedelta(seconds=seconds)
        row.save(update_fields=["at"])


def test_the_lock_is_kept_in_the_database_not_in_a_process_cache(client, world, settings):
    from django.core.cache import cache

    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        _post_login(client, "official", "sai-mat-khau")
    cache.clear()  # another process: nothing shared but the database
    assert _post_login(client, "official", f.PASSWORD).status_code == 200


def test_the_lock_ends_after_the_window_and_refused_tries_do_not_extend_it(client, world, settings):
    for _attempt in range(settings.LOGIN_MAX_FAILURES):
        _post_login(client, "official", "sai-mat-khau")
    _age_failures(10 * 60)
    response = _post_login(client, "official", "sai-mat-khau")  # refused, not counted
    assert "Vui lòng thử lại sau 5 phút" in response.content.decode()
    _age_failures(5 * 60 + 1)
    assert _post_login(client, "official", f.PASSWORD).status_code == 302


def test_an_address_guessing_across_usernames_is_locked(client, world, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 8
    for number in range(8):
        _post_login(client, f"nguoi-{number}", "sai", address="10.0.0.7")
    response = _post_login(client, "official", f.PASSWORD, address="10.0.0.7")
    assert response.status_code == 200
    assert "quá nhiều lần đăng nhập sai từ địa chỉ này" in response.content.decode().lower()
    assert _post_login(client, "official", f.PASSWORD, address="10.0.0.8").status_code == 302


def test_parallel_attempts_get_no_more_guesses_than_the_limit(world, settings):
    from danhgia.core import throttle

    # Every attempt is written before its password is checked: the sixth one, started while
    # the first five are still being checked, is refused already.
    started = [throttle.begin_attempt("official", "10.0.0.3") for _ in range(7)]
    allowed = [a for a in started if not isinstance(a, throttle.Lock)]
    assert len(allowed) == settings.LOGIN_MAX_FAILURES


def test_an_empty_password_neither_counts_nor_resets(client, world, settings):
    for _attempt in range(settings.LOGIN_MAX_FAILURES - 1):
        _post_login(client, "official", "sai-mat-khau")
    _post_login(client, "official", "")
    _post_login(client, "official", "sai-mat-khau")
    assert _post_login(client, "official", f.PASSWORD).status_code == 200


def test_old_failures_are_pruned(client, world, settings):
    from danhgia.core.models import LoginFailure

    _post_login(client, "official", "sai-mat-khau")
    _age_failures(2 * settings.LOGIN_LOCKOUT_SECONDS + 1)
    _post_login(client, "appraiser", "sai-mat-khau")
    assert LoginFailure.objects.count() == 1


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("Ab3$xyz", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("98765432109", "Mật khẩu không được chỉ gồm chữ số."),
        ("password123", "Mật khẩu này quá phổ biến, dễ bị đoán."),
        ("official-x", "Mật khẩu quá giống tên đăng nhập"),
    ],
)
def test_a_refused_password_is_explained_in_vietnamese(client, world, weak, message):
    client.force_login(world.users["official"])
    response = client.post(
        reverse("core:password_change"),
        {"old_password": f.PASSWORD, "new_password1": weak, "new_password2": weak},
    )
    page = response.content.decode()
    assert message in page
    assert "This password" not in page


@pytest.mark.parametrize(
    "password", ["abcdefghijkl", "matkhau123", "Matkhau@2026", "123456789012", "zzzzzzzzzzzz"]
)
def test_guessable_passwords_are_refused_everywhere(password):
    """S8: the admin accepted "abcdefghijkl" and "matkhau123"."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert "dễ bị đoán" in " ".join(refused.value.messages)


def test_a_long_phrase_is_accepted():
    from django.contrib.auth.password_validation import validate_password

    validate_password("xuan-ha-thu-dong-lam-ha")
