"""Rating a quarter: bands, the conditions of SPEC §8.2 in order, the HTXSNV quota (§8.3).

Each step can only lower a rating, and each step that sets or lowers one adds a plain Vietnamese
reason, so that the decision page shows the whole chain. Results do not depend on the order of
the input: quota candidates are ranked by total, the policy's tie-break chain and finally the id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .numbers import (
    HUNDRED,
    ZERO,
    format_number,
    format_pct,
    format_vn,
    round_down,
    round_half_up,
)
from .policy import Policy
from .ratings import DEFERRED, Rating

DEFERRAL_REASONS = {
    "training": "đi đào tạo, bồi dưỡng từ 2 tháng trở lên trong quý",
    "new_appointment": "mới được bổ nhiệm chưa đủ 1 tháng tính đến cuối quý",
    "sick_leave": "nghỉ ốm từ 2 tháng trở lên trong quý",
    "maternity_leave": "nghỉ chế độ thai sản từ 2 tháng trở lên trong quý",
    "under_inspection": "đang bị thanh tra, kiểm tra do có dấu hiệu vi phạm",
}
DOSSIER_STATES = ("on_time", "late", "missing")
THIRTY = Decimal(30)
SEVENTY = Decimal(70)
TWENTY = Decimal(20)


@dataclass(frozen=True)
class UnitFigures:
    """A unit's task figures for the quarter (the area a person leads, or a collective)."""

    id: str
    tasks_total: int = 0
    tasks_completed: int = 0
    tasks_late: int = 0
    tasks_exceeding: int = 0
    force_majeure: bool = False
    rating: Rating | None = None

    @property
    def effective_total(self) -> int:
        """Force majeure confirmed by the authority excuses the uncompleted tasks (SPEC §8.2)."""
        return self.tasks_completed if self.force_majeure else self.tasks_total

    def completion_at_least(self, pct: Decimal) -> bool:
        return Decimal(self.tasks_completed) * HUNDRED >= pct * self.effective_total

    @property
    def all_completed(self) -> bool:
        return self.tasks_completed >= self.effective_total

    @property
    def all_on_time(self) -> bool:
        return self.all_completed and self.tasks_late == 0

    def exceeding_at_least(self, pct: Decimal) -> bool:
        return Decimal(self.tasks_exceeding) * HUNDRED >= pct * self.effective_total

    def late_at_most(self, pct: Decimal) -> bool:
        return Decimal(self.tasks_late) * HUNDRED <= pct * self.effective_total

    def describe_completion(self) -> str:
        return f"{self.tasks_completed}/{self.effective_total} nhiệm vụ ({self.completion_pct})"

    @property
    def completion_pct(self) -> str:
        return format_pct(self.tasks_completed, self.effective_total)


@dataclass(frozen=True)
class PersonInput:
    id: str
    unit: str
    role: str = "member"
    total: Decimal | None = None
    collective: str | None = None
    group: str | None = None
    tasks_total: int = 0
    tasks_completed: int = 0
    exceeded_count: int = 0
    force_majeure: bool = False
    dossier: str = "on_time"
    deferred: str | None = None
    gender: str | None = None
    ethnic_minority: bool = False
    service_start: date | None = None
    retirement_date: date | None = None
    name: str | None = None  # shown in warnings instead of the id when given

    @property
    def collective_id(self) -> str:
        return self.collective or self.unit


@dataclass(frozen=True)
class GroupInput:
    id: str | None
    quota_pct: Decimal | None = None


@dataclass
class PersonRating:
    id: str
    band: Rating | None
    rating: Rating | str
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    group: str | None = None

    def lower_to(self, ceiling: Rating, reason: str) -> None:
        """Apply a step: lower the rating to ``ceiling`` when it is above it, with a reason."""
        assert isinstance(self.rating, Rating)
        if self.rating.rank > ceiling.rank:
            self.rating = ceiling
            self.reasons.append(f"{reason} → {ceiling.value}")


@dataclass(frozen=True)
class GroupResult:
    id: str | None
    pct: Decimal
    base: int
    allowed: int
    candidates: tuple[str, ...]
    excellent: tuple[str, ...]
    cut: tuple[str, ...]


@dataclass(frozen=True)
class RateResult:
    policy_id: str
    period: str | None
    people: tuple[PersonRating, ...]
    groups: tuple[GroupResult, ...]


def quota_allowed(base: int, pct: Decimal, rounding: str = "half_up") -> int:
    """Most HTXSNV a group may have: pct × base, rounded as the policy says.

    02-HD §6.2: 0.5 and above rounds up (7 → 1, 8 → 2, 12 → 2, 13 → 3 at 20 %).
    """
    exact = Decimal(base) * pct / HUNDRED
    rounded = round_half_up(exact, 0) if rounding == "half_up" else round_down(exact, 0)
    return int(rounded)


def rounded_total(person: PersonInput, policy: Policy) -> Decimal:
    """SPEC §8.1: bands are compared on the total rounded as the policy rounds points."""
    assert person.total is not None
    return round_half_up(person.total, policy.points_decimals)


