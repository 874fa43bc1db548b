"""Seeding the demo twice changes nothing (issue item 5).

Apart from tests/web/test_seed_demo.py: that module seeds the province once for all its tests
(tests/web/once.py), and this test needs a database without it.
"""

from django.core.management import call_command

from danhgia.organisation.models import Block, Official, PositionHistory, Unit
from danhgia.periods.models import Period
from tests.demo_day import STORY_TODAY_TEXT

COUNTED = (Unit, Official, PositionHistory, Period, Block)


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seeding_twice_changes_nothing_the_second_time(db, capsys):
    call_command("seed_demo", "--small", "--today", STORY_TODAY_TEXT)
    first = _counts()
    assert "Đã tạo dữ liệu mẫu Tỉnh Lâm Hà" in capsys.readouterr().out
    call_command("seed_demo", "--small", "--today", STORY_TODAY_TEXT)
    assert "đã có sẵn: không thay đổi gì" in capsys.readouterr().out
    assert _counts() == first
