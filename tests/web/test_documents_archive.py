"""Templates are data and decided documents are archived (issue 10, items 3 and 5)."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from danhgia.audit.models import AuditEntry
from danhgia.documents.models import ArchivedDocument, TemplateOverride
from danhgia.documents.registry import get_kind
from tests.web import review_world
from tests.web.tasks_world import private_storage_at

from .document_data import docx_text, later_steps


@pytest.fixture
def rw(world, settings, tmp_path):
    """The review world, with archived documents and uploaded templates under ``tmp_path``."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with private_storage_at(tmp_path):
        yield review_world.build(world)


def _download(client, pk, fmt="docx"):
    return client.get(reverse("documents:download", args=["ban-tu-danh-gia", pk, fmt]))


def _upload(client, content: bytes, name="mau.docx"):
    url = reverse("documents:template_upload", args=["ban-tu-danh-gia"])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def _changed_template(text: str) -> bytes:
    """The shipped template with one more paragraph, as a province would edit it in Word."""
    document = Document(str(get_kind("ban-tu-danh-gia").shipped_path))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_decided_evaluations_document_is_archived_once_and_served_identically(rw, login):
    evaluation = rw.evaluation
    decision = later_steps(evaluation, rw.users, key_task=rw.task_unit)
    client = login("unit_head")
    first = _download(client, evaluation.pk).content
    stored = ArchivedDocument.objects.get(kind="ban-tu-danh-gia", format="docx")
    assert stored.sha256 == hashlib.sha256(first).hexdigest()
    assert stored.revision == f"quyet-dinh-{decision.pk}"
    assert stored.object_type == "evaluations.evaluation" and stored.object_id == evaluation.pk
    assert stored.name == "Ban-tu-danh-gia_Pham-Thu-Lan_Q3-2026.docx"
    entry = AuditEntry.objects.get(action="document.archived")
    assert entry.object_id == str(evaluation.pk) and entry.after["sha256"] == stored.sha256
    # the province changes the template afterwards: history is not rewritten
    admin = login("admin")
    assert "Đã dùng mẫu" in " ".join(_messages(_upload(admin, _changed_template("MẪU MỚI"))))
    again = _download(login("authority"), evaluation.pk).content
    assert again == first
    assert ArchivedDocument.objects.filter(format="docx").count() == 1
    pdf = _download(client, evaluation.pk, "pdf").content
    assert ArchivedDocument.objects.get(format="pdf").sha256 == hashlib.sha256(pdf).hexdigest()
    assert _download(client, evaluation.pk, "pdf").content == pdf
    # the person evaluated, before publication, gets a copy without the later steps
    own = _download(login("official"), evaluation.pk).content
    assert own != first and "Tích cực" not in docx_text(own)
    assert ArchivedDocument.objects.count() == 2
    # what is archived stays: neither changed nor deleted
    with pytest.raises(ValidationError):
        stored.save()
    with pytest.raises(ValidationError):
        stored.delete()


def test_a_document_still_changing_is_not_archived(rw, login):
    _download(login("unit_head"), rw.evaluation.pk)
    assert not ArchivedDocument.objects.exists()
    assert not AuditEntry.objects.filter(action="document.archived").exists()


