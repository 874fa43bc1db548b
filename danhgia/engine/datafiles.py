"""Reading the engine's data files (YAML or JSON). The only I/O the engine does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent / "data"


def looks_like_path(ref: str) -> bool:
    """A reference with a separator or a file suffix is a path, anything else a shipped id."""
    return "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml", ".json"))


def _load_yaml(yaml: Any, text: str) -> Any:
    """``yaml.safe_load`` with libyaml's parser when PyYAML has it (a policy in 3 ms, not 30).

    Same constructor, so the same values; on a syntax error the pure-Python loader parses again
    so that the message names the line and column as it always did.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return yaml.safe_load(text)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def load_mapping(file: Path) -> dict[str, Any]:
    """Parse a YAML or JSON file whose top level is a mapping."""
    import yaml  # only when a data file is read: importing the engine stays cheap

    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(
            str(file),
            f"cannot read file: {exc.strerror}",
            "cannot_read_file",
            {"file": str(file), "reason": exc.strerror},
        ) from None
    except UnicodeDecodeError:
        raise DataFileError(
            str(file), "expected a UTF-8 text file", "not_utf8", {"file": str(file)}
        ) from None
    try:
        data = json.loads(text) if file.suffix == ".json" else _load_yaml(yaml, text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise DataFileError(
            str(file),
            f"not valid YAML/JSON ({first_line})",
            "invalid_syntax",
            {"file": str(file), "detail": first_line},
        ) from None
    if not isinstance(data, dict):
        raise DataFileError(
            str(file),
            "expected a mapping at the top level",
            "expected_mapping",
            {"file": str(file)},
        )
    return data


def shipped_ids(directory: Path) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))
