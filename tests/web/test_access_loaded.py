"""``access.can_loaded``: a right decided on the record just read gives the database's answer.

The self-assessment's pages ask "may this user change the evaluation?" on every request; the
rule is decided on the record already read (no second query) wherever ``rules.LOADED_RULES``
has a function for it. Each such function must agree with the rule's Q for every state, every
``returned_from`` and every kind of user.
"""

from __future__ import annotations

import itertools

import pytest

from danhgia import access
from danhgia.access import Action
from danhgia.access.rules import LOADED_RULES
from danhgia.access.scopes import assignments
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.views.common import evaluation_for
from danhgia.organisation.choices import Role
from tests.web.factories import (
    assign_role,
    make_block,
    make_evaluation,
    make_evaluation_period,
    make_official,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db

RETURNED_FROM = ("", EvaluationState.SELF_ASSESSED, EvaluationState.VERIFIED)


@pytest.fixture
def world():
    block = make_block()
    province = make_unit("tinh", block=block)
    office = make_unit("so", parent=province, block=block)
    owner = make_user("chu-phieu")
    official = make_official(office, user=owner)
    period = make_evaluation_period(block)
    evaluation = make_evaluation(official, period)
    leader = make_user("lanh-dao")
    assign_role(leader, Role.UNIT_LEADERSHIP, office)
    admin = make_user("quan-tri")
    assign_role(admin, Role.ADMINISTRATOR, province)
    inactive = make_user("nghi-viec", is_active=False)
    stranger = make_user("nguoi-khac")
    return {
        "evaluation": evaluation,
        "users": {
            "owner": owner,
            "leader": leader,
            "admin": admin,
            "inactive": inactive,
            "stranger": stranger,
        },
    }


class _Request:
    def __init__(self, user):
        self.user = user


def test_every_loaded_rule_agrees_with_its_query(world):
    evaluation = world["evaluation"]
    assert ("evaluations.evaluation", "change") in LOADED_RULES
    answers = set()
    for state, returned_from in itertools.product(EvaluationState.values, RETURNED_FROM):
        Evaluation.objects.filter(pk=evaluation.pk).update(state=state, returned_from=returned_from)
        for name, user in world["users"].items():
            user = type(user).objects.get(pk=user.pk)  # a fresh user, as in each request
            loaded = Evaluation.objects.select_related("official").get(pk=evaluation.pk)
            for label, action in LOADED_RULES:
                assert label == "evaluations.evaluation"
                expected = access.can(user, loaded, Action(action))
                assert access.can_loaded(user, loaded, Action(action)) == expected, (
                    name,
                    state,
                    returned_from,
                    action,
                )
                answers.add((name, expected))
    # the matrix is not trivial: the owner may and may not, the others never but the admin
    assert {("owner", True), ("owner", False), ("admin", True), ("leader", False)} <= answers
    assert ("stranger", True) not in answers and ("inactive", True) not in answers


def test_a_record_read_without_its_official_is_asked_of_the_database(
    world, django_assert_num_queries
):
    owner = world["users"]["owner"]
    bare = Evaluation.objects.get(pk=world["evaluation"].pk)
    owner = type(owner).objects.get(pk=owner.pk)
    assignments(owner)  # the roles, read once per request
    with django_assert_num_queries(1):
        assert access.can_loaded(owner, bare, Action.CHANGE)


def test_the_page_decides_on_the_record_it_read(world, django_assert_num_queries):
    owner = type(world["users"]["owner"]).objects.get(pk=world["users"]["owner"].pk)
    assignments(owner)
    evaluation = evaluation_for(_Request(owner), world["evaluation"].pk)
    with django_assert_num_queries(0):
        assert access.can_loaded(owner, evaluation, Action.CHANGE)
    # the answer follows the record as read: once submitted, no longer the owner's to change
    evaluation.state = EvaluationState.SELF_ASSESSED
    with django_assert_num_queries(0):
        assert not access.can_loaded(owner, evaluation, Action.CHANGE)
