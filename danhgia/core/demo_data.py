"""The fictional province of the demo data, read from its data files (``demo_files/*.yaml``).

Everything there is invented; names of places are common Vietnamese names, not a real
province's list. The block structure is the real one of a province's political system
(SPEC §12). This module turns the files into the posts and units ``demo`` builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from danhgia.organisation.choices import Gender, LeadershipRole, ManagementScope

DATA_DIR = Path(__file__).with_name("demo_files")

HEAD, DEPUTY, MEMBER = LeadershipRole.HEAD, LeadershipRole.DEPUTY, LeadershipRole.MEMBER
POLITBURO, PROVINCIAL, LOWER = (
    ManagementScope.POLITBURO,
    ManagementScope.PROVINCIAL,
    ManagementScope.LOWER,
)


@dataclass(frozen=True)
class Post:
    """A post to fill in a unit: its titles, leadership role, management scope and group."""

    government: str = ""
    party: str = ""
    mass_org: str = ""
    role: LeadershipRole = MEMBER
    scope: ManagementScope = LOWER
    group: str = ""
    count: int = 1
    gender: Gender | None = None  # fixed for posts such as the Women's Union chair


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    block: str
    posts: tuple[Post, ...]
    divisions: tuple[str, ...] = ()  # sub-units (phòng), each with a head and a deputy


def _load(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _post(data: dict[str, Any]) -> Post:
    return Post(
        government=data.get("government", ""),
        party=data.get("party", ""),
        mass_org=data.get("mass_org", ""),
        role=LeadershipRole(data.get("role", MEMBER)),
        scope=ManagementScope(data.get("scope", LOWER)),
        group=data.get("group", ""),
        count=data.get("count", 1),
        gender=Gender(data["gender"]) if data.get("gender") else None,
    )


def _unit(data: dict[str, Any]) -> UnitSpec:
    return UnitSpec(
        data["code"],
        data["name"],
        data["block"],
        tuple(_post(p) for p in data["posts"]),
        tuple(data.get("divisions", ())),
    )


_PROVINCE = _load("province.yaml")
_NAMES = _load("names.yaml")

PROVINCE_CODE = _PROVINCE["province"]["code"]
PROVINCE_NAME = _PROVINCE["province"]["name"]
CODE_PREFIX = _PROVINCE["province"]["code_prefix"]
DEMO_PASSWORD = _PROVINCE["province"]["demo_password"]
#: the demo accounts' mail domain: reserved (RFC 2606), nothing is ever delivered there
DEMO_MAIL_DOMAIN = "example.invalid"


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_MAIL_DOMAIN}"


FALLBACK_FRAMEWORK = _PROVINCE["province"]["fallback_framework"]
POLICY = _PROVINCE["province"]["policy"]

#: (code, name, framework of its appendix)
BLOCKS = [(b["code"], b["name"], b["framework"]) for b in _PROVINCE["blocks"]]
#: (code, name)
COMPARISON_GROUPS = [(g["code"], g["name"]) for g in _PROVINCE["comparison_groups"]]
STANDING = _unit(_PROVINCE["standing"])
PARTY_AGENCIES = [_unit(u) for u in _PROVINCE["party_agencies"]]
DEPARTMENTS = [_unit(u) for u in _PROVINCE["departments"]]
FRONT = _unit(_PROVINCE["front"])
# Since 2025 the mass organisations work under the Fatherland Front: children of its unit.
MASS_ORGANISATIONS = [_unit(u) for u in _PROVINCE["mass_organisations"]]
COUNCIL = [_unit(u) for u in _PROVINCE["council"]]
WARDS = list(_PROVINCE["wards"])
COMMUNES = list(_PROVINCE["communes"])
_COMMUNE_POSTS = {
    kind: tuple(_post(p) for p in posts) for kind, posts in _PROVINCE["commune_posts"].items()
}


def commune_posts(kind: str) -> tuple[Post, ...]:
    """The posts of a commune or ward (``kind``: "xã" | "phường")."""
    return _COMMUNE_POSTS[kind]


#: family names roughly in their national proportions (most common first)
FAMILY_NAMES = [(n["name"], n["weight"]) for n in _NAMES["family_names"]]
MINORITY_FAMILY_NAMES = list(_NAMES["minority_family_names"])
MIDDLE_NAMES = {Gender(k): list(v) for k, v in _NAMES["middle_names"].items()}
GIVEN_NAMES = {Gender(k): list(v) for k, v in _NAMES["given_names"].items()}
