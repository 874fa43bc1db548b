"""Benchmark under load: 50 officials at once on gunicorn, then the authority and appraiser.

Prerequisites: the project's ``.venv`` (``scripts/setup.sh``: gunicorn is a dependency), a
PostgreSQL database seeded with a large province, for example

    createdb -h 127.0.0.1 -U postgres danhgia_load
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/danhgia_load
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --officials 20000
    .venv/bin/python bench/load_bench.py [--users 50] [--duration 30] [--port 8111] \
        [--workers 2] [--threads 2] [--no-preload] [--conn-max-age 60]

What it does: it picks ``--users`` officials whose self-assessment is open (targets approved),
gives each an account ``bench-load-N`` and a session written straight into the session table
(no password, no login request), starts gunicorn on 127.0.0.1 (by default what measured best:
gthread workers, one per core, 2 threads each, ``--preload``; ``--threads 1 --workers 5`` gives
the classic sync workers) with production settings (DEBUG off, a fresh secret key, persistent
database connections ``CONN_MAX_AGE``, default 60 s), and then:

1. **officials**: ``--users`` threads, each with its own keep-alive connection, loop without
   pause: open the self-assessment (GET), recalculate it (the HTMX POST the page sends as one
   types) and save it (POST, the redirect not followed), for ``--duration`` seconds;
2. **authority and appraiser**: ``--staff`` threads (default 10) logged in as ``thuongvu`` and
   ``thamdinh`` loop over their home page, the decision page of a comparison group, the results,
   the review list and the audit log, for ``--duration`` seconds.

It prints requests/s and p50/p95/p99 (ms) per phase and per kind of request, and the number of
errors (any status other than the expected one). Every request goes to 127.0.0.1 only; loops are
bounded by ``--duration``; gunicorn is stopped at the end. The accounts and sessions it made are
removed again (``--keep`` keeps them). Saving writes the form as the page renders it: the
chosen evaluations stay drafts but their rows change, so use a bench database.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
SESSIONS: list[str] = []  # the sessions this run made (removed at the end)


class _FormFields(HTMLParser):
    """The fields the self-assessment form posts (inputs, selects, textareas)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False
        self._textarea: str | None = None
        self._text = ""
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if (
            tag == "form"
            and a.get("method", "").lower() == "post"
            and "tu-danh-gia" in a.get("action", "tu-danh-gia")
        ):
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("file", "submit", "button"):
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._first_option, self._selected = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a and not self._selected:
                self._selected = True
                self.fields.append((self._select, value))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select:
            if not self._selected and self._first_option is not None:
                self.fields.append((self._select, self._first_option))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, self._text.strip()))
            self._textarea = None
        elif tag == "form":
            self.in_form = False


LOCK_RE = re.compile(
    rb'name="lock_version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="lock_version"'
)


