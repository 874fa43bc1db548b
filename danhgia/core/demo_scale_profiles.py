"""Sample self-assessments of the generated communes, made through the real services.

Four people (one per profile, from strong to weak) get their tasks reported, their targets
approved and their self-assessment saved and submitted: the engine scores each form. The other
generated people copy one of these samples (``demo_scale_quarter``), so their rows and totals are
what the services would have stored for the same answers.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from danhgia.evaluations.models import Evaluation
from danhgia.evaluations.opening import ensure_evaluation
from danhgia.evaluations.scoring import rules_for
from danhgia.evaluations.services import RowInput, SelfAssessment, save_draft, submit

from .demo_evaluations import approve_proposed

SUBMITTED_AT = datetime(2026, 9, 28, 16, 0)
#: (share of the target reached on ratio rows, level on level rows, comment) per profile;
#: ``n`` is the criterion's position in the form, for a little variety within a form
PROFILES = (
    (
        lambda n: Decimal("1.1"),
        lambda n: 1,
        "Hoàn thành xuất sắc các chỉ tiêu; nhiều nhiệm vụ vượt tiến độ.",
    ),
    (
        lambda n: Decimal("0.8") if n % 4 == 0 else Decimal(1),
        lambda n: 1 if n % 3 else 2,
        "Hoàn thành các nhiệm vụ trọng tâm của quý; còn chậm ở một số chỉ tiêu.",
    ),
    (
        lambda n: Decimal("0.7") if n % 2 else Decimal(1),
        lambda n: 2,
        "Cơ bản hoàn thành nhiệm vụ; một số chỉ tiêu chưa đạt.",
    ),
    (
        lambda n: Decimal("0.6") if n % 2 else Decimal("0.9"),
        lambda n: 2 if n % 3 else 3,
        "Nhiều chỉ tiêu chưa đạt; cần khắc phục trong quý tới.",
    ),
)


def sample(official, period, profile: int, approver, submitted_at=None) -> Evaluation:
    """``official``'s evaluation, self-assessed along ``profile`` and submitted.

    ``approver`` approves the targets (the communes have no leadership accounts); the person
    has no account, so the self-assessment is saved and submitted by the system.
    """
    evaluation = ensure_evaluation(official, period)
    framework = rules_for(evaluation).framework
    codes = [c.code for c in framework.criteria if c.measure in ("ratio", "reduction")]
    evaluation.entries.filter(code__in=codes, target_low__isnull=True).update(
        target_low=Decimal(100)
    )
    approve_proposed(evaluation, approver)
    evaluation.refresh_from_db()
    share, level, comment = PROFILES[profile]
    entries = {e.code: e for e in evaluation.entries.all()}
    rows = {}
    for n, criterion in enumerate(framework.criteria):
        entry = entries[criterion.code]
        if criterion.part == "A":
            rows[criterion.code] = RowInput(met=not (profile == 3 and n % 5 == 0))
        elif criterion.measure in ("ratio", "reduction"):
            rows[criterion.code] = RowInput(actual=entry.target_low * share(n))
        elif criterion.measure == "category":
            choice = criterion.categories[min(profile, len(criterion.categories) - 1)]
            rows[criterion.code] = RowInput(category=choice[0])
        else:
            rows[criterion.code] = RowInput(level=level(n))
    data = SelfAssessment(rows=rows, comment=comment)
    save_draft(evaluation, data, evaluation.lock_version, None)
    submit(evaluation, None, now=submitted_at or timezone.make_aware(SUBMITTED_AT))
    evaluation.refresh_from_db()
    evaluation.sample_entries = list(evaluation.entries.order_by("pk"))
    return evaluation
