"""The engine's entry points for JSON callers (the command line, the web API).

Each entry point imports the modules it runs when called: ``danhgia rate`` does not load the
scoring, and ``danhgia score`` not the rating (a command is a process of its own).
"""

from __future__ import annotations

from typing import Any

from .errors import EngineError


def score_json(data: Any) -> dict[str, Any]:
    """``danhgia score``: a parsed JSON request in, the JSON result out."""
    from .output import score_to_json
    from .score_request import parse_score_request
    from .scoring import score_evaluation

    framework, policy, entries = parse_score_request(data)
    return score_to_json(score_evaluation(framework, policy, entries), framework, policy)


def rate_json(data: Any) -> dict[str, Any]:
    """``danhgia rate``: a parsed JSON request in, the JSON result out."""
    from .output import rate_to_json
    from .rate_request import parse_rate_request
    from .rating import rate_quarter

    policy, period, groups, units, people = parse_rate_request(data)
    return rate_to_json(rate_quarter(policy, people, units, groups, period))


def rate_text(data: Any, keep: list[Any] | None = None) -> str:
    """``danhgia rate``'s output (without its final newline): ``rate_json(data)`` as JSON with a
    two-space indent, written without the dict per person. ``keep``: a list the people and the
    result are added to (the command ends its process without freeing them one by one)."""
    from .output import rate_to_text
    from .rate_request import parse_rate_request
    from .rating import rate_quarter

    policy, period, groups, units, people = parse_rate_request(data)
    result = rate_quarter(policy, people, units, groups, period)
    if keep is not None:
        keep.append((people, result))
    return rate_to_text(result)


def framework_listing() -> list[dict[str, Any]]:
    from .framework_loading import list_framework_ids, load_framework

    items = []
    for framework_id in list_framework_ids():
        framework = load_framework(framework_id)
        items.append(
            {
                "id": framework.id,
                "title": framework.title,
                "status": framework.status,
                "problems": list(framework.problems),
                "version": framework.version,
                "policy": framework.policy,
            }
        )
    return items


def policy_listing() -> list[dict[str, Any]]:
    from .policy_loading import list_policy_ids, load_policy

    items = []
    for policy_id in list_policy_ids():
        try:
            policy = load_policy(policy_id)
        except EngineError as exc:
            items.append(
                {"id": policy_id, "title": policy_id, "status": "invalid", "problems": [str(exc)]}
            )
            continue
        items.append(
            {
                "id": policy.id,
                "title": policy.title,
                "status": "valid",
                "problems": [],
                "version": policy.version,
                "province": policy.province,
            }
        )
    return items