def rate_person(person: PersonInput, units: dict[str, UnitFigures], policy: Policy) -> PersonRating:
    """Band and the conditions of SPEC §8.2, steps 1-8 (the quota is applied per group later)."""
    if person.deferred is not None:
        reason = DEFERRAL_REASONS.get(
            person.deferred, "thuộc trường hợp chưa đánh giá theo quy định"
        )
        band = policy.band_for(rounded_total(person, policy)) if person.total is not None else None
        return PersonRating(
            person.id,
            band,
            DEFERRED,
            [f"Chưa đánh giá, xếp loại quý này: {reason}; kết quả chuyển sang quý sau"],
            group=person.group,
        )

    assert person.total is not None
    total = rounded_total(person, policy)
    band = policy.band_for(total)
    result = PersonRating(
        person.id,
        band,
        band,
        [f"{format_vn(total)} điểm → {band.value}"],
        group=person.group,
    )
    conditions = policy.conditions

    # Step 2: the person's own assigned tasks.
    if (
        "own_tasks" in conditions
        and person.tasks_completed < person.tasks_total
        and not person.force_majeure
    ):
        share = format_pct(person.tasks_completed, person.tasks_total)
        result.lower_to(
            Rating.NOT_COMPLETED,
            f"Cá nhân hoàn thành {person.tasks_completed}/{person.tasks_total} nhiệm vụ được giao "
            f"({share}) < 100 %",
        )

    unit = units[person.unit]
    # Step 3: HTXSNV needs the unit 100 % on time and ≥ 30 % exceeding.
    if "unit_excellent" in conditions and result.rating == Rating.EXCELLENT:
        if not unit.all_on_time:
            result.lower_to(Rating.GOOD, _not_all_on_time(unit, Rating.EXCELLENT))
        elif not unit.exceeding_at_least(THIRTY):
            share = format_pct(unit.tasks_exceeding, unit.effective_total)
            result.lower_to(Rating.GOOD, f"Nhiệm vụ vượt mức của đơn vị {share} < 30 %")
    # Step 4: HTTNV needs the unit 100 % on time.
    if "unit_good" in conditions and result.rating == Rating.GOOD and not unit.all_on_time:
        result.lower_to(Rating.SATISFACTORY, _not_all_on_time(unit, Rating.GOOD))
    # Step 5: unit below 70 % → KHTNV; HTNV needs 100 % with ≤ 20 % late; between: warn.
    if "unit_satisfactory" in conditions:
        if not unit.completion_at_least(SEVENTY):
            result.lower_to(
                Rating.NOT_COMPLETED,
                f"Đơn vị hoàn thành {unit.describe_completion()} < 70 %",
            )
        elif result.rating == Rating.SATISFACTORY and not (
            unit.all_completed and unit.late_at_most(TWENTY)
        ):
            if unit.all_completed:
                late = format_pct(unit.tasks_late, unit.effective_total)
                detail = f"đơn vị hoàn thành 100 % nhưng {late} nhiệm vụ chậm tiến độ (> 20 %)"
            else:
                detail = f"đơn vị hoàn thành {unit.describe_completion()} (từ 70 % đến dưới 100 %)"
            result.warnings.append(
                f"Chưa có quy định xếp loại khi {detail}: giữ tối đa HTNV, "
                "đề nghị cấp có thẩm quyền xem xét, quyết định"
            )
    # Step 6: the collective below 70 %: its head KHTNV, deputies and members at most HTTNV.
    collective = units[person.collective_id]
    if "collective" in conditions and not collective.completion_at_least(SEVENTY):
        reason = f"Tập thể hoàn thành {collective.describe_completion()} < 70 %"
        if person.role == "head":
            result.lower_to(Rating.NOT_COMPLETED, f"{reason}, người đứng đầu")
        else:
            result.lower_to(Rating.GOOD, reason)
    # Step 7: a head's rating is tied to the collective's (02-HD §6.2).
    if "head_collective" in conditions and person.role == "head" and collective.rating is not None:
        result.lower_to(
            collective.rating,
            f"Người đứng đầu không cao hơn mức xếp loại của tập thể ({collective.rating.value})",
        )
    # Step 8: the dossier.
    _apply_dossier(result, person, policy)
    return result


def _not_all_on_time(unit: UnitFigures, needs: Rating) -> str:
    if not unit.all_completed:
        fact = f"Đơn vị hoàn thành {unit.describe_completion()}"
    else:
        fact = f"Đơn vị có {unit.tasks_late} nhiệm vụ hoàn thành chậm tiến độ"
    return f"{fact}; {needs.value} cần đơn vị hoàn thành 100 % nhiệm vụ đúng hạn"


