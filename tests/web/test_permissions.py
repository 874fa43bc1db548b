"""Permission matrix: persona × URL → status. Later issues add their URLs to MATRIX.

Anonymous → redirect to the login page; outside one's scope → 404 (never 403, so that the
existence of another unit's records does not leak); in scope → 200.
"""

import pytest
from django.urls import reverse

from tests.web import factories as f
from tests.web import once
from tests.web.conftest import build_world

ALL_SIGNED_IN = ["official", "unit_head", "appraiser", "authority", "admin", "outsider"]

# (url name, target) → {persona: status}; the target names an object of the world fixture.
MATRIX = {
    ("core:home", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("core:password_change", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("core:password_change_done", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("organisation:unit_list", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("organisation:unit_options", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("organisation:official_list", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("organisation:official_export", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("periods:period_list", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("rules:framework_list", None): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("rules:framework_detail", "framework"): dict.fromkeys(ALL_SIGNED_IN, 200),
    ("rules:framework_detail", "missing"): dict.fromkeys(ALL_SIGNED_IN, 404),
    # Importing, copying and comparing rules: the administrator's alone (others: 403).
    ("rules:import", None): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 200},
    ("rules:compare", None): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 200},
    ("rules:framework_copy", "framework"): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 302},
    ("rules:framework_copy", "missing"): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 404},
    ("rules:framework_edit", "framework"): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 200},
    ("rules:framework_edit", "missing"): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 404},
    ("rules:framework_check", "framework"): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 302},
    # The official's own record: everyone above them sees it, the other department does not.
    ("organisation:official_detail", "official_a"): {
        "official": 200,
        "unit_head": 200,
        "appraiser": 200,
        "authority": 200,
        "admin": 200,
        "outsider": 404,
    },
    # A colleague in the same unit: not visible to a plain official.
    ("organisation:official_detail", "colleague_a"): {
        "official": 404,
        "unit_head": 200,
        "appraiser": 200,
        "authority": 200,
        "admin": 200,
        "outsider": 404,
    },
    # Someone in a division of unit A: the head's scope covers the subtree.
    ("organisation:official_detail", "member_a1"): {
        "official": 404,
        "unit_head": 200,
        "appraiser": 200,
        "authority": 200,
        "admin": 200,
        "outsider": 404,
    },
    # The other department's official.
    ("organisation:official_detail", "outsider_b"): {
        "official": 404,
        "unit_head": 404,
        "appraiser": 200,
        "authority": 200,
        "admin": 200,
        "outsider": 200,
    },
    ("organisation:official_detail", "missing"): dict.fromkeys(ALL_SIGNED_IN, 404),
    # Loading the organisation from a workbook: the administrator's alone (others: 403).
    ("organisation:import", None): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 200},
    ("organisation:import_template", None): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 200},
    ("organisation:import_confirm", None): {**dict.fromkeys(ALL_SIGNED_IN, 403), "admin": 302},
    # The one-time link of an imported account is opened before signing in (a wrong link: 200,
    # saying so).
    ("organisation:set_password", "link"): dict.fromkeys(ALL_SIGNED_IN, 200),
    # Configuration is the administrator's, in the Django admin (others go to its login).
    ("admin:index", None): {**dict.fromkeys(ALL_SIGNED_IN, 302), "admin": 200},
    ("admin:organisation_official_changelist", None): {
        **dict.fromkeys(ALL_SIGNED_IN, 302),
        "admin": 200,
    },
    ("admin:periods_period_changelist", None): {**dict.fromkeys(ALL_SIGNED_IN, 302), "admin": 200},
}

# One world for the whole matrix (tests/web/once.py); each test gets its own copy.
shared_world = once.module_world(lambda request: build_world())


@pytest.fixture
def world(request, shared_world, db, tmp_path):
    yield from once.fresh_copy(request, shared_world, tmp_path)


CASES = [
    (persona, name, target, expected)
    for (name, target), statuses in MATRIX.items()
    for persona, expected in statuses.items()
]


def _url(world, name: str, target: str | None) -> str:
    if target is None:
        return reverse(name)
    if target == "missing":
        return reverse(name, args=[999999])
    if target == "link":
        return reverse(name, args=["MQ", "sai-duong-dan"])
    if target == "framework":
        return reverse(name, args=[f.framework("lamdong-2026-pl5").pk])
    return reverse(name, args=[getattr(world, target).pk])


@pytest.mark.parametrize(("persona", "name", "target", "expected"), CASES)
def test_permission_matrix(world, login, persona, name, target, expected):
    response = login(persona).get(_url(world, name, target))
    assert response.status_code == expected


# The admin's index answers its own login; a set-password link is opened before signing in.
PUBLIC = {"admin:index", "organisation:set_password"}


@pytest.mark.parametrize(("name", "target"), [key for key in MATRIX if key[0] not in PUBLIC])
def test_anonymous_visitors_are_sent_to_the_login_page(world, client, name, target):
    url = _url(world, name, target)
    response = client.get(url)
    assert response.status_code == 302
    login_url = reverse("admin:login") if name.startswith("admin:") else reverse("core:login")
    assert response["Location"].startswith(login_url)


def test_every_named_url_of_the_application_is_in_the_matrix():
    """A new page must be added to the matrix (admin pages excepted)."""
    from django.urls import get_resolver

    covered = {name for name, _target in MATRIX}
    names = set()
    for namespace in ("core", "organisation", "periods", "rules"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    assert names - {"core:login", "core:logout"} <= covered
