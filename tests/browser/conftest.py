"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil
import threading

import pytest

CHROMIUM = os.environ.get("DANHGIA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (scripts/setup.sh --browser)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture
def private_media(tmp_path, monkeypatch):
    """Evidence files go to the test's own folder, never the checkout's media."""
    from danhgia.evaluations.models import Evidence

    storage = Evidence._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path / "private"))
    monkeypatch.setattr(storage, "base_location", str(tmp_path / "private"))
    return tmp_path / "private"


class _CountingApp:
    """Wraps the live server's WSGI app and counts the requests it is still answering, so a
    test's database is flushed only after the last one ends (an answer still reading a table
    locks it in the shared in-memory SQLite database: "database table is locked")."""

    def __init__(self, app):
        self.app = app
        self.active = 0
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)

    def _leave(self) -> None:
        with self.lock:
            self.active -= 1
            self.idle.notify_all()

    def __call__(self, environ, start_response):
        with self.lock:
            self.active += 1
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._leave()
            raise
        return _ClosingResult(result, self._leave)

    def wait_until_idle(self, timeout: float = 15.0) -> bool:
        with self.lock:
            return self.idle.wait_for(lambda: self.active == 0, timeout=timeout)


class _ClosingResult:
    """The response body, passed through; its close() (called by the server once the answer is
    sent or the client went away) counts the request as ended."""

    def __init__(self, result, on_close):
        self.result = result
        self.on_close = on_close
        self.closed = False

    def __iter__(self):
        return iter(self.result)

    def close(self) -> None:
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            if not self.closed:
                self.closed = True
                self.on_close()


def _counting_app(live_server) -> _CountingApp:
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, _CountingApp):
        app = _CountingApp(app)
        httpd.set_app(app)
    return app


@pytest.fixture
def context(context, request):
    """The browser context; at the end of a test that drove the live server, the browser is
    closed first and the test waits for the server's last answer before the database goes."""
    counting = None
    if "live_server" in request.fixturenames:
        counting = _counting_app(request.getfixturevalue("live_server"))
    yield context
    if counting is not None:
        context.close()
        assert counting.wait_until_idle(), "the live server still answers a request"
