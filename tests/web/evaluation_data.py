"""POST data of the self-assessment form for the web tests: a few values, or every row filled."""

from __future__ import annotations

from decimal import Decimal

from danhgia.engine import Framework
from danhgia.evaluations.scoring import rules_for

#: results typed for ratio rows, in turn (some below, some above their target; decimal commas)
RATIO_RESULTS = ("3", "21,5", "2", "1", "95", "12", "0,5", "4", "30")


def filled_values(framework: Framework) -> dict[str, object]:
    """A value for every criterion: part A met but one, results and grades for part B."""
    values: dict[str, object] = {}
    ratios = iter(RATIO_RESULTS * 5)
    level = 0
    for criterion in framework.criteria:
        if criterion.part == "A":
            values[criterion.code] = criterion.code != "A.3.2"
        elif criterion.measure in ("ratio", "reduction"):
            values[criterion.code] = next(ratios)
        elif criterion.measure == "category":
            values[criterion.code] = criterion.categories[1][0]  # "Khá"
        elif criterion.measure == "level":
            values[criterion.code] = level % 3 + 1
            level += 1
    return values


def form_post(evaluation, values: dict[str, object], **extra) -> dict[str, object]:
    """The form as the browser posts it, with ``values`` (code → value) and the rest empty."""
    evaluation.refresh_from_db()
    rules = rules_for(evaluation)
    data: dict[str, object] = {
        "lock_version": str(evaluation.lock_version),
        "proposed_rating": "",
        "band_shown": "",
        "self_comment": "",
    }
    for criterion in rules.framework.criteria:
        key = criterion.code.replace(".", "_")
        value = values.get(criterion.code)
        data[f"{key}-comment"] = ""
        if criterion.part == "A":
            if value is not None:
                data[f"{key}-met"] = "1" if value else "0"
        elif criterion.measure in ("ratio", "reduction"):
            data[f"{key}-actual"] = "" if value is None else str(value)
        elif criterion.measure == "category":
            data[f"{key}-category"] = value or ""
        elif criterion.measure == "level":
            data[f"{key}-level"] = "" if value is None else str(value)
    data.update(extra)
    return data


def filled_post(evaluation, **extra) -> dict[str, object]:
    return form_post(evaluation, filled_values(rules_for(evaluation).framework), **extra)


def as_decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))
