"""Benchmark: every page each persona opens, at demo size and at 20,000 officials (issue 9 §2).

Usage (PostgreSQL; two databases of your own, created empty or already seeded):

    createdb -h 127.0.0.1 -U postgres danhgia_pages_demo
    createdb -h 127.0.0.1 -U postgres danhgia_pages_20k
    python bench/pages_bench.py --build \\
        --demo postgres://postgres@127.0.0.1:5432/danhgia_pages_demo \\
        --big postgres://postgres@127.0.0.1:5432/danhgia_pages_20k [--officials 20000] [--runs 3]

``--build`` migrates each database and seeds it when it holds no official yet (``seed_demo``;
``seed_demo --officials N`` for the big one, about a minute). Then, for each database in a
process of its own, it logs in as each persona (canbo, truongdonvi, cqchutri, thamdinh,
thuongvu, quantri) and walks what they reach: the home page, every link of the home page and
the menu, and one more step from those (one page per route and query keys: the first
evaluation of a list, a group of the decision page, a page of the audit log...). The
administrator also opens the admin site: every changelist, every add form and the first
object's change form. Each page is timed through the Django test client (server time, median
of ``--runs`` after one warm-up), with its number of queries and HTML size. Pages are matched
across the two sizes by persona, route and query keys; the table gives both sizes and the
ratio, and flags a page over 300 ms or 1 MB at the big size, or with more queries there.

Exit status 0 when nothing is flagged, 1 otherwise (the machine is shared: a time flag may be
noise; run again).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PERSONAS = ("canbo", "truongdonvi", "cqchutri", "thamdinh", "thuongvu", "quantri")
LIMIT_MS, LIMIT_BYTES = 300, 1_000_000
SLOW_MS = 5_000  # a page slower than this is timed once only
ADMIN = "/quan-tri/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _key(resolve, url: str) -> str | None:
    """Route name and query keys: one page of each kind, and the key that matches the sizes."""
    from django.urls import Resolver404

    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = ",".join(sorted({k for k, _ in parse_qsl(parts.query)}))
    return f"{match.view_name}?{keys}" if keys else match.view_name


def _internal(url: str, base: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "javascript:")):
        return None
    path = parts.path
    if not path:
        return None
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    if path.startswith("/static/") or "/logout/" in path or "dang-xuat" in path:
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _admin_pages(client) -> list[str]:
    """The admin index's changelists and add forms, and the first object of each changelist."""
    response = client.get(ADMIN)
    pages: list[str] = []
    for link in _links(response.content.decode()):
        url = _internal(link, ADMIN)
        if url and url.startswith(ADMIN) and url != ADMIN and url not in pages:
            pages.append(url)
    firsts = []
    for url in [p for p in pages if p.endswith("/") and not p.endswith("/add/")]:
        if url.count("/") != 4:  # /quan-tri/app/model/
            continue
        html = client.get(url).content.decode()
        for link in _links(html):
            target = _internal(link, url)
            if target and target.startswith(url) and target.endswith("/change/"):
                firsts.append(target)
                break
    return pages + firsts


