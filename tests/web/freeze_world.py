"""Two quarters for the immutability tests (SPEC §6, §14; ``danhgia.access.freeze``).

``decided(world)``: unit A's five members appraised and decided (``decision_data``), with what the
decisions rest on: ``official_a``'s own task, never done (the reason of her KHTNV: "Cá nhân
hoàn thành 0/1 nhiệm vụ"), a key task with its response and a file; a task of the head of A
(not evaluated, but unit A's figures count it); a task of a newcomer in division A1 (below A);
unit A's Phụ lục 7, meeting, dossier and a document; a review stage score and a file on a row.
Unit B is untouched by the decisions: its Phụ lục 7, dossier and ``outsider_b``'s task stay
editable.

``closed(world)``: Q3/2026 open with everything of a quarter in it — an evaluation with approved
targets and a file, a draft one, a reported task with a file, Phụ lục 7, meeting, dossier with a
document, a key task response, a review stage score — then closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from danhgia.decisions.services import decide, decision_run
from danhgia.dossiers.models import Dossier, DossierDocument, ReviewMeeting
from danhgia.evaluations.models import Evaluation, Evidence
from danhgia.periods.choices import PeriodState
from danhgia.periods.models import Period
from danhgia.periods.services import close_period
from danhgia.review.choices import Stage
from danhgia.review.models import KeyTaskAssessment, StageCriterionScore
from danhgia.tasks.choices import TaskState
from danhgia.tasks.models import CollectiveResult, Task, TaskEvidence

from . import factories as f
from .decision_data import make_quarter, stage_score


@dataclass
class Quarter:
    period: Period
    evaluation: Evaluation  # official_a's
    task: Task  # official_a's
    records: dict[str, object]  # every record of the quarter, by name
    open_records: dict[str, object] = field(default_factory=dict)  # not frozen


def attach(model, owner: dict, user, name: str = "Báo cáo.pdf"):
    """A small private file on an evidence row (``owner`` names its parent)."""
    evidence = model(
        original_name=name, content_type="application/pdf", size=4, uploaded_by=user, **owner
    )
    evidence.file.save("tep", SimpleUploadedFile("b.pdf", b"%PDF"), save=True)
    return evidence


def _quarter_records(world, period, evaluation, task) -> dict[str, object]:
    """The records of unit A's quarter around ``evaluation`` and ``task``."""
    head, appraiser = world.users["unit_head"], world.users["appraiser"]
    entry = evaluation.entries.get(code="B.1.1")
    review = stage_score(evaluation, Stage.REVIEW, "95", "HTXSNV", head)
    dossier, _created = Dossier.objects.get_or_create(unit=world.unit_a, period=period)
    return {
        "evaluation": evaluation,
        "criterion entry": entry,
        "evidence": attach(Evidence, {"entry": entry}, world.users["official"]),
        "stage score": review,
        "stage criterion score": StageCriterionScore.objects.create(
            stage_score=review, code="B.1.1", points=Decimal(2)
        ),
        "task": task,
        "task evidence": attach(TaskEvidence, {"task": task}, world.users["official"]),
        "key task response": KeyTaskAssessment.objects.create(task=task, response=3, by=appraiser),
        "collective result": CollectiveResult.objects.create(
            unit=world.unit_a, period=period, highlights="Thu ngân sách đạt 82%", prepared_by=head
        ),
        "review meeting": ReviewMeeting.objects.create(
            unit=world.unit_a,
            period=period,
            held_on=date(2026, 9, 28),
            attendees="Tập thể lãnh đạo Sở A",
            minutes="Biên bản",
            recorded_by=head,
        ),
        "dossier": dossier,
        "dossier document": DossierDocument.objects.create(
            dossier=dossier, component="memo", added_by=head
        ),
    }


def decided(world) -> Quarter:
    quarter = make_quarter(world, entries=True)
    period, head = quarter.period, world.users["unit_head"]
    task = f.make_task(world.official_a, period, world.unit_a, head, is_key=True)
    records = _quarter_records(world, period, quarter.top, task)
    newcomer = f.make_official(world.division_a1, name="Hồ Văn Mới")
    records["task of the head of A"] = f.make_task(
        world.head_a, period, world.unit_a, head, is_key=True
    )
    records["task of a division of A"] = f.make_task(newcomer, period, world.unit_a, head)
    records["dossier of division A1"] = Dossier.objects.get(unit=world.division_a1, period=period)
    open_records = {
        "task in unit B": f.make_task(world.outsider_b, period, world.unit_b, head),
        "collective result of B": CollectiveResult.objects.create(unit=world.unit_b, period=period),
        "dossier of B": Dossier.objects.get(unit=world.unit_b, period=period),
        "period": period,
        "deadline": period.deadlines.first(),
        "period framework": period.frameworks.first(),
    }
    authority = world.users["authority"]
    # a decision waits for the confirmation of every task it rests on (its unit's subtree)
    Task.objects.filter(period=period, lead__unit__path__startswith=world.unit_a.path).update(
        state=TaskState.VERIFIED
    )
    decide(decision_run(period, authority), authority)
    quarter.top.refresh_from_db()
    return Quarter(period, quarter.top, task, records, open_records)


def closed(world) -> Quarter:
    head = world.users["unit_head"]
    period = f.make_evaluation_period(world.unit_a.block)
    evaluation = f.make_evaluation(world.official_a, period, approved_by=head)
    task = f.make_task(
        world.official_a,
        period,
        world.unit_a,
        head,
        is_key=True,
        delivered_quantity=Decimal(1),
        completed_on=date(2026, 9, 10),
        state="reported",
    )
    records = _quarter_records(world, period, evaluation, task)
    records["draft evaluation"] = f.make_evaluation(world.colleague_a, period)
    records["period"] = period
    records["deadline"] = period.deadlines.first()
    records["period framework"] = period.frameworks.first()
    close_period(period)
    period.refresh_from_db()
    evaluation.refresh_from_db()
    return Quarter(period, evaluation, task, records)


# --- Helpers of the tests ------------------------------------------------------------------------


def private_media(tmp_path, monkeypatch) -> None:
    """Files of the quarter go to a temporary directory."""
    for model in (Evidence, TaskEvidence, DossierDocument):
        storage = model._meta.get_field("file").storage
        monkeypatch.setattr(storage, "location", str(tmp_path))
        monkeypatch.setattr(storage, "base_location", str(tmp_path))


def stored_values(obj) -> dict:
    """Every column of the record as the database holds it."""
    return type(obj)._base_manager.filter(pk=obj.pk).values().get()


def a_change(obj):
    """Change one field of ``obj`` in memory (a text field, else a number, a date…)."""
    for name in ("highlights", "minutes", "comment", "original_name", "title", "label"):
        if hasattr(obj, name):
            setattr(obj, name, getattr(obj, name) + " (sửa)")
            return obj
    if hasattr(obj, "points"):
        obj.points = Decimal("1.5")
    elif hasattr(obj, "check_note"):
        obj.check_note = "Sửa"
    elif hasattr(obj, "self_comment"):
        obj.self_comment = "Sửa"
    elif hasattr(obj, "framework_version_id"):
        obj.framework_version = f.framework("central-2026-pl3")
    elif hasattr(obj, "state"):
        obj.state = PeriodState.OPEN
    return obj