def test_a_province_template_is_used_previewed_and_reset(rw, login):
    admin = login("admin")
    page = admin.get(reverse("documents:templates"))
    assert "Mẫu gốc, phiên bản 1" in page.content.decode()
    shipped = admin.get(reverse("documents:template_download", args=["ban-tu-danh-gia"]))
    assert shipped.content == get_kind("ban-tu-danh-gia").shipped_path.read_bytes()
    assert "Mau_Ban-tu-danh-gia_dang-dung.docx" in shipped["Content-Disposition"]
    _upload(admin, _changed_template("Mẫu riêng của tỉnh Thử Nghiệm"), "mau-tinh.docx")
    override = TemplateOverride.objects.get(active=True)
    assert override.original_name == "mau-tinh.docx"
    assert AuditEntry.objects.filter(action="document.template_uploaded").exists()
    assert "Mẫu riêng của tỉnh Thử Nghiệm" in docx_text(_download(admin, rw.evaluation.pk).content)
    preview = admin.get(reverse("documents:template_preview", args=["ban-tu-danh-gia", "docx"]))
    assert preview.status_code == 200
    assert "Mẫu riêng của tỉnh Thử Nghiệm" in docx_text(preview.content)
    assert preview["Content-Disposition"].count("Xem-thu_Ban-tu-danh-gia_") == 1
    assert "“mau-tinh.docx”" in admin.get(reverse("documents:templates")).content.decode()
    reset = admin.post(reverse("documents:template_reset", args=["ban-tu-danh-gia"]), follow=True)
    assert "đã trở lại mẫu gốc" in " ".join(_messages(reset))
    assert not TemplateOverride.objects.filter(active=True).exists()
    assert "Mẫu riêng" not in docx_text(_download(admin, rw.evaluation.pk).content)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a word file", "tệp không phải văn bản .docx"),
        (b"PK\x03\x04broken zip", "tệp không phải văn bản .docx"),
        (None, "thẻ mẫu bị lỗi"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "không đọc được mẫu"),
        (b"", "Chọn tệp mẫu .docx"),
        (b"PK" + b"0" * (5 * 1024 * 1024), "Mẫu quá lớn: tối đa 5 MB."),
    ],
)
def test_a_broken_template_is_refused_with_a_clear_message(rw, login, content, message):
    admin = login("admin")
    if content is None:
        content = _changed_template("{{ official.name ")  # an unclosed tag
    elif isinstance(content, str):  # a tag reaching for Python's internals: the sandbox says no
        content = _changed_template(content)
    if content:
        response = _upload(admin, content)
    else:
        url = reverse("documents:template_upload", args=["ban-tu-danh-gia"])
        response = admin.post(url, {}, follow=True)
    assert response.status_code == 200
    assert message in " ".join(_messages(response))
    assert not TemplateOverride.objects.exists()
    assert _download(admin, rw.evaluation.pk).status_code == 200


def test_a_template_broken_later_answers_a_message_not_a_server_error(rw, login):
    """A stored template that fails (e.g. its file replaced on disk) gives a page saying so."""
    admin = login("admin")
    _upload(admin, _changed_template("Mẫu của tỉnh"))
    override = TemplateOverride.objects.get(active=True)
    with override.file.open("wb") as handle:
        handle.write(b"no longer a docx")
    response = _download(admin, rw.evaluation.pk)
    assert response.status_code == 409
    assert "Mẫu không dùng được" in response.content.decode()
    preview = admin.get(reverse("documents:template_preview", args=["ban-tu-danh-gia", "docx"]))
    assert preview.status_code == 409


def test_the_command_archives_a_decided_quarter_at_once(rw, login):
    from django.core.management import CommandError, call_command

    later_steps(rw.evaluation, rw.users, key_task=rw.task_unit)
    with pytest.raises(CommandError):
        call_command("archive_documents", rw.period.pk, "--as", "unit_head")
    call_command("archive_documents", rw.period.pk, "--as", "admin")
    kinds = set(ArchivedDocument.objects.values_list("kind", "format"))
    assert ("ban-tu-danh-gia", "docx") in kinds and ("ban-tu-danh-gia", "pdf") in kinds
    assert ("phu-luc-7", "pdf") in kinds and ("to-trinh", "docx") in kinds
    count = ArchivedDocument.objects.count()
    call_command("archive_documents", rw.period.pk, "--as", "admin")  # again: nothing new
    assert ArchivedDocument.objects.count() == count
    stored = ArchivedDocument.objects.get(kind="ban-tu-danh-gia", format="docx")
    served = _download(login("authority"), rw.evaluation.pk).content
    assert hashlib.sha256(served).hexdigest() == stored.sha256


def test_without_any_record_the_tags_alone_are_checked(world, login, settings, tmp_path):
    """A province with no evaluation yet can still replace the template; broken tags are
    refused all the same."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with private_storage_at(tmp_path):
        admin = login("admin")
        assert "Đã dùng mẫu" in " ".join(_messages(_upload(admin, _changed_template("Mẫu mới"))))
        broken = _upload(admin, _changed_template("{% for %}"))
        assert "thẻ mẫu bị lỗi" in " ".join(_messages(broken))
        assert TemplateOverride.objects.filter(active=True).count() == 1
