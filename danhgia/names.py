"""People's names on accounts: Vietnamese order, family name first (docs/decisions.md).

Django's account keeps ``last_name`` (the admin's "Họ": the family name, "Phạm") and
``first_name`` ("Tên": the middle and given names, "Thu Lan") and prints them given name first
("Thu Lan Phạm"). Every page, document, e-mail and audit entry here prints "Phạm Thu Lan":
``full_name`` is installed as the account's ``get_full_name`` (``core.apps``), so the admin,
the templates and the services all read the same order.
"""

from __future__ import annotations


def full_name(last_name: str, first_name: str) -> str:
    """ "Phạm" + "Thu Lan" → "Phạm Thu Lan" (either part may be empty)."""
    return " ".join(
        part for part in ((last_name or "").strip(), (first_name or "").strip()) if part
    )


def split_full_name(name: str) -> tuple[str, str]:
    """ "Phạm Thu Lan" → ("Phạm", "Thu Lan"): the account's ``last_name`` and ``first_name``."""
    family, _sep, rest = " ".join(name.split()).partition(" ")
    return family, rest


def account_full_name(user) -> str:
    """The account's ``get_full_name``: family name first."""
    return full_name(user.last_name, user.first_name)


def display_name(user) -> str:
    """How a person is named where their actions are shown (history, audit log, messages): the
    account's name, else the name of the official the account belongs to, else the username."""
    name = user.get_full_name()
    if not name:
        official = getattr(user, "official", None)  # the reverse one-to-one: None if absent
        name = getattr(official, "full_name", "")
    return name or user.get_username()
