"""The HTXSNV quota applied to a comparison group: ranking, the cut, ties (SPEC §8.3).

Candidates are ranked by their rounded total, then by the policy's ``tie_break`` chain, then by id
(repeatable); those beyond the allowance become HTTNV with a reason. When the chain cannot separate
the last kept from the first cut, everyone in that tie gets a warning for the authority.
"""

from __future__ import annotations

from collections.abc import Sequence

from .numbers import ZERO, decimal_text, round_half_up
from .policy import Policy
from .quota import counts_towards_quota, group_quota, quota_allowed, quota_base
from .rating_types import GroupInput, GroupResult, PersonInput, PersonRating
from .ratings import Rating
from .reasons import Reason


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
    pct = group_quota(policy, group.quota_pct)
    excellent = Rating.EXCELLENT
    candidates = [
        (p, r) for p, r in members if r.rating == excellent and counts_towards_quota(policy, p.role)
    ]
    base = quota_base(policy, [(p.role, r.rating) for p, r in members])
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
        warning = Reason(
            "tie",
            {
                "group": group.id,
                "people": [p.id for p, _ in tied],
                "names": [p.name or p.id for p, _ in tied],
            },
        )
        for _, r in tied:
            r.warnings.append(warning)
    for *_, r in cut:
        r.lower_to(
            Rating.GOOD,
            "quota_cut",
            group=group.id,
            allowed=allowed,
            base=base,
            pct=decimal_text(pct),
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
        rounding=policy.quota.rounding,
    )
