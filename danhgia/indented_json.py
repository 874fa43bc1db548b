"""JSON with a two-space indent, byte for byte what ``json.dumps(value, ensure_ascii=False,
indent=2)`` writes, without the standard library's slow path.

Python's encoder uses its fast C implementation only without ``indent``; with it, every value
goes through a pure-Python generator (40 % of ``danhgia rate`` on 20,000 people). Here the
containers are walked directly and every string is escaped by the C ``encode_basestring``; a
value of another kind (a non-string key, an unknown type) falls back to the standard encoder
for the whole document, so the output never differs.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "


class _Unusual(Exception):
    """A value the fast path does not write: let the standard encoder do all of it."""


def _float(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise _Unusual  # NaN / Infinity: as the standard encoder writes them
    return float.__repr__(value)


def _write(value: Any, level: int, out: list[str]) -> None:
    # Leaves (text above all: ids, ratings, sentences) are written in the containers' loops
    # without a call of their own; only containers and unusual leaves recurse.
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        inner = "\n" + INDENT * (level + 1)
        separator = "," + inner
        out.append("{" + inner)
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            if first:
                first = False
            else:
                out.append(separator)
            kind = type(item)
            if kind is str:
                out.append(encode_basestring(key) + ": " + encode_basestring(item))
            elif item is None:
                out.append(encode_basestring(key) + ": null")
            else:
                out.append(encode_basestring(key) + ": ")
                _write(item, level + 1, out)
        out.append("\n" + INDENT * level + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = "\n" + INDENT * (level + 1)
        separator = "," + inner
        out.append("[" + inner)
        first = True
        for item in value:
            if first:
                first = False
            else:
                out.append(separator)
            if type(item) is str:
                out.append(encode_basestring(item))
            else:
                _write(item, level + 1, out)
        out.append("\n" + INDENT * level + "]")
    else:
        out.append(_leaf(value))


def _leaf(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise _Unusual  # another type, or a dict/list subclass: the standard encoder writes it all


def dumps_indented(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, faster."""
    out: list[str] = []
    try:
        _write(value, 0, out)
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)