class Session:
    """One keep-alive connection with a session cookie and the CSRF token."""

    def __init__(self, port: int, session_key: str, csrf: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.cookie = f"sessionid={session_key}; csrftoken={csrf}"
        self.csrf = csrf

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        head = {"Cookie": self.cookie, "Host": f"{HOST}"}
        if body is not None:
            head["Content-Type"] = "application/x-www-form-urlencoded"
            head["X-CSRFToken"] = self.csrf
            head["Referer"] = f"http://{HOST}{path}"
        head.update(headers or {})
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=head)
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                return response.status, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()  # the server closed an idle keep-alive connection: reconnect
                if attempt:
                    raise
        raise AssertionError  # pragma: no cover


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _session_for(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    SESSIONS.append(store.session_key)
    return store.session_key


def prepare(users: int) -> tuple[list[tuple[str, int]], dict[str, str], int]:
    """Accounts and sessions for ``users`` officials with an open self-assessment."""
    from django.contrib.auth import get_user_model

    from danhgia.evaluations.models import Evaluation
    from danhgia.periods.services import current_period

    user_model = get_user_model()
    period = current_period()
    picked = list(
        Evaluation.objects.filter(
            period=period, state="targets_approved", official__user__isnull=True
        )
        .select_related("official")
        .order_by("pk")[:users]
    )
    if len(picked) < users:
        raise SystemExit(f"only {len(picked)} open self-assessments without an account")
    officials = []
    for n, evaluation in enumerate(picked):
        account = user_model.objects.create_user(username=f"bench-load-{n}")
        evaluation.official.user = account
        evaluation.official.save(update_fields=["user"])
        officials.append((_session_for(account), evaluation.pk))
    staff = {
        name: _session_for(user_model.objects.get(username=name))
        for name in ("thuongvu", "thamdinh")
    }
    return officials, staff, period.pk


def cleanup() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session as StoredSession

    from danhgia.organisation.models import Official

    accounts = get_user_model().objects.filter(username__startswith="bench-load-")
    Official.objects.filter(user__in=accounts).update(user=None)
    StoredSession.objects.filter(session_key__in=SESSIONS).delete()
    accounts.delete()


def _official_loop(port, key, pk, csrf, deadline, out, errors):
    session = Session(port, key, csrf)
    page = f"/danh-gia/{pk}/tu-danh-gia/"
    fields: list[tuple[str, str]] | None = None
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        status, html = session.request("GET", page)
        out.append(("open", time.perf_counter() - started, time.perf_counter()))
        if status != 200:
            errors.append(("open", status))
            continue
        if fields is None:
            parser = _FormFields()
            parser.feed(html.decode())
            fields = [(k, v) for k, v in parser.fields if k != "csrfmiddlewaretoken"]
        match = LOCK_RE.search(html)
        lock = (match.group(1) or match.group(2)).decode() if match else "0"
        posted = [(k, lock if k == "lock_version" else v) for k, v in fields]
        body = urlencode([*posted, ("csrfmiddlewaretoken", csrf)]).encode()
        started = time.perf_counter()
        status, _ = session.request(
            "POST", page + "tinh-diem/", body, {"HX-Request": "true", "HX-Target": "recalc"}
        )
        out.append(("recalculate", time.perf_counter() - started, time.perf_counter()))
        if status != 200:
            errors.append(("recalculate", status))
        body = urlencode([*posted, ("action", "save"), ("csrfmiddlewaretoken", csrf)]).encode()
        started = time.perf_counter()
        status, _ = session.request("POST", page, body)
        out.append(("save", time.perf_counter() - started, time.perf_counter()))
        if status != 302:
            errors.append(("save", status))


def _staff_loop(port, key, pages, csrf, deadline, out, errors):
    session = Session(port, key, csrf)
    while time.perf_counter() < deadline:
        for kind, path in pages:
            started = time.perf_counter()
            status, _ = session.request("GET", path)
            out.append((kind, time.perf_counter() - started, time.perf_counter()))
            if status != 200:
                errors.append((kind, status))
            if time.perf_counter() >= deadline:
                break


def _report(title: str, samples: list[tuple[str, float, float]], errors: list, window) -> None:
    """Throughput counts the requests finished inside the phase's window (the ones still
    running at its end finish afterwards and count only for the latencies)."""
    start, end = window
    seconds = end - start

    def line(name: str, rows: list[tuple[str, float, float]]) -> str:
        ms = sorted(r[1] * 1000 for r in rows)
        if not ms:
            return f"  {name:14} no request"
        done = sum(1 for r in rows if r[2] <= end)
        q = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
        return (
            f"  {name:14} {len(ms):6d} req {done / seconds:7.1f} req/s   "
            f"p50 {q[49]:7.0f}  p95 {q[94]:7.0f}  p99 {q[98]:7.0f} ms"
        )

    print(f"{title}: {len(samples)} requests, {seconds:.0f} s window, {len(errors)} errors")
    print(line("all", samples))
    for kind in sorted({r[0] for r in samples}):
        print(line(kind, [r for r in samples if r[0] == kind]))
    if errors:
        kinds: dict[tuple, int] = {}
        for error in errors:
            kinds[error] = kinds.get(error, 0) + 1
        print(f"  errors: {kinds}")


def _phase(target, args_list, seconds: float):
    samples: list[tuple[str, float, float]] = []
    errors: list = []
    deadline = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=target, args=(*a, deadline, samples, errors), daemon=True)
        for a in args_list
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    return samples, errors, (started, deadline)


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped at start")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/dang-nhap/", headers={"Host": HOST})
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--duration", type=float, default=30)
    # what measured best here (docs/ARCHITECTURE.md "Scale"): gthread workers, one per core, 2
    # threads each, the application preloaded; --threads 1 --workers 5 for gunicorn's classic
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--preload", action=argparse.BooleanOptionalAction, default=True, help="gunicorn --preload"
    )
    parser.add_argument("--port", type=int, default=8111)
    parser.add_argument("--conn-max-age", default="60")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to the PostgreSQL database of a large province")

    csrf = secrets.token_hex(16)  # a CSRF cookie value of 32 characters, sent with each POST
    env = {
        "DJANGO_SETTINGS_MODULE": "danhgia.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
        "CONN_MAX_AGE": args.conn_max_age,
    }
    _django(env)
    cleanup()
    officials, staff, period = prepare(args.users)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "danhgia.wsgi:application",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    if args.threads > 1:
        command += ["--threads", str(args.threads), "--worker-class", "gthread"]
    if args.preload:
        command.append("--preload")
    print(
        f"gunicorn: {args.workers} workers × {args.threads} threads"
        f"{', preload' if args.preload else ''}; CONN_MAX_AGE={args.conn_max_age}; "
        f"{args.users} officials, {args.staff} staff sessions, {args.duration:.0f} s per phase"
    )
    server = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)
    try:
        _wait_ready(args.port, server)
        # one request per official first: the workers' imports and caches are not measured
        _phase(_official_loop, [(args.port, k, pk, csrf) for k, pk in officials[:5]], 3)
        samples, errors, window = _phase(
            _official_loop, [(args.port, k, pk, csrf) for k, pk in officials], args.duration
        )
        _report("officials (open, recalculate, save)", samples, errors, window)
        authority = [
            ("home", "/"),
            ("decide_group", f"/quyet-dinh/{period}/"),
            ("results", f"/ket-qua/{period}/"),
        ]
        appraiser = [("home", "/"), ("reviews", "/xet-duyet/"), ("audit_log", "/nhat-ky/")]
        staff_args = [
            (args.port, staff["thuongvu" if n % 2 == 0 else "thamdinh"], pages, csrf)
            for n, pages in enumerate(
                [authority if n % 2 == 0 else appraiser for n in range(args.staff)]
            )
        ]
        if staff_args:
            samples, errors, window = _phase(_staff_loop, staff_args, args.duration)
            _report("authority and appraiser pages", samples, errors, window)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        if not args.keep:
            cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
