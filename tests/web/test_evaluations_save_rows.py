"""Saving the self-assessment writes only the rows whose values changed (issue 9, item 4)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danhgia.evaluations.models import CriterionEntry
from danhgia.evaluations.services import ROW_FIELDS
from tests.web import factories as f

from .evaluation_data import filled_post


@pytest.fixture
def evaluation(world):
    period = f.make_evaluation_period(world.unit_a.block)
    return f.make_evaluation(world.official_a, period, approved_by=world.users["unit_head"])


def test_saving_writes_only_the_rows_that_changed(login, evaluation):
    """A save rewrites the rows whose values changed, and only those (issue 9, item 4)."""
    client = login("official")
    url = reverse("evaluations:self_assessment", args=[evaluation.pk])
    assert client.post(url, filled_post(evaluation)).status_code == 302
    stored = {e.code: e for e in CriterionEntry.objects.filter(evaluation=evaluation)}
    evaluation.refresh_from_db()
    total_before = evaluation.self_total
    assert total_before is not None

    def entry_updates(data):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, data).status_code == 302
        return [
            q["sql"] for q in queries if q["sql"].startswith('UPDATE "evaluations_criterionentry"')
        ]

    assert entry_updates(filled_post(evaluation)) == []  # the same values again: no row written
    updates = entry_updates(filled_post(evaluation, **{"A_3_2-met": "1", "B_1_1-comment": "Đạt"}))
    # one statement over the two changed rows (a CASE per field and row), none over the others
    assert len(updates) == 1 and updates[0].count("WHEN") == 2 * len(ROW_FIELDS)
    rows = {e.code: e for e in CriterionEntry.objects.filter(evaluation=evaluation)}
    assert rows["A.3.2"].met is True and rows["A.3.2"].points > stored["A.3.2"].points
    assert rows["B.1.1"].comment == "Đạt"
    assert rows["B.1.1"].points == stored["B.1.1"].points
    unchanged = [c for c in rows if c not in ("A.3.2", "B.1.1")]
    assert [rows[c].points for c in unchanged] == [stored[c].points for c in unchanged]
    evaluation.refresh_from_db()
    gain = rows["A.3.2"].points - stored["A.3.2"].points
    assert evaluation.self_total == total_before + gain