def walk(runs: int) -> list[dict]:
    """In this process's database: time every page of every persona."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
    os.environ.setdefault("DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve

    users = {u.username: u for u in get_user_model().objects.filter(username__in=PERSONAS)}
    rows = []
    for persona in PERSONAS:
        client = Client(HTTP_HOST="localhost")
        client.force_login(users[persona])
        seen: set[str] = set()
        queue: list[tuple[str, int]] = [("/", 0)]
        if persona == "quantri":
            queue += [(url, 2) for url in [ADMIN, *_admin_pages(client)]]
        while queue:
            url, depth = queue.pop(0)
            key = _key(resolve, url)
            if key is None or key in seen:
                continue
            seen.add(key)
            started = time.perf_counter()
            response = client.get(url)
            first = (time.perf_counter() - started) * 1000
            kind = response.get("Content-Type", "")
            if response.status_code != 200 or not kind.startswith("text/html"):
                if response.status_code >= 500:
                    rows.append({"persona": persona, "key": key, "url": url, "status": 500})
                continue
            timings = [first]
            if first < SLOW_MS:
                timings = []
                for _ in range(runs):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url)
                        timings.append((time.perf_counter() - started) * 1000)
                count = len(queries)
            else:
                count = -1
            html = response.content.decode()
            print(
                f"{persona:12} {key[:50]:50} {statistics.median(timings):8.0f} ms {count:4d} q",
                file=sys.stderr,
                flush=True,
            )
            rows.append(
                {
                    "persona": persona,
                    "key": key,
                    "url": url,
                    "status": response.status_code,
                    "ms": statistics.median(timings),
                    "queries": count,
                    "bytes": len(response.content),
                }
            )
            if depth < 2 and not url.startswith(ADMIN):
                for link in _links(html):
                    target = _internal(link, url.split("?")[0])
                    if target and not target.startswith(ADMIN):
                        queue.append((target, depth + 1))
    return rows


def _run(url: str, runs: int) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, __file__, "--walk", "--runs", str(runs)],
        env=env,
        check=True,
        stdout=subprocess.PIPE,  # progress goes to stderr
        text=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def _build(url: str, officials: int | None) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    count = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from danhgia.organisation.models import Official; print(Official.objects.count())",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    if int(count.stdout.strip().splitlines()[-1]) == 0:
        extra = ["--officials", str(officials)] if officials else []
        subprocess.run([*manage, "seed_demo", *extra], env=env, check=True)
    # also a database copied with ``createdb -T``: the copy starts without the counters that
    # would make autovacuum analyse it, and the planner would guess ~70 tasks for 97,000
    subprocess.run([*manage, "dbshell"], input="ANALYZE;\n", env=env, text=True, check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", help="DATABASE_URL of the demo-size database")
    parser.add_argument("--big", help="DATABASE_URL of the large database")
    parser.add_argument("--officials", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--walk", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.walk:  # the child: one database, rows as JSON on the last line
        print(json.dumps(walk(args.runs)))
        return 0
    if not args.demo or not args.big:
        parser.error("--demo and --big are required")
    if args.build:
        _build(args.demo, None)
        _build(args.big, args.officials)
    small = {(r["persona"], r["key"]): r for r in _run(args.demo, args.runs)}
    big = {(r["persona"], r["key"]): r for r in _run(args.big, args.runs)}
    flagged = 0
    print(
        f"{'persona':12} {'page (route?query keys)':44} {'demo ms':>8} {'big ms':>8} {'×':>5} "
        f"{'q demo':>6} {'q big':>6} {'KB demo':>8} {'KB big':>8}  flags"
    )
    for persona, key in sorted(set(small) | set(big), key=lambda k: (PERSONAS.index(k[0]), k[1])):
        s, b = small.get((persona, key)), big.get((persona, key))
        flags = []
        if (b and b["status"] >= 500) or (s and s["status"] >= 500):
            flags.append("ERROR 500")
        if b and "ms" in b:
            if b["ms"] > LIMIT_MS:
                flags.append(f">{LIMIT_MS} ms")
            if b["bytes"] > LIMIT_BYTES:
                flags.append(">1 MB")
            if s and "ms" in s and b["queries"] > s["queries"]:
                flags.append("queries grow")
        flagged += bool(flags)

        def cell(row, field, scale=1.0, fmt="{:.0f}"):
            return fmt.format(row[field] / scale) if row and field in row else "—"

        ratio = f"{b['ms'] / s['ms']:.1f}" if s and b and "ms" in s and "ms" in b else "—"
        print(
            f"{persona:12} {key[:44]:44} {cell(s, 'ms'):>8} {cell(b, 'ms'):>8} {ratio:>5} "
            f"{cell(s, 'queries'):>6} {cell(b, 'queries'):>6} {cell(s, 'bytes', 1024):>8} "
            f"{cell(b, 'bytes', 1024):>8}  {' '.join(flags)}"
        )
    print(f"{len(big)} pages at the big size, {flagged} flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
