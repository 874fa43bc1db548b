"""The self-assessment sheet's rows written in Python (``evaluations.sheet_html``) are the bytes
the templates they replaced wrote (kept in ``tests/web/sheet_reference``): editable and
read-only, with evidence, linked tasks, a row not applicable, a comment, errors, and the
recalculation's out-of-band cells."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Engine
from django.urls import reverse

from danhgia.evaluations import sheet_html
from danhgia.evaluations.targets import TargetValues, approve_targets, propose_targets
from tests.web import factories as f

from .evaluation_data import filled_post

REFERENCE = Path(__file__).parent / "sheet_reference"
ENGINE = Engine(
    dirs=[str(REFERENCE), str(settings.BASE_DIR / "danhgia" / "templates")],
    libraries={"i18n": "django.templatetags.i18n"},
    builtins=["danhgia.core.templatetags.vn"],
)


def _reference(name: str, **context) -> str:
    return ENGINE.get_template(name).render(Context(context))


def _assert_same(sheet, editable: bool) -> None:
    assert sheet_html.part_a(sheet, editable) == _reference(
        "part_a.html", sheet=sheet, editable=editable
    )
    assert sheet_html.part_b(sheet, editable) == _reference(
        "part_b.html", sheet=sheet, editable=editable
    )
    assert sheet_html.recalc_cells(sheet) == _reference("recalc_cells.html", sheet=sheet)


@pytest.fixture
def private_media(tmp_path, monkeypatch):
    from danhgia.evaluations.models import Evidence

    storage = Evidence._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))


@pytest.fixture
def evaluation(world):
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, period)
    targets = {
        entry.code: TargetValues(
            entry.target_low if entry.target_low is not None else f.MISSING_TARGETS.get(entry.code),
            entry.target_high,
            not_applicable=entry.code == "B.1.6",
        )
        for entry in evaluation.entries.filter(code__startswith="B.")
    }
    propose_targets(evaluation, targets, evaluation.lock_version, world.users["official"])
    approve_targets(evaluation, world.users["unit_head"])
    for planned, delivered, done in (
        (2, 2, date(2026, 9, 5)),
        (3, 1, None),
        (1, 1, date(2027, 1, 9)),
    ):
        f.make_task(
            world.official_a, period, world.unit_a, world.users["unit_head"],
            criterion_code="B.1.2", axis=1, planned_quantity=planned, delivered_quantity=delivered,
            title="Báo cáo <quý> & “tổng kết”", completed_on=done,
        )  # fmt: skip
    return evaluation


def test_the_rows_are_the_templates_bytes(world, login, evaluation, private_media):
    client = login("official")
    url = reverse("evaluations:self_assessment", args=[evaluation.pk])
    data = filled_post(evaluation)
    data["B_1_2-use_tasks"] = "on"
    data["B_1_1-comment"] = 'Ghi chú <b>đậm</b> & "trích"'
    data["B_1_1-evidence"] = SimpleUploadedFile(
        'Báo cáo <quý> & "III".pdf', b"%PDF-1.4 test", content_type="application/pdf"
    )
    assert client.post(url, data).status_code == 302

    page = client.get(url)
    sheet = page.context["sheet"]
    assert page.context["editable"]
    assert any(row.evidence for row in sheet.rows) and any(row.tasks for row in sheet.rows)
    assert any(row.entry.not_applicable for row in sheet.rows)
    _assert_same(sheet, True)
    html = page.content.decode()
    assert "Báo cáo &lt;quý&gt; &amp; &quot;III&quot;.pdf" in html
    assert "Báo cáo &lt;quý&gt; &amp; “tổng kết”" in html
    assert "Chấm theo 3 nhiệm vụ được giao" in html

    # an invalid value: the page again, the row's error in its cell
    data = filled_post(evaluation)
    data["B_1_1-actual"] = "abc"
    invalid = client.post(url, data)
    assert any(row.errors for row in invalid.context["sheet"].rows)
    _assert_same(invalid.context["sheet"], True)

    recalc = client.post(
        reverse("evaluations:recalculate", args=[evaluation.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert 'id="err-B_1_1" class="row-errors" hx-swap-oob="true"><span class="error">' in (
        recalc.content.decode()
    )
    _assert_same(recalc.context["sheet"], True)

    # read-only: the unit's head reads the same evaluation
    read = login("unit_head").get(url)
    assert not read.context["editable"]
    _assert_same(read.context["sheet"], False)
    assert "Ghi chú &lt;b&gt;đậm&lt;/b&gt; &amp; &quot;trích&quot;" in read.content.decode()
