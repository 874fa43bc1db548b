"""Permission matrix of the evaluations pages: persona × URL (× method) → status.

Anonymous → the login page; out of scope (or not existing) → 404; in scope but the wrong role
for the action → 403; allowed → 200 (a page) or 302 (an action done, then a redirect).
Besides the shared personas: ``secretary`` (unit secretary of A, sees A's evaluations) and
``assigner`` (an assigning agency over the province: sees tasks, not evaluations).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse

from danhgia.evaluations.models import Evidence
from danhgia.evaluations.scoring import rules_for
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft, submit
from danhgia.organisation.choices import Role
from tests.web import factories as f
from tests.web import once
from tests.web.conftest import build_world

from .evaluation_data import filled_values, form_post

PERSONAS = [
    "official",
    "unit_head",
    "appraiser",
    "authority",
    "admin",
    "outsider",
    "secretary",
    "assigner",
]


def statuses(**given):
    """Every persona's status: those given, 404 for the rest."""
    return {persona: given.get(persona, 404) for persona in PERSONAS}


SEES_OWN = statuses(
    official=200, unit_head=200, appraiser=200, authority=200, admin=200, secretary=200
)

# (url name, target, method) → {persona: status}. Targets: "own" (official A's evaluation,
# targets approved), "draft" (colleague in A, draft), "other" (the other department's),
# "submitted" (member of A1, submitted), "evidence" (a file of "own"), "unit" (unit A).
MATRIX = {
    ("evaluations:list", None, "get"): dict.fromkeys(PERSONAS, 200),
    ("evaluations:list_export", None, "get"): dict.fromkeys(PERSONAS, 200),
    ("evaluations:start", None, "post"): statuses(
        official=302, unit_head=302, outsider=302, appraiser=403, authority=403, admin=403,
        secretary=403, assigner=403,
    ),
    ("evaluations:unit_members", "unit", "get"): statuses(
        official=403, unit_head=200, appraiser=200, authority=200, admin=200, secretary=200,
        assigner=403,
    ),
    ("evaluations:unit_members_export", "unit", "get"): statuses(
        official=403, unit_head=200, appraiser=200, authority=200, admin=200, secretary=200,
        assigner=403,
    ),
    ("evaluations:unit_start", "unit", "post"): statuses(
        official=403, unit_head=302, appraiser=403, authority=403, admin=302, secretary=302,
        assigner=403,
    ),
    # approving the unit's proposed targets at once: the unit's leadership (rough edge #15)
    ("evaluations:unit_approve_targets", "unit", "post"): statuses(
        official=403, unit_head=302, appraiser=403, authority=403, admin=302, secretary=403,
        assigner=403,
    ),
    ("evaluations:detail", "own", "get"): SEES_OWN,
    ("evaluations:detail", "other", "get"): statuses(
        appraiser=200, authority=200, admin=200, outsider=200
    ),
    ("evaluations:detail", "missing", "get"): statuses(),
    ("evaluations:targets", "own", "get"): SEES_OWN,
    ("evaluations:targets", "draft", "get"): statuses(
        unit_head=200, appraiser=200, authority=200, admin=200, secretary=200
    ),
    # Proposing targets: the official's own, only while a draft.
    ("evaluations:targets", "draft", "post"): statuses(
        unit_head=403, appraiser=403, authority=403, admin=302, secretary=403
    ),
    # An empty post lacks the version the page was opened with: refused as a conflict (409).
    ("evaluations:approve_targets", "draft", "post"): statuses(
        unit_head=409, appraiser=403, authority=403, admin=409, secretary=403
    ),
    ("evaluations:amend_target", "own", "get"): statuses(
        official=403, unit_head=200, appraiser=403, authority=403, admin=200, secretary=403
    ),
    ("evaluations:self_assessment", "own", "get"): SEES_OWN,
    ("evaluations:self_assessment", "own", "post"): statuses(
        official=302, unit_head=403, appraiser=403, authority=403, admin=302, secretary=403
    ),
    # Submitted: nobody changes it any more; the official is told why.
    ("evaluations:self_assessment", "submitted", "post"): statuses(
        unit_head=403, appraiser=403, authority=403, admin=403, secretary=403
    ),
    ("evaluations:recalculate", "own", "post"): statuses(
        official=200, unit_head=403, appraiser=403, authority=403, admin=200, secretary=403
    ),
    # The workbook round trip: the same rights as the forms (targets or self-assessment).
    ("evaluations:workbook_download", "own", "get"): statuses(
        official=200, unit_head=403, appraiser=403, authority=403, admin=200, secretary=403
    ),
    ("evaluations:workbook_download", "draft", "get"): statuses(
        unit_head=403, appraiser=403, authority=403, admin=200, secretary=403
    ),
    # Submitted: nobody changes it any more.
    ("evaluations:workbook_download", "submitted", "get"): statuses(
        unit_head=403, appraiser=403, authority=403, admin=403, secretary=403
    ),
    ("evaluations:workbook_download", "missing", "get"): statuses(),
    ("evaluations:workbook_upload", "own", "get"): statuses(
        official=200, unit_head=403, appraiser=403, authority=403, admin=200, secretary=403
    ),
    # A post without a file: the form says so (200), nothing saved.
    ("evaluations:workbook_upload", "own", "post"): statuses(
        official=200, unit_head=403, appraiser=403, authority=403, admin=200, secretary=403
    ),
    ("evaluations:workbook_upload", "submitted", "post"): statuses(
        unit_head=403, appraiser=403, authority=403, admin=403, secretary=403
    ),
    ("evaluations:evidence_download", "evidence", "get"): SEES_OWN,
    ("evaluations:evidence_download", "missing", "get"): statuses(),
    # Removing a file: the owner (or an administrator) while editable; who only sees it: 403.
    ("evaluations:evidence_remove", "evidence", "post"): statuses(
        official=302, unit_head=403, appraiser=403, authority=403, admin=302, secretary=403
    ),
    ("evaluations:evidence_remove", "missing", "post"): statuses(),
}  # fmt: skip

