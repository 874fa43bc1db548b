"""The evaluation form as the templates draw it: the appendix's sections and rows with the
engine's numbers, the entered values (or the form's fields), linked tasks and evidence.

Pure presentation: every number here comes from ``scoring.Scoring``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _

from danhgia.engine import Criterion, CriterionScore, Group, GroupScore, TaskKpi, round_kpi
from danhgia.rules.choices import Measure, RatingLevel
from danhgia.tasks.models import Task

from .choices import LevelResponse
from .forms import field_key
from .models import CriterionEntry, Evidence
from .scoring import Rules, Scoring, scored_from_tasks
from .targets import target_text


@dataclass
class Row:
    criterion: Criterion
    entry: CriterionEntry
    score: CriterionScore | None
    missing: str = ""
    tasks: Sequence[Task] = ()
    evidence: Sequence[Evidence] = ()
    fields: dict[str, forms.BoundField] = field(default_factory=dict)
    errors: Sequence[str] = ()

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def key(self) -> str:
        return field_key(self.criterion.code)

    @property
    def number(self) -> str:
        """TT as printed in the appendix: "A.1.2" → "1.2", "B.3" → "3"."""
        return self.criterion.code.split(".", 1)[1]

    @property
    def measure(self) -> str:
        return self.criterion.measure

    @property
    def measure_label(self) -> str:
        return str(Measure(self.criterion.measure).label)

    @property
    def target(self) -> str:
        return target_text(self.entry.target_low, self.entry.target_high)

    @property
    def from_tasks(self) -> bool:
        return not self.entry.not_applicable and scored_from_tasks(self.criterion, self.entry)

    @property
    def points(self) -> Decimal | None:
        return self.score.points if self.score else None

    @property
    def kpi(self) -> Decimal | None:
        """The KPI to 4 decimals, as the engine prints it (none for category rows)."""
        if self.score is None or self.score.kpi is None:
            return None
        return round_kpi(self.score.kpi).normalize()

    @property
    def task_kpi(self) -> TaskKpi | None:
        return self.score.task_kpi if self.score else None

    @property
    def exceeded(self) -> bool:
        return bool(self.score and self.score.exceeded)

    @property
    def entered(self) -> str:
        """The entered result in words, for the read-only form."""
        entry, criterion = self.entry, self.criterion
        if criterion.part == "A":
            return {True: _("Đảm bảo"), False: _("Không đảm bảo")}.get(entry.met, "")
        if entry.not_applicable:
            return _("Không áp dụng")
        if self.from_tasks:
            return _("Theo nhiệm vụ")
        if criterion.measure == "category":
            return entry.category
        if criterion.measure == "level":
            return str(LevelResponse(entry.level).label) if entry.level else ""
        return "" if entry.actual is None else target_text(entry.actual, None)


@dataclass
class Section:
    part: str
    group: Group
    rows: list[Row]
    score: GroupScore | None
    complete: bool

    @property
    def number(self) -> int:
        return self.group.number

    @property
    def points(self) -> Decimal | None:
        return self.score.points if self.score else None

    @property
    def rescaled(self) -> bool:
        """A row is not applicable: the section's points are its rows' sum scaled to its
        maximum (rough edge #18: "13,55" beside rows adding to 10,84, unexplained)."""
        return any(row.entry.not_applicable for row in self.rows)


@dataclass
class Sheet:
    rules: Rules
    scoring: Scoring
    groups: list[Section]
    axes: list[Section]

    @property
    def rows(self) -> list[Row]:
        return [row for section in (*self.groups, *self.axes) for row in section.rows]

    @property
    def complete(self) -> bool:
        return self.scoring.complete

    @property
    def general_not_applicable(self) -> bool:
        """Part A rows may be marked not applicable (``general_not_applicable: rescale``)."""
        return self.rules.policy.general_not_applicable == "rescale"

    @property
    def missing_count(self) -> int:
        return len(self.scoring.missing)

    @property
    def band_label(self) -> str:
        band = self.scoring.band
        return str(RatingLevel(band.value).label) if band is not None else ""


def build_sheet(
    rules: Rules,
    entries: Mapping[str, CriterionEntry],
    scoring: Scoring,
    *,
    tasks: Mapping[str, Sequence[Task]] | None = None,
    evidence: Sequence[Evidence] = (),
    form: forms.Form | None = None,
    errors: Mapping[str, Sequence[str]] | None = None,
) -> Sheet:
    tasks = tasks or {}
    errors = errors or {}
    by_entry: dict[int, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_entry[item.entry_id].append(item)
    bound: dict[str, dict[str, forms.BoundField]] = defaultdict(dict)
    for name in form.fields if form is not None else ():
        key, _sep, part = name.partition("-")
        if part:
            bound[key][part] = form[name]
    missing = {m.code: m.reason for m in scoring.missing}

    def section(part: str, group: Group, score: GroupScore | None) -> Section:
        rows = []
        for criterion in group.criteria:
            entry = entries[criterion.code]
            rows.append(
                Row(
                    criterion=criterion,
                    entry=entry,
                    score=None if criterion.code in missing else scoring.criterion(criterion.code),
                    missing=missing.get(criterion.code, ""),
                    tasks=tasks.get(criterion.code, ()),
                    evidence=by_entry.get(entry.pk, ()),
                    fields=bound.get(field_key(criterion.code), {}),
                    errors=errors.get(criterion.code, ()),
                )
            )
        complete = not any(row.missing for row in rows)
        return Section(part, group, rows, score, complete)

    return Sheet(
        rules=rules,
        scoring=scoring,
        groups=[section("A", g, scoring.group(g.number)) for g in rules.framework.groups],
        axes=[section("B", a, scoring.axis(a.number)) for a in rules.framework.axes],
    )
