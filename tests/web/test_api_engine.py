"""``POST /api/v1/score`` and ``/rate`` answer exactly what the ``danhgia`` command prints for
the same input (SPEC §15; issue 14, item 1): the same bytes on success, the same line (JSON path
and message) and exit status on refusal. The command is run as a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from danhgia.api.tokens import create_token
from tests.web import factories as f

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _command(command: str, text: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "danhgia.cli", command, "-"],
        input=text,
        capture_output=True,
        check=False,
        timeout=60,
    )


@pytest.fixture
def client(db):
    _token, raw = create_token(f.make_user("may"), "engine")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _bad_rate() -> bytes:
    data = json.loads((EXAMPLES / "rate-laocai.json").read_text())
    data["people"][1]["total"] = 180
    return json.dumps(data).encode()


def _bad_score() -> bytes:
    data = json.loads((EXAMPLES / "score-lamdong-pl5.json").read_text())
    first = next(iter(data["results"]))
    data["results"][first] = {"target": -1, "actual": 1}
    return json.dumps(data, ensure_ascii=False).encode()


CASES = [
    ("score", (EXAMPLES / "score-lamdong-pl5.json").read_bytes()),
    ("rate", (EXAMPLES / "rate-laocai.json").read_bytes()),
    ("score", _bad_score()),
    ("rate", _bad_rate()),
    ("score", b'{"framework": "lamdong-2026-pl5",'),
    ("rate", b'{"policy": "khong-co", "people": []}'),
    ("score", b'{"framework": "lamdong-2026-pl5", "general": {"A.1.1": NaN}}'),
    ("rate", b"[]"),
    ("score", '{"framework": "Phụ lục"}'.encode()),
]


@pytest.mark.parametrize(("command", "text"), CASES)
def test_the_api_answers_what_the_command_prints(client, command, text):
    expected = _command(command, text)
    response = client.post(f"/api/v1/{command}", text, content_type="application/json")
    if expected.returncode == 0:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.content == expected.stdout
        return
    assert expected.returncode == 2, expected.stderr
    assert response.status_code == 400
    body = response.json()
    line = expected.stderr.decode().strip()
    assert body["detail"] == line
    assert body["exit_status"] == 2
    assert line.startswith(f"{body['path']}: ")


def test_the_examples_succeed(client):
    """The examples are scored and rated (not only refused alike)."""
    for command, name in (("score", "score-lamdong-pl5.json"), ("rate", "rate-laocai.json")):
        text = (EXAMPLES / name).read_bytes()
        response = client.post(f"/api/v1/{command}", text, content_type="application/json")
        assert response.status_code == 200
    assert response.json()["people"][0]["rating"] == "HTXSNV"


def test_a_refusal_names_the_json_path(client):
    response = client.post("/api/v1/rate", _bad_rate(), content_type="application/json")
    assert response.json()["path"] == "people[1].total"
    assert response.json()["code"]


@pytest.mark.parametrize("ref", ["/etc/passwd", "../framework.yaml", "C:\\x.json"])
def test_the_server_never_reads_a_file_named_in_the_request(client, ref):
    """The command reads a framework file by path; the API takes shipped ids only."""
    text = json.dumps({"framework": ref}).encode()
    response = client.post("/api/v1/score", text, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["path"] == "framework"
    assert response.json()["code"] == "file_not_allowed"


def test_bytes_that_are_not_utf8_are_refused_like_the_command(client):
    response = client.post("/api/v1/score", b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "$: expected a UTF-8 JSON file"


def test_anonymous_callers_are_refused(db):
    assert Client().post("/api/v1/score", b"{}", content_type="application/json").status_code == 401


def test_a_form_posted_by_a_session_is_refused_not_a_server_error(db):
    session = Client()
    session.force_login(f.make_user("trinhduyet"))
    response = session.post("/api/v1/score", {"framework": "lamdong-2026-pl5"})
    assert response.status_code == 400
    assert response.json()["detail"] == "$: expected a JSON body"
