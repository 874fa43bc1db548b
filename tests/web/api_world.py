"""The small demo province with an API token for each persona (tests of danhgia.api)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import Client

from danhgia.api.tokens import create_token
from danhgia.core.demo import seed_demo
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.tasks.collective import save_collective_result
from danhgia.tasks.models import CollectiveResult, Task
from tests.demo_day import STORY_TODAY

DEMO_PERSONAS = ["canbo", "truongdonvi", "cqchutri", "thamdinh", "thuongvu", "quantri"]
#: the demo personas, anonymous, and canbo's read-only token
PERSONAS = ["anonymous", *DEMO_PERSONAS, "canbo-ro"]


@dataclass
class ApiWorld:
    tokens: dict[str, str]  # persona → raw token
    evaluation: int  # canbo's open evaluation (targets approved: canbo may self-assess)
    other_evaluation: int  # a colleague's evaluation in Sở Tài chính (no account)
    task: int  # one of canbo's tasks, assigned (canbo reports it)
    unit: int  # Sở Tài chính
    province: int  # the province (root unit)
    office: int  # Văn phòng Tỉnh ủy: the body cqchutri assigns as (its role's acting unit)
    canbo_official: int
    period: int  # the open quarter
    collective: int  # Sở Tài chính's Phụ lục 7 of the open quarter


def build_api_world(request=None) -> ApiWorld:
    seed_demo(small=True, today=STORY_TODAY)  # the Q3/2026 story the tests were written for
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_PERSONAS)}
    tokens = {name: create_token(users[name], f"test {name}")[1] for name in DEMO_PERSONAS}
    tokens["canbo-ro"] = create_token(users["canbo"], "read-only", read_only=True)[1]
    own = Evaluation.objects.get(official__user__username="canbo", period__state="open")
    unit = Unit.objects.get(code="so-tai-chinh")
    period = Period.objects.get(pk=own.period_id)
    other = (
        Evaluation.objects.filter(period=period, official__unit=unit)
        .filter(official__user__isnull=True)
        .order_by("pk")
        .first()
    )
    task = Task.objects.filter(lead__user__username="canbo", state="assigned").order_by("pk")[0]
    save_collective_result(unit, period, {"highlights": "Đầu quý"}, 1, users["truongdonvi"])
    return ApiWorld(
        tokens=tokens,
        evaluation=own.pk,
        other_evaluation=other.pk,
        task=task.pk,
        unit=unit.pk,
        province=Unit.objects.get(parent=None).pk,
        office=Unit.objects.get(code="van-phong-tinh-uy").pk,
        canbo_official=Official.objects.get(user__username="canbo").pk,
        period=period.pk,
        collective=CollectiveResult.objects.get(unit=unit, period=period).pk,
    )


def api_client(world: ApiWorld, persona: str) -> Client:
    """A client sending the persona's bearer token (none for anonymous)."""
    if persona == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[persona]}")
