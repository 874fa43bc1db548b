"""Backup and restore: the round trip gives back the same records and the same files."""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from danhgia.evaluations.models import Evidence
from danhgia.ops.backup import EXCLUDED

from . import factories as f
from .conftest import build_world
from .tasks_world import private_storage_at


@pytest.fixture
def private_folder(tmp_path, monkeypatch):
    """The evidence fields' storage under ``tmp_path``; the backup reads that same storage.

    (In a process the fields' storage is ``storages["private"]``; a test that overrides
    ``STORAGES`` makes Django build a new one, so the backup is pointed at the fields' own.)
    """
    from danhgia.ops import backup

    folder = tmp_path / "private"
    storage = Evidence._meta.get_field("file").storage
    monkeypatch.setattr(backup, "private_storage", lambda: storage)
    with private_storage_at(folder):
        yield folder


def _everything() -> list[dict]:
    """Every record (what a backup holds), with natural keys, in a stable order."""
    from django.apps import apps

    records = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in EXCLUDED or label in EXCLUDED:
            continue
        data = serializers.serialize(
            "python",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        records += [json.loads(json.dumps(r, default=str)) for r in data]
    return sorted(records, key=lambda r: (r["model"], json.dumps(r, sort_keys=True)))


def test_backup_then_restore_on_a_fresh_database_gives_the_same_records_and_files(
    transactional_db, private_folder, tmp_path, capsys
):
    world = build_world()
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, period)
    content = "Báo cáo quý III — minh chứng".encode() * 100
    evidence = Evidence(
        entry=evaluation.entries.get(code="B.1.1"),
        original_name="Báo cáo.pdf",
        content_type="application/pdf",
        size=len(content),
        uploaded_by=world.users["official"],
    )
    evidence.file.save("bao-cao.pdf", ContentFile(content), save=False)
    evidence.save()
    before = _everything()
    archive = tmp_path / "danhgia.tar.gz"

    call_command("backup", str(archive))
    assert "records, 1 files" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["database"] == connection.vendor
        assert list(manifest["files"]) == [evidence.file.name]
        assert manifest["records"] == len(before)

    # a fresh machine: nothing in the database, nothing in the storage
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(private_folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not Evidence.objects.exists()

    call_command("restore", str(archive))
    assert "restored" in capsys.readouterr().out
    assert _everything() == before
    restored = Evidence.objects.get()
    with restored.file.open("rb") as handle:
        assert handle.read() == content


def test_restore_refuses_a_database_with_accounts_and_a_foreign_file(
    transactional_db, private_folder, tmp_path
):
    build_world()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="already has accounts"):
        call_command("restore", str(archive))
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        info = tarfile.TarInfo("x.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="not a danhgia backup"):
        call_command("restore", str(other), replace=True)
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
