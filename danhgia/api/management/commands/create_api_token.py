"""``manage.py create_api_token USERNAME [--read-only] [--days N] [--name NAME]``: print a
new personal API token (the secret is shown only here)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from danhgia.api.tokens import MAX_DAYS, create_token


class Command(BaseCommand):
    help = "Create a personal API token for USERNAME and print it (it is stored hashed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--read-only", action="store_true", help="the token cannot write")
        parser.add_argument("--days", type=int, help=f"expires after N days (1–{MAX_DAYS})")
        parser.add_argument("--name", default="manage.py", help="a name to recognise it by")

    def handle(self, *args, username: str, read_only: bool, days: int | None, name: str, **kw):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user named {username!r}")
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be from 1 to {MAX_DAYS}")
        _token, raw = create_token(user, name, read_only=read_only, days=days)
        self.stdout.write(raw)
