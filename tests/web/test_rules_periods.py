"""A period and its frameworks (issue 15, item 7): refused with the reason, flagged when missing."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danhgia.periods.models import PeriodFramework
from danhgia.periods.services import assign_framework, close_period
from danhgia.rules.models import FrameworkVersion
from tests.web import factories as f


def test_an_open_period_flags_the_blocks_with_people_but_no_framework(world, login):
    period = f.make_period(2026, 3)
    closed = close_period(f.make_period(2026, 2))
    page = login("official").get(reverse("periods:period_list")).content.decode()
    block = world.unit_a.block.name
    assert f"Chưa gán khung chấm điểm cho 1 khối có cán bộ: {block}." in page
    assert page.count("period__missing") == 1  # the closed period is not flagged
    assign_framework(period, world.unit_a.block, f.framework("lamdong-2026-pl5"))
    page = login("official").get(reverse("periods:period_list")).content.decode()
    assert "period__missing" not in page
    assert str(closed) in page


def test_a_draft_is_refused_with_its_problem_until_the_form_completes_it(world):
    content = json.loads(json.dumps(f.framework("lamdong-2026-pl5").content))
    content.update(id="du-thao", status="draft", missing=["Trục 4: thiếu tiêu chí 4.5"])
    removed = content["axes"][3]["criteria"].pop()
    draft = FrameworkVersion.objects.create(code="du-thao", version=1, content=content)
    period = f.make_period()
    with pytest.raises(ValidationError) as refused:
        PeriodFramework(period=period, block=world.unit_a.block, framework_version=draft).clean()
    message = " ".join(refused.value.messages)
    assert "Bản nháp" in message and "Trục 4: thiếu tiêu chí 4.5" in message
    content["axes"][3]["criteria"].append(removed)
    content.update(status="complete", missing=[])
    draft.content = content
    draft.save()
    PeriodFramework(period=period, block=world.unit_a.block, framework_version=draft).clean()