CASES = [
    (persona, name, target, method, expected)
    for (name, target, method), table in MATRIX.items()
    for persona, expected in table.items()
]


class Objects:
    """The targets of the matrix, each made on first use (most cases need one or two)."""

    def __init__(self, world) -> None:
        self.world = world
        self.period = f.make_evaluation_period(world.unit_a.block)
        self.made: dict[str, object] = {"unit": world.unit_a}

    def __getitem__(self, name: str):
        if name not in self.made:
            self.made[name] = getattr(self, f"_{name}")()
        return self.made[name]

    def _own(self):
        return f.make_evaluation(
            self.world.official_a, self.period, approved_by=self.world.users["unit_head"]
        )

    def _draft(self):
        return f.make_evaluation(self.world.colleague_a, self.period)

    def _other(self):
        return f.make_evaluation(self.world.outsider_b, self.period)

    def _submitted(self):
        evaluation = f.make_evaluation(
            self.world.member_a1, self.period, approved_by=self.world.users["unit_head"]
        )
        framework = rules_for(evaluation).framework
        rows = {
            code: RowInput(met=value) if isinstance(value, bool) else
            RowInput(category=value) if isinstance(value, str) and not value[0].isdigit() else
            RowInput(level=value) if isinstance(value, int) else
            RowInput(actual=Decimal(value.replace(",", ".")))
            for code, value in filled_values(framework).items()
        }  # fmt: skip
        save_draft(evaluation, SelfAssessment(rows), evaluation.lock_version, None)
        return submit(evaluation, None)

    def _evidence(self):
        evidence = Evidence(
            entry=self["own"].entries.get(code="B.1.1"),
            original_name="Báo cáo.pdf",
            content_type="application/pdf",
            size=4,
            uploaded_by=self.world.users["official"],
        )
        evidence.file.save("x", ContentFile(b"%PDF"), save=True)
        return evidence


def _build(request) -> Objects:
    """The world and every target of the matrix, made once for the module (tests/web/once.py)."""
    world = build_world()
    world.users["secretary"] = f.make_user("secretary")
    f.assign_role(world.users["secretary"], Role.UNIT_SECRETARY, world.unit_a)
    world.users["assigner"] = f.make_user("assigner")
    f.assign_role(world.users["assigner"], Role.ASSIGNING_AGENCY, world.root)
    objects = Objects(world)
    for name in ("own", "draft", "other", "submitted", "evidence"):
        objects[name]
    return objects


shared_objects = once.module_world(_build, files=True)


@pytest.fixture
def objects(request, shared_objects, db, tmp_path):
    yield from once.fresh_copy(request, shared_objects, tmp_path)


@pytest.fixture
def world(objects):
    return objects.world


def _request(client, objects, name, target, method):
    if target is None:
        url = reverse(name)
    elif target == "missing":
        url = reverse(name, args=[999999])
    elif name == "evaluations:amend_target":
        url = reverse(name, args=[objects[target].pk, "B.1.1"])
    else:
        url = reverse(name, args=[objects[target].pk])
    if method == "get":
        response = client.get(url)
    elif name in ("evaluations:self_assessment", "evaluations:recalculate"):
        response = client.post(url, form_post(objects[target], {"B.1.1": "4"}))
    elif name == "evaluations:targets":
        response = client.post(url, {"lock_version": "1"})
    else:
        response = client.post(url)
    if hasattr(response, "streaming_content"):
        f.close_download(response)
    return response


@pytest.mark.parametrize(("persona", "name", "target", "method", "expected"), CASES)
def test_permission_matrix(world, objects, client, persona, name, target, method, expected):
    client.force_login(world.users[persona])
    response = _request(client, objects, name, target, method)
    assert response.status_code == expected


@pytest.mark.parametrize(("name", "target", "method"), list(MATRIX))
def test_anonymous_visitors_are_sent_to_the_login_page(
    world, objects, client, name, target, method
):
    response = _request(client, objects, name, target, method)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_every_url_of_the_evaluations_app_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["evaluations"][1]
    names = {f"evaluations:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    assert names <= {name for name, _target, _method in MATRIX}
