"""Drive two app servers sharing one state (scripts/two_servers.sh starts them).

Shows, over plain HTTP like a browser: (1) a session opened on A is valid on B; (2) a
self-assessment form opened on both, saved on A, is refused on B (the optimistic lock, a
column of the shared database); (3) failed logins spread over A and B lock the account on
both (the throttle's rows are shared); (4) a file uploaded through A downloads through B.
Prints one line per check; exit status 1 when one fails.
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser

PASSWORD = "danhgia-demo"


class Forms(HTMLParser):
    """The fields of every form of a page: inputs, textareas, selected options."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": [], "files": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "file":
                self.forms[-1]["files"].append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button"):
                fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields.append((a["name"], ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            fields.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            name, value = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, value + data)


class Browser:
    def __init__(self, jar: http.cookiejar.CookieJar | None = None) -> None:
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.geturl(), response.read()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read()

    def get(self, url: str):
        return self.request(url)

    def post(self, url: str, fields: list, files: dict | None = None, referer: str = ""):
        headers = {"Referer": referer or url}
        if files:
            boundary = uuid.uuid4().hex
            body = b""
            for name, value in fields:
                body += (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n"
                ).encode()
            for name, (filename, content) in files.items():
                body += (
                    (
                        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
                    ).encode()
                    + content
                    + b"\r\n"
                )
            body += f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request(url, body, headers)


def forms(html: bytes) -> list[dict]:
    parser = Forms()
    parser.feed(html.decode())
    return parser.forms


def login(browser: Browser, base: str, username: str, password: str) -> tuple[int, str, bytes]:
    _status, _url, page = browser.get(f"{base}/dang-nhap/")
    form = next(f for f in forms(page) if any(n == "username" for n, _v in f["fields"]))
    fields = [(n, v) for n, v in form["fields"] if n not in ("username", "password")]
    fields += [("username", username), ("password", password)]
    return browser.post(f"{base}/dang-nhap/", fields)


def wait_up(base: str) -> None:
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{base} did not start")


def main(a: str, b: str) -> int:
    wait_up(a)
    wait_up(b)
    results = []

    # 1. session: sign in on A, open the home page on B with the same cookie
    on_a = Browser()
    login(on_a, a, "canbo", PASSWORD)
    on_b = Browser(on_a.jar)  # the same browser, pointed at the other server
    status, url, home = on_b.get(f"{b}/")
    signed_in = status == 200 and "/dang-nhap/" not in url and "Tự đánh giá".encode() in home
    results.append(("session opened on A is valid on B", signed_in))

    # 2. lock: the self-assessment form opened on A and on B; saved on A; B's save refused
    match = re.search(rb'href="(/danh-gia/(\d+)/tu-danh-gia/)"', home)
    if match is None:
        raise SystemExit("no self-assessment link on canbo's home page")
    path = match.group(1).decode()
    _s, _u, page_a = on_a.get(a + path)
    _s, _u, page_b = on_b.get(b + path)
    form_a = next(f for f in forms(page_a) if f["files"])
    form_b = next(f for f in forms(page_b) if f["files"])
    content = b"%PDF-1.4 two servers " + uuid.uuid4().hex.encode()
    fields_a = [(n, "Lưu trên máy A" if n == "self_comment" else v) for n, v in form_a["fields"]]
    status_a, _u, _p = on_a.post(
        a + path, fields_a, files={form_a["files"][0]: ("minh-chung.pdf", content)}
    )
    fields_b = [(n, "Lưu trên máy B" if n == "self_comment" else v) for n, v in form_b["fields"]]
    status_b, _u, refused = on_b.post(b + path, fields_b)
    _s, _u, now = on_b.get(b + path)
    lock_held = (
        status_a == 200
        and "Lưu trên máy A".encode() in now
        and "Lưu trên máy B".encode() not in now
        and status_b in (200, 409)
        and "sau khi bạn mở trang".encode() in refused  # the conflict message, not another
    )
    results.append(("a save on A makes B's older form refused (lock_version)", lock_held))

    # 4. file: uploaded through A, downloaded through B
    link = re.search(rb'href="(/danh-gia/minh-chung/\d+/)"', now)
    downloaded = b""
    if link:
        _s, _u, downloaded = on_b.get(b + link.group(1).decode())
    results.append(("a file uploaded through A downloads through B", downloaded == content))

    # 3. throttle: failures alternate between A and B; the account is locked on both
    intruder = Browser()
    for n in range(3):
        login(intruder, a if n % 2 == 0 else b, "thamdinh", "wrong-password")
    _s, _u, page = login(Browser(), b, "thamdinh", PASSWORD)  # right password, still locked
    locked_b = "/dang-nhap/" in _u and "thử lại".encode() in page.lower()
    _s, _u, page = login(Browser(), a, "thamdinh", PASSWORD)
    locked_a = "/dang-nhap/" in _u
    results.append(("failed logins on A and B lock the account on both", locked_a and locked_b))

    for label, ok in results:
        print(f"{'OK  ' if ok else 'FAIL'} {label}")
    return 0 if all(ok for _label, ok in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
