"""Which components of a unit's dossier exist (SPEC §10; Lâm Đồng VII.2b, Lào Cai 9.1).

Nothing here is ticked: each component's presence is computed from what the system holds.

- memo (tờ trình) and evidence: an uploaded document of that component;
- minutes (biên bản hội nghị): the unit's ``ReviewMeeting`` of the period is recorded;
- self-assessments: every member rated this quarter (the unit and its sub-units, rated
  quarterly, not deferred) has submitted the self-assessment ("k/n đã nộp");
- summary table (biểu tổng hợp): every such member carries the unit leadership's score and
  proposal (the review stage), which the table lists beside the self score;
- Phụ lục 7: the unit's collective result of the period is recorded.

The checklist costs a constant number of queries whatever the size of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from danhgia import access
from danhgia.evaluations.choices import EvaluationState
from danhgia.evaluations.models import Evaluation
from danhgia.organisation.models import Official, Unit
from danhgia.periods.models import Period
from danhgia.review.choices import Stage
from danhgia.tasks.models import CollectiveResult

from .choices import DossierComponent
from .models import Dossier, DossierDocument, ReviewMeeting

#: components the unit uploads as files; the others are computed from the system's records
UPLOADED = (DossierComponent.MEMO, DossierComponent.EVIDENCE)

#: states in which the official has submitted the self-assessment
SUBMITTED_STATES = (
    EvaluationState.SELF_ASSESSED,
    EvaluationState.VERIFIED,
    EvaluationState.REVIEWED,
    EvaluationState.APPRAISED,
    EvaluationState.DECIDED,
    EvaluationState.PUBLISHED,
    EvaluationState.ARCHIVED,
)
#: a returned evaluation that went back to one of these still holds a submitted self-assessment
RETURNED_AFTER_SUBMISSION = (
    EvaluationState.VERIFIED,
    EvaluationState.REVIEWED,
    EvaluationState.APPRAISED,
    EvaluationState.DECIDED,
)


@dataclass
class ComponentStatus:
    """One component: whether it is present, its uploaded files, and what it counts."""

    component: DossierComponent
    present: bool
    documents: list[DossierDocument] = field(default_factory=list)
    note: str = ""

    @property
    def label(self) -> str:
        return str(self.component.label)

    @property
    def uploaded(self) -> bool:
        return self.component in UPLOADED


@dataclass
class Members:
    """The members whose self-assessments and summary rows the dossier carries."""

    expected: int
    submitted: int
    reviewed: int


def is_submitted(state: str, returned_from: str) -> bool:
    if state == EvaluationState.RETURNED:
        return returned_from in RETURNED_AFTER_SUBMISSION
    return state in SUBMITTED_STATES


def member_officials(unit: Unit):
    """The people of the unit and its sub-units who are rated every quarter."""
    return Official.objects.filter(unit__path__startswith=unit.path, rated_quarterly=True)


def member_counts(unit: Unit, period: Period) -> Members:
    """How many members are expected, have submitted, carry the unit's review (two queries)."""
    people = member_officials(unit)
    rows = (
        Evaluation.objects.filter(period=period, official__in=people)
        .annotate(reviewed=Count("stages", filter=Q(stages__stage=Stage.REVIEW)))
        .order_by()
        .values_list("state", "returned_from", "reviewed")
    )
    deferred = submitted = reviewed = 0
    for state, returned_from, has_review in rows:
        if state == EvaluationState.DEFERRED:
            deferred += 1
        elif is_submitted(state, returned_from):
            submitted += 1
            reviewed += int(bool(has_review))
    return Members(people.count() - deferred, submitted, reviewed)


def checklist(unit: Unit, period: Period, dossier: Dossier | None = None) -> list[ComponentStatus]:
    """Each component of SPEC §10 with its presence computed from the records."""
    if dossier is None:
        dossier = Dossier.objects.filter(unit=unit, period=period).first()
    documents = (
        list(dossier.documents.exclude(file="").select_related("added_by")) if dossier else []
    )
    meeting = ReviewMeeting.objects.filter(unit=unit, period=period).first()
    members = member_counts(unit, period)
    collective = CollectiveResult.objects.filter(unit=unit, period=period).exists()
    everyone = members.expected > 0

    def files(component):
        return [d for d in documents if d.component == component]

    return [
        ComponentStatus(DossierComponent.MEMO, bool(files(DossierComponent.MEMO)),
                        files(DossierComponent.MEMO)),
        ComponentStatus(
            DossierComponent.MINUTES,
            meeting is not None,
            note=_("Chưa ghi biên bản hội nghị") if meeting is None else "",
        ),
        ComponentStatus(
            DossierComponent.SELF_ASSESSMENTS,
            everyone and members.submitted >= members.expected,
            note=_("%(k)s/%(n)s đã nộp") % {"k": members.submitted, "n": members.expected},
        ),
        ComponentStatus(DossierComponent.EVIDENCE, bool(files(DossierComponent.EVIDENCE)),
                        files(DossierComponent.EVIDENCE)),
        ComponentStatus(
            DossierComponent.SUMMARY,
            everyone and members.reviewed >= members.expected,
            note=_("%(k)s/%(n)s đã có đề xuất của tập thể lãnh đạo")
            % {"k": members.reviewed, "n": members.expected},
        ),
        ComponentStatus(
            DossierComponent.COLLECTIVE,
            collective,
            note="" if collective else _("Chưa lập Phụ lục 7"),
        ),
    ]  # fmt: skip


def missing(items: list[ComponentStatus]) -> list[str]:
    return [item.label for item in items if not item.present]


def is_complete(items: list[ComponentStatus]) -> bool:
    return not missing(items)


def summary_rows(user, period: Period, page) -> list[dict]:
    """The summary table's rows for a page of members: each one's evaluation (as the user may
    see it), whether the self-assessment is submitted, and the unit leadership's review stage as
    the user may read it (a head does not read their own review before publication). Three
    queries whatever the page's size."""
    # The stage scores are the review app's; they are reached through the evaluation's relation
    # (this app sits below review) and read through the access rules.
    stage_model = Evaluation._meta.get_field("stages").related_model
    reviews = access.restrict(user, stage_model.objects.filter(stage=Stage.REVIEW))
    evaluations = {
        e.official_id: e
        for e in access.restrict(
            user, Evaluation.objects.filter(period=period, official__in=list(page.object_list))
        ).prefetch_related(Prefetch("stages", queryset=reviews, to_attr="reviews"))
    }
    rows = []
    for number, person in enumerate(page.object_list, start=page.start_index()):
        evaluation = evaluations.get(person.pk)
        rows.append(
            {
                "number": number,
                "official": person,
                "evaluation": evaluation,
                "submitted": evaluation is not None
                and is_submitted(evaluation.state, evaluation.returned_from),
                "review": evaluation.reviews[0] if evaluation and evaluation.reviews else None,
            }
        )
    return rows
