"""The HTXSNV quota of a comparison group (SPEC §8.3), as functions the decision step can reuse.

``quota_ranking.apply_quota`` rates a group with these; the web application uses the same ones
when the authority decides and corrects:

- ``group_quota``: the group's effective share (its own ``quota_pct`` capped at the policy's
  ``quota.max_pct``, else the policy's ``quota.pct``);
- ``counts_towards_quota``: whether a role is counted (``quota.exclude_roles`` are not, heads by
  default), ``quota_base`` and ``excellent_count`` over ``(role, rating)`` pairs;
- ``quota_allowed``: round(pct × base) as the policy rounds;
- ``QuotaAllowance``: what a decision should record per group (pct, base, rounding, allowed), so
  that a later correction is checked against the allowance the group was decided under
  (``check_quota``), not one recomputed with other numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .numbers import HUNDRED, decimal_text, round_down, round_half_up
from .policy import Policy
from .ratings import Rating
from .reasons import Reason

#: a member of a group as the quota sees it: (role, rating), the rating a Rating, its code,
#: "DEFERRED", or None/"" when not rated
Member = tuple[str, Rating | str | None]


def quota_allowed(base: int, pct: Decimal, rounding: str = "half_up") -> int:
    """Most HTXSNV a group may have: pct × base, rounded as the policy says.

    02-HD §6.2: 0.5 and above rounds up (7 → 1, 8 → 2, 12 → 2, 13 → 3 at 20 %).
    """
    exact = Decimal(base) * pct / HUNDRED
    rounded = round_half_up(exact, 0) if rounding == "half_up" else round_down(exact, 0)
    return int(rounded)


def group_quota(policy: Policy, quota_pct: Decimal | None) -> Decimal:
    """The group's share: its own pct capped at ``quota.max_pct``, else the policy's pct."""
    if quota_pct is None:
        return policy.quota.pct
    return min(Decimal(quota_pct), policy.quota.max_pct)


def counts_towards_quota(policy: Policy, role: str) -> bool:
    """Whether a person of this role counts in the group's quota and base (heads do not)."""
    return role not in policy.quota.exclude_roles


def _rating(value: Rating | str | None) -> Rating | None:
    if isinstance(value, Rating):
        return value
    try:
        return Rating(value) if value else None
    except ValueError:  # "DEFERRED" and anything else: not rated
        return None


def excellent_count(policy: Policy, members: Iterable[Member]) -> int:
    """How many counted members are HTXSNV."""
    return sum(
        1
        for role, rating in members
        if counts_towards_quota(policy, role) and _rating(rating) == Rating.EXCELLENT
    )


def quota_base(policy: Policy, members: Iterable[Member]) -> int:
    """The base of the share (``quota.base``) over the counted members' ratings after §8.2.

    ``good_or_better``: HTXSNV and HTTNV; ``good_only``: HTTNV only (the candidates left out);
    ``all_rated``: everyone rated (not deferred).
    """
    ratings = [
        r
        for role, rating in members
        if counts_towards_quota(policy, role) and (r := _rating(rating)) is not None
    ]
    if policy.quota.base == "good_or_better":
        counted = (Rating.EXCELLENT, Rating.GOOD)
        return sum(1 for r in ratings if r in counted)
    if policy.quota.base == "good_only":
        good = Rating.GOOD
        return sum(1 for r in ratings if r == good)
    return len(ratings)


@dataclass(frozen=True)
class QuotaAllowance:
    """A group's allowance as the engine computed it: record it with the decision."""

    group: str | None
    pct: Decimal
    base: int
    rounding: str
    allowed: int

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "pct": decimal_text(self.pct),
            "base": self.base,
            "rounding": self.rounding,
            "allowed": self.allowed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuotaAllowance:
        return cls(
            group=data.get("group"),
            pct=Decimal(str(data["pct"])),
            base=int(data["base"]),
            rounding=str(data.get("rounding", "half_up")),
            allowed=int(data["allowed"]),
        )


def group_allowance(
    policy: Policy, group: str | None, quota_pct: Decimal | None, members: Iterable[Member]
) -> QuotaAllowance:
    """The allowance of a group: its pct (``group_quota``), the policy's base and rounding.

    ``members`` are the group's ratings after the conditions of §8.2 (before the quota): the
    rating run's. Equal to the run's ``GroupResult`` (``allowance_of``).
    """
    pct = group_quota(policy, quota_pct)
    base = quota_base(policy, members)
    rounding = policy.quota.rounding
    return QuotaAllowance(group, pct, base, rounding, quota_allowed(base, pct, rounding))


def quota_room(allowed: int, in_force: int) -> int:
    """How many more HTXSNV the group may still be given (never below 0)."""
    return max(allowed - in_force, 0)


def check_quota(allowed: int, in_force: int, new: int, group: str | None = None) -> Reason | None:
    """None when ``in_force`` HTXSNV already decided plus ``new`` ones stay within ``allowed``,
    else the ``quota_exceeded`` Reason ("Nhóm … chỉ được tối đa 3 người xếp loại HTXSNV; đã có
    3, quyết định này thêm 1.")."""
    if in_force + new <= allowed:
        return None
    return Reason(
        "quota_exceeded", {"group": group, "allowed": allowed, "existing": in_force, "new": new}
    )
