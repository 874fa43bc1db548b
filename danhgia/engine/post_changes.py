"""A changed post in the quarter (SPEC §9; Lào Cai 8.1–8.2; Lâm Đồng VIII.1a).

From the posts a person held (unit, title, dates) and the quarter: **promoted** in the same unit
less than two months before the rating date (the quarter's results cutoff) → the tasks and
results of both posts count; **moved** from another unit during the quarter → the old unit
comments on its part and sends it to the new unit, which rates. Pure: the web application reads
the position history and calls ``post_changes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .special_cases import add_months


@dataclass(frozen=True)
class Post:
    """One post held: its unit (an id), title and dates (``end`` None: held now)."""

    unit: str
    title: str
    start: date
    end: date | None = None


@dataclass(frozen=True)
class PostChange:
    """``kind`` ``promoted`` (same unit) or ``moved`` (another unit); the post left and the new."""

    kind: str
    previous: Post
    current: Post


def post_changes(
    posts: Iterable[Post], current_unit: str, quarter_start: date, rating_date: date
) -> list[PostChange]:
    """The changes of post that matter for the quarter, oldest first.

    The current post is the latest one still held (else the latest started) in ``current_unit``.
    A post left in another unit during the quarter (ended on or after ``quarter_start``) is a
    move; a post left in the same unit with the new one started less than two months before
    ``rating_date`` is a promotion.
    """
    ordered = sorted(posts, key=lambda p: p.start)
    here = [p for p in ordered if p.unit == current_unit]
    if not here:
        return []
    current = next((p for p in reversed(here) if p.end is None), here[-1])
    changes = []
    for post in ordered:
        if post is current or post.end is None or post.start > current.start:
            continue
        if post.unit != current_unit and post.end >= quarter_start:
            changes.append(PostChange("moved", post, current))
        elif (
            post.unit == current_unit
            and post.end >= quarter_start
            and current.start > add_months(rating_date, -2)
        ):
            changes.append(PostChange("promoted", post, current))
    return changes