def _apply_dossier(result: PersonRating, person: PersonInput, policy: Policy) -> None:
    if person.dossier == "on_time":
        return
    rule = policy.late_dossier if person.dossier == "late" else policy.missing_dossier
    what = "Hồ sơ nộp chậm" if person.dossier == "late" else "Không nộp hồ sơ đánh giá"
    assert isinstance(result.rating, Rating)
    if rule == "down_one_level":
        lowered = result.rating.lower_one()
        if lowered != result.rating:
            result.rating = lowered
            result.reasons.append(f"{what}: hạ một mức → {lowered.value}")
    elif rule == "khtnv":
        result.lower_to(Rating.NOT_COMPLETED, what)
    elif rule == "warn":
        result.warnings.append(f"{what}: đề nghị cấp có thẩm quyền xem xét")


def _sort_key(person: PersonInput, chain: Sequence[str], places: int) -> tuple:
    """Ranking key: the rounded total first (higher first), then the policy's chain.

    Missing values sort last.
    """
    key: list = [-round_half_up(person.total or ZERO, places)]
    for rule in chain:
        if rule == "total":
            continue
        if rule == "exceeded_count":
            key.append(-person.exceeded_count)
        elif rule == "female":
            key.append(0 if person.gender == "female" else 1)
        elif rule == "ethnic_minority":
            key.append(0 if person.ethnic_minority else 1)
        elif rule == "longer_service":
            start = person.service_start
            key.append((0, start.toordinal()) if start else (1, 0))
        elif rule == "nearest_retirement":
            end = person.retirement_date
            key.append((0, end.toordinal()) if end else (1, 0))
    return tuple(key)


def apply_quota(
    group: GroupInput,
    members: Sequence[tuple[PersonInput, PersonRating]],
    policy: Policy,
) -> GroupResult:
    """SPEC §8.3: at most round(pct × base) HTXSNV among the group's non-excluded members."""
    pct = group.quota_pct if group.quota_pct is not None else policy.quota.pct
    excluded = policy.quota.exclude_roles
    counted = [
        (p, r) for p, r in members if p.role not in excluded and isinstance(r.rating, Rating)
    ]
    candidates = [(p, r) for p, r in counted if r.rating == Rating.EXCELLENT]
    if policy.quota.base == "good_or_better":
        base = sum(1 for _, r in counted if r.rating in (Rating.EXCELLENT, Rating.GOOD))
    elif policy.quota.base == "good_only":
        base = sum(1 for _, r in counted if r.rating == Rating.GOOD)
    else:
        base = len(counted)
    allowed = quota_allowed(base, pct, policy.quota.rounding)

    keyed = sorted(
        (
            (_sort_key(p, policy.tie_break, policy.points_decimals), p.id, p, r)
            for p, r in candidates
        ),
        key=lambda item: (item[0], item[1]),
    )
    keep, cut = keyed[:allowed], keyed[allowed:]
    if cut and keep and keep[-1][0] == cut[0][0]:
        # The chain could not separate the last kept from the first cut: the authority decides.
        tied = [(p, r) for key, _, p, r in keyed if key == keep[-1][0]]
        names = ", ".join(p.name or p.id for p, _ in tied)
        warning = (
            f"Không phân định được thứ tự ưu tiên giữa {names} theo tiêu chí của quy định; "
            "hệ thống xếp theo mã, đề nghị cấp có thẩm quyền quyết định"
        )
        for _, r in tied:
            r.warnings.append(warning)
    for *_, r in cut:
        r.lower_to(
            Rating.GOOD,
            f"Ngoài tỷ lệ HTXSNV của nhóm: tối đa {allowed} trên {base} người "
            f"({format_number(pct)} %), xếp sau theo thứ tự ưu tiên",
        )
    kept_ids = {item[1] for item in keep}
    return GroupResult(
        id=group.id,
        pct=pct,
        base=base,
        allowed=allowed,
        candidates=tuple(p.id for p, _ in candidates),
        excellent=tuple(p.id for p, _ in candidates if p.id in kept_ids),
        cut=tuple(item[1] for item in cut),
    )


def rate_quarter(
    policy: Policy,
    people: Sequence[PersonInput],
    units: Sequence[UnitFigures],
    groups: Sequence[GroupInput] = (),
    period: str | None = None,
) -> RateResult:
    """Rate everyone of a quarter; people come back in input order."""
    unit_index = {u.id: u for u in units}
    ratings = [rate_person(p, unit_index, policy) for p in people]

    group_index: dict[str, GroupInput] = {g.id: g for g in groups if g.id is not None}
    order: list[str] = list(group_index)
    members: dict[str, list[tuple[PersonInput, PersonRating]]] = {g: [] for g in order}
    for person, rating in zip(people, ratings, strict=True):
        if person.group is None:
            continue  # the quota applies within a comparison group (SPEC §8.3)
        if person.group not in members:
            members[person.group] = []
            order.append(person.group)
            group_index[person.group] = GroupInput(person.group)
        members[person.group].append((person, rating))
    results = tuple(apply_quota(group_index[g], members[g], policy) for g in order)
    return RateResult(policy.id, period, tuple(ratings), results)
