"""A dossier is complete only when each component exists (SPEC §10; rough edges #5, D3).

Nothing is ticked: the memo and the evidence are uploaded files, the minutes, the
self-assessments, the summary table and Phụ lục 7 are the system's records, each opened from
the dossier page by whoever reads the dossier.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from danhgia.dossiers.choices import DossierComponent
from danhgia.dossiers.models import Dossier, DossierDocument
from danhgia.dossiers.services import checklist, missing

from . import factories as f
from . import review_world
from .dossier_data import COMPONENTS, complete, pdf


@pytest.fixture
def rw(world, tmp_path, monkeypatch):
    storage = DossierDocument._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    return review_world.build(world)


def page_of(client, rw, persona="secretary") -> str:
    client.force_login(rw.users[persona])
    url = reverse("dossiers:dossier", args=[rw.period.pk, rw.world.unit_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def label(component: str) -> str:
    return str(DossierComponent(component).label)


@pytest.mark.parametrize("component", COMPONENTS)
def test_a_missing_component_is_named_and_the_dossier_is_not_submitted(client, rw, component):
    complete(rw, skip=(component,))
    expected = [component]
    if component == DossierComponent.SELF_ASSESSMENTS:
        expected.append(DossierComponent.SUMMARY)  # the colleague has no row to summarise
    absent = missing(checklist(rw.world.unit_a, rw.period))
    assert absent == [label(c) for c in COMPONENTS if c in expected]
    page = page_of(client, rw)
    assert f"Thiếu: {', '.join(absent)}" in page and ">Đủ<" not in page
    submit = reverse("dossiers:dossier_submit", args=[rw.period.pk, rw.world.unit_a.pk])
    assert 'id="submit-blocked"' in page and f'action="{submit}"' not in page
    response = client.post(submit)
    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert f"Chưa nộp được: hồ sơ còn thiếu {', '.join(absent)}." in text
    dossier = Dossier.objects.filter(unit=rw.world.unit_a, period=rw.period).first()
    assert dossier is None or dossier.submitted_at is None


def test_the_self_assessments_count_who_has_submitted(client, rw):
    complete(rw, skip=(DossierComponent.SELF_ASSESSMENTS,))
    page = page_of(client, rw)
    assert "1/2 đã nộp" in page


def test_a_complete_dossier_is_full_and_submits_with_a_confirmation(client, rw):
    complete(rw)
    assert missing(checklist(rw.world.unit_a, rw.period)) == []
    page = page_of(client, rw)
    assert ">Đủ<" in page and "Thiếu:" not in page and "1/1 đã nộp" in page
    assert 'data-confirm="Nộp hồ sơ cho Ban Tổ chức?' in page
    assert "sẽ được ghi nhận là nộp muộn" in page  # today is after the 02/10/2026 deadline
    response = client.post(
        reverse("dossiers:dossier_submit", args=[rw.period.pk, rw.world.unit_a.pk])
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(unit=rw.world.unit_a, period=rw.period)
    assert dossier.submitted_by == rw.users["secretary"] and dossier.submitted_at is not None
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert re.fullmatch(r"Đã nộp hồ sơ lúc \d\d/\d\d/\d{4} \d\d:\d\d \(Nộp muộn\)\.", text)


def test_a_forged_produced_tick_claims_nothing(client, rw):
    client.force_login(rw.users["secretary"])
    url = reverse("dossiers:dossier", args=[rw.period.pk, rw.world.unit_a.pk])
    response = client.post(url, {"component": "collective", "produced": "on"})
    assert response.status_code == 200 and set(response.context["form"].errors) == {
        "component",
        "file",
    }
    assert 'class="field field--error"' in response.content.decode()
    response = client.post(url, {"component": "memo", "produced": "on"})
    assert response.status_code == 200 and set(response.context["form"].errors) == {"file"}
    assert not DossierDocument.objects.exists()
    absent = missing(checklist(rw.world.unit_a, rw.period))
    assert label(DossierComponent.COLLECTIVE) in absent and label(DossierComponent.MEMO) in absent
    # a file sent for a system-made component is refused too
    response = client.post(url, {"component": "minutes", "file": pdf("bb.pdf")})
    assert response.status_code == 200 and "component" in response.context["form"].errors
    assert not DossierDocument.objects.exists()


def component_links(rw) -> list[str]:
    period, unit = rw.period.pk, rw.world.unit_a.pk
    documents = DossierDocument.objects.order_by("component")
    return [
        reverse("dossiers:minutes", args=[period, unit]),
        reverse("dossiers:summary", args=[period, unit]),
        reverse("tasks:collective_detail", args=[unit, period]),
        *[reverse("dossiers:dossier_document", args=[d.pk]) for d in documents],
    ]


def test_the_appraiser_opens_every_component_from_the_dossier_page(client, rw):
    complete(rw)
    page = page_of(client, rw, "appraiser")
    links = component_links(rw)
    assert len(links) == 5
    for link in links:
        assert f'href="{link}' in page
        response = client.get(link)
        assert response.status_code == 200, link
        if hasattr(response, "streaming_content"):
            f.close_download(response)
    minutes = client.get(links[0]).content.decode()
    assert "Thống nhất đề xuất xếp loại." in minutes and "28/09/2026" in minutes
    summary = client.get(links[1]).content.decode()
    self_assessment = reverse("evaluations:self_assessment", args=[rw.evaluation.pk])
    assert "Phạm Thu Lan" in summary and f'href="{self_assessment}"' in summary
    assert client.get(self_assessment).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("appraiser", 200),
        ("authority", 200),
        ("unit_head", 200),
        ("secretary", 200),
        ("official", 403),  # sees the unit, but reading its dossier is not an official's step
        ("agency", 403),
        ("outsider", 404),  # an official of another unit
    ],
)
def test_who_reads_the_minutes_and_the_summary_table(client, rw, persona, status):
    complete(rw)
    client.force_login(rw.users[persona])
    for name in ("dossiers:minutes", "dossiers:summary", "dossiers:dossier"):
        url = reverse(name, args=[rw.period.pk, rw.world.unit_a.pk])
        assert client.get(url).status_code == status, name


def test_another_units_official_gets_404_on_every_component(client, rw):
    complete(rw)
    client.force_login(rw.users["outsider"])
    for link in component_links(rw):
        assert client.get(link).status_code == 404, link


def test_the_minutes_page_says_when_no_meeting_is_recorded_yet(client, rw):
    client.force_login(rw.users["appraiser"])
    url = reverse("dossiers:minutes", args=[rw.period.pk, rw.world.unit_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "chưa ghi biên bản hội nghị đánh giá của quý này" in page.content.decode()


def test_the_dossier_page_leads_the_unit_head_to_record_the_minutes(client, rw):
    dossier = reverse("dossiers:dossier", args=[rw.period.pk, rw.world.unit_a.pk])
    record = reverse("review:review_unit", args=[rw.period.pk, rw.world.unit_a.pk]) + "#hoi-nghi"
    client.force_login(rw.users["unit_head"])
    assert record in client.get(dossier).content.decode()
    client.force_login(rw.users["secretary"])  # prepares the dossier, does not hold the meeting
    page = client.get(dossier).content.decode()
    assert record not in page and "Chưa ghi biên bản." in page


def test_a_file_added_by_mistake_is_taken_out_before_submission(
    client, rw, tmp_path, django_capture_on_commit_callbacks
):
    """N4: a document uploaded by mistake could not be removed before the dossier was sent."""
    from danhgia.audit.models import AuditEntry

    complete(rw)
    client.force_login(rw.users["secretary"])
    url = reverse("dossiers:dossier", args=[rw.period.pk, rw.world.unit_a.pk])
    client.post(url, {"component": "evidence", "file": pdf("nham-tep.pdf")})
    wrong = DossierDocument.objects.get(original_name="nham-tep.pdf")
    path = tmp_path / wrong.file.name
    assert path.exists()
    remove = reverse("dossiers:dossier_document_remove", args=[wrong.pk])
    page = client.get(url).content.decode()
    assert f'action="{remove}"' in page and "Gỡ tệp “nham-tep.pdf” khỏi hồ sơ?" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove)
    assert response.status_code == 302
    assert not DossierDocument.objects.filter(pk=wrong.pk).exists() and not path.exists()
    entry = AuditEntry.objects.get(action="dossier.document_removed")
    assert entry.before["name"] == "nham-tep.pdf" and entry.actor == rw.users["secretary"]
    # once submitted, the dossier is what the appraiser reads: nothing is taken out any more
    client.post(reverse("dossiers:dossier_submit", args=[rw.period.pk, rw.world.unit_a.pk]))
    assert Dossier.objects.get(unit=rw.world.unit_a, period=rw.period).submitted_at
    kept = DossierDocument.objects.first()
    assert "Gỡ tệp" not in client.get(url).content.decode()
    response = client.post(reverse("dossiers:dossier_document_remove", args=[kept.pk]))
    assert DossierDocument.objects.filter(pk=kept.pk).exists()
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "không gỡ tệp được nữa" in text
