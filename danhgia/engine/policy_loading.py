"""Loading policies: shipped ids and files, ``extends`` and the defaults (SPEC §11, §15).

A policy file may ``extends`` another (a shipped id or a path). Mappings are merged key by key,
lists and scalars replace. A file without ``extends`` starts from ``data/policy-defaults.yaml``.
Unknown keys are refused with the path of the offending key; the values are checked by
``policy_validation.build_policy``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .datafiles import DATA_DIR, load_mapping, looks_like_path, shipped_ids
from .errors import DataFileError, InputError, join_path
from .policy import EXPLANATION_KEYS, QUOTA_KEYS, TOP_KEYS, Policy
from .policy_validation import build_policy

POLICY_DIR = DATA_DIR / "policies"
DEFAULTS_FILE = DATA_DIR / "policy-defaults.yaml"


def list_policy_ids() -> list[str]:
    return shipped_ids(POLICY_DIR)


def load_policy(ref: str) -> Policy:
    """Load a shipped policy by id, or a policy file by path, resolving ``extends``."""
    merged, source = _resolve(ref, path="policy", seen=())
    return build_policy(merged, source)


def policy_from_mapping(data: dict[str, Any], base_dir: Path | None = None) -> Policy:
    """Build a policy from an already-parsed mapping (used by the web application's imports)."""
    _check_keys(data, "")
    merged = _resolve_extends(data, base_dir or Path.cwd(), seen=())
    return build_policy(merged, "")


def _resolve(ref: str, path: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], str]:
    if looks_like_path(ref):
        file = Path(ref)
        if not file.is_file():
            raise InputError(
                path, f"policy file not found: {ref}", "policy_file_not_found", {"ref": ref}
            )
    else:
        file = POLICY_DIR / f"{ref}.yaml"
        if not file.is_file():
            known = ", ".join(list_policy_ids())
            raise InputError(
                path,
                f"unknown policy '{ref}' (known: {known})",
                "unknown_policy",
                {"ref": ref, "known": list_policy_ids()},
            )
    key = str(file.resolve())
    if key in seen:
        raise DataFileError(
            path, f"policy extends itself in a cycle: {ref}", "extends_cycle", {"ref": ref}
        )
    data = load_mapping(file)
    _check_keys(data, "", file)
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise DataFileError(
            "id", f"expected the policy's own id in {file.name}", "policy_id_required"
        )
    return _resolve_extends(data, file.parent, (*seen, key)), str(file)


def _resolve_extends(data: dict[str, Any], base_dir: Path, seen: tuple[str, ...]) -> dict:
    parent_ref = data.get("extends")
    if parent_ref is None:
        parent = load_mapping(DEFAULTS_FILE)
    else:
        if not isinstance(parent_ref, str) or not parent_ref:
            raise DataFileError("extends", "expected a policy id or a file path", "expected_ref")
        if looks_like_path(parent_ref) and not Path(parent_ref).is_absolute():
            parent_ref = str(base_dir / parent_ref)
        parent, _ = _resolve(parent_ref, "extends", seen)
    child = {k: v for k, v in data.items() if k != "extends"}
    return _merge(parent, child)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    result = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result


def _check_keys(data: dict[str, Any], path: str, file: Path | None = None) -> None:
    where = f" in {file.name}" if file else ""
    for key in data:
        if key not in TOP_KEYS:
            raise DataFileError(
                join_path(path, str(key)), f"unknown policy key{where}", "unknown_key", {"key": key}
            )
    for name, allowed in (("quota", QUOTA_KEYS), ("explanation", EXPLANATION_KEYS)):
        section = data.get(name)
        if isinstance(section, dict):
            for key in section:
                if key not in allowed:
                    raise DataFileError(
                        join_path(name, str(key)),
                        f"unknown policy key{where}",
                        "unknown_key",
                        {"key": str(key)},
                    )
