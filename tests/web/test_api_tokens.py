"""Personal API tokens (issue 14, item 3): stored hashed, expiry, revocation, read-only, the
per-token rate limit (429), no CSRF for a token, the page of one's own tokens and the
``create_api_token`` command."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danhgia.api.models import ApiToken
from danhgia.api.tokens import create_token
from tests.web import factories as f

SCORE = {"framework": "lamdong-2026-pl5"}  # refused by the engine (400), but reaches it


def bearer(raw: str, **kwargs) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", **kwargs)


@pytest.fixture
def user(db):
    return f.make_user("tichhop")


def test_a_token_is_stored_as_its_sha256_only(user):
    token, raw = create_token(user, "E-office")
    assert raw.startswith("dg_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.key_hash, stored.prefix, stored.name}
    assert raw.startswith(stored.prefix)


def test_a_valid_token_reads_and_records_its_last_use(user):
    token, raw = create_token(user, "E-office")
    assert token.last_used_at is None
    response = bearer(raw).get("/api/v1/periods/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "spoil",
    ["wrong", "expired", "revoked", "inactive", "malformed"],
)
def test_a_token_that_cannot_be_used_answers_401(user, spoil):
    token, raw = create_token(user, "E-office", days=1)
    header = f"Bearer {raw}"
    if spoil == "wrong":
        header = f"Bearer {raw}x"
    elif spoil == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    elif spoil == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif spoil == "inactive":
        user.is_active = False
        user.save()
    else:
        header = f"Bearer {raw} extra"
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/periods/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["detail"]


def test_a_read_only_token_reads_and_asks_the_engine_but_never_writes(user):
    _token, raw = create_token(user, "Chỉ đọc", read_only=True)
    client = bearer(raw)
    assert client.get("/api/v1/tasks/").status_code == 200
    assert client.post("/api/v1/score", SCORE, "application/json").status_code == 400
    refused = client.post("/api/v1/tasks/", {}, "application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Khóa API này chỉ được đọc dữ liệu."


def test_each_token_has_its_own_rate_limit(user, settings):
    settings.API_RATE_LIMIT = "3/min"
    _first, raw = create_token(user, "một")
    _second, other = create_token(user, "hai")
    client = bearer(raw)
    assert [client.get("/api/v1/periods/").status_code for _ in range(3)] == [200] * 3
    limited = client.get("/api/v1/periods/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "thử lại sau" in limited.json()["detail"]
    assert bearer(other).get("/api/v1/periods/").status_code == 200


def test_a_token_request_needs_no_csrf_but_a_session_does(user):
    _token, raw = create_token(user, "E-office")
    with_token = bearer(raw, enforce_csrf_checks=True)
    assert with_token.post("/api/v1/score", SCORE, "application/json").status_code == 400
    session = Client(enforce_csrf_checks=True)
    session.force_login(user)
    assert session.get("/api/v1/periods/").status_code == 200
    refused = session.post("/api/v1/score", SCORE, "application/json")
    assert refused.status_code == 403
    detail = refused.json()["detail"]
    assert "CSRF" in detail and "chống giả mạo" in detail and "Failed" not in detail


def test_a_session_writes_with_the_csrf_token_as_the_forms_do(user):
    session = Client(enforce_csrf_checks=True)
    session.force_login(user)
    session.get(reverse("api:tokens"))  # any page with a form sets the CSRF cookie
    token = session.cookies["csrftoken"].value
    response = session.post("/api/v1/score", SCORE, "application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400  # the engine's refusal: past authentication and CSRF
    assert response.json()["path"] == "general"


def test_the_command_prints_a_working_token(user):
    out = StringIO()
    call_command("create_api_token", "tichhop", "--read-only", "--days", "7", stdout=out)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(key_hash=hashlib.sha256(raw.encode()).hexdigest())
    assert token.read_only and token.user == user
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert bearer(raw).get("/api/v1/units/").status_code == 200


@pytest.mark.parametrize("args", [["khong-co"], ["tichhop", "--days", "0"]])
def test_the_command_refuses_an_unknown_user_or_a_bad_expiry(user, args):
    with pytest.raises(CommandError):
        call_command("create_api_token", *args, stdout=StringIO())


def test_the_page_shows_a_new_token_once_and_revokes_it(user):
    client = Client()
    client.force_login(user)
    url = reverse("api:tokens")
    assert client.get(url).status_code == 200
    created = client.post(url, {"name": "Phần mềm văn bản", "days": "30", "read_only": "on"})
    assert created.status_code == 200
    token = ApiToken.objects.get(user=user)
    secret = created.context["created"]
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret in created.content.decode()
    assert token.read_only
    again = client.get(url).content.decode()
    assert secret not in again and "Phần mềm văn bản" in again
    revoked = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(secret).get("/api/v1/units/").status_code == 401
    assert "Đã thu hồi" in client.get(url).content.decode()


def test_nobody_sees_or_revokes_another_persons_token(user):
    other = f.make_user("nguoikhac", is_superuser=True)
    token, _raw = create_token(user, "Của tôi")
    client = Client()
    client.force_login(other)
    assert "Của tôi" not in client.get(reverse("api:tokens")).content.decode()
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_names_a_bad_field(user):
    client = Client()
    client.force_login(user)
    response = client.post(reverse("api:tokens"), {"name": "", "days": "99999"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "days"}
    assert not ApiToken.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(db):
    response = Client().get(reverse("api:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
    assert json.loads(Client().get("/api/v1/units/").content)["detail"].startswith("Chưa xác thực")


def test_creating_and_revoking_a_token_are_audited_without_the_secret(user):
    from danhgia.audit.choices import AuditAction
    from danhgia.audit.models import AuditEntry

    client = Client()
    client.force_login(user)
    client.post(reverse("api:tokens"), {"name": "HR", "days": "30"})
    token = ApiToken.objects.get(user=user, name="HR")
    created = AuditEntry.objects.get(action=AuditAction.API_TOKEN_CREATED, object_id=str(token.pk))
    assert created.actor == user and created.object_type == "api.apitoken"
    assert created.after["name"] == "HR" and created.after["read_only"] is False
    assert token.key_hash not in json.dumps(created.after)
    client.post(reverse("api:token_revoke", args=[token.pk]))
    client.post(reverse("api:token_revoke", args=[token.pk]))  # twice: one entry
    revoked = AuditEntry.objects.filter(
        action=AuditAction.API_TOKEN_REVOKED, object_id=str(token.pk)
    )
    assert revoked.count() == 1 and revoked.get().actor == user
    out = StringIO()
    call_command("create_api_token", user.username, "--read-only", stdout=out)
    by_command = AuditEntry.objects.filter(action=AuditAction.API_TOKEN_CREATED).latest("pk")
    assert by_command.actor is None and by_command.after["read_only"] is True
