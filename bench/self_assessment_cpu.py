"""CPU per request of the officials' mix of ``bench/load_bench.py``, in one process.

The three requests an official sends while filling in the self-assessment: (1) open the page
(GET), (2) the HTMX recalculation (POST ``tinh-diem/``) and (3) save (POST, 302). Each is sent
``--runs`` times through the Django test client with production settings (DEBUG off, the same
middleware), after a warm-up; the script prints this process's CPU ms per request (median and
minimum: ``time.process_time``, which the shared machine's other jobs hardly disturb), the
number of queries and the response size. Like ``danhgia/wsgi.py`` it freezes the loaded objects
out of the cycle collector (``BENCH_GC_FREEZE=0``: not, to compare with an older version).
``--profile open|recalculate|save`` prints cProfile's top functions for that request instead.

    createdb -h 127.0.0.1 -U postgres -T danhgia_load danhgia_mine   # a copy: saving writes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danhgia_mine \\
        .venv/bin/python bench/self_assessment_cpu.py [--runs 30] [--profile open]

It gives one official with an open self-assessment (targets approved) an account
``bench-cpu``, and removes it again at the end; saving rewrites that evaluation's draft rows
with the values the page shows, so use a copy of the bench database.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _setup(log_json: bool) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "danhgia.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_COOKIES": "false",
            "CONN_MAX_AGE": "60",
        }
    )
    if log_json:
        os.environ["LOG_FORMAT"] = "json"
    import gc

    import django

    django.setup()
    if os.environ.get("BENCH_GC_FREEZE", "1") != "0":
        gc.freeze()  # as danhgia/wsgi.py does once the application is loaded (0: to compare)
    if log_json:  # the request log goes to the console: keep it off the table
        import logging

        for handler in logging.getLogger().handlers:
            handler.stream = open(os.devnull, "w")  # noqa: SIM115


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", choices=("open", "recalculate", "save"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sql", action="store_true", help="print the queries of each request")
    parser.add_argument("--full-sql", action="store_true", help="with --sql: each query in full")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", default="", help="a regular expression on the functions shown")
    parser.add_argument(
        "--dump", metavar="DIR", help="write each response's body there (to compare two versions)"
    )
    parser.add_argument(
        "--log-json", action="store_true", help="LOG_FORMAT=json, as run-production.sh"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to a copy of the bench database")
    _setup(args.log_json)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from load_bench import LOCK_RE, _FormFields

    from danhgia.evaluations.models import Evaluation
    from danhgia.organisation.models import Official
    from danhgia.periods.services import current_period

    users = get_user_model()
    users.objects.filter(username="bench-cpu").delete()
    evaluation = (
        Evaluation.objects.filter(
            period=current_period(), state="targets_approved", official__user__isnull=True
        )
        .select_related("official")
        .order_by("pk")
        .first()  # the first that load_bench.py picks
    )
    account = users.objects.create_user(username="bench-cpu")
    evaluation.official.user = account
    evaluation.official.save(update_fields=["user"])
    try:
        client = Client()
        client.force_login(account)
        page = f"/danh-gia/{evaluation.pk}/tu-danh-gia/"
        html = client.get(page).content.decode()
        fields_parser = _FormFields()
        fields_parser.feed(html)
        fields = [(k, v) for k, v in fields_parser.fields if k != "csrfmiddlewaretoken"]

        form = "application/x-www-form-urlencoded"  # as the browser and load_bench.py send

        def posted(*extra: tuple[str, str]) -> str:
            match = LOCK_RE.search(client.get(page).content)
            lock = (match.group(1) or match.group(2)).decode()
            return urlencode(
                [(k, lock if k == "lock_version" else v) for k, v in fields] + [*extra]
            )

        def open_page():
            return client.get(page), 200

        recalc_data = posted()

        def recalculate():
            response = client.post(
                page + "tinh-diem/",
                recalc_data,
                content_type=form,
                HTTP_HX_REQUEST="true",
                HTTP_HX_TARGET="recalc",
            )
            return response, 200

        state = {"data": None}

        def save():
            return client.post(page, state["data"], content_type=form), 302

        def before_save():
            state["data"] = posted(
                ("action", "save")
            )  # the current lock version (a GET, not measured)

        kinds = {
            "open": (open_page, None),
            "recalculate": (recalculate, None),
            "save": (save, before_save),
        }

        def once(kind: str):
            call, prepare = kinds[kind]
            if prepare:
                prepare()
            started = time.process_time()
            response, expected = call()
            spent = time.process_time() - started
            if response.status_code != expected:
                raise SystemExit(f"{kind}: {response.status_code}, expected {expected}")
            return spent, response

        for kind in kinds:  # warm-up: imports, caches, templates
            for _ in range(3):
                once(kind)

        if args.dump:
            folder = Path(args.dump)
            folder.mkdir(parents=True, exist_ok=True)
            for kind in kinds:
                response = once(kind)[1]
                body = response.content  # without what changes at each request
                for varying in (rb'csrfmiddlewaretoken" value="[^"]+', rb'CSRFToken": "[^"]+'):
                    body = re.sub(varying, b"", body)
                body = re.sub(rb'(name="lock_version" value=")\d+', rb"\1", body)
                (folder / f"{kind}.html").write_bytes(body)
            return 0

        if args.profile:
            profiler = cProfile.Profile()
            call, prepare = kinds[args.profile]
            for _ in range(args.runs):
                if prepare:
                    prepare()
                profiler.enable()
                call()
                profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats(args.sort).print_stats(*([args.only] if args.only else []), args.top)
            return 0

        print(
            f"evaluation {evaluation.pk}, {args.runs} runs each"
            f"{', LOG_FORMAT=json' if args.log_json else ''}"
        )
        print(f"{'request':12} {'CPU ms median':>14} {'min':>7} {'queries':>8} {'KB':>7}")
        for kind in kinds:
            times = [once(kind)[0] * 1000 for _ in range(args.runs)]
            call, prepare = kinds[kind]
            if prepare:
                prepare()
            with CaptureQueriesContext(connection) as queries:
                response, _expected = call()
            size = len(response.content) / 1024
            if args.sql:
                for query in queries:
                    sql = query["sql"]
                    print(f"    {sql if args.full_sql else sql[:220] + '  …' + sql[-160:]}")
            print(
                f"{kind:12} {statistics.median(times):14.1f} {min(times):7.1f} "
                f"{len(queries):8d} {size:7.1f}"
            )
    finally:
        Official.objects.filter(user=account).update(user=None)
        account.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
