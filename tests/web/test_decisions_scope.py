"""What an authority scoped to one unit, and a person about themself, may read of a decision
(issue "One home for every rule and every right", defects a and e).

a. People of the same comparison group from other units count in the quota's base, but their
   names, scores, reasons and unpublished decisions are not shown to an authority of one unit.
e. A person never reads their own decision, stage scores, override or correction reasons
   before publication, even as the leader of their own unit.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from danhgia.decisions.publication import publish
from danhgia.decisions.services import Override, decide, decision_run
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.choices import Role
from danhgia.review.choices import Stage

from . import factories as f
from .decision_data import appraise, dossiers_on_time, make_quarter, stage_score

OVERRIDE = "Lý do điều chỉnh riêng của cấp có thẩm quyền"


@pytest.fixture
def quarter(world):
    quarter = make_quarter(world)
    group = quarter.top.official.comparison_group
    world.outsider_b.comparison_group = group
    world.outsider_b.save(update_fields=["comparison_group"])
    outsider = Evaluation.objects.create(
        official=world.outsider_b,
        period=quarter.period,
        framework_version=f.framework("lamdong-2026-pl5"),
    )
    appraise(outsider, "91")
    quarter.outsider = outsider
    # Unit A's top person is decided by the province's authority, not yet published.
    run = decision_run(quarter.period, world.users["authority"])
    decide(run, world.users["authority"], evaluation_ids={quarter.top.pk})
    authority_b = f.make_user("authority_b")
    f.assign_role(authority_b, Role.AUTHORITY, world.unit_b)
    quarter.authority_b = authority_b
    return quarter


def test_an_authority_of_one_unit_does_not_read_other_units_people(client, world, quarter):
    client.force_login(quarter.authority_b)
    page = client.get(reverse("decisions:decide", args=[quarter.period.pk])).content.decode()
    assert world.outsider_b.full_name in page  # its own person, decidable
    assert "91,00 điểm → HTXSNV" in page
    for evaluation in quarter.evaluations:
        assert evaluation.official.full_name not in page
    assert "95,00" not in page and "93,00" not in page  # no score of unit A
    assert "5 cán bộ cùng nhóm thuộc đơn vị ngoài phạm vi của bạn" in page
    # ... and they still count in the group's base (6 people, 20 % → 1)
    assert "Số người làm cơ sở tính" in page
    assert page.count('name="pick"') == 1


def test_the_group_base_counts_the_people_the_authority_does_not_see(world, quarter):
    run = decision_run(quarter.period, quarter.authority_b)
    (group,) = run.result.groups
    assert group.base == 6


def test_a_tie_warning_does_not_name_people_outside_the_scope(client, world, quarter):
    Evaluation.objects.filter(pk=quarter.outsider.pk).update(self_total="93")
    client.force_login(quarter.authority_b)
    page = client.get(reverse("decisions:decide", args=[quarter.period.pk])).content.decode()
    assert quarter.cut.official.full_name not in page


@pytest.fixture
def head_decided(world):
    """The unit head's own evaluation, reviewed by the level above, decided with an override."""
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = Evaluation.objects.create(
        official=world.head_a, period=period, framework_version=f.framework("lamdong-2026-pl5")
    )
    appraise(evaluation, "88")
    dossiers_on_time(period, world.unit_a)
    stage_score(evaluation, Stage.REVIEW, "87", "HTTNV", world.users["authority"])
    stage_score(evaluation, Stage.APPRAISAL, "86", "HTTNV", world.users["appraiser"])
    run = decision_run(period, world.users["authority"])
    assert str(run.proposal_for(evaluation.pk).result.rating) == "HTTNV"
    decide(
        run,
        world.users["authority"],
        overrides={evaluation.pk: Override("HTNV", OVERRIDE)},
        evaluation_ids={evaluation.pk},
    )
    return evaluation


def test_a_unit_head_does_not_read_their_own_decision_before_publication(
    login, world, head_decided
):
    client = login("unit_head")
    stages = client.get(reverse("decisions:stages_detail", args=[head_decided.pk]))
    page = stages.content.decode()
    assert stages.status_code == 200
    assert OVERRIDE not in page
    assert "86,00" not in page and "87,00" not in page  # neither stage's score
    detail = client.get(reverse("evaluations:detail", args=[head_decided.pk])).content.decode()
    assert OVERRIDE not in detail  # the history keeps the step, not its reasons
    unit = client.get(
        reverse("review:review_unit", args=[head_decided.period.pk, world.unit_a.pk])
    ).content.decode()
    assert "87,00" not in unit and "86,00" not in unit


def test_after_publication_the_person_reads_everything(login, world, head_decided):
    publish(head_decided.period, world.root, world.users["authority"])
    client = login("unit_head")
    page = client.get(reverse("decisions:stages_detail", args=[head_decided.pk])).content.decode()
    assert OVERRIDE in page
    assert "86,00" in page
    detail = client.get(reverse("evaluations:detail", args=[head_decided.pk])).content.decode()
    assert OVERRIDE in detail
